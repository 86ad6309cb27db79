# pyright: strict
"""How SDK users' code type-checks: every line here must pass mypy --strict and
pyright --strict (``test_typing.py`` runs both). Never executed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, assert_type

import sparkapi
from sparkapi import Masked, ResultList


def reads(client: sparkapi.SparkClient) -> None:
    carts = client.listing_carts.list(limit=5, select=["Id", "Name"])
    assert_type(carts, ResultList[sparkapi.ListingCart])
    cart = carts[0]
    assert_type(cart.name, str | None)
    assert_type(cart.listing_count, int | Masked | None)  # maskable in the spec
    assert_type(cart.created_timestamp, datetime | None)
    key = client.developers.keys.get(101, 5)
    assert_type(key.id, int | None)
    assert_type(key.roles, list[str] | None)


def writes(client: sparkapi.SparkClient) -> None:
    cart = sparkapi.ListingCart(name="Favorites")
    cart.name = "Renamed"
    assert_type(cart.to_dict(), dict[str, Any])
    client.listings.documents.update("a", "b", name="Plan", extra_body={"X": 1}, timeout=5.0)
    assert_type(client.listing_carts.list(extra_query={"_select": "Id"}, extra_headers={"X": "y"}), ResultList[sparkapi.ListingCart])


def escape_hatches(client: sparkapi.SparkClient) -> None:
    assert_type(client.request("GET", "/anything"), Any)
    assert_type(client.request("GET", "/listingcarts", cast_to=sparkapi.ListingCart), ResultList[sparkapi.ListingCart])
    raw = client.with_raw_response(client.listing_carts.list)(limit=2)
    assert_type(raw, sparkapi.RawResponse[ResultList[sparkapi.ListingCart]])
    assert_type(raw.status_code, int)
    assert_type(raw.request_id, str | None)
    assert_type(client.with_options(max_retries=5), sparkapi.SparkClient)


async def async_use(client: sparkapi.AsyncSparkClient) -> None:
    carts = await client.listing_carts.list()
    assert_type(carts, ResultList[sparkapi.ListingCart])
    raw = await client.with_raw_response(client.listing_carts.list)(limit=1)
    assert_type(raw.parsed, ResultList[sparkapi.ListingCart])
    async for cart in client.listing_carts.iter_list():
        assert_type(cart, sparkapi.ListingCart)


def decimals(price: Decimal) -> None:
    assert_type(sparkapi.Pagination(total_rows=3).total_rows, int | None)
    assert_type(price, Decimal)


def sparkql(client: sparkapi.SparkClient, when: datetime) -> None:
    from sparkapi.sparkql import F, Expr, days, parse, radius

    expr = (F.ListPrice.between(100_000, 200_000) & (F.City == "Fargo")) | F.PropertyType.in_(["A", "B"])
    assert_type(expr, Expr)
    assert_type(F.ListPrice == Decimal("1.5"), Expr)
    assert_type(~(F.ModificationTimestamp > days(-7)), Expr)
    assert_type(F.ModificationTimestamp >= when, Expr)
    assert_type(F.Location == radius(46.87, -96.78, 5), Expr)
    assert_type(parse(str(expr)).conditions[0].operator, str)
    client.listings.list(filter=expr)
    client.listings.list(filter="City Eq 'Fargo'")
    client.with_options(check_filters=False).listings.list(filter="City Eq 'Fargo'")
