# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_retry.py; edit it there.
"""When to try a request again, and how long to wait first.

Pure decisions, no I/O: the sync and async transports share them. A request is retried
on a dropped or refused connection, on HTTP 429 and on 502/503/504; a POST only when
the server certainly did not act on it (the connection was refused, or 429). Waits grow
exponentially with jitter, and a ``Retry-After`` header is obeyed unless it asks for
more than ``max_retry_after`` seconds, in which case the error is raised at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timezone

import httpx

__all__ = ["RetryPolicy"]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
NOT_ACTED_ON_STATUSES = frozenset({429})  # safe to repeat even a POST


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    """Retries after the first attempt (0 disables retrying)."""
    max_retry_after: float = 60.0
    """The longest ``Retry-After`` obeyed; asking for more raises the error at once."""
    backoff: float = 0.5
    """The first wait, in seconds, when the server does not say; doubled per attempt."""
    max_backoff: float = 8.0
    total_timeout: float = 120.0
    """No call, all attempts and waits included, runs longer than this many seconds."""

    def with_changes(
        self,
        *,
        max_retries: int | None = None,
        max_retry_after: float | None = None,
        total_timeout: float | None = None,
    ) -> RetryPolicy:
        """This policy with the given settings changed; None keeps a setting."""
        return replace(
            self,
            max_retries=self.max_retries if max_retries is None else max_retries,
            max_retry_after=(
                self.max_retry_after if max_retry_after is None else max_retry_after
            ),
            total_timeout=(
                self.total_timeout if total_timeout is None else total_timeout
            ),
        )

    def retry_after_error(
        self, method: str, error: httpx.TransportError, attempt: int
    ) -> float | None:
        """Seconds to wait before trying again after a transport error, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if method == "POST" and not isinstance(error, httpx.ConnectError):
            return None  # the server may have received the POST and acted on it
        if isinstance(error, httpx.TimeoutException) and not isinstance(
            error, httpx.ConnectTimeout
        ):
            return None  # a slow server is not made faster by asking again
        return self._backoff(attempt)

    def retry_after_response(
        self, method: str, response: httpx.Response, attempt: int
    ) -> float | None:
        """Seconds to wait before trying again after this response, or None to give up."""
        if attempt >= self.max_retries or response.status_code not in RETRY_STATUSES:
            return None
        if method == "POST" and response.status_code not in NOT_ACTED_ON_STATUSES:
            return None
        asked = _retry_after_seconds(response.headers.get("Retry-After"))
        if asked is None:
            return self._backoff(attempt)
        return asked if asked <= self.max_retry_after else None

    def _backoff(self, attempt: int) -> float:
        delay: float = min(self.max_backoff, self.backoff * 2**attempt)
        return delay * (1 - 0.25 * random.random())


def _retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare, and costly to import up front

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
