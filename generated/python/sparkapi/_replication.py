# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_replication.py; edit it there.
"""``sparkapi replicate``: copy a replicable collection into SQLite or PostgreSQL.

The tables come from the spec (``sparkapi/_replication_schema.py``): one typed column
per attribute of the record and per field of its field container, the primary key, an
index on the modification timestamp, and the whole record as received in one JSON
column. An existing database is migrated forward (``ADD COLUMN``); nothing is dropped.

Exactly once, resumable: pages are read with ``_skiptoken`` (the first request with an
empty one, then the ``SkipToken`` of each answer), and each page's rows and the
checkpoint (the next skip token, the high-water modification timestamp, the counts)
are committed in one transaction. A run killed at any instant resumes where its last
commit left it when the same command runs again. A finished run remembers its
high-water mark; the next run asks only for records modified since then, less a safety
margin (a ``_filter`` on the timestamp), and upserts them. ``purge`` reads every key
the API still returns and deletes the rows it no longer does, in batches.

Failed requests are retried by the client (429, 5xx, dropped connections, with
backoff); a page that still fails is retried here, never the whole pull.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sqlite3
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping, Protocol, Sequence, cast

import orjson

from sparkapi._constants import ENVELOPE, MASKED_WIRE
from sparkapi._exceptions import APIConnectionError, SparkAPIError
from sparkapi._models import BOOLEAN, DATE, TIME, TIMESTAMP, US_DATE
from sparkapi._replication_schema import TABLES
from sparkapi._replication_types import Table
from sparkapi._transport import capture_responses

__all__ = [
    "REPLICATION_HOST",
    "REPLICATION_MAX_LIMIT",
    "ReplicationError",
    "ReplicationResult",
    "replicate",
    "replicable_collections",
]

REPLICATION_HOST = "https://replication.sparkapi.com"
REPLICATION_MAX_LIMIT = 1000  # records per page for a key with the replication role
STATE_TABLE = "sparkapi_replication"
DEFAULT_SAFETY_MARGIN = timedelta(minutes=10)
PURGE_BATCH = 500
PAGE_ATTEMPTS = 5  # tries of one page after the client's own retries gave up
CODE_REPLICATION_ROLE = 1021
FILTER_CODES = range(2000, 3000)
CODE_BAD_FILTER = (1040, 1041)


class ReplicationError(Exception):
    """A failure worth one line to the user (no traceback): bad role, bad filter,
    unreachable database, unknown collection."""


@dataclass
class ReplicationResult:
    """What a run did; ``to_dict()`` is what ``--json`` prints."""

    collection: str
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    retries: int = 0
    pages: int = 0
    resumed: bool = False
    incremental: bool = False
    since: str | None = None
    elapsed: float = 0.0
    high_water: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        return (
            f"{self.collection}: fetched {self.fetched}, inserted {self.inserted}, "
            f"updated {self.updated}, deleted {self.deleted}, retries {self.retries}, "
            f"elapsed {self.elapsed:.1f} s"
        )


def replicable_collections() -> list[str]:
    return sorted(TABLES)


class _Client(Protocol):
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
    ) -> Any: ...


# ------------------------------------------------------------------ values -> columns


def _timestamp(value: Any) -> datetime | None:
    try:
        return TIMESTAMP.decode(value).astimezone(timezone.utc)
    except (ValueError, TypeError, AttributeError):
        return None


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _convert(kind: str, value: Any, postgres: bool) -> Any:
    """A wire value as its column's value; None for null, masked or unreadable values
    (the record's JSON column keeps them as they came)."""
    if value is None or value == MASKED_WIRE:
        return None
    try:
        if kind == "text":
            return value if isinstance(value, str) else json.dumps(value)
        if kind == "integer":
            if isinstance(value, bool):
                return None
            return int(value) if not isinstance(value, str) else int(value.strip())
        if kind == "decimal":
            if isinstance(value, bool):
                return None
            number = Decimal(value.strip() if isinstance(value, str) else str(value))
            if not number.is_finite():
                return None
            return number if postgres else str(number)
        if kind == "boolean":
            flag = BOOLEAN.decode(value)
            return flag if postgres else int(flag)
        if kind == "timestamp":
            moment = _timestamp(value)
            return moment if postgres or moment is None else _iso(moment)
        if kind == "date":
            day = DATE.decode(value)
            return day if postgres else day.isoformat()
        if kind == "us_date":
            day = US_DATE.decode(value)
            return day if postgres else day.isoformat()
        if kind == "time":
            moment_of_day = TIME.decode(value)
            return moment_of_day if postgres else moment_of_day.isoformat()
    except (ValueError, TypeError, InvalidOperation, AttributeError):
        return None
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)  # json


def _source(record: Mapping[str, Any], source: tuple[str, ...]) -> Any:
    value: Any = record
    for key in source:
        if not isinstance(value, dict):
            return None
        value = cast(dict[str, Any], value).get(key)
    return value


def _records(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The Results of a page that are records (objects)."""
    results: Any = data.get("Results") or []
    return [cast(dict[str, Any], r) for r in results if isinstance(r, dict)]


# ------------------------------------------------------------------ the databases


class _Database:
    """One connection and its dialect: SQLite (stdlib) or PostgreSQL (psycopg 3)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.postgres = url.startswith(("postgresql://", "postgres://"))
        self.mark = "%s" if self.postgres else "?"
        try:
            if self.postgres:
                try:
                    psycopg = importlib.import_module("psycopg")
                except ImportError:
                    raise ReplicationError(
                        "PostgreSQL needs psycopg 3: pip install 'sparkapi[postgresql]'"
                    ) from None
                self._json_type: Any = importlib.import_module(
                    "psycopg.types.json"
                ).Jsonb
                self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
                self.conn: Any = psycopg.connect(url)
            elif url.startswith("sqlite:///"):
                self.errors = (sqlite3.Error,)
                path = url.removeprefix("sqlite:///")
                self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            else:
                raise ReplicationError(
                    f"--to must be sqlite:///<file> or postgresql://..., not {url!r}"
                )
        except ReplicationError:
            raise
        except Exception as exc:
            raise ReplicationError(
                f"cannot open the database {_redacted(url)}: {_one_line(exc)}"
            ) from None

    def begin(self) -> None:
        if not self.postgres:
            self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.postgres:
            self.conn.commit()
        else:
            self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.postgres:
            self.conn.rollback()
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.conn.cursor()
        cursor.execute(sql.replace("?", self.mark), tuple(params))
        rows: list[tuple[Any, ...]] = (
            list(cursor.fetchall()) if cursor.description is not None else []
        )
        cursor.close()
        return rows

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cursor = self.conn.cursor()
            cursor.executemany(sql.replace("?", self.mark), [tuple(r) for r in rows])
            cursor.close()

    def json(self, value: Any) -> Any:
        if self.postgres:
            return self._json_type(value)
        return orjson.dumps(value).decode()

    def close(self) -> None:
        self.conn.close()

    def columns_of(self, table: str) -> set[str]:
        if self.postgres:
            rows = self.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                (table,),
            )
            return {str(r[0]) for r in rows}
        return {str(r[1]) for r in self.execute(f'PRAGMA table_info("{table}")')}

    def migrate(self, table: Table) -> None:
        """Create the table, its index and the checkpoint table; add the columns the
        spec gained since (never drops one)."""
        self.begin()
        try:
            ddl = table.postgresql_ddl if self.postgres else table.sqlite_ddl
            self.execute(ddl[0])
            have = self.columns_of(table.name)
            for column in table.columns:
                if column.name not in have:
                    kind = (
                        column.postgresql_type if self.postgres else column.sqlite_type
                    )
                    self.execute(
                        f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}'
                    )
            for statement in ddl[1:]:
                self.execute(statement)
            self.execute(
                f'CREATE TABLE IF NOT EXISTS "{STATE_TABLE}" ('
                "collection TEXT NOT NULL PRIMARY KEY, query TEXT NOT NULL, "
                "run_filter TEXT, skip_token TEXT, in_progress INTEGER NOT NULL, "
                "run_high_water TEXT, high_water TEXT, total INTEGER, "
                "fetched INTEGER NOT NULL, inserted INTEGER NOT NULL, "
                "updated INTEGER NOT NULL, pages INTEGER NOT NULL)"
            )
            self.commit()
        except BaseException:
            self.rollback()
            raise


def _redacted(url: str) -> str:
    """The URL without a password."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        return f"{scheme}{sep}{credentials.split(':')[0]}:***@{host}"
    return url


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# ------------------------------------------------------------------ the run


@dataclass
class _State:
    query: str
    run_filter: str | None = None
    skip_token: str | None = None
    in_progress: bool = False
    run_high_water: str | None = None
    high_water: str | None = None
    total: int | None = None
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    pages: int = 0
    fresh: bool = field(default=True, repr=False)

    _COLUMNS = (
        "query", "run_filter", "skip_token", "in_progress", "run_high_water",
        "high_water", "total", "fetched", "inserted", "updated", "pages",
    )  # fmt: skip

    def values(self) -> list[Any]:
        return [
            self.query, self.run_filter, self.skip_token, int(self.in_progress),
            self.run_high_water, self.high_water, self.total, self.fetched,
            self.inserted, self.updated, self.pages,
        ]  # fmt: skip


def _load_state(db: _Database, collection: str, query: str) -> _State:
    names = ", ".join(_State._COLUMNS)  # pyright: ignore[reportPrivateUsage]
    rows = db.execute(
        f'SELECT {names} FROM "{STATE_TABLE}" WHERE collection = ?', (collection,)
    )
    if not rows:
        return _State(query)
    r = rows[0]
    return _State(
        str(r[0]), r[1], r[2], bool(r[3]), r[4], r[5], r[6],
        int(r[7]), int(r[8]), int(r[9]), int(r[10]), fresh=False,
    )  # fmt: skip


def _save_state(db: _Database, collection: str, state: _State) -> None:
    """Within the caller's transaction."""
    names = _State._COLUMNS  # pyright: ignore[reportPrivateUsage]
    if state.fresh:
        marks = ", ".join("?" for _ in range(len(names) + 1))
        db.execute(
            f'INSERT INTO "{STATE_TABLE}" (collection, {", ".join(names)}) VALUES ({marks})',
            [collection, *state.values()],
        )
        state.fresh = False
    else:
        sets = ", ".join(f"{n} = ?" for n in names)
        db.execute(
            f'UPDATE "{STATE_TABLE}" SET {sets} WHERE collection = ?',
            [*state.values(), collection],
        )


class _Pacer:
    """At most ``rate`` requests per second (None: no limit)."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.next = time.monotonic()

    def wait(self) -> None:
        if self.interval:
            now = time.monotonic()
            if now < self.next:
                time.sleep(self.next - now)
            self.next = max(now, self.next) + self.interval


class _Fetcher:
    """GETs of the collection's path: the client's retries, then a few of its own."""

    def __init__(
        self, client: _Client, path: str, pacer: _Pacer, result: ReplicationResult
    ) -> None:
        self.client = client
        self.path = path
        self.pacer = pacer
        self.result = result

    def get(self, params: Mapping[str, Any]) -> dict[str, Any]:
        for attempt in range(PAGE_ATTEMPTS):
            self.pacer.wait()
            with capture_responses() as responses:
                try:
                    self.client.request("GET", self.path, params=params)
                except APIConnectionError:
                    self.result.retries += max(len(responses), 1)
                    if attempt == PAGE_ATTEMPTS - 1:
                        raise
                    time.sleep(min(2.0**attempt, 30.0))
                    continue
                except SparkAPIError as exc:
                    status = exc.status_code
                    if status is not None and (status >= 500 or status == 429):
                        self.result.retries += max(len(responses), 1)
                        if attempt == PAGE_ATTEMPTS - 1:
                            raise
                        time.sleep(min(2.0**attempt, 30.0))
                        continue
                    raise
            self.result.retries += len(responses) - 1
            data: dict[str, Any] = orjson.loads(responses[-1].content)[ENVELOPE]
            return data
        raise AssertionError("unreachable")


def _combine(base: str | None, since: str | None, field_name: str) -> str | None:
    if since is None:
        return base
    clause = f"{field_name} Ge {since}"
    return f"({base}) And {clause}" if base else clause


def replicate(
    client: Any,
    *,
    to: str,
    collection: str = "listings",
    filter: str | None = None,
    select: Sequence[str] | str | None = None,
    expand: Sequence[str] | str | None = None,
    purge: bool = False,
    full: bool = False,
    limit: int = REPLICATION_MAX_LIMIT,
    max_rate: float | None = None,
    safety_margin: timedelta = DEFAULT_SAFETY_MARGIN,
    progress: Callable[[int, int | None], None] | None = None,
) -> ReplicationResult:
    """Copy ``collection`` into the database at ``to`` (``sqlite:///mls.db`` or
    ``postgresql://...``); see the module docstring.

    Args:
        client: A ``SparkClient`` (for bulk keys, on ``REPLICATION_HOST``).
        to: The database URL.
        collection: A replicable collection (``replicable_collections()``).
        filter: A SparkQL ``_filter`` narrowing what is copied.
        select: Fields to copy (``_select``); the others stay NULL.
        expand: Expansions to copy (``_expand``, e.g. ``Photos``).
        purge: Afterwards, delete rows whose records the API no longer returns.
        full: Pull everything, even when an earlier run finished.
        limit: Records per page (at most the replication maximum, 1000).
        max_rate: At most this many requests per second.
        safety_margin: How far before the last run's high-water mark an incremental
            run starts.
        progress: Called after each page with the records fetched so far and the total
            (when known).
    """
    table = TABLES.get(collection)
    if table is None:
        known = ", ".join(replicable_collections()) or "none"
        raise ReplicationError(
            f"'{collection}' is not a replicable collection (replicable: {known})"
        )
    started = time.monotonic()
    result = ReplicationResult(collection)
    base_query: dict[str, str] = {}
    if filter:
        base_query["_filter"] = filter
    joined_select = (
        select if isinstance(select, str) or select is None else ",".join(select)
    )
    joined_expand = (
        expand if isinstance(expand, str) or expand is None else ",".join(expand)
    )
    if joined_select:
        base_query["_select"] = joined_select
    if joined_expand:
        base_query["_expand"] = joined_expand
    query_key = json.dumps(base_query, sort_keys=True)
    db = _Database(to)
    try:
        try:
            db.migrate(table)
            state = _load_state(db, collection, query_key)
        except db.errors as exc:
            raise ReplicationError(
                f"the database {_redacted(to)} failed: {_one_line(exc)}"
            ) from None
        fetcher = _Fetcher(client, table.path, _Pacer(max_rate), result)
        try:
            _pull(db, table, state, base_query, query_key, fetcher, result, full=full,
                  limit=limit, margin=safety_margin, progress=progress)  # fmt: skip
            if purge:
                result.deleted = _purge(db, table, base_query, fetcher, limit)
        except SparkAPIError as exc:
            raise _explained(exc) from None
        except db.errors as exc:
            raise ReplicationError(
                f"the database {_redacted(to)} failed: {_one_line(exc)}"
            ) from None
    finally:
        db.close()
    result.elapsed = time.monotonic() - started
    return result


def _explained(exc: SparkAPIError) -> ReplicationError:
    code = exc.code
    if code == CODE_REPLICATION_ROLE:
        return ReplicationError(
            f"this key has no replication role, or must use {REPLICATION_HOST} "
            f"(code {code}): {exc.message}"
        )
    if code in CODE_BAD_FILTER or (code is not None and code in FILTER_CODES):
        return ReplicationError(f"the filter was refused (code {code}): {exc.message}")
    return ReplicationError(
        f"the API refused the request (code {code}, HTTP {exc.status_code}): {exc.message}"
    )


def _pull(
    db: _Database,
    table: Table,
    state: _State,
    base_query: Mapping[str, str],
    query_key: str,
    fetcher: _Fetcher,
    result: ReplicationResult,
    *,
    full: bool,
    limit: int,
    margin: timedelta,
    progress: Callable[[int, int | None], None] | None,
) -> None:
    if state.in_progress and state.query == query_key:
        result.resumed = True
    else:
        since = None
        last = (
            _timestamp(state.high_water)
            if state.high_water and state.query == query_key
            else None
        )
        if last is not None and not full:
            since = _iso(last - margin).replace(".000000Z", "Z")
        state.query = query_key
        state.run_filter = _combine(
            base_query.get("_filter"), since, table.timestamp_field
        )
        state.skip_token = ""
        state.in_progress = True
        state.run_high_water = state.high_water if since else None
        state.fetched = state.inserted = state.updated = state.pages = 0
        query = {**base_query, "_pagination": "count", "_limit": "1"}
        if state.run_filter:
            query["_filter"] = state.run_filter
        counted = fetcher.get(query).get("Pagination")
        state.total = (
            int(counted["TotalRows"])  # pyright: ignore[reportUnknownArgumentType]
            if isinstance(counted, dict) and "TotalRows" in counted
            else None
        )
        db.begin()
        _save_state(db, table.collection, state)
        db.commit()
    result.incremental = state.run_filter != base_query.get("_filter")
    result.since = state.run_filter if result.incremental else None
    columns = [c.name for c in table.columns] + [table.record_column]
    quoted = ", ".join(f'"{n}"' for n in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in columns if n != table.key)
    upsert = (
        f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks}) '
        f'ON CONFLICT ("{table.key}") DO UPDATE SET {updates}'
    )
    if progress is not None:
        progress(state.fetched, state.total)
    while state.in_progress:
        params: dict[str, Any] = {
            **base_query,
            "_skiptoken": state.skip_token or "",
            "_limit": str(limit),
        }
        if state.run_filter:
            params["_filter"] = state.run_filter
        data = fetcher.get(params)
        records = _records(data)
        token = data.get("SkipToken")
        rows, keys, high = _rows(db, table, records)
        db.begin()
        try:
            existing = _existing(db, table, keys)
            db.executemany(upsert, rows)
            fresh_keys = set(keys)
            state.inserted += len(fresh_keys - existing)
            state.updated += len(fresh_keys & existing)
            state.fetched += len(records)
            state.pages += 1
            if high is not None and (
                state.run_high_water is None or high > state.run_high_water
            ):
                state.run_high_water = high
            if token and records:
                state.skip_token = str(token)
            else:
                state.in_progress = False
                state.skip_token = None
                state.high_water = state.run_high_water or state.high_water
            _save_state(db, table.collection, state)
            db.commit()
        except BaseException:
            db.rollback()
            raise
        result.pages += 1
        if progress is not None:
            progress(state.fetched, state.total)
    result.fetched, result.inserted, result.updated = (
        state.fetched,
        state.inserted,
        state.updated,
    )
    result.high_water = state.high_water


def _rows(
    db: _Database, table: Table, records: list[dict[str, Any]]
) -> tuple[list[list[Any]], list[str], str | None]:
    """The rows of a page (in the table's column order, then the record's JSON), their
    keys, and the newest modification timestamp among them."""
    rows: list[list[Any]] = []
    keys: list[str] = []
    high: str | None = None
    postgres = db.postgres
    # (attribute, field of it or None, kind) per column: one or two dict lookups each.
    getters = [
        (c.source[0], c.source[1] if len(c.source) > 1 else None, c.kind)
        for c in table.columns
    ]
    containers = sorted({outer for outer, inner, _ in getters if inner is not None})
    key_index = [c.name for c in table.columns].index(table.key)
    stamp = next(c for c in table.columns if c.name == table.timestamp)
    for record in records:
        key = record.get(table.key_field)
        if key is None:
            continue
        holders: dict[str, dict[str, Any]] = {}
        for name in containers:
            holder = record.get(name)
            holders[name] = (
                cast(dict[str, Any], holder) if isinstance(holder, dict) else {}
            )
        row: list[Any] = []
        for outer, inner, kind in getters:
            value = record.get(outer) if inner is None else holders[outer].get(inner)
            if value is None or value == MASKED_WIRE:
                row.append(None)
            elif kind == "text" and value.__class__ is str:
                row.append(value)
            else:
                row.append(_convert(kind, value, postgres))
        row[key_index] = str(key)
        row.append(db.json(record))
        keys.append(str(key))
        moment = _timestamp(_source(record, stamp.source))
        if moment is not None:
            text = _iso(moment)
            high = text if high is None or text > high else high
        rows.append(row)
    return rows, keys, high


def _existing(db: _Database, table: Table, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), PURGE_BATCH):
        chunk = keys[start : start + PURGE_BATCH]
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(
            f'SELECT "{table.key}" FROM "{table.name}" WHERE "{table.key}" IN ({marks})',
            chunk,
        )
        found.update(str(r[0]) for r in rows)
    return found


def _purge(
    db: _Database,
    table: Table,
    base_query: Mapping[str, str],
    fetcher: _Fetcher,
    limit: int,
) -> int:
    """Every key the API returns now (the timestamp field only), then delete the rows it
    no longer returns, ``PURGE_BATCH`` per transaction. A failure while reading keys
    deletes nothing."""
    alive: set[str] = set()
    token = ""
    params: dict[str, Any] = {"_select": table.timestamp_field, "_limit": str(limit)}
    if "_filter" in base_query:
        params["_filter"] = base_query["_filter"]
    while True:
        data = fetcher.get({**params, "_skiptoken": token})
        records = _records(data)
        alive.update(
            str(r[table.key_field])
            for r in records
            if r.get(table.key_field) is not None
        )
        next_token = data.get("SkipToken")
        if not next_token or not records:
            break
        token = str(next_token)
    held = [str(r[0]) for r in db.execute(f'SELECT "{table.key}" FROM "{table.name}"')]
    gone = [key for key in held if key not in alive]
    for start in range(0, len(gone), PURGE_BATCH):
        chunk = gone[start : start + PURGE_BATCH]
        marks = ", ".join("?" for _ in chunk)
        db.begin()
        try:
            db.execute(
                f'DELETE FROM "{table.name}" WHERE "{table.key}" IN ({marks})', chunk
            )
            db.commit()
        except BaseException:
            db.rollback()
            raise
    return len(gone)


# ------------------------------------------------------------------ the command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "collection", help=f"what to copy: {', '.join(replicable_collections())}"
    )
    parser.add_argument(
        "--to", required=True, help="sqlite:///<file> or postgresql://user@host/db"
    )
    parser.add_argument("--filter", help="a SparkQL _filter narrowing what is copied")
    parser.add_argument("--select", help="comma-separated fields to copy (_select)")
    parser.add_argument(
        "--expand", help="comma-separated expansions to copy (_expand), e.g. Photos"
    )
    parser.add_argument(
        "--purge", action="store_true", help="delete rows the API no longer returns"
    )
    parser.add_argument(
        "--full", action="store_true", help="pull everything, not only what changed"
    )
    parser.add_argument(
        "--limit", type=int, default=REPLICATION_MAX_LIMIT, help="records per page"
    )
    parser.add_argument(
        "--max-rate", type=float, help="at most this many requests per second"
    )
    parser.add_argument(
        "--base-url",
        help=f"the API host (default $SPARK_BASE_URL, else {REPLICATION_HOST})",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bar and no summary"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


class _Progress:
    """A rich progress bar (records, rate, ETA) where rich is installed and stderr is a
    terminal; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.started = time.monotonic()
        self.first: int | None = None
        self.bar: Any = None
        self.task: Any = None
        if enabled and sys.stderr.isatty():
            try:
                rich_progress = importlib.import_module("rich.progress")
                rich_console = importlib.import_module("rich.console")
            except ImportError:
                return
            self.bar = rich_progress.Progress(
                rich_progress.TextColumn("{task.description}"),
                rich_progress.BarColumn(),
                rich_progress.MofNCompleteColumn(),
                rich_progress.TaskProgressColumn(),
                rich_progress.TimeRemainingColumn(),
                console=rich_console.Console(file=sys.stderr),
                transient=True,
            )
            self.bar.start()

    def __call__(self, done: int, total: int | None) -> None:
        if self.bar is None:
            return
        if (
            self.first is None
        ):  # a resumed run's earlier records are not this run's rate
            self.first, self.started = done, time.monotonic()
        rate = (done - self.first) / max(time.monotonic() - self.started, 1e-6)
        if self.task is None:
            self.task = self.bar.add_task("records", total=total)
        self.bar.update(
            self.task, completed=done, total=total, description=f"{rate:,.0f} records/s"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def run_command(args: argparse.Namespace) -> int:
    from sparkapi._client import SparkClient

    progress = _Progress(not args.quiet and not args.json)
    try:
        base_url = args.base_url or os.environ.get("SPARK_BASE_URL") or REPLICATION_HOST
        with SparkClient(base_url=base_url) as client:
            result = replicate(
                client, to=args.to, collection=args.collection, filter=args.filter,
                select=args.select, expand=args.expand, purge=args.purge, full=args.full,
                limit=args.limit, max_rate=args.max_rate, progress=progress,
            )  # fmt: skip
    except ReplicationError as exc:
        progress.close()
        print(f"sparkapi replicate: {exc}", file=sys.stderr)
        return 1
    except (SparkAPIError, APIConnectionError, ValueError) as exc:
        progress.close()
        print(f"sparkapi replicate: {_one_line(exc)}", file=sys.stderr)
        return 1
    progress.close()
    if args.json:
        print(json.dumps(result.to_dict()))
    elif not args.quiet:
        print(result.summary())
    return 0
