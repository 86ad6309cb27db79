"""Expansions that name their records' mount embed that mount's live list.

A listing's ``expand=["Videos", ...]`` must return the very records
``client.listings.videos.list(listing_id)`` returns, as the same models, including one
written a moment ago. The expansions checked are read from the spec, so each one that
gains ``records:`` is covered here without a new test.
"""

from __future__ import annotations

import asyncio
from functools import reduce
from typing import Any

import pytest

import sparkapi
from generator.ir.model import Expansion, Mount, Operation, Project
from sparkapi.testing import SparkTestServer

from .conftest import load_spec

PROJECT = load_spec()
LISTINGS = next(s for s in PROJECT.services if s.title == "Listings")
EMBEDDED = [e for e in LISTINGS.expansions if e.records]


def _mount(project: Project, dotted: str) -> Mount:
    return next(m for s in project.services for m in s.mounts if m.dotted == dotted)


def _lister(mount: Mount) -> Operation:
    return next(op for op in mount.operations if op.method == "GET" and op.returns.kind == "list")


def _accessor(client: Any, dotted: str) -> Any:
    return reduce(getattr, dotted.split("."), client)


def _ids(records: Any) -> list[Any]:
    return [(type(r).__name__, r.id) for r in records]


def test_the_listings_expansions_name_their_records() -> None:
    assert {e.name for e in EMBEDDED} >= {"Videos", "VirtualTours", "Documents"}


@pytest.mark.parametrize("expansion", EMBEDDED, ids=[e.name for e in EMBEDDED])
def test_an_expanded_listing_carries_the_sub_service_records(expansion: Expansion) -> None:
    attribute = PROJECT.shared_models["StandardFields"].attribute(expansion.name)
    assert attribute is not None and attribute.expansion
    lister = _lister(_mount(PROJECT, expansion.records))
    with SparkTestServer(records={"listings": 3}, seed=11) as server, server.client() as typed:
        client: Any = typed  # the accessors are read from the spec, so not typed here
        first, second = client.listings.list(limit=2)
        listed = getattr(_accessor(client, expansion.records), lister.name)(first.id)
        assert listed, f"{expansion.records} has no seeded records to embed"
        expanded = client.listings.get(first.id, expand=[expansion.name])
        embedded = getattr(expanded.standard_fields, attribute.python_name)
        assert _ids(embedded) == _ids(listed)
        # Not asked for, not sent; and a search embeds each listing's own records.
        plain = client.with_raw_response(client.listings.get)(first.id).http_response.json()
        (record,) = plain["D"]["Results"]
        assert record["StandardFields"] and expansion.name not in record["StandardFields"]
        searched = client.listings.list(limit=2, expand=[expansion.name])
        assert [_ids(getattr(r.standard_fields, attribute.python_name)) for r in searched] == [
            _ids(listed),
            _ids(getattr(_accessor(client, expansion.records), lister.name)(second.id)),
        ]


def test_a_record_written_to_the_sub_service_shows_in_the_expansion() -> None:
    with SparkTestServer(records={"listings": 2}, seed=5) as server, server.client() as typed:
        client: Any = typed
        first, second = client.listings.list(limit=2)
        client.listings.videos.create(first.id, name="Kitchen walk-through", object_html="<iframe></iframe>")
        videos = client.listings.get(first.id, expand=["Videos"]).standard_fields.videos
        assert "Kitchen walk-through" in [v.name for v in videos]
        others = client.listings.get(second.id, expand=["Videos"]).standard_fields.videos
        assert "Kitchen walk-through" not in [v.name for v in others]


def test_the_async_client_reads_the_same_embedded_records() -> None:
    async def read(url: str) -> tuple[list[Any], list[Any]]:
        async with server.async_client() as typed:
            client: Any = typed
            (listing,) = await client.listings.list(limit=1)
            expanded = await client.listings.get(listing.id, expand=["Documents"])
            return _ids(expanded.standard_fields.documents), _ids(await client.listings.documents.list(listing.id))

    with SparkTestServer(records={"listings": 1}, seed=3) as server:
        embedded, listed = asyncio.run(read(server.url))
    assert embedded == listed and embedded


def test_every_media_expansion_at_once_returns_the_shared_models() -> None:
    expected = {
        "photos": sparkapi.ListingPhoto,
        "videos": sparkapi.ListingVideo,
        "virtual_tours": sparkapi.ListingVirtualTour,
        "open_houses": sparkapi.ListingOpenHouse,
        "documents": sparkapi.ListingDocument,
    }
    with SparkTestServer(records={"listings": 1}, seed=9) as server, server.client() as typed:
        client: Any = typed
        (listing,) = client.listings.list(limit=1)
        client.listings.photos.create(listing.id, picture=b"\x89PNG\r\n\x1a\n", file_name="front.png", name="Front")
        expanded = client.listings.get(
            listing.id, expand=["Photos", "Videos", "VirtualTours", "OpenHouses", "Documents"]
        )
        fields = expanded.standard_fields
        for attribute, model in expected.items():
            records = getattr(fields, attribute)
            assert records and all(isinstance(r, model) for r in records), attribute
        assert "Front" in [photo.name for photo in fields.photos]
