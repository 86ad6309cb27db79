"""A full-size page of listings decodes, and every attribute of every record reads.

The page is what the local server answers for a search of 25 listings made up from the
spec (every standard field the spec declares), then roughened the way the API really
sends listings: some fields masked for the caller's role, decimals as padded strings,
timestamps without an offset, and a field this SDK does not know.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import sparkapi
from sparkapi.testing import SparkTestServer

MASK = "********"


def _search_page() -> dict[str, Any]:
    with SparkTestServer(records={"listings": 25}, seed=7) as server, server.client() as client:
        raw = client.with_raw_response(client.listings.list)(limit=25, pagination=True)
    page: dict[str, Any] = json.loads(raw.http_response.content)
    return page


def _roughen(page: dict[str, Any]) -> dict[str, Any]:
    for index, record in enumerate(page["D"]["Results"]):
        fields = record["StandardFields"]
        for position, name in enumerate(sorted(fields)):
            if (position + index) % 9 == 0:
                fields[name] = MASK  # hidden from this role
        if isinstance(fields.get("ListPrice"), (int, float)):
            fields["ListPrice"] = f" {Decimal(str(fields['ListPrice'])):.1f}"  # padded text
        if isinstance(fields.get("ModificationTimestamp"), str):
            fields["ModificationTimestamp"] = fields["ModificationTimestamp"][:19]  # no offset
        fields["FieldNobodyKnows"] = "kept"
    return page


def _read_everything(model: sparkapi.Model) -> int:
    """Read every declared attribute, nested models included; count the masked ones."""
    masked = 0
    for name in type(model)._fields:  # noqa: SLF001 - the declared attributes
        value = getattr(model, name)
        masked += value is sparkapi.MASKED
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, sparkapi.Model):
                masked += _read_everything(item)
    return masked


def test_a_full_page_of_listings_decodes_and_reads_whole() -> None:
    page = _roughen(_search_page())
    records = page["D"]["Results"]
    assert len(records) == 25
    fields_per_record = len(sparkapi.StandardFields._fields)  # noqa: SLF001
    whole = [r for r in records if len(r["StandardFields"]) >= fields_per_record - 6]  # expansions aside
    assert len(whole) >= 24  # the documented record is abridged; the made-up ones are whole

    listings = sparkapi.parse_results(sparkapi.Listing, json.dumps(page).encode())

    assert len(listings) == 25 and listings.pagination is not None
    hidden = sum(value == MASK for r in records for value in r["StandardFields"].values())
    assert hidden > 25 * 4
    assert sum(_read_everything(listing) for listing in listings) == hidden  # each reads MASKED, none raised
    for listing, record in zip(listings, records, strict=True):
        fields = listing.standard_fields
        assert fields is not None
        if fields.list_price is not sparkapi.MASKED and fields.list_price is not None:
            assert isinstance(fields.list_price, Decimal)
            assert fields.list_price == Decimal(record["StandardFields"]["ListPrice"].strip())
        stamp = fields.modification_timestamp
        if isinstance(stamp, datetime):
            assert stamp.tzinfo is not None  # an offset-less timestamp is taken as UTC
        assert fields.extra == {"FieldNobodyKnows": "kept"}
        assert listing.to_dict() == record  # nothing the API sent is lost or changed
