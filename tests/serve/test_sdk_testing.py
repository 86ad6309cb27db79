"""``sparkapi.testing``: the helper the generated SDK ships runs the same engine on the
same data as ``sparkgen serve``."""

from __future__ import annotations

import asyncio
import pathlib

import pytest

import sparkapi
from generator.serve import ENGINE, load_engine, serve_data
from generator.ir.model import Project
from sparkapi.testing import DEFAULT_TOKEN, Faults, SparkTestServer, spec_data


def test_the_sdk_ships_the_data_sparkgen_serve_builds(project: Project) -> None:
    assert spec_data() == serve_data(project)


def test_sparkgen_serve_runs_the_engine_the_sdk_ships() -> None:
    engine = load_engine()
    assert engine.__file__ == str(ENGINE)
    assert engine.SparkServer.__module__ == "generator.serve._engine"
    shipped = pathlib.Path(sparkapi.testing.__file__).with_name("_server.py")
    assert shipped.read_bytes() == ENGINE.read_bytes()


def test_the_default_token_works_with_the_helpers_clients() -> None:
    with SparkTestServer() as server:
        assert server.url.startswith("http://127.0.0.1:")
        with server.client() as client:
            assert [cart.name for cart in client.listing_carts.list()][:2] == ["Favorites", "Possibilities"]
            created = client.listings.tickets.create("20100815153524571646000000", service="PhotoUploads")
            assert created.token == "ae788854e77d2f6c87d79c47b90c54ea"

        async def read() -> list[str]:
            async with server.async_client(DEFAULT_TOKEN) as aclient:
                return [str(g.id) for g in await aclient.portal_groups.list()]

        assert asyncio.run(read()) == ["20130919194721820379000000"]


def test_roles_fixtures_and_faults_through_the_helper() -> None:
    tokens = {"agent": "private", "consumer": "vow"}
    fixtures = {"ListingCart": [{"Id": "c1", "Name": "Mine"}]}
    with SparkTestServer(tokens=tokens, fixtures=fixtures) as server:
        with server.client("consumer") as client:
            assert [c.name for c in client.listing_carts.list()] == ["Mine"]
            with pytest.raises(sparkapi.PermissionDeniedError):
                client.developers.keys.list(101)
    with SparkTestServer(faults=Faults(rate=1.0, kinds=("rate_limit",))) as server:
        with server.client(max_retries=0) as client, pytest.raises(sparkapi.RateLimitError):
            client.listing_carts.list()
