"""The unit every stage after rendering passes along: one output file's path and text."""

from __future__ import annotations

from dataclasses import dataclass

from generator.fragments import Part


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the output root, with forward slashes
    content: str
    copied_from: str | None = None  # a verbatim copy of this runtime file (repo-relative)
    # For a module black formatted: a hash of the rendered text black was given (and of
    # black's version and mode). The manifest records it, so that a later run, even in
    # a fresh clone without a format cache, knows the committed file is black's output
    # for that same text and need not format it again (generator/format.py).
    source_hash: str | None = None
    # For a service's module or page: a hash of everything its rendering reads (the
    # service's IR, the API, the shared types, the accessor tree's names, the templates
    # and the generator). The manifest records it, so that a later run, even in a fresh
    # clone, takes an unchanged service's files from the output instead of rendering them.
    render_key: str | None = None
    # For a service's module: a hash of its outline (the service without what the
    # project-wide files never read, generator/render/__init__.py), which the key of the
    # project-wide files covers; recorded so a later run need not compute it again.
    outline: str | None = None
    # The content is final (taken from the previous output): not formatted again.
    formatted: bool = False
    # For a file assembled from fragments (openapi.yaml, the server data): each one's key
    # and place. The manifest records them, so that a later run, even in a fresh clone,
    # takes an unchanged fragment's text from the file (generator/fragments.py).
    parts: tuple[Part, ...] = ()
