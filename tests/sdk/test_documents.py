"""Listings: Documents at both mounts (listings, incomplete listings), sync and async."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

import pytest
import sparkapi
from sparkapi.resources.listings_documents import (
    AsyncIncompleteListingsDocuments,
    AsyncListingsDocuments,
    IncompleteListingsDocuments,
    ListingsDocuments,
)

from .server import SparkTestServer
from .support import (
    assert_api_request,
    example_request,
    example_response,
    first_record,
    path_example,
)

SERVICE = "listings_documents"
LISTING_ID: str = path_example(SERVICE, "listing_id")
DOCUMENT_ID: str = path_example(SERVICE, "document_id")

SyncDocuments: TypeAlias = ListingsDocuments | IncompleteListingsDocuments
AsyncDocuments: TypeAlias = AsyncListingsDocuments | AsyncIncompleteListingsDocuments

# The path prefix of each mount -> how to reach it from each client.
SYNC_MOUNTS: dict[str, Callable[[sparkapi.SparkClient], SyncDocuments]] = {
    "/v1/listings": lambda c: c.listings.documents,
    "/v1/listings/incomplete": lambda c: c.incomplete_listings.documents,
}
ASYNC_MOUNTS: dict[str, Callable[[sparkapi.AsyncSparkClient], AsyncDocuments]] = {
    "/v1/listings": lambda c: c.listings.documents,
    "/v1/listings/incomplete": lambda c: c.incomplete_listings.documents,
}
sync_mounts = pytest.mark.parametrize("prefix", list(SYNC_MOUNTS))
async_mounts = pytest.mark.parametrize("prefix", list(ASYNC_MOUNTS))


def documents_path(prefix: str) -> str:
    return f"{prefix}/{LISTING_ID}/documents"


def document_path(prefix: str) -> str:
    return f"{prefix}/{LISTING_ID}/documents/{DOCUMENT_ID}"


def check_document(document: sparkapi.ListingDocument, record: dict[str, Any]) -> None:
    assert isinstance(document, sparkapi.ListingDocument)
    assert document.id == DOCUMENT_ID
    assert document.name == "Document name"
    assert document.uri == "http://documents.sparkplatform.com/abc.pdf"
    assert document.resource_uri == f"/v1/listings/{LISTING_ID}/documents/{DOCUMENT_ID}"
    # The enum member, which is also equal to its wire string
    assert document.privacy == "Public"
    assert document.privacy is sparkapi.DocumentPrivacy.PUBLIC
    assert document.to_dict() == record


# -- list ------------------------------------------------------------------------------


@sync_mounts
def test_list(server: SparkTestServer, client: sparkapi.SparkClient, prefix: str) -> None:
    response = example_response(SERVICE, "list")
    server.respond(json=response)

    documents = SYNC_MOUNTS[prefix](client).list(LISTING_ID)

    assert isinstance(documents, sparkapi.ResultList)
    assert len(documents) == 1
    check_document(documents[0], first_record(response))
    assert documents.pagination is None
    assert_api_request(server.only_request(), "GET", documents_path(prefix))


@async_mounts
async def test_list_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, prefix: str
) -> None:
    response = example_response(SERVICE, "list")
    server.respond(json=response)

    documents = await ASYNC_MOUNTS[prefix](aclient).list(LISTING_ID)

    check_document(documents[0], first_record(response))
    assert_api_request(server.only_request(), "GET", documents_path(prefix))


# -- reorder ---------------------------------------------------------------------------


def documented_order() -> list[str]:
    return [d["Id"] for d in example_request(SERVICE, "reorder")["D"]["Documents"]]


@sync_mounts
def test_reorder(server: SparkTestServer, client: sparkapi.SparkClient, prefix: str) -> None:
    server.respond(json=example_response(SERVICE, "reorder"))

    SYNC_MOUNTS[prefix](client).reorder(LISTING_ID, documented_order())

    assert_api_request(
        server.only_request(),
        "PUT",
        documents_path(prefix),
        json=example_request(SERVICE, "reorder"),
    )


@async_mounts
async def test_reorder_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, prefix: str
) -> None:
    server.respond(json=example_response(SERVICE, "reorder"))

    await ASYNC_MOUNTS[prefix](aclient).reorder(LISTING_ID, tuple(documented_order()))

    assert_api_request(
        server.only_request(),
        "PUT",
        documents_path(prefix),
        json=example_request(SERVICE, "reorder"),
    )


# -- get -------------------------------------------------------------------------------


@sync_mounts
def test_get(server: SparkTestServer, client: sparkapi.SparkClient, prefix: str) -> None:
    response = example_response(SERVICE, "get")
    server.respond(json=response)

    document = SYNC_MOUNTS[prefix](client).get(LISTING_ID, DOCUMENT_ID)

    check_document(document, first_record(response))
    assert_api_request(server.only_request(), "GET", document_path(prefix))


@async_mounts
async def test_get_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, prefix: str
) -> None:
    response = example_response(SERVICE, "get")
    server.respond(json=response)

    document = await ASYNC_MOUNTS[prefix](aclient).get(LISTING_ID, DOCUMENT_ID)

    check_document(document, first_record(response))
    assert_api_request(server.only_request(), "GET", document_path(prefix))


# -- update ----------------------------------------------------------------------------


@sync_mounts
def test_update(server: SparkTestServer, client: sparkapi.SparkClient, prefix: str) -> None:
    server.respond(json=example_response(SERVICE, "update"))

    SYNC_MOUNTS[prefix](client).update(LISTING_ID, DOCUMENT_ID, name="My Document")

    # Privacy was not passed, so it is not sent
    assert_api_request(
        server.only_request(),
        "PUT",
        document_path(prefix),
        json=example_request(SERVICE, "update"),
    )


@async_mounts
async def test_update_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, prefix: str
) -> None:
    server.respond(json=example_response(SERVICE, "update"))

    await ASYNC_MOUNTS[prefix](aclient).update(LISTING_ID, DOCUMENT_ID, name="My Document")

    assert_api_request(
        server.only_request(),
        "PUT",
        document_path(prefix),
        json=example_request(SERVICE, "update"),
    )


@pytest.mark.parametrize(
    ("keywords", "sent"),
    [
        ({"privacy": sparkapi.DocumentPrivacy.PRIVATE}, {"Privacy": "Private"}),
        ({"privacy": "DataShare"}, {"Privacy": "DataShare"}),
        ({"name": None}, {"Name": None}),
        ({"name": "Plat", "privacy": None}, {"Name": "Plat", "Privacy": None}),
        ({}, {}),
    ],
    ids=["enum", "enum-as-str", "null-name", "name-and-null-privacy", "nothing"],
)
def test_update_sends_only_what_was_passed(
    server: SparkTestServer,
    client: sparkapi.SparkClient,
    keywords: dict[str, Any],
    sent: dict[str, Any],
) -> None:
    server.respond(json={"D": {"Success": True}})

    client.listings.documents.update(LISTING_ID, DOCUMENT_ID, **keywords)

    assert_api_request(
        server.only_request(), "PUT", document_path("/v1/listings"), json={"D": sent}
    )


@pytest.mark.parametrize("read_only", [{"id": "x"}, {"uri": "x"}, {"resource_uri": "x"}])
def test_update_refuses_read_only_attributes(
    server: SparkTestServer, client: sparkapi.SparkClient, read_only: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        client.incomplete_listings.documents.update(LISTING_ID, DOCUMENT_ID, name="x", **read_only)
    assert server.requests == []


# -- move ------------------------------------------------------------------------------


@sync_mounts
def test_move(server: SparkTestServer, client: sparkapi.SparkClient, prefix: str) -> None:
    server.respond(json=example_response(SERVICE, "move"))

    SYNC_MOUNTS[prefix](client).move(LISTING_ID, DOCUMENT_ID, order=1)

    assert_api_request(
        server.only_request(),
        "PUT",
        document_path(prefix),
        json=example_request(SERVICE, "move"),
    )


@async_mounts
async def test_move_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, prefix: str
) -> None:
    server.respond(json=example_response(SERVICE, "move"))

    await ASYNC_MOUNTS[prefix](aclient).move(LISTING_ID, DOCUMENT_ID, order=1)

    assert_api_request(
        server.only_request(),
        "PUT",
        document_path(prefix),
        json=example_request(SERVICE, "move"),
    )


# -- delete ----------------------------------------------------------------------------


@sync_mounts
def test_delete(server: SparkTestServer, client: sparkapi.SparkClient, prefix: str) -> None:
    server.respond(json=example_response(SERVICE, "delete"))

    SYNC_MOUNTS[prefix](client).delete(LISTING_ID, DOCUMENT_ID)

    assert_api_request(server.only_request(), "DELETE", document_path(prefix))


@async_mounts
async def test_delete_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, prefix: str
) -> None:
    server.respond(json=example_response(SERVICE, "delete"))

    await ASYNC_MOUNTS[prefix](aclient).delete(LISTING_ID, DOCUMENT_ID)

    assert_api_request(server.only_request(), "DELETE", document_path(prefix))


# -- path parameters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("listing_id", "document_id", "sent_path"),
    [
        ("a/b", "c/d", "/v1/listings/a%2Fb/documents/c%2Fd"),
        ("x y?z#w", "50%", "/v1/listings/x%20y%3Fz%23w/documents/50%25"),
        ("é", "incomplete", "/v1/listings/%C3%A9/documents/incomplete"),
        ("..", ".", "/v1/listings/%2E%2E/documents/%2E"),
    ],
    ids=["slash", "reserved", "non-ascii", "dot-segments"],
)
def test_path_parameters_stay_one_segment(
    server: SparkTestServer,
    client: sparkapi.SparkClient,
    listing_id: str,
    document_id: str,
    sent_path: str,
) -> None:
    server.respond(json=example_response(SERVICE, "get"))

    client.listings.documents.get(listing_id, document_id)

    assert_api_request(server.only_request(), "GET", sent_path)
