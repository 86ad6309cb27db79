"""``sparkapi replicate`` against the local server: faults, SIGKILLs, incremental runs,
purge, migrations, clear errors. The replicator runs as a subprocess (the console
script's code) where it is killed; the server runs in this process."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import sparkapi
from sparkapi._replication_schema import TABLES
from sparkapi.testing import Faults, SparkTestServer

TOKEN = "replication-token"
OTHER = "plain-token"
# Records of the big run (faults and kills); the others use SMALL.
BIG = int(os.environ.get("SPARKAPI_REPLICATION_RECORDS", "50000"))
SMALL = 1500
KILLS = 6


def replicate_command(db: Path, *extra: str) -> list[str]:
    code = "import sys; from sparkapi._login import main; sys.exit(main())"
    return [sys.executable, "-c", code, "replicate", "--to", f"sqlite:///{db}", "listings", "--quiet", *extra]


def env(server: SparkTestServer, token: str = TOKEN) -> dict[str, str]:
    return {**os.environ, "SPARK_ACCESS_TOKEN": token, "SPARK_BASE_URL": server.url}


def server_records(server: SparkTestServer) -> dict[str, dict[str, Any]]:
    with server.app.edit("listings") as records:
        return {str(r["Id"]): json.loads(json.dumps(r)) for r in records}


def db_records(db: Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, record_json FROM listings").fetchall()
    held: dict[str, dict[str, Any]] = {}
    for key, text in rows:
        assert key not in held, f"{key} twice"
        held[str(key)] = json.loads(text)
    return held


def assert_same(server: SparkTestServer, db: Path) -> int:
    expected = server_records(server)
    held = db_records(db)
    assert held.keys() == expected.keys(), (
        f"missing {len(expected.keys() - held.keys())}, extra {len(held.keys() - expected.keys())}"
    )
    for key, record in expected.items():
        assert held[key] == record, key
    return len(held)


@pytest.fixture
def small_server() -> Iterator[SparkTestServer]:
    with SparkTestServer(records={"listings": SMALL}, seed=3, tokens={TOKEN: "private", OTHER: "private"}, replication=[TOKEN]) as server:
        yield server


def test_big_pull_survives_faults_and_kills(tmp_path: Path) -> None:
    """BIG listings, 10% of requests failing (429, 5xx, dropped connections), the
    replicator SIGKILLed at random instants KILLS times: the database ends equal."""
    faults = Faults(rate=0.1, seed=11, kinds=("rate_limit", "server_error", "drop", "slow"), slow_delay=0.05, retry_after=0)
    db = tmp_path / "mls.db"
    rng = random.Random(19)
    with SparkTestServer(records={"listings": BIG}, seed=1, tokens={TOKEN: "private"}, replication=[TOKEN], faults=faults) as server:
        expected_count = len(server_records(server))
        kills = 0
        while kills < KILLS:
            process = subprocess.Popen(replicate_command(db), env=env(server), stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.2, 1.2))
            if process.poll() is not None:
                break  # finished before this kill
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
        done = subprocess.run(replicate_command(db, "--json"), env=env(server), capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert kills == KILLS or BIG < 50000, "the run finished before every kill: raise BIG"
        assert summary["resumed"] is True or kills < KILLS
        assert assert_same(server, db) == expected_count == BIG
        # One more run is incremental and changes nothing.
        again = subprocess.run(replicate_command(db, "--json"), env=env(server), capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["inserted"] == 0
        assert assert_same(server, db) == BIG


def test_incremental_and_purge(small_server: SparkTestServer, tmp_path: Path) -> None:
    db = tmp_path / "mls.db"
    client = small_server.client(TOKEN)
    first = sparkapi.replicate(client, to=f"sqlite:///{db}", collection="listings")
    assert (first.fetched, first.inserted, first.updated) == (SMALL, SMALL, 0)
    now = datetime.now(timezone.utc).isoformat()
    with small_server.app.edit("listings") as records:
        for record in records[10:20]:  # modified
            record["StandardFields"]["City"] = "Changed"
            record["StandardFields"]["ModificationTimestamp"] = now
        del records[100:105]  # deleted
        for n in range(3):  # added
            added = json.loads(json.dumps(records[0]))
            added["Id"] = f"2099{n:022d}"
            added["StandardFields"]["ModificationTimestamp"] = now
            records.append(added)
    second = sparkapi.replicate(client, to=f"sqlite:///{db}", collection="listings", purge=True)
    assert second.incremental and second.since and "ModificationTimestamp Ge" in second.since
    assert second.deleted == 5
    assert second.inserted == 3
    assert assert_same(small_server, db) == SMALL - 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM listings WHERE city = 'Changed'").fetchone() == (10,)


def test_typed_columns(small_server: SparkTestServer, tmp_path: Path) -> None:
    db = tmp_path / "mls.db"
    sparkapi.replicate(small_server.client(TOKEN), to=f"sqlite:///{db}")
    record = server_records(small_server)
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM listings WHERE modification_timestamp IS NOT NULL LIMIT 1").fetchone()
        types = {r[1]: r[2] for r in conn.execute("PRAGMA table_info(listings)")}
        indexes = [r[1] for r in conn.execute("PRAGMA index_list(listings)")]
    source = record[row["id"]]["StandardFields"]
    assert types["list_price"] == "NUMERIC" and types["year_built"] == "INTEGER" and types["record_json"] == "TEXT"
    assert "listings_modification_timestamp" in indexes
    assert str(row["city"]) == source["City"]
    stamp = datetime.fromisoformat(source["ModificationTimestamp"]).astimezone(timezone.utc)
    assert row["modification_timestamp"] == stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert [c.name for c in TABLES["listings"].columns] == [n for n in types if n != "record_json"]


def test_migrates_forward_without_dropping(small_server: SparkTestServer, tmp_path: Path) -> None:
    """An older table (fewer columns, one the spec no longer has) gains the new columns."""
    db = tmp_path / "mls.db"
    with sqlite3.connect(db) as conn:
        conn.execute('CREATE TABLE listings ("id" TEXT NOT NULL PRIMARY KEY, "city" TEXT, "retired" TEXT, "record_json" TEXT NOT NULL)')
        conn.execute("INSERT INTO listings VALUES ('old-1', 'Fargo', 'kept', '{}')")
    sparkapi.replicate(small_server.client(TOKEN), to=f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        names = [r[1] for r in conn.execute("PRAGMA table_info(listings)")]
        assert conn.execute("SELECT retired FROM listings WHERE id = 'old-1'").fetchone() == ("kept",)
        assert conn.execute("SELECT count(*) FROM listings").fetchone() == (SMALL + 1,)
    assert {c.name for c in TABLES["listings"].columns} <= set(names) and "retired" in names


def test_clear_errors(small_server: SparkTestServer, tmp_path: Path) -> None:
    db = tmp_path / "mls.db"
    refused = subprocess.run(replicate_command(db), env=env(small_server, OTHER), capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "code 1021" in refused.stderr and "Traceback" not in refused.stderr
    unreachable = subprocess.run(
        [*replicate_command(db)[:-4], "--to", "postgresql://nobody@127.0.0.1:1/none", "listings", "--quiet"],
        env=env(small_server), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert unreachable.returncode == 1 and unreachable.stderr.count("\n") == 1, unreachable.stderr
    assert "Traceback" not in unreachable.stderr
    bad_dir = subprocess.run(
        [*replicate_command(db)[:-4], "--to", f"sqlite:///{tmp_path}/no/such/dir/x.db", "listings"],
        env=env(small_server), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad_dir.returncode == 1 and "cannot open the database" in bad_dir.stderr and "Traceback" not in bad_dir.stderr


def test_bad_filter_is_one_line() -> None:
    """A filter the API refuses (code 1040) ends the run with one line."""
    error = sparkapi.BadRequestError("Invalid filter: unknown field 'Citty'", code=1040, status_code=400)

    class Refusing:
        def request(self, method: str, path: str, *, params: Any = None) -> Any:
            raise error

    with pytest.raises(sparkapi.ReplicationError, match="filter was refused .code 1040"):
        sparkapi.replicate(Refusing(), to="sqlite:///:memory:", filter="Citty Eq 'x'")


def test_unknown_collection() -> None:
    with pytest.raises(sparkapi.ReplicationError, match="not a replicable collection"):
        sparkapi.replicate(object(), to="sqlite:///:memory:", collection="carts")


def test_postgresql(small_server: SparkTestServer, postgres_url: str, tmp_path: Path) -> None:
    """The same replication into a real PostgreSQL server, typed: numeric, timestamptz,
    jsonb; a kill mid-run and a second run leave every record once."""
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS listings")
        conn.execute("DROP TABLE IF EXISTS sparkapi_replication")
    command = [*replicate_command(tmp_path / "unused.db")[:-4], "--to", postgres_url, "listings", "--quiet", "--limit", "50"]
    process = subprocess.Popen(command, env=env(small_server))
    time.sleep(0.8)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = subprocess.run([*command, "--json"], env=env(small_server), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = server_records(small_server)
    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute("SELECT id, record_json FROM listings").fetchall()
        assert len(rows) == len({r[0] for r in rows}) == len(expected)
        for key, record in rows:
            assert record == expected[key]
        types: dict[str, str] = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'listings'").fetchall())
        assert types["list_price"] == "numeric"
        assert types["modification_timestamp"] == "timestamp with time zone"
        assert types["record_json"] == "jsonb"
        assert types["year_built"] == "bigint"
        stamp = conn.execute("SELECT modification_timestamp FROM listings WHERE modification_timestamp IS NOT NULL LIMIT 1").fetchone()
        assert stamp is not None and stamp[0].tzinfo is not None


def test_sparkgen_serve_plays_the_replication_host(tmp_path: Path) -> None:
    """`sparkgen serve --replication-token`: pages of up to 1000 records for that token,
    code 1021 for the others; and the console summary is one line."""
    from generator.serve import SparkServer
    from tests.conftest import run_cli
    from tests.serve.conftest import load_spec

    assert "--replication-token" in run_cli("serve", "--help").output
    server = SparkServer(load_spec(), {TOKEN: "private", OTHER: "private"}, records={"listings": 1200}, replication=[TOKEN])
    server.start()
    try:
        with sparkapi.SparkClient(TOKEN, base_url=server.url) as client:
            result = sparkapi.replicate(client, to=f"sqlite:///{tmp_path / 'a.db'}", limit=5000)
        assert (result.fetched, result.pages) == (1200, 2)
        with sparkapi.SparkClient(OTHER, base_url=server.url) as client:
            with pytest.raises(sparkapi.ReplicationError, match="code 1021"):
                sparkapi.replicate(client, to=f"sqlite:///{tmp_path / 'b.db'}")
        summary = subprocess.run(
            replicate_command(tmp_path / "a.db")[:-1], capture_output=True, text=True, timeout=60,
            env={**os.environ, "SPARK_ACCESS_TOKEN": TOKEN, "SPARK_BASE_URL": server.url},
        )  # fmt: skip
        assert summary.returncode == 0, summary.stderr
        assert summary.stdout.startswith("listings: fetched ") and summary.stdout.count("\n") == 1
        assert "deleted 0, retries 0" in summary.stdout
    finally:
        server.stop()


def test_progress_bar_and_max_rate(small_server: SparkTestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the rich bar shows records and rate; --max-rate spaces requests
    (checked by the waits asked for, never by the clock)."""
    import io

    from sparkapi import _replication

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    bar = _replication._Progress(True)
    assert bar.bar is not None, "rich is in the test environment"
    bar(0, 3000)
    bar(1500, 3000)
    bar.close()
    assert "records/s" in screen.getvalue()
    waits: list[float] = []
    monkeypatch.setattr("sparkapi._replication.time.sleep", waits.append)
    result = sparkapi.replicate(small_server.client(TOKEN), to=f"sqlite:///{tmp_path / 'r.db'}", limit=500, max_rate=2.0)
    assert result.pages == 3
    # Four requests (the count, three pages): three waits, each at most 0.5 s per request
    # scheduled before it (the fake sleep does not let time pass).
    assert len(waits) == 3 and all(0 < w <= 0.5 * (i + 1) for i, w in enumerate(waits))
