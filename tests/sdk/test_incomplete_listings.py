"""Drafts and listing sub-resources through the generated SDK, over HTTP, against the
local server (``sparkapi.testing.SparkTestServer``), sync and async.

A draft is written as flat standard fields and read back as a listing record (fields
under ``StandardFields``); its rooms are stored per draft; open houses and tours send
their US dates and times in the API's forms and read them back as ``date`` / ``time``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal

import httpx
import pytest
import sparkapi
from sparkapi.testing import SparkTestServer

LISTING = "20100815153524571646000000"


@pytest.fixture
def local() -> Iterator[SparkTestServer]:
    with SparkTestServer() as server:
        yield server


def _new_draft(drafts: list[sparkapi.Listing], before: set[str | None]) -> sparkapi.Listing:
    (draft,) = [d for d in drafts if d.id not in before]
    return draft


def test_a_draft_is_created_read_updated_given_rooms_and_deleted(local: SparkTestServer) -> None:
    with local.client() as client:
        before = {d.id for d in client.incomplete_listings.list()}
        client.incomplete_listings.create(list_price=Decimal("249900.00"), city="Fargo", beds_total=3)
        draft = _new_draft(client.incomplete_listings.list(), before)
        assert draft.id is not None and draft.standard_fields is not None
        assert draft.standard_fields.city == "Fargo"
        assert draft.standard_fields.list_price == Decimal("249900.00")

        client.incomplete_listings.update(draft.id, list_price=Decimal("239900"), year_built=1998)
        fields = client.incomplete_listings.get(draft.id).standard_fields
        assert fields is not None
        assert (fields.city, fields.list_price, fields.beds_total, fields.year_built) == (
            "Fargo",
            Decimal("239900"),
            3,
            1998,
        )

        seeded = {r.id for r in client.incomplete_listings.rooms.list(draft.id)}  # the documented room
        client.incomplete_listings.rooms.create(draft.id, fields={"RoomName": "Bedroom", "Area": "40"})
        (room,) = [r for r in client.incomplete_listings.rooms.list(draft.id) if r.id not in seeded]
        assert room.fields == {"RoomName": "Bedroom", "Area": "40"} and room.id is not None
        assert client.incomplete_listings.rooms.get(draft.id, room.id).fields == room.fields
        # Rooms belong to their draft: another draft, and the listing of the same id, lack it.
        client.incomplete_listings.create(city="Moorhead")
        other = _new_draft(client.incomplete_listings.list(), before | {draft.id})
        assert other.id is not None
        assert {r.id for r in client.incomplete_listings.rooms.list(other.id)} == seeded
        assert {r.id for r in client.listings.rooms.list(draft.id)} == seeded

        client.incomplete_listings.delete(draft.id)
        assert draft.id not in {d.id for d in client.incomplete_listings.list()}
        with pytest.raises(sparkapi.NotFoundError):
            client.incomplete_listings.get(draft.id)


async def test_a_draft_round_trips_async(local: SparkTestServer) -> None:
    async with local.async_client() as client:
        before = {d.id for d in await client.incomplete_listings.list()}
        await client.incomplete_listings.create(city="West Fargo", list_price=Decimal("1079900"))
        draft = _new_draft(await client.incomplete_listings.list(), before)
        assert draft.id is not None
        await client.incomplete_listings.update(draft.id, beds_total=4)
        fields = (await client.incomplete_listings.get(draft.id)).standard_fields
        assert fields is not None and (fields.city, fields.beds_total) == ("West Fargo", 4)
        seeded = {u.id for u in await client.incomplete_listings.units.list(draft.id)}
        await client.incomplete_listings.units.create(draft.id, fields={"UnitNumber": "1A"})
        (unit,) = [u for u in await client.incomplete_listings.units.list(draft.id) if u.id not in seeded]
        assert unit.fields == {"UnitNumber": "1A"}
        await client.incomplete_listings.delete(draft.id)
        with pytest.raises(sparkapi.NotFoundError):
            await client.incomplete_listings.get(draft.id)


def _sent_bodies(local: SparkTestServer) -> tuple[httpx.Client, list[dict[str, object]]]:
    """A client that records the JSON bodies it sends to the local server."""
    bodies: list[dict[str, object]] = []

    def record(request: httpx.Request) -> None:
        if request.content:
            bodies.append(json.loads(request.content)["D"])

    return httpx.Client(event_hooks={"request": [record]}), bodies


def test_an_open_house_goes_out_in_us_forms_and_reads_back_as_date_and_time(local: SparkTestServer) -> None:
    http, bodies = _sent_bodies(local)
    with http, local.client(http_client=http) as client:
        before = {o.id for o in client.listings.open_houses.list(LISTING)}
        client.listings.open_houses.create(
            LISTING, date=date(2026, 12, 5), start_time=time(9, 0), end_time=time(13, 30), comments="Cider"
        )
        assert bodies[-1] == {"Date": "12/05/2026", "StartTime": "09:00 AM", "EndTime": "01:30 PM", "Comments": "Cider"}
        (created,) = [o for o in client.listings.open_houses.list(LISTING) if o.id not in before]
        assert (created.date, created.start_time, created.end_time) == (date(2026, 12, 5), time(9, 0), time(13, 30))
        # Tours too; attributes not passed are not sent.
        client.listings.tour_of_homes.create(LISTING, date=date(2010, 10, 1), comments="Free chips!")
        assert bodies[-1] == {"Comments": "Free chips!", "Date": "10/01/2010"}


def test_a_model_attribute_set_to_a_date_keeps_the_us_form() -> None:
    event = sparkapi.ListingTourOfHomes(date=date(2012, 5, 14), start_time=time(17, 0))
    assert event.to_dict() == {"Date": "05/14/2012", "StartTime": "05:00 PM"}
    assert (event.date, event.start_time) == (date(2012, 5, 14), time(17, 0))


def test_the_local_server_refuses_an_iso_date_where_a_us_date_is_documented(local: SparkTestServer) -> None:
    with local.client() as client, pytest.raises(sparkapi.BadRequestError):
        client.request("POST", f"/listings/{LISTING}/openhouses", body={"Date": "2026-12-05", "StartTime": "09:00 AM"})


async def test_an_open_house_goes_out_in_us_forms_async(local: SparkTestServer) -> None:
    async with local.async_client() as client:
        before = {o.id for o in await client.listings.open_houses.list(LISTING)}
        await client.listings.open_houses.create(LISTING, date=date(2027, 1, 9), start_time=time(18, 15))
        (created,) = [o for o in await client.listings.open_houses.list(LISTING) if o.id not in before]
        assert created.to_dict()["Date"] == "01/09/2027" and created.to_dict()["StartTime"] == "06:15 PM"
        assert (created.date, created.start_time) == (date(2027, 1, 9), time(18, 15))


def test_a_failed_validation_is_a_bad_request_naming_the_field(local: SparkTestServer) -> None:
    with local.client() as client:
        client.listings.validation.validate_create(list_price=Decimal("1079900"), city="Fargo")  # valid: nothing saved
        with pytest.raises(sparkapi.BadRequestError) as refused:
            client.request("POST", "/listings/validation", body={"BedsTotal": "many"})
        assert "BedsTotal" in str(refused.value)
