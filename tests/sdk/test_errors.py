"""Failed calls raise the typed errors, over HTTP, sync and async."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import sparkapi

from .spec_cases import documented_response, expected_path, method_of, plain_list
from .server import SparkTestServer, closed_port_url
from .support import ACCESS_TOKEN, async_client, example_response, sync_client

LISTING = "20100815153524571646000000"
DOCUMENT = "20101125153422574618000000"
DOCUMENT_PATH = f"/v1/listings/{LISTING}/documents/{DOCUMENT}"
TICKETS_PATH = f"/v1/listings/{LISTING}/tickets"
LIST = plain_list()  # any documented, paged list without arguments
RESPONSE = documented_response(LIST)
REQUEST_ID = "b9a2-42f1-request"


@dataclass(frozen=True)
class ErrorCase:
    id: str
    status: int
    error: type[sparkapi.SparkAPIError]
    code: int | None = None
    message: str | None = None
    json: Any = None
    body: str | None = None
    content_type: str | None = None
    in_str: tuple[str, ...] = field(default=())

    def reply(self) -> dict[str, Any]:
        headers = {"X-Request-Id": REQUEST_ID}
        if self.status in (429, 502, 503, 504):
            headers["Retry-After"] = "0"  # should the client retry, let it do so at once
        if self.json is not None:
            return {"status": self.status, "json": self.json, "headers": headers}
        return {
            "status": self.status,
            "body": self.body or "",
            "content_type": self.content_type,
            "headers": headers,
        }


def failure(code: int | None, message: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"Success": False, "Message": message, **extra}
    if code is not None:
        data["Code"] = code
    return {"D": data}


BAD_GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
    "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)

CASES = [
    ErrorCase(
        "expired-token",
        401,
        sparkapi.AuthenticationError,
        code=1020,
        message="Session token has expired",
        json=failure(1020, "Session token has expired"),
    ),
    ErrorCase(
        "no-access",
        403,
        sparkapi.PermissionDeniedError,
        code=1015,
        message="User is not allowed access",
        json=failure(1015, "User is not allowed access"),
    ),
    ErrorCase(
        "not-found",
        404,
        sparkapi.NotFoundError,
        message="Listing not found",
        json=failure(None, "Listing not found"),
    ),
    ErrorCase(
        "method-forbidden",
        405,
        sparkapi.MethodNotAllowedError,
        code=1018,
        message="This method is forbidden",
        json=failure(1018, "This method is forbidden"),
    ),
    ErrorCase(
        "rate-limit-as-503",
        503,
        sparkapi.RateLimitError,
        code=1550,
        message="Over rate limit",
        json=failure(1550, "Over rate limit"),
    ),
    ErrorCase("rate-limit-429-no-body", 429, sparkapi.RateLimitError, in_str=("429",)),
    ErrorCase(
        "server-error",
        500,
        sparkapi.ServerError,
        message="Internal error",
        json=failure(None, "Internal error"),
    ),
    ErrorCase(
        "code-wins-over-status",
        503,
        sparkapi.ServerError,
        code=1024,
        message="Not yet in sync",
        json=failure(1024, "Not yet in sync"),
    ),
    ErrorCase(
        "html-bad-gateway",
        502,
        sparkapi.ServerError,
        body=BAD_GATEWAY_PAGE,
        content_type="text/html",
        in_str=("502", "Bad Gateway"),
    ),
    ErrorCase(
        "missing-user-agent",
        400,
        sparkapi.BadRequestError,
        code=1016,
        message="X-SparkApi-User-Agent header is missing",
        json=failure(1016, "X-SparkApi-User-Agent header is missing"),
    ),
    ErrorCase(
        "conflict",
        409,
        sparkapi.ConflictError,
        code=1055,
        message="Conflicts with existing data",
        json=failure(1055, "Conflicts with existing data"),
    ),
    ErrorCase(
        "failure-in-a-200",
        200,
        sparkapi.BadRequestError,
        code=1053,
        message="Breaks a constraint",
        json=failure(1053, "Breaks a constraint"),
    ),
    ErrorCase("unknown-4xx", 418, sparkapi.SparkAPIError, in_str=("418",)),
]


def check_error(exc: sparkapi.SparkAPIError, case: ErrorCase) -> None:
    assert type(exc) is case.error
    assert exc.status_code == case.status
    assert exc.code == case.code
    assert exc.request_id == REQUEST_ID
    assert isinstance(exc.response, httpx.Response)
    assert exc.response.status_code == case.status
    text = str(exc)
    if case.message is not None:
        assert exc.message == case.message
        assert case.message in text
    if case.code is not None:
        assert str(case.code) in text
    for fragment in case.in_str:
        assert fragment in text
    assert str(case.status) in text
    assert REQUEST_ID in text
    assert ACCESS_TOKEN not in text
    assert ACCESS_TOKEN not in repr(exc)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_get_error(server: SparkTestServer, client: sparkapi.SparkClient, case: ErrorCase) -> None:
    server.route("GET", DOCUMENT_PATH, **case.reply())

    with pytest.raises(sparkapi.SparkAPIError) as info:
        client.listings.documents.get(LISTING, DOCUMENT)

    check_error(info.value, case)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_post_error(server: SparkTestServer, client: sparkapi.SparkClient, case: ErrorCase) -> None:
    server.route("POST", TICKETS_PATH, **case.reply())

    with pytest.raises(sparkapi.SparkAPIError) as info:
        client.listings.tickets.create(LISTING, service="PhotoUploads")

    check_error(info.value, case)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_error_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, case: ErrorCase
) -> None:
    server.route("GET", DOCUMENT_PATH, **case.reply())

    with pytest.raises(sparkapi.SparkAPIError) as info:
        await aclient.listings.documents.get(LISTING, DOCUMENT)

    check_error(info.value, case)


def test_error_hierarchy() -> None:
    assert issubclass(sparkapi.ConflictError, sparkapi.BadRequestError)
    assert issubclass(sparkapi.APITimeoutError, sparkapi.APIConnectionError)
    for cls in (
        sparkapi.APIConnectionError,
        sparkapi.InvalidResponseError,
        sparkapi.BadRequestError,
        sparkapi.AuthenticationError,
        sparkapi.PermissionDeniedError,
        sparkapi.NotFoundError,
        sparkapi.MethodNotAllowedError,
        sparkapi.RateLimitError,
        sparkapi.ServerError,
    ):
        assert issubclass(cls, sparkapi.SparkAPIError)


def test_error_lists_are_exposed(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    errors = [{"Field": "Name", "Message": "is required"}]
    details = [{"Field": "Name"}]
    sparkql = [{"Token": "Cty", "Status": "Dropped"}]
    server.respond(
        400,
        json=failure(1053, "Invalid", Errors=errors, Details=details, SparkQLErrors=sparkql),
    )

    with pytest.raises(sparkapi.BadRequestError) as info:
        client.developers.keys.update(101, 5, name="")

    assert info.value.errors == errors
    assert info.value.details == details
    assert info.value.sparkql_errors == sparkql
    assert info.value.request_id is None  # the server sent none


# -- responses that are not the envelope -------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        {"json": {"Success": True, "Results": []}},
        {"json": {"D": "ok"}},
        {"json": []},
        {"body": "<html><body>OK</body></html>", "content_type": "text/html"},
        {"body": ""},
    ],
    ids=["no-D", "D-not-an-object", "json-array", "html", "empty"],
)
def test_a_success_status_without_the_envelope(
    server: SparkTestServer, client: sparkapi.SparkClient, reply: dict[str, Any]
) -> None:
    server.respond(200, headers={"X-Request-Id": REQUEST_ID}, **reply)

    with pytest.raises(sparkapi.InvalidResponseError) as info:
        method_of(client, LIST)()

    assert info.value.status_code == 200
    assert info.value.request_id == REQUEST_ID
    assert ACCESS_TOKEN not in str(info.value)


async def test_a_success_status_without_the_envelope_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    server.respond(200, json={"Results": []})

    with pytest.raises(sparkapi.InvalidResponseError) as info:
        await method_of(aclient, LIST)()

    assert info.value.status_code == 200


def test_results_that_are_not_a_list_of_objects(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json={"D": {"Success": True, "Results": {"Id": "x"}}})
    server.respond(json={"D": {"Success": True, "Results": ["x"]}})

    for _ in range(2):
        with pytest.raises(sparkapi.InvalidResponseError):
            method_of(client, LIST)()


def test_a_single_record_call_with_no_record(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json={"D": {"Success": True, "Results": []}})

    with pytest.raises(sparkapi.InvalidResponseError, match="no record"):
        client.developers.keys.get(101, 5)


# -- no HTTP response at all -----------------------------------------------------------


# max_retries=0: a refused connection is retried with backoff otherwise (slow, same end).


def test_connection_refused() -> None:
    with (
        sync_client(closed_port_url(), max_retries=0) as spark,
        pytest.raises(sparkapi.APIConnectionError) as info,
    ):
        spark.portal_groups.list()

    assert not isinstance(info.value, sparkapi.APITimeoutError)
    assert info.value.status_code is None
    assert ACCESS_TOKEN not in str(info.value)


async def test_connection_refused_async() -> None:
    async with async_client(closed_port_url(), max_retries=0) as spark:
        with pytest.raises(sparkapi.APIConnectionError) as info:
            await spark.portal_groups.list()

    assert not isinstance(info.value, sparkapi.APITimeoutError)
    assert ACCESS_TOKEN not in str(info.value)


def test_timeout(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE, delay=5.0)

    with sync_client(server.url, timeout=0.2) as spark:
        started = time.monotonic()
        with pytest.raises(sparkapi.APITimeoutError) as info:
            method_of(spark, LIST)()
        elapsed = time.monotonic() - started

    assert elapsed < 2.0
    assert isinstance(info.value, sparkapi.APIConnectionError)
    assert ACCESS_TOKEN not in str(info.value)
    assert len(server.requests) == 1


async def test_timeout_async(server: SparkTestServer) -> None:
    server.respond(json=RESPONSE, delay=5.0)

    async with async_client(server.url, timeout=0.2) as spark:
        started = time.monotonic()
        with pytest.raises(sparkapi.APITimeoutError):
            await method_of(spark, LIST)()
        elapsed = time.monotonic() - started

    assert elapsed < 2.0
