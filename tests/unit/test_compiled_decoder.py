"""The decoder each model class compiles for itself keeps the whole model contract:
lazy, unknown attributes kept, masked values, omitted is not null, a value that does
not fit raises only when read, in a record and in a nested list of records alike."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sparkapi import MASKED, Masked, Model
from sparkapi._models import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    JSON,
    STRING,
    TIMESTAMP,
    EnumCodec,
    ListCodec,
    ModelCodec,
    field,
)


class Kind(enum.Enum):
    HOUSE = "House"


class Photo(Model):
    name: str | None = field("Name", STRING)
    height: int | None = field("Height", INTEGER)
    taken: datetime | None = field("Taken", TIMESTAMP)


class Record(Model):
    name: str | Masked | None = field("Name", STRING, maskable=True)
    count: int | Masked | None = field("Count", INTEGER, maskable=True)
    flag: bool | None = field("Flag", BOOLEAN)
    price: Decimal | Masked | None = field("Price", DECIMAL, maskable=True)
    listed: date | None = field("Listed", DATE)
    changed: datetime | None = field("Changed", TIMESTAMP)
    kind: Kind | str | Masked | None = field("Kind", EnumCodec(Kind), maskable=True)
    tags: list[str] | None = field("Tags", ListCodec(STRING))
    photos: list[Photo] | None = field("Photos", ListCodec(ModelCodec(Photo)))
    cover: Photo | None = field("Cover", ModelCodec(Photo))
    raw: Any = field("Raw", JSON)


WIRE: dict[str, Any] = {
    "Name": "Maple",
    "Count": 3,
    "Flag": True,
    "Price": "250000.00",
    "Listed": "2024-05-01",
    "Changed": "2024-05-01T10:00:00-05:00",
    "Kind": "House",
    "Tags": ["a", "b"],
    "Photos": [{"Name": "p1", "Height": 768, "Taken": "2024-01-01T00:00:00Z"}],
    "Cover": {"Name": "c"},
    "Raw": {"x": [1]},
    "X_Unknown": 7,
}


def test_every_type_decodes_and_unknown_attributes_stay() -> None:
    record = Record.from_dict(WIRE)
    assert record.name == "Maple" and record.count == 3 and record.flag is True
    assert record.price == Decimal("250000.00")
    assert record.listed == date(2024, 5, 1)
    assert record.changed == datetime(2024, 5, 1, 10, tzinfo=timezone(timedelta(hours=-5)))
    assert record.kind is Kind.HOUSE
    assert record.tags == ["a", "b"]
    assert record.tags is not record.to_dict()["Tags"]
    assert record.photos is not None and record.photos[0].taken == datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert record.photos[0].height == 768
    assert record.cover is not None and record.cover.name == "c"
    assert record.raw == {"x": [1]}
    assert record.extra == {"X_Unknown": 7}
    assert record.to_dict() == WIRE


def test_masked_omitted_and_null() -> None:
    masked = {k: "********" for k in ("Name", "Count", "Price", "Kind")}
    record = Record.from_dict({**masked, "Flag": None})
    assert (record.name, record.count, record.price, record.kind) == (MASKED,) * 4
    assert record.flag is None and record.listed is None and record.photos is None
    assert "Listed" not in record.to_dict() and record.to_dict()["Flag"] is None


def test_other_shapes_go_through_the_codecs() -> None:
    record = Record.from_dict({"Price": 12.5, "Changed": " 2024-05-01T10:00:00 ", "Count": "4", "Kind": "Condo"})
    assert record.price == Decimal("12.5")
    assert record.changed == datetime(2024, 5, 1, 10, tzinfo=timezone.utc)  # no offset: UTC
    assert record.count == 4 and record.kind == "Condo"


def test_a_value_that_does_not_fit_raises_only_when_read() -> None:
    record = Record.from_dict({**WIRE, "Count": True, "Price": "cheap", "Photos": [{"Height": "tall", "Name": "p"}]})
    assert record.name == "Maple"  # decodes the record: the bad values are left out
    with pytest.raises(ValueError, match="Record.count"):
        _ = record.count
    with pytest.raises(ValueError, match="Record.price"):
        _ = record.price
    photos = record.photos
    assert photos is not None and photos[0].name == "p"
    with pytest.raises(ValueError, match="Photo.height"):
        _ = photos[0].height


def test_writes_after_decoding_are_read_back() -> None:
    record = Record.from_dict(WIRE)
    assert record.count == 3
    record.count = 5
    assert record.count == 5 and record.to_dict()["Count"] == 5
    del record.name
    assert record.name is None and "Name" not in record.to_dict()
    built = Record(name="x", price=Decimal("1.5"))
    assert built.name == "x" and built.price == Decimal("1.5") and built.count is None
