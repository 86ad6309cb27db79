"""The whole run, spec to files on disk, and the shortcut when nothing changed.

A run's output depends only on its inputs: the spec files, the templates, the
generator's own code, the runtime it copies, and black's version. Their fingerprint is kept in the output's
manifest; when it matches and every output file still has the content the manifest
records, there is nothing to do and the run ends before importing Jinja2 or black.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.files import RenderedFile
from generator.write import is_current

if TYPE_CHECKING:
    from generator.ir.model import Project

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
RUNTIME = ROOT / "runtime"
GENERATOR = ROOT / "generator"
DEFAULT_CACHE = Path(".sparkgen-cache")


def black_version() -> str:
    """black's version, as black itself records it (``black.__version__`` is this same
    module's), without importing importlib.metadata or black (15 ms of every run)."""
    try:
        from _black_version import version as found  # type: ignore[import-untyped, import-not-found, unused-ignore]

        return str(found)
    except ImportError:  # a black installed some other way
        from importlib.metadata import version

        return version("black")


def fingerprint(spec_dir: Path) -> str:
    """A hash of everything a run's output depends on (line endings normalised)."""
    digest = hashlib.sha256(f"black {black_version()}\n".encode())
    for label, root, pattern in (("spec", spec_dir, "*"), ("templates", TEMPLATES, "*"), ("runtime", RUNTIME / "sparkapi", "*.py*"), ("generator", GENERATOR, "*.py")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\n".encode())
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def code_fingerprint() -> str:
    """A hash of what turns the IR into output: black's version, the templates, the
    generator's code (the salt of each service's render key)."""
    digest = hashlib.sha256(f"black {black_version()}\n".encode())
    for label, root, pattern in (("templates", TEMPLATES, "*"), ("generator", GENERATOR, "*.py")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\n".encode())
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection within the block: loading and rendering allocate
    hundreds of thousands of objects that live to the end of the run (the IR, unpickled
    from the cache), and the collector's passes over them cost a third of unpickling.
    Formatting (black's trees are cyclic garbage) runs with it on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def is_up_to_date(spec_dir: Path, out_dir: Path) -> bool:
    return is_current(out_dir, fingerprint(spec_dir))


@dataclass(frozen=True)
class Output:
    files: list[RenderedFile]
    inputs: str  # the fingerprint the files were generated from


def build(
    spec_dir: Path,
    project: Project,
    cache_dir: Path | None,
    out_dir: Path | None = None,
    reuse_rendered: bool = True,
    inputs: str | None = None,
) -> Output:
    """Render and format every output file of a validated project; modules the
    manifest of ``out_dir`` shows were formatted from the same text are not formatted
    again, and (``reuse_rendered``) services whose render key it records unchanged are
    not rendered again (what makes a fresh clone's first edit cheap). ``inputs``: the
    fingerprint of the inputs, when the caller took it before loading the spec."""
    from generator.coverage import load_catalogue, load_extras, load_undocumented
    from generator.format import Formatter
    from generator.render import render_project
    from generator.write import formatted_on_disk, fragments_on_disk, rendered_on_disk

    kept = rendered_on_disk(out_dir) if out_dir is not None and reuse_rendered else None
    seeds = fragments_on_disk(out_dir) if out_dir is not None and reuse_rendered else None
    previous = formatted_on_disk(out_dir) if out_dir is not None else None
    # Service modules go to black as they are rendered (the formatter starts workers once
    # enough wait), while the rest of the project renders.
    with Formatter(cache_dir, previous) as formatter:
        with without_gc():
            rendered = render_project(
                project, TEMPLATES, load_catalogue(spec_dir), load_undocumented(spec_dir), load_extras(spec_dir), cache_dir, code_fingerprint(), kept, seeds,
                on_rendered=formatter.offer,
            )  # fmt: skip
        return Output(formatter.format(rendered), inputs or fingerprint(spec_dir))
