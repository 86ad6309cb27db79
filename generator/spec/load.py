"""Read spec YAML into nodes that remember the file, line and column they came from.

PyYAML's composer already tracks positions; we keep them on every node so that each
later stage (structure, semantics, example checks) can point at the exact spot.
Nothing here raises on bad input: problems become diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from generator.spec.diagnostics import Diagnostics, Location

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


def load_file(path: Path, display: str, diags: Diagnostics) -> Node | None:
    """Parse one spec file; on failure record a diagnostic and return None."""
    raw = path.read_bytes()
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
    return load_text(text, display, diags)


def load_text(text: str, display: str, diags: Diagnostics) -> Node | None:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            diags.error(Location(display, 1, 1), "empty-file", "the file holds no YAML document")
            return None
        return _convert(root, loader, display, diags, 0)
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


def _convert(node: yaml.Node, loader: yaml.SafeLoader, display: str, diags: Diagnostics, depth: int) -> Node | None:
    loc = _location(display, node.start_mark)
    if depth > _MAX_DEPTH:
        diags.error(loc, "too-deep", f"nesting deeper than {_MAX_DEPTH} levels")
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP_TAG:
            return ScalarNode(node.value, loc)  # keep dates as the text that was written
        value = loader.construct_object(node)
        if not isinstance(value, (str, int, float, bool, type(None))):
            diags.error(loc, "yaml-type", f"unsupported YAML value of type {type(value).__name__}")
            return None
        return ScalarNode(value, loc)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, loader, display, diags, depth + 1) for item in node.value]
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
            if key in entries:
                first = entries[key][0]
                diags.error(key_loc, "duplicate-key", f"key '{key}' appears twice in this mapping (first at line {first.line})")
                continue
            value = _convert(value_node, loader, display, diags, depth + 1)
            if value is not None:
                entries[key] = (key_loc, value)
        return MapNode(entries, loc)
    diags.error(loc, "yaml-type", "unsupported YAML node")
    return None
