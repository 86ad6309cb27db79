"""The SparkQL corpus (corpus.py) through ``sparkapi.sparkql.parse``."""

from __future__ import annotations

import pytest

from sparkapi.sparkql import SparkQLSyntaxError, parse
from tests.sparkql.corpus import all_invalid, all_valid


def _row(text: str) -> list[str]:
    return [
        f"{c.field}|{c.operator}|{c.condition}|{c.conjunction}|{c.level}|{c.type}"
        for c in parse(text).conditions
    ]


def test_the_corpus_is_large_enough() -> None:
    assert len(all_valid()) + len(all_invalid()) >= 300


@pytest.mark.parametrize(("text", "expected"), all_valid(), ids=lambda v: str(v)[:60])
def test_valid_filters_parse_to_their_conditions(text: str, expected: list[str]) -> None:
    assert _row(text) == expected
    # the canonical text parses back to the same conditions
    assert _row(str(parse(text))) == expected


@pytest.mark.parametrize(("text", "column"), all_invalid(), ids=lambda v: str(v)[:60])
def test_invalid_filters_raise_at_their_column(text: str, column: int) -> None:
    with pytest.raises(SparkQLSyntaxError) as caught:
        parse(text)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.column == column, str(error)
    shown = str(error).splitlines()
    assert shown[-1].index("^") - 2 == column - 1  # the caret under the column
    assert error.message
