"""The SparkQL corpus: filters written from the SparkQL grammar, functions and search
syntax pages, each with what ``sparkapi.sparkql.parse`` must make of it.

A valid case lists its conditions as ``field | operator | condition | conjunction |
level | type``; an invalid case gives the 1-based column the error must point at. The
operator/type matrix below is the grammar page's table of which operators each literal
type allows, written out again here (not read from the parser).
"""

from __future__ import annotations

from typing import Final

Valid = tuple[str, list[str]]
Invalid = tuple[str, int]

# ------------------------------------------------------------------ hand-written valid cases

VALID: Final[list[Valid]] = [
    # the documents' own examples
    ("City Eq 'Fargo'", ["City|Eq|'Fargo'|And|0|character"]),
    ("ListPrice Bt 100000,200000", ["ListPrice|Bt|100000,200000|And|0|integer"]),
    ("PropertyType Eq 'A','B'", ["PropertyType|Eq|'A','B'|And|0|character"]),
    ("ListPrice Gt 100000.0", ["ListPrice|Gt|100000.0|And|0|decimal"]),
    ("ModificationTimestamp Gt days(-7)", ["ModificationTimestamp|Gt|days(-7)|And|0|date"]),
    ("ModificationTimestamp Ge now()", ["ModificationTimestamp|Ge|now()|And|0|datetime"]),
    ("ListDate Ge months(-1)", ["ListDate|Ge|months(-1)|And|0|date"]),
    ("ListDate Ge years(-2)", ["ListDate|Ge|years(-2)|And|0|date"]),
    ("City Eq contains('argo')", ["City|Eq|contains('argo')|And|0|character"]),
    ("City Eq startswith('Far')", ["City|Eq|startswith('Far')|And|0|character"]),
    ("City Eq endswith('go')", ["City|Eq|endswith('go')|And|0|character"]),
    ("City Eq 'Far*'", ["City|Eq|'Far*'|And|0|character"]),
    ("City Eq '*argo'", ["City|Eq|'*argo'|And|0|character"]),
    ("City Ne '*a*'", ["City|Ne|'*a*'|And|0|character"]),
    ("Location Eq radius('45.0 -93.0',2.5)", ["Location|Eq|radius('45.0 -93.0',2.5)|And|0|shape"]),
    ("Location Eq radius('20100000000000000000000000',1)", ["Location|Eq|radius('20100000000000000000000000',1)|And|0|shape"]),
    ("Location Eq rectangle('45.0 -93.0,46.0 -92.0')", ["Location|Eq|rectangle('45.0 -93.0,46.0 -92.0')|And|0|shape"]),
    ("Location Eq polygon('45.0 -93.0,46.0 -92.0,45.5 -91.0')", ["Location|Eq|polygon('45.0 -93.0,46.0 -92.0,45.5 -91.0')|And|0|shape"]),
    ("Location Eq linestring('45.0 -93.0,46.0 -92.0')", ["Location|Eq|linestring('45.0 -93.0,46.0 -92.0')|And|0|shape"]),
    ("Location Ne polygon('1 1,1 2,2 2')", ["Location|Ne|polygon('1 1,1 2,2 2')|And|0|shape"]),
    ("Location Eq wkt('POLYGON((-93 45,-92 46,-91 45,-93 45))')", ["Location|Eq|wkt('POLYGON((-93 45,-92 46,-91 45,-93 45))')|And|0|shape"]),
    ('"General Property Description"."Zoning" Eq \'Residential\'', ['"General Property Description"."Zoning"|Eq|\'Residential\'|And|0|character']),
    ('"Main"."Beds" Ge 3', ['"Main"."Beds"|Ge|3|And|0|integer']),
    ("tolower(City) Eq 'fargo'", ["tolower(City)|Eq|'fargo'|And|0|character"]),
    ("toupper(City) Eq 'FARGO'", ["toupper(City)|Eq|'FARGO'|And|0|character"]),
    ("length(City) Gt 4", ["length(City)|Gt|4|And|0|integer"]),
    ("year(ListDate) Eq 2020", ["year(ListDate)|Eq|2020|And|0|integer"]),
    ("month(ListDate) Bt 3,5", ["month(ListDate)|Bt|3,5|And|0|integer"]),
    ("day(ListDate) Le 15", ["day(ListDate)|Le|15|And|0|integer"]),
    ("hour(ModificationTimestamp) Lt 12", ["hour(ModificationTimestamp)|Lt|12|And|0|integer"]),
    ("date(ModificationTimestamp) Eq 2020-01-01", ["date(ModificationTimestamp)|Eq|2020-01-01|And|0|date"]),
    ("time(ModificationTimestamp) Ge 09:00", ["time(ModificationTimestamp)|Ge|09:00|And|0|time"]),
    # conjunctions, precedence, Not, groups
    ("A Eq 1 And B Eq 2", ["A|Eq|1|And|0|integer", "B|Eq|2|And|0|integer"]),
    ("A Eq 1 Or B Eq 2", ["A|Eq|1|And|0|integer", "B|Eq|2|Or|0|integer"]),
    ("A Eq 1 Not B Eq 2", ["A|Eq|1|And|0|integer", "B|Eq|2|Not|0|integer"]),
    ("Not A Eq 1", ["A|Eq|1|Not|0|integer"]),
    ("Not A Eq 1 And B Eq 2", ["A|Eq|1|Not|0|integer", "B|Eq|2|And|0|integer"]),
    ("Not (A Eq 1 Or B Eq 2)", ["A|Eq|1|Not|1|integer", "B|Eq|2|Or|1|integer"]),
    ("(A Eq 1)", ["A|Eq|1|And|1|integer"]),
    ("((A Eq 1))", ["A|Eq|1|And|2|integer"]),
    ("(A Eq 1 Or B Eq 2) And C Eq 3", ["A|Eq|1|And|1|integer", "B|Eq|2|Or|1|integer", "C|Eq|3|And|0|integer"]),
    ("A Eq 1 And (B Eq 2 Or (C Eq 3 And D Eq 4))", ["A|Eq|1|And|0|integer", "B|Eq|2|And|1|integer", "C|Eq|3|Or|2|integer", "D|Eq|4|And|2|integer"]),
    ("A Eq 1 Or B Eq 2 And C Eq 3", ["A|Eq|1|And|0|integer", "B|Eq|2|Or|0|integer", "C|Eq|3|And|0|integer"]),
    ("A Eq 1 Not (B Eq 2 Or C Eq 3)", ["A|Eq|1|And|0|integer", "B|Eq|2|Not|1|integer", "C|Eq|3|Or|1|integer"]),
    ("(A Eq 1) Or (B Eq 2)", ["A|Eq|1|And|1|integer", "B|Eq|2|Or|1|integer"]),
    ("Not (Not A Eq 1)", ["A|Eq|1|Not|1|integer"]),
    ("  City   Eq   'Fargo'  ", ["City|Eq|'Fargo'|And|0|character"]),
    ("City Eq 'Fargo'\nAnd\tListPrice Gt 5", ["City|Eq|'Fargo'|And|0|character", "ListPrice|Gt|5|And|0|integer"]),
    ("", []),
    ("   ", []),
    # literals
    ("A Eq -5", ["A|Eq|-5|And|0|integer"]),
    ("A Eq 0", ["A|Eq|0|And|0|integer"]),
    ("A Eq 007", ["A|Eq|007|And|0|integer"]),
    ("A Eq -0.5", ["A|Eq|-0.5|And|0|decimal"]),
    ("A Eq 1.5e3", ["A|Eq|1.5e3|And|0|decimal"]),
    ("A Eq 1.5E-3", ["A|Eq|1.5E-3|And|0|decimal"]),
    ("A Eq 2e10", ["A|Eq|2e10|And|0|decimal"]),
    ("A Eq 1,2,3", ["A|Eq|1,2,3|And|0|integer"]),
    ("A Ne 1.5,2.5", ["A|Ne|1.5,2.5|And|0|decimal"]),
    ("A Eq 'O\\'Brien'", ["A|Eq|'O\\'Brien'|And|0|character"]),
    ("A Eq 'back\\\\slash'", ["A|Eq|'back\\\\slash'|And|0|character"]),
    ("A Eq ''", ["A|Eq|''|And|0|character"]),
    ("A Eq 'And Or Not ( ) , Eq'", ["A|Eq|'And Or Not ( ) , Eq'|And|0|character"]),
    ("A Eq 'caf\u00e9'", ["A|Eq|'caf\u00e9'|And|0|character"]),
    ("A Eq 2020-02-29", ["A|Eq|2020-02-29|And|0|date"]),
    ("A Eq 2020-01-01T00:00:00", ["A|Eq|2020-01-01T00:00:00|And|0|datetime"]),
    ("A Eq 2020-01-01T10:20:30.123456", ["A|Eq|2020-01-01T10:20:30.123456|And|0|datetime"]),
    ("A Eq 2020-01-01T10:20:30-0600", ["A|Eq|2020-01-01T10:20:30-0600|And|0|datetime"]),
    ("A Eq 2020-01-01T10:20:30+05:30", ["A|Eq|2020-01-01T10:20:30+05:30|And|0|datetime"]),
    ("A Eq 2020-01-01T10:20:30Z", ["A|Eq|2020-01-01T10:20:30Z|And|0|datetime"]),
    ("A Eq 2020-01-01T10:20", ["A|Eq|2020-01-01T10:20|And|0|datetime"]),
    ("A Eq 10:20", ["A|Eq|10:20|And|0|time"]),
    ("A Eq 10:20:30", ["A|Eq|10:20:30|And|0|time"]),
    ("A Eq 10:20:30.5", ["A|Eq|10:20:30.5|And|0|time"]),
    ("A Bt 08:00,17:00", ["A|Bt|08:00,17:00|And|0|time"]),
    ("A Bt 2020-01-01,2020-12-31", ["A|Bt|2020-01-01,2020-12-31|And|0|date"]),
    ("A Bt 2020-01-01T00:00:00,2020-12-31T23:59:59", ["A|Bt|2020-01-01T00:00:00,2020-12-31T23:59:59|And|0|datetime"]),
    ("A Bt -1.5,1.5", ["A|Bt|-1.5,1.5|And|0|decimal"]),
    ("A Eq true", ["A|Eq|true|And|0|boolean"]),
    ("A Ne false", ["A|Ne|false|And|0|boolean"]),
    ("A Eq NULL", ["A|Eq|NULL|And|0|null"]),
    ("A Ne null", ["A|Ne|null|And|0|null"]),
    ("A Eq Null", ["A|Eq|Null|And|0|null"]),
    ("A Eq '2020-01-01'", ["A|Eq|'2020-01-01'|And|0|character"]),
    ("A Eq 'a','b','c','d'", ["A|Eq|'a','b','c','d'|And|0|character"]),
    ("A Eq 2020-01-01,2020-02-01", ["A|Eq|2020-01-01,2020-02-01|And|0|date"]),
    ("A Eq 1 , 2", ["A|Eq|1,2|And|0|integer"]),
    ("ListPrice1 Eq 1", ["ListPrice1|Eq|1|And|0|integer"]),
    ("X Eq 1", ["X|Eq|1|And|0|integer"]),
    ("A Eq days(0)", ["A|Eq|days(0)|And|0|date"]),
    ("A Lt weekdays(-3)", ["A|Lt|weekdays(-3)|And|0|date"]),
    ("A Gt mindatetime()", ["A|Gt|mindatetime()|And|0|datetime"]),
    ("A Lt maxdatetime()", ["A|Lt|maxdatetime()|And|0|datetime"]),
    ("A Eq regex('^Far')", ["A|Eq|regex('^Far')|And|0|character"]),
    ("A Eq regex('^far','i')", ["A|Eq|regex('^far','i')|And|0|character"]),
    ("A Eq range('a','m')", ["A|Eq|range('a','m')|And|0|character"]),
    ("A Ne contains('x')", ["A|Ne|contains('x')|And|0|character"]),
    ("A Eq radius('0 0',500)", ["A|Eq|radius('0 0',500)|And|0|shape"]),
    ("A Eq radius('-90 -180',0.1)", ["A|Eq|radius('-90 -180',0.1)|And|0|shape"]),
    ("A Eq rectangle('90 180,-90 -180')", ["A|Eq|rectangle('90 180,-90 -180')|And|0|shape"]),
    ("A Eq days( -7 )", ["A|Eq|days(-7)|And|0|date"]),
]

# ------------------------------------------------------------------ hand-written invalid cases

INVALID: Final[list[Invalid]] = [
    ("ListPrice Eq", 13),
    ("ListPrice", 10),
    ("Eq 5", 1),
    ("ListPrice eq 5", 11),
    ("ListPrice EQ 5", 11),
    ("ListPrice = 5", 11),
    ("ListPrice Gt 'cheap'", 11),
    ("City Lt 'a'", 6),
    ("City Bt 'a','b'", 6),
    ("A Gt true", 3),
    ("A Lt NULL", 3),
    ("A Ge false", 3),
    ("A Gt 1,2", 3),
    ("A Lt 'a','b'", 3),
    ("A Bt 1", 6),
    ("A Bt 1,2,3", 6),
    ("A Bt true,false", 3),
    ("A Eq 1,'a'", 8),
    ("A Eq 1,2.5", 8),
    ("A Eq true,false", 6),
    ("A Eq NULL,NULL", 6),
    ("A Eq 1,", 8),
    ("A Eq ,1", 6),
    ("A Eq 'x", 6),
    ("A Eq 'x\\'", 6),
    ("A Eq x'", 6),
    ("A Eq 1 And", 11),
    ("A Eq 1 Or", 10),
    ("A Eq 1 Not", 11),
    ("And A Eq 1", 1),
    ("A Eq 1 B Eq 2", 8),
    ("A Eq 1 And Not B Eq 2", 12),
    ("A Eq 1 Or Not B Eq 2", 11),
    ("Not Not A Eq 1", 5),
    ("(A Eq 1", 8),
    ("A Eq 1)", 7),
    ("()", 2),
    ("(((A Eq 1)))", 3),
    ("A Eq 1 And (B Eq 2 And (C Eq 3 And (D Eq 4)))", 36),
    ("A Eq 1 ((B Eq 2))", 8),
    ("city Eq 'x'", 1),
    ("listPrice Gt 5", 1),
    ("\"Main\".Beds Eq 1", 1),
    ("\"Main\" Eq 1", 1),
    ("\"Main\".\"\" Eq 1", 1),
    ("A Eq 2020-13-01", 6),
    ("A Eq 2020-02-30", 6),
    ("A Eq 2019-02-29", 6),
    ("A Eq 25:00", 6),
    ("A Eq 10:60", 6),
    ("A Eq 2020-01-01T25:00:00", 6),
    ("A Eq 2020-01-01T10:00:00+2500", 6),
    ("A Eq 2020-1-1", 6),
    ("A Eq 1.", 6),
    ("A Eq .5", 6),
    ("A Eq 1.2.3", 6),
    ("A Eq 12abc", 6),
    ("A Eq 1e", 6),
    ("A Eq --1", 6),
    ("A Eq True", 6),
    ("A Eq FALSE", 6),
    ("A Eq Fargo", 6),
    ("A Eq \"Fargo\"", 6),
    ("A Eq nope()", 6),
    ("A Eq days()", 6),
    ("A Eq days(1,2)", 6),
    ("A Eq days('x')", 6),
    ("A Eq days(1.5)", 6),
    ("A Eq now(1)", 6),
    ("A Eq months()", 6),
    ("A Eq years('1')", 6),
    ("A Eq contains()", 6),
    ("A Eq contains(1)", 6),
    ("A Eq startswith('a','b')", 6),
    ("A Eq regex('(')", 6),
    ("A Eq regex('a','x')", 6),
    ("A Eq range('a')", 6),
    ("A Eq radius('45 -93')", 6),
    ("A Eq radius('45 -93',0)", 6),
    ("A Eq radius('45 -93',-1)", 6),
    ("A Eq radius('45 -93',501)", 6),
    ("A Eq radius('45 -93','1')", 6),
    ("A Eq radius('95 -93',1)", 6),
    ("A Eq radius('45 -193',1)", 6),
    ("A Eq radius('45 -93,46 -92',1)", 6),
    ("A Eq rectangle('45 -93')", 6),
    ("A Eq rectangle('45 -93,46 -92,47 -91')", 6),
    ("A Eq rectangle('a b,c d')", 6),
    ("A Eq polygon('45 -93,46 -92')", 6),
    ("A Eq polygon(1)", 6),
    ("A Eq linestring('45 -93')", 6),
    ("A Eq wkt('CIRCLE(1)')", 6),
    ("A Gt radius('45 -93',1)", 3),
    ("A Bt days(-1),days(1)", 15),
    ("A Eq days(1),days(2)", 14),
    ("A Eq tolower('X')", 6),
    ("tolower(A Eq 'x'", 11),
    ("tolower(tolower(A)) Eq 'x'", 1),
    ("nothing(A) Eq 1", 1),
    ("days(A) Eq 1", 1),
    ("A Eq (1)", 6),
    ("A Eq 1 And (", 13),
    ("A Eq 1 & B Eq 2", 8),
    ("A Eq 1; B Eq 2", 7),
    ("A Eq #1", 6),
    ("A Eq days(-7", 13),
    ("A Eq days(-7 8)", 14),
    ("A Eq 100000000000000000000000000,", 34),
    ("A Ne", 5),
    ("Bt Eq 1", 1),
    ("Not", 4),
    ("Not (", 6),
    ("(", 2),
    (")", 1),
    (",", 1),
    ("'a' Eq A", 1),
    ("5 Eq A", 1),
]

# ------------------------------------------------------------------ the operator/type matrix

# (literal text, type): one sample of each literal type, single values.
SAMPLES: Final = [
    ("5", "integer"),
    ("-5", "integer"),
    ("5.5", "decimal"),
    ("2.5e2", "decimal"),
    ("'text'", "character"),
    ("'wild*'", "character"),
    ("2021-03-04", "date"),
    ("2021-03-04T05:06:07", "datetime"),
    ("2021-03-04T05:06:07.250-0600", "datetime"),
    ("05:06", "time"),
    ("true", "boolean"),
    ("NULL", "null"),
    ("days(-1)", "date"),
    ("now()", "datetime"),
    ("contains('x')", "character"),
    ("radius('45 -93',1)", "shape"),
]
# Operators each type allows (the grammar page: characters, booleans, NULL and shapes
# compare for equality only; numbers, dates, times and datetimes are ordered).
ALLOWED: Final = {
    "integer": {"Eq", "Ne", "Gt", "Ge", "Lt", "Le"},
    "decimal": {"Eq", "Ne", "Gt", "Ge", "Lt", "Le"},
    "date": {"Eq", "Ne", "Gt", "Ge", "Lt", "Le"},
    "datetime": {"Eq", "Ne", "Gt", "Ge", "Lt", "Le"},
    "time": {"Eq", "Ne", "Gt", "Ge", "Lt", "Le"},
    "character": {"Eq", "Ne"},
    "boolean": {"Eq", "Ne"},
    "null": {"Eq", "Ne"},
    "shape": {"Eq", "Ne"},
}
# Pairs for lists (Eq/Ne) and ranges (Bt) of each type.
PAIRS: Final = [
    ("1,2", "integer", True, True),
    ("1.5,2.5", "decimal", True, True),
    ("'a','b'", "character", True, False),
    ("2021-01-01,2021-02-01", "date", True, True),
    ("2021-01-01T00:00:00,2021-02-01T00:00:00", "datetime", True, True),
    ("08:00,09:00", "time", True, True),
    ("true,false", "boolean", False, False),
    ("NULL,NULL", "null", False, False),
]
OPERATORS: Final = ("Eq", "Ne", "Gt", "Ge", "Lt", "Le", "Bt")


def matrix() -> tuple[list[Valid], list[Invalid]]:
    """Every operator with every sample: valid where the type allows it, else an error
    at the operator (column 7 in ``Field Op value``)."""
    valid: list[Valid] = []
    invalid: list[Invalid] = []
    for op in OPERATORS:
        for text, kind in SAMPLES:
            filter_text = f"Field {op} {text}"
            if op != "Bt" and op in ALLOWED[kind]:
                valid.append((filter_text, [f"Field|{op}|{text}|And|0|{kind}"]))
            elif op == "Bt":
                invalid.append((filter_text, 10))  # a range needs two values: at the value
            else:
                invalid.append((filter_text, 7))
        for text, kind, listable, rangeable in PAIRS:
            filter_text = f"Field {op} {text}"
            ok = (op in ("Eq", "Ne") and listable) or (op == "Bt" and rangeable)
            if ok:
                valid.append((filter_text, [f"Field|{op}|{text}|And|0|{kind}"]))
            elif op in ("Eq", "Ne") and not listable:
                invalid.append((filter_text, 10))  # these values cannot form a list
            else:
                invalid.append((filter_text, 7))
    return valid, invalid


def nested() -> tuple[list[Valid], list[Invalid]]:
    """Groups at each depth, and each conjunction in front of each depth."""
    valid: list[Valid] = []
    invalid: list[Invalid] = []
    for conj, written in (("And", "And"), ("Or", "Or"), ("Not", "Not")):
        for depth in range(4):
            text = f"A Eq 1 {written} " + "(" * depth + "B Eq 2" + ")" * depth
            if depth <= 2:
                valid.append((text, ["A|Eq|1|And|0|integer", f"B|Eq|2|{conj}|{depth}|integer"]))
            else:
                invalid.append((text, len(f"A Eq 1 {written} ") + 3))
    return valid, invalid


def many() -> tuple[list[Valid], list[Invalid]]:
    """The expression and value limits (75 expressions, 200 values in a list)."""
    seventy_five = " And ".join(f"F{i} Eq {i}" for i in range(75))
    seventy_six = seventy_five + " And G Eq 1"
    values = ",".join(str(i) for i in range(200))
    too_many = values + ",200"
    return (
        [
            (seventy_five, [f"F{i}|Eq|{i}|And|0|integer" for i in range(75)]),
            (f"A Eq {values}", [f"A|Eq|{values}|And|0|integer"]),
        ],
        [(seventy_six, len(seventy_five) + 6), (f"A Eq {too_many}", 6)],
    )


def all_valid() -> list[Valid]:
    return VALID + matrix()[0] + nested()[0] + many()[0]


def all_invalid() -> list[Invalid]:
    return INVALID + matrix()[1] + nested()[1] + many()[1]
