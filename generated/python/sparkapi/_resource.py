# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_resource.py; edit it there.
"""Base classes of the generated resources: each holds its client's transport."""

from __future__ import annotations

from sparkapi._transport import AsyncTransport, Transport

__all__ = ["AsyncResource", "Resource"]


class Resource:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport


class AsyncResource:
    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport
