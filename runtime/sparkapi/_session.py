# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_session.py; edit it there.
"""The session scheme: a session started with the API key and a signature made with its
secret, then every request signed.

The recipes come from the spec (``SESSION_SIGNATURE``, ``REQUEST_SIGNATURE``, digested
with ``SIGNATURE_DIGEST``): ``{secret}``, ``{key}``, ``{path}`` (the request's path as
sent), ``{params}`` (every query parameter but the signature, the session token
included, as name then value in name order) and ``{body}`` (the raw body, if any).
A session ends after its lifetime or when idle too long; the client then starts a new
one before the call, and once more when the API answers that the session expired.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from datetime import datetime, timezone
from typing import Mapping
from urllib.parse import urlsplit

import httpx

from sparkapi._auth import OutgoingRequest
from sparkapi._constants import (
    AUTH_LIFETIMES,
    AUTH_PARAMETERS,
    DEFAULT_USER_AGENT,
    ENVELOPE,
    REQUEST_SIGNATURE,
    SESSION_SIGNATURE,
    SIGNATURE_DIGEST,
    USER_AGENT_HEADER,
)
from sparkapi._errors import error_class_for
from sparkapi._exceptions import (
    APIConnectionError,
    InvalidResponseError,
    SparkAPIError,
    error_for_response,
)
from sparkapi._oauth import endpoint
from sparkapi._types import as_array, as_object

__all__ = ["ApiSession", "signature"]

logger = logging.getLogger("sparkapi")
KIND = "api_session"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def signature(recipe: str, values: Mapping[str, str]) -> str:
    """The hex digest of ``recipe`` with its ``{name}`` placeholders filled in."""
    if not recipe or not SIGNATURE_DIGEST:
        raise ValueError("the spec declares no session signature")
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), recipe)
    return hashlib.new(SIGNATURE_DIGEST, text.encode("utf-8")).hexdigest()


def sorted_params(params: Mapping[str, str]) -> str:
    return "".join(f"{name}{params[name]}" for name in sorted(params))


def _param(role: str) -> str:
    name = AUTH_PARAMETERS.get(KIND, {}).get(role)
    if not name:
        raise ValueError(f"the spec names no {role} parameter for the session scheme")
    return name


class ApiSession:
    """Credentials of the session scheme: an API key and its secret.

    ::

        client = sparkapi.SparkClient(token_provider=sparkapi.ApiSession(api_key=..., api_secret=...))

    Args:
        api_key: The key.
        api_secret: Its secret; it signs, and never leaves the process.
        api_user: Sent as ``ApiUser`` on every call, where the key acts for a user.
        base_url: Another host for the session endpoint (default: the spec's, or
            ``SPARK_BASE_URL``).
    """

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str,
        api_user: str | None = None,
        base_url: str | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 30.0,
    ) -> None:
        if not api_key or not api_secret:
            raise ValueError("api_key and api_secret must not be empty")
        self.api_key = api_key
        self._secret = api_secret
        self.api_user = api_user
        self._session_url = endpoint(KIND, "session_url", base_url=base_url)
        self._user_agent = user_agent
        self._timeout = timeout
        self._token = ""
        self._expires = 0.0  # monotonic
        self._last_used = 0.0
        self._lock = threading.Lock()
        self.session_count = 0
        """How many sessions were started (for tests and metrics)."""
        self.roles: list[str] = []

    def __repr__(self) -> str:
        return f"<ApiSession api_key={self.api_key!r}>"

    def access_token(self) -> str:
        return self._token

    def stale(self) -> bool:
        if not self._token:
            return True
        now = time.monotonic()
        idle = AUTH_LIFETIMES.get(KIND, {}).get("idle_timeout")
        return now >= self._expires or (
            idle is not None and now - self._last_used >= idle - 60
        )

    def authorize(self, request: OutgoingRequest, token: str) -> None:
        params = request.params
        params[_param("token")] = token
        if self.api_user:
            params["ApiUser"] = self.api_user
        params.pop(_param("signature"), None)
        params[_param("signature")] = signature(
            REQUEST_SIGNATURE,
            {
                "secret": self._secret,
                "key": self.api_key,
                "path": urlsplit(request.url).path,
                "params": sorted_params(params),
                "body": request.content or "",
            },
        )
        self._last_used = time.monotonic()

    def start(self) -> str:
        """Start a new session; raises the API's typed error when it is refused."""
        with self._lock:
            return self._start()

    def _start(self) -> str:
        sig = signature(
            SESSION_SIGNATURE, {"secret": self._secret, "key": self.api_key}
        )
        self.session_count += 1
        try:
            response = httpx.post(
                self._session_url,
                params={_param("key"): self.api_key, _param("signature"): sig},
                headers={
                    "Accept": "application/json",
                    USER_AGENT_HEADER: self._user_agent,
                },
                content=b"",
                timeout=self._timeout,
            )
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"POST {urlsplit(self._session_url).path} failed: {type(exc).__name__}"
            ) from None
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
        envelope = as_object(body)
        data = as_object(envelope.get(ENVELOPE)) if envelope is not None else None
        if not response.is_success or data is None or data.get("Success") is False:
            raise error_for_response(response, body, error_class_for)
        results = as_array(data.get("Results")) or []
        first = as_object(results[0]) if results else None
        token = first.get("AuthToken") if first else None
        if first is None or not isinstance(token, str) or not token:
            raise InvalidResponseError(
                "the session answer has no AuthToken", status_code=response.status_code
            )
        roles = as_array(first.get("Roles")) or []
        self.roles = [str(r) for r in roles]
        now = time.monotonic()
        lifetime = float(AUTH_LIFETIMES.get(KIND, {}).get("session_lifetime") or 3600)
        expires = first.get("Expires")
        if isinstance(expires, str):
            try:
                end = datetime.fromisoformat(expires)
                end = end if end.tzinfo else end.replace(tzinfo=timezone.utc)
                lifetime = min(
                    lifetime, (end - datetime.now(timezone.utc)).total_seconds()
                )
            except ValueError:
                pass
        self._token = token
        self._expires = now + max(lifetime - 60, 0)
        self._last_used = now
        logger.debug("started an API session")
        return token

    def refresh(self, expired: str) -> str | None:
        with self._lock:
            if self._token != expired and self._token and not self.stale():
                return self._token  # another call already started a new one
            if not self._token:
                return self._start()  # the first session: its refusal is the error
            try:
                return self._start()
            except SparkAPIError as exc:
                logger.debug("starting a new session failed: %s", type(exc).__name__)
                return None

    async def arefresh(self, expired: str) -> str | None:
        import asyncio  # only async users pay for importing asyncio

        return await asyncio.to_thread(self.refresh, expired)
