"""Records of a page built by msgspec in one pass over the body, as their model's record
type (the records nested in them kept as text until first read); where a page does not
fit whole, each record built on its own, the one that does not fit parsed into a model
over its JSON object: the model contract is the same as for records over a parsed
object (``from_dict``), which every test here compares with.
"""

from __future__ import annotations

import copy
import json
import pickle
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import msgspec
import pytest
import sparkapi
from sparkapi import _models
from sparkapi._models import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    JSON,
    STRING,
    TIMESTAMP,
    US_DATE,
    ListCodec,
    MapCodec,
    Model,
    ModelCodec,
    field,
    parse_results,
)

from .server import SparkTestServer
from .spec_cases import CASES, documented_call, documented_response, method_of

MASK = "********"


class Tag(Model):
    label: str | None = field("Label", STRING)


class Photo(Model):
    id: str | None = field("Id", STRING)
    height: int | None = field("Height", INTEGER)
    tags: list[Tag] | None = field("Tags", ListCodec(ModelCodec(Tag)))


class Office(Model):
    name: str | None = field("Name", STRING)


class Home(Model):
    name: str | sparkapi.Masked | None = field("Name", STRING, maskable=True)
    beds: int | sparkapi.Masked | None = field("Beds", INTEGER, maskable=True)
    price: Decimal | sparkapi.Masked | None = field("Price", DECIMAL, maskable=True)
    pool: bool | sparkapi.Masked | None = field("Pool", BOOLEAN, maskable=True)
    changed: datetime | None = field("Changed", TIMESTAMP)
    listed: date | None = field("Listed", DATE)
    remark: str | None = field("Remark", STRING)  # not maskable: keeps the marker
    features: list[str] | sparkapi.Masked | None = field(
        "Features", ListCodec(STRING), maskable=True
    )
    extra_json: Any = field("Blob", JSON)
    office: Office | None = field("Office", ModelCodec(Office))
    photos: list[Photo] | None = field("Photos", ListCodec(ModelCodec(Photo)))


class Visit(Model):
    day: date | None = field("Day", US_DATE)  # a codec msgspec leaves to Python


class Agenda(Model):
    visits: list[Visit] | None = field("Visits", ListCodec(ModelCodec(Visit)))


class Catalogue(Model):  # records in a map: decoded the slow way only
    homes: dict[str, Home | None] | None = field("Homes", MapCodec(ModelCodec(Home)))


FULL: dict[str, Any] = {
    "Name": "Maple",
    "Beds": 3,
    "Price": "250000.00",
    "Pool": False,
    "Changed": "2024-03-01T10:20:30.123-05:00",
    "Listed": "2024-02-28",
    "Remark": "Quiet",
    "Features": ["Deck", "Range"],
    "Blob": {"Any": [1, "two"]},
    "Office": {"Name": "North", "Since": 1999},
    "Photos": [
        {"Id": "p1", "Height": 768, "Tags": [{"Label": "front"}]},
        {"Id": "p2", "Height": None, "Caption": "kept"},
    ],
    "NotInTheSpec": {"Kept": True},
}

# Records that decode the slow way (msgspec rejects their text), or hold odd values.
ODD: list[dict[str, Any]] = [
    {},
    {"Name": None, "Beds": None, "Photos": None, "Office": None},
    {"Name": MASK, "Beds": MASK, "Pool": MASK, "Features": MASK, "Remark": MASK},
    {"Price": MASK, "Name": "x"},  # a masked decimal
    {"Changed": "2024-03-01T10:20:30"},  # no offset: taken as UTC
    {"Changed": " 2024-03-01T10:20:30Z "},
    {"Beds": "5", "Pool": "true", "Price": 12.5},  # numbers and booleans as strings
    {"Beds": 4.0, "Price": 1},
    {"Beds": "not a number", "Name": "App"},  # fails on read of beds only
    {"Beds": True},
    {"Listed": "yesterday", "Photos": [{"Height": "tall", "Id": "p"}]},
    {"Name": 5, "Features": ["a", 3]},
    {"Office": "not an object", "Name": "n"},
    {"Blob": MASK},
    {"Photos": [{"Tags": [{"Label": MASK}]}]},
    {"Name": "n", "Photos": [{"Height": "tall", "Id": "p"}], "Office": {"Name": 5}},
    {"Price": 1.10, "Beds": 12345678901234, "Changed": "2024-03-01 10:20:30+05:30"},
    {"Price": 2e3, "Listed": "2024-02-29", "Features": []},
]


def test_decimals_sent_as_numbers_keep_their_digits_when_read_from_text() -> None:
    body = b'{"D": {"Success": true, "Results": [{"Price": 1.10}]}}'
    record = parse_results(Home, body)[0]
    assert str(record.price) == "1.10" and record.price == Decimal("1.1")
    assert str(parse_results(Home, body)[0].to_dict()["Price"]) == "1.1"  # the float sent


NAMES = list(Home._fields)  # pyright: ignore[reportPrivateUsage]


def _page(*records: dict[str, Any], pagination: Any = None) -> bytes:
    content: dict[str, Any] = {"Success": True, "Results": list(records)}
    if pagination is not None:
        content["Pagination"] = pagination
    return json.dumps({"D": content}).encode()


def _read(record: Model, name: str) -> Any:
    """The value read, or the error it raises, in a form two records can be compared by."""
    try:
        value = getattr(record, name)
    except ValueError as exc:
        return ("raises", str(exc))
    if isinstance(value, list):
        return [
            {n: _read(v, n) for n in type(v)._fields} if isinstance(v, Model) else v  # pyright: ignore[reportPrivateUsage]
            for v in value
        ]
    if isinstance(value, Model):
        return {n: _read(value, n) for n in type(value)._fields}  # pyright: ignore[reportPrivateUsage]
    return (type(value), value)


def _from_page(record: dict[str, Any]) -> Home:
    """``record`` read from a page: built by msgspec where it fits the model's record
    type (holding only its place in the body), else a model over its JSON object."""
    page = parse_results(Home, _page(record))
    assert len(page) == 1 and set(vars(page[0])) in ({"_up"}, {"_data"})
    return page[0]


@pytest.mark.parametrize("record", [FULL, *ODD])
def test_a_record_read_from_text_reads_as_one_over_its_object(record: dict[str, Any]) -> None:
    lazy = _from_page(record)
    eager = Home.from_dict(record)

    for name in NAMES:
        assert _read(lazy, name) == _read(eager, name), name
    assert lazy.to_dict() == record and lazy.extra == eager.extra
    assert lazy == eager


def test_a_page_that_fits_is_built_by_msgspec_its_nested_records_kept_as_text() -> None:
    record = _from_page(FULL)

    assert isinstance(record, Home) and isinstance(record, msgspec.Struct)
    assert vars(record).keys() == {"_up"}  # its place in the body: no dict parsed
    assert record.price == Decimal("250000.00") and record.beds == 3
    assert record.changed is not None and record.changed.utcoffset() is not None
    assert record.photos is not None and record.photos[0].tags is not None
    assert vars(record).keys() == {"_up", "photos"}  # decoded on this first read
    assert record.photos[0].tags[0].label == "front"
    assert record.office is not None and record.office.name == "North"
    assert record.extra == {"NotInTheSpec": {"Kept": True}}  # now parsed
    assert "_data" in vars(record) and "_up" not in vars(record)


def test_a_page_msgspec_cannot_take_whole_builds_each_record_on_its_own() -> None:
    page = parse_results(Home, _page(FULL, {"Price": MASK}))  # a masked decimal

    assert isinstance(page[0], msgspec.Struct) and set(vars(page[0])) == {"_up"}
    assert page[0].photos is not None and page[0].photos[1].id == "p2"
    assert not isinstance(page[1], msgspec.Struct) and set(vars(page[1])) == {"_data"}
    assert page[1].price is sparkapi.MASKED
    assert [r.to_dict() for r in page] == [FULL, {"Price": MASK}]


def test_masks_read_masked_where_the_spec_allows_them() -> None:
    record = _from_page({"Name": MASK, "Beds": MASK, "Pool": MASK, "Remark": MASK, "Price": MASK})

    assert record.name is sparkapi.MASKED and record.beds is sparkapi.MASKED
    assert record.pool is sparkapi.MASKED and record.price is sparkapi.MASKED
    assert record.remark == MASK  # not maskable: a string keeps the marker


def test_omitted_is_not_null_and_a_bad_value_raises_only_when_read() -> None:
    record = _from_page({"Name": None, "Beds": "many"})

    assert record.name is None and record.price is None
    with pytest.raises(ValueError, match="Home.beds: cannot decode 'many'"):
        record.beds
    assert record.to_dict() == {"Name": None, "Beds": "many"}


@pytest.mark.parametrize("first", ["parent", "photo", "tag"])
def test_a_write_to_a_nested_record_is_seen_by_its_parent(first: str) -> None:
    record = _from_page(FULL)
    photos = record.photos
    assert photos is not None and photos[0].tags is not None
    tag = photos[0].tags[0]
    if first == "parent":
        record.to_dict()
    elif first == "photo":
        photos[1].to_dict()
    else:
        tag.to_dict()

    photos[1].height = 480
    tag.label = "back"
    record.name = "Oak"

    sent = record.to_dict()
    assert sent["Photos"][1] == {"Id": "p2", "Height": 480, "Caption": "kept"}
    assert sent["Photos"][0]["Tags"] == [{"Label": "back"}]
    assert sent["Name"] == "Oak" and tag.label == "back"


def test_a_nested_record_taken_out_of_its_list_keeps_its_own_object() -> None:
    record = _from_page(FULL)
    assert record.photos is not None
    taken = record.photos.pop(0)

    assert record.to_dict()["Photos"][0]["Id"] == "p1"  # the list read is a copy
    taken.height = 1
    assert taken.to_dict() == {"Id": "p1", "Height": 1, "Tags": [{"Label": "front"}]}
    assert record.to_dict()["Photos"][0]["Height"] == 1


def test_a_write_before_the_first_read_is_kept() -> None:
    record = _from_page(FULL)
    record.beds = 4
    del record.office

    assert record.beds == 4 and record.office is None and record.price == Decimal("250000.00")
    assert "Office" not in record.to_dict() and record.to_dict()["Beds"] == 4


@pytest.mark.parametrize("read_first", [False, True])
def test_records_from_text_pickle_and_copy(read_first: bool) -> None:
    record = _from_page(FULL)
    if read_first:
        assert record.photos is not None and record.photos[0].height == 768
    for copied in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record), copy.copy(record)):
        assert copied == record and copied.to_dict() == FULL
        assert copied.photos is not None and copied.photos[0].height == 768
        assert copied.changed == datetime(2024, 3, 1, 15, 20, 30, 123000, tzinfo=timezone.utc)


def test_pagination_and_the_envelope_checks_are_kept() -> None:
    page = parse_results(Home, _page(FULL, {"Name": "b"}, pagination={"TotalRows": 7}))
    assert [r.name for r in page] == ["Maple", "b"]
    assert page.pagination is not None and page.pagination.total_rows == 7
    assert parse_results(Home, b'{"D": {"Success": true}}') == []
    for bad in (b'{"D": {"Results": [1]}}', b'{"D": {"Results": {"A": 1}}}'):
        with pytest.raises(ValueError, match="expected Results to be a list of objects"):
            parse_results(Home, bad)
    with pytest.raises(ValueError, match="expected"):
        parse_results(Home, b'{"Results": []}')


def test_records_in_a_map_decode_the_slow_way() -> None:
    page = parse_results(Catalogue, _page({"Homes": {"a": FULL, "b": None}}))
    homes = page[0].homes
    assert homes is not None and homes["b"] is None
    home = homes["a"]
    assert home is not None and home.price == Decimal("250000.00")
    home.beds = 9
    assert page[0].to_dict()["Homes"]["a"]["Beds"] == 9


def test_without_msgspec_pages_are_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_models, "_decode_page", None)
    page = parse_results(Home, _page(FULL))

    assert set(vars(page[0])) == {"_data"}
    assert _read(page[0], "photos") == _read(Home.from_dict(FULL), "photos")


LIST_CASE = next(c for c in CASES if c.operation.returns.kind == "list")


def test_a_list_call_parses_no_dict_of_its_records(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    response = documented_response(LIST_CASE)
    results = response["D"].setdefault("Results", [])
    if not results:
        results.append({})
    server.respond(json=response)
    call = documented_call(LIST_CASE)

    records = method_of(client, LIST_CASE)(*call.args, **call.kwargs)

    assert records and all("_data" not in vars(r) for r in records)  # no dict parsed
    assert [r.to_dict() for r in records] == results


def test_nested_records_read_before_their_list_is_replaced_keep_their_objects() -> None:
    record = _from_page(FULL)
    old = record.photos
    assert old is not None
    record.photos = [Photo(id="new", height=1)]

    old[0].height = 5
    assert old[0].to_dict() == {"Id": "p1", "Height": 5, "Tags": [{"Label": "front"}]}
    assert record.to_dict()["Photos"] == [{"Id": "new", "Height": 1}]


def test_nested_records_from_text_are_their_model_built_by_msgspec() -> None:
    record = _from_page(FULL)
    assert record.photos is not None
    photo, expected = record.photos[0], Photo.from_dict(FULL["Photos"][0])

    # An instance of the model's record type: a msgspec Struct that is a Photo, read
    # from slots; the model's own methods, not msgspec's, say what it equals and shows.
    assert isinstance(photo, Photo) and isinstance(photo, msgspec.Struct)
    assert type(photo).__qualname__ == "Photo" and type(photo) is not Photo
    assert photo == expected and not photo != expected and repr(photo) == repr(expected)
    with pytest.raises(TypeError):
        hash(photo)
    for copied in (copy.copy(photo), copy.deepcopy(photo), pickle.loads(pickle.dumps(photo))):
        assert type(copied) is Photo and copied == photo
    # No model has a __getattr__: Python would look it up on every attribute read.
    assert not hasattr(Model, "__getattr__") and not hasattr(type(photo), "__getattr__")


def test_a_nested_record_refuses_a_value_that_does_not_fit_and_stays_as_it_was() -> None:
    record = _from_page(FULL)
    assert record.photos is not None
    photo = record.photos[0]

    with pytest.raises(ValueError, match="Photo.height: cannot decode 'tall'"):
        photo.height = "tall"  # type: ignore[assignment]
    assert photo.height == 768 and record.to_dict()["Photos"][0]["Height"] == 768
    photo.height = 1024
    assert photo.height == 1024 and record.to_dict()["Photos"][0]["Height"] == 1024
    del photo.height
    assert photo.height is None and "Height" not in record.to_dict()["Photos"][0]
    with pytest.raises(AttributeError, match="has no attribute 'width'"):
        setattr(photo, "width", 1)


def test_a_nested_value_that_does_not_fit_sends_its_root_the_slow_way() -> None:
    fits, unfit = parse_results(
        Agenda, _page({"Visits": [{"Day": "3/1/2024"}]}, {"Visits": [{"Day": "someday"}]})
    )

    assert fits.visits is not None and isinstance(fits.visits[0], msgspec.Struct)
    assert fits.visits[0].day == date(2024, 3, 1)
    assert unfit.visits is not None and not isinstance(unfit.visits[0], msgspec.Struct)
    with pytest.raises(ValueError, match="Visit.day: cannot decode 'someday'"):
        unfit.visits[0].day
    assert unfit.to_dict() == {"Visits": [{"Day": "someday"}]}
