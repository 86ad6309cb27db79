# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_oauth.py; edit it there.
"""The flows that obtain OAuth 2 tokens: the authorization-code grant (with its VOW
portal variant), OpenID Connect, and the OpenID + OAuth 2 hybrid.

Each flow builds the URL to send the user to, with a ``state`` it generates and later
checks (where the scheme has one), reads the redirect back, exchanges the code at the
grant endpoint, and returns an ``OAuth2Token`` that refreshes itself; every new token
set goes to ``on_tokens`` for storage. URLs, parameter names and lifetimes come from
the spec (``sparkapi._constants``). ``SPARK_BASE_URL`` moves the API's endpoints (the
grant, the session) to another host and ``SPARK_PLATFORM_URL`` the sign-in pages, as
for a local test server; so do ``base_url=`` and ``platform_url=``.
"""

from __future__ import annotations

import os
import secrets
import threading
from typing import Any, Callable, ClassVar, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from sparkapi._auth import OAuth2Token, TokenSet, grant
from sparkapi._constants import (
    AUTH_FIXED_PARAMETERS,
    AUTH_LIFETIMES,
    AUTH_PARAMETERS,
    AUTH_URLS,
    BASE_URL,
    BASE_URL_ENV,
    DEFAULT_USER_AGENT,
    PLATFORM_URL_ENV,
)
from sparkapi._exceptions import SparkAPIError

__all__ = [
    "AuthorizationError",
    "HybridFlow",
    "OAuth2Flow",
    "OpenIDConnectFlow",
    "endpoint",
]


class AuthorizationError(SparkAPIError):
    """The redirect back from the sign-in page is not one this flow can accept: an
    unknown or missing ``state``, no code, or the user refused (``error``)."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def endpoint(
    kind: str,
    key: str,
    *,
    base_url: str | None = None,
    platform_url: str | None = None,
) -> str:
    """The spec's URL ``key`` of the scheme ``kind``, moved to ``base_url`` (URLs on the
    API's host) or ``platform_url`` (the others) when given or set in the environment.
    """
    url = AUTH_URLS.get(kind, {}).get(key)
    if not url:
        raise ValueError(f"the spec declares no {key} for the {kind} scheme")
    if _origin(url) == _origin(BASE_URL):
        host = base_url or os.environ.get(BASE_URL_ENV)
    else:
        host = platform_url or os.environ.get(PLATFORM_URL_ENV)
    return host.rstrip("/") + url[len(_origin(url)) :] if host else url


class OAuth2Flow:
    """The OAuth 2 authorization-code grant.

    ::

        flow = sparkapi.OAuth2Flow(client_id=..., client_secret=..., redirect_uri=...)
        url = flow.authorization_url()          # send the user here
        tokens = flow.exchange(callback_url)    # the URL they came back to
        client = sparkapi.SparkClient(token_provider=tokens)

    Args:
        client_id: The key's client id.
        client_secret: The key's client secret (never shown in reprs, logs or errors).
        redirect_uri: Where the platform sends the user back; must match the key's.
        on_tokens: Called with every new ``TokenSet`` (the exchange's, each refresh's)
            so the application can store it.
        portal: A VOW portal's name: the user signs in on that portal's page.
        base_url, platform_url: Other hosts for the grant endpoint and the sign-in
            pages (a local test server); by default the spec's.
    """

    kind: ClassVar[str] = "oauth2_code"

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        on_tokens: Callable[[TokenSet], None] | None = None,
        portal: str | None = None,
        base_url: str | None = None,
        platform_url: str | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 30.0,
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError("client_id and client_secret must not be empty")
        self.client_id = client_id
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.portal = portal
        self._on_tokens = on_tokens
        self._base_url = base_url
        self._platform_url = platform_url
        self._user_agent = user_agent
        self._timeout = timeout
        self._states: set[str] = set()
        self._lock = threading.Lock()
        self._urls: dict[str, str] = {}
        self.last_tokens: TokenSet | None = None
        """The tokens of the last exchange."""
        self.nonce: str | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} client_id={self.client_id!r}>"

    # -- the facts of this scheme

    def url(self, key: str) -> str:
        """The scheme's URL ``key`` (``authorization_url``, ``grant_url``, ...)."""
        if key in self._urls:
            return self._urls[key]
        return endpoint(
            self.kind, key, base_url=self._base_url, platform_url=self._platform_url
        )

    def _parameter(self, role: str) -> str | None:
        return AUTH_PARAMETERS.get(self.kind, {}).get(role)

    @property
    def access_token_lifetime(self) -> int | None:
        """The documented lifetime of an access token, used when a grant omits it."""
        return AUTH_LIFETIMES.get(self.kind, {}).get("access_token_lifetime")

    # -- step 1: the user's browser goes to the platform

    def _authorization_base(self) -> str:
        if self.portal:
            template = self.url("portal_authorization_url")
            return template.replace("{portal}", self.portal.lower())
        return self.url("authorization_url")

    def authorization_url(self, *, state: str | None = None, **extra: str) -> str:
        """The URL to send the user to; it carries a fresh ``state`` (or yours), which
        ``exchange`` checks. ``extra`` adds parameters of your own."""
        query: dict[str, str] = dict(AUTH_FIXED_PARAMETERS.get(self.kind, {}))
        for role, value in (
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
        ):
            name = self._parameter(role)
            if name:
                query[name] = value
        state_name = self._parameter("state")
        if state_name:
            state = state or secrets.token_urlsafe(24)
            with self._lock:
                self._states.add(state)
            query[state_name] = state
        query.update(self._extra_parameters())
        query.update(extra)
        return f"{self._authorization_base()}?{urlencode(query)}"

    def _extra_parameters(self) -> dict[str, str]:
        return {}

    # -- step 2: the code comes back and is exchanged

    def code_from(self, callback: str) -> str:
        """The code of the redirect back (a full URL or its query), its state checked."""
        query = dict(parse_qsl(urlsplit(callback).query or callback.lstrip("?")))
        if "error" in query:
            raise AuthorizationError(f"the user did not allow access: {query['error']}")
        state_name = self._parameter("state")
        if state_name:
            state = query.get(state_name)
            with self._lock:
                known = state is not None and state in self._states
                if known:
                    self._states.discard(str(state))
            if not known:
                raise AuthorizationError(
                    "the redirect's state is not one this flow issued; refusing the code"
                )
        code = query.get(self._parameter("code") or "code")
        if not code:
            raise AuthorizationError("the redirect carries no code")
        return code

    def _exchange_body(self, code: str) -> dict[str, str]:
        return {
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
        }

    def exchange(self, callback: str) -> OAuth2Token:
        """Trade the redirect's code for tokens; raises ``AuthorizationError`` for a bad
        redirect and the typed API error (e.g. ``AuthenticationError``) for a refusal.
        """
        tokens = grant(
            self.url("grant_url"),
            self._exchange_body(self.code_from(callback)),
            timeout=self._timeout,
            user_agent=self._user_agent,
            default_lifetime=self.access_token_lifetime,
        )
        return self._adopt(tokens)

    async def aexchange(self, callback: str) -> OAuth2Token:
        """``exchange`` for async code (the grant runs in a worker thread)."""
        import asyncio

        return await asyncio.to_thread(self.exchange, callback)

    def _adopt(self, tokens: TokenSet) -> OAuth2Token:
        self.last_tokens = tokens
        if self._on_tokens is not None:
            self._on_tokens(tokens)
        return self.token(tokens)

    def token(self, tokens: TokenSet) -> OAuth2Token:
        """Credentials for a client from tokens you stored (refreshed as they expire)."""
        return OAuth2Token.from_token_set(
            tokens,
            client_id=self.client_id,
            client_secret=self._client_secret,
            grant_url=self.url("grant_url"),
            on_refresh=self._on_tokens,
            user_agent=self._user_agent,
            timeout=self._timeout,
        )


class OpenIDConnectFlow(OAuth2Flow):
    """OpenID Connect: the same code grant with ``scope=openid`` and a ``nonce``, the
    provider's endpoints from its discovery document (``discover()``), and logout."""

    kind: ClassVar[str] = "openid_connect"

    def _extra_parameters(self) -> dict[str, str]:
        name = self._parameter("nonce")
        if not name:
            return {}
        self.nonce = secrets.token_urlsafe(16)
        return {name: self.nonce}

    def discover(self) -> Mapping[str, Any]:
        """Read the discovery document and use the endpoints it names from now on."""
        response = httpx.get(self.url("discovery_url"), timeout=self._timeout)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        for ours, theirs in (
            ("authorization_url", "authorization_endpoint"),
            ("grant_url", "token_endpoint"),
            ("logout_url", "end_session_endpoint"),
        ):
            value = document.get(theirs)
            if isinstance(value, str) and value:
                self._urls[ours] = value
        return document

    def logout_url(self, *, redirect_uri: str | None = None, **extra: str) -> str:
        """The URL that ends the user's platform session (send the browser there)."""
        query = dict(extra)
        if redirect_uri:
            query["post_logout_redirect_uri"] = redirect_uri
        base = self.url("logout_url")
        return f"{base}?{urlencode(query)}" if query else base


class HybridFlow(OAuth2Flow):
    """The OpenID 2.0 + OAuth 2 hybrid: one OpenID request whose answer carries an OAuth 2
    code. Its parameters have no state, so the redirect cannot be checked against one.
    """

    kind: ClassVar[str] = "openid_oauth2_hybrid"
