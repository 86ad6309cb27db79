"""Each operation is written once (a ``_<Name>Calls`` function describing its request)
and bound as a method of the sync and of the async resource. What a caller and their
tools see must not show it: names, docstrings, signatures, coroutine-ness, and an
error raised before sending surfaces where it did (at the call, or at the ``await``)."""

from __future__ import annotations

import inspect

import pytest
import sparkapi
from sparkapi.resources.listing_carts import AsyncListingCarts, ListingCarts
from sparkapi.sparkql import FilterRestrictionError

from .server import SparkTestServer


def test_sync_and_async_methods_share_one_function() -> None:
    sync, aio = vars(ListingCarts)["get"], vars(AsyncListingCarts)["get"]
    assert sync.build is aio.build
    assert sync.__doc__ == aio.__doc__ == sync.build.__doc__
    assert sync.__doc__.startswith("Return one listing cart.")


def test_a_method_looks_written_out(client: sparkapi.SparkClient, aclient: sparkapi.AsyncSparkClient) -> None:
    method = client.listing_carts.get
    assert method is client.listing_carts.get  # made once per resource, then a plain attribute
    assert (method.__name__, method.__qualname__, method.__module__) == ("get", "ListingCarts.get", "sparkapi.resources.listing_carts")
    assert str(inspect.signature(method)) == (
        "(listing_cart_id: 'str', *, select: 'Sequence[str] | NotGiven' = NOT_GIVEN, "
        "**options: 'Unpack[RequestOptions]') -> 'ListingCart'"
    )
    assert str(inspect.signature(client.listing_carts.iter_list).return_annotation) == "Iterator[ListingCart]"
    assert inspect.iscoroutinefunction(aclient.listing_carts.get)
    assert not inspect.iscoroutinefunction(aclient.listing_carts.iter_list)
    assert str(inspect.signature(aclient.listing_carts.iter_list).return_annotation) == "AsyncIterator[ListingCart]"


def test_the_same_call_on_two_clients_uses_each_its_own_transport(server: SparkTestServer) -> None:
    for _ in range(2):
        server.respond(json={"D": {"Success": True, "Results": []}})
    with sparkapi.SparkClient("token-one", base_url=server.url) as one, sparkapi.SparkClient("token-two", base_url=server.url) as two:
        one.listing_carts.list()
        two.listing_carts.list()
    assert [r.header("Authorization") for r in server.requests] == ["Bearer token-one", "Bearer token-two"]


async def test_an_async_refusal_is_raised_at_the_await(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    pending = aclient.saved_searches.create(name="Mine", filter="SavedSearch Eq '20100815220615294367000000'")
    with pytest.raises(FilterRestrictionError):
        await pending
    assert server.requests == []
