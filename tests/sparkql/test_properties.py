"""Property-based tests of SparkQL: builder expressions round-trip through text, and
mutated filters fail only with ``SparkQLSyntaxError``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sparkapi.sparkql import F, Expr, SparkQLSyntaxError, days, months, parse, radius
from tests.sparkql.corpus import all_valid

_text = st.text(st.characters(codec="utf-8"), max_size=12)
_int = st.integers(-10**12, 10**12)
_dec = st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, allow_infinity=False, places=3)
_dates = st.dates(date(1900, 1, 1), date(2100, 1, 1))
_times = st.times().map(lambda t: t.replace(microsecond=0))
_moments = st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)).map(lambda d: d.replace(tzinfo=timezone(timedelta(hours=-6))))


def _comparisons() -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.builds(lambda v: F.City == v, _text),
        st.builds(lambda v: F.City != v, _text),
        st.builds(lambda vs: F.PropertyType.in_(vs), st.lists(_text, min_size=1, max_size=4)),
        st.builds(lambda v: F.City.contains(v), _text),
        st.builds(lambda v: F.ListPrice > v, st.one_of(_int, _dec)),
        st.builds(lambda v: F.ListPrice <= v, st.one_of(_int, _dec)),
        st.builds(lambda a, b: F.ListPrice.between(a, b), st.one_of(_int, _dec), st.one_of(_int, _dec)),
        st.builds(lambda vs: F.ListPrice.in_(vs), st.lists(st.one_of(_int, _dec), min_size=1, max_size=4)),
        st.builds(lambda v: F.BedsTotal >= v, _int),
        st.builds(lambda v: F.ModificationTimestamp > v, _moments),
        st.builds(lambda v: F.ModificationTimestamp < days(v), st.integers(-1000, 1000)),
        st.builds(lambda v: F.ModificationTimestamp >= months(v), st.integers(-100, 100)),
        st.builds(lambda v: F.ModificationTimestamp == v, _dates),
        st.builds(lambda lat, lon, mi: F.Location == radius(lat, lon, mi),
                  st.decimals(-90, 90, places=4), st.decimals(-180, 180, places=4), st.decimals(Decimal("0.1"), 500, places=1)),
        st.just(F.City.is_null()),
        st.just(F.City.is_not_null()),
    )


def _expressions(depth: int) -> st.SearchStrategy[Expr]:
    if depth == 0:
        return _comparisons()
    smaller = _expressions(depth - 1)
    return st.one_of(
        smaller,
        st.builds(lambda a, b: a & b, smaller, smaller),
        st.builds(lambda a, b: a | b, smaller, smaller),
        st.builds(lambda a: ~a, smaller),
    )


def _conditions(text: str) -> list[tuple[str, str, str, str, int, str]]:
    return [(c.field, c.operator, c.condition, c.conjunction, c.level, c.type) for c in parse(text).conditions]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_expressions(2))
def test_builder_text_parses_and_round_trips(expr: Expr) -> None:
    text = str(expr)
    try:
        first = _conditions(text)
    except SparkQLSyntaxError as error:
        # the only refusal a builder can meet is the nesting limit, for deep trees
        assert "nest" in error.message, (text, error)
        return
    assert first
    assert _conditions(str(parse(text))) == first


@settings(max_examples=200, deadline=None)
@given(_text)
def test_character_literals_survive_escaping(value: str) -> None:
    condition = parse(str(F.City == value)).conditions[0]
    tree = parse(str(F.City == value)).tree
    assert condition.type == "character"
    from sparkapi._sparkql_grammar import Comparison

    assert isinstance(tree, Comparison)
    assert tree.values[0].text == condition.condition
    literal = tree.values[0]
    assert getattr(literal, "value") == value


_VALID = [text for text, _ in all_valid() if text.strip()]
_PIECES = ["(", ")", ",", "'", '"', "Eq", "Bt", "And", "Not", "Or", "-", ".", "e", "1", ":", "T", " ", "*", "\\", "days(", "NULL"]


@st.composite
def _mutants(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(_VALID))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 3))
        at = draw(st.integers(0, len(text)))
        if kind == 0:
            text = text[:at] + draw(st.sampled_from(_PIECES)) + text[at:]
        elif kind == 1 and text:
            end = draw(st.integers(at, min(len(text), at + 5)))
            text = text[:at] + text[end:]
        elif kind == 2:
            text = text[:at] + draw(st.characters()) + text[at:]
        else:
            text = text[:at]
    return text


@settings(max_examples=1500, deadline=None)
@given(_mutants())
def test_mutated_filters_raise_only_syntax_errors(text: str) -> None:
    try:
        parsed = parse(text)
    except SparkQLSyntaxError as error:
        assert 1 <= error.column <= len(text) + 1
        assert "^" in str(error)
        return
    assert _conditions(str(parsed)) == [
        (c.field, c.operator, c.condition, c.conjunction, c.level, c.type) for c in parsed.conditions
    ]


_ = (time,)  # times are covered by the corpus; the builder's TimeField has no spec field
