"""Replication tables from the IR (rendered as ``sparkapi/_replication_schema.py``).

A mount marked ``replicate_by: <timestamp attribute>`` makes its list replicable by
``sparkapi replicate``. Its table has one typed column per attribute of the record and
per field of the record's field container (a listing's StandardFields, flattened), the
primary key (``Id``), an index on the modification timestamp, and ``record_json``: the
whole record as received (unknown attributes and masked values kept). Column types per
dialect come from the attribute's type: decimals NUMERIC, timestamps with time zone,
enums text, lists, maps, models and json as JSON.

The same function answers the validator (``problem``), so a mount that cannot be
replicated is a spec error rather than a broken module.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.model import Attribute, Model, Mount, Operation, Project, Service
from generator.ir.types import (
    AnyType,
    BooleanType,
    DateType,
    DecimalType,
    EnumType,
    IntegerType,
    StringType,
    TimestampType,
    TimeType,
    UsDateType,
)

__all__ = ["Column", "Table", "replication_tables", "table_for", "RECORD_COLUMN", "KEY"]

KEY = "Id"
RECORD_COLUMN = "record_json"

# Column kind -> (SQLite type, PostgreSQL type). The kind also tells the runtime how
# to convert a wire value into the column's value.
DIALECT_TYPES: dict[str, tuple[str, str]] = {
    "text": ("TEXT", "text"),
    "integer": ("INTEGER", "bigint"),
    "decimal": ("NUMERIC", "numeric"),
    "boolean": ("INTEGER", "boolean"),
    "timestamp": ("TEXT", "timestamptz"),
    "date": ("TEXT", "date"),
    "us_date": ("TEXT", "date"),
    "time": ("TEXT", "time"),
    "json": ("TEXT", "jsonb"),
}


@dataclass(frozen=True)
class Column:
    name: str  # snake_case, the attribute's python name
    source: tuple[str, ...]  # wire path in the record: ("Id",) or ("StandardFields", "City")
    kind: str  # a key of DIALECT_TYPES

    @property
    def sqlite_type(self) -> str:
        return DIALECT_TYPES[self.kind][0]

    @property
    def postgresql_type(self) -> str:
        return DIALECT_TYPES[self.kind][1]


@dataclass(frozen=True)
class Table:
    collection: str  # the mount's accessor, e.g. "listings"
    name: str  # the table name: the accessor with dots as underscores
    path: str  # the list's path below the version, e.g. "/listings"
    model: str
    spec_file: str
    columns: tuple[Column, ...]
    timestamp: str  # the column of the modification timestamp
    timestamp_field: str  # its wire name, for _filter
    expansions: tuple[str, ...]
    key: str = "id"  # the primary key column
    key_field: str = KEY
    record_column: str = RECORD_COLUMN

    @property
    def sqlite_ddl(self) -> tuple[str, ...]:
        return self._ddl(0)

    @property
    def postgresql_ddl(self) -> tuple[str, ...]:
        return self._ddl(1)

    def _ddl(self, dialect: int) -> tuple[str, ...]:
        """CREATE TABLE (typed columns, the key, the record as JSON) and the timestamp index."""
        lines = [
            f'"{c.name}" {DIALECT_TYPES[c.kind][dialect]}' + (" NOT NULL PRIMARY KEY" if c.name == self.key else "")
            for c in self.columns
        ]
        lines.append(f'"{self.record_column}" {DIALECT_TYPES["json"][dialect]} NOT NULL')
        return (
            f'CREATE TABLE IF NOT EXISTS "{self.name}" (\n  ' + ",\n  ".join(lines) + "\n)",
            f'CREATE INDEX IF NOT EXISTS "{self.name}_{self.timestamp}" ON "{self.name}" ("{self.timestamp}")',
        )


def _kind(attr_type: AnyType) -> str:
    if isinstance(attr_type, (StringType, EnumType)):
        return "text"
    if isinstance(attr_type, IntegerType):
        return "integer"
    if isinstance(attr_type, DecimalType):
        return "decimal"
    if isinstance(attr_type, BooleanType):
        return "boolean"
    if isinstance(attr_type, TimestampType):
        return "timestamp"
    if isinstance(attr_type, DateType):
        return "date"
    if isinstance(attr_type, UsDateType):
        return "us_date"
    if isinstance(attr_type, TimeType):
        return "time"
    return "json"  # json, list[...], map[...], a model


def _list_operation(mount: Mount) -> Operation | None:
    return next(
        (
            op
            for ep in mount.endpoints
            for op in ep.operations
            if ep.path.rstrip("/") == mount.base_path.rstrip("/") and op.method == "GET" and op.returns.kind == "list" and op.returns.model
        ),
        None,
    )


def table_for(mount: Mount, service: Service, models: dict[str, Model]) -> Table | str:
    """The mount's table, or why it cannot be replicated."""
    op = _list_operation(mount)
    if op is None or op.returns.model not in models:
        return f"mount '{mount.dotted}' is marked replicate_by but has no GET of a list of records at its path"
    if "{" in mount.base_path:
        return f"mount '{mount.dotted}' is marked replicate_by but its path has parameters; only a whole collection can be replicated"
    model = models[op.returns.model]
    if model.attribute(KEY) is None:
        return f"{model.name} has no '{KEY}' attribute to key the replicated records by"
    columns: list[Column] = []
    timestamp: Column | None = None
    for attr in model.attributes:
        inner = models.get(getattr(attr.type, "name", "")) if attr.field_container else None
        members: list[tuple[Attribute, tuple[str, ...]]] = (
            [(a, (attr.wire_name, a.wire_name)) for a in inner.attributes] if inner is not None else [(attr, (attr.wire_name,))]
        )
        for member, source in members:
            column = Column(member.python_name, source, _kind(member.type))
            if member.wire_name == mount.replicate_by and column.kind == "timestamp":
                timestamp = column
            columns.append(column)
    names = [c.name for c in columns]
    clash = sorted({n for n in names if names.count(n) > 1 or n == RECORD_COLUMN})
    if clash:
        return f"{model.name}'s attributes and container fields give the same column name twice: {', '.join(clash)}"
    if timestamp is None:
        return f"replicate_by '{mount.replicate_by}' is not a timestamp attribute of {model.name} or of its field container"
    return Table(
        collection=mount.dotted,
        name=mount.dotted.replace(".", "_"),
        path=mount.base_path,
        model=model.name,
        spec_file=service.spec_file,
        columns=tuple(columns),
        timestamp=timestamp.name,
        timestamp_field=mount.replicate_by,
        expansions=tuple(e.name for e in service.expansions),
        key=next(c.name for c in columns if c.source == (KEY,)),
    )


def replication_tables(project: Project) -> tuple[Table, ...]:
    """Every replicable mount's table, sorted by collection (mounts that do not fit are
    left out here; the validator reports them)."""
    shared = project.shared_models
    tables = []
    for service in project.services:
        models = {**shared, **{m.name: m for m in service.models}}
        for mount in service.mounts:
            if mount.replicate_by:
                table = table_for(mount, service, models)
                if isinstance(table, Table):
                    tables.append(table)
    return tuple(sorted(tables, key=lambda t: t.collection))
