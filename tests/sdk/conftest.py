"""Fixtures of the SDK tests, and ``async def`` tests run with ``asyncio.run``.

An ``async def test_...`` gets its fixtures like any test and runs in a fresh event
loop; any ``AsyncSparkClient`` fixture it received is closed inside that same loop.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator

import pytest
import sparkapi

# Plain asserts in the helper modules report their operands too.
pytest.register_assert_rewrite(f"{__package__}.server", f"{__package__}.support")

from .server import SparkTestServer
from .support import ACCESS_TOKEN, USER_AGENT


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    function = pyfuncitem.obj
    if not inspect.iscoroutinefunction(function):
        return None
    names = inspect.signature(function).parameters
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}

    async def run() -> None:
        try:
            await function(**kwargs)
        finally:
            for value in kwargs.values():
                if isinstance(value, sparkapi.AsyncSparkClient):
                    await value.close()

    asyncio.run(run())
    return True


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SparkTestServer]:
    """A live local server; the test fails if it got a request nothing was set up for.
    URLs the API hands out (upload tickets) are moved to it too."""
    with SparkTestServer() as srv:
        monkeypatch.setenv("SPARK_PLATFORM_URL", srv.url)
        yield srv
        assert not srv.unexpected, f"unexpected requests: {srv.unexpected}"


@pytest.fixture
def client(server: SparkTestServer) -> Iterator[sparkapi.SparkClient]:
    with sparkapi.SparkClient(
        access_token=ACCESS_TOKEN, user_agent=USER_AGENT, base_url=server.url
    ) as spark:
        yield spark


@pytest.fixture
def aclient(server: SparkTestServer) -> sparkapi.AsyncSparkClient:
    """For ``async def`` tests only: it is closed in the test's own event loop."""
    return sparkapi.AsyncSparkClient(
        access_token=ACCESS_TOKEN, user_agent=USER_AGENT, base_url=server.url
    )
