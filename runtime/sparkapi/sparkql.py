# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/sparkql.py; edit it there.
"""SparkQL, the filter language of the Spark API's ``_filter`` parameter.

    from sparkapi.sparkql import F, days, parse, radius

    expr = (F.ListPrice.between(100_000, 200_000) & (F.City == "Fargo")) | F.PropertyType.in_(["A", "B"])
    client.listings.list(filter=expr)                     # or filter="City Eq 'Fargo'"
    parse("ListPrice Gt 100000").conditions[0].operator   # 'Gt'

Every method with a ``filter`` parameter parses the filter before sending it and raises
``SparkQLSyntaxError`` (a ``ValueError``) without a request; ``SparkClient(...,
check_filters=False)`` or ``client.with_options(check_filters=False)`` turns that off.
``F`` holds the spec's standard fields, each typed (``F.ListPrice > "x"`` is a type
error); ``F.Location`` takes the geo shapes ``radius``, ``rectangle``, ``polygon`` and
``linestring``.
"""

from __future__ import annotations

from sparkapi._sparkql_builder import (
    BooleanField,
    CharacterField,
    DateField,
    DatetimeField,
    DecimalField,
    Expr,
    Field,
    Function,
    IntegerField,
    LocationField,
    Shape,
    TextMatch,
    TimeField,
    contains,
    days,
    endswith,
    linestring,
    maxdatetime,
    mindatetime,
    months,
    now,
    polygon,
    radius,
    rectangle,
    startswith,
    weekdays,
    years,
)
from sparkapi._filter_rules import FilterRestrictionError
from sparkapi._sparkql_fields import F
from sparkapi._sparkql_grammar import Condition, Filter, SparkQLSyntaxError, parse

__all__ = [
    "BooleanField",
    "CharacterField",
    "Condition",
    "DateField",
    "DatetimeField",
    "DecimalField",
    "Expr",
    "F",
    "Field",
    "Filter",
    "FilterRestrictionError",
    "Function",
    "IntegerField",
    "LocationField",
    "Shape",
    "SparkQLSyntaxError",
    "TextMatch",
    "TimeField",
    "contains",
    "days",
    "endswith",
    "linestring",
    "maxdatetime",
    "mindatetime",
    "months",
    "now",
    "parse",
    "polygon",
    "radius",
    "rectangle",
    "startswith",
    "weekdays",
    "years",
]
