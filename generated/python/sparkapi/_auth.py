# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_auth.py; edit it there.
"""Credentials: a fixed access token, OAuth 2 tokens that refresh themselves, and the
protocol every credential follows (the session scheme is in ``sparkapi._session``, the
flows that obtain OAuth 2 tokens in ``sparkapi._oauth``).

A client asks its credentials, before each call, whether they are ``stale`` (a known
lifetime has passed, or no session was started yet) and if so to ``refresh``; then for
the current token, which ``authorize`` puts on the request (a header, or for the
session scheme the token and a signature in the query). When the API answers that the
token expired (the spec's expired-token code), the client asks for one refresh and
replays the call once. One credentials object serves sync and async clients alike:
``arefresh`` runs the same locked refresh in a worker thread, so concurrent calls that
meet one expiry refresh exactly once. Credentials never show a token or secret in a
repr, a log line or an error.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, Protocol

import httpx

from sparkapi._constants import (
    AUTH_LIFETIMES,
    AUTH_SCHEME,
    DEFAULT_USER_AGENT,
    USER_AGENT_HEADER,
)
from sparkapi._errors import error_class_for
from sparkapi._exceptions import APIConnectionError, SparkAPIError, error_for_response
from sparkapi._types import as_object

__all__ = [
    "AccessToken",
    "AsyncTokenProvider",
    "OAuth2Token",
    "OutgoingRequest",
    "TokenProvider",
    "TokenSet",
]

logger = logging.getLogger("sparkapi")

AuthScheme = Literal["Bearer", "OAuth"]
"""The words the API accepts before a token in ``Authorization``."""
# Refresh this long before a known expiry, so that a call never leaves with a token
# that dies on the way.
REFRESH_MARGIN = 60.0


@dataclass
class OutgoingRequest:
    """One attempt of a call as it is about to leave; ``authorize`` adds credentials."""

    method: str
    url: str  # without the query
    params: dict[str, str]
    headers: dict[str, str]
    content: str | None


class TokenProvider(Protocol):
    """What a ``SparkClient`` needs from its credentials.

    Two methods are optional, and looked up once per client: ``stale() -> bool``
    (refresh before the next call; default never) and ``authorize(request:
    OutgoingRequest, token: str) -> None`` (put the token on the request; default the
    header ``Authorization: <scheme> <token>``, with the provider's ``scheme`` attribute
    or the API's).
    """

    def access_token(self) -> str: ...

    def refresh(self, expired: str) -> str | None:
        """A new token to replace ``expired``, or None when none can be had."""
        ...


class AsyncTokenProvider(Protocol):
    """What an ``AsyncSparkClient`` needs from its credentials (``stale`` and
    ``authorize`` are optional, as for ``TokenProvider``)."""

    def access_token(self) -> str: ...

    async def arefresh(self, expired: str) -> str | None: ...


def _never() -> bool:
    return False


def hooks(
    auth: object,
) -> tuple[Callable[[], bool], Callable[[OutgoingRequest, str], None]]:
    """The ``stale`` and ``authorize`` of credentials, or their defaults."""
    stale: Callable[[], bool] = getattr(auth, "stale", _never)
    given: Callable[[OutgoingRequest, str], None] | None = getattr(
        auth, "authorize", None
    )
    if given is not None:
        return stale, given
    scheme: str = getattr(auth, "scheme", AUTH_SCHEME)

    def authorize(request: OutgoingRequest, token: str) -> None:
        request.headers["Authorization"] = f"{scheme} {token}"

    return stale, authorize


@dataclass
class AccessToken:
    """A token that never changes: a personal access token, or an OAuth 2 token you renew yourself."""

    token: str = field(repr=False)
    scheme: AuthScheme = AUTH_SCHEME

    def __post_init__(self) -> None:
        if not self.token:
            raise ValueError("the access token must not be empty")

    def access_token(self) -> str:
        return self.token

    def stale(self) -> bool:
        return False

    def authorize(self, request: OutgoingRequest, token: str) -> None:
        request.headers["Authorization"] = f"{self.scheme} {token}"

    def refresh(self, expired: str) -> str | None:
        return None

    async def arefresh(self, expired: str) -> str | None:
        return None


@dataclass(frozen=True)
class TokenSet:
    """What the OAuth 2 grant endpoint returned; given to ``on_refresh`` to persist.

    ``expires_at`` is the access token's end in seconds since the epoch (from
    ``expires_in``), or None when the lifetime is not known.
    """

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: int | None
    expires_at: float | None = None
    id_token: str | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain data to store (it holds secrets: keep it where only you can read it)."""
        data: dict[str, Any] = {"access_token": self.access_token}
        for name in ("refresh_token", "expires_in", "expires_at", "id_token"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TokenSet:
        """The stored form back; raises ValueError when it has no access token."""
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise ValueError("the stored tokens have no access_token")
        refresh = data.get("refresh_token")
        expires_in = data.get("expires_in")
        expires_at = data.get("expires_at")
        id_token = data.get("id_token")
        return cls(
            token,
            refresh if isinstance(refresh, str) else None,
            expires_in if isinstance(expires_in, int) else None,
            float(expires_at) if isinstance(expires_at, (int, float)) else None,
            id_token if isinstance(id_token, str) else None,
        )


def default_grant_url() -> str:
    """The spec's OAuth 2 grant endpoint (``SPARK_BASE_URL`` moves it to another host)."""
    from sparkapi._oauth import endpoint  # the flows import this module

    return endpoint("oauth2_code", "grant_url")


def grant(
    url: str,
    body: Mapping[str, str],
    *,
    timeout: float,
    user_agent: str,
    default_lifetime: int | None,
) -> TokenSet:
    """POST one grant (plain JSON both ways) and read the tokens; a refusal raises the
    typed error of its status (``oauth_error`` holds the grant's ``error``)."""
    try:
        response = httpx.post(
            url,
            json=dict(body),
            headers={"Accept": "application/json", USER_AGENT_HEADER: user_agent},
            timeout=timeout,
        )
    except httpx.TransportError as exc:
        raise APIConnectionError(f"POST {url} failed: {type(exc).__name__}") from None
    return read_grant(response, default_lifetime)


def read_grant(response: httpx.Response, default_lifetime: int | None) -> TokenSet:
    """The tokens of a grant endpoint's answer, or the typed error it means."""
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    data = as_object(body)
    token = data.get("access_token") if data is not None else None
    if (
        not response.is_success
        or data is None
        or not isinstance(token, str)
        or not token
    ):
        if data is not None and "access_token" not in data and "error" not in data:
            raise error_for_response(response, body, error_class_for)  # an envelope
        reason = data.get("error") if data is not None else None
        reason = reason if isinstance(reason, str) else None
        status = response.status_code if not response.is_success else 502
        error = error_class_for(status, None)(
            f"the grant was refused: {reason or 'no access_token in the answer'}",
            status_code=response.status_code,
            response=response,
        )
        error.oauth_error = reason
        raise error
    refresh = data.get("refresh_token")
    expires = data.get("expires_in")
    expires = (
        expires if isinstance(expires, int) and not isinstance(expires, bool) else None
    )
    lifetime = expires if expires is not None else default_lifetime
    id_token = data.get("id_token")
    return TokenSet(
        token,
        refresh if isinstance(refresh, str) and refresh else None,
        expires,
        time.time() + lifetime if lifetime else None,
        id_token if isinstance(id_token, str) else None,
    )


class OAuth2Token:
    """OAuth 2 tokens that refresh themselves: shortly before a known expiry, and when
    the API reports them expired.

    Args:
        client_id: The key's client id.
        client_secret: The key's client secret.
        access_token: The current access token.
        refresh_token: The refresh token issued with it.
        on_refresh: Called with the new ``TokenSet`` after every refresh, so the
            application can store it (the old refresh token stops working).
        scheme: ``"Bearer"`` or ``"OAuth"`` (default: the API's scheme), the word sent before the token.
        grant_url: The token endpoint (default: the spec's).
        expires_at: When the access token ends (seconds since the epoch), if known;
            the token is then refreshed shortly before.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        access_token: str,
        refresh_token: str | None,
        on_refresh: Callable[[TokenSet], None] | None = None,
        scheme: AuthScheme = AUTH_SCHEME,
        grant_url: str | None = None,
        timeout: float = 30.0,
        expires_at: float | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self.scheme: AuthScheme = scheme
        self.client_id = client_id
        self._client_secret = client_secret
        self._access_token = access_token
        self._refresh_token = refresh_token
        self._expires_at = expires_at
        self._on_refresh = on_refresh
        self._grant_url = grant_url or default_grant_url()
        self._timeout = timeout
        self._user_agent = user_agent
        self._lock = threading.Lock()
        self.refresh_count = 0
        """How many refreshes reached the grant endpoint (for tests and metrics)."""

    @classmethod
    def from_token_set(
        cls,
        tokens: TokenSet,
        *,
        client_id: str,
        client_secret: str,
        **options: Any,
    ) -> OAuth2Token:
        """Resume from stored tokens (``TokenSet.from_dict``)."""
        return cls(
            client_id=client_id,
            client_secret=client_secret,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=tokens.expires_at,
            **options,
        )

    def __repr__(self) -> str:
        return f"<OAuth2Token client_id={self.client_id!r}>"

    def access_token(self) -> str:
        return self._access_token

    @property
    def expires_at(self) -> float | None:
        return self._expires_at

    def stale(self) -> bool:
        return (
            self._expires_at is not None
            and self._refresh_token is not None
            and time.time() >= self._expires_at - REFRESH_MARGIN
        )

    def authorize(self, request: OutgoingRequest, token: str) -> None:
        request.headers["Authorization"] = f"{self.scheme} {token}"

    def refresh(self, expired: str) -> str | None:
        with self._lock:
            if self._access_token != expired:  # another call already refreshed
                return self._access_token
            if not self._refresh_token:
                return None
            self.refresh_count += 1
            try:
                tokens = grant(
                    self._grant_url,
                    {
                        "client_id": self.client_id,
                        "client_secret": self._client_secret,
                        "grant_type": "refresh_token",
                        "refresh_token": self._refresh_token,
                    },
                    timeout=self._timeout,
                    user_agent=self._user_agent,
                    default_lifetime=AUTH_LIFETIMES.get("oauth2_code", {}).get(
                        "access_token_lifetime"
                    ),
                )
            except SparkAPIError as exc:
                logger.debug("the token refresh failed: %s", type(exc).__name__)
                return None
            self._access_token = tokens.access_token
            self._refresh_token = tokens.refresh_token or self._refresh_token
            self._expires_at = tokens.expires_at
            if self._on_refresh is not None:
                self._on_refresh(tokens)
            logger.debug("refreshed the OAuth 2 access token")
            return tokens.access_token

    async def arefresh(self, expired: str) -> str | None:
        import asyncio  # only async users pay for importing asyncio

        return await asyncio.to_thread(self.refresh, expired)
