"""The loader: positions on every node, and diagnostics instead of exceptions."""

from __future__ import annotations

from pathlib import Path

from generator.ir.diagnostics import Diagnostics
from generator.ir.load import MapNode, ScalarNode, SeqNode, load_file, load_text


def load(text: str) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    diags.add_source("f.yaml", text)
    return load_text(text, "f.yaml", diags), diags


def test_nodes_remember_line_and_column() -> None:
    node, diags = load("a:\n  b: [1, two]\n")
    assert not diags.items
    assert isinstance(node, MapNode)
    inner = node.get("a")
    assert isinstance(inner, MapNode)
    key_loc, value = inner.entries["b"]
    assert (key_loc.line, key_loc.column) == (2, 3)
    assert isinstance(value, SeqNode)
    assert [(i.loc.line, i.loc.column) for i in value.items] == [(2, 7), (2, 10)]
    assert [i.value for i in value.items if isinstance(i, ScalarNode)] == [1, "two"]


def test_dates_stay_text() -> None:
    node, _ = load("when: 2014-06-27T10:01:06-05:00\nday: 2012-03-07\n")
    assert isinstance(node, MapNode)
    assert [n.value for n in (node.get("when"), node.get("day")) if isinstance(n, ScalarNode)] == [
        "2014-06-27T10:01:06-05:00",
        "2012-03-07",
    ]


def test_duplicate_keys_are_an_error_not_last_wins() -> None:
    _, diags = load("a: 1\nb: 2\na: 3\n")
    assert [(d.rule, d.loc.line) for d in diags.items] == [("duplicate-key", 3)]
    assert "first at line 1" in diags.items[0].message


def test_syntax_error_points_at_the_problem() -> None:
    _, diags = load("a: {b: 1\nc: 2\n")
    assert diags.items[0].rule == "yaml-syntax"
    assert diags.items[0].loc.line == 2


def test_empty_file() -> None:
    node, diags = load("")
    assert node is None
    assert diags.items[0].rule == "empty-file"


def test_merge_keys_are_refused() -> None:
    _, diags = load("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert [d.rule for d in diags.items] == ["merge-key"]


def test_aliases_are_followed() -> None:
    node, diags = load("a: &x {k: 1}\nb: *x\n")
    assert not diags.items
    assert isinstance(node, MapNode) and isinstance(node.get("b"), MapNode)


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    diags = Diagnostics()
    assert load_file(path, "bad.yaml", diags) is None
    (diag,) = diags.items
    assert (diag.rule, diag.loc.line, diag.loc.column) == ("encoding", 2, 7)


def test_deep_nesting_is_reported() -> None:
    _, diags = load("a: " + "[" * 200 + "]" * 200 + "\n")
    assert diags.items and diags.items[0].rule == "too-deep"


def test_rendered_diagnostic_shows_line_and_caret() -> None:
    _, diags = load("a: 1\na: 2\n")
    assert diags.render() == (
        "f.yaml:2:1: error[duplicate-key]: key 'a' appears twice in this mapping (first at line 1)\n"
        "    a: 2\n"
        "    ^"
    )
