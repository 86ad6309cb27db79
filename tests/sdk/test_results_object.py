"""A single read the API answers with the record as ``Results`` itself (``results:
object``), through the generated SDK, over HTTP, sync and async.

News Feed: Settings and Accounts: Metadata document ``"Results": {...}`` where the
platform usually sends a one-record list. The local server answers in the documented
form; the SDK reads it, and still reads a one-record list should the API send one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sparkapi
from sparkapi.testing import SparkTestServer

from .server import SparkTestServer as StubServer
from .support import example_response

SETTINGS = example_response("news_feeds_settings", "get")["D"]["Results"]


@pytest.fixture
def local() -> Iterator[SparkTestServer]:
    with SparkTestServer() as server:
        yield server


def test_the_local_server_answers_the_documented_bare_object(local: SparkTestServer) -> None:
    with local.client() as client:
        assert client.request("GET", "/newsfeeds/settings") == SETTINGS
        meta = client.request("GET", "/accounts/meta", params={"_select": "Tags"})
        assert meta == {"Tags": ["Appraiser", "Realtor"]}  # _select applies to the one record


def test_the_sdk_reads_the_bare_object_as_the_record(local: SparkTestServer) -> None:
    with local.client() as client:
        settings = client.news_feeds.settings.get()
        assert settings.to_dict() == SETTINGS
        assert settings.notification_ui == "NewsFeed"
        assert client.news_feeds.meta.get().events is not None
        assert client.accounts.meta.get(select=["Tags"]).tags == ["Appraiser", "Realtor"]


async def test_the_sdk_reads_the_bare_object_as_the_record_async(local: SparkTestServer) -> None:
    async with local.async_client() as client:
        assert await client.request("GET", "/newsfeeds/settings") == SETTINGS
        settings = await client.news_feeds.settings.get()
        assert settings.default_events == SETTINGS["DefaultEvents"]
        meta = await client.news_feeds.meta.get()
        assert meta.saved_search_events is not None and "Recommended" not in meta.saved_search_events


def test_a_one_record_list_reads_the_same(server: StubServer, client: sparkapi.SparkClient) -> None:
    server.respond(json={"D": {"Success": True, "Results": [SETTINGS]}})
    assert client.news_feeds.settings.get().to_dict() == SETTINGS


async def test_a_one_record_list_reads_the_same_async(server: StubServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(json={"D": {"Success": True, "Results": [SETTINGS]}})
    assert (await aclient.news_feeds.settings.get()).to_dict() == SETTINGS
