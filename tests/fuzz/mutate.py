"""Hypothesis strategies that break valid spec files the way people and editors do.

A mutant is one real spec file (from spec/ or the golden kitchen-sink case) with one to
four edits: lines deleted, duplicated, swapped or re-indented; a token replaced by, or
joined with, something that means a lot to YAML or to the spec (``:``, ``&a``, ``<<:``,
``list[``, ``$x[]``, ``{id}``, a tab...); random bytes; a truncation. Starting from valid
files keeps most mutants close to valid, so they reach the parser and the validation
rules instead of all stopping at the first YAML syntax error.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import strategies as st

from generator.ir.schema import DEFS

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC_DIRS = (ROOT / "spec", ROOT / "tests" / "golden" / "kitchen_sink" / "spec")


class Seed:
    """One valid spec file: the spec directory it belongs to and its bytes."""

    def __init__(self, spec_dir: Path, relative: str, content: bytes) -> None:
        self.spec_dir = spec_dir
        self.relative = relative  # the file, relative to spec_dir
        self.content = content

    def __repr__(self) -> str:
        return f"Seed({self.spec_dir.relative_to(ROOT).as_posix()}/{self.relative})"


def seeds(spec_dirs: tuple[Path, ...] = SPEC_DIRS) -> list[Seed]:
    """Every spec file (api.yaml and services/*.yaml) of the given spec directories."""
    found = []
    for spec_dir in spec_dirs:
        for path in [spec_dir / "api.yaml", *sorted((spec_dir / "services").glob("*.yaml"))]:
            found.append(Seed(spec_dir, path.relative_to(spec_dir).as_posix(), path.read_bytes()))
    return found


YAML_TOKENS = [
    ":", ": ", "[", "]", "{", "}", "- ", "-", ",", "&a", "*a", "&a ", "*b", "<<:", "<<: *a", "\t", "\n", "  ",
    "null", "~", "true", "false", "yes", "no", "conditional", "list[", "list[string]", "optional[", "]]",
    "$x[]", "$", "{id}", "{", "{}", "[]", '"', "'", "#", "|", ">-", "?", "? ", "!", "!!str", "!!bool", "!!int",
    "!!binary", "!!python/none", "---", "...", "%YAML 1.2", "@", "`", "\\", "\r", "\x00", "\xa0", "\u2028",
    "0x1F", "1e999", "99999999999999999999999999", "-0", ".inf", ".nan", "2014-06-27", "12:30:00", "\ufeff",
    "é", "💥", "class", "def", "_private", "iter_list", "GET", "PATCH", "D", "Success", "Results",
]
# Names with a meaning in spec files, so that edits also produce *plausible* mistakes.
SPEC_WORDS = sorted({key for shape in DEFS.values() for key in shape.get("properties", {})})
TOKENS = [t.encode("utf-8") for t in YAML_TOKENS + SPEC_WORDS]
_TOKEN = re.compile(rb"[A-Za-z0-9_$]+|[^A-Za-z0-9_$\s]")

# Positions are drawn as plain integers and taken modulo the current length, so they
# stay valid whatever earlier edits did, and shrink towards the start of the file.
index = st.integers(min_value=0, max_value=1 << 20)
Edit = tuple[str, int, int, bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def apply(data: bytes, edit: Edit) -> bytes:
    """One edit; every kind is total (works on any input, including empty)."""
    kind, a, b, payload = edit
    if kind == "truncate":
        return data[: a % (len(data) + 1)]
    if kind == "insert-bytes":
        at = a % (len(data) + 1)
        return data[:at] + payload + data[at:]
    if kind in ("replace-token", "insert-token", "copy-word"):
        spans = [m.span() for m in _TOKEN.finditer(data)]
        if not spans:
            return data + payload
        start, end = spans[a % len(spans)]
        if kind == "insert-token":
            return data[:start] + payload + data[start:]
        if kind == "copy-word":  # a word from elsewhere in the same file: wrong name, right shape
            other_start, other_end = spans[b % len(spans)]
            payload = data[other_start:other_end]
        return data[:start] + payload + data[end:]
    lines = _lines(data)
    i, j = a % len(lines), b % len(lines)
    if kind == "delete-line":
        del lines[i]
    elif kind == "duplicate-line":
        lines.insert(j, lines[i])
    elif kind == "swap-lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":  # b picks: two more spaces, two fewer, one more, or a tab
        stripped = lines[i].lstrip(b" ")
        width = len(lines[i]) - len(stripped)
        new_width = [width + 2, max(width - 2, 0), width + 1, width][b % 4]
        lines[i] = (b"\t" if b % 4 == 3 else b"") + b" " * new_width + stripped
    return b"".join(lines)


# Kinds listed twice are drawn twice as often: raw bytes mostly stop at the UTF-8 check,
# so they are kept rarer than edits that reach the parser and the rules.
_KINDS = [
    "delete-line", "duplicate-line", "swap-lines", "indent", "copy-word",
    "replace-token", "replace-token", "insert-token", "insert-token",
    "insert-text", "insert-bytes", "truncate",
]
_PAYLOADS: dict[str, st.SearchStrategy[bytes]] = {
    "replace-token": st.sampled_from(TOKENS),
    "insert-token": st.sampled_from(TOKENS),
    "insert-text": st.text(min_size=1, max_size=8).map(lambda t: t.encode("utf-8", "surrogatepass")),
    "insert-bytes": st.binary(min_size=1, max_size=8),
}


@st.composite
def edits(draw: st.DrawFn) -> Edit:
    kind = draw(st.sampled_from(_KINDS))
    payload = draw(_PAYLOADS.get(kind, st.just(b"")))
    return ("insert-bytes" if kind == "insert-text" else kind, draw(index), draw(index), payload)


class Mutant:
    """A seed and the edits made to it. Its repr is short (the seed's path and the edits),
    so that a failing example in the test report is readable and can be replayed."""

    def __init__(self, seed: Seed, edits: list[Edit]) -> None:
        self.seed = seed
        self.edits = edits
        data = seed.content
        for edit in edits:
            data = apply(data, edit)
        self.content = data

    def __repr__(self) -> str:
        return f"Mutant({self.seed!r}, {self.edits!r})"


def mutants(pool: list[Seed], max_edits: int = 4) -> st.SearchStrategy[Mutant]:
    """A seed file with one to ``max_edits`` edits."""
    return st.builds(Mutant, st.sampled_from(pool), st.lists(edits(), min_size=1, max_size=max_edits))
