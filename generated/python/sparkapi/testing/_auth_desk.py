# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/testing/_auth_desk.py; edit it there.
"""The local server's sign-in side: every way in that the spec declares (``auth`` in
the server data), on the same 127.0.0.1 port as the API.

- The authorization pages (the OAuth 2 page and its VOW portal variant, OpenID
  Connect's, the hybrid's) sign the user in at once: a known client id is answered
  with a redirect to its ``redirect_uri`` carrying a fresh code (and the state, where
  the scheme has one); an unknown one with 400.
- The grant endpoint (plain JSON) takes ``authorization_code`` (the code once, for the
  client and redirect it was issued to) and ``refresh_token``; a wrong secret is 401
  ``invalid_client``, a bad code or refresh token 400 ``invalid_grant``.
- The session endpoint checks the key's signature (401, code 1000 when wrong) and
  issues a session token; each request carrying a session token must be signed by
  the spec's recipe (1000 when not).
- OpenID Connect discovery answers the endpoints on this server; logout redirects.
- ``expire()`` ends issued tokens and sessions on demand (code 1020 follows);
  ``refuse_refresh`` makes refreshes fail; ``grants`` and ``sessions`` count.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["AuthDesk", "AuthRefused"]

Answer = tuple[int, bytes, tuple[tuple[str, str], ...]]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class AuthRefused(Exception):
    """Credentials on an API request that the desk does not accept."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class _Issued:
    role: str
    expires: float | None  # monotonic
    owner: str  # client id or API key


def _json(status: int, data: Any) -> Answer:
    return status, json.dumps(data).encode(), (("Content-Type", "application/json"),)


class AuthDesk:
    """The flows' state; ``SparkApp`` asks it first about every request."""

    def __init__(
        self,
        auth: Mapping[str, Any],
        *,
        version: str,
        envelope: str,
        clients: Mapping[str, str],
        api_keys: Mapping[str, str],
        role: str = "private",
        token_lifetime: int | None = None,
    ) -> None:
        self.schemes: dict[str, dict[str, Any]] = dict(auth.get("schemes", {}))
        self.expired_code = int(auth.get("expired_code", 1020))
        invalid = list(auth.get("invalid_codes", [])) or [1000]
        self.invalid_code = int(invalid[0])
        self.version, self.envelope = version, envelope
        self.clients, self.api_keys, self.role = dict(clients), dict(api_keys), role
        self.token_lifetime = token_lifetime
        self.refuse_refresh = False
        self.grants = 0  # grant requests answered with tokens
        self.refreshes = 0
        self.sessions = 0
        self._codes: dict[str, tuple[str, str]] = {}  # code -> client, redirect
        self._access: dict[str, _Issued] = {}
        self._refresh: dict[str, str] = {}  # refresh token -> client
        self._sessions: dict[str, _Issued] = {}
        self._lock = threading.Lock()
        self._serial = itertools.count(1)

    # -- facts of the spec

    def _path(self, kind: str, key: str) -> str:
        url = str(self.schemes.get(kind, {}).get("urls", {}).get(key, ""))
        return urlsplit(url).path if url else ""

    def _param(self, kind: str, role: str, default: str = "") -> str:
        return str(self.schemes.get(kind, {}).get("parameters", {}).get(role, default))

    def _lifetime(self, kind: str) -> int | None:
        if self.token_lifetime is not None:
            return self.token_lifetime
        value = (
            self.schemes.get(kind, {}).get("lifetimes", {}).get("access_token_lifetime")
        )
        return int(value) if value else None

    # -- on demand

    def expire(self, token: str | None = None) -> None:
        """End one issued access token or session (by its value), or all of them."""
        with self._lock:
            for issued in (*self._access.items(), *self._sessions.items()):
                if token is None or issued[0] == token:
                    issued[1].expires = 0.0

    # -- the sign-in endpoints

    def answer(self, method: str, target: str, host: str, body: bytes) -> Answer | None:
        """The answer of a sign-in endpoint, or None when ``target`` is not one."""
        parts = urlsplit(target)
        path, query = parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))
        if method == "GET":
            for kind in ("oauth2_code", "openid_connect", "openid_oauth2_hybrid"):
                if path == self._path(kind, "authorization_url") or self._is_portal(
                    kind, path
                ):
                    return self._authorize(kind, query)
            if path and path == self._path("openid_connect", "discovery_url"):
                return self._discovery(host)
            if path and path == self._path("openid_connect", "logout_url"):
                back = query.get("post_logout_redirect_uri")
                if back:
                    return 302, b"", (("Location", back),)
                return 200, b"signed out\n", (("Content-Type", "text/plain"),)
        grant_paths = {self._path(k, "grant_url") for k in self.schemes} - {""}
        if method == "POST" and path in grant_paths:
            return self._grant(body)
        session_path = self._path("api_session", "session_url")
        if session_path and method == "POST" and path == session_path:
            return self._start_session(query)
        if session_path and method == "DELETE" and path.startswith(session_path + "/"):
            with self._lock:
                self._sessions.pop(path[len(session_path) + 1 :], None)
            return _json(200, {self.envelope: {"Success": True, "Results": []}})
        return None

    def _is_portal(self, kind: str, path: str) -> bool:
        template = self._path(kind, "portal_authorization_url")
        if not template or "{portal}" not in template:
            return False
        prefix = template.split("{portal}")[0].replace("%7B", "{")
        return (
            path.startswith(prefix)
            and len(path) > len(prefix)
            and "/" not in path[len(prefix) :]
        )

    def _authorize(self, kind: str, query: Mapping[str, str]) -> Answer:
        scheme = self.schemes[kind]
        client = query.get(self._param(kind, "client_id", "client_id"), "")
        redirect = query.get(self._param(kind, "redirect_uri", "redirect_uri"), "")
        for name, value in scheme.get("fixed_parameters", {}).items():
            if query.get(name) != value:
                return (
                    400,
                    f"{name} must be {value}\n".encode(),
                    (("Content-Type", "text/plain"),),
                )
        if client not in self.clients or not redirect:
            return (
                400,
                b"unknown client_id, or no redirect_uri\n",
                (("Content-Type", "text/plain"),),
            )
        code = secrets.token_urlsafe(12)
        with self._lock:
            self._codes[code] = (client, redirect)
        back = {self._param(kind, "code", "code"): code}
        state_name = self._param(kind, "state")
        if state_name and state_name in query:
            back[state_name] = query[state_name]
        joiner = "&" if "?" in redirect else "?"
        return 302, b"", (("Location", f"{redirect}{joiner}{urlencode(back)}"),)

    def _discovery(self, host: str) -> Answer:
        origin = f"http://{host}"
        oidc = self.schemes.get("openid_connect", {})
        urls = {
            k: origin + urlsplit(str(v)).path for k, v in oidc.get("urls", {}).items()
        }
        return _json(
            200,
            {
                "issuer": origin,
                "authorization_endpoint": urls.get("authorization_url", ""),
                "token_endpoint": urls.get("grant_url", ""),
                "end_session_endpoint": urls.get("logout_url", ""),
                "response_types_supported": ["code"],
                "scopes_supported": ["openid"],
            },
        )

    def _grant(self, body: bytes) -> Answer:
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return _json(400, {"error": "invalid_request"})
        if not isinstance(data, dict):
            return _json(400, {"error": "invalid_request"})
        fields = cast("dict[str, Any]", data)
        client = str(fields.get("client_id", ""))
        if (
            client not in self.clients
            or fields.get("client_secret") != self.clients[client]
        ):
            return _json(401, {"error": "invalid_client"})
        kind = fields.get("grant_type")
        with self._lock:
            if kind == "authorization_code":
                issued = self._codes.pop(str(fields.get("code", "")), None)
                if issued is None or issued != (client, fields.get("redirect_uri")):
                    return _json(400, {"error": "invalid_grant"})
            elif kind == "refresh_token":
                self.refreshes += 1
                owner = self._refresh.get(str(fields.get("refresh_token", "")))
                if self.refuse_refresh or owner != client:
                    return _json(400, {"error": "invalid_grant"})
                del self._refresh[str(fields["refresh_token"])]
            else:
                return _json(400, {"error": "unsupported_grant_type"})
            self.grants += 1
            lifetime = self._lifetime("oauth2_code")
            access = f"access-{next(self._serial)}-{secrets.token_hex(8)}"
            refresh = f"refresh-{next(self._serial)}-{secrets.token_hex(8)}"
            self._access[access] = _Issued(
                self.role, time.monotonic() + lifetime if lifetime else None, client
            )
            self._refresh[refresh] = client
        answer: dict[str, Any] = {"access_token": access, "refresh_token": refresh}
        if lifetime:
            answer["expires_in"] = lifetime
        return _json(200, answer)

    def _digest(self, recipe: str, values: Mapping[str, str]) -> str:
        scheme = self.schemes["api_session"]
        text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), recipe)
        return hashlib.new(
            str(scheme.get("digest") or "md5"), text.encode()
        ).hexdigest()

    def _start_session(self, query: Mapping[str, str]) -> Answer:
        scheme = self.schemes["api_session"]
        key = query.get(self._param("api_session", "key", "ApiKey"), "")
        sig = query.get(self._param("api_session", "signature", "ApiSig"), "")
        secret = self.api_keys.get(key)
        if secret is None or sig != self._digest(
            str(scheme["session_signature"]), {"secret": secret, "key": key}
        ):
            return self._refusal(
                401,
                self.invalid_code,
                "the API key is unknown or the request signed improperly",
            )
        lifetimes = scheme.get("lifetimes", {})
        lifetime = self.token_lifetime or int(
            lifetimes.get("session_lifetime") or 86400
        )
        token = f"session-{next(self._serial)}-{secrets.token_hex(8)}"
        with self._lock:
            self.sessions += 1
            self._sessions[token] = _Issued(self.role, time.monotonic() + lifetime, key)
        expires = datetime.now(timezone.utc) + timedelta(seconds=lifetime)
        record = {
            "AuthToken": token,
            "Expires": expires.isoformat(),
            "Roles": [self.role],
        }
        return _json(200, {self.envelope: {"Success": True, "Results": [record]}})

    def _refusal(self, status: int, code: int, message: str) -> Answer:
        return _json(
            status,
            {self.envelope: {"Success": False, "Code": code, "Message": message}},
        )

    # -- credentials on API requests

    def bearer_role(self, token: str) -> str | None:
        """The role of an access token this desk issued (None: not one of them)."""
        with self._lock:
            issued = self._access.get(token)
        if issued is None:
            return None
        if issued.expires is not None and time.monotonic() >= issued.expires:
            raise AuthRefused(401, self.expired_code, "the access token has expired")
        return issued.role

    def session_role(self, method: str, target: str, body: bytes) -> str | None:
        """The role of a signed request carrying a session token (None: it carries none)."""
        if "api_session" not in self.schemes:
            return None
        token_name = self._param("api_session", "token", "AuthToken")
        sig_name = self._param("api_session", "signature", "ApiSig")
        parts = urlsplit(target)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        token = params.get(token_name)
        if token is None:
            return None
        with self._lock:
            issued = self._sessions.get(token)
        if (
            issued is None
            or issued.expires is None
            or time.monotonic() >= issued.expires
        ):
            raise AuthRefused(401, self.expired_code, "the session has expired")
        given = params.pop(sig_name, "")
        expected = self._digest(
            str(self.schemes["api_session"]["request_signature"]),
            {
                "secret": self.api_keys.get(issued.owner, ""),
                "key": issued.owner,
                "path": parts.path,
                "params": "".join(f"{k}{params[k]}" for k in sorted(params)),
                "body": body.decode("utf-8", "replace"),
            },
        )
        if given != expected:
            raise AuthRefused(
                401, self.invalid_code, "the request is signed improperly"
            )
        return issued.role
