"""Retries, time budgets, token refresh, paging, logging and raw responses, over HTTP.

Every retry test answers with ``Retry-After: 0`` (or a past date) where it can, so
waits stay short; the assertions are on the requests the server received.
"""

from __future__ import annotations

import collections
import logging
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import pytest

import sparkapi
from tests.sdk.server import SparkTestServer
from tests.sdk.spec_cases import documented_response, expected_path, method_of, plain_list
from tests.sdk.support import ACCESS_TOKEN, async_client, example_response, sync_client

LIST = plain_list()  # any documented, paged list without arguments
ITERATE = LIST.operation.paging.method_name if LIST.operation.paging else ""
RESPONSE = documented_response(LIST)
CARTS = expected_path(LIST)
TICKETS = "/v1/listings/20100815153524571646000000/tickets"
OK_EMPTY = {"D": {"Success": True, "Results": []}}


def carts_page(ids: list[str], page: int, total_pages: int) -> dict[str, Any]:
    return {
        "D": {
            "Success": True,
            "Results": [{"Id": i, "Name": f"cart {i}"} for i in ids],
            "Pagination": {"TotalRows": 5, "PageSize": 2, "TotalPages": total_pages, "CurrentPage": page},
        }
    }


# ------------------------------------------------------------------------- retries


def test_429_is_retried_after_retry_after(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(429, json={"D": {"Success": False, "Code": 1550, "Message": "slow down"}}, headers={"Retry-After": "0"})
    server.respond(json=RESPONSE)

    carts = method_of(client, LIST)()

    assert [c.to_dict() for c in carts] == RESPONSE["D"]["Results"]
    first, second = server.requests
    assert (first.method, first.path) == (second.method, second.path) == ("GET", CARTS)
    assert second.header("Authorization") == f"Bearer {ACCESS_TOKEN}"


def test_retry_after_as_an_http_date(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    past = format_datetime(datetime.now(timezone.utc) - timedelta(seconds=5), usegmt=True)
    server.respond(503, body="busy", headers={"Retry-After": past})
    server.respond(json=OK_EMPTY)

    assert method_of(client, LIST)() == []
    assert len(server.requests) == 2


def test_retry_after_above_the_cap_raises_at_once(server: SparkTestServer) -> None:
    server.respond(429, json={"D": {"Success": False, "Code": 1550, "Message": "later"}}, headers={"Retry-After": "3600"})
    with sync_client(server.url, max_retry_after=10) as client:
        started = time.monotonic()
        with pytest.raises(sparkapi.RateLimitError) as info:
            method_of(client, LIST)()
    assert time.monotonic() - started < 1.0
    assert info.value.code == 1550
    assert len(server.requests) == 1


def test_html_502_then_success_for_a_get(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(502, body="<html><h1>Bad Gateway</h1></html>", content_type="text/html", headers={"Retry-After": "0"})
    server.respond(json=OK_EMPTY)

    assert method_of(client, LIST)() == []
    assert len(server.requests) == 2


def test_a_post_is_not_retried_after_a_502(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(502, body="<html>Bad Gateway</html>", content_type="text/html", headers={"Retry-After": "0"})

    with pytest.raises(sparkapi.ServerError) as info:
        client.listings.tickets.create("20100815153524571646000000", service="PhotoUploads")

    assert "502" in str(info.value)
    assert len(server.requests) == 1


def test_a_post_is_retried_after_a_429(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(429, body="", headers={"Retry-After": "0"})
    server.respond(json=example_response("listings_tickets", "create"))

    ticket = client.listings.tickets.create("20100815153524571646000000", service="PhotoUploads")

    assert ticket.expires_in == 3600
    assert [r.json for r in server.requests] == [{"D": {"Service": "PhotoUploads"}}] * 2


def test_max_retries_on_the_client_and_per_call(server: SparkTestServer) -> None:
    for _ in range(3):
        server.respond(503, json={"D": {"Success": False, "Message": "down"}}, headers={"Retry-After": "0"})
    with sync_client(server.url, max_retries=0) as client:
        with pytest.raises(sparkapi.ServerError):
            method_of(client, LIST)()
        assert len(server.requests) == 1
        with pytest.raises(sparkapi.ServerError):
            method_of(client.with_options(max_retries=1), LIST)()
    assert len(server.requests) == 3


def test_a_dropped_connection_is_retried_for_a_get(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.drop()
    server.respond(json=OK_EMPTY)

    assert method_of(client, LIST)() == []
    assert len(server.requests) == 2


def test_a_dropped_connection_is_not_retried_for_a_post(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.drop()

    with pytest.raises(sparkapi.APIConnectionError):
        client.listings.tickets.create("20100815153524571646000000", service="PhotoUploads")
    assert len(server.requests) == 1


def test_the_total_timeout_bounds_the_call(server: SparkTestServer) -> None:
    server.respond(json=OK_EMPTY, delay=3.0)
    with sync_client(server.url, timeout=10.0, total_timeout=0.4) as client:
        started = time.monotonic()
        with pytest.raises(sparkapi.APITimeoutError):
            method_of(client, LIST)()
    assert time.monotonic() - started < 2.0


async def test_async_retry_after_429(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(429, body="", headers={"Retry-After": "0"})
    server.respond(json=OK_EMPTY)

    assert await method_of(aclient, LIST)() == []
    assert len(server.requests) == 2


# --------------------------------------------------------------------- credentials


class CountingProvider:
    """A token provider that hands out token-2 when asked to refresh token-1."""

    scheme: sparkapi._auth.AuthScheme = "Bearer"

    def __init__(self) -> None:
        self.token = "token-1"
        self.refreshed: list[str] = []

    def access_token(self) -> str:
        return self.token

    def refresh(self, expired: str) -> str | None:
        self.refreshed.append(expired)
        self.token = "token-2"
        return self.token


EXPIRED = {"D": {"Success": False, "Code": 1020, "Message": "Session token has expired"}}


def test_an_expired_token_is_refreshed_once_and_the_call_replayed(server: SparkTestServer) -> None:
    provider = CountingProvider()
    server.respond(401, json=EXPIRED)
    server.respond(json=OK_EMPTY)
    with sparkapi.SparkClient(token_provider=provider, user_agent="t/1", base_url=server.url) as client:
        assert method_of(client, LIST)() == []
    assert provider.refreshed == ["token-1"]
    assert [r.header("Authorization") for r in server.requests] == ["Bearer token-1", "Bearer token-2"]


def test_a_second_expiry_is_raised_not_looped(server: SparkTestServer) -> None:
    provider = CountingProvider()
    server.respond(401, json=EXPIRED)
    server.respond(401, json=EXPIRED)
    with sparkapi.SparkClient(token_provider=provider, user_agent="t/1", base_url=server.url) as client:
        with pytest.raises(sparkapi.AuthenticationError) as info:
            method_of(client, LIST)()
    assert info.value.code == 1020
    assert len(server.requests) == 2


def test_oauth2_token_refreshes_at_the_grant_endpoint_and_announces_it(server: SparkTestServer) -> None:
    saved: list[sparkapi.TokenSet] = []
    tokens = sparkapi.OAuth2Token(
        client_id="my-id",
        client_secret="my-secret",
        access_token="old-access",
        refresh_token="old-refresh",
        on_refresh=saved.append,
        scheme="OAuth",
        grant_url=f"{server.url}/v1/oauth2/grant",
    )
    server.respond(401, json=EXPIRED)
    server.route("POST", "/v1/oauth2/grant", json={"access_token": "new-access", "refresh_token": "new-refresh", "expires_in": 86400})
    server.respond(json=OK_EMPTY)
    with sparkapi.SparkClient(token_provider=tokens, user_agent="t/1", base_url=server.url) as client:
        method_of(client, LIST)()

    grant = next(r for r in server.requests if r.path == "/v1/oauth2/grant")
    assert grant.json == {"client_id": "my-id", "client_secret": "my-secret", "grant_type": "refresh_token", "refresh_token": "old-refresh"}
    replay = server.requests[-1]
    assert replay.header("Authorization") == "OAuth new-access"
    assert [(t.access_token, t.refresh_token, t.expires_in) for t in saved] == [("new-access", "new-refresh", 86400)]
    assert "secret" not in repr(tokens) and "access" not in repr(saved[0])


async def test_async_refresh(server: SparkTestServer) -> None:
    saved: list[sparkapi.TokenSet] = []
    tokens = sparkapi.OAuth2Token(
        client_id="id",
        client_secret="s",
        access_token="a1",
        refresh_token="r1",
        on_refresh=saved.append,
        grant_url=f"{server.url}/v1/oauth2/grant",
    )
    server.respond(401, json=EXPIRED)
    server.route("POST", "/v1/oauth2/grant", json={"access_token": "a2", "refresh_token": "r2", "expires_in": 60})
    server.respond(json=OK_EMPTY)
    async with sparkapi.AsyncSparkClient(token_provider=tokens, user_agent="t/1", base_url=server.url) as client:
        await method_of(client, LIST)()
    assert server.requests[-1].header("Authorization") == "Bearer a2"
    assert len(saved) == 1


def test_oauth_scheme_for_a_plain_token(server: SparkTestServer) -> None:
    server.respond(json=OK_EMPTY)
    with sync_client(server.url, auth_scheme="OAuth") as client:
        method_of(client, LIST)()
    assert server.only_request().header("Authorization") == f"OAuth {ACCESS_TOKEN}"


def test_exactly_one_credential() -> None:
    with pytest.raises(ValueError):
        sparkapi.SparkClient(user_agent="t/1")
    with pytest.raises(ValueError):
        sparkapi.SparkClient("a", token_provider=CountingProvider(), user_agent="t/1")


# ------------------------------------------------------------------------- paging


def test_iter_list_walks_every_page_lazily(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=carts_page(["a", "b"], 1, 3))
    server.respond(json=carts_page(["c", "d"], 2, 3))
    server.respond(json=carts_page(["e"], 3, 3))

    records = method_of(client, LIST, ITERATE)(limit=2)
    first = next(records)
    assert first.id == "a" and len(server.requests) == 1  # nothing fetched ahead
    rest = [c.id for c in records]

    assert ["a", *rest] == ["a", "b", "c", "d", "e"]
    assert [r.query for r in server.requests] == [
        {"_limit": "2", "_page": str(n), "_pagination": "1"} for n in (1, 2, 3)
    ]


def test_iter_list_stops_on_an_empty_page_without_pagination(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json={"D": {"Success": True, "Results": [{"Id": "a"}, {"Id": "b"}]}})
    server.respond(json=OK_EMPTY)

    assert [c.id for c in method_of(client, LIST, ITERATE)(limit=2)] == ["a", "b"]
    assert len(server.requests) == 2


async def test_async_iter_list(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(json=carts_page(["a", "b"], 1, 2))
    server.respond(json=carts_page(["c"], 2, 2))

    ids = [cart.id async for cart in method_of(aclient, LIST, ITERATE)(limit=2)]

    assert ids == ["a", "b", "c"]


# ----------------------------------------------------------- observability, edges


def test_debug_log_has_the_call_but_no_secret(server: SparkTestServer, client: sparkapi.SparkClient, caplog: pytest.LogCaptureFixture) -> None:
    server.respond(429, body="", headers={"Retry-After": "0"})
    server.respond(json=OK_EMPTY)
    with caplog.at_level(logging.DEBUG, logger="sparkapi"):
        method_of(client, LIST)()
    lines = [r.getMessage() for r in caplog.records if r.name == "sparkapi"]
    assert lines[0].startswith(f"GET {CARTS.removeprefix('/v1')} -> 429") and lines[0].endswith("(retry 0)")
    assert lines[1].startswith(f"GET {CARTS.removeprefix('/v1')} -> 200") and lines[1].endswith("(retry 1)")
    assert all(ACCESS_TOKEN not in line for line in caplog.text.splitlines())


def test_capture_responses_gives_the_raw_response(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=OK_EMPTY, headers={"X-Request-Id": "req-42"})
    with sparkapi.capture_responses() as responses:
        method_of(client, LIST)()
    assert [(r.status_code, r.headers["X-Request-Id"]) for r in responses] == [(200, "req-42")]


def test_a_204_answer_to_a_delete_is_success(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(204)
    client.developers.keys.delete(101, 5)
    assert server.only_request().method == "DELETE"


def test_an_empty_path_parameter_is_refused_before_sending(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    with pytest.raises(ValueError):
        client.listings.documents.get("", "x")
    assert server.requests == []


def test_any_sequence_works_for_lists(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=OK_EMPTY)
    server.respond(json={"D": {"Success": True}})
    client.listing_carts.list(orderby=("-Name", "Id"))
    client.listings.documents.reorder("L1", collections.deque(["d0", "d1"]))
    assert server.requests[0].query["_orderby"] == "-Name,Id"
    assert server.requests[1].json == {"D": {"Documents": [{"Id": "d0"}, {"Id": "d1"}]}}


# -------------------------------------------------- the same faults, async client


async def test_async_dropped_connection_is_retried_for_a_get(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.drop()
    server.respond(json=OK_EMPTY)

    assert await method_of(aclient, LIST)() == []
    assert len(server.requests) == 2


async def test_async_post_is_not_retried_after_an_html_502(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(502, body="<html>Bad Gateway</html>", content_type="text/html", headers={"Retry-After": "0"})

    with pytest.raises(sparkapi.ServerError) as info:
        await aclient.listings.tickets.create("20100815153524571646000000", service="PhotoUploads")

    assert "502" in str(info.value)
    assert len(server.requests) == 1


async def test_async_retry_after_above_the_cap_raises_at_once(server: SparkTestServer) -> None:
    server.respond(429, json={"D": {"Success": False, "Code": 1550, "Message": "later"}}, headers={"Retry-After": "3600"})
    async with async_client(server.url, max_retry_after=10) as client:
        with pytest.raises(sparkapi.RateLimitError):
            await method_of(client, LIST)()
    assert len(server.requests) == 1


async def test_async_total_timeout_bounds_the_call(server: SparkTestServer) -> None:
    server.respond(json=OK_EMPTY, delay=3.0)
    async with async_client(server.url, timeout=10.0, total_timeout=0.4) as client:
        started = time.monotonic()
        with pytest.raises(sparkapi.APITimeoutError):
            await method_of(client, LIST)()
    assert time.monotonic() - started < 2.0


async def test_async_unknown_attributes_are_kept(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    known = dict(RESPONSE["D"]["Results"][0])  # a documented record, then one attribute more
    server.respond(json={"D": {"Success": True, "Results": [{**known, "ShadeNobodyDeclared": "teal"}]}})

    (record,) = await method_of(aclient, LIST)()

    assert record.extra == {"ShadeNobodyDeclared": "teal"}
    assert record.to_dict() == {**known, "ShadeNobodyDeclared": "teal"}
