"""Listing Carts, sync and async, over HTTP: query parameters, paging, masked values."""

from __future__ import annotations

from typing import Any

import pytest
import sparkapi

from .server import SparkTestServer
from .support import assert_api_request, example_response, first_record

SERVICE = "listing_carts"
PAGINATION = {
    "TotalRows": 12,
    "PageSize": 5,
    "TotalPages": 3,
    "CurrentPage": 2,
    "CurrentOffset": 5,
}


def check_carts(carts: sparkapi.ResultList[sparkapi.ListingCart], response: dict[str, Any]) -> None:
    records = response["D"]["Results"]
    assert [cart.name for cart in carts] == [
        "Favorites",
        "Possibilities",
        "Recommended",
        "Rejects",
        "Removed",
    ]
    assert [cart.listing_count for cart in carts] == [2, 3, 0, 1, 0]
    assert all(isinstance(cart, sparkapi.ListingCart) for cart in carts)
    first = carts[0]
    assert first.id == "20110706204418816410000000"
    assert first.portal_cart_type == "Favorites"
    assert first.resource_uri == "/v1/listingcarts/20110706204418816410000000"
    # Not in the documented response: None, and not added on the way back
    assert first.owner_id is None and first.created_timestamp is None
    assert "CreatedTimestamp" not in first.to_dict()
    assert [cart.to_dict() for cart in carts] == records


def check_pagination(pagination: sparkapi.Pagination | None) -> None:
    assert isinstance(pagination, sparkapi.Pagination)
    assert pagination.total_rows == 12
    assert pagination.page_size == 5
    assert pagination.total_pages == 3
    assert pagination.current_page == 2
    assert pagination.current_offset == 5


def test_list(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "list")
    server.respond(json=response)

    carts = client.listing_carts.list()

    check_carts(carts, response)
    assert carts.pagination is None
    assert_api_request(server.only_request(), "GET", "/v1/listingcarts")


def test_list_with_query_parameters(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "list")
    response["D"]["Pagination"] = PAGINATION
    server.respond(json=response)

    carts = client.listing_carts.list(
        limit=5, page=2, pagination=True, orderby=["-ModificationTimestamp", "Name"]
    )

    check_carts(carts, response)
    check_pagination(carts.pagination)
    assert_api_request(
        server.only_request(),
        "GET",
        "/v1/listingcarts",
        query={
            "_limit": "5",
            "_page": "2",
            "_pagination": "1",
            "_orderby": "-ModificationTimestamp,Name",
        },
    )


async def test_list_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    response = example_response(SERVICE, "list")
    response["D"]["Pagination"] = PAGINATION
    server.respond(json=response)

    carts = await aclient.listing_carts.list(limit=5, page=2, pagination=True, orderby=["Name"])

    check_carts(carts, response)
    check_pagination(carts.pagination)
    assert_api_request(
        server.only_request(),
        "GET",
        "/v1/listingcarts",
        query={"_limit": "5", "_page": "2", "_pagination": "1", "_orderby": "Name"},
    )


@pytest.mark.parametrize("flag", [True, False])
def test_pagination_flag_is_sent_as_1_or_0(
    server: SparkTestServer, client: sparkapi.SparkClient, flag: bool
) -> None:
    server.respond(json=example_response(SERVICE, "list"))

    client.listing_carts.list(pagination=flag)

    assert server.only_request().query == {"_pagination": "1" if flag else "0"}


def test_masked_value(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "list", index=1)  # the masked example
    server.respond(json=response)

    (cart,) = client.listing_carts.list()

    assert cart.listing_count is sparkapi.MASKED
    assert isinstance(cart.listing_count, sparkapi.Masked)
    assert cart.name == "Favorites"
    assert cart.to_dict()["ListingCount"] == "********"
    assert cart.to_dict() == first_record(response)


async def test_masked_value_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    server.respond(json=example_response(SERVICE, "list", index=1))

    (cart,) = await aclient.listing_carts.list()

    assert cart.listing_count is sparkapi.MASKED
    assert cart.to_dict()["ListingCount"] == "********"


# -- iter_list: every page, lazily -------------------------------------------------------


def page_of(names: list[str], number: int, total_pages: int | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "Success": True,
        "Results": [{"Id": f"C-{name}", "Name": name} for name in names],
    }
    if total_pages is not None:
        data["Pagination"] = {"TotalPages": total_pages, "CurrentPage": number, "PageSize": 2}
    return {"D": data}


def test_iter_list_follows_the_pagination_block(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json=page_of(["a", "b"], 1, 3))
    server.respond(json=page_of(["c", "d"], 2, 3))
    server.respond(json=page_of(["e"], 3, 3))

    carts = client.listing_carts.iter_list(limit=2, orderby=["Name"])
    assert server.requests == []  # nothing is fetched before the loop starts
    names = [cart.name for cart in carts]

    assert names == ["a", "b", "c", "d", "e"]
    assert [r.query for r in server.requests] == [
        {"_limit": "2", "_orderby": "Name", "_page": str(n), "_pagination": "1"} for n in (1, 2, 3)
    ]
    for request in server.requests:
        assert_api_request(request, "GET", "/v1/listingcarts", query=request.query)


def test_iter_list_without_totals_stops_at_a_short_page(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json=page_of(["a", "b"], 1, None))
    server.respond(json=page_of(["c"], 2, None))

    assert [cart.name for cart in client.listing_carts.iter_list(limit=2)] == ["a", "b", "c"]
    assert [r.query["_page"] for r in server.requests] == ["1", "2"]


async def test_iter_list_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(json=page_of(["a", "b"], 1, 2))
    server.respond(json=page_of(["c"], 2, 2))

    names = [cart.name async for cart in aclient.listing_carts.iter_list(limit=2)]

    assert names == ["a", "b", "c"]
    assert [r.query["_page"] for r in server.requests] == ["1", "2"]
