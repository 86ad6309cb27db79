"""Listings: Tickets, at its three mounts, sync and async, over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

import pytest
import sparkapi
from sparkapi.resources.listings_tickets import (
    AsyncListingsDocumentsTickets,
    AsyncListingsPhotosTickets,
    AsyncListingsTickets,
    ListingsDocumentsTickets,
    ListingsPhotosTickets,
    ListingsTickets,
)

from .server import SparkTestServer
from .support import (
    assert_api_request,
    example_request,
    example_response,
    first_record,
    path_example,
)

SERVICE = "listings_tickets"
LISTING_ID: str = path_example(SERVICE, "listing_id")

SyncTickets: TypeAlias = ListingsTickets | ListingsPhotosTickets | ListingsDocumentsTickets
AsyncTickets: TypeAlias = (
    AsyncListingsTickets | AsyncListingsPhotosTickets | AsyncListingsDocumentsTickets
)

# The path below /v1/listings/{id} -> how to reach the resource from each client.
SYNC_MOUNTS: dict[str, Callable[[sparkapi.SparkClient], SyncTickets]] = {
    "/tickets": lambda c: c.listings.tickets,
    "/photos/tickets": lambda c: c.listings.photos.tickets,
    "/documents/tickets": lambda c: c.listings.documents.tickets,
}
ASYNC_MOUNTS: dict[str, Callable[[sparkapi.AsyncSparkClient], AsyncTickets]] = {
    "/tickets": lambda c: c.listings.tickets,
    "/photos/tickets": lambda c: c.listings.photos.tickets,
    "/documents/tickets": lambda c: c.listings.documents.tickets,
}


def check_ticket(ticket: sparkapi.Ticket, record: dict[str, Any]) -> None:
    assert isinstance(ticket, sparkapi.Ticket)
    assert ticket.token == record["Token"] == "ae788854e77d2f6c87d79c47b90c54ea"
    assert ticket.expires_in == 3600
    assert isinstance(ticket.expires_in, int)
    assert ticket.service == "PhotoUploads"
    assert ticket.uri == "https://sparkplatform.com/uploads/photos"
    assert ticket.extra == {}
    assert ticket.to_dict() == record


@pytest.mark.parametrize("suffix", list(SYNC_MOUNTS))
def test_create(server: SparkTestServer, client: sparkapi.SparkClient, suffix: str) -> None:
    response = example_response(SERVICE, "create")
    server.respond(json=response)

    ticket = SYNC_MOUNTS[suffix](client).create(LISTING_ID, service="PhotoUploads")

    check_ticket(ticket, first_record(response))
    assert_api_request(
        server.only_request(),
        "POST",
        f"/v1/listings/{LISTING_ID}{suffix}",
        json=example_request(SERVICE, "create"),
    )


@pytest.mark.parametrize("suffix", list(ASYNC_MOUNTS))
async def test_create_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, suffix: str
) -> None:
    response = example_response(SERVICE, "create")
    server.respond(json=response)

    ticket = await ASYNC_MOUNTS[suffix](aclient).create(LISTING_ID, service="PhotoUploads")

    check_ticket(ticket, first_record(response))
    assert_api_request(
        server.only_request(),
        "POST",
        f"/v1/listings/{LISTING_ID}{suffix}",
        json=example_request(SERVICE, "create"),
    )


def test_create_refuses_read_only_attributes(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    with pytest.raises(TypeError):
        client.listings.tickets.create(  # type: ignore[call-arg]
            LISTING_ID, service="PhotoUploads", token="abc"
        )
    assert server.requests == []
