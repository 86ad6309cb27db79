"""The clients themselves: configuration, secrecy of the token, connections, lifecycles."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import sparkapi

from .server import SparkTestServer
from .spec_cases import documented_records, documented_response, expected_path, method_of, plain_list
from .support import (
    ACCESS_TOKEN,
    USER_AGENT,
    async_client,
    example_response,
    sync_client,
)

LIST = plain_list()  # any documented list without arguments
RESPONSE = documented_response(LIST)
PATH = expected_path(LIST)
RECORDS = len(documented_records(LIST))


# -- configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "http://example.com",
        "http://sparkapi.com",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com:8080",
        "ftp://127.0.0.1",
        "sparkapi.com",
    ],
)
@pytest.mark.parametrize("cls", [sparkapi.SparkClient, sparkapi.AsyncSparkClient])
def test_refuses_plain_http_to_other_hosts(
    cls: type[sparkapi.SparkClient | sparkapi.AsyncSparkClient], base_url: str
) -> None:
    with pytest.raises(ValueError, match="https"):
        cls(ACCESS_TOKEN, user_agent=USER_AGENT, base_url=base_url)


@pytest.mark.parametrize(
    ("base_url", "kept"),
    [
        ("http://127.0.0.1", "http://127.0.0.1"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://127.1.2.3:1", "http://127.1.2.3:1"),
        ("http://localhost:1", "http://localhost:1"),
        ("http://[::1]:1", "http://[::1]:1"),
        ("https://example.com", "https://example.com"),
        ("https://sparkapi.com/", "https://sparkapi.com"),
    ],
)
def test_accepts_https_and_loopback(base_url: str, kept: str) -> None:
    with sync_client(base_url) as spark:
        assert spark.base_url == kept


def test_default_base_url() -> None:
    with sparkapi.SparkClient(ACCESS_TOKEN, user_agent=USER_AGENT) as spark:
        assert spark.base_url == "https://sparkapi.com"


def test_requires_a_user_agent_and_a_token() -> None:
    with pytest.raises(ValueError):
        sparkapi.SparkClient(ACCESS_TOKEN, user_agent="")
    with pytest.raises(ValueError):
        sparkapi.SparkClient("", user_agent=USER_AGENT)
    with pytest.raises(ValueError):
        sparkapi.AsyncSparkClient("", user_agent=USER_AGENT)


def test_a_trailing_slash_on_base_url_is_harmless(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE)

    with sync_client(server.url + "/") as spark:
        method_of(spark, LIST)()

    assert server.only_request().path == PATH


# -- the token is never shown ----------------------------------------------------------


def test_repr_never_shows_the_token(
    client: sparkapi.SparkClient, aclient: sparkapi.AsyncSparkClient, server: SparkTestServer
) -> None:
    for spark in (client, aclient):
        text = repr(spark)
        assert ACCESS_TOKEN not in text
        assert server.url in text
    for resource in (client.listings.documents, client.developers.keys, aclient.portal_groups):
        assert ACCESS_TOKEN not in repr(resource)


def test_the_token_goes_only_in_the_authorization_header(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json=example_response("listings_tickets", "create"))

    client.listings.tickets.create("L1", service="PhotoUploads")

    request = server.only_request()
    assert request.header("Authorization") == f"Bearer {ACCESS_TOKEN}"
    assert ACCESS_TOKEN not in request.path + request.raw_query
    assert ACCESS_TOKEN.encode() not in request.body


# -- connections and lifecycles ----------------------------------------------------------


def test_connections_are_kept_alive(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.route("GET", PATH, json=RESPONSE)

    for _ in range(3):
        method_of(client, LIST)()

    ports = {request.client_port for request in server.requests}
    assert len(server.requests) == 3
    assert len(ports) == 1, "each call opened a new connection"


def test_sync_context_manager_closes_its_connections(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE)

    with sync_client(server.url) as spark:
        assert isinstance(spark, sparkapi.SparkClient)
        assert len(method_of(spark, LIST)()) == RECORDS
        assert server.open_connections == 1

    assert server.wait_until_no_connections(timeout=2.0)


async def test_async_context_manager_closes_its_connections(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE)

    async with async_client(server.url) as spark:
        assert isinstance(spark, sparkapi.AsyncSparkClient)
        assert len(await method_of(spark, LIST)()) == RECORDS
        assert server.open_connections == 1

    assert await asyncio.to_thread(server.wait_until_no_connections, 2.0)


def test_close_is_explicit_too(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE)
    spark = sync_client(server.url)

    method_of(spark, LIST)()
    spark.close()

    assert server.wait_until_no_connections(timeout=2.0)


def test_a_given_http_client_is_used_and_left_open(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE)
    server.respond(json=RESPONSE)

    with httpx.Client(headers={"X-Trace": "abc"}) as http:
        with sync_client(server.url, http_client=http) as spark:
            method_of(spark, LIST)()
        assert not http.is_closed
        http.get(server.url + PATH)  # still usable

    first = server.requests[0]
    assert first.header("X-Trace") == "abc"
    assert first.header("Authorization") == f"Bearer {ACCESS_TOKEN}"
    assert first.header("X-SparkApi-User-Agent") == USER_AGENT


async def test_a_given_async_http_client_is_used_and_left_open(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE)

    async with httpx.AsyncClient(headers={"X-Trace": "abc"}) as http:
        async with async_client(server.url, http_client=http) as spark:
            await method_of(spark, LIST)()
        assert not http.is_closed

    assert server.only_request().header("X-Trace") == "abc"


async def test_concurrent_async_calls(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    server.route("GET", PATH, json=RESPONSE)
    server.route("GET", "/v1/portal/groups", json=example_response("portal_groups", "list"))
    server.route("GET", "/v1/portal/groups/current", json={"D": {"Success": True, "Results": []}})

    carts, groups, current, more_carts = await asyncio.gather(
        method_of(aclient, LIST)(),
        aclient.portal_groups.list(),
        aclient.portal_groups.current.get(),
        method_of(aclient, LIST)(limit=2),
    )

    assert len(carts) == RECORDS and len(more_carts) == RECORDS
    users = groups[0].users
    assert isinstance(users, list) and len(users) == 3
    assert current is None
    assert sorted(r.path for r in server.requests) == [
        PATH,
        PATH,
        "/v1/portal/groups",
        "/v1/portal/groups/current",
    ]
