# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_exceptions.py; edit it there.
"""The exceptions every Spark API shares; ``sparkapi._errors`` adds the spec's own
below ``SparkAPIError`` and draws the whole tree.

API errors carry the API's ``code`` and ``message``, the HTTP ``status_code``, the
``request_id`` the server sent, the ``errors`` / ``details`` / ``sparkql_errors`` lists
when the body has them, and the ``response``.
"""

from __future__ import annotations

from typing import Any, Callable

import httpx

from sparkapi._constants import ENVELOPE, REQUEST_ID_HEADER
from sparkapi._types import as_array, as_object

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "InvalidResponseError",
    "SparkAPIError",
    "error_for_response",
]


class SparkAPIError(Exception):
    """Base of every error this package raises."""

    oauth_error: str | None = None
    """The ``error`` of a refused OAuth 2 grant (``invalid_client``, ``invalid_grant``)."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        errors: list[Any] | None = None,
        details: list[Any] | None = None,
        sparkql_errors: list[Any] | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status_code = status_code
        self.request_id = request_id
        self.errors = errors
        self.details = details
        self.sparkql_errors = sparkql_errors
        self.response = response

    def __str__(self) -> str:
        parts = [self.message]
        if self.code is not None:
            parts.insert(0, f"[{self.code}]")
        if self.status_code is not None:
            parts.append(f"(HTTP {self.status_code})")
        if self.request_id:
            parts.append(f"request id {self.request_id}")
        return " ".join(parts)


class APIConnectionError(SparkAPIError):
    """The request failed before an HTTP response arrived."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class InvalidResponseError(SparkAPIError):
    """A successful HTTP status with a body that is not the API's envelope."""


def error_for_response(
    response: httpx.Response,
    body: Any,
    classify: Callable[[int, int | None], type[SparkAPIError]],
) -> SparkAPIError:
    """The typed error for a failed response; ``body`` is its decoded JSON, if any.

    ``classify`` picks the class from the status and the API's code (the spec's table,
    ``sparkapi._errors.error_class_for``).
    """
    envelope = as_object(body)
    data = (as_object(envelope.get(ENVELOPE)) if envelope else None) or {}
    code = data.get("Code")
    code = code if isinstance(code, int) and not isinstance(code, bool) else None
    message = data.get("Message")
    if not isinstance(message, str) or not message:
        message = _describe(response)
    cls = classify(response.status_code, code)
    return cls(
        message,
        code=code,
        status_code=response.status_code,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        errors=as_array(data.get("Errors")),
        details=as_array(data.get("Details")),
        sparkql_errors=as_array(data.get("SparkQLErrors")),
        response=response,
    )


def _describe(response: httpx.Response) -> str:
    """A message for a body without one: the status, and the start of any text body."""
    reason = response.reason_phrase or "error"
    text = " ".join(response.text.split())[:200] if response.content else ""
    return f"HTTP {response.status_code} {reason}" + (f": {text}" if text else "")
