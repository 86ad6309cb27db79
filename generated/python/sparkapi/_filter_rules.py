# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_filter_rules.py; edit it there.
"""Documented restrictions on a SparkQL string, checked before it is sent.

Some services accept a filter only within rules of their own (a saved search's Filter:
groups nested one level, some fields never, one condition per field). The spec states
them as ``filter_rules``; the generated method calls ``check_filter_rules``, so a filter
the API would refuse raises ``FilterRestrictionError`` without a request, and the local
server answers such a body with 400, code 1053 (``breach``). Standard-library only, like
the parser it uses, so that ``sparkgen serve`` can load it beside the engine.
"""

from __future__ import annotations

from typing import Any, Iterator

from ._sparkql_grammar import Comparison, Group, Node, Not, parse


class FilterRestrictionError(ValueError):
    """A filter that parses but breaks a documented restriction of the service.

    ``parameter`` is the argument it was given as, ``rule`` the broken rule
    (``max_depth``, ``forbidden_fields`` or ``unique_fields``), ``field`` the field at
    fault, ``filter`` the text.
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


def breach(
    text: str,
    *,
    max_depth: int | None = None,
    forbidden_fields: tuple[str, ...] | list[str] = (),
    unique_fields: bool = False,
) -> tuple[str, str, str] | None:
    """The first rule ``text`` breaks, as (rule, field, message), or None; raises
    ``SparkQLSyntaxError`` when it is no filter at all."""
    tree = parse(text).tree
    if tree is None:
        return None
    forbidden = {name.lower(): name for name in forbidden_fields}
    seen: set[str] = set()
    for comparison, depth in _comparisons(tree, 0):
        name = comparison.field.name
        if max_depth is not None and depth > max_depth:
            allowed = (
                "no groups"
                if max_depth == 0
                else f"groups nested at most {max_depth} deep"
            )
            message = f"{name} sits {depth} groups deep; the service allows {allowed}"
            return "max_depth", name, message
        if name.lower() in forbidden:
            message = f"the service refuses filters naming {forbidden[name.lower()]}"
            return "forbidden_fields", name, message
        if unique_fields and name.lower() in seen:
            message = (
                f"{name} is in more than one condition; the service allows one per"
                f" field (use a list: {name} Eq 'a','b')"
            )
            return "unique_fields", name, message
        seen.add(name.lower())
    return None


def check_filter_rules(value: Any, parameter: str, **rules: Any) -> None:
    """Raise ``FilterRestrictionError`` (or ``SparkQLSyntaxError``) when ``value``, a
    SparkQL string or builder expression, breaks one of the rules; None passes."""
    if value is None:
        return
    text = value if isinstance(value, str) else str(value)
    found = breach(text, **rules)
    if found is not None:
        rule, field, message = found
        raise FilterRestrictionError(parameter, rule, field, text, message)
