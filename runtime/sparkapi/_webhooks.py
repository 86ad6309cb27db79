# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_webhooks.py; edit it there.
"""Reading the requests the API sends to a developer's server (webhook deliveries).

``sparkapi.webhooks`` is generated from the spec: one ``parse_<name>`` per documented
webhook, typed with its payload model, each a thin call into this module. Here: checking
a delivery's signature (when the spec documents one) and turning its raw body into
typed records, with ``WebhookError`` for anything the API would not have sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Literal, Mapping, TypeVar

from sparkapi._constants import ENVELOPE
from sparkapi._models import Model, json_loads
from sparkapi._types import as_array, as_object

__all__ = [
    "WebhookError",
    "WebhookSignature",
    "WebhookSignatureError",
    "parse_many",
    "parse_one",
    "sign",
    "verify",
]

M = TypeVar("M", bound=Model)

_DIGESTS = {"hmac_sha256": hashlib.sha256, "hmac_sha1": hashlib.sha1}


class WebhookError(ValueError):
    """A delivered body is not what the webhook's spec says the API sends."""


class WebhookSignatureError(WebhookError):
    """A delivery's signature is missing or does not match the secret: do not trust it."""


@dataclass(frozen=True)
class WebhookSignature:
    """How a webhook's deliveries are signed (the spec's ``signature``): ``header``
    holds ``prefix`` then the HMAC of the raw body keyed with the secret."""

    header: str
    algorithm: Literal["hmac_sha256", "hmac_sha1"]
    encoding: Literal["hex", "base64"] = "hex"
    prefix: str = ""


def sign(body: bytes, secret: str | bytes, signature: WebhookSignature) -> str:
    """The header value the API would send with ``body``; for tests and local servers."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, body, _DIGESTS[signature.algorithm]).digest()
    text = (
        digest.hex()
        if signature.encoding == "hex"
        else base64.b64encode(digest).decode()
    )
    return signature.prefix + text


def verify(
    body: bytes,
    headers: Mapping[str, str] | None,
    secret: str | bytes | None,
    signature: WebhookSignature,
) -> None:
    """Raise ``WebhookSignatureError`` unless ``headers`` carry the body's signature."""
    if secret is None:
        raise WebhookSignatureError(
            f"deliveries are signed in {signature.header}: pass the webhook's secret"
        )
    wanted = {k.lower(): v for k, v in (headers or {}).items()}.get(
        signature.header.lower()
    )
    if wanted is None:
        raise WebhookSignatureError(f"the delivery has no {signature.header} header")
    # Constant time, so that a forger learns nothing from how fast a guess is refused.
    if not hmac.compare_digest(
        wanted.strip().encode(), sign(body, secret, signature).encode()
    ):
        raise WebhookSignatureError(
            f"the {signature.header} signature does not match the body"
        )


def parse_one(
    body: bytes | str,
    model: type[M],
    *,
    envelope: bool,
    signature: WebhookSignature | None,
    headers: Mapping[str, str] | None,
    secret: str | bytes | None,
) -> M:
    """One record delivered as the body (or inside its envelope)."""
    data = _payload(body, envelope, signature, headers, secret)
    record = as_object(data)
    if record is None:
        raise WebhookError(f"expected a {model.__name__} object, got {_kind(data)}")
    return _checked(model.from_dict(record))


def parse_many(
    body: bytes | str,
    model: type[M],
    *,
    envelope: bool,
    signature: WebhookSignature | None,
    headers: Mapping[str, str] | None,
    secret: str | bytes | None,
) -> list[M]:
    """A list of records delivered as the body (or inside its envelope)."""
    data = _payload(body, envelope, signature, headers, secret)
    items = as_array(data)
    if items is None:
        raise WebhookError(
            f"expected a list of {model.__name__} objects, got {_kind(data)}"
        )
    records: list[M] = []
    for index, item in enumerate(items):
        record = as_object(item)
        if record is None:
            raise WebhookError(
                f"item {index}: expected a {model.__name__} object, got {_kind(item)}"
            )
        records.append(_checked(model.from_dict(record)))
    return records


def _payload(
    body: bytes | str,
    envelope: bool,
    signature: WebhookSignature | None,
    headers: Mapping[str, str] | None,
    secret: str | bytes | None,
) -> Any:
    """The delivered JSON, once its signature (if the webhook has one) checks out."""
    raw = body.encode() if isinstance(body, str) else body
    if signature is not None:
        verify(raw, headers, secret, signature)
    elif secret is not None:
        raise TypeError(
            "this webhook's deliveries are not signed; there is no secret to check"
        )
    try:
        data = json_loads(raw)
    except ValueError as exc:
        raise WebhookError(f"the body is not JSON ({exc})") from None
    if not envelope:
        return data
    wrapped = as_object(data)
    if wrapped is None or ENVELOPE not in wrapped:
        raise WebhookError(f'expected {{"{ENVELOPE}": ...}}, got {_kind(data)}')
    return wrapped[ENVELOPE]


def _checked(record: M) -> M:
    """The record, every attribute (nested records too) read once, so that a value that
    does not fit its type is reported now, as a WebhookError, not at some later read."""
    for name in type(record)._fields:  # pyright: ignore[reportPrivateUsage]
        try:
            value = getattr(record, name)
        except ValueError as exc:
            raise WebhookError(str(exc)) from None
        mapping = as_object(value)
        items = list(mapping.values()) if mapping is not None else as_array(value)
        for item in items if items is not None else [value]:
            if isinstance(item, Model):
                _checked(item)
    return record


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__
