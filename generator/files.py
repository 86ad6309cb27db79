"""The unit every stage after rendering passes along: one output file's path and text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the output root, with forward slashes
    content: str
    copied_from: str | None = None  # a verbatim copy of this runtime file (repo-relative)
