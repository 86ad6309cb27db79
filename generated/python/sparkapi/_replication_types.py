# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_replication_types.py; edit it there.
"""The shape of a replication table, as ``sparkapi/_replication_schema.py`` (generated
from the spec's mounts marked ``replicate_by``) declares it."""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """One typed column: its name, where its value sits in the record (``("Id",)`` or
    ``("StandardFields", "City")``), its kind (text, integer, decimal, boolean,
    timestamp, date, us_date, time, json) and its SQL type in each dialect."""

    name: str
    source: tuple[str, ...]
    kind: str
    sqlite_type: str
    postgresql_type: str


class Table(NamedTuple):
    """A replicable collection's table and the statements that create it."""

    collection: str  # the accessor, e.g. "listings"
    name: str  # the table's name
    path: str  # the list's path below the version
    model: str
    key: str  # the primary key column
    key_field: str  # its wire name
    timestamp: str  # the modification timestamp column
    timestamp_field: str  # its wire name, as _filter names it
    record_column: str  # the whole record as received, as JSON
    expansions: tuple[str, ...]
    columns: tuple[Column, ...]
    sqlite_ddl: tuple[str, ...]
    postgresql_ddl: tuple[str, ...]
