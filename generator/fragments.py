"""Output files assembled from fragments, each kept by a hash of the data it spells.

``openapi.yaml`` (each path item and component schema) and the local server's
``spec.json`` (each service) are the concatenation of fragments whose text depends only
on their own data. A run hashes each fragment's data (cheap: the C JSON encoder) and
takes its text from where it was already spelled: the cache directory, or, in a fresh
clone without one, the committed output itself. The manifest records, for such a file,
each fragment's key, where it sits and a hash of its text (``Part``), so the committed
file can be cut back into fragments (``write.fragments_on_disk``); a fragment whose text
does not match its recorded hash, or a file changed since the manifest, is never used.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import NamedTuple

# Characters of a fragment's key (a sha256 of its salt and data) kept: 128 bits.
KEY_CHARS = 32
CHECK_CHARS = 16


class Part(NamedTuple):
    """One fragment of a file: its key, where it starts in the file and its length (in
    characters), and a hash of its text."""

    key: str
    start: int
    length: int
    check: str


def key_of(salt: str, data: str) -> str:
    return hashlib.sha256((salt + data).encode("utf-8")).hexdigest()[:KEY_CHARS]


def check_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:CHECK_CHARS]


def shift(parts: list[Part], offset: int) -> tuple[Part, ...]:
    """The parts of a text placed ``offset`` characters into a file."""
    return tuple(p._replace(start=p.start + offset) for p in parts)


def cut(content: str, parts: tuple[Part, ...] | list[Part]) -> dict[str, str] | None:
    """Each part's text by key, or None when a part does not fit the content or its
    text does not have the recorded hash (the file is then not used at all)."""
    found: dict[str, str] = {}
    end = 0
    for part in parts:
        if part.start < end or part.length < 0 or part.start + part.length > len(content):
            return None
        text = content[part.start : part.start + part.length]
        if check_of(text) != part.check:
            return None
        found[part.key] = text
        end = part.start + part.length
    return found


class Fragments:
    """Fragment texts by key: the cache file's (each checked against the hash stored with
    it) and the previous output's (``seeds``, already checked by ``cut``). ``save`` keeps
    the fragments this run used."""

    def __init__(self, cache_file: Path | None, seeds: dict[str, str] | None = None) -> None:
        self.file = cache_file
        self.known: dict[str, str] = {}
        self.loaded: set[str] = set()
        if cache_file is not None:
            try:
                raw = json.loads(cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raw = {}
            if isinstance(raw, dict):
                for key, entry in raw.items():
                    if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and entry[1] == check_of(entry[0]):
                        self.known[key] = entry[0]
            self.loaded = set(self.known)
        if seeds:
            for key, text in seeds.items():
                self.known.setdefault(key, text)
        self.used: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        text = self.known.get(key)
        if text is not None:
            self.used[key] = text
        return text

    def put(self, key: str, text: str) -> None:
        self.known[key] = text
        self.used[key] = text

    def save(self) -> None:
        if self.file is None or set(self.used) == self.loaded:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            data = {key: [text, check_of(text)] for key, text in self.used.items()}
            partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, self.file)
        except OSError:
            pass  # a cache that cannot be written only costs speed
