"""The local server's evaluator (``sparkapi.testing._filter``) on hand-made records: the
value forms the API really sends (padded decimals, text booleans, US dates, masked
values, custom fields) and the functions relative to a fixed clock."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from sparkapi.testing._filter import FilterRefused, matcher

CLOCK = datetime(2024, 3, 15, 12, 0, tzinfo=timezone.utc)  # a Friday
KNOWN = {"Id", "StandardFields", "CustomFields", "City", "ListPrice", "Pool", "ListDate", "OpenTime",
         "ModificationTimestamp", "Latitude", "Longitude", "Remarks"}


def _record(**fields: Any) -> dict[str, Any]:
    custom = fields.pop("custom", None)
    record: dict[str, Any] = {"Id": "1", "StandardFields": fields}
    if custom is not None:
        record["CustomFields"] = custom
    return record


def _keeps(text: str, record: dict[str, Any]) -> bool:
    return matcher(text, "StandardFields", KNOWN, lambda: CLOCK)(record)


CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("ListPrice Gt 100000", _record(ListPrice=" 150000.00"), True),
    ("ListPrice Gt 100000", _record(ListPrice="********"), False),
    ("ListPrice Eq NULL", _record(ListPrice="********"), True),
    ("Not ListPrice Gt 100000", _record(ListPrice="********"), True),
    ("ListPrice Eq 150000", _record(ListPrice=150000.0), True),
    ("ListPrice Ne 150000", _record(ListPrice=150000), False),
    ("ListPrice Bt 100000,150000", _record(ListPrice=150000), True),
    ("ListPrice Bt 100000.0,149999.99", _record(ListPrice=150000), False),
    ("Pool Eq true", _record(Pool="true"), True),
    ("Pool Eq true", _record(Pool=False), False),
    ("Pool Ne false", _record(Pool=True), True),
    ("City Eq 'st. paul'", _record(City="St. Paul"), True),
    ("City Eq 'a\\*b'", _record(City="a*b"), True),
    ("City Eq 'a\\*b'", _record(City="axxb"), False),
    ("City Eq 'a*b'", _record(City="axxb"), True),
    ("City Eq 'O\\'Brien'", _record(City="O'Brien"), True),
    ("City Eq range('a','m')", _record(City="Fargo"), True),
    ("City Eq range('a','m')", _record(City="Moorhead"), False),
    ("City Eq regex('^F.r')", _record(City="Fargo"), True),
    ("City Eq regex('^f.r')", _record(City="Fargo"), False),
    ("City Eq regex('^f.r','i')", _record(City="Fargo"), True),
    ("Remarks Ne contains('pool')", _record(Remarks="No pool here"), False),
    ("length(City) Eq 5", _record(City="Fargo"), True),
    ("toupper(City) Eq 'FARGO'", _record(City="Fargo"), True),
    ("ListDate Eq 2024-01-31", _record(ListDate="01/31/2024"), True),
    ("ListDate Lt 2024-02-01", _record(ListDate="2024-01-31"), True),
    ("month(ListDate) Eq 1", _record(ListDate="2024-01-31"), True),
    ("OpenTime Ge 09:00", _record(OpenTime="9:30 am"), True),
    ("OpenTime Ge 13:00", _record(OpenTime="1:30 pm"), True),
    ("OpenTime Lt 13:00", _record(OpenTime="1:30 pm"), False),
    ("ModificationTimestamp Gt 2024-03-15T11:00:00", _record(ModificationTimestamp="2024-03-15T11:30:00"), True),
    ("ModificationTimestamp Gt 2024-03-15T11:00:00-0100", _record(ModificationTimestamp="2024-03-15T11:30:00"), False),
    ("ModificationTimestamp Gt days(-1)", _record(ModificationTimestamp="2024-03-14T00:30:00Z"), True),
    ("ModificationTimestamp Gt days(-1)", _record(ModificationTimestamp="2024-03-13T23:30:00Z"), False),
    ("ModificationTimestamp Ge weekdays(-1)", _record(ModificationTimestamp="2024-03-14T00:00:00Z"), True),
    ("ModificationTimestamp Ge weekdays(-5)", _record(ModificationTimestamp="2024-03-08T00:00:00Z"), True),
    ("ModificationTimestamp Ge weekdays(-5)", _record(ModificationTimestamp="2024-03-07T23:00:00Z"), False),
    ("ModificationTimestamp Ge months(-1)", _record(ModificationTimestamp="2024-02-15T00:00:00Z"), True),
    ("ModificationTimestamp Ge years(-1)", _record(ModificationTimestamp="2023-03-14T00:00:00Z"), False),
    ("ModificationTimestamp Lt now()", _record(ModificationTimestamp="2024-03-15T11:59:00Z"), True),
    ("ModificationTimestamp Gt mindatetime()", _record(ModificationTimestamp="1900-01-01T00:00:00Z"), True),
    ('"Main"."Beds" Ge 3', _record(custom=[{"Main": [{"Beds": "4"}]}]), True),
    ('"Main"."Beds" Ge 3', _record(custom={"Main": {"Beds": 2}}), False),
    ('"Main"."Beds" Eq NULL', _record(), True),
    ("Location Eq radius('46.0 -96.0',10)", _record(Latitude="46.05", Longitude="-96.05"), True),
    ("Location Eq radius('46.0 -96.0',1)", _record(Latitude="46.05", Longitude="-96.05"), False),
    ("Location Ne radius('46.0 -96.0',1)", _record(Latitude="46.05", Longitude="-96.05"), True),
    ("Location Eq radius('46.0 -96.0',1)", _record(), False),
    ("Location Eq polygon('45 -97,47 -97,46 -95')", _record(Latitude=46, Longitude=-96.5), True),
    ("Location Eq polygon('45 -97,47 -97,46 -95')", _record(Latitude=45.1, Longitude=-95.2), False),
    ("Location Eq linestring('46 -97,46 -95')", _record(Latitude=46.001, Longitude=-96), True),
    ("Location Eq linestring('46 -97,46 -95')", _record(Latitude=46.1, Longitude=-96), False),
    ("(City Eq 'A' Or City Eq 'B') Not ListPrice Lt 5", _record(City="B", ListPrice=10), True),
    ("City Eq 'A' Or City Eq 'B' And ListPrice Lt 5", _record(City="A", ListPrice=10), True),
    ("", _record(), True),
]


@pytest.mark.parametrize(("text", "record", "kept"), CASES, ids=[c[0][:50] for c in CASES])
def test_the_evaluator(text: str, record: dict[str, Any], kept: bool) -> None:
    assert _keeps(text, record) is kept


@pytest.mark.parametrize("text", ["City Eq", "NoSuchField Eq 1", "tolower(Nope) Eq 'x'", "ListPrice Gt 'x'"])
def test_refusals(text: str) -> None:
    with pytest.raises(FilterRefused) as caught:
        matcher(text, "StandardFields", KNOWN)
    assert caught.value.errors and caught.value.errors[0]["Status"] == "Fatal"
