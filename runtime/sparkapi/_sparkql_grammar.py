# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_sparkql_grammar.py; edit it there.
"""SparkQL, the Spark API's filter language: a hand-written lexer and parser.

Standard-library only, so that the local server engine (``testing/_server.py``, which
must run without the SDK installed) evaluates filters with this very parser; the public
face is ``sparkapi.sparkql``.

The language (from the SparkQL grammar and functions pages):

    filter      := expressions?            (empty: no filter)
    expressions := term (("And" | "Or" | "Not") term)*      And/Not bind tighter than Or
    term        := "Not" expression | expression            a leading Not negates one expression
    expression  := field OPERATOR condition | field "Bt" range | "(" expressions ")"
    field       := StandardField | "Group"."Field" | function(field)
    condition   := literal | function(...) | literal ("," literal)*

``A Not B`` means ``A And Not B``; a ``Not`` after ``And``/``Or`` is not in the grammar
and is refused. Groups nest at most ``MAX_LEVEL`` deep; a filter holds at most
``MAX_EXPRESSIONS`` conditions and a list at most ``MAX_VALUES`` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Final, Literal, Union

__all__ = [
    "FUNCTIONS",
    "MAX_EXPRESSIONS",
    "MAX_LEVEL",
    "MAX_VALUES",
    "And",
    "Comparison",
    "Condition",
    "Filter",
    "FunctionCall",
    "Group",
    "LiteralValue",
    "Node",
    "Not",
    "Or",
    "SparkQLSyntaxError",
    "Value",
    "format_character",
    "parse",
]

MAX_LEVEL: Final = 2
MAX_EXPRESSIONS: Final = 75
MAX_VALUES: Final = 200

OPERATORS: Final = ("Eq", "Ne", "Gt", "Ge", "Lt", "Le", "Bt")
CONJUNCTIONS: Final = ("And", "Or")

# Which operators each literal type allows (the grammar page's types; lists and ranges
# are checked on top: a list only with Eq/Ne, a range only with Bt).
_ORDERED: Final = frozenset(("Eq", "Ne", "Gt", "Ge", "Lt", "Le", "Bt"))
_EQUALITY: Final = frozenset(("Eq", "Ne"))
TYPE_OPERATORS: Final[dict[str, frozenset[str]]] = {
    "integer": _ORDERED,
    "decimal": _ORDERED,
    "date": _ORDERED,
    "time": _ORDERED,
    "datetime": _ORDERED,
    "character": _EQUALITY,
    "boolean": _EQUALITY,
    "null": _EQUALITY,
    "shape": _EQUALITY,
}
_LISTABLE: Final = frozenset(
    ("integer", "decimal", "character", "date", "time", "datetime")
)

LiteralType = Literal[
    "integer", "decimal", "character", "date", "time", "datetime", "boolean", "null"
]
Value = Union[int, Decimal, str, date, time, datetime, bool, None]


class SparkQLSyntaxError(ValueError):
    """A filter the Spark API would refuse (code 1040), found before sending it.

    ``column`` is 1-based, ``token`` the offending text ('' at the end of the filter),
    ``message`` says what was expected; ``str()`` shows the filter with a caret.
    """

    def __init__(self, filter: str, column: int, token: str, message: str) -> None:
        self.filter = filter
        self.column = column
        self.token = token
        self.message = message
        super().__init__(filter, column, token, message)

    def __str__(self) -> str:
        shown = self.filter.replace("\n", " ").replace("\r", " ").replace("\t", " ")
        near = f" near {self.token!r}" if self.token else " at the end of the filter"
        return f"SparkQL syntax error at column {self.column}{near}: {self.message}\n  {shown}\n  {' ' * (self.column - 1)}^"


# ---------------------------------------------------------------------------- nodes


@dataclass(frozen=True)
class LiteralValue:
    """One literal as written (``text``), its type and its Python value."""

    type: LiteralType
    text: str
    value: Value


@dataclass(frozen=True)
class FunctionCall:
    """A function call: its name, arguments and the type of what it yields."""

    name: str
    args: tuple[LiteralValue | FieldRef, ...]
    type: str

    @property
    def text(self) -> str:
        return f"{self.name}({','.join(a.text for a in self.args)})"


@dataclass(frozen=True)
class FieldRef:
    """A field: a standard field (``ListPrice``), a custom field (``"Main"."Beds"``) or
    a function of one (``tolower(City)``)."""

    name: str
    custom: bool = False
    function: str | None = None

    @property
    def text(self) -> str:
        base = (
            '"' + '"."'.join(self.name.split(".", 1)) + '"'
            if self.custom
            else self.name
        )
        return f"{self.function}({base})" if self.function else base


@dataclass(frozen=True)
class Comparison:
    field: FieldRef
    operator: str
    values: tuple[LiteralValue | FunctionCall, ...]
    shape: Literal["single", "list", "range"] = "single"

    @property
    def type(self) -> str:
        return self.values[0].type

    @property
    def condition_text(self) -> str:
        return ",".join(v.text for v in self.values)


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Group:
    inner: Node


Node = Union[Comparison, Not, And, Or, Group]


@dataclass(frozen=True)
class Condition:
    """One comparison of a filter, flattened as the API reports them.

    ``conjunction`` joins it to what precedes it (``And``, ``Or``, or ``Not`` for a
    negated comparison: ``A Not B`` and a leading ``Not B``); ``level`` is its paren
    depth; ``condition`` is its right-hand side as written (list and range items joined
    by ``,``); ``type`` the type of its values (a function's result type).
    """

    field: str
    operator: str
    condition: str
    conjunction: str
    level: int
    type: str
    custom_field: bool = False


@dataclass(frozen=True)
class Filter:
    """A parsed filter: its tree (``None`` for the empty filter) and its conditions."""

    text: str
    tree: Node | None
    conditions: list[Condition] = field(default_factory=lambda: [])

    def __str__(self) -> str:
        return "" if self.tree is None else render(self.tree)


def render(node: Node) -> str:
    """The canonical text of a tree (parses back to the same conditions)."""
    if isinstance(node, Comparison):
        return f"{node.field.text} {node.operator} {node.condition_text}"
    if isinstance(node, Group):
        return f"({render(node.inner)})"
    if isinstance(node, Not):
        return f"Not {render(node.operand)}"
    if isinstance(node, And):
        out = render(node.operands[0])
        for operand in node.operands[1:]:
            if isinstance(operand, Not):
                out += f" {render(operand)}"  # A Not B
            else:
                out += f" And {render(operand)}"
        return out
    return " Or ".join(render(o) for o in node.operands)


def _flatten(node: Node, conjunction: str, level: int, out: list[Condition]) -> None:
    if isinstance(node, Comparison):
        out.append(
            Condition(
                field=node.field.text,
                operator=node.operator,
                condition=node.condition_text,
                conjunction=conjunction,
                level=level,
                type=node.type,
                custom_field=node.field.custom,
            )
        )
    elif isinstance(node, Group):
        _flatten(node.inner, conjunction, level + 1, out)
    elif isinstance(node, Not):
        _flatten(node.operand, "Not", level, out)
    else:
        joiner = "And" if isinstance(node, And) else "Or"
        for index, operand in enumerate(node.operands):
            _flatten(operand, conjunction if index == 0 else joiner, level, out)


def format_character(text: str) -> str:
    """``text`` as a SparkQL character literal (quotes and backslashes escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# ---------------------------------------------------------------------------- lexer


@dataclass(frozen=True)
class _Token:
    kind: str  # word, function, custom, literal, lparen, rparen, comma, end
    text: str
    column: int  # 1-based
    literal: LiteralValue | None = None


_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)")
_INTEGER = re.compile(r"-?[0-9]+")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CUSTOM = re.compile(r'"([^".$][^".]*)"\."([^".$][^".]*)"')
_DIGITS = frozenset("0123456789")
_BOUNDARY = re.compile(r"[\s(),]|$")


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.failure: SparkQLSyntaxError | None = None

    def tokens(self) -> list[_Token]:
        """The tokens; text that is no token ends them with an ``error`` token, so that
        the parser reports problems in reading order (``failure`` says what it was)."""
        out: list[_Token] = []
        try:
            self._scan(out)
        except SparkQLSyntaxError as failure:
            self.failure = failure
            out.append(_Token("error", failure.token, failure.column))
        return out

    def error(self, column: int, token: str, message: str) -> SparkQLSyntaxError:
        return SparkQLSyntaxError(self.text, column, token, message)

    def _scan(self, out: list[_Token]) -> None:
        text = self.text
        while True:
            while self.pos < len(text) and text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos >= len(text):
                out.append(_Token("end", "", len(text) + 1))
                return
            start = self.pos
            char = text[start]
            if char in "(),":
                kind = {"(": "lparen", ")": "rparen", ",": "comma"}[char]
                out.append(_Token(kind, char, start + 1))
                self.pos += 1
            elif char == "'":
                out.append(self._character(start))
            elif char == '"':
                match = _CUSTOM.match(text, start)
                if match is None:
                    raise self.error(
                        start + 1,
                        text[start : start + 20],
                        'a custom field is written "Group"."Field"',
                    )
                out.append(_Token("custom", match.group(0), start + 1))
                self.pos = match.end()
            elif char in _DIGITS or (
                char == "-"
                and text[start + 1 : start + 2] in _DIGITS
                and start + 1 < len(text)
            ):
                out.append(self._number(start))
            elif char.isascii() and (char.isalpha() or char == "_"):
                match = _WORD.match(text, start)
                assert match is not None
                word = match.group(0)
                self.pos = match.end()
                if word in ("true", "false"):
                    out.append(
                        _Token(
                            "literal",
                            word,
                            start + 1,
                            LiteralValue("boolean", word, word == "true"),
                        )
                    )
                elif word in ("NULL", "null", "Null"):
                    out.append(
                        _Token(
                            "literal", word, start + 1, LiteralValue("null", word, None)
                        )
                    )
                else:
                    out.append(_Token("word", word, start + 1))
            else:
                raise self.error(start + 1, char, f"unexpected character {char!r}")

    def _character(self, start: int) -> _Token:
        text = self.text
        index = start + 1
        chars: list[str] = []
        while index < len(text):
            char = text[index]
            if char == "\\":
                if index + 1 >= len(text):
                    break
                chars.append(text[index + 1])
                index += 2
            elif char == "'":
                self.pos = index + 1
                raw = text[start : index + 1]
                return _Token(
                    "literal",
                    raw,
                    start + 1,
                    LiteralValue("character", raw, "".join(chars)),
                )
            else:
                chars.append(char)
                index += 1
        raise self.error(
            start + 1,
            text[start : start + 20],
            "unterminated character literal (a closing ' is missing)",
        )

    def _number(self, start: int) -> _Token:
        text = self.text
        for pattern, kind in (
            (_DATETIME, "datetime"),
            (_DATE, "date"),
            (_TIME, "time"),
            (_DECIMAL, "decimal"),
            (_INTEGER, "integer"),
        ):
            match = pattern.match(text, start)
            if match is None or not _BOUNDARY.match(text, match.end()):
                continue
            raw = match.group(0)
            if kind in ("datetime", "date", "time") and raw.startswith("-"):
                continue
            try:
                value = _literal_value(kind, match)
            except ValueError:
                raise self.error(
                    start + 1, raw, f"{raw} is not a valid {kind}"
                ) from None
            self.pos = match.end()
            return _Token("literal", raw, start + 1, LiteralValue(kind, raw, value))  # type: ignore[arg-type]
        digits = _INTEGER.match(text, start)
        assert digits is not None
        after = digits.end()
        if after < len(text) and not (
            (text[after].isascii() and text[after].isalnum()) or text[after] in ".:-+_"
        ):
            raise self.error(
                after + 1, text[after], f"unexpected character {text[after]!r}"
            )
        end = _BOUNDARY.search(text, start)
        bad = text[start : end.start() if end else len(text)]
        raise self.error(
            start + 1, bad, f"{bad!r} is not a number, date, time or datetime"
        )


def _literal_value(kind: str, match: re.Match[str]) -> Value:
    if kind == "integer":
        return int(match.group(0))
    if kind == "decimal":
        try:
            return Decimal(match.group(0))
        except InvalidOperation:
            raise ValueError(match.group(0)) from None
    if kind == "date":
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if kind == "time":
        return time(
            int(match.group(1)),
            int(match.group(2)),
            int(match.group(3) or 0),
            int((match.group(4) or "0").ljust(6, "0")),
        )
    y, mo, d, h, mi, s, frac, offset = match.groups()
    tz = timezone.utc
    if offset and offset != "Z":
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise ValueError(offset)
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(
        int(y),
        int(mo),
        int(d),
        int(h),
        int(mi),
        int(s or 0),
        int((frac or "0").ljust(6, "0")),
        tzinfo=tz,
    )


# ---------------------------------------------------------------------------- functions

# name -> (argument kinds, result type, side). Argument kinds: a literal type, "number"
# (integer or decimal), "field" (a field, for functions applied to the field side),
# a trailing "?" marks an optional argument.
FUNCTIONS: Final[dict[str, tuple[tuple[str, ...], str, str]]] = {
    # date and time (condition side)
    "now": ((), "datetime", "condition"),
    "mindatetime": ((), "datetime", "condition"),
    "maxdatetime": ((), "datetime", "condition"),
    "days": (("integer",), "date", "condition"),
    "weekdays": (("integer",), "date", "condition"),
    "months": (("integer",), "date", "condition"),
    "years": (("integer",), "date", "condition"),
    # strings (condition side)
    "contains": (("character",), "character", "condition"),
    "startswith": (("character",), "character", "condition"),
    "endswith": (("character",), "character", "condition"),
    "regex": (("character", "character?"), "character", "condition"),
    "range": (("character", "character"), "character", "condition"),
    # geo shapes (condition side)
    "radius": (("character", "number"), "shape", "condition"),
    "rectangle": (("character",), "shape", "condition"),
    "polygon": (("character",), "shape", "condition"),
    "linestring": (("character",), "shape", "condition"),
    "wkt": (("character",), "shape", "condition"),
    # field side
    "tolower": (("field",), "character", "field"),
    "toupper": (("field",), "character", "field"),
    "trim": (("field",), "character", "field"),
    "length": (("field",), "integer", "field"),
    "year": (("field",), "integer", "field"),
    "month": (("field",), "integer", "field"),
    "day": (("field",), "integer", "field"),
    "hour": (("field",), "integer", "field"),
    "minute": (("field",), "integer", "field"),
    "second": (("field",), "integer", "field"),
    "fractionalseconds": (("field",), "decimal", "field"),
    "dayofweek": (("field",), "integer", "field"),
    "dayofyear": (("field",), "integer", "field"),
    "date": (("field",), "date", "field"),
    "time": (("field",), "time", "field"),
}
_MAX_RADIUS_MILES: Final = Decimal(500)
_POINT = re.compile(r"\s*(-?[0-9]+(?:\.[0-9]+)?)\s+(-?[0-9]+(?:\.[0-9]+)?)\s*$")


def parse_points(text: str) -> list[tuple[Decimal, Decimal]] | None:
    """``'lat lon, lat lon'`` as (latitude, longitude) pairs, or None when malformed."""
    points: list[tuple[Decimal, Decimal]] = []
    for part in text.split(","):
        match = _POINT.match(part)
        if match is None:
            return None
        lat, lon = Decimal(match.group(1)), Decimal(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        points.append((lat, lon))
    return points


def _check_function(call: FunctionCall) -> str | None:
    """What is wrong with a call's argument values, or None."""
    name, args = call.name, call.args
    values = [a.value for a in args if isinstance(a, LiteralValue)]
    if name == "radius":
        miles = values[1]
        assert isinstance(miles, (int, Decimal))
        if not 0 < miles <= _MAX_RADIUS_MILES:
            return f"radius: the distance must be above 0 and at most {_MAX_RADIUS_MILES} miles"
        point = str(values[0])
        if parse_points(point) is None and not re.fullmatch(r"[A-Za-z0-9-]+", point):
            return "radius: the center is 'latitude longitude' or a listing id"
        if "," in point:
            return "radius: the center is one point"
    elif name in ("rectangle", "polygon", "linestring"):
        points = parse_points(str(values[0]))
        least = {"rectangle": 2, "polygon": 3, "linestring": 2}[name]
        if points is None:
            return f"{name}: points are 'latitude longitude' pairs separated by commas (latitude -90..90, longitude -180..180)"
        if name == "rectangle" and len(points) != 2:
            return "rectangle: give exactly two corners"
        if len(points) < least:
            return f"{name}: give at least {least} points"
    elif name == "wkt":
        if not re.match(
            r"\s*(POLYGON|MULTIPOLYGON|LINESTRING|POINT)\s*\(",
            str(values[0]),
            re.IGNORECASE,
        ):
            return "wkt: expected a WKT POLYGON, MULTIPOLYGON, LINESTRING or POINT"
    elif name == "regex":
        try:
            re.compile(str(values[0]))
        except re.error:
            return "regex: the pattern is not a valid regular expression"
        if len(values) > 1 and str(values[1]) not in ("", "i"):
            return "regex: the only flag is 'i'"
    elif name in ("days", "weekdays", "months", "years"):
        number = values[0]
        assert isinstance(number, int)
        if abs(number) > 100_000:
            return f"{name}: the offset is too large"
    return None


# ---------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        lexer = _Lexer(text)
        self.tokens = lexer.tokens()
        self.lex_failure = lexer.failure
        self.index = 0
        self.level = 0
        self.count = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def kind(self) -> str:
        """The kind of the next token (a method, so checks are not narrowed across advances)."""
        return self.tokens[self.index].kind

    def error(self, token: _Token, message: str) -> SparkQLSyntaxError:
        if token.kind == "error" and self.lex_failure is not None:
            return self.lex_failure  # what the lexer could not read comes first
        return SparkQLSyntaxError(self.text, token.column, token.text, message)

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node | None:
        if self.kind() == "end":
            return None
        node = self.expressions()
        if self.kind() != "end":
            if self.kind() == "rparen":
                raise self.error(self.token, "unbalanced ')': no group is open")
            raise self.error(self.token, "expected And, Or or Not between expressions")
        return node

    def expressions(self) -> Node:
        ors: list[Node] = []
        ands: list[Node] = [self.term()]
        while self.kind() == "word" and self.token.text in ("And", "Or", "Not"):
            word = self.advance().text
            if word == "Not":
                ands.append(Not(self.expression()))
                continue
            if self.kind() == "word" and self.token.text == "Not":
                raise self.error(
                    self.token,
                    f"'{word} Not' is not SparkQL: write 'A Not B' for A and not B",
                )
            if word == "And":
                ands.append(self.expression())
            else:
                ors.append(ands[0] if len(ands) == 1 else And(tuple(ands)))
                ands = [self.expression()]
        ors.append(ands[0] if len(ands) == 1 else And(tuple(ands)))
        return ors[0] if len(ors) == 1 else Or(tuple(ors))

    def term(self) -> Node:
        if self.kind() == "word" and self.token.text == "Not":
            self.advance()
            return Not(self.expression())
        return self.expression()

    def expression(self) -> Node:
        token = self.token
        if token.kind == "lparen":
            self.advance()
            self.level += 1
            if self.level > MAX_LEVEL:
                raise self.error(token, f"groups nest at most {MAX_LEVEL} levels deep")
            if self.kind() == "rparen":
                raise self.error(self.token, "empty group")
            inner = self.expressions()
            if self.kind() != "rparen":
                raise self.error(
                    self.token,
                    (
                        "expected ')' to close the group"
                        if self.kind() == "end"
                        else "expected And, Or, Not or ')'"
                    ),
                )
            self.advance()
            self.level -= 1
            return Group(inner)
        return self.comparison()

    def field(self) -> FieldRef:
        token = self.advance()
        if token.kind == "custom":
            group, name = token.text[1:-1].split('"."', 1)
            return FieldRef(f"{group}.{name}", custom=True)
        if token.kind == "word":
            if (
                token.text in OPERATORS
                or token.text in CONJUNCTIONS
                or token.text == "Not"
            ):
                raise self.error(
                    token, f"expected a field, found the keyword {token.text}"
                )
            if self.kind() == "lparen":
                spec = FUNCTIONS.get(token.text)
                if spec is None or spec[2] != "field":
                    raise self.error(
                        token, f"{token.text} is not a function that applies to a field"
                    )
                self.advance()
                inner = self.field()
                if inner.function:
                    raise self.error(token, "functions of fields do not nest")
                if self.kind() != "rparen":
                    raise self.error(self.token, f"expected ')' to close {token.text}(")
                self.advance()
                return FieldRef(inner.name, inner.custom, token.text)
            if not token.text[0].isupper():
                raise self.error(
                    token, "a standard field name starts with a capital letter"
                )
            return FieldRef(token.text)
        if token.kind == "end":
            raise self.error(token, "expected a field")
        raise self.error(
            token,
            'expected a field (a standard field such as ListPrice, or "Group"."Field")',
        )

    def comparison(self) -> Comparison:
        field_token = self.token
        field = self.field()
        op = self.token
        if op.kind != "word" or op.text not in OPERATORS:
            hint = (
                f" (operators are case-sensitive: {op.text.capitalize()})"
                if op.kind == "word" and op.text.capitalize() in OPERATORS
                else ""
            )
            raise self.error(
                op,
                f"expected an operator (Eq, Ne, Gt, Ge, Lt, Le, Bt) after the field{hint}",
            )
        self.advance()
        first_value = self.token
        values = [self.value()]
        while self.kind() == "comma":
            self.advance()
            item = self.token
            value = self.value()
            if isinstance(value, FunctionCall) or isinstance(values[0], FunctionCall):
                raise self.error(item, "a function cannot be part of a list")
            if value.type != values[0].type:
                raise self.error(
                    item,
                    f"type mismatch in the list: {values[0].type} then {value.type}",
                )
            values.append(value)
        self.count += 1
        if self.count > MAX_EXPRESSIONS:
            raise self.error(
                field_token, f"a filter holds at most {MAX_EXPRESSIONS} expressions"
            )
        kind = values[0].type
        operator = op.text
        if operator == "Bt":
            if len(values) != 2:
                raise self.error(
                    first_value, "Bt takes a range of exactly two values: low,high"
                )
            if isinstance(values[0], FunctionCall) or kind not in (
                "integer",
                "decimal",
                "date",
                "time",
                "datetime",
            ):
                raise self.error(op, f"Bt is not supported for {kind} values")
            return Comparison(field, operator, tuple(values), "range")
        if operator not in TYPE_OPERATORS.get(kind, _EQUALITY):
            raise self.error(op, f"{operator} is not supported for {kind} values")
        if len(values) > 1:
            if operator not in _EQUALITY:
                raise self.error(op, f"a list of values takes Eq or Ne, not {operator}")
            if kind not in _LISTABLE:
                raise self.error(first_value, f"{kind} values cannot form a list")
            if len(values) > MAX_VALUES:
                raise self.error(
                    first_value, f"a list holds at most {MAX_VALUES} values"
                )
            return Comparison(field, operator, tuple(values), "list")
        return Comparison(field, operator, tuple(values))

    def value(self) -> LiteralValue | FunctionCall:
        token = self.advance()
        if token.kind == "literal":
            assert token.literal is not None
            return token.literal
        if token.kind == "word" and self.kind() == "lparen":
            return self.call(token)
        if token.kind == "end":
            raise self.error(token, "expected a value after the operator")
        if token.kind == "word" and token.text in ("True", "False", "TRUE", "FALSE"):
            raise self.error(token, "booleans are written true or false")
        raise self.error(
            token,
            "expected a value: a number, 'text', a date, time or datetime, true, false, NULL, or a function",
        )

    def call(self, name: _Token) -> FunctionCall:
        spec = FUNCTIONS.get(name.text)
        if spec is None:
            raise self.error(name, f"unknown function {name.text}")
        kinds, result, side = spec
        if side != "condition":
            raise self.error(
                name, f"{name.text}() applies to a field, on the left of the operator"
            )
        self.advance()  # (
        args: list[LiteralValue] = []
        while self.kind() != "rparen":
            if args:
                if self.kind() != "comma":
                    raise self.error(self.token, f"expected ',' or ')' in {name.text}(")
                self.advance()
            token = self.advance()
            if token.kind != "literal":
                raise self.error(token, f"{name.text}() takes literal arguments")
            assert token.literal is not None
            args.append(token.literal)
        self.advance()  # )
        required = [k for k in kinds if not k.endswith("?")]
        if not len(required) <= len(args) <= len(kinds):
            count = (
                str(len(kinds))
                if len(required) == len(kinds)
                else f"{len(required)} to {len(kinds)}"
            )
            raise self.error(
                name,
                f"{name.text}() takes {count} argument{'s' if kinds != ('',) and len(kinds) != 1 else ''}, not {len(args)}",
            )
        for arg, kind in zip(args, kinds):
            wanted = kind.rstrip("?")
            fits = (
                arg.type in ("integer", "decimal")
                if wanted == "number"
                else arg.type == wanted
            )
            if not fits:
                raise self.error(
                    name,
                    f"{name.text}(): expected {wanted} argument, got {arg.type} {arg.text}",
                )
        call = FunctionCall(name.text, tuple(args), result)
        problem = _check_function(call)
        if problem:
            raise self.error(name, problem)
        return call


def parse(text: str) -> Filter:
    """Parse a SparkQL filter; raises ``SparkQLSyntaxError`` where the API would refuse it."""
    if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"a filter is a str, not {type(text).__name__}")
    tree = _Parser(text).parse()
    conditions: list[Condition] = []
    if tree is not None:
        _flatten(tree, "And", 0, conditions)
    return Filter(text, tree, conditions)
