# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_types.py; edit it there.
"""Sentinels and option types shared by the whole package."""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    Literal,
    Mapping,
    Sequence,
    TypedDict,
    TypeGuard,
    cast,
)

from sparkapi._constants import MASKED_WIRE

if TYPE_CHECKING:
    import httpx

    # A SparkQL builder expression, which ``filter=`` takes besides text. Imported on
    # first use (see __getattr__): the parser and builder stay out of ``import sparkapi``.
    from sparkapi._sparkql_builder import Expr as FilterExpr


def __getattr__(name: str) -> Any:
    if name == "FilterExpr":
        from sparkapi._sparkql_builder import Expr

        return Expr
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FilterExpr",
    "MASKED",
    "MASKED_WIRE",
    "NOT_GIVEN",
    "Masked",
    "NotGiven",
    "RequestOptions",
    "BodyRequestOptions",
    "as_array",
    "is_sequence",
    "as_object",
]


class NotGiven:
    """The default of optional arguments: "not passed", which is not the same as ``None``.

    An argument left at ``NOT_GIVEN`` is not sent at all; ``None`` is sent as JSON null.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


class Masked:
    """A value the API hid from the caller's role (sent as ``MASKED_WIRE``, ``"********"``).

    Any attribute may hold ``MASKED`` instead of its declared type; writing a model back
    sends the mask unchanged.
    """

    _instance: Masked | None = None

    def __new__(cls) -> Masked:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MASKED"


NOT_GIVEN: Final = NotGiven()
MASKED: Final = Masked()


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated method accepts as keyword arguments.

    For the parts of the API this SDK's spec does not (yet) describe::

        client.listing_carts.list(extra_query={"_select": "Id,Name"}, timeout=5)
    """

    extra_query: Mapping[str, Any]
    """Query parameters sent besides (and over) the method's own."""
    extra_headers: Mapping[str, str]
    """Headers sent besides (and over) the client's own; not ``Authorization``."""
    timeout: float | httpx.Timeout | None
    """This call's timeout per attempt, in seconds or as ``httpx.Timeout``; None waits forever."""


class BodyRequestOptions(RequestOptions, total=False):
    """``RequestOptions`` of the methods that send a body, and one more."""

    extra_body: Mapping[str, Any]
    """Attributes merged into the request body (inside the envelope), over the method's own."""


def as_object(value: Any) -> dict[str, Any] | None:
    """A decoded JSON value as an object, or None when it is something else."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def is_sequence(value: Any) -> TypeGuard[Sequence[Any]]:
    """A sequence other than a string, telling type checkers its items are of any type."""
    return isinstance(value, Sequence) and not isinstance(value, str)


def as_array(value: Any) -> list[Any] | None:
    """A decoded JSON value as an array, or None when it is something else."""
    return value if _is_list(value) else None


def _is_list(value: Any) -> TypeGuard[list[Any]]:
    """isinstance, telling type checkers the items are of any type (not unknown)."""
    return isinstance(value, list)
