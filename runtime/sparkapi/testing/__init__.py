# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/testing/__init__.py; edit it there.
"""A local Spark API for your test suite: ``SparkTestServer``.

It runs in a thread of the test process on 127.0.0.1 and answers every operation of
this SDK as the spec documents it: the documented responses, with state (a create
shows up in the next list, an update in the next get, a delete makes the next get a
404), the API's error shape, the roles table, paging, expansions, and, when asked,
injected faults (rate limits, server errors, slow answers, dropped connections)::

    from sparkapi.testing import Faults, SparkTestServer

    with SparkTestServer(tokens={"test-token": "private", "idx-token": "idx"}) as server:
        with server.client("test-token") as client:
            carts = client.listing_carts.list()

The rules it follows are listed in ``sparkapi.testing._server``; ``sparkgen serve``
runs the same engine from the command line.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Callable, Mapping, Sequence

from sparkapi._client import AsyncSparkClient, SparkClient
from sparkapi.testing._server import FAULT_KINDS, ROLES, Faults, SparkServer

__all__ = [
    "DEFAULT_API_KEYS",
    "DEFAULT_CLIENTS",
    "DEFAULT_TOKEN",
    "FAULT_KINDS",
    "ROLES",
    "Faults",
    "SparkTestServer",
]

DEFAULT_TOKEN = "test-token"
"""The token a server made without ``tokens`` accepts, with the private role."""
DEFAULT_USER_AGENT = "sparkapi-tests/1.0"
DEFAULT_CLIENTS: Mapping[str, str] = {"my-client-id": "my-client-secret"}
"""The OAuth 2 client (id -> secret) a server made without ``clients`` knows."""
DEFAULT_API_KEYS: Mapping[str, str] = {"my-api-key": "my-api-secret"}
"""The API key (key -> secret) of the session scheme a server made without ``api_keys`` knows."""


@functools.cache
def spec_data() -> dict[str, Any]:
    """The spec as the engine's data, generated beside this module as ``spec.json``."""
    data: dict[str, Any] = json.loads(
        resources.files(__name__).joinpath("spec.json").read_bytes()
    )
    return data


class SparkTestServer(SparkServer):
    """The local API with this SDK's spec; start it with ``with`` or ``start()``.

    Args:
        tokens: Access token -> role (idx, public, vow, portal or private). By default
            ``{DEFAULT_TOKEN: "private"}``.
        fixtures: Records to seed, by accessor (``"listing_carts"``) or model name
            (``"ListingCart"``), in place of the documented list responses.
        records: How many records a collection holds, by accessor or model
            (``{"listings": 500}``): its seeds, then records made up from the spec.
        seed: The seed of the made-up records (the same seed, the same records).
        faults: Failures to inject, e.g. ``Faults(rate=0.2, seed=1, kinds=("drop",))``.
        port: The port to listen on; 0 (the default) picks a free one.
        log: Called with one line per request; silent when None.
        clients: OAuth 2 client id -> secret for the sign-in flows (default
            ``DEFAULT_CLIENTS``); the server signs users in at once and issues tokens
            with the private role. ``server.auth.expire()`` ends them on demand.
        api_keys: API key -> secret for the session scheme (default ``DEFAULT_API_KEYS``).
        token_lifetime: Seconds an issued token or session lives (default: the spec's).
        replication: Tokens with the replication role: the server then plays the
            replication host (``_limit`` up to 1000; any other token gets code 1021).
        users: Access token -> its user, for the services the spec keeps per user
            (contacts, notifications...); by default each token is a user of its own.
        contacts: Access token -> the id of the contact a VOW or portal token signed in
            as; it then sees only that contact's records (``/contacts`` and the like).
    """

    def __init__(
        self,
        *,
        tokens: Mapping[str, str] | None = None,
        fixtures: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        records: Mapping[str, int] | None = None,
        seed: int = 0,
        faults: Faults | None = None,
        port: int = 0,
        log: Callable[[str], None] | None = None,
        clients: Mapping[str, str] | None = None,
        api_keys: Mapping[str, str] | None = None,
        token_lifetime: int | None = None,
        replication: Sequence[str] | None = None,
        users: Mapping[str, str] | None = None,
        contacts: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            spec_data(),
            tokens={DEFAULT_TOKEN: "private"} if tokens is None else tokens,
            fixtures=fixtures,
            records=records,
            seed=seed,
            faults=faults,
            port=port,
            log=log,
            clients=DEFAULT_CLIENTS if clients is None else clients,
            api_keys=DEFAULT_API_KEYS if api_keys is None else api_keys,
            token_lifetime=token_lifetime,
            replication=replication,
            users=users,
            contacts=contacts,
        )

    def client(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        **options: Any,
    ) -> SparkClient:
        """A ``SparkClient`` of this server; ``options`` are SparkClient's (timeout, ...)."""
        return SparkClient(token, user_agent=user_agent, base_url=self.url, **options)

    def async_client(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        **options: Any,
    ) -> AsyncSparkClient:
        """An ``AsyncSparkClient`` of this server; close it in the loop that used it."""
        return AsyncSparkClient(
            token, user_agent=user_agent, base_url=self.url, **options
        )
