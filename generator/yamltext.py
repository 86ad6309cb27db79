"""YAML text of JSON-shaped data (dicts with string keys, lists, str, int, float, bool,
None), written directly: PyYAML's representer, in pure Python, took 2.2 s of a cold
generation at 150 services for ``openapi.yaml`` alone.

Block style throughout, keys in the order given, lists indented under their key as
PyYAML writes them. A string is written plain only when YAML's own resolver reads it
back as that string and it holds nothing a plain scalar could misread; text of several
lines is a literal block (readable, and left alone by the whitespace formatting every
generated file goes through) when that formatting cannot change it; anything else is
a double-quoted scalar, whose escapes JSON's are a subset of.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Callable, cast

import yaml

__all__ = ["dump_yaml"]

# Plain scalars are kept to a conservative alphabet: no indicator, quote or comment
# character can start them, and ": ", " #", a final colon, tabs and trailing spaces
# cannot occur (flow indicators may, inside: the document is all block style).
_PLAIN = re.compile(r"[A-Za-z0-9_./$(](?:[A-Za-z0-9_./$() ,+=@'{}\[\]-]|:(?! |$))*")
# YAML's implicit resolution (what a reader takes a plain scalar for), typed for mypy.
_resolve = cast("Callable[[type, str, tuple[bool, bool]], str]", yaml.resolver.Resolver().resolve)
_STR_TAG = "tag:yaml.org,2002:str"
# Characters YAML takes as line breaks, or that a reader may not accept unescaped.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def dump_yaml(value: Any) -> str:
    """The YAML document of ``value``, ending in a newline."""
    lines: list[str] = []
    if isinstance(value, dict) and value:
        _mapping(value, 0, lines)
    elif isinstance(value, list) and value:
        _sequence(value, 0, lines)
    else:
        lines.append(_scalar(value, 0)[0])
    return "\n".join(lines) + "\n"


def _mapping(mapping: dict[str, Any], indent: int, lines: list[str], first: str | None = None) -> None:
    """``first``: the text before the first key (a list item's ``- ``), else indentation."""
    pad = " " * indent
    for key, value in mapping.items():
        if not isinstance(key, str):
            raise TypeError(f"YAML keys must be strings here, not {key!r}")
        lead = pad if first is None else first
        first = None
        head = f"{lead}{_key(key)}:"
        if isinstance(value, dict) and value:
            lines.append(head)
            _mapping(value, indent + 2, lines)
        elif isinstance(value, list) and value:
            lines.append(head)
            _sequence(value, indent, lines)
        else:
            text, block = _scalar(value, indent + 2)
            lines.append(f"{head} {text}")
            lines.extend(block)


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + 2, lines, first=f"{pad}- ")
        elif isinstance(item, list) and item:
            lines.append(f"{pad}-")
            _sequence(item, indent + 2, lines)
        else:
            text, block = _scalar(item, indent + 2)
            lines.append(f"{pad}- {text}")
            lines.extend(block)


def _key(key: str) -> str:
    return key if _is_plain(key) else _quoted(key)


def _scalar(value: Any, indent: int) -> tuple[str, list[str]]:
    """The scalar's text on its line, and the lines of a literal block after it."""
    if value is None:
        return "null", []
    if value is True or value is False:
        return ("true" if value else "false"), []
    if isinstance(value, int):
        return str(value), []
    if isinstance(value, float):
        return _float(value), []
    if isinstance(value, dict):
        return "{}", []
    if isinstance(value, list):
        return "[]", []
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as YAML: {value!r}")
    if _is_plain(value):
        return value, []
    if _fits_block(value):
        chomp = "" if value.endswith("\n") else "-"
        pad = " " * indent
        return f"|{chomp}", [f"{pad}{line}" if line else "" for line in value.removesuffix("\n").split("\n")]
    return _quoted(value), []


@functools.lru_cache(maxsize=16384)  # keys and type names recur throughout a document
def _is_plain(text: str) -> bool:
    return (
        _PLAIN.fullmatch(text) is not None
        and not text.endswith(" ")
        and _resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG
    )


def _fits_block(text: str) -> bool:
    """Whether a literal block holds ``text`` exactly, through the generated files'
    whitespace formatting (no trailing spaces, no runs of blank lines) too."""
    lines = text.removesuffix("\n").split("\n")
    return (
        len(lines) > 1
        and not text.endswith("\n\n")
        and "\n\n\n" not in text
        and "\r" not in text
        and not _UNSAFE.search(text)
        and lines[0] != ""
        and not lines[0][0].isspace()
        and all(line == line.rstrip() for line in lines)
    )


def _quoted(text: str) -> str:
    escaped = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped)


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text:  # YAML 1.1 reads 1e-05 as a string
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text
