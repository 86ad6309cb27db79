# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_filter_rules.py; edit it there.
"""Documented restrictions on a SparkQL string, checked before it is sent.

Some services accept a filter only within rules of their own (a saved search's Filter:
groups nested one level, some fields never, one condition per field). The spec states
them as ``filter_rules`` and the generated method calls ``check_filter_rules``, so a
filter the API would refuse raises ``FilterRestrictionError`` without a request.
"""

from __future__ import annotations

from typing import Any, Iterator

from sparkapi._sparkql_grammar import Comparison, Group, Node, Not, parse
from sparkapi._types import NotGiven


class FilterRestrictionError(ValueError):
    """A filter that parses but breaks a documented restriction of the service.

    ``parameter`` is the argument it was given as, ``rule`` the broken rule
    (``max_depth``, ``forbidden_fields`` or ``unique_fields``), ``field`` the field at
    fault ('' for depth), ``filter`` the text.
    """

    def __init__(
        self, parameter: str, rule: str, field: str, filter: str, message: str
    ) -> None:
        self.parameter = parameter
        self.rule = rule
        self.field = field
        self.filter = filter
        self.message = message
        super().__init__(parameter, rule, field, filter, message)

    def __str__(self) -> str:
        return f"{self.parameter}={self.filter!r} is refused before sending: {self.message}"


def _comparisons(node: Node, depth: int) -> Iterator[tuple[Comparison, int]]:
    """Every comparison of a tree with the number of groups around it."""
    if isinstance(node, Comparison):
        yield node, depth
    elif isinstance(node, Group):
        yield from _comparisons(node.inner, depth + 1)
    elif isinstance(node, Not):
        yield from _comparisons(node.operand, depth)
    else:
        for operand in node.operands:
            yield from _comparisons(operand, depth)


def check_filter_rules(
    value: Any,
    parameter: str,
    *,
    max_depth: int | None = None,
    forbidden_fields: tuple[str, ...] = (),
    unique_fields: bool = False,
) -> None:
    """Raise ``FilterRestrictionError`` (or ``SparkQLSyntaxError``) when ``value``, a
    SparkQL string or builder expression, breaks one of the rules; None passes."""
    if value is None or isinstance(value, NotGiven):
        return
    text = value if isinstance(value, str) else str(value)
    tree = parse(text).tree
    if tree is None:
        return
    forbidden = {name.lower(): name for name in forbidden_fields}
    seen: set[str] = set()
    for comparison, depth in _comparisons(tree, 0):
        name = comparison.field.name
        if max_depth is not None and depth > max_depth:
            groups = (
                "no groups"
                if max_depth == 0
                else f"groups nested at most {max_depth} level{'s' if max_depth > 1 else ''}"
            )
            raise FilterRestrictionError(
                parameter,
                "max_depth",
                name,
                text,
                f"{name} sits {depth} groups deep; the service allows {groups}",
            )
        if name.lower() in forbidden:
            raise FilterRestrictionError(
                parameter,
                "forbidden_fields",
                name,
                text,
                f"the service refuses filters naming {forbidden[name.lower()]}",
            )
        if unique_fields:
            if name.lower() in seen:
                raise FilterRestrictionError(
                    parameter,
                    "unique_fields",
                    name,
                    text,
                    f"{name} is in more than one condition; the service allows one condition per field (use a list: {name} Eq 'a','b')",
                )
            seen.add(name.lower())
