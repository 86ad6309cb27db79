# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_transport.py; edit it there.
"""HTTP for every resource: headers, credentials, retries, the envelope, and errors.

``Transport`` (sync) and ``AsyncTransport`` share everything but the sending, in
``_BaseTransport``; they differ only in ``await``. Generated resource methods call
``request_list``, ``request_one``, ``request_optional``, ``request_map``,
``request_none`` or ``iterate`` with a method, a path below the version, the model to
decode into and the caller's per-call options (``sparkapi.RequestOptions``).

Each call is logged at DEBUG on the ``sparkapi`` logger (method, path, status, time,
retry count; never a token or a body).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import ipaddress
import json
import logging
import os
import ssl
import time
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import (
    Any,
    Callable,
    AsyncIterator,
    Generic,
    Iterator,
    Mapping,
    TypeVar,
)
from urllib.parse import quote, urlsplit

import httpx

from sparkapi._auth import AsyncTokenProvider, OutgoingRequest, TokenProvider, hooks
from sparkapi._constants import (
    API_VERSION,
    ENVELOPE,
    EXPIRED_TOKEN_CODE,
    PLATFORM_URL_ENV,
    REQUEST_ID_HEADER,
    USER_AGENT_HEADER,
)
from sparkapi._errors import error_class_for
from sparkapi._exceptions import (
    APIConnectionError,
    APITimeoutError,
    InvalidResponseError,
    SparkAPIError,
    error_for_response,
)
from sparkapi._models import (
    Model,
    ResultList,
    json_loads,
    lazy_content,
    results_of,
    to_wire,
)
from sparkapi._retry import RetryPolicy
from sparkapi._types import NotGiven, as_array, as_object, is_sequence
from sparkapi._upload import MultipartForm, StreamedBody, json_with_files

__all__ = [
    "DEFAULT_TIMEOUT",
    "AsyncTransport",
    "RawResponse",
    "Transport",
    "capture_responses",
    "dump_json",
    "handed_out_url",
    "path_segment",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

logger = logging.getLogger("sparkapi")
# The lists of every capture open in this context (``capture_responses`` blocks and
# per-call raw access), innermost last; each response is appended to all of them.
_captured: contextvars.ContextVar[tuple[list[httpx.Response], ...]] = (
    contextvars.ContextVar("sparkapi_captured", default=())
)
R = TypeVar("R")
# The options of a call that was given none (see sparkapi.RequestOptions).
NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})
_OPTION_NAMES = frozenset({"extra_query", "extra_headers", "extra_body", "timeout"})


async def _async_sleep(seconds: float) -> None:
    import asyncio  # only async users pay for importing asyncio

    await asyncio.sleep(seconds)


@contextlib.contextmanager  # pyright: ignore[reportDeprecated]
def capture_responses() -> Iterator[list[httpx.Response]]:
    """Collect the raw ``httpx.Response`` of every call made inside the block.

    Works per thread and per asyncio task::

        with sparkapi.capture_responses() as responses:
            client.listing_carts.list()
        print(responses[-1].status_code, responses[-1].headers["X-Request-Id"])

    For one call, ``client.with_raw_response(method)`` is simpler.
    """
    responses: list[httpx.Response] = []
    token = _captured.set((*_captured.get(), responses))
    try:
        yield responses
    finally:
        _captured.reset(token)


@dataclass(frozen=True)
class RawResponse(Generic[R]):
    """What one call returned (``parsed``) with the HTTP response it came from.

    Made by ``client.with_raw_response(method)(...)``; ``attempts`` counts the
    responses the call received, retried ones included.
    """

    parsed: R
    http_response: httpx.Response
    attempts: int

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.http_response.headers.get(REQUEST_ID_HEADER)
        return request_id

    @classmethod
    def of(cls, parsed: R, responses: list[httpx.Response]) -> RawResponse[R]:
        """The last of a call's responses (the one it returned from), with its result."""
        if not responses:
            raise TypeError(
                "the call sent no request (a page iterator sends one per page as it is read)"
            )
        return cls(parsed, responses[-1], len(responses))


M = TypeVar("M", bound=Model)


def path_segment(value: object) -> str:
    """One path parameter, percent-encoded so it cannot change the path's shape."""
    segment = quote(str(value), safe="")
    if not segment:
        raise ValueError("a path parameter must not be empty")
    # URL normalization would drop "." and ".." as dot-segments; encoded they stay ids.
    return segment.replace(".", "%2E") if segment in (".", "..") else segment


def handed_out_url(url: str) -> str:
    """A whole URL the API handed out (an upload ticket's Uri), held to the rules of a
    base URL; ``SPARK_PLATFORM_URL``, when set (a local server), takes its host."""
    host = os.environ.get(PLATFORM_URL_ENV)
    if host:
        parts = urlsplit(url)
        url = host.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
    return check_base_url(url)


def check_base_url(base_url: str) -> str:
    """The API requires HTTPS; plain HTTP is allowed only for loopback test servers."""
    parts = urlsplit(base_url)
    if parts.scheme == "https":
        return base_url.rstrip("/")
    if parts.scheme == "http" and _is_loopback(parts.hostname or ""):
        return base_url.rstrip("/")
    raise ValueError(
        f"base_url must use https (plain http only for loopback hosts): {base_url!r}"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _query(params: Mapping[str, Any] | None) -> dict[str, str]:
    """Query values as the API spells them: lists comma-joined, booleans as 1 or 0."""
    query: dict[str, str] = {}
    for name, value in (params or {}).items():
        if isinstance(value, NotGiven) or value is None:
            continue
        if isinstance(value, bool):
            query[name] = "1" if value else "0"
        elif name == FILTER_PARAMETER and not isinstance(value, str):
            query[name] = str(value)  # a sparkapi.sparkql builder expression
        elif is_sequence(value):
            query[name] = ",".join(str(to_wire(v)) for v in value)
        else:
            query[name] = str(to_wire(value))
    return query


FILTER_PARAMETER = "_filter"


def _check_filter(
    params: Mapping[str, Any] | None, extra_query: Mapping[str, Any] | None
) -> None:
    """Parse the SparkQL of a ``_filter`` query value before it is sent: a filter the API
    would refuse raises ``SparkQLSyntaxError`` here, without a request."""
    for query in (params, extra_query):
        value = query.get(FILTER_PARAMETER) if query else None
        if value is None or isinstance(value, NotGiven):
            continue
        # Imported here, on the first filter sent, to keep it out of ``import sparkapi``.
        from sparkapi._sparkql_grammar import parse

        parse(value if isinstance(value, str) else str(value))


def dump_json(value: Any) -> str:
    """Compact JSON of wire data (see ``to_wire``), with every ``Decimal`` written out
    exactly as its digits, never through a float."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot send {value} as a JSON number")
        return str(value)
    if (mapping := as_object(value)) is not None:
        items = (f"{json.dumps(str(k))}:{dump_json(v)}" for k, v in mapping.items())
        return "{" + ",".join(items) + "}"
    if (array := as_array(value)) is not None:
        return "[" + ",".join(dump_json(v) for v in array) + "]"
    return json.dumps(value)


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One TLS context for every client: building it loads the CA bundle (~30 ms)."""
    return httpx.create_ssl_context()


def _invalid(message: str, response: httpx.Response) -> InvalidResponseError:
    return InvalidResponseError(
        message,
        status_code=response.status_code,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        response=response,
    )


def _below_version(path: str) -> str:
    """A path below the version; ``/v1/...`` as the reference writes it is accepted too."""
    path = path if path.startswith("/") else f"/{path}"
    prefix = f"/{API_VERSION}/"
    return path[len(prefix) - 1 :] if path.startswith(prefix) else path


class _BaseTransport:
    """What the sync and async transports share: configuration and envelope handling."""

    def __init__(
        self,
        *,
        user_agent: str,
        base_url: str,
        timeout: float | httpx.Timeout | None,
        retry: RetryPolicy,
        check_filters: bool = True,
    ) -> None:
        if not user_agent:
            raise ValueError(
                "user_agent must name your application; the API requires it"
            )
        self.base_url = check_base_url(base_url)
        self.timeout = _as_timeout(timeout)
        self.retry = retry
        self.check_filters = check_filters
        self._user_agent = user_agent

    def check_filter_rules(self, value: Any, parameter: str, **rules: Any) -> None:
        """A service's documented restrictions on a filter it is sent (the spec's
        ``filter_rules``), checked before the request unless ``check_filters`` is off.
        """
        if self.check_filters and not isinstance(value, NotGiven):
            # Imported here, like the parser, to keep it out of ``import sparkapi``.
            from sparkapi._filter_rules import check_filter_rules

            check_filter_rules(value, parameter, **rules)

    def _request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | MultipartForm | None,
        options: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Everything of a request but its credentials, which may change between attempts."""
        if options and not _OPTION_NAMES.issuperset(options):
            unknown = ", ".join(sorted(set(options) - _OPTION_NAMES))
            raise TypeError(f"unexpected keyword argument(s): {unknown}")
        headers = {"Accept": "application/json", USER_AGENT_HEADER: self._user_agent}
        extra_body = options.get("extra_body")
        content: str | StreamedBody | None = None
        if isinstance(body, MultipartForm):  # a form post: no envelope
            content = body.encode(extra_body)
        else:
            if extra_body:
                body = {**(body or {}), **extra_body}
            if body is not None:
                wire = {ENVELOPE: to_wire(body)}
                content = json_with_files(wire, dump_json) or dump_json(wire)
        if isinstance(content, StreamedBody):
            headers["Content-Type"] = content.content_type
            headers["Content-Length"] = str(content.length)
        elif content is not None:
            headers["Content-Type"] = "application/json"
        extra_query = options.get("extra_query")
        extra_headers = options.get("extra_headers")
        if self.check_filters:
            _check_filter(params, extra_query)
        return {
            "method": method,
            "url": (
                path
                if path.startswith(("https://", "http://"))
                else f"{self.base_url}/{API_VERSION}{path}"
            ),
            "params": _query(
                {**params, **extra_query}
                if params and extra_query
                else params or extra_query
            ),
            "headers": {**headers, **extra_headers} if extra_headers else headers,
            "content": content,
            "timeout": (
                _as_timeout(options["timeout"])
                if "timeout" in options
                else self.timeout
            ),
        }

    @staticmethod
    def _attempt(
        request: dict[str, Any],
        authorize: Callable[[OutgoingRequest, str], None],
        token: str,
        deadline: float,
    ) -> dict[str, Any]:
        """One attempt's arguments: credentials, and a timeout that ends by the deadline."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise APITimeoutError(
                f"{request['method']} {request['url']} ran out of its time budget"
            )
        content = request["content"]
        outgoing = OutgoingRequest(
            request["method"],
            request["url"],
            dict(request["params"]),
            dict(request["headers"]),
            None if isinstance(content, StreamedBody) else content,
        )
        authorize(outgoing, token)
        attempt = dict(request)
        # None, not {}: httpx rebuilds the URL for any params given, even empty ones.
        attempt["params"] = outgoing.params or None
        attempt["headers"] = outgoing.headers
        timeout: httpx.Timeout = request["timeout"]
        limits = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if any(v is None or v > remaining for v in limits):  # only near the deadline
            attempt["timeout"] = httpx.Timeout(
                connect=_cap(timeout.connect, remaining),
                read=_cap(timeout.read, remaining),
                write=_cap(timeout.write, remaining),
                pool=_cap(timeout.pool, remaining),
            )
        return attempt

    @staticmethod
    def _fits(deadline: float, wait: float | None) -> bool:
        return wait is not None and time.monotonic() + wait < deadline

    @staticmethod
    def _transport_error(
        method: str, path: str, exc: httpx.TransportError
    ) -> APIConnectionError:
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"{method} {path} timed out: {type(exc).__name__}")
        return APIConnectionError(
            f"{method} {path} failed: {type(exc).__name__}: {exc}"
        )

    @staticmethod
    def _observe(
        method: str,
        path: str,
        response: httpx.Response | None,
        attempt: int,
        started: float,
    ) -> None:
        if response is not None:
            for captured in _captured.get():
                captured.append(response)
        if logger.isEnabledFor(logging.DEBUG):
            status = response.status_code if response is not None else "no response"
            elapsed = (time.monotonic() - started) * 1000
            logger.debug(
                "%s %s -> %s in %.1f ms (retry %d)",
                method,
                path,
                status,
                elapsed,
                attempt,
            )

    @staticmethod
    def _unwrap(
        response: httpx.Response,
        allow_empty: bool,
        records: type[Model] | None = None,
    ) -> dict[str, Any]:
        """The inside of the envelope of a successful response, or the typed error.

        Where no record is expected, a success without a body (204 No Content) counts
        as the standard success reply. ``records`` (the model of a list of records):
        the records of ``Results`` are built by msgspec (``lazy_content``), not parsed
        into dicts.
        """
        if allow_empty and response.is_success and not response.content:
            return {"Success": True}
        if records is not None and response.is_success:
            found = lazy_content(response.content, records)
            if found is not None and found.get("Success") is not False:
                return found
        try:
            body = json_loads(response.content) if response.content else None
        except ValueError:
            body = None
        envelope = as_object(body)
        data = as_object(envelope.get(ENVELOPE)) if envelope is not None else None
        if not response.is_success or (
            data is not None and data.get("Success") is False
        ):
            raise error_for_response(response, body, error_class_for)
        if data is None:
            raise _invalid(
                f'expected a JSON object with a "{ENVELOPE}" key, got: {response.text[:200]!r}',
                response,
            )
        return data

    @staticmethod
    def _many(
        model: type[M], data: dict[str, Any], response: httpx.Response
    ) -> ResultList[M]:
        try:
            return results_of(model, data)
        except ValueError as exc:
            raise _invalid(str(exc), response) from None

    def _first(
        self, model: type[M], data: dict[str, Any], response: httpx.Response
    ) -> M | None:
        """The one record of a single read: some services send it as Results itself."""
        if as_object(data.get("Results")) is not None:
            data = {**data, "Results": [data["Results"]]}
        records = self._many(model, data, response)
        return records[0] if records else None

    def _named(
        self, model: type[M], data: dict[str, Any], response: httpx.Response
    ) -> dict[str, M]:
        """A map result: the one record of Results, an object of records keyed by name."""
        results = as_array(data.get("Results")) or [{}]
        first = as_object(results[0]) if len(results) == 1 else None
        named = {k: as_object(v) for k, v in (first or {}).items()}
        if first is None or any(v is None for v in named.values()):
            raise _invalid(
                "expected Results to hold one object of records keyed by name", response
            )
        wrap = model._wrap  # pyright: ignore[reportPrivateUsage]
        return {k: wrap(v) for k, v in named.items() if v is not None}

    def _one(
        self,
        method: str,
        path: str,
        model: type[M],
        data: dict[str, Any],
        response: httpx.Response,
    ) -> M:
        record = self._first(model, data, response)
        if record is None:
            raise _invalid(f"{method} {path} returned no record", response)
        return record

    def _cast(
        self,
        cast_to: type[Model] | None,
        data: dict[str, Any],
        response: httpx.Response,
    ) -> Any:
        """``request()``'s result: typed records, else the plain ``Results`` (or the content)."""
        if cast_to is not None:
            return self._many(cast_to, data, response)
        return data["Results"] if "Results" in data else data

    @staticmethod
    def _has_next_page(page: ResultList[Any], number: int, limit: int | None) -> bool:
        """Whether another page follows: by the Pagination block, else by a full page."""
        if not page:
            return False
        info = page.pagination
        total = info.total_pages if info is not None else None
        if isinstance(total, int):
            return number < total
        return limit is not None and len(page) >= limit

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"  # never the token


def _as_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def _cap(limit: float | None, remaining: float) -> float:
    return remaining if limit is None else min(limit, remaining)


class Transport(_BaseTransport):
    """One connection pool (``httpx.Client``) shared by every resource of a client."""

    def __init__(
        self,
        *,
        auth: TokenProvider,
        user_agent: str,
        base_url: str,
        timeout: float | httpx.Timeout | None,
        retry: RetryPolicy,
        http_client: httpx.Client | None,
        check_filters: bool = True,
    ) -> None:
        super().__init__(
            user_agent=user_agent,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            check_filters=check_filters,
        )
        self._auth = auth
        self._stale, self._authorize = hooks(auth)
        self._owns_client = http_client is None
        self._http = http_client or httpx.Client(
            timeout=self.timeout, verify=_ssl_context()
        )

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | NotGiven,
        retry: RetryPolicy,
        check_filters: bool | None = None,
    ) -> Transport:
        """A transport with other options over the same connection pool (which it does not own)."""
        return Transport(
            auth=self._auth,
            user_agent=self._user_agent,
            base_url=self.base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            retry=retry,
            http_client=self._http,
            check_filters=(
                self.check_filters if check_filters is None else check_filters
            ),
        )

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | MultipartForm | None,
        options: Mapping[str, Any],
        allow_empty: bool = False,
        records: type[Model] | None = None,
    ) -> tuple[dict[str, Any], httpx.Response]:
        """Send with retries and one token refresh; return the envelope's content."""
        request = self._request(method, path, params, body, options)
        deadline = time.monotonic() + self.retry.total_timeout
        attempt = 0
        refreshed = False
        if self._stale():  # a known lifetime passed, or no session yet
            self._auth.refresh(self._auth.access_token())
        while True:
            token = self._auth.access_token()
            started = time.monotonic()
            try:
                sent = self._attempt(request, self._authorize, token, deadline)
                body_sent = request["content"]
                if isinstance(body_sent, StreamedBody):  # from its first byte again
                    sent["content"] = body_sent.chunks()
                response = self._http.request(**sent)
            except httpx.TransportError as exc:
                self._observe(method, path, None, attempt, started)
                wait = self.retry.retry_after_error(method, exc, attempt)
                if wait is None or not self._fits(deadline, wait):
                    raise self._transport_error(method, path, exc) from None
                time.sleep(wait)
                attempt += 1
                continue
            self._observe(method, path, response, attempt, started)
            wait = self.retry.retry_after_response(method, response, attempt)
            if wait is not None and self._fits(deadline, wait):
                time.sleep(wait)
                attempt += 1
                continue
            try:
                return self._unwrap(response, allow_empty, records), response
            except SparkAPIError as exc:
                if exc.code != EXPIRED_TOKEN_CODE or refreshed:
                    raise
                refreshed = True
                if self._auth.refresh(token) is None:
                    raise

    def request_list(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> ResultList[M]:
        data, response = self._send(method, path, params, body, options, records=model)
        return self._many(model, data, response)

    def request_one(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> M:
        data, response = self._send(method, path, params, body, options)
        return self._one(method, path, model, data, response)

    def request_optional(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> M | None:
        data, response = self._send(method, path, params, body, options)
        return self._first(model, data, response)

    def request_map(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> dict[str, M]:
        data, response = self._send(method, path, params, body, options)
        return self._named(model, data, response)

    def request_none(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> None:
        self._send(method, path, params, body, options, allow_empty=True)

    def request_any(
        self,
        method: str,
        path: str,
        cast_to: type[Model] | None,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> Any:
        """``client.request()``: any path below the version, with this client's everything."""
        path = _below_version(path)
        data, response = self._send(
            method.upper(), path, params, body, options, allow_empty=True
        )
        return self._cast(cast_to, data, response)

    def iterate(
        self,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any],
        page_param: str,
        pagination_param: str,
        limit_param: str,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> Iterator[M]:
        """Every record of a paged list, one GET per page, fetched as the caller advances."""
        limit = params.get(limit_param)
        number = 1
        while True:
            page_params = {**params, page_param: number, pagination_param: True}
            page = self.request_list(
                "GET", path, model, params=page_params, options=options
            )
            yield from page
            if not self._has_next_page(
                page, number, limit if isinstance(limit, int) else None
            ):
                return
            number += 1


class AsyncTransport(_BaseTransport):
    """One connection pool (``httpx.AsyncClient``) shared by every resource of a client."""

    def __init__(
        self,
        *,
        auth: AsyncTokenProvider,
        user_agent: str,
        base_url: str,
        timeout: float | httpx.Timeout | None,
        retry: RetryPolicy,
        http_client: httpx.AsyncClient | None,
        check_filters: bool = True,
    ) -> None:
        super().__init__(
            user_agent=user_agent,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            check_filters=check_filters,
        )
        self._auth = auth
        self._stale, self._authorize = hooks(auth)
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=self.timeout, verify=_ssl_context()
        )

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | NotGiven,
        retry: RetryPolicy,
        check_filters: bool | None = None,
    ) -> AsyncTransport:
        """A transport with other options over the same connection pool (which it does not own)."""
        return AsyncTransport(
            auth=self._auth,
            user_agent=self._user_agent,
            base_url=self.base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            retry=retry,
            http_client=self._http,
            check_filters=(
                self.check_filters if check_filters is None else check_filters
            ),
        )

    async def close(self) -> None:
        if self._owns_client:
            await self._http.aclose()

    async def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | MultipartForm | None,
        options: Mapping[str, Any],
        allow_empty: bool = False,
        records: type[Model] | None = None,
    ) -> tuple[dict[str, Any], httpx.Response]:
        """Send with retries and one token refresh; return the envelope's content."""
        request = self._request(method, path, params, body, options)
        deadline = time.monotonic() + self.retry.total_timeout
        attempt = 0
        refreshed = False
        if self._stale():  # a known lifetime passed, or no session yet
            await self._auth.arefresh(self._auth.access_token())
        while True:
            token = self._auth.access_token()
            started = time.monotonic()
            try:
                sent = self._attempt(request, self._authorize, token, deadline)
                body_sent = request["content"]
                if isinstance(body_sent, StreamedBody):  # from its first byte again
                    sent["content"] = body_sent.achunks()
                response = await self._http.request(**sent)
            except httpx.TransportError as exc:
                self._observe(method, path, None, attempt, started)
                wait = self.retry.retry_after_error(method, exc, attempt)
                if wait is None or not self._fits(deadline, wait):
                    raise self._transport_error(method, path, exc) from None
                await _async_sleep(wait)
                attempt += 1
                continue
            self._observe(method, path, response, attempt, started)
            wait = self.retry.retry_after_response(method, response, attempt)
            if wait is not None and self._fits(deadline, wait):
                await _async_sleep(wait)
                attempt += 1
                continue
            try:
                return self._unwrap(response, allow_empty, records), response
            except SparkAPIError as exc:
                if exc.code != EXPIRED_TOKEN_CODE or refreshed:
                    raise
                refreshed = True
                if await self._auth.arefresh(token) is None:
                    raise

    async def request_list(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> ResultList[M]:
        data, response = await self._send(
            method, path, params, body, options, records=model
        )
        return self._many(model, data, response)

    async def request_one(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> M:
        data, response = await self._send(method, path, params, body, options)
        return self._one(method, path, model, data, response)

    async def request_optional(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> M | None:
        data, response = await self._send(method, path, params, body, options)
        return self._first(model, data, response)

    async def request_map(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> dict[str, M]:
        data, response = await self._send(method, path, params, body, options)
        return self._named(model, data, response)

    async def request_none(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> None:
        await self._send(method, path, params, body, options, allow_empty=True)

    async def request_any(
        self,
        method: str,
        path: str,
        cast_to: type[Model] | None,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> Any:
        """``client.request()``: any path below the version, with this client's everything."""
        path = _below_version(path)
        data, response = await self._send(
            method.upper(), path, params, body, options, allow_empty=True
        )
        return self._cast(cast_to, data, response)

    async def iterate(
        self,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any],
        page_param: str,
        pagination_param: str,
        limit_param: str,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> AsyncIterator[M]:
        """Every record of a paged list, one GET per page, fetched as the caller advances."""
        limit = params.get(limit_param)
        number = 1
        while True:
            page_params = {**params, page_param: number, pagination_param: True}
            page = await self.request_list(
                "GET", path, model, params=page_params, options=options
            )
            for record in page:
                yield record
            if not self._has_next_page(
                page, number, limit if isinstance(limit, int) else None
            ):
                return
            number += 1
