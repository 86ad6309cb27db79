"""A realistic page of listings, and the same listing model four ways.

One table (``LISTING`` and ``PHOTO``) drives everything, so every decoder gets the same
work: the sparkgen spec of a "Listings bench" service (generated into a temporary SDK by
the decode benchmark), the 25-record response body, and the pydantic, msgspec and
dataclass models it is compared with.

The body is what the Spark API sends for a listing search: 74 attributes per record
(strings, integers, decimals sent as numeric strings or numbers, ISO 8601 timestamps
with offsets, dates, booleans, lists), a nested list of photos, a few ``"********"``
masked values (attributes the caller's role may not see) and a few attributes no spec
declares, all inside ``{"D": {"Success": true, "Results": [...]}}``.

Masking, the one thing peers cannot type the way the API sends it: sparkapi accepts
``"********"`` in any attribute. In the body it appears only in string and integer
attributes, which the peers can declare as ``int | Literal["********"]`` (msgspec allows a
string literal beside ``int`` but not beside ``Decimal`` or ``datetime``), so no peer is
handicapped by it.
"""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Optional, Union

import yaml

from bench.common import ROOT

MASK = "********"
STRINGS = (
    "Id", "ResourceUri", "ListingKey", "ListingId", "MlsId", "MlsStatus", "StandardStatus", "PropertyType",
    "PropertySubType", "StreetNumber", "StreetName", "StreetSuffix", "UnitNumber", "City", "StateOrProvince",
    "PostalCode", "CountyOrParish", "SubdivisionName", "UnparsedAddress", "ListAgentName", "ListAgentEmail",
    "ListOfficeName", "ListOfficePhone", "CoListAgentName", "PublicRemarks", "PrivateRemarks",
    "ShowingInstructions", "Directions", "SchoolDistrict", "ElementarySchool", "HighSchool",
    "ArchitecturalStyle", "Heating", "Cooling", "Roof", "Construction", "Zoning", "LotSizeUnits",
)  # fmt: skip
INTEGERS = ("BedsTotal", "BathsFull", "BathsHalf", "YearBuilt", "GarageSpaces", "Stories", "DaysOnMarket", "PhotosCount", "BuildingAreaTotal")
DECIMALS = ("ListPrice", "OriginalListPrice", "ClosePrice", "TaxAmount", "AssociationFee", "LotSizeAcres", "Latitude", "Longitude", "BathsTotal", "PricePerSqFt")
BOOLEANS = ("PoolYN", "WaterfrontYN", "FireplaceYN", "NewConstructionYN", "VirtualTourYN")
TIMESTAMPS = ("ModificationTimestamp", "OnMarketTimestamp", "StatusChangeTimestamp", "PriceChangeTimestamp", "PhotosChangeTimestamp", "OriginalEntryTimestamp")
DATES = ("ListingContractDate", "CloseDate", "ExpirationDate")
STRING_LISTS = ("Appliances", "Features")
MASKED_STRINGS = ("ListAgentEmail", "PrivateRemarks", "ShowingInstructions")
MASKED_INTEGERS = ("DaysOnMarket",)
UNKNOWN = ("X_BrokerRef", "RoomsRaw", "MlsExtra")  # in the body, in no model

# (wire name, sparkgen type) of the listing model, in body order; Photos is nested.
LISTING: tuple[tuple[str, str], ...] = (
    *((n, "string") for n in STRINGS),
    *((n, "integer") for n in INTEGERS),
    *((n, "decimal") for n in DECIMALS),
    *((n, "boolean") for n in BOOLEANS),
    *((n, "timestamp") for n in TIMESTAMPS),
    *((n, "date") for n in DATES),
    *((n, "list[string]") for n in STRING_LISTS),
    ("Photos", "list[BenchPhoto]"),
)
PHOTO: tuple[tuple[str, str], ...] = (
    ("Id", "string"), ("ResourceUri", "string"), ("Name", "string"), ("Caption", "string"),
    ("UriThumb", "string"), ("Uri300", "string"), ("Uri640", "string"), ("Uri1024", "string"),
    ("Primary", "boolean"), ("Height", "integer"), ("Width", "integer"), ("ModificationTimestamp", "timestamp"),
)  # fmt: skip
LISTING_MODEL = "BenchListing"
PHOTO_MODEL = "BenchPhoto"
MODULE = "listings_bench"


# --- the sparkgen spec ----------------------------------------------------------------


def write_listing_spec(target: Path) -> Path:
    """A spec with one service, "Listings bench", whose list operation returns the listings."""
    if target.exists():
        shutil.rmtree(target)
    (target / "services").mkdir(parents=True)
    shutil.copy(ROOT / "spec" / "api.yaml", target / "api.yaml")

    def attributes(table: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        return {wire: {"type": kind, "writeable": False, "description": f"The listing's {wire}."} for wire, kind in table}

    service = {
        "service": "Listings bench",
        "source": "https://example.com/bench/listings",
        "description": "A listing of realistic width, for the decode benchmark.",
        "roles": {r: {"read": True, "write": False} for r in ("idx", "public", "vow", "portal", "private")},
        "mounts": [{"accessor": "bench_listings", "path": "/benchlistings"}],
        "models": {
            # Listing fields are hidden by MLS rules for some roles: the page masks some.
            LISTING_MODEL: {"description": "A listing.", "maskable": True, "attributes": attributes(LISTING)},
            PHOTO_MODEL: {"description": "A photo of a listing.", "attributes": attributes(PHOTO)},
        },
        "endpoints": [
            {
                "title": "Listings",
                "path": "",
                "operations": {"list": {"method": "GET", "summary": "Search listings.", "returns": f"list[{LISTING_MODEL}]"}},
                "not_implemented": ["POST", "PUT", "DELETE"],
            }
        ],
    }
    (target / "services" / f"{MODULE}.yaml").write_text(yaml.safe_dump(service, sort_keys=False, width=100), encoding="utf-8")
    return target


# --- the response body ----------------------------------------------------------------


def _timestamp(rng: random.Random) -> str:
    moment = datetime(2023, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randint(0, 60_000_000))
    offset = timezone(timedelta(hours=rng.choice((-7, -6, -5, -4, 0))))
    text = moment.astimezone(offset).isoformat(timespec=rng.choice(("seconds", "milliseconds")))
    return text.replace("+00:00", "Z") if rng.random() < 0.5 else text


def _photo(rng: random.Random, listing: str, index: int) -> dict[str, Any]:
    base = f"https://cdn.photos.example.com/{listing}/{index:02d}"
    return {
        "Id": f"2023{rng.randint(10**21, 10**22 - 1)}",
        "ResourceUri": f"/v1/listings/{listing}/photos/{index}",
        "Name": f"Photo {index + 1}",
        "Caption": rng.choice(("Front of the house", "Kitchen", "Living room", "Back yard", None)),
        "UriThumb": f"{base}-t.jpg",
        "Uri300": f"{base}-300.jpg",
        "Uri640": f"{base}-640.jpg",
        "Uri1024": f"{base}-1024.jpg",
        "Primary": index == 0,
        "Height": 768,
        "Width": 1024,
        "ModificationTimestamp": _timestamp(rng),
    }


def _value(rng: random.Random, wire: str, kind: str, key: str) -> Any:
    if kind == "string":
        if wire == "Id":
            return key
        if wire == "ResourceUri":
            return f"/v1/listings/{key}"
        words = ("Maple", "Oak", "Cedar", "North", "Lake", "Ridge", "Sunny", "Quiet", "Updated", "Spacious")
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 12 if "Remarks" in wire else 3)))
    if kind == "integer":
        return rng.randint(0, 4000)
    if kind == "decimal":  # the API sends prices as numeric strings, measures as numbers
        return f"{rng.randint(50_000, 2_000_000)}.00" if "Price" in wire or wire in ("TaxAmount", "AssociationFee") else round(rng.uniform(0, 100), 4)
    if kind == "boolean":
        return rng.random() < 0.3
    if kind == "timestamp":
        return _timestamp(rng)
    if kind == "date":
        return (date(2023, 1, 1) + timedelta(days=rng.randint(0, 700))).isoformat()
    if kind == "list[string]":
        return rng.sample(["Dishwasher", "Range", "Refrigerator", "Washer", "Dryer", "Microwave", "Deck", "Patio"], rng.randint(0, 6))
    raise ValueError(kind)


def listing_page(records: int = 25, seed: int = 11) -> bytes:
    """The JSON body of one page of listing search results, always the same bytes."""
    rng = random.Random(seed)
    results = []
    for r in range(records):
        key = f"2023{r:02d}{rng.randint(10**19, 10**20 - 1)}"
        record: dict[str, Any] = {}
        for wire, kind in LISTING:
            if kind == "list[BenchPhoto]":
                record[wire] = [_photo(rng, key, i) for i in range(rng.randint(4, 12))]
            elif rng.random() < 0.06 and wire not in ("Id", "ResourceUri"):
                record[wire] = None  # attributes the listing does not have
            else:
                record[wire] = _value(rng, wire, kind, key)
        if r % 5 == 1:  # a role that may not see these
            for wire in MASKED_STRINGS + MASKED_INTEGERS:
                record[wire] = MASK
        record["X_BrokerRef"] = f"BR-{rng.randint(1000, 9999)}"
        record["RoomsRaw"] = [{"Type": "Bedroom", "Level": "Upper"}, {"Type": "Kitchen", "Level": "Main"}]
        record["MlsExtra"] = {"Flags": rng.randint(0, 255)}
        results.append(record)
    return json.dumps({"D": {"Success": True, "Results": results}}, separators=(",", ":")).encode()


# --- the peers' models ----------------------------------------------------------------


def snake(wire: str) -> str:
    out = []
    for i, ch in enumerate(wire):
        if ch.isupper() and i and (not wire[i - 1].isupper() or (i + 1 < len(wire) and wire[i + 1].islower())):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _python_type(kind: str, wire: str, photo: Any) -> Any:
    base: Any = {
        "string": str,
        "integer": int,
        "decimal": Decimal,
        "boolean": bool,
        "timestamp": datetime,
        "date": date,
        "list[string]": list[str],
        "list[BenchPhoto]": list[photo],
    }[kind]
    if kind == "integer" and wire in MASKED_INTEGERS:
        base = Union[int, Literal["********"]]
    return Optional[base]


def pydantic_models() -> type[Any]:
    """The listing as pydantic v2 models: snake_case fields with wire aliases, unknown attributes kept."""
    from pydantic import BaseModel, ConfigDict, Field, create_model

    config = ConfigDict(extra="allow", populate_by_name=True)

    def build(name: str, table: tuple[tuple[str, str], ...], photo: Any) -> type[BaseModel]:
        fields: dict[str, Any] = {snake(w): (_python_type(k, w, photo), Field(None, alias=w)) for w, k in table}
        return create_model(name, __config__=config, **fields)

    return build("PydListing", LISTING, build("PydPhoto", PHOTO, None))


def msgspec_models() -> type[Any]:
    """The listing as msgspec Structs (msgspec drops unknown attributes; it cannot keep them)."""
    import msgspec

    def build(name: str, table: tuple[tuple[str, str], ...], photo: Any) -> type[Any]:
        fields = [(snake(w), _python_type(k, w, photo), None) for w, k in table]
        struct: type[Any] = msgspec.defstruct(name, fields, rename={snake(w): w for w, _ in table})
        return struct

    return build("MsgListing", LISTING, build("MsgPhoto", PHOTO, None))


# The plain eager decode: one converter per attribute, run on every attribute at once.
def _timestamp_value(raw: Any) -> datetime:
    value = datetime.fromisoformat(raw)
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "string": str,
    "integer": int,
    "decimal": lambda raw: Decimal(str(raw)),
    "boolean": bool,
    "timestamp": _timestamp_value,
    "date": date.fromisoformat,
    "list[string]": list,
}


def dataclass_decoder() -> tuple[type[Any], Callable[[bytes], list[Any]]]:
    """A plain dataclass per model and an eager decoder over ``json.loads``: what a
    team writes by hand without a library. Unknown attributes go to an ``extra`` dict."""
    photo_cls = dataclasses.make_dataclass("DcPhoto", [(snake(w), Any, None) for w, _ in PHOTO] + [("extra", dict, dataclasses.field(default_factory=dict))], slots=True)
    listing_cls = dataclasses.make_dataclass("DcListing", [(snake(w), Any, None) for w, _ in LISTING] + [("extra", dict, dataclasses.field(default_factory=dict))], slots=True)

    def one(cls: type[Any], fields: dict[str, tuple[str, Callable[[Any], Any]]], raw: dict[str, Any]) -> Any:
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for wire, value in raw.items():
            known = fields.get(wire)
            if known is None:
                extra[wire] = value
            elif value is None or value == MASK:
                values[known[0]] = value
            else:
                values[known[0]] = known[1](value)
        return cls(**values, extra=extra)

    def photos(raw: list[dict[str, Any]]) -> list[Any]:
        return [one(photo_cls, photo_table, p) for p in raw]

    def table(spec: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, Callable[[Any], Any]]]:
        return {w: (snake(w), _CONVERTERS.get(k, photos)) for w, k in spec}

    photo_table = table(PHOTO)
    listing_table = table(LISTING)

    def decode(content: bytes) -> list[Any]:
        return [one(listing_cls, listing_table, r) for r in json.loads(content)["D"]["Results"]]

    return listing_cls, decode
