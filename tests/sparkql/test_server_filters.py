"""The local server filters for real: ``client.listings.list(filter=...)`` returns exactly
the stored records that match, computed here independently over the records fetched
unfiltered (plain Python predicates, not the server's evaluator)."""

from __future__ import annotations

import asyncio
import math
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Callable, Iterator

import pytest

import sparkapi
from sparkapi.sparkql import F, SparkQLSyntaxError, days, radius, rectangle
from sparkapi.testing import SparkTestServer

Fields = dict[str, Any]


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value).strip())


def _moment(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(a))


def _within(f: Fields, miles: float) -> bool:
    lat, lon = _dec(f.get("Latitude")), _dec(f.get("Longitude"))
    return lat is not None and lon is not None and _miles(46.8772, -96.792246, float(lat), float(lon)) <= miles


def _box(f: Fields, south: str, west: str, north: str, east: str) -> bool:
    lat, lon = _dec(f.get("Latitude")), _dec(f.get("Longitude"))
    return lat is not None and lon is not None and Decimal(south) <= lat <= Decimal(north) and Decimal(west) <= lon <= Decimal(east)


def _city(f: Fields) -> str:
    return str(f.get("City") or "").lower()


def _ts(f: Fields) -> datetime | None:
    return _moment(f.get("ModificationTimestamp"))


TODAY = datetime.now(timezone.utc).date()


def _since(f: Fields, day: date) -> bool:
    ts = _ts(f)
    return ts is not None and ts > datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


TABLE: list[tuple[str | sparkapi.sparkql.Expr, Callable[[Fields], bool]]] = [
    ("City Eq 'Fargo'", lambda f: _city(f) == "fargo"),
    ("City Eq 'fargo'", lambda f: _city(f) == "fargo"),
    ("City Eq '*Fargo'", lambda f: _city(f).endswith("fargo")),
    ("City Eq 'Fargo','Bismarck'", lambda f: _city(f) in ("fargo", "bismarck")),
    ("City Ne 'Fargo'", lambda f: f.get("City") is not None and _city(f) != "fargo"),
    ("City Ne 'Fargo','Moorhead'", lambda f: f.get("City") is not None and _city(f) not in ("fargo", "moorhead")),
    ("ListPrice Gt 300000", lambda f: (_dec(f.get("ListPrice")) or 0) > 300000),
    ("ListPrice Ge 389000", lambda f: (_dec(f.get("ListPrice")) or 0) >= 389000),
    ("ListPrice Lt 249500", lambda f: f.get("ListPrice") is not None and _dec(f["ListPrice"]) < 249500),  # type: ignore[operator]
    ("ListPrice Le 249500.0", lambda f: f.get("ListPrice") is not None and _dec(f["ListPrice"]) <= 249500),  # type: ignore[operator]
    ("ListPrice Bt 200000,400000", lambda f: 200000 <= (_dec(f.get("ListPrice")) or 0) <= 400000),
    ("ListPrice Eq 159900,389000", lambda f: _dec(f.get("ListPrice")) in (159900, 389000)),
    ("BedsTotal Ge 4 And City Eq 'Moorhead'", lambda f: (f.get("BedsTotal") or 0) >= 4 and _city(f) == "moorhead"),
    ("BedsTotal Eq 2 Or BedsTotal Eq 8", lambda f: f.get("BedsTotal") in (2, 8)),
    ("Not City Eq 'Fargo'", lambda f: _city(f) != "fargo"),
    ("City Eq 'Fargo' Not BedsTotal Eq 8", lambda f: _city(f) == "fargo" and f.get("BedsTotal") != 8),
    ("(City Eq 'Fargo' Or City Eq 'Bismarck') And ListPrice Lt 300000",
     lambda f: _city(f) in ("fargo", "bismarck") and (_dec(f.get("ListPrice")) or 10**9) < 300000),
    ("Not (MlsStatus Eq 'Closed' Or MlsStatus Eq 'Pending')", lambda f: f.get("MlsStatus") not in ("Closed", "Pending")),
    ("MlsStatus Eq NULL", lambda f: f.get("MlsStatus") is None),
    ("MlsStatus Ne NULL", lambda f: f.get("MlsStatus") is not None),
    ("BathsTotal Eq 2.5", lambda f: _dec(f.get("BathsTotal")) == Decimal("2.5")),
    ("BathsTotal Bt 1.5,2.5", lambda f: Decimal("1.5") <= (_dec(f.get("BathsTotal")) or 0) <= Decimal("2.5")),
    ("YearBuilt Lt 1950 Or YearBuilt Gt 2010", lambda f: f.get("YearBuilt") is not None and (f["YearBuilt"] < 1950 or f["YearBuilt"] > 2010)),
    ("ModificationTimestamp Gt 2022-06-01T00:00:00", lambda f: (_ts(f) or datetime.min.replace(tzinfo=timezone.utc)) > datetime(2022, 6, 1, tzinfo=timezone.utc)),
    # a date against a timestamp is that date's midnight (UTC)
    ("ModificationTimestamp Lt 2022-06-01", lambda f: _ts(f) is not None and _ts(f) < datetime(2022, 6, 1, tzinfo=timezone.utc)),  # type: ignore[operator]
    ("ModificationTimestamp Bt 2022-01-01T00:00:00-05:00,2022-12-31T23:59:59-05:00",
     lambda f: _ts(f) is not None and datetime(2022, 1, 1, 5, tzinfo=timezone.utc) <= _ts(f) <= datetime(2023, 1, 1, 4, 59, 59, tzinfo=timezone.utc)),  # type: ignore[operator]
    ("ModificationTimestamp Gt days(-1200)", lambda f: _since(f, TODAY - timedelta(days=1200))),
    (F.ModificationTimestamp > days(-1500), lambda f: _since(f, TODAY - timedelta(days=1500))),
    ("PublicRemarks Eq contains('kitchen')", lambda f: "kitchen" in str(f.get("PublicRemarks") or "").lower() and f.get("PublicRemarks") is not None),
    ("PublicRemarks Eq startswith('fresh')", lambda f: str(f.get("PublicRemarks") or "").lower().startswith("fresh")),
    ("PostalCode Eq endswith('03')", lambda f: str(f.get("PostalCode") or "").endswith("03")),
    ("tolower(City) Eq 'west fargo'", lambda f: _city(f) == "west fargo"),
    ("year(ModificationTimestamp) Eq 2022", lambda f: _ts(f) is not None and _ts(f).year == 2022),  # type: ignore[union-attr]
    ("Location Eq radius('46.8772 -96.792246',0.5)", lambda f: _within(f, 0.5)),
    (F.Location == radius(46.8772, -96.792246, 2), lambda f: _within(f, 2)),
    ("Location Ne radius('46.8772 -96.792246',0.5)", lambda f: f.get("Latitude") is not None and not _within(f, 0.5)),
    (F.Location == rectangle((46.86, -96.80), (46.88, -96.78)), lambda f: _box(f, "46.86", "-96.80", "46.88", "-96.78")),
    ("Location Eq polygon('46.85 -96.90,46.90 -96.90,46.90 -96.78,46.85 -96.78')", lambda f: _box(f, "46.85", "-96.90", "46.90", "-96.78")),
    ("PropertyType Eq 'A'", lambda f: str(f.get("PropertyType")).lower() == "a"),
    ("City Eq 'Fargo' And (BedsTotal Ge 4 Not (ListPrice Gt 1000000))",
     lambda f: _city(f) == "fargo" and (f.get("BedsTotal") or 0) >= 4 and not (_dec(f.get("ListPrice")) or 0) > 1000000),
    ((F.ListPrice.between(100_000, 300_000) & (F.City == "Fargo")) | F.PropertyType.in_(["B", "C"]),
     lambda f: (100000 <= (_dec(f.get("ListPrice")) or 0) <= 300000 and _city(f) == "fargo") or str(f.get("PropertyType")).lower() in ("b", "c")),
    (~(F.City == "Moorhead") & (F.BedsTotal <= 3), lambda f: _city(f) != "moorhead" and (f.get("BedsTotal") or 99) <= 3),
]


@pytest.fixture(scope="module")
def server() -> Iterator[SparkTestServer]:
    with SparkTestServer(records={"listings": 200}, seed=11) as running:
        yield running


@pytest.fixture(scope="module")
def stored(server: SparkTestServer) -> list[dict[str, Any]]:
    with server.client() as client:
        rows = [listing.to_dict() for listing in client.listings.iter_list(limit=25)]
    assert len(rows) == 200
    return rows


def _expected(rows: list[dict[str, Any]], predicate: Callable[[Fields], bool]) -> list[str]:
    return [row["Id"] for row in rows if predicate(row["StandardFields"])]


def test_the_table_is_large_and_discriminating(stored: list[dict[str, Any]]) -> None:
    assert len(TABLE) >= 30
    sizes = [len(_expected(stored, predicate)) for _, predicate in TABLE]
    assert sum(0 < size < len(stored) for size in sizes) >= 30  # most filters keep some, not all


@pytest.mark.parametrize(("filter_", "predicate"), TABLE, ids=[str(f)[:50] for f, _ in TABLE])
def test_sync_list_returns_exactly_the_matching_records(
    server: SparkTestServer, stored: list[dict[str, Any]], filter_: str | sparkapi.sparkql.Expr, predicate: Callable[[Fields], bool]
) -> None:
    with server.client() as client:
        got = [listing.to_dict()["Id"] for listing in client.listings.iter_list(filter=filter_, limit=25)]
    assert got == _expected(stored, predicate)


@pytest.mark.parametrize(("filter_", "predicate"), TABLE, ids=[str(f)[:50] for f, _ in TABLE])
def test_async_list_returns_exactly_the_matching_records(
    server: SparkTestServer, stored: list[dict[str, Any]], filter_: str | sparkapi.sparkql.Expr, predicate: Callable[[Fields], bool]
) -> None:
    async def fetch() -> list[str]:
        async with server.async_client() as client:
            return [listing.to_dict()["Id"] for listing in (await client.listings.list(filter=filter_, limit=25, page=1))] + [
                listing.to_dict()["Id"]
                for page in range(2, 10)
                for listing in (await client.listings.list(filter=filter_, limit=25, page=page))
            ]

    assert asyncio.run(fetch()) == _expected(stored, predicate)


def test_an_invalid_filter_is_refused_before_sending(server: SparkTestServer) -> None:
    lines: list[str] = []
    with SparkTestServer(records={"listings": 5}, log=lines.append) as quiet, quiet.client() as client:
        with pytest.raises(SparkQLSyntaxError) as caught:
            client.listings.list(filter="ListPrice Gt")
        assert caught.value.column == 13
        assert lines == []  # no request went out


def test_the_server_answers_an_invalid_filter_with_1040(server: SparkTestServer) -> None:
    with server.client() as client:
        unchecked = client.with_options(check_filters=False)
        with pytest.raises(sparkapi.BadRequestError) as caught:
            unchecked.listings.list(filter="ListPrice Gt 'x'")
        error = caught.value
        assert error.code == 1040 and error.status_code == 400
        assert error.sparkql_errors and error.sparkql_errors[0]["Token"] == "Gt"
        with pytest.raises(sparkapi.BadRequestError) as unknown:
            client.listings.list(filter="NoSuchField Eq 1")
        assert unknown.value.code == 1040
        assert unknown.value.sparkql_errors and unknown.value.sparkql_errors[0]["Token"] == "NoSuchField"


def test_check_filters_false_on_the_client(server: SparkTestServer) -> None:
    with sparkapi.SparkClient("t", base_url=server.url, check_filters=False) as client:
        with pytest.raises(sparkapi.SparkAPIError):
            client.listings.list(filter="(")
