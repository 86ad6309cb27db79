# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_auth.py; edit it there.
"""Credentials: a fixed access token, or OAuth 2 tokens refreshed when they expire.

A client asks its token provider for the current token on every request. When the API
answers that the token expired (code 1020), the client asks the provider to refresh
once and replays the call. Providers never show a token or secret in their repr.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Literal, Protocol

import httpx

from sparkapi._constants import API_VERSION, AUTH_SCHEME, BASE_URL
from sparkapi._types import as_object

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "AccessToken",
    "AsyncTokenProvider",
    "OAuth2Token",
    "TokenProvider",
    "TokenSet",
]

AuthScheme = Literal["Bearer", "OAuth"]
"""The words the API accepts before a token in ``Authorization``."""
DEFAULT_GRANT_URL = f"{BASE_URL}/{API_VERSION}/oauth2/grant"


class TokenProvider(Protocol):
    """What a ``SparkClient`` needs from its credentials."""

    scheme: AuthScheme

    def access_token(self) -> str: ...

    def refresh(self, expired: str) -> str | None:
        """A new token to replace ``expired``, or None when none can be had."""
        ...


class AsyncTokenProvider(Protocol):
    """What an ``AsyncSparkClient`` needs from its credentials."""

    scheme: AuthScheme

    def access_token(self) -> str: ...

    async def arefresh(self, expired: str) -> str | None: ...


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

    def refresh(self, expired: str) -> str | None:
        return None

    async def arefresh(self, expired: str) -> str | None:
        return None


@dataclass(frozen=True)
class TokenSet:
    """What the OAuth 2 grant endpoint returned; given to ``on_refresh`` to persist."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: int | None


class OAuth2Token:
    """OAuth 2 tokens that refresh themselves when the API reports them expired.

    Args:
        client_id: The key's client id.
        client_secret: The key's client secret.
        access_token: The current access token.
        refresh_token: The refresh token issued with it.
        on_refresh: Called with the new ``TokenSet`` after every refresh, so the
            application can store it (the old refresh token stops working).
        scheme: ``"Bearer"`` or ``"OAuth"`` (default: the API's scheme), the word sent before the token.
        grant_url: The token endpoint.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        access_token: str,
        refresh_token: str,
        on_refresh: Callable[[TokenSet], None] | None = None,
        scheme: AuthScheme = AUTH_SCHEME,
        grant_url: str = DEFAULT_GRANT_URL,
        timeout: float = 30.0,
    ) -> None:
        self.scheme: AuthScheme = scheme
        self._client_id = client_id
        self._client_secret = client_secret
        self._access_token = access_token
        self._refresh_token = refresh_token
        self._on_refresh = on_refresh
        self._grant_url = grant_url
        self._timeout = timeout
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return f"<OAuth2Token client_id={self._client_id!r}>"

    def access_token(self) -> str:
        return self._access_token

    def _grant_body(self) -> dict[str, str]:
        return {
            "client_id": self._client_id,
            "client_secret": self._client_secret,
            "grant_type": "refresh_token",
            "refresh_token": self._refresh_token,
        }

    def _accept(self, response: httpx.Response) -> str | None:
        """Adopt the grant endpoint's answer (plain JSON, no envelope); None if refused."""
        try:
            body = as_object(response.json())
        except ValueError:
            return None
        token = body.get("access_token") if body is not None else None
        if (
            body is None
            or not response.is_success
            or not isinstance(token, str)
            or not token
        ):
            return None
        refresh = body.get("refresh_token")
        expires = body.get("expires_in")
        tokens = TokenSet(
            token,
            refresh if isinstance(refresh, str) else None,
            expires if isinstance(expires, int) else None,
        )
        self._access_token = token
        self._refresh_token = tokens.refresh_token or self._refresh_token
        if self._on_refresh is not None:
            self._on_refresh(tokens)
        return token

    def refresh(self, expired: str) -> str | None:
        with self._lock:
            if self._access_token != expired:  # another thread already refreshed
                return self._access_token
            response = httpx.post(
                self._grant_url, json=self._grant_body(), timeout=self._timeout
            )
            return self._accept(response)

    async def arefresh(self, expired: str) -> str | None:
        import asyncio  # only async users pay for importing asyncio

        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if self._access_token != expired:
                return self._access_token
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                response = await http.post(self._grant_url, json=self._grant_body())
            return self._accept(response)
