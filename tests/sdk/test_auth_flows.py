"""Every way in, over real HTTP against the local server engine (sparkapi.testing): the
OAuth 2 code grant (and its portal variant), OpenID Connect, the hybrid flow, the
session scheme, and ``sparkapi login``; sync and async; success, refusal, expiry, a
failing refresh, and twenty concurrent calls meeting one expiry."""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import stat
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import sparkapi
from sparkapi._login import login, main
from sparkapi.testing import DEFAULT_API_KEYS, DEFAULT_CLIENTS, SparkTestServer

CLIENT_ID, CLIENT_SECRET = next(iter(DEFAULT_CLIENTS.items()))
API_KEY, API_SECRET = next(iter(DEFAULT_API_KEYS.items()))
REDIRECT = "https://app.example.com/callback"
AGENT = "auth-tests/1.0"


@pytest.fixture
def spark(monkeypatch: pytest.MonkeyPatch) -> Iterator[SparkTestServer]:
    """The engine, standing in for both the API host and the sign-in pages."""
    with SparkTestServer() as server:
        monkeypatch.setenv("SPARK_BASE_URL", server.url)
        monkeypatch.setenv("SPARK_PLATFORM_URL", server.url)
        monkeypatch.delenv("SPARK_ACCESS_TOKEN", raising=False)
        yield server


def browse(url: str) -> str:
    """The user's browser: the sign-in page answers at once with the redirect back."""
    answer = httpx.get(url)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def oauth_token(flow: sparkapi.OAuth2Flow) -> sparkapi.OAuth2Token:
    return flow.exchange(browse(flow.authorization_url()))


def new_flow(kind: type[sparkapi.OAuth2Flow] = sparkapi.OAuth2Flow, **options: object) -> sparkapi.OAuth2Flow:
    return kind(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=REDIRECT, user_agent=AGENT, **options)  # type: ignore[arg-type]


def client_of(credentials: sparkapi.TokenProvider) -> sparkapi.SparkClient:
    return sparkapi.SparkClient(token_provider=credentials, user_agent=AGENT)


def aclient_of(credentials: sparkapi.AsyncTokenProvider) -> sparkapi.AsyncSparkClient:
    return sparkapi.AsyncSparkClient(token_provider=credentials, user_agent=AGENT)


# -- OAuth 2 authorization code


def test_the_code_flow_signs_in_and_stores_every_token_set(spark: SparkTestServer) -> None:
    stored: list[sparkapi.TokenSet] = []
    flow = new_flow(on_tokens=stored.append)
    url = flow.authorization_url()
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    assert parts.path == "/oauth2"
    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID and query["state"]
    token = flow.exchange(browse(url))
    assert stored and stored[0].access_token == token.access_token()
    assert stored[0].expires_at is not None  # the lifetime is known (expires_in)
    with client_of(token) as client:
        assert isinstance(client.listing_carts.list(), list)
    spark.auth.expire()
    with client_of(token) as client:
        client.listing_carts.list()
    assert len(stored) == 2 and stored[1].access_token == token.access_token()


def test_the_portal_variant_signs_in_on_the_portals_page(spark: SparkTestServer) -> None:
    flow = new_flow(portal="MyPortal")
    url = flow.authorization_url()
    assert urlsplit(url).path == "/auth/vow/myportal"
    token = flow.exchange(browse(url))
    with client_of(token) as client:
        client.listing_carts.list()


def test_a_redirect_with_another_state_is_refused(spark: SparkTestServer) -> None:
    flow = new_flow()
    back = browse(flow.authorization_url())
    forged = back.replace("state=", "state=x")
    with pytest.raises(sparkapi.AuthorizationError):
        flow.exchange(forged)
    other = new_flow()  # a flow that never sent this user anywhere
    with pytest.raises(sparkapi.AuthorizationError):
        other.exchange(back)


def test_a_wrong_secret_is_a_typed_authentication_error(spark: SparkTestServer) -> None:
    flow = sparkapi.OAuth2Flow(client_id=CLIENT_ID, client_secret="wrong", redirect_uri=REDIRECT)
    with pytest.raises(sparkapi.AuthenticationError) as caught:
        flow.exchange(browse(flow.authorization_url()))
    assert caught.value.status_code == 401 and caught.value.oauth_error == "invalid_client"


def test_an_expired_token_is_refreshed_once_then_the_call_succeeds(spark: SparkTestServer) -> None:
    token = oauth_token(new_flow())
    spark.auth.expire()
    with client_of(token) as client:
        client.listing_carts.list()
    assert spark.auth.refreshes == 1


async def test_an_expired_token_is_refreshed_once_async(spark: SparkTestServer) -> None:
    token = oauth_token(new_flow())
    spark.auth.expire()
    async with aclient_of(token) as client:
        await client.listing_carts.list()
    assert spark.auth.refreshes == 1


def test_a_token_is_refreshed_before_its_known_end(monkeypatch: pytest.MonkeyPatch) -> None:
    with SparkTestServer(token_lifetime=30) as server:  # inside the refresh margin at once
        monkeypatch.setenv("SPARK_BASE_URL", server.url)
        monkeypatch.setenv("SPARK_PLATFORM_URL", server.url)
        token = oauth_token(new_flow())
        with sparkapi.capture_responses() as responses, client_of(token) as client:
            client.listing_carts.list()
        assert server.auth.refreshes == 1
        assert [r.status_code for r in responses] == [200]  # no call met the expiry


def test_a_failed_refresh_surfaces_the_original_error(spark: SparkTestServer) -> None:
    token = oauth_token(new_flow())
    spark.auth.expire()
    spark.auth.refuse_refresh = True
    with client_of(token) as client, pytest.raises(sparkapi.AuthenticationError) as caught:
        client.listing_carts.list()
    assert caught.value.code == 1020
    assert spark.auth.refreshes == 1  # no loop


async def test_a_failed_refresh_surfaces_the_original_error_async(spark: SparkTestServer) -> None:
    token = oauth_token(new_flow())
    spark.auth.expire()
    spark.auth.refuse_refresh = True
    async with aclient_of(token) as client:
        with pytest.raises(sparkapi.AuthenticationError) as caught:
            await client.listing_carts.list()
    assert caught.value.code == 1020 and spark.auth.refreshes == 1


def test_twenty_threads_meeting_one_expiry_refresh_once(spark: SparkTestServer) -> None:
    token = oauth_token(new_flow())
    spark.auth.expire()
    with client_of(token) as client, ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda _: client.listing_carts.list(), range(20)))
    assert len(results) == 20 and spark.auth.refreshes == 1


async def test_twenty_tasks_meeting_one_expiry_refresh_once(spark: SparkTestServer) -> None:
    token = oauth_token(new_flow())
    spark.auth.expire()
    async with aclient_of(token) as client:
        results = await asyncio.gather(*(client.listing_carts.list() for _ in range(20)))
    assert len(results) == 20 and spark.auth.refreshes == 1


def test_one_token_serves_sync_and_async_clients(spark: SparkTestServer) -> None:
    token = oauth_token(new_flow())
    with client_of(token) as client:
        client.listing_carts.list()
    spark.auth.expire()

    async def run() -> None:
        async with aclient_of(token) as aclient:
            await aclient.listing_carts.list()

    asyncio.run(run())
    with client_of(token) as client:
        client.listing_carts.list()
    assert spark.auth.refreshes == 1


# -- OpenID Connect and the hybrid flow


def test_openid_connect_discovers_signs_in_and_logs_out(spark: SparkTestServer) -> None:
    flow = new_flow(sparkapi.OpenIDConnectFlow)
    assert isinstance(flow, sparkapi.OpenIDConnectFlow)
    document = flow.discover()
    assert document["token_endpoint"].startswith(spark.url)
    url = flow.authorization_url()
    query = dict(parse_qsl(urlsplit(url).query))
    assert urlsplit(url).path == "/openid/authorize"
    assert query["scope"] == "openid" and query["nonce"] == flow.nonce and query["state"]
    token = flow.exchange(browse(url))
    with client_of(token) as client:
        client.listing_carts.list()
    logout = flow.logout_url(redirect_uri="https://app.example.com/bye")
    assert urlsplit(logout).path == "/openid/logout"
    assert httpx.get(logout).headers["location"] == "https://app.example.com/bye"


async def test_openid_connect_async_exchange(spark: SparkTestServer) -> None:
    flow = new_flow(sparkapi.OpenIDConnectFlow)
    token = await flow.aexchange(browse(flow.authorization_url()))
    async with aclient_of(token) as client:
        await client.listing_carts.list()


def test_the_hybrid_flow_reads_the_openid_code(spark: SparkTestServer) -> None:
    flow = new_flow(sparkapi.HybridFlow)
    url = flow.authorization_url()
    query = dict(parse_qsl(urlsplit(url).query))
    assert urlsplit(url).path == "/openid"
    assert query["openid.mode"] == "checkid_setup" and query["openid.spark.combined_flow"] == "true"
    assert query["openid.spark.client_id"] == CLIENT_ID and "state" not in query
    back = browse(url)
    assert "openid.spark.code=" in back
    token = flow.exchange(back)
    with client_of(token) as client:
        client.listing_carts.list()


# -- the session scheme


def session() -> sparkapi.ApiSession:
    return sparkapi.ApiSession(api_key=API_KEY, api_secret=API_SECRET, user_agent=AGENT)


def test_a_session_signs_every_request(spark: SparkTestServer) -> None:
    credentials = session()
    with sparkapi.capture_responses() as responses, client_of(credentials) as client:
        client.listing_carts.list()
        client.listing_carts.list(limit=5)
    sent = [dict(parse_qsl(r.request.url.query.decode())) for r in responses]
    assert all(q["AuthToken"] and len(q["ApiSig"]) == 32 for q in sent)
    assert "Authorization" not in responses[0].request.headers
    assert spark.auth.sessions == 1


def test_a_session_write_signs_its_body(spark: SparkTestServer) -> None:
    with client_of(session()) as client:
        client.listings.documents.update(
            "20100815153524571646000000", "20101125153422574618000000", name="Signed"
        )


def test_a_wrong_session_secret_is_code_1000(spark: SparkTestServer) -> None:
    wrong = sparkapi.ApiSession(api_key=API_KEY, api_secret="not-it")
    with client_of(wrong) as client, pytest.raises(sparkapi.AuthenticationError) as caught:
        client.listing_carts.list()
    assert caught.value.code == 1000 and caught.value.status_code == 401


async def test_a_wrong_session_secret_is_code_1000_async(spark: SparkTestServer) -> None:
    wrong = sparkapi.ApiSession(api_key=API_KEY, api_secret="not-it")
    async with aclient_of(wrong) as client:
        with pytest.raises(sparkapi.AuthenticationError) as caught:
            await client.listing_carts.list()
    assert caught.value.code == 1000


def test_an_expired_session_is_restarted_once(spark: SparkTestServer) -> None:
    credentials = session()
    with client_of(credentials) as client:
        client.listing_carts.list()
        spark.auth.expire()
        client.listing_carts.list()
    assert spark.auth.sessions == 2


async def test_an_expired_session_is_restarted_once_async(spark: SparkTestServer) -> None:
    async with aclient_of(session()) as client:
        await client.listing_carts.list()
        spark.auth.expire()
        await client.listing_carts.list()
    assert spark.auth.sessions == 2


def test_a_failed_restart_surfaces_the_original_error(spark: SparkTestServer) -> None:
    with client_of(session()) as client:
        client.listing_carts.list()
        spark.auth.expire()
        spark.auth.api_keys[API_KEY] = "rotated"
        with pytest.raises(sparkapi.AuthenticationError) as caught:
            client.listing_carts.list()
    assert caught.value.code == 1020 and spark.auth.sessions == 1


def test_twenty_threads_meeting_one_expired_session_restart_once(spark: SparkTestServer) -> None:
    with client_of(session()) as client:
        client.listing_carts.list()
        spark.auth.expire()
        with ThreadPoolExecutor(20) as pool:
            assert len(list(pool.map(lambda _: client.listing_carts.list(), range(20)))) == 20
    assert spark.auth.sessions == 2


async def test_twenty_tasks_meeting_one_expired_session_restart_once(spark: SparkTestServer) -> None:
    async with aclient_of(session()) as client:
        await client.listing_carts.list()
        spark.auth.expire()
        await asyncio.gather(*(client.listing_carts.list() for _ in range(20)))
    assert spark.auth.sessions == 2


# -- nothing secret leaks


def test_no_secret_token_or_signature_reaches_logs_reprs_or_errors(
    spark: SparkTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="sparkapi")
    texts: list[str] = []
    secrets = {CLIENT_SECRET, API_SECRET, "not-it"}
    with sparkapi.capture_responses() as responses:
        flow = new_flow()
        token = oauth_token(flow)
        texts += [repr(flow), repr(token), repr(flow.last_tokens)]
        spark.auth.expire()
        with client_of(token) as client:
            client.listing_carts.list()
            texts.append(repr(client))
        credentials = session()
        texts.append(repr(credentials))
        with client_of(credentials) as client:
            client.listing_carts.list()
            spark.auth.expire()
            client.listing_carts.list()
        for bad in (
            lambda: sparkapi.OAuth2Flow(client_id=CLIENT_ID, client_secret="not-it", redirect_uri=REDIRECT).exchange(
                browse(flow.authorization_url())
            ),
            lambda: client_of(sparkapi.ApiSession(api_key=API_KEY, api_secret="not-it")).listing_carts.list(),
        ):
            try:
                bad()
            except sparkapi.SparkAPIError as exc:
                texts += [str(exc), repr(exc)]
    for response in responses:
        query = dict(parse_qsl(response.request.url.query.decode()))
        secrets |= {query[k] for k in ("AuthToken", "ApiSig") if k in query}
        auth = response.request.headers.get("authorization")
        if auth:
            secrets.add(auth.split(" ", 1)[1])
    secrets |= {token.access_token()}
    assert len(secrets) > 6
    texts += [record.getMessage() for record in caplog.records]
    assert any("->" in line for line in texts)  # the DEBUG lines were captured
    leaks = [(s, t) for s in secrets for t in texts if s in t]
    assert not leaks, leaks


# -- sparkapi login / logout


def test_login_stores_a_private_token_that_sparkclient_picks_up(
    spark: SparkTestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config" / "sparkapi" / "token.json"
    monkeypatch.setenv("SPARK_TOKEN_FILE", str(path))
    said: queue.Queue[str] = queue.Queue()
    done: list[Path] = []
    worker = threading.Thread(
        target=lambda: done.append(login(CLIENT_ID, CLIENT_SECRET, open_browser=False, announce=said.put, timeout=20))
    )
    worker.start()
    url = said.get(timeout=10).splitlines()[-1]
    landed = httpx.get(url, follow_redirects=True)  # the browser follows the redirect to 127.0.0.1
    assert landed.status_code == 200 and landed.url.host == "127.0.0.1"
    worker.join(20)
    assert done == [path]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with sparkapi.SparkClient(user_agent=AGENT) as client:  # no token given, none in the env
        client.listing_carts.list()
        spark.auth.expire()
        client.listing_carts.list()  # refreshed, and the refresh stored again
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert main(["logout"]) == 0 and not path.exists()
    with pytest.raises(ValueError, match="sparkapi login"):
        sparkapi.SparkClient(user_agent=AGENT)


def test_the_access_token_variable_comes_before_the_token_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPARK_TOKEN_FILE", str(tmp_path / "missing.json"))
    monkeypatch.setenv("SPARK_ACCESS_TOKEN", "from-env")
    with sparkapi.SparkClient() as client:
        assert client is not None
    assert main(["logout"]) == 0  # nothing to delete is fine
