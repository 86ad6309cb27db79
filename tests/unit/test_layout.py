"""The templates write Python as black would, so black (which formats a module a second
time whenever its first pass changed anything) checks most modules in one pass: half the
cost of generation. These pin the layout helpers to black's own output, and the kitchen
sink's service and types modules to coming out of rendering already formatted."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.format import format_python
from generator.ir import load_project
from generator.render import python, render_project
from generator.pipeline import TEMPLATES

KITCHEN_SINK = Path(__file__).resolve().parents[1] / "golden" / "kitchen_sink" / "spec"


def _settled(source: str) -> bool:
    return format_python("check.py", source) == source


@pytest.mark.parametrize("arguments", [["1"], ['"a" * 30', '"b" * 30', '"c" * 10'], [f"argument_{n}" for n in range(12)]])
def test_fit_call_matches_black(arguments: list[str]) -> None:
    text = "class C:\n" + python.fit_call("value: int | None = compute", arguments, indent=4) + "\n"
    assert _settled(text), text


@pytest.mark.parametrize("count", [1, 4, 9])
def test_method_definition_matches_black(count: int) -> None:
    pieces = ["self", "*", *(f"parameter_{n}: str | NotGiven = NOT_GIVEN" for n in range(count))]
    text = "class C:\n" + python.method_definition("def method", pieces, "ResultList[Thing]") + "\n        pass\n"
    assert _settled(text), text


def test_string_literal_quotes_as_black_does() -> None:
    # Text with both kinds of quote is left to black (no spec text has one yet).
    for text in ["plain", 'has "double"', "has 'single'", "tab\tand\nnewline", "back\\slash", "é"]:
        literal = python.string_literal(text)
        assert eval(literal) == text
        assert _settled(f"x = {literal}\n"), literal


def test_kitchen_sink_modules_come_out_formatted() -> None:
    project, diags = load_project(KITCHEN_SINK)
    assert project is not None, diags.render()
    modules = [
        f
        for f in render_project(project, TEMPLATES)
        if f.copied_from is None and f.path.endswith(".py") and ("/resources/" in f.path or "/types/" in f.path)
    ]
    assert modules
    unsettled = [f.path for f in modules if not _settled(f.content)]
    assert unsettled == []


@pytest.mark.parametrize("entries", [1, 3, 12])
def test_a_dict_argument_breaks_up_as_black_breaks_it(entries: int) -> None:
    names = [f"argument_number_{n}" for n in range(entries)]
    params = python.Exploding(
        "params={" + ", ".join(f'"_{n}": {n}' for n in names) + "}",
        ("params={", *(f'    "_{n}": {n},' for n in names), "}"),
    )
    arguments: list[str | python.Exploding] = ['"one"', '"GET"', 'f"/things/{path_segment(thing_id)}"', "Thing", params, "options=options"]
    text = "def f():\n" + python.fit_call("return Call", arguments, indent=4) + "\n"
    assert _settled(text), text
