"""generator.yamltext writes openapi.yaml: whatever it writes must read back as exactly
the data, through the whitespace formatting of generated files too."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest
import yaml

from generator.format import format_text
from generator.yamltext import dump_yaml

TRICKY = [
    "", " ", "yes", "No", "on", "null", "~", "true", "1", "1.5", "0x1F", "1e3", "2010-08-15", "12:30", "<<", "=",
    "- a", "a: b", "a:b", "a #b", "#c", "trailing ", " leading", "https://sparkapi.com/v1", "/listings/{Id}",
    "'quoted'", '"double"', "tab\there", "line\nbreak", "two\n\nparagraphs\n", "three\n\n\nblanks", "ends\n\n",
    "\nstarts with a break", "  indented\nblock", "é ü 中", "\u2028", "\x00", "\ufeff", "|", ">", "%", "@", "`", "!",
    "&anchor", "*alias", "?", "[a]", "{a}", ",", "a,b", "key:", "C++", "$ref",
]


def _round_trip(data: Any) -> None:
    text = dump_yaml(data)
    assert yaml.safe_load(text) == data, text
    assert yaml.safe_load(format_text(text)) == data, text


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_strings_read_back(value: str) -> None:
    _round_trip({value: [value, {value: value}], "value": value})


def test_random_strings_read_back() -> None:
    alphabet = string.printable + "é\u2028\x00:#-&*!|>'\"%@`{}[],?"
    rng = random.Random(20)
    for _ in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        _round_trip({value: [value, {value: value}], "value": value})


def test_shapes_and_scalars() -> None:
    data = {
        "numbers": [0, -3, 2.5, 1e-05, 1e20, True, False, None],
        "empty": {"dict": {}, "list": [], "text": ""},
        "nested": [[1, [2, {"a": [3]}]], {"b": {"c": "d"}}],
    }
    _round_trip(data)
    assert dump_yaml({"a": {"b": [1, {"c": "x"}]}}) == "a:\n  b:\n  - 1\n  - c: x\n"


def test_paragraphs_are_literal_blocks() -> None:
    assert dump_yaml({"d": "One.\n\nTwo."}) == "d: |-\n  One.\n\n  Two.\n"
    assert dump_yaml({"d": "One.\n"}) == 'd: "One.\\n"\n'


def test_keys_must_be_strings() -> None:
    with pytest.raises(TypeError):
        dump_yaml({1: "one"})
