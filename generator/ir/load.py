"""Read spec YAML into nodes that remember the file, line and column they came from.

PyYAML's composer already tracks positions; we keep them on every node so that each
later stage (structure, semantics, example checks) can point at the exact spot.
Nothing here raises on bad input: problems become diagnostics.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import json.decoder
import json.scanner
import os
import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Union

import yaml

from generator.ir.diagnostics import LINE_BREAK, Diagnostics, Location

Scalar = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class ScalarNode:
    value: Scalar
    loc: Location


@dataclass(frozen=True)
class MapNode:
    entries: dict[str, tuple[Location, Node]]
    loc: Location

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def value_loc(self, key: str) -> Location:
        """Where the value of ``key`` was written, or the mapping itself when it is absent."""
        entry = self.entries.get(key)
        return entry[1].loc if entry else self.loc


@dataclass(frozen=True)
class SeqNode:
    items: tuple[Node, ...]
    loc: Location


Node = Union[ScalarNode, MapNode, SeqNode]

_MAX_DEPTH = 64
# libyaml's parser when PyYAML was built with it (its wheels are); same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
# Hand-written spec files are ~10 KB and ~350 values; these bounds are far above that and
# keep a pathological file (a huge file, an alias "billion laughs") from hanging a run.
_MAX_BYTES = 1 << 20
_MAX_VALUES = 100_000
# What YAML 1.1 allows in a stream (libyaml reports others without a usable position).
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def load_file(path: Path, display: str, diags: Diagnostics) -> Node | None:
    """Parse one spec file; on failure record a diagnostic and return None."""
    text = _read_text(path, display, diags)
    return None if text is None else load_text(text, display, diags)


def load_json_file(path: Path, display: str, diags: Diagnostics) -> Node | None:
    """Parse one JSON file (a documented example body) into the same located nodes, under
    the same limits as a spec file; on failure record a diagnostic and return None."""
    text = _read_text(path, display, diags)
    return None if text is None else load_json_text(text, display, diags)


def _read_text(path: Path, display: str, diags: Diagnostics) -> str | None:
    """The file's text, checked for size and UTF-8, and remembered for messages."""
    try:
        raw = path.read_bytes()
    except OSError as exc:  # a directory named *.yaml, no permission, a dangling link
        diags.error(Location(display, 1, 1), "unreadable-file", f"cannot read the file: {exc.strerror or exc}")
        return None
    if len(raw) > _MAX_BYTES:
        diags.error(Location(display, 1, 1), "too-large", f"the file has {len(raw):,} bytes; a spec file may have at most {_MAX_BYTES:,}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(
            Location(display, line, column),
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; spec files must be UTF-8",
        )
        return None
    diags.add_source(display, text)
    return text


class _TooManyValues(Exception):
    """The document expands (aliases included) to more than _MAX_VALUES values."""


class NodeCache:
    """The nodes of spec files by a hash of their name and text, kept in one pickle in the
    cache directory: a run loads again only the files that changed (the YAML parse and
    the conversion into located nodes took 0.25 s of a warm edit at 95 services). Only a
    file that loaded without any diagnostic is kept."""

    _SALT = b"sparkgen spec nodes v2\n"

    def __init__(self, directory: Path) -> None:
        self.file = directory / "spec-nodes.pickle"
        # Each entry is kept pickled on its own and unpickled only when a run asks for
        # it: a warm edit takes most services' IR from the ServiceCache and never needs
        # their nodes (unpickling them all cost 0.1 s at 150 services).
        try:
            with open(self.file, "rb") as handle:
                loaded = pickle.load(handle)
            self.entries: dict[str, bytes] = loaded if isinstance(loaded, dict) else {}
        except Exception:  # absent, truncated or from another version: only costs speed
            self.entries = {}
        self.used: dict[str, bytes] = {}

    def get(self, key: str) -> Node | None:
        data = self.entries.get(key)
        if not isinstance(data, bytes):
            return None
        try:
            node = pickle.loads(data)
        except Exception:  # a damaged entry only costs speed
            return None
        if not isinstance(node, (ScalarNode, MapNode, SeqNode)):
            return None
        self.used[key] = data
        return node

    def put(self, key: str, node: Node) -> None:
        self.used[key] = pickle.dumps(node, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def key(cls, text: str, display: str) -> str:
        return hashlib.sha256(cls._SALT + display.encode("utf-8") + b"\0" + text.encode("utf-8")).hexdigest()

    def save(self) -> None:
        """Keep the entries this run used (the others belong to older texts)."""
        if self.used.keys() == self.entries.keys():
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as handle:
                pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.file)
        except OSError:
            pass


_cache: NodeCache | None = None


@contextmanager
def node_cache(directory: Path | None) -> Iterator[None]:
    """Within the block, ``load_text`` takes unchanged files' nodes from ``directory``."""
    global _cache
    if directory is None:
        yield
        return
    _cache = NodeCache(directory)
    try:
        yield
        _cache.save()
    finally:
        _cache = None


def load_text(text: str, display: str, diags: Diagnostics) -> Node | None:
    return _cached(_load_text, "yaml", text, display, diags)


def _cached(loader: Callable[[str, str, Diagnostics], Node | None], kind: str, text: str, display: str, diags: Diagnostics) -> Node | None:
    cache = _cache
    if cache is None:
        return loader(text, display, diags)
    key = NodeCache.key(text, f"{kind}:{display}")
    node = cache.get(key)
    if node is None:
        before = len(diags.items)
        node = loader(text, display, diags)
        if node is None or len(diags.items) != before:
            return node
        cache.put(key, node)
    return node


def _load_text(text: str, display: str, diags: Diagnostics) -> Node | None:
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = _text_position(text, bad.start())
        diags.error(Location(display, line, column), "bad-character", f"character U+{ord(bad.group()):04X} is not allowed in YAML")
        return None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            diags.error(Location(display, 1, 1), "empty-file", "the file holds no YAML document")
            return None
        return _convert(root, loader, display, diags, 0, [_MAX_VALUES])
    except _TooManyValues:
        diags.error(Location(display, 1, 1), "too-large", f"the document expands to more than {_MAX_VALUES:,} values (an alias counts each time it is used)")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _location(display, mark) if mark else Location(display, 1, 1)
        diags.error(loc, "yaml-syntax", f"{exc.problem or exc.context or 'invalid YAML'}")
        return None
    except yaml.YAMLError as exc:
        diags.error(Location(display, 1, 1), "yaml-syntax", str(exc).splitlines()[0])
        return None
    except RecursionError:
        diags.error(Location(display, 1, 1), "too-deep", "the document is nested too deeply")
        return None
    finally:
        loader.dispose()


def _location(display: str, mark: yaml.Mark) -> Location:
    return Location(display, mark.line + 1, mark.column + 1)


def _text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting line breaks as YAML does."""
    lines = LINE_BREAK.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _printable(value: str, loc: Location, diags: Diagnostics) -> bool:
    """Escapes ("\\0", "\\x07") can put into a string what the file may not hold raw; generated
    code and docs cannot hold it either (Python refuses a NUL anywhere in a module)."""
    bad = _NOT_PRINTABLE.search(value)
    if bad:
        diags.error(loc, "bad-character", f"the string holds character U+{ord(bad.group()):04X}, which is not allowed in YAML text")
    return bad is None


def _convert(
    node: yaml.Node, loader: yaml.SafeLoader, display: str, diags: Diagnostics, depth: int, budget: list[int]
) -> Node | None:
    """One located node; ``budget[0]`` is how many more values the document may expand to."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooManyValues
    loc = _location(display, node.start_mark)
    if depth > _MAX_DEPTH:
        diags.error(loc, "too-deep", f"nesting deeper than {_MAX_DEPTH} levels")
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP_TAG:
            return ScalarNode(node.value, loc)  # keep dates as the text that was written
        if node.tag == _STR_TAG:  # what SafeConstructor makes of it, without its dispatch (most values)
            return ScalarNode(node.value, loc) if _printable(node.value, loc, diags) else None
        try:
            value = loader.construct_object(node)
        except (ValueError, LookupError, TypeError, OverflowError):  # "!!bool maybe", "!!int" with no digits, 5,000 digits
            text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            diags.error(loc, "yaml-type", f"'{text}' cannot be read as a YAML {node.tag.rsplit(':', 1)[-1]}")
            return None
        if not isinstance(value, (str, int, float, bool, type(None))):
            diags.error(loc, "yaml-type", f"unsupported YAML value of type {type(value).__name__}")
            return None
        if isinstance(value, str) and not _printable(value, loc, diags):
            return None
        return ScalarNode(value, loc)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, loader, display, diags, depth + 1, budget) for item in node.value]
        return SeqNode(tuple(item for item in items if item is not None), loc)
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, tuple[Location, Node]] = {}
        for key_node, value_node in node.value:
            key_loc = _location(display, key_node.start_mark)
            if key_node.tag == _MERGE_TAG:
                diags.error(key_loc, "merge-key", "YAML merge keys ('<<') are not supported; repeat the keys or use an alias for the whole value")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                diags.error(key_loc, "key-type", "mapping keys must be plain strings")
                continue
            key = key_node.value
            if not _printable(key, key_loc, diags):
                continue
            if key in entries:
                first = entries[key][0]
                diags.error(key_loc, "duplicate-key", f"key '{key}' appears twice in this mapping (first at line {first.line})")
                continue
            value = _convert(value_node, loader, display, diags, depth + 1, budget)
            if value is not None:
                entries[key] = (key_loc, value)
        return MapNode(entries, loc)
    diags.error(loc, "yaml-type", "unsupported YAML node")
    return None


# ------------------------------------------------------------------------------ JSON
#
# JSON is nearly YAML flow syntax, but not quite: YAML 1.1 reads 1e5 as a string and
# libyaml refuses the surrogate-pair escapes JSON uses for characters beyond U+FFFF
# ("\ud83d\ude00"). So JSON files get this small reader of their own: the standard
# library's string and number scanners, with positions kept for every value.

# The standard library's JSON string scanner (C when available); not in the type stubs.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = json.scanner.NUMBER_RE
_JSON_LITERALS: tuple[tuple[str, Scalar], ...] = (("true", True), ("false", False), ("null", None))


class _JsonProblem(Exception):
    def __init__(self, index: int, rule: str, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.rule = rule
        self.message = message


class _JsonReader:
    def __init__(self, text: str, display: str, diags: Diagnostics) -> None:
        self.text = text
        self.display = display
        self.diags = diags
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.budget = _MAX_VALUES

    def loc(self, index: int) -> Location:
        line = bisect.bisect_right(self.line_starts, index)
        return Location(self.display, line, index - self.line_starts[line - 1] + 1)

    def skip(self, index: int) -> int:
        match = _JSON_SPACE.match(self.text, index)
        return match.end() if match else index

    def expect(self, index: int, what: str) -> _JsonProblem:
        found = self.text[index : index + 1]
        got = f"'{found}'" if found else "the end of the file"
        return _JsonProblem(index, "json-syntax", f"expected {what}, found {got}")

    def value(self, index: int, depth: int) -> tuple[Node, int]:
        self.budget -= 1
        if self.budget < 0:
            raise _JsonProblem(0, "too-large", f"the document has more than {_MAX_VALUES:,} values")
        if depth > _MAX_DEPTH:
            raise _JsonProblem(index, "too-deep", f"nesting deeper than {_MAX_DEPTH} levels")
        text = self.text
        char = text[index : index + 1]
        loc = self.loc(index)
        if char == "{":
            return self.mapping(index, depth)
        if char == "[":
            items: list[Node] = []
            index = self.skip(index + 1)
            if text[index : index + 1] == "]":
                return SeqNode((), loc), index + 1
            while True:
                item, index = self.value(self.skip(index), depth + 1)
                items.append(item)
                index = self.skip(index)
                if text[index : index + 1] == "]":
                    return SeqNode(tuple(items), loc), index + 1
                if text[index : index + 1] != ",":
                    raise self.expect(index, "',' or ']'")
                index += 1
        if char == '"':
            value, end = self.string(index)
            return ScalarNode(value, loc), end
        number = _JSON_NUMBER.match(text, index)
        if number:
            integer, fraction, exponent = number.groups()
            parsed: Scalar = float(number.group()) if fraction or exponent else int(integer)
            return ScalarNode(parsed, loc), number.end()
        for word, literal in _JSON_LITERALS:
            if text.startswith(word, index):
                return ScalarNode(literal, loc), index + len(word)
        raise self.expect(index, "a JSON value")

    def mapping(self, start: int, depth: int) -> tuple[Node, int]:
        text = self.text
        entries: dict[str, tuple[Location, Node]] = {}
        index = self.skip(start + 1)
        if text[index : index + 1] == "}":
            return MapNode(entries, self.loc(start)), index + 1
        while True:
            if text[index : index + 1] != '"':
                raise self.expect(index, "a quoted key")
            key_loc = self.loc(index)
            key, index = self.string(index)
            index = self.skip(index)
            if text[index : index + 1] != ":":
                raise self.expect(index, "':'")
            value, index = self.value(self.skip(index + 1), depth + 1)
            if key in entries:
                first = entries[key][0]
                self.diags.error(key_loc, "duplicate-key", f"key '{key}' appears twice in this object (first at line {first.line})")
            else:
                entries[key] = (key_loc, value)
            index = self.skip(index)
            if text[index : index + 1] == "}":
                return MapNode(entries, self.loc(start)), index + 1
            if text[index : index + 1] != ",":
                raise self.expect(index, "',' or '}'")
            index = self.skip(index + 1)

    def string(self, index: int) -> tuple[str, int]:
        try:
            value, end = _scanstring(self.text, index + 1, True)
        except json.JSONDecodeError as exc:
            raise _JsonProblem(exc.pos, "json-syntax", exc.msg) from None
        bad = _NOT_PRINTABLE.search(value)
        if bad:
            message = f"the string holds character U+{ord(bad.group()):04X}, which is not allowed in spec text"
            raise _JsonProblem(index, "bad-character", message)
        return value, end


def load_json_text(text: str, display: str, diags: Diagnostics) -> Node | None:
    return _cached(_load_json_text, "json", text, display, diags)


def _load_json_text(text: str, display: str, diags: Diagnostics) -> Node | None:
    """Located nodes from JSON text; every problem becomes a diagnostic, never an exception."""
    reader = _JsonReader(text, display, diags)
    start = reader.skip(1 if text.startswith("\ufeff") else 0)
    if start >= len(text):
        diags.error(Location(display, 1, 1), "empty-file", "the file holds no JSON value")
        return None
    try:
        node, end = reader.value(start, 0)
        end = reader.skip(end)
        if end < len(text):
            raise reader.expect(end, "the end of the file after the JSON value")
        return node
    except _JsonProblem as problem:
        diags.error(reader.loc(problem.index), problem.rule, problem.message)
        return None
    except RecursionError:
        diags.error(Location(display, 1, 1), "too-deep", "the document is nested too deeply")
        return None
