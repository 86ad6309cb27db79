# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/testing/_server.py; edit it there.
"""The local Spark API: an HTTP server whose every answer comes from the spec's data.

One engine, two users: this module ships in the SDK (``sparkapi.testing``, bound to
the data in ``spec.json``) and ``sparkgen serve`` imports this very file from
``runtime/``, with the data of whatever spec it serves. It is plain,
standard-library Python and knows no service by name: every behaviour below follows
from what the spec says about an operation (its method, its body's mode and shape,
what it returns, its path).

A request meets these checks in this order:

1. ``Authorization: Bearer <token>`` (``OAuth <token>`` too, as older pages send).
   Missing or malformed: 401, code 1000. A token the server was not given: 401,
   code 1020 (an unknown token is indistinguishable from an expired one).
2. The user agent header (``X-SparkApi-User-Agent``) must be there: 400, code 1016.
3. The path must be one the spec documents below ``/<version>``: 404, code 404.
4. The method must be one the spec implements at that path (methods listed under
   ``not_implemented``, and any other method): 405, code 405.
5. The token's role must be allowed by the service's roles table (GET reads; POST,
   PUT and DELETE write): 403, code 1500 (not available at this key's level).
6. A body must be JSON (``Content-Type: application/json``) wrapped as
   ``{"D": {...}}`` (400, code 1035), and fit the operation: an unknown or read-only
   attribute, a wrong type, or a constant that differs is 400, code 1053; a missing
   required attribute (on create) or shape key is 400, code 1050. Where several
   operations share a method and path (a move and an update), the body picks the
   first one it fits.

Then the operation acts on the server's state. Records live in *collections*: a
path whose GET returns ``list[Model]`` holds a list of records per set of path
parameter values, seeded on first use with fixtures, or else with the records of the
documented responses of its list and of its records' GETs. A path that adds one
``/{parameter}`` to a collection's path addresses one record of it by its ``Id`` (a
missing one is 404, code 404). So:

- GET of a collection: its records, with ``_orderby``, ``_limit`` (default 10, at most
  25; larger values are cut to 25), ``_page``, ``_pagination=1`` (or ``count``) and
  ``_skiptoken`` (empty to start, then the ``SkipToken`` of the last page; the token
  is the ``Id`` of the last record sent). GET of a record: that record.
- POST with a ``create`` body: a new record, built from the documented response
  record with the body's attributes written over it; it gets a fresh ``Id`` (the
  documented one when it is free) and its real ``ResourceUri``. On a collection's path
  it is added to the collection; elsewhere it is only answered.
- PUT with an ``update`` body on a record's path: the body's attributes are written
  into the record. DELETE on a record's path removes it.
- PUT with a shaped body on a collection's path that carries a list of ``Id``
  values: a reorder; the named records come first, in that order, and the rest keep
  their order after them (ids the collection does not hold are ignored).
- PUT with a shaped body carrying ``Order`` on a record's path: a move to that
  1-based position (a position past the end moves the record last).
- PUT with a shaped body whose top level is ``{"Id": ...}`` on a path that is not a
  collection and whose GET returns one record: a selection (a "current" thing). The
  id must name a record of that model in one of the service's collections (else 404);
  the path's GET then answers that record as it is now.
- Anything else: the body is still checked, and the documented response is
  answered (``{"Success": true}`` when none is documented). Reads answer the
  documented response too.

An operation whose spec declares its ``action`` (create, update, delete, reorder, move,
select, list, read) does that instead of what the rules above infer, where the path and
body allow it; an action name of the spec's own, or one the path or body cannot carry
out, is answered with the documented response and changes nothing.

Files: a body's ``file`` values (base64 text in JSON, file parts of a multipart form
post) are kept, decoded, in ``SparkApp.uploads``; one over the ``max_bytes`` its spec
states is 400, code 1053 (the SDK refuses it before sending). A create writes the rest
of its shaped body's record into the collection. A mount at a URL the API hands out (an
upload ticket's Uri) is served at that URL's path, outside the version: point a
client's ``SPARK_PLATFORM_URL`` at this server and the ticket's URL lands here.

Records made up from the spec (``records``, ``seed``) grow a collection beyond its
seeds: each attribute takes one of its ``samples`` where the spec gives some, else a
plain value of its type, the same for the same seed. Where a model has a
``field_container`` attribute (a listing's ``StandardFields``), ``_select`` and
``_orderby`` name the container's fields, and its expansions are shown only when
asked for, like the record's own.

``_expand`` accepts only the service's expansions (400, code 1053 otherwise); an
attribute flagged ``expansion`` is sent only when expanded (as null when the record
has no value). ``_select`` keeps only the named attributes (expanded ones stay).
A list whose operation takes ``filter`` evaluates ``_filter`` on its records (see
``_filter.py``); an invalid filter is 400, code 1040, with ``SparkQLErrors``. Every
answer carries an ``X-Request-Id``.

Users (``users``, ``contacts``): a token's user is ``users[token]``, else the token
itself. A resource whose spec marks it ``per_user`` keeps its collections apart per user:
each user reads and changes only the records it (or its seeds) holds, and every user's
collections start from the same seeds. Where the resource names a ``contact_attribute``,
a VOW or portal token sees only the records whose attribute holds the id of the contact
it signed in as (``contacts[token]``; none without one): other records are left out of
lists and are 404 by id, and a record it creates gets its contact in that attribute
(unless the attribute is the record's ``Id``). Where it names a ``contact_parameter`` (a
path parameter holding a contact's id), a VOW or portal token reaches the resource's
paths only with its own contact's id there: any other is 404. A resource marked
``contact_record`` (a consumer's ``/my/contact``) answers a VOW or portal token's GET with
its own contact's record of the service's contact-scoped list (404 without one), and
writes its update there.

Replication (``replication``): given a collection of tokens, the server plays the
replication host (``replication.sparkapi.com``): those tokens have the replication role
and may page up to ``REPLICATION_MAX_LIMIT`` (1000) records (``_limit``); any other
token is refused with 403, code 1021. ``SparkApp.edit(key)`` hands tests the live
records of a collection (to change, add or delete some) under the server's lock.

Webhooks: ``SparkServer.deliver_webhook(name, url)`` POSTs a delivery of one of the
spec's webhooks to a developer's URL as the API would: a documented body (or one
given), inside the envelope where the spec says so, signed in the spec's header with
the given secret (an HMAC of the raw body) when the webhook is signed.

Faults (``Faults``): each request, with probability ``rate`` drawn from
``random.Random(seed)``, gets one of ``kinds`` instead of its answer: ``rate_limit``
(429, ``Retry-After``, code 1550), ``server_error`` (500 or 503 in the envelope, or a
502 HTML page as a proxy sends it), ``slow`` (the real answer after ``slow_delay``
seconds) or ``drop`` (the connection is closed without an answer).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import hashlib
import hmac
import itertools
import json
import math
import random
import socket
import sys
import re
import threading
import traceback
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from types import TracebackType
from typing import (
    Any,
    Callable,
    Final,
    Generator,
    Mapping,
    Self,
    Sequence,
    TypeGuard,
    cast,
)
from urllib.error import HTTPError
from urllib.parse import parse_qsl, quote, unquote, urlsplit
from urllib.request import Request, urlopen
from ._auth_desk import (
    AuthDesk,
    AuthRefused,
)  # its sibling, wherever this file is loaded
from ._filter import (
    FilterRefused,
    matcher,
)  # _filter evaluation (SparkQL), a sibling too
from .._filter_rules import breach  # a stored filter's documented restrictions
from .._sparkql_grammar import SparkQLSyntaxError

__all__ = [
    "FAULT_KINDS",
    "ROLES",
    "Faults",
    "ReceivedFile",
    "Reply",
    "SparkApp",
    "SparkServer",
]

ROLES: Final = ("idx", "public", "vow", "portal", "private")
CONTACT_ROLES: Final = ("vow", "portal")  # consumers: a contact's records only
FAULT_KINDS: Final = ("rate_limit", "server_error", "slow", "drop")
MASKED_WIRE: Final = "********"
DEFAULT_LIMIT: Final = 10
MAX_LIMIT: Final = 25
REPLICATION_MAX_LIMIT: Final = 1000
CODE_REPLICATION: Final = 1021

# The platform's error codes this server answers with (see the module docstring).
CODE_INVALID_KEY: Final = 1000
CODE_NO_USER_AGENT: Final = 1016
CODE_UNKNOWN_TOKEN: Final = 1020
CODE_BAD_BODY: Final = 1035
CODE_FILTER: Final = 1040
CODE_MISSING: Final = 1050
CODE_CONSTRAINT: Final = 1053
CODE_ROLE: Final = 1500
CODE_RATE_LIMIT: Final = 1550

Record = dict[str, Any]
Key = tuple[str, tuple[str, ...]]  # a route's template and its path parameter values

_BAD_GATEWAY_PAGE: Final = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
    b"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class Faults:
    """Which failures to inject, how often, and with what seed (see the module docstring)."""

    rate: float = 0.0
    seed: int | None = None
    kinds: tuple[str, ...] = FAULT_KINDS
    slow_delay: float = 1.0
    retry_after: int = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"fault rate must be between 0 and 1, not {self.rate}")
        unknown = [kind for kind in self.kinds if kind not in FAULT_KINDS]
        if unknown or not self.kinds:
            raise ValueError(
                f"fault kinds must be some of {', '.join(FAULT_KINDS)}; got {', '.join(self.kinds) or 'none'}"
            )
        if self.slow_delay < 0 or self.retry_after < 0:
            raise ValueError("slow_delay and retry_after must not be negative")


@dataclass(frozen=True)
class ReceivedFile:
    """A file a request carried: which operation, at which path, in which body field
    (``Photos[0].Picture``, ``File``), and its bytes as decoded."""

    operation: str
    path: str
    field: str
    content: bytes


@dataclass(frozen=True)
class Reply:
    """One HTTP answer; ``body`` is already encoded."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class ApiError(Exception):
    """A refusal, answered in the API's error shape."""

    def __init__(
        self, status: int, code: int, message: str, extra: Record | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra  # more members of the error's envelope (SparkQLErrors)


# ---------------------------------------------------------------------------- values


def _object(value: Any) -> dict[str, Any] | None:
    """A decoded JSON value as an object, or None when it is something else."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def _array(value: Any) -> list[Any] | None:
    """A decoded JSON value as an array, or None when it is something else."""
    return value if _is_list(value) else None


def _results_list(value: Any) -> list[Any] | None:
    """A documented Results as a list: a bare object (``results: object``) is one record."""
    return [value] if isinstance(value, dict) else _array(value)


def _answer_form(op: Operation, data: dict[str, Any]) -> dict[str, Any]:
    """A read's answer in the form the API sends: its one record as Results itself where
    the spec says ``results: object``."""
    results = _array(data.get("Results"))
    if op.results_object and results is not None and len(results) == 1:
        data["Results"] = results[0]
    return data


def _is_list(value: Any) -> TypeGuard[list[Any]]:
    """isinstance, telling type checkers the items are of any type (not unknown)."""
    return isinstance(value, list)


def _is_decimal(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        try:
            Decimal(value)
            return True
        except InvalidOperation:
            return False
    return False


def _is_timestamp(value: Any) -> bool:
    """ISO 8601 with or without an offset (the SDK reads one without as UTC)."""
    try:
        return (
            isinstance(value, str)
            and len(value.strip()) > 10
            and bool(datetime.fromisoformat(value.strip()))
        )
    except ValueError:
        return False


_US_DATE: Final = re.compile(r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*")
_TIME: Final = re.compile(
    r"\s*([0-9]{1,2}):([0-5][0-9])(:[0-5][0-9])?\s*([aApP][mM])?\s*"
)


def _is_us_date(value: Any) -> bool:
    match = _US_DATE.fullmatch(value) if isinstance(value, str) else None
    try:
        return match is not None and bool(
            date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
        )
    except ValueError:
        return False


def _is_time(value: Any) -> bool:
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return False
    hour = int(match.group(1))
    return 1 <= hour <= 12 if match.group(4) else hour <= 23


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return (
        isinstance(value, int)
        or isinstance(value, str)
        and re.fullmatch(r"\s*[-+]?[0-9]+\s*", value) is not None
    )


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _is_file(value: Any) -> bool:
    return isinstance(value, bytes) or _decoded_file(value) is not None


def _decoded_file(value: Any) -> bytes | None:
    """A file's bytes from what a body carried: a form's file part, or base64 text."""
    if isinstance(value, bytes):
        return value
    try:
        return (
            base64.b64decode(value, validate=True) if isinstance(value, str) else None
        )
    except binascii.Error:
        return None


_PRIMITIVES: Final[dict[str, tuple[str, Callable[[Any], bool]]]] = {
    "string": ("a string", lambda v: isinstance(v, str)),
    "integer": ("an integer", _is_integer),
    "decimal": ("a decimal number or numeric string", _is_decimal),
    "boolean": (
        "true or false",
        lambda v: isinstance(v, bool) or v in ("true", "false"),
    ),
    "timestamp": ("an ISO 8601 timestamp", _is_timestamp),
    "date": ("a YYYY-MM-DD date", _is_date),
    "us_date": ("a MM/DD/YYYY date", _is_us_date),
    "time": ("a time of day (14:30 or 9:00 am)", _is_time),
    "json": ("any JSON value", lambda v: True),
    "file": ("a file: base64 text in JSON, a file part in a form", _is_file),
}


@dataclass(frozen=True)
class Service:
    """The facts of one service that requests are checked against."""

    title: str
    roles: Mapping[str, Mapping[str, bool]]
    expansions: Mapping[str, Mapping[str, Any]]
    enums: Mapping[str, Sequence[str]]
    models: Mapping[str, Mapping[str, Mapping[str, Any]]]

    def check(self, kind: Any, value: Any, where: str) -> list[str]:
        """Problems of one value against a spec type; null and the mask fit any type."""
        if value is None or value == MASKED_WIRE:
            return []
        if isinstance(kind, str):
            expected, fits = _PRIMITIVES[kind]
            return (
                []
                if fits(value)
                else [f"{where}: expected {expected}, got {json.dumps(value)}"]
            )
        if "list" in kind:
            items = _array(value)
            if items is None:
                return [f"{where}: expected a list, got {json.dumps(value)}"]
            return [
                p
                for i, item in enumerate(items)
                for p in self.check(kind["list"], item, f"{where}[{i}]")
            ]
        if "map" in kind:
            mapping = _object(value)
            if mapping is None:
                return [f"{where}: expected an object, got {json.dumps(value)}"]
            return [
                p
                for key, item in mapping.items()
                for p in self.check(kind["map"], item, f"{where}.{key}")
            ]
        if "enum" in kind:
            values = self.enums[kind["enum"]]
            return (
                []
                if value in values
                else [f"{where}: {json.dumps(value)} is not one of {', '.join(values)}"]
            )
        return self.check_record(kind["model"], value, where, allow_unknown=False)

    def check_record(
        self, model: str, value: Any, where: str, *, allow_unknown: bool
    ) -> list[str]:
        record = _object(value)
        if record is None:
            return [f"{where}: expected an object ({model}), got {json.dumps(value)}"]
        attributes = self.models[model]
        problems: list[str] = []
        for key, item in record.items():
            attribute = attributes.get(key)
            if attribute is not None:
                problems += self.check(attribute["type"], item, f"{where}.{key}")
            elif not allow_unknown:
                problems.append(
                    f"{where}.{key}: '{key}' is not an attribute of {model}"
                )
        return problems


def _files(
    shape: Any, value: Any, where: str
) -> Generator[tuple[str, Any, int | None], None, None]:
    """(field, value, size limit) of every file parameter of a shape, in a body's data."""
    if "object" in shape and isinstance(value, dict):
        for key, sub in shape["object"].items():
            if key in value:
                yield from _files(sub, value[key], f"{where}.{key}" if where else key)
    elif "list" in shape and _is_list(value):
        for index, item in enumerate(value):
            yield from _files(shape["list"], item, f"{where}[{index}]")
    elif shape.get("type") == "file":
        yield where, value, shape.get("max_bytes")


def _form_fields(content_type: str, body: bytes) -> Record | None:
    """A multipart/form-data body's fields (a file part as bytes), or None if malformed."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        return None
    fields: Record = {}
    for chunk in body.split(b"--" + match.group(1).encode())[1:]:
        if chunk.startswith(b"--"):
            return fields
        head, blank, payload = chunk.partition(b"\r\n\r\n")
        lines = head.decode("utf-8", "replace").split("\r\n")
        disposition = next(
            (ln for ln in lines if ln.lower().startswith("content-disposition:")), ""
        )
        name = re.search(r'\bname="([^"]*)"', disposition)
        if not blank or name is None or not payload.endswith(b"\r\n"):
            return None
        payload = payload[:-2]  # the line break before the next boundary
        is_file = re.search(r'\bfilename="', disposition) is not None
        fields[name.group(1)] = (
            payload if is_file else payload.decode("utf-8", "replace")
        )
    return None  # no closing boundary


# ------------------------------------------------------------------- made-up records


class _Inventor:
    """Records of a model made up from the spec: an attribute's ``samples`` where it has
    them, else a plain value of its type. Deterministic: the same seed, the same records.
    Expansions are left out (a made-up record has none); a field container is filled."""

    _EPOCH = datetime(2024, 1, 1, 12, 0, 0)

    def __init__(self, service: Service, rng: random.Random) -> None:
        self.service = service
        self.rng = rng

    def record(self, model: str, index: int, depth: int = 0) -> Record:
        made: Record = {}
        for wire, attribute in self.service.models[model].items():
            if attribute["expansion"] or wire == "ResourceUri":
                continue
            made[wire] = self.value(wire, attribute, index, depth)
        return made

    def value(
        self, wire: str, attribute: Mapping[str, Any], index: int, depth: int
    ) -> Any:
        samples = attribute.get("samples")
        if samples:
            return copy.deepcopy(self.rng.choice(samples))
        return self._of(attribute["type"], wire, index, depth)

    def _of(self, kind: Any, wire: str, index: int, depth: int) -> Any:
        rng = self.rng
        structured = _object(kind)
        if structured is not None:
            kind = structured
            if "enum" in kind:
                return rng.choice(list(self.service.enums[kind["enum"]]))
            if "model" in kind:
                return (
                    self.record(kind["model"], index, depth + 1) if depth < 2 else None
                )
            if "list" in kind:
                return [
                    self._of(kind["list"], wire, index, depth)
                    for _ in range(rng.randint(0, 2))
                ]
            return {}  # a map: no keys to make up
        moment = self._EPOCH - timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 3))
        return {
            "string": f"{wire} {index + 1}",
            "integer": rng.randint(0, 50),
            "decimal": round(rng.uniform(0, 1000), 2),
            "boolean": rng.random() < 0.5,
            "timestamp": moment.isoformat() + "-05:00",
            "date": moment.date().isoformat(),
            "us_date": f"{moment:%m/%d/%Y}",
            "time": f"{moment:%H:%M}",
            "json": None,
        }[kind]


# ---------------------------------------------------------------------------- routes


@dataclass
class Operation:
    name: str
    method: str
    returns: str  # none | one | optional | list
    model: str | None
    body: Mapping[str, Any] | None
    response: Any
    action: str = "documented"  # what it does to the state; set once routes are linked
    declared: str = (
        ""  # the action the spec names, if any; it outranks the inferred one
    )
    filter: bool = False  # it takes _filter (SparkQL), which lists then evaluate
    results_object: bool = False  # it answers its one record as Results itself


@dataclass
class Route:
    """One documented path, with the operations the spec gives it."""

    service: Service
    accessor: str
    template: str  # below the version, with {placeholders}
    primary: bool  # the path is its mount's own path
    not_implemented: frozenset[str]
    operations: dict[str, list[Operation]] = field(
        default_factory=dict[str, list[Operation]]
    )
    kind: str = "other"  # collection | item | other
    per_user: bool = False  # its collections are kept per user
    contact_attribute: str = ""  # the records' contact, for VOW and portal tokens
    contact_parameter: str = ""  # the path parameter naming a contact, likewise
    contact_record: bool = False  # a consumer's own record of a contact-scoped list
    absolute: bool = False  # served outside the version: a URL the API hands out
    model: str | None = None  # the records a collection holds or an item addresses
    parent: Route | None = None  # an item's collection

    def __post_init__(self) -> None:
        self.segments = tuple(self.template.split("/")[1:])
        self.placeholders = tuple(s[1:-1] for s in self.segments if s.startswith("{"))
        # Literal segments outrank placeholders: /keys/deleted wins over /keys/{key_id}.
        self.rank = tuple(not s.startswith("{") for s in self.segments)

    def reads(self, kinds: tuple[str, ...]) -> Operation | None:
        return next(
            (op for op in self.operations.get("GET", []) if op.returns in kinds), None
        )


def _shape_has(
    shape: Any, key: str, *, needs_list: bool = False, top: bool = False
) -> bool:
    """Whether a body shape sends ``key``: anywhere, only inside a list, or only at the top."""
    if shape is None:
        return False
    if "object" in shape:
        if key in shape["object"] and not needs_list:
            return True
        return not top and any(
            _shape_has(s, key, needs_list=needs_list) for s in shape["object"].values()
        )
    if "list" in shape:
        return not top and _shape_has(shape["list"], key)
    return False


def _plural_key(shape: Any) -> str | None:
    """The key of a body shaped ``{Key: [{...}]}``: new records wrapped in a plural key."""
    outer = _object(shape)
    fields = _object(outer.get("object")) if outer is not None else None
    if fields is None or len(fields) != 1:
        return None
    ((key, inner),) = fields.items()
    wrapper = _object(inner)
    item = _object(wrapper.get("list")) if wrapper is not None else None
    return key if item is not None and "object" in item else None


def _shape_values(shape: Any, value: Any, key: str) -> list[Any]:
    """Every value the body sends under ``key``, in order, walking the shape."""
    if shape is None or "object" not in shape and "list" not in shape:
        return []
    if "list" in shape:
        items = _array(value) or []
        return [
            found for item in items for found in _shape_values(shape["list"], item, key)
        ]
    record = _object(value)
    if record is None:
        return []
    found: list[Any] = []
    for name, sub in shape["object"].items():
        if name == key:
            found.append(record.get(name))
        else:
            found += _shape_values(sub, record.get(name), key)
    return found


def _rule_problems(
    declared: Mapping[str, Any], value: Any, where: str
) -> list[tuple[int, str]]:
    """A stored filter that breaks the service's documented restrictions (the spec's
    ``filter_rules``): 1053, as the API refuses a saved search it cannot keep."""
    rules = declared.get("filter_rules")
    if not rules or not isinstance(value, str):
        return []
    try:
        found = breach(value, **rules)
    except SparkQLSyntaxError as exc:
        return [(CODE_CONSTRAINT, f"{where}: not a valid filter: {exc.message}")]
    return [] if found is None else [(CODE_CONSTRAINT, f"{where}: {found[2]}")]


def _action(route: Route, op: Operation) -> str:
    """What an operation does to the state: what the spec says it does when it says so,
    else what its method, body and path suggest (``_inferred_action``)."""
    if not op.declared:
        return _inferred_action(route, op)
    shape = op.body["shape"] if op.body else None
    # A declared action the engine can carry out here; any other name (an action of the
    # spec's own, or one that lacks what it needs) answers the documented response.
    possible = {
        "list": route.kind == "collection",
        "read": True,
        "create": op.body is not None,
        "update": route.kind == "item"
        and op.body is not None
        and op.body["model"] is not None,
        "delete": route.kind == "item",
        "move": route.kind == "item" and _shape_has(shape, "Order"),
        "reorder": route.kind == "collection"
        and _shape_has(shape, "Id", needs_list=True),
        "select": route.kind == "other"
        and route.reads(("one", "optional")) is not None
        and _shape_has(shape, "Id", top=True),
    }
    return op.declared if possible.get(op.declared, False) else "documented"


def _inferred_action(route: Route, op: Operation) -> str:
    """What an operation does to the state, from its method, body and path alone."""
    mode = op.body["mode"] if op.body else None
    shape = op.body["shape"] if op.body else None
    if op.method == "GET":
        return "list" if route.kind == "collection" and op.returns == "list" else "read"
    if op.method == "POST" and mode == "create":
        return "create"
    if route.kind == "item":
        if op.method == "PUT" and mode == "update":
            return "update"
        if op.method == "PUT" and _shape_has(shape, "Order"):
            return "move"
        if op.method == "DELETE":
            return "delete"
    if (
        route.kind == "collection"
        and op.method == "PUT"
        and _shape_has(shape, "Id", needs_list=True)
    ):
        return "reorder"
    selectable = route.kind == "other" and route.reads(("one", "optional")) is not None
    if selectable and op.method == "PUT" and _shape_has(shape, "Id", top=True):
        return "select"
    return "documented"


def _routes(spec: Mapping[str, Any]) -> list[Route]:
    routes: dict[str, Route] = {}
    for data in spec["services"]:
        enums = {
            **spec.get("enums", {}),
            **data["enums"],
        }  # shared declarations, then the service's
        models = {**spec.get("models", {}), **data["models"]}
        service = Service(
            data["title"], data["roles"], data["expansions"], enums, models
        )
        for resource in data["resources"]:
            for endpoint in resource["endpoints"]:
                template = endpoint["path"]
                absolute = bool(resource.get("absolute"))  # outside the version
                key = f"absolute:{template}" if absolute else template
                if key in routes:
                    raise ValueError(
                        f"two endpoints of the spec share the path {template}"
                    )
                route = Route(
                    service,
                    resource["accessor"],
                    template,
                    template == resource["path"],
                    frozenset(endpoint["not_implemented"]),
                    per_user=bool(resource.get("per_user")),
                    contact_attribute=str(resource.get("contact_attribute", "")),
                    contact_parameter=str(resource.get("contact_parameter", "")),
                    contact_record=bool(resource.get("contact_record")),
                )
                route.absolute = absolute
                for op in endpoint["operations"]:
                    operation = Operation(
                        op["name"],
                        op["method"],
                        op["returns"]["kind"],
                        op["returns"]["model"],
                        op["body"],
                        op["response"],
                    )
                    operation.declared = op.get("action") or ""
                    operation.filter = bool(op.get("filter"))
                    operation.results_object = op.get("results") == "object"
                    route.operations.setdefault(operation.method, []).append(operation)
                listing = route.reads(("list",))
                if listing is not None:
                    route.kind, route.model = "collection", listing.model
                routes[key] = route
    for route in routes.values():
        parent = (
            None if route.absolute else routes.get(route.template.rsplit("/", 1)[0])
        )
        if (
            route.kind == "other"
            and route.segments[-1].startswith("{")
            and parent
            and parent.kind == "collection"
            and parent.service is route.service
        ):
            route.kind, route.model, route.parent = "item", parent.model, parent
    for route in routes.values():
        for ops in route.operations.values():
            for op in ops:
                op.action = _action(route, op)
    return list(routes.values())


# ------------------------------------------------------------------------------- app


@dataclass(frozen=True)
class _Request:
    route: Route
    op: Operation
    values: tuple[str, ...]  # path parameter values, in placeholder order
    path: str  # as sent, below the host, without the query
    query: Mapping[str, str]
    data: Any  # the inside of the body's envelope, or None
    max_limit: int = MAX_LIMIT  # REPLICATION_MAX_LIMIT for a replication token
    role: str = ""
    user: str = ""  # whose per-user collections it reads and writes
    contact: str | None = None  # the contact a VOW or portal token signed in as


class SparkApp:
    """The API without the HTTP: a request in, a ``Reply`` out, state in between."""

    def __init__(
        self,
        spec: Mapping[str, Any],
        *,
        tokens: Mapping[str, str],
        fixtures: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        records: Mapping[str, int] | None = None,
        seed: int = 0,
        clients: Mapping[str, str] | None = None,
        api_keys: Mapping[str, str] | None = None,
        token_lifetime: int | None = None,
        replication: Sequence[str] | None = None,
        users: Mapping[str, str] | None = None,
        contacts: Mapping[str, str] | None = None,
    ) -> None:
        for token, role in tokens.items():
            if not token or role not in ROLES:
                raise ValueError(
                    f"each token needs a non-empty value and one of the roles {', '.join(ROLES)}, not {role!r}"
                )
        self.tokens = dict(tokens)
        self.users = dict(users or {})
        self.contacts = dict(contacts or {})
        self.version = str(spec["version"])
        self.envelope = str(spec["envelope"])
        self.user_agent_header = str(spec["user_agent_header"])
        self.auth_schemes = {str(spec["auth_scheme"]).lower(), "oauth"}
        # The sign-in side (OAuth 2, OpenID Connect, sessions): see _auth_desk.
        self.auth = AuthDesk(
            spec.get("auth", {}),
            version=self.version,
            envelope=self.envelope,
            clients=clients or {},
            api_keys=api_keys or {},
            token_lifetime=token_lifetime,
        )
        self.routes = _routes(spec)
        self._by_length: dict[int, list[Route]] = {}
        for route in self.routes:
            self._by_length.setdefault(len(route.segments), []).append(route)
        # The collections expansions embed (``records``), by their mount's accessor.
        self._lists = {
            r.accessor: r for r in self.routes if r.primary and r.kind == "collection"
        }
        self._ids = itertools.count(1)
        self._request_ids = itertools.count(1)
        self._seeds = self._seed(fixtures or {})
        self._invent(records or {}, seed)
        self._lock = threading.RLock()
        self._collections: dict[Key, list[Record]] = {}
        self._selections: dict[Key, tuple[Key, str]] = {}
        self.replication = None if replication is None else frozenset(replication)
        self.uploads: list[ReceivedFile] = []  # every file a body carried, in order
        # Webhook name -> what the spec says of its deliveries (see deliver_webhook).
        self.webhooks: dict[str, Mapping[str, Any]] = {
            name: hook
            for service in spec["services"]
            for name, hook in service.get("webhooks", {}).items()
        }

    def reset(self) -> None:
        """Forget every write: collections go back to their seeds, selections are cleared."""
        with self._lock:
            self._collections.clear()
            self._selections.clear()
            self.uploads.clear()

    @property
    def operation_count(self) -> int:
        return sum(
            len(ops) for route in self.routes for ops in route.operations.values()
        )

    # -- seeds

    def _documented_records(self, op: Operation | None) -> list[Record]:
        response = _object(op.response) if op else None
        data = _object(response.get(self.envelope)) if response else None
        results = _results_list(data.get("Results")) if data else None
        return [dict(r) for r in map(_object, results or []) if r is not None]

    def _seed(
        self, fixtures: Mapping[str, Sequence[Mapping[str, Any]]]
    ) -> dict[str, list[Record]]:
        """Initial records per collection path: fixtures, or else the documented records of
        its list and of its records' GETs (each Id once)."""
        seeds: dict[str, list[Record]] = {}
        problems: list[str] = []
        for route in self.routes:
            if route.kind == "collection":
                seeds[route.template] = self._documented_records(route.reads(("list",)))
        for route in self.routes:
            if route.parent is not None:
                seeded = seeds[route.parent.template]
                for record in self._documented_records(
                    route.reads(("one", "optional"))
                ):
                    if "Id" not in record or all(
                        str(r.get("Id")) != str(record["Id"]) for r in seeded
                    ):
                        seeded.append(record)
        for key, records in fixtures.items():
            targets = [
                r
                for r in self.routes
                if r.kind == "collection" and r.primary and key in (r.accessor, r.model)
            ]
            if not targets:
                problems.append(
                    f"'{key}' is neither the accessor nor the model of a resource with a list"
                )
                continue
            if not isinstance(records, list):
                problems.append(f"'{key}' must hold a list of records")
                continue
            for route in targets:
                assert route.model is not None
                for index, record in enumerate(records):
                    problems += route.service.check_record(
                        route.model, record, f"{key}[{index}]", allow_unknown=True
                    )
                seeds[route.template] = [dict(record) for record in records]
        if problems:
            raise ValueError(
                "fixtures do not fit the spec:\n  " + "\n  ".join(problems)
            )
        for route in self.routes:
            if route.kind == "collection" and self._has_id(route):
                for index, record in enumerate(seeds[route.template]):
                    if "Id" not in record:
                        record["Id"] = self._new_id(
                            route, seeds[route.template][:index]
                        )
        return seeds

    def _invent(self, counts: Mapping[str, int], seed: int) -> None:
        """Grow the named collections (by accessor or model, as fixtures are named) to
        ``count`` records each, made up from the spec after the ones they hold."""
        for key, count in counts.items():
            targets = [
                r
                for r in self.routes
                if r.kind == "collection" and r.primary and key in (r.accessor, r.model)
            ]
            if not targets or count < 0:
                raise ValueError(
                    f"records: '{key}' must name the accessor or model of a resource with a list, with a count >= 0"
                )
            for route in targets:
                assert route.model is not None
                held = self._seeds[route.template]
                inventor = _Inventor(route.service, random.Random(f"{seed}:{key}"))
                integer_ids = (
                    route.service.models[route.model].get("Id", {}).get("type")
                    == "integer"
                )
                fields = route.service.models[route.model]
                for index in range(len(held), count):
                    record = inventor.record(route.model, index)
                    if "Id" in fields:
                        record["Id"] = (
                            index + 1 if integer_ids else f"20240101{index + 1:018d}"
                        )
                        if "ResourceUri" in fields and "{" not in route.template:
                            record["ResourceUri"] = (
                                f"/{self.version}{route.template}/{record['Id']}"
                            )
                    held.append(record)

    @staticmethod
    def _has_id(route: Route) -> bool:
        return route.model is not None and "Id" in route.service.models[route.model]

    def _new_id(self, route: Route, records: Sequence[Record]) -> Any:
        """The next integer id, or a 26-digit id like the platform's (time, then a counter)."""
        assert route.model is not None
        if route.service.models[route.model]["Id"]["type"] == "integer":
            taken = [r["Id"] for r in records if isinstance(r.get("Id"), int)]
            return max(taken, default=0) + 1
        return f"{datetime.now():%Y%m%d%H%M%S%f}{next(self._ids) % 1_000_000:06d}"

    # -- the request

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> Reply:
        """Answer one request; ``headers`` have lower-case names."""
        try:
            signin = self.auth.answer(method, target, headers.get("host", ""), body)
            if signin is not None:
                return Reply(*signin)
            return self._json(200, self._handle(method, target, headers, body))
        except ApiError as error:
            return self.error(
                error.status, error.code, error.message, extra=error.extra
            )
        except (
            Exception
        ) as exc:  # a bug here must reach the test as an answer, not a hang
            traceback.print_exc()
            return self.error(500, None, f"the local server failed: {exc!r}")

    def error(
        self,
        status: int,
        code: int | None,
        message: str,
        headers: tuple[tuple[str, str], ...] = (),
        extra: Record | None = None,
    ) -> Reply:
        """A failure in the API's shape; ``code`` None leaves the Code out, as a gateway would."""
        data: Record = (
            {"Success": False} if code is None else {"Success": False, "Code": code}
        )
        data["Message"] = message
        data.update(extra or {})
        return self._json(status, data, headers)

    def _json(
        self, status: int, data: Record, headers: tuple[tuple[str, str], ...] = ()
    ) -> Reply:
        body = json.dumps({self.envelope: data}, separators=(",", ":")).encode()
        return Reply(
            status,
            body,
            (
                ("Content-Type", "application/json; charset=utf-8"),
                ("X-Request-Id", str(next(self._request_ids))),
                *headers,
            ),
        )

    def _handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> Record:
        role = self._role(headers.get("authorization", ""), method, target, body)
        if not headers.get(self.user_agent_header.lower(), "").strip():
            raise ApiError(
                400,
                CODE_NO_USER_AGENT,
                f"the {self.user_agent_header} header is missing; name your application in it",
            )
        parts = urlsplit(target)
        found = self._match(parts.path)
        if found is None:
            raise ApiError(404, 404, f"{parts.path} is not a path of this API")
        route, values = found
        candidates = route.operations.get(method)
        if not candidates:
            allowed = ", ".join(route.operations) or "none"
            why = (
                "is not implemented by the API"
                if method in route.not_implemented
                else "is not a method the spec documents"
            )
            raise ApiError(
                405, 405, f"{method} {route.template} {why} (allowed: {allowed})"
            )
        access = "read" if method == "GET" else "write"
        if not route.service.roles.get(role, {}).get(access, False):
            raise ApiError(
                403,
                CODE_ROLE,
                f"the {role} role may not {access} {route.service.title}",
            )
        data = None
        if any(op.body for op in candidates):
            form = any(
                op.body and op.body.get("encoding") == "multipart" for op in candidates
            )
            data = self._form(headers, body) if form else self._body(headers, body)
        op = self._choose(route, candidates, data)
        self._receive(op, parts.path, data)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        limit = self._replication_limit(headers.get("authorization", ""))
        token = headers.get("authorization", "").strip().partition(" ")[2].strip()
        contact = self.contacts.get(token)
        if route.contact_parameter in route.placeholders and role in CONTACT_ROLES:
            wanted = values[route.placeholders.index(route.contact_parameter)]
            if wanted != contact:
                raise ApiError(404, 404, f"no contact {wanted} for this consumer")
        return self._act(
            _Request(
                route,
                op,
                values,
                parts.path,
                query,
                data,
                limit,
                role,
                self.users.get(token, token),
                contact,
            )
        )

    # -- replication (see the module docstring)

    def _replication_limit(self, authorization: str) -> int:
        """The token's largest page; refuses a non-replication token on a replication host."""
        if self.replication is None:
            return MAX_LIMIT
        if authorization.strip().partition(" ")[2].strip() not in self.replication:
            raise ApiError(
                403,
                CODE_REPLICATION,
                "this host serves keys with the replication role only",
            )
        return REPLICATION_MAX_LIMIT

    @contextlib.contextmanager
    def edit(self, key: str) -> Generator[list[Record], None, None]:
        """The live records of the collection named by ``key`` (accessor or model, as
        fixtures are named; its path has no parameters), held under the server's lock.
        """
        route = next(
            (
                r
                for r in self.routes
                if r.kind == "collection"
                and r.primary
                and key in (r.accessor, r.model)
                and "{" not in r.template
            ),
            None,
        )
        if route is None:
            raise ValueError(f"'{key}' names no collection without path parameters")
        with self._lock:
            yield self._collection(route, ())

    def _role(
        self,
        authorization: str,
        method: str = "GET",
        target: str = "",
        body: bytes = b"",
    ) -> str:
        try:
            role = self.auth.session_role(method, target, body)
            scheme, _, token = authorization.strip().partition(" ")
            if role is None and scheme.lower() in self.auth_schemes:
                role = self.auth.bearer_role(token.strip())
        except AuthRefused as refused:
            raise ApiError(refused.status, refused.code, refused.message) from None
        if role is not None:
            return role
        if scheme.lower() not in self.auth_schemes or not token.strip():
            raise ApiError(
                401, CODE_INVALID_KEY, "send 'Authorization: Bearer <access token>'"
            )
        role = self.tokens.get(token.strip())
        if role is None:
            raise ApiError(
                401, CODE_UNKNOWN_TOKEN, "the access token is unknown or has expired"
            )
        return role

    def _match(self, path: str) -> tuple[Route, tuple[str, ...]] | None:
        prefix = f"/{self.version}/"
        handed_out = next(
            (r for r in self.routes if r.absolute and r.template == path), None
        )
        if handed_out is not None:
            return handed_out, ()
        if not path.startswith(prefix):
            return None
        parts = [unquote(p) for p in path[len(prefix) - 1 :].split("/")[1:]]
        best: tuple[Route, tuple[str, ...]] | None = None
        for route in self._by_length.get(len(parts), ()):
            if route.absolute:
                continue
            values: list[str] = []
            for segment, part in zip(route.segments, parts, strict=True):
                if segment.startswith("{") and part:
                    values.append(part)
                elif segment != part:
                    break
            else:
                if best is None or route.rank > best[0].rank:
                    best = route, tuple(values)
        return best

    def _body(self, headers: Mapping[str, str], body: bytes) -> Any:
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise ApiError(
                400,
                CODE_BAD_BODY,
                "send the body as JSON with 'Content-Type: application/json'",
            )
        try:
            payload = json.loads(body)
        except ValueError:
            raise ApiError(400, CODE_BAD_BODY, "the body is not valid JSON") from None
        envelope = _object(payload)
        data = _object(envelope.get(self.envelope)) if envelope else None
        if envelope is None or list(envelope) != [self.envelope] or data is None:
            raise ApiError(
                400,
                CODE_BAD_BODY,
                f'the body must be a JSON object {{"{self.envelope}": {{...}}}}',
            )
        return data

    def _form(self, headers: Mapping[str, str], body: bytes) -> Record:
        """The fields of a form post: text, or the bytes of a file part."""
        content_type = headers.get("content-type", "")
        fields = None
        if content_type.split(";")[0].strip().lower() == "multipart/form-data":
            fields = _form_fields(content_type, body)
        if fields is None:
            raise ApiError(
                400,
                CODE_BAD_BODY,
                "send the form as multipart/form-data with a boundary",
            )
        return fields

    def _receive(self, op: Operation, path: str, data: Any) -> None:
        """Keep the files a body carried, as the bytes they decode to."""
        if op.body is None or op.body["shape"] is None:
            return
        for where, value, limit in _files(op.body["shape"], data, ""):
            content = _decoded_file(value)
            if content is not None and limit is not None and len(content) > limit:
                raise ApiError(
                    400,
                    CODE_CONSTRAINT,
                    f"{where}: the file is {len(content)} bytes; at most {limit} are accepted",
                )
            if content is not None:
                with self._lock:
                    self.uploads.append(ReceivedFile(op.name, path, where, content))

    def _choose(
        self, route: Route, candidates: list[Operation], data: Any
    ) -> Operation:
        """The first operation the body fits; otherwise a 400 naming every problem."""
        failures: list[tuple[Operation, list[tuple[int, str]]]] = []
        for op in candidates:
            problems = self._problems(route.service, op, data)
            if not problems:
                return op
            failures.append((op, problems))
        codes = {code for _, problems in failures for code, _ in problems}
        code = CODE_CONSTRAINT if CODE_CONSTRAINT in codes else CODE_MISSING
        if len(failures) == 1:
            message = "; ".join(m for _, m in failures[0][1])
        else:
            message = "the body fits none of " + "; ".join(
                f"{op.name} ({', '.join(m for _, m in p)})" for op, p in failures
            )
        raise ApiError(400, code, message)

    def _problems(
        self, service: Service, op: Operation, data: Any
    ) -> list[tuple[int, str]]:
        if op.body is None:
            return []
        if op.body["model"] is None:
            return self._shape_problems(service, op.body["shape"], data, self.envelope)
        model = op.body["model"]
        attributes = service.models[model]
        problems: list[tuple[int, str]] = []
        for key, value in data.items():
            attribute = attributes.get(key)
            if attribute is None:
                problems.append(
                    (CODE_CONSTRAINT, f"'{key}' is not an attribute of {model}")
                )
            elif attribute["writeable"] == "no":
                problems.append((CODE_CONSTRAINT, f"'{key}' is read-only in {model}"))
            else:
                problems += [
                    (CODE_CONSTRAINT, p)
                    for p in service.check(attribute["type"], value, key)
                ]
                problems += _rule_problems(attribute, value, key)
        if op.body["mode"] == "create":
            for key, attribute in attributes.items():
                if attribute["required"] == "yes" and data.get(key) is None:
                    problems.append(
                        (CODE_MISSING, f"'{key}' is required to create a {model}")
                    )
        return problems

    def _shape_problems(
        self, service: Service, shape: Any, value: Any, where: str
    ) -> list[tuple[int, str]]:
        if "object" in shape:
            record = _object(value)
            if record is None:
                return [
                    (
                        CODE_CONSTRAINT,
                        f"{where}: expected an object with {', '.join(shape['object'])}",
                    )
                ]
            problems = [
                (CODE_CONSTRAINT, f"{where}.{key}: '{key}' is not part of this body")
                for key in record
                if key not in shape["object"]
            ]
            for key, sub in shape["object"].items():
                if key in record:
                    problems += self._shape_problems(
                        service, sub, record[key], f"{where}.{key}"
                    )
                elif not sub.get("optional"):
                    problems.append((CODE_MISSING, f"{where}.{key} is required"))
            return problems
        if "list" in shape:
            items = _array(value)
            if items is None:
                return [(CODE_CONSTRAINT, f"{where}: expected a list")]
            return [
                p
                for i, item in enumerate(items)
                for p in self._shape_problems(
                    service, shape["list"], item, f"{where}[{i}]"
                )
            ]
        if "param" in shape:
            if value is None:
                return [(CODE_MISSING, f"{where} ({shape['param']}) is required")]
            return [
                (CODE_CONSTRAINT, p) for p in service.check(shape["type"], value, where)
            ] + _rule_problems(shape, value, where)
        return (
            []
            if value == shape["const"]
            else [(CODE_CONSTRAINT, f"{where}: expected {json.dumps(shape['const'])}")]
        )

    # -- actions

    def _act(self, request: _Request) -> Record:
        with self._lock:
            action = request.op.action
            if action == "list":
                records = self._collection(request.route, request.values, request)
                return self._results(
                    request, self._scoped(request, request.route, records), many=True
                )
            own = self._own_record(request)
            if own is not None:
                if request.op.method == "GET":
                    return self._results(request, [own], many=False)
                if request.op.body and request.op.body["mode"] == "update":
                    own.update(request.data)
                    return self._written(request, own)
            if action == "create":
                return self._create(request)
            if action == "select":
                return self._select(request)
            if action == "reorder":
                return self._reorder(request)
            if request.route.kind == "item":
                parent = request.route.parent or request.route
                records = self._collection(parent, request.values[:-1], request)
                record = self._record(request, self._scoped(request, parent, records))
                if action == "update":
                    data = self._record_data(request, request.data)
                    container = self._written_container(request)
                    if container is not None:
                        record.setdefault(container, {}).update(data)
                    else:
                        record.update(data)
                    return self._written(request, record)
                if action == "move":
                    return self._move(request, records, record)
                if action == "delete":
                    records.remove(record)
                    return {"Success": True}
                if action == "read":
                    return self._results(request, [record], many=False)
            if action == "read":
                selected = self._selected(request)
                if selected is not None:
                    return self._results(request, [selected], many=False)
            return self._documented(request)

    def _collection(
        self, route: Route, values: tuple[str, ...], request: _Request | None = None
    ) -> list[Record]:
        """The live records at a collection's path; a per_user route keeps one list per
        user (a request's user; a test's ``edit`` and selections see a shared one)."""
        if route.per_user and request is not None:
            values = (*values, f"user:{request.user}")
        key = (route.template, values)
        records = self._collections.get(key)
        if records is None:
            records = self._collections[key] = copy.deepcopy(
                self._seeds[route.template]
            )
        return records

    @staticmethod
    def _scoped(request: _Request, route: Route, records: list[Record]) -> list[Record]:
        """The records a VOW or portal token may see: those of the contact it signed in as."""
        attribute = route.contact_attribute
        if not attribute or request.role not in CONTACT_ROLES:
            return records
        return [
            r
            for r in records
            if request.contact is not None and str(r.get(attribute)) == request.contact
        ]

    def _own_record(self, request: _Request) -> Record | None:
        """A consumer's own record, where the route is a ``contact_record``: the one of the
        service's contact-scoped list that holds the consumer's contact."""
        if not request.route.contact_record or request.role not in CONTACT_ROLES:
            return None
        model = request.op.model or (request.op.body or {}).get("model")
        for route in self.routes:
            if (
                route.service is request.route.service
                and route.kind == "collection"
                and route.contact_attribute
                and route.model == model
                and not route.placeholders
            ):
                records = self._collection(route, (), request)
                for record in self._scoped(request, route, records):
                    return record
                raise ApiError(404, 404, f"no {model} of this consumer's contact")
        return None

    def _record(self, request: _Request, records: list[Record]) -> Record:
        wanted = request.values[-1]
        found = next((r for r in records if str(r.get("Id")) == wanted), None)
        if found is None:
            raise ApiError(
                404, 404, f"no {request.route.model} with Id {wanted} at {request.path}"
            )
        return found

    def _written(self, request: _Request, record: Record) -> Record:
        if request.op.returns in ("one", "optional", "list"):
            return self._results(request, [record], many=False)
        return {"Success": True}

    def _written_container(self, request: _Request) -> str | None:
        """The record's field container when the body is that container's model: a
        draft written as flat StandardFields is stored and read inside StandardFields.
        """
        body = request.op.body["model"] if request.op.body else None
        model = request.route.model
        if body is None or model is None:
            return None
        for wire, attribute in request.route.service.models[model].items():
            kind = _object(attribute["type"])
            if attribute.get("field_container") and kind and kind.get("model") == body:
                return wire
        return None

    def _create(self, request: _Request) -> Record:
        """Store the written record; a body that wraps new records in a plural key
        (``{"ListingCarts": [{...}]}``) stores one record per item."""
        body = request.op.body
        key = _plural_key(body["shape"]) if body else None
        data = _object(request.data)
        items = _array(data.get(key)) if key and data is not None else None
        if key and items:
            return [self._create_one(request, {key: [item]}) for item in items][-1]
        return self._create_one(request, request.data)

    def _create_one(self, request: _Request, data: Any) -> Record:
        route = request.route
        documented = self._documented_records(request.op)
        container = self._written_container(request)
        fields = self._record_data(request, data)
        written = {container: fields} if container else fields
        record: Record = {
            **copy.deepcopy(documented[0] if documented else {}),
            **copy.deepcopy(written),
        }
        if route.contact_attribute not in ("", "Id") and request.role in CONTACT_ROLES:
            record[route.contact_attribute] = request.contact
        if route.kind == "collection":
            records = self._collection(route, request.values, request)
            if self._has_id(route):
                if record.get("Id") is None or any(
                    str(r.get("Id")) == str(record["Id"]) for r in records
                ):
                    record["Id"] = self._new_id(route, records)
                if route.model and "ResourceUri" in route.service.models[route.model]:
                    record["ResourceUri"] = (
                        f"{request.path}/{quote(str(record['Id']), safe='')}"
                    )
            records.append(record)
        return self._written(request, record)

    def _record_data(self, request: _Request, data: Any) -> Record:
        """What a create writes into the new record. A shaped body gives the attributes of
        the record's model it carries, unwrapped from a one-item list under one key
        (``{"Photos": [{...}]}``); files are not attributes (see ``uploads``)."""
        body = request.op.body
        if body is None or body["model"] is not None:
            return cast(Record, data)
        shape = body["shape"]
        key, outer = _plural_key(shape), _object(data)
        items = _array(outer.get(key)) if key and outer is not None else None
        if key and items:
            shape, data = shape["object"][key]["list"], items[0]
        record, fields = _object(data), shape.get("object")
        if record is None or fields is None:
            return {}
        attributes = request.route.service.models.get(request.route.model or "", {})
        return {
            key: value
            for key, value in record.items()
            if key in attributes and fields.get(key, {}).get("type") != "file"
        }

    def _reorder(self, request: _Request) -> Record:
        assert request.op.body is not None
        ids = [
            str(i) for i in _shape_values(request.op.body["shape"], request.data, "Id")
        ]
        records = self._collection(request.route, request.values, request)
        position = {record_id: index for index, record_id in enumerate(ids)}
        records.sort(key=lambda r: position.get(str(r.get("Id")), len(ids)))
        return {"Success": True}

    def _move(self, request: _Request, records: list[Record], record: Record) -> Record:
        assert request.op.body is not None
        order = _shape_values(request.op.body["shape"], request.data, "Order")[0]
        if not isinstance(order, int) or order < 1:
            raise ApiError(
                400,
                CODE_CONSTRAINT,
                f"Order must be a position from 1, not {json.dumps(order)}",
            )
        records.remove(record)
        records.insert(order - 1, record)
        return {"Success": True}

    def _select(self, request: _Request) -> Record:
        reader = request.route.reads(("one", "optional"))
        assert reader is not None and reader.model is not None
        wanted = str(request.data["Id"])
        for route in self.routes:
            if (
                route.kind != "collection"
                or route.model != reader.model
                or route.service is not request.route.service
            ):
                continue
            if not route.placeholders:
                self._collection(route, ())
            for key, records in self._collections.items():
                if key[0] == route.template and any(
                    str(r.get("Id")) == wanted for r in records
                ):
                    self._selections[(request.route.template, request.values)] = (
                        key,
                        wanted,
                    )
                    return {"Success": True}
        raise ApiError(404, 404, f"no {reader.model} with Id {wanted}")

    def _selected(self, request: _Request) -> Record | None:
        selection = self._selections.get((request.route.template, request.values))
        if selection is None:
            return None
        key, wanted = selection
        return next(
            (r for r in self._collections.get(key, []) if str(r.get("Id")) == wanted),
            None,
        )

    def _documented(self, request: _Request) -> Record:
        """The operation's documented response; records in it are shaped like stored ones."""
        response = _object(request.op.response)
        data = _object(response.get(self.envelope)) if response else None
        if data is None:
            return (
                {"Success": True, "Results": []}
                if request.op.returns != "none"
                else {"Success": True}
            )
        results = _results_list(data.get("Results"))
        if request.op.method != "GET" or request.op.model is None or results is None:
            return copy.deepcopy(data)
        records = [r for r in map(_object, results) if r is not None]
        return self._results(request, records, many=request.op.returns == "list")

    # -- reading

    def _results(
        self, request: _Request, records: list[Record], *, many: bool
    ) -> Record:
        """Records as a read answers them: ordered, paged, expanded and selected."""
        service = request.route.service
        model = request.op.model or request.route.model
        attributes: Mapping[str, Mapping[str, Any]] = (
            service.models[model] if model else {}
        )
        query = request.query
        expand = [name for name in query.get("_expand", "").split(",") if name]
        for name in expand:
            expansion = service.expansions.get(name)
            if expansion is None:
                known = ", ".join(service.expansions) or "none"
                raise ApiError(
                    400,
                    CODE_CONSTRAINT,
                    f"'{name}' is not an expansion of {service.title} (expansions: {known})",
                )
            if expansion["single_record_only"] and many:
                raise ApiError(
                    400,
                    CODE_CONSTRAINT,
                    f"the {name} expansion is only for single records",
                )
        container, fields = self._container(service, attributes)
        select = [name for name in query.get("_select", "").split(",") if name]
        unknown = [
            name for name in select if name not in attributes and name not in fields
        ]
        if unknown:
            raise ApiError(
                400,
                CODE_CONSTRAINT,
                f"_select names what {model} does not have: {', '.join(unknown)}",
            )
        data: Record = {"Success": True}
        if many and request.op.filter and query.get("_filter"):
            records = _filtered(
                records, query["_filter"], attributes, container, fields
            )
        if many:
            ordered = self._ordered(records, query, attributes, container, fields)
            records, data = self._page(ordered, query, request.max_limit)
        if container is None:
            data["Results"] = [
                self._embed(
                    request, r, self._present(r, attributes, expand, select), expand
                )
                for r in records
            ]
            return _answer_form(request.op, data)
        # _select names the container's fields; the record's own attributes stay.
        results: list[Record] = []
        for record in records:
            shown = self._present(record, attributes, expand, [])
            inner = _object(record.get(container))
            if inner is not None:
                shown[container] = self._present(inner, fields, expand, select)
            results.append(self._embed(request, record, shown, expand))
        data["Results"] = results
        return _answer_form(request.op, data)

    def _embed(
        self, request: _Request, record: Record, shown: Record, expand: list[str]
    ) -> Record:
        """Fill the asked-for expansions that name their records' mount with that mount's
        live list for this record, where the attribute is (the record or its container).
        """
        service = request.route.service
        for name in expand:
            route = self._lists.get(service.expansions[name].get("records", ""))
            if route is None or "Id" not in record:
                continue
            listed = self._collection(route, (str(record["Id"]),), request)
            listed = self._scoped(request, route, listed)
            attributes = route.service.models.get(route.model or "", {})
            embedded = [self._present(r, attributes, [], []) for r in listed]
            for value in (shown, *shown.values()):
                holder = _object(value)
                if holder is not None and name in holder:
                    holder[name] = embedded
                    break
        return shown

    @staticmethod
    def _container(
        service: Service, attributes: Mapping[str, Mapping[str, Any]]
    ) -> tuple[str | None, Mapping[str, Mapping[str, Any]]]:
        """The attribute whose fields _select and _orderby name, and those fields."""
        for wire, attribute in attributes.items():
            kind = _object(attribute["type"])
            if attribute.get("field_container") and kind and "model" in kind:
                return wire, service.models[kind["model"]]
        return None, {}

    @staticmethod
    def _present(
        record: Record,
        attributes: Mapping[str, Mapping[str, Any]],
        expand: list[str],
        select: list[str],
    ) -> Record:
        shown: Record = {}
        for key, value in record.items():
            attribute = attributes.get(key)
            expansion = bool(attribute and attribute["expansion"])
            if (expansion and key not in expand) or (
                select and not expansion and key not in select
            ):
                continue
            shown[key] = value
        for name in expand:
            if name in attributes and attributes[name]["expansion"]:
                shown.setdefault(name, None)
        return shown

    @staticmethod
    def _ordered(
        records: list[Record],
        query: Mapping[str, str],
        attributes: Mapping[str, Any],
        container: str | None,
        fields: Mapping[str, Any],
    ) -> list[Record]:
        """Sorted by _orderby's attributes, or fields of the container ("-" descending)."""
        names = [name for name in query.get("_orderby", "").split(",") if name]
        for name in reversed(names):
            key = name.lstrip("-")
            if key in attributes:
                inside = None
            elif container is not None and key in fields:
                inside = container
            else:
                raise ApiError(
                    400, CODE_CONSTRAINT, f"_orderby names an unknown attribute '{key}'"
                )
            records = sorted(
                records,
                key=lambda r: _sort_key(_field(r, inside, key)),
                reverse=name.startswith("-"),
            )
        return records

    def _page(
        self, records: list[Record], query: Mapping[str, str], cap: int = MAX_LIMIT
    ) -> tuple[list[Record], Record]:
        limit = min(_positive(query, "_limit", DEFAULT_LIMIT), cap)
        data: Record = {"Success": True}
        pagination: Record = {
            "TotalRows": len(records),
            "PageSize": limit,
            "TotalPages": math.ceil(len(records) / limit),
        }
        if "_skiptoken" in query:
            token = query["_skiptoken"]
            start = 0
            if token:
                tokens = [_token(r, i) for i, r in enumerate(records)]
                if token not in tokens:
                    raise ApiError(
                        400,
                        CODE_CONSTRAINT,
                        f"_skiptoken {token!r} is not one this server gave",
                    )
                start = tokens.index(token) + 1
            page = records[start : start + limit]
            more = start + limit < len(records)
            data["SkipToken"] = (
                _token(page[-1], start + len(page) - 1) if page and more else None
            )
            pagination["CurrentOffset"] = start
        else:
            number = _positive(query, "_page", 1)
            page = records[(number - 1) * limit : number * limit]
            pagination["CurrentPage"] = number
        mode = query.get("_pagination", "0").lower()
        if mode in ("1", "true", "count"):
            data["Pagination"] = pagination
            if mode == "count":
                page = []
        return page, data


def _positive(query: Mapping[str, str], name: str, default: int) -> int:
    text = query.get(name, "")
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ApiError(
            400, CODE_CONSTRAINT, f"{name} must be a whole number from 1, not {text!r}"
        )
    return int(text)


def _token(record: Record, index: int) -> str:
    """The skip token after a record: its Id, or its position when it has none."""
    return str(record["Id"]) if "Id" in record else str(index)


def _filtered(
    records: list[Record],
    text: str,
    attributes: Mapping[str, Any],
    container: str | None,
    fields: Mapping[str, Any],
) -> list[Record]:
    """The records a SparkQL filter keeps (see ``_filter.py``); 400, 1040 when invalid."""
    try:
        keep = matcher(text, container, {*attributes, *fields})
    except FilterRefused as refused:
        raise ApiError(
            400, CODE_FILTER, refused.message, {"SparkQLErrors": refused.errors}
        ) from None
    return [record for record in records if keep(record)]


def _field(record: Record, container: str | None, key: str) -> Any:
    """A record's attribute, or a field of its container."""
    holder = _object(record.get(container)) if container is not None else record
    return holder.get(key) if holder is not None else None


def _sort_key(value: Any) -> tuple[int, Any]:
    """Numbers (decimals sent as text among them), then text, then nulls; mixed types
    never compare with each other."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return 0, value
    if isinstance(value, str) and _is_decimal(value):
        number = Decimal(value.strip())
        if number.is_finite():
            return 0, number
    if value is None:
        return 2, ""
    return 1, str(value)


# ------------------------------------------------------------------------------ HTTP


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = 1 << 16  # the head and the body leave in one send
    server: _HTTPServer  # pyright: ignore[reportIncompatibleVariableOverride]

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.lock:
                self.server.connections.discard(self.connection)

    def do_GET(self) -> None:
        owner = self.server.owner
        body = self._read_body()
        if body is None:
            self.close_connection = True
            self._send(
                owner.app.error(
                    400, CODE_BAD_BODY, "send the body with a Content-Length"
                )
            )
            return
        fault = owner.draw_fault()
        if fault == "drop" or (
            fault == "slow" and owner.stopping.wait(owner.faults.slow_delay)
        ):
            self.close_connection = True
            return
        reply = owner.fault_reply(fault)
        if reply is None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            reply = owner.app.handle(self.command, self.path, headers, body)
        self._send(reply)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    def _read_body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return None
        length = self.headers.get("Content-Length", "0").strip() or "0"
        if not length.isdigit():
            return None
        return self.rfile.read(int(length))

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        log = self.server.owner.log
        if log is not None:
            log(f"{self.address_string()} {format % args}")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: SparkServer, port: int) -> None:
        self.owner = owner
        self.lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        super().__init__(("127.0.0.1", port), _Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host, which can stall."""
        TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(
            sys.exc_info()[1], OSError
        ):  # a client that went away is no error
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """End kept-alive connections too, so that no request is answered after stop()."""
        with self.lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class SparkServer:
    """The local Spark API on ``127.0.0.1``, run from spec data (see the module docstring).

    Args:
        spec: The spec data (``sparkapi/testing/spec.json``, or what ``sparkgen`` builds).
        tokens: Access token -> role (idx, public, vow, portal or private).
        fixtures: Records to seed, by accessor (``"listings.documents"``) or model name
            (``"ListingDocument"``), instead of the documented list responses.
        records: How many records a collection holds, by accessor or model name: the
            ones it is seeded with, then records made up from the spec (its ``samples``
            where it has them), the same for the same ``seed``.
        seed: The seed of the made-up records.
        faults: Failures to inject; none by default.
        port: The port to listen on; 0 picks a free one (see ``url``).
        log: Called with one line per request; silent when None.
        clients: OAuth 2 client id -> secret, for the sign-in flows (see _auth_desk).
        api_keys: API key -> secret, for the session scheme.
        token_lifetime: Seconds an issued token or session lives (default: the spec's).
        replication: Tokens with the replication role; given, the server plays the
            replication host (pages up to 1000 records, other tokens refused: 1021).
        users: Access token -> its user, for resources kept per user (default: each
            token is a user of its own); two tokens of one user share its records.
        contacts: Access token -> the id of the contact a VOW or portal token signed
            in as; it sees only that contact's records where the spec says whose they are.
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        *,
        tokens: Mapping[str, str],
        fixtures: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        records: Mapping[str, int] | None = None,
        seed: int = 0,
        faults: Faults | None = None,
        port: int = 0,
        log: Callable[[str], None] | None = None,
        clients: Mapping[str, str] | None = None,
        api_keys: Mapping[str, str] | None = None,
        token_lifetime: int | None = None,
        replication: Sequence[str] | None = None,
        users: Mapping[str, str] | None = None,
        contacts: Mapping[str, str] | None = None,
    ) -> None:
        self.app = SparkApp(
            spec,
            tokens=tokens,
            fixtures=fixtures,
            records=records,
            seed=seed,
            clients=clients,
            api_keys=api_keys,
            token_lifetime=token_lifetime,
            replication=replication,
            users=users,
            contacts=contacts,
        )
        self.faults = faults or Faults()
        self.log = log
        self.stopping = threading.Event()
        self._port = port
        self._random = random.Random(self.faults.seed)
        self._random_lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError(
                "the server is not running; call start() or use it in a with block"
            )
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to give a client: ``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        """Listen and answer in a background thread; returns at once."""
        if self._httpd is not None:
            raise RuntimeError("the server is already running")
        self.stopping.clear()
        self._httpd = httpd = _HTTPServer(self, self._port)
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            args=(0.05,),
            name=f"spark-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening, end open connections and slow answers; state is kept."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        httpd.shutdown()
        thread.join()
        self.stopping.set()
        httpd.server_close()
        httpd.close_connections()
        self._httpd = self._thread = None

    def reset(self) -> None:
        """Forget every write, as if the server had just started."""
        self.app.reset()

    @property
    def auth(self) -> AuthDesk:
        """The sign-in side: ``auth.expire()`` ends issued tokens and sessions."""
        return self.app.auth

    def deliver_webhook(
        self,
        name: str,
        url: str,
        *,
        secret: str | bytes | None = None,
        body: Any = None,
        timeout: float = 10.0,
    ) -> int:
        """POST a delivery of the spec's webhook ``name`` to ``url``, as the API would.

        ``body`` is the JSON data of the delivery (the envelope included, where the
        webhook has one); by default its first documented delivery. A signed webhook
        needs ``secret``: the header the spec names carries the body's HMAC. Returns
        the HTTP status the receiver answered with.
        """
        hook = self.app.webhooks.get(name)
        if hook is None:
            known = ", ".join(sorted(self.app.webhooks)) or "none"
            raise KeyError(f"the spec declares no webhook {name!r} (it has: {known})")
        if body is None:
            if not hook["examples"]:
                raise ValueError(
                    f"webhook {name!r} has no documented delivery; pass body"
                )
            body = hook["examples"][0]
        raw = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        signature = hook["signature"]
        if signature is not None:
            if secret is None:
                raise ValueError(f"webhook {name!r} is signed; pass its secret")
            key = secret.encode() if isinstance(secret, str) else secret
            algorithm = {"hmac_sha256": hashlib.sha256, "hmac_sha1": hashlib.sha1}
            digest = hmac.new(key, raw, algorithm[signature["algorithm"]]).digest()
            text = (
                digest.hex()
                if signature["encoding"] == "hex"
                else base64.b64encode(digest).decode()
            )
            headers[signature["header"]] = signature["prefix"] + text
        request = Request(url, data=raw, headers=headers, method="POST")
        try:
            with urlopen(request, timeout=timeout) as answer:
                return int(answer.status)
        except HTTPError as refused:
            return int(refused.code)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- faults

    def draw_fault(self) -> str | None:
        """The fault this request gets, if any; the draws follow the seed in request order."""
        if self.faults.rate <= 0:
            return None
        with self._random_lock:
            if self._random.random() >= self.faults.rate:
                return None
            kind = self._random.choice(self.faults.kinds)
            if kind == "server_error":
                kind = f"server_error:{self._random.choice((500, 502, 503))}"
            return kind

    def fault_reply(self, fault: str | None) -> Reply | None:
        """The answer a rate-limit or server-error fault sends instead of the real one."""
        retry = (("Retry-After", str(self.faults.retry_after)),)
        if fault == "rate_limit":
            return self.app.error(
                429, CODE_RATE_LIMIT, "over the rate limit; retry later", retry
            )
        if fault == "server_error:502":
            return Reply(502, _BAD_GATEWAY_PAGE, (("Content-Type", "text/html"),))
        if fault == "server_error:503":
            return self.app.error(
                503, None, "the service is unavailable; retry later", retry
            )
        if fault == "server_error:500":
            return self.app.error(500, None, "an internal error occurred")
        return None
