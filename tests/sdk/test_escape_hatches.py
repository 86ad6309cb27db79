"""What the SDK offers beyond the spec's operations: ``client.request()`` for any path,
per-call ``extra_*`` options and timeouts, per-call raw responses, defaults taken from
the environment, and decimals sent digit for digit."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
import pytest
import sparkapi

from .server import SparkTestServer
from .support import ACCESS_TOKEN, USER_AGENT, assert_api_request, example_response

RESULTS = {"D": {"Success": True, "Results": [{"Id": "1", "Name": "One"}, {"Id": "2", "Name": "Two"}]}}


# -- client.request ------------------------------------------------------------------


def test_request_reaches_a_path_the_spec_does_not_describe(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json=RESULTS)

    rows = client.request("GET", "/some/unspecified/path", params={"_limit": 5, "_pagination": True})

    assert rows == RESULTS["D"]["Results"]
    assert_api_request(
        server.only_request(), "GET", "/v1/some/unspecified/path", query={"_limit": "5", "_pagination": "1"}
    )


def test_request_accepts_the_path_as_the_reference_writes_it(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json={"D": {"Success": True}})

    assert client.request("delete", "/v1/some/thing/7") == {"Success": True}
    assert_api_request(server.only_request(), "DELETE", "/v1/some/thing/7")


def test_request_decodes_into_a_model(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=example_response("listing_carts", "list"))

    carts = client.request("GET", "/listingcarts", cast_to=sparkapi.ListingCart)

    assert isinstance(carts, sparkapi.ResultList)
    assert [cart.name for cart in carts][:2] == ["Favorites", "Possibilities"]


def test_request_sends_a_body_in_the_envelope(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json={"D": {"Success": True, "Results": [{"Id": "9"}]}})

    assert client.request("POST", "/things", body={"Name": "x"}) == [{"Id": "9"}]
    assert_api_request(server.only_request(), "POST", "/v1/things", json={"D": {"Name": "x"}})


def test_request_raises_the_typed_errors(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(404, json={"D": {"Success": False, "Code": 404, "Message": "no such thing"}},
                   headers={"X-Request-Id": "req-1"})

    with pytest.raises(sparkapi.NotFoundError) as caught:
        client.request("GET", "/some/unspecified/path")
    assert (caught.value.code, caught.value.request_id) == (404, "req-1")


async def test_async_request(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(json=RESULTS)
    server.respond(429, json={"D": {"Success": False, "Code": 1550, "Message": "slow down"}},
                   headers={"Retry-After": "3600"})

    assert await aclient.request("GET", "/some/unspecified/path") == RESULTS["D"]["Results"]
    with pytest.raises(sparkapi.RateLimitError):
        await aclient.request("GET", "/some/unspecified/path")


# -- per-call options ------------------------------------------------------------------


def test_extra_query_and_headers_reach_the_wire(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=example_response("listing_carts", "list"))

    client.listing_carts.list(limit=5, extra_query={"_select": "Id", "_limit": 7}, extra_headers={"X-Trace": "abc"})

    request = server.only_request()
    assert request.query == {"_select": "Id", "_limit": "7"}  # the extra value wins
    assert request.header("X-Trace") == "abc"
    assert request.header("Authorization") == f"Bearer {ACCESS_TOKEN}"


def test_select_is_a_keyword_of_every_read(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=example_response("listing_carts", "list"))

    client.listing_carts.list(select=["Id", "Name"])

    assert server.only_request().query == {"_select": "Id,Name"}


def test_extra_body_is_merged_into_the_envelope(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json={"D": {"Success": True}})

    client.listings.documents.update(
        "20100815153524571646000000", "20101125153422574618000000", name="Plan", extra_body={"Undocumented": 1}
    )

    assert server.only_request().json == {"D": {"Name": "Plan", "Undocumented": 1}}


def test_a_per_call_timeout_applies_to_that_call_only(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=RESULTS, delay=0.5)
    with pytest.raises(sparkapi.APITimeoutError):
        client.with_options(max_retries=0).listing_carts.list(timeout=0.1)
    server.respond(json=example_response("listing_carts", "list"), delay=0.2)
    assert client.listing_carts.list()  # the client's own timeout again


def test_an_unknown_keyword_is_a_type_error_before_any_request(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    with pytest.raises(TypeError, match="extra_qurey"):
        client.listing_carts.list(extra_qurey={"_select": "Id"})  # type: ignore[call-arg]
    assert server.requests == []


# -- raw responses ---------------------------------------------------------------------


def test_with_raw_response_returns_one_calls_response(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(503, json={"D": {"Success": False, "Message": "busy"}}, headers={"Retry-After": "0"})
    server.respond(json=example_response("listing_carts", "list"), headers={"X-Request-Id": "req-42"})

    with sparkapi.capture_responses() as everything:
        raw = client.with_raw_response(client.listing_carts.list)(limit=2)

    assert [cart.name for cart in raw.parsed][:2] == ["Favorites", "Possibilities"]
    assert (raw.status_code, raw.request_id, raw.attempts) == (200, "req-42", 2)
    assert raw.headers["content-type"] == "application/json"
    assert len(everything) == 2  # an enclosing capture still sees the call


async def test_async_with_raw_response(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(json={"D": {"Success": True}}, headers={"X-Request-Id": "req-7"})

    raw = await aclient.with_raw_response(aclient.listings.documents.delete)(
        "20100815153524571646000000", "20101125153422574618000000"
    )

    assert raw.parsed is None
    assert (raw.status_code, raw.request_id) == (200, "req-7")


def test_raw_response_of_a_page_iterator_is_refused(client: sparkapi.SparkClient) -> None:
    with pytest.raises(TypeError, match="sent no request"):
        client.with_raw_response(client.listing_carts.iter_list)()


# -- defaults --------------------------------------------------------------------------


def test_user_agent_defaults_to_the_sdk_name(server: SparkTestServer) -> None:
    server.respond(json=RESULTS)
    with sparkapi.SparkClient(access_token="tok", base_url=server.url) as client:
        client.request("GET", "/x")
    assert server.only_request().header("X-SparkApi-User-Agent") == f"sparkapi-python/{sparkapi.__version__}"


def test_token_and_base_url_come_from_the_environment(
    server: SparkTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPARK_ACCESS_TOKEN", "from-env")
    monkeypatch.setenv("SPARK_BASE_URL", server.url)
    server.respond(json=RESULTS)

    with sparkapi.SparkClient(user_agent=USER_AGENT) as client:
        assert client.base_url == server.url
        client.request("GET", "/x")

    assert server.only_request().header("Authorization") == "Bearer from-env"


def test_without_a_token_the_error_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPARK_ACCESS_TOKEN", raising=False)
    with pytest.raises(ValueError, match="SPARK_ACCESS_TOKEN"):
        sparkapi.SparkClient()
    with pytest.raises(ValueError, match="SPARK_ACCESS_TOKEN"):
        sparkapi.AsyncSparkClient()


def test_a_token_and_a_provider_together_are_refused() -> None:
    with pytest.raises(ValueError, match="not both"):
        sparkapi.SparkClient("a", token_provider=sparkapi.AccessToken("b"))


# -- decimals --------------------------------------------------------------------------


def test_a_decimal_goes_out_digit_for_digit(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json={"D": {"Success": True}})
    price = Decimal("12345678901234567890.123456789012")

    client.request("PUT", "/things/1", body={"Price": price, "Small": Decimal("0.10"), "Exp": Decimal("1E+3")})

    body = server.only_request().body.decode()
    assert body == '{"D":{"Price":12345678901234567890.123456789012,"Small":0.10,"Exp":1E+3}}'
    assert json.loads(body, parse_float=Decimal)["D"]["Price"] == price
    assert float(price) != price  # what a float would have sent


def test_a_decimal_that_is_not_a_number_is_refused(client: sparkapi.SparkClient) -> None:
    with pytest.raises(ValueError, match="NaN"):
        client.request("PUT", "/things/1", body={"Price": Decimal("NaN")})


def test_timeouts_none_means_no_limit_for_that_call(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=RESULTS)
    assert client.request("GET", "/x", timeout=None) == RESULTS["D"]["Results"]
    server.respond(json=RESULTS)
    assert client.request("GET", "/x", timeout=httpx.Timeout(5.0)) == RESULTS["D"]["Results"]
