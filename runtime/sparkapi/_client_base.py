# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_client_base.py; edit it there.
"""What ``SparkClient`` and ``AsyncSparkClient`` do besides holding their resources:
credentials and defaults, options, closing, raw access, and ``request()`` for any path.

The generated ``sparkapi._client`` adds the resource accessors (``client.listings``).
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import (
    Any,
    Awaitable,
    Callable,
    Mapping,
    ParamSpec,
    Self,
    TypeVar,
    Unpack,
    overload,
)

import httpx

from sparkapi._auth import (
    AccessToken,
    AsyncTokenProvider,
    AuthScheme,
    OAuth2Token,
    TokenProvider,
)
from sparkapi._constants import (
    ACCESS_TOKEN_ENV,
    AUTH_SCHEME,
    BASE_URL,
    BASE_URL_ENV,
    DEFAULT_USER_AGENT,
)
from sparkapi._models import Model, ResultList
from sparkapi._retry import RetryPolicy
from sparkapi._transport import (
    DEFAULT_TIMEOUT,
    AsyncTransport,
    RawResponse,
    Transport,
    capture_responses,
)
from sparkapi._types import NOT_GIVEN, BodyRequestOptions, NotGiven

__all__ = ["AsyncClientBase", "ClientBase"]

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=Model)


class _Settings:
    """Arguments both clients take, resolved against the environment."""

    @staticmethod
    def _access_token(
        access_token: str | None, token_provider: object | None
    ) -> str | OAuth2Token | None:
        """The token given, else ``SPARK_ACCESS_TOKEN``, else the one ``sparkapi login`` stored."""
        if access_token is not None and token_provider is not None:
            raise ValueError("pass access_token or token_provider, not both")
        if access_token is not None or token_provider is not None:
            return access_token
        from_env = os.environ.get(ACCESS_TOKEN_ENV)
        if from_env:
            return from_env
        from sparkapi._login import load_stored_token, token_file

        stored = load_stored_token()
        if stored is None:
            raise ValueError(
                f"no access token: pass access_token=... or token_provider=..., "
                f"set the {ACCESS_TOKEN_ENV} environment variable, or run "
                f"`sparkapi login` (which stores one in {token_file()})"
            )
        return stored

    @staticmethod
    def _credentials(
        token: str | OAuth2Token | None, scheme: AuthScheme
    ) -> AccessToken | OAuth2Token:
        return (
            token if isinstance(token, OAuth2Token) else AccessToken(str(token), scheme)
        )

    @staticmethod
    def _base_url(base_url: str | None) -> str:
        return base_url or os.environ.get(BASE_URL_ENV) or BASE_URL

    @staticmethod
    def _retry(
        max_retries: int, max_retry_after: float, total_timeout: float
    ) -> RetryPolicy:
        return RetryPolicy(
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            total_timeout=total_timeout,
        )


class ClientBase(_Settings):
    """A client of the Spark API; see ``sparkapi.SparkClient``.

    Args:
        access_token: A personal access token or an OAuth 2 access token, sent as
            ``Authorization: <auth_scheme> <token>``; never shown in reprs, logs or
            errors. Without it (and without ``token_provider``) the client reads the
            ``SPARK_ACCESS_TOKEN`` environment variable.
        user_agent: Your application's name, sent in the user agent header the API
            requires (default ``sparkapi-python/<version>``).
        auth_scheme: ``"Bearer"`` or ``"OAuth"``, the word sent before the token.
        token_provider: Instead of ``access_token``: credentials that can refresh
            themselves, such as ``sparkapi.OAuth2Token``. When the API reports the token
            expired the client refreshes once and replays the call.
        base_url: The API host (default: ``SPARK_BASE_URL`` if set, else the API's).
            Plain ``http://`` is accepted only for loopback hosts.
        timeout: Seconds (or an ``httpx.Timeout``) allowed for each attempt.
        max_retries: Retries after a dropped connection, 429 or 502/503/504 (default 2).
        max_retry_after: The longest ``Retry-After`` (seconds) the client waits for;
            above it the error is raised at once.
        total_timeout: The most one call may take, every attempt and wait included.
        http_client: An ``httpx.Client`` to send requests with; the client then leaves
            closing it to you.
        check_filters: Parse every ``filter`` (``_filter``) before sending it and raise
            ``sparkapi.sparkql.SparkQLSyntaxError`` without a request when the API would
            refuse it (default True).

    Use it as a context manager, or call ``close()``, to release its connection pool.
    ``with_options()`` gives a client with other retry or timeout settings over the
    same pool.
    """

    _transport: Transport

    def __init__(
        self,
        access_token: str | None = None,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        auth_scheme: AuthScheme = AUTH_SCHEME,
        token_provider: TokenProvider | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        max_retry_after: float = 60.0,
        total_timeout: float = 120.0,
        check_filters: bool = True,
        http_client: httpx.Client | None = None,
    ) -> None:
        token = self._access_token(access_token, token_provider)
        self._transport = Transport(
            auth=(
                token_provider
                if token_provider is not None
                else self._credentials(token, auth_scheme)
            ),
            user_agent=user_agent,
            base_url=self._base_url(base_url),
            timeout=timeout,
            retry=self._retry(max_retries, max_retry_after, total_timeout),
            http_client=http_client,
            check_filters=check_filters,
        )

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        max_retry_after: float | None = None,
        total_timeout: float | None = None,
        check_filters: bool | None = None,
    ) -> Self:
        """This client with other settings, sharing its connection pool and credentials.

        ``client.with_options(max_retries=5).listing_carts.list()``
        """
        retry = self._transport.retry.with_changes(
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            total_timeout=total_timeout,
        )
        clone = object.__new__(type(self))
        clone._transport = self._transport.with_options(
            timeout=timeout, retry=retry, check_filters=check_filters
        )
        return clone

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cast_to: type[M],
        **options: Unpack[BodyRequestOptions],
    ) -> ResultList[M]: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cast_to: None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Any: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cast_to: type[M] | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Any:
        """Call any endpoint, with this client's credentials, retries, envelope and errors.

        For what the SDK does not cover yet::

            rows = client.request("GET", "/some/path", params={"_limit": 5})
            carts = client.request("GET", "/listingcarts", cast_to=sparkapi.ListingCart)

        Args:
            method: The HTTP method.
            path: The path below the version (``/listingcarts``; ``/v1/listingcarts`` too).
            params: Query parameters; lists are comma-joined, booleans sent as 1 or 0.
            body: The request body, sent inside the envelope.
            cast_to: A model to decode ``Results`` into (a ``ResultList``); without
                it, the plain ``Results`` list, or the envelope's content when the
                response has no ``Results``.
            options: ``extra_query``, ``extra_headers``, ``extra_body``, ``timeout``.
        """
        return self._transport.request_any(
            method, path, cast_to, params=params, body=body, options=options
        )

    def with_raw_response(self, method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
        """``method`` made to return its result with its HTTP response.

        ``raw = client.with_raw_response(client.listing_carts.get)(cart_id)`` gives
        ``raw.parsed`` (the cart), ``raw.status_code``, ``raw.headers`` and
        ``raw.request_id``; it captures that call only.
        """

        def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
            with capture_responses() as responses:
                parsed = method(*args, **kwargs)
            return RawResponse[R].of(parsed, responses)

        return call

    def close(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``)."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"


class AsyncClientBase(_Settings):
    """An asynchronous client of the Spark API; see ``sparkapi.AsyncSparkClient``.

    Args:
        access_token: A personal access token or an OAuth 2 access token, sent as
            ``Authorization: <auth_scheme> <token>``; never shown in reprs, logs or
            errors. Without it (and without ``token_provider``) the client reads the
            ``SPARK_ACCESS_TOKEN`` environment variable.
        user_agent: Your application's name, sent in the user agent header the API
            requires (default ``sparkapi-python/<version>``).
        auth_scheme: ``"Bearer"`` or ``"OAuth"``, the word sent before the token.
        token_provider: Instead of ``access_token``: credentials that can refresh
            themselves, such as ``sparkapi.OAuth2Token``. When the API reports the token
            expired the client refreshes once and replays the call.
        base_url: The API host (default: ``SPARK_BASE_URL`` if set, else the API's).
            Plain ``http://`` is accepted only for loopback hosts.
        timeout: Seconds (or an ``httpx.Timeout``) allowed for each attempt.
        max_retries: Retries after a dropped connection, 429 or 502/503/504 (default 2).
        max_retry_after: The longest ``Retry-After`` (seconds) the client waits for;
            above it the error is raised at once.
        total_timeout: The most one call may take, every attempt and wait included.
        http_client: An ``httpx.AsyncClient`` to send requests with; the client then leaves
            closing it to you.
        check_filters: Parse every ``filter`` before sending it (see ``SparkClient``).

    Use it as an async context manager, or call ``await close()``, to release its connection pool.
    ``with_options()`` gives a client with other retry or timeout settings over the
    same pool.
    """

    _transport: AsyncTransport

    def __init__(
        self,
        access_token: str | None = None,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        auth_scheme: AuthScheme = AUTH_SCHEME,
        token_provider: AsyncTokenProvider | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        max_retry_after: float = 60.0,
        total_timeout: float = 120.0,
        check_filters: bool = True,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        token = self._access_token(access_token, token_provider)
        self._transport = AsyncTransport(
            auth=(
                token_provider
                if token_provider is not None
                else self._credentials(token, auth_scheme)
            ),
            user_agent=user_agent,
            base_url=self._base_url(base_url),
            timeout=timeout,
            retry=self._retry(max_retries, max_retry_after, total_timeout),
            http_client=http_client,
            check_filters=check_filters,
        )

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        max_retry_after: float | None = None,
        total_timeout: float | None = None,
        check_filters: bool | None = None,
    ) -> Self:
        """This client with other settings, sharing its connection pool and credentials.

        ``client.with_options(max_retries=5).listing_carts.list()``
        """
        retry = self._transport.retry.with_changes(
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            total_timeout=total_timeout,
        )
        clone = object.__new__(type(self))
        clone._transport = self._transport.with_options(
            timeout=timeout, retry=retry, check_filters=check_filters
        )
        return clone

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cast_to: type[M],
        **options: Unpack[BodyRequestOptions],
    ) -> ResultList[M]: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cast_to: None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Any: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cast_to: type[M] | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Any:
        """Call any endpoint, with this client's credentials, retries, envelope and errors.

        For what the SDK does not cover yet::

            rows = await client.request("GET", "/some/path", params={"_limit": 5})
            carts = await client.request("GET", "/listingcarts", cast_to=sparkapi.ListingCart)

        Args:
            method: The HTTP method.
            path: The path below the version (``/listingcarts``; ``/v1/listingcarts`` too).
            params: Query parameters; lists are comma-joined, booleans sent as 1 or 0.
            body: The request body, sent inside the envelope.
            cast_to: A model to decode ``Results`` into (a ``ResultList``); without
                it, the plain ``Results`` list, or the envelope's content when the
                response has no ``Results``.
            options: ``extra_query``, ``extra_headers``, ``extra_body``, ``timeout``.
        """
        return await self._transport.request_any(
            method, path, cast_to, params=params, body=body, options=options
        )

    def with_raw_response(
        self, method: Callable[P, Awaitable[R]]
    ) -> Callable[P, Awaitable[RawResponse[R]]]:
        """``method`` made to return its result with its HTTP response.

        ``raw = await client.with_raw_response(client.listing_carts.get)(cart_id)`` gives
        ``raw.parsed`` (the cart), ``raw.status_code``, ``raw.headers`` and
        ``raw.request_id``; it captures that call only.
        """

        async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
            with capture_responses() as responses:
                parsed = await method(*args, **kwargs)
            return RawResponse[R].of(parsed, responses)

        return call

    async def close(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``)."""
        await self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"
