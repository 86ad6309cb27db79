"""Replication throughput: records per second from the local server into SQLite.

``make bench-replication`` (or ``python -m bench.replication --records 50000``): the
local server (in this process) holds made-up listings and plays the replication host;
``sparkapi replicate`` runs as its own process (the console script's code) into a
fresh SQLite file, once, with no faults. Reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sparkapi.testing import SparkTestServer

TOKEN = "bench-replication-token"


def measure(records: int, limit: int = 1000) -> dict[str, Any]:
    """One replication of ``records`` listings into a fresh SQLite file."""
    built = time.perf_counter()
    with SparkTestServer(records={"listings": records}, seed=1, tokens={TOKEN: "private"}, replication=[TOKEN]) as server:
        built = time.perf_counter() - built
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "mls.db"
            code = "import sys; from sparkapi._login import main; sys.exit(main())"
            command = [sys.executable, "-c", code, "replicate", "--to", f"sqlite:///{db}", "listings", "--json", "--limit", str(limit)]
            env = {**os.environ, "SPARK_ACCESS_TOKEN": TOKEN, "SPARK_BASE_URL": server.url}
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            wall = time.perf_counter() - started
            summary = json.loads(done.stdout)
            size = db.stat().st_size + sum(p.stat().st_size for p in Path(tmp).glob("mls.db-*"))
    return {
        "records": summary["fetched"],
        "pages": summary["pages"],
        "limit": limit,
        "server_built_s": built,
        "wall_s": wall,
        "run_s": summary["elapsed"],
        "records_per_s": summary["fetched"] / wall,
        "db_mib": size / 2**20,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replication", description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--limit", type=int, default=1000, help="records per page")
    args = parser.parse_args()
    m = measure(args.records, args.limit)
    print(f"server with {args.records} listings built in {m['server_built_s']:.1f} s")
    print(
        f"replicated {m['records']} records in {m['wall_s']:.1f} s wall ({m['run_s']:.1f} s in the run, "
        f"{m['pages']} pages of {args.limit}): {m['records_per_s']:,.0f} records/s into SQLite, {m['db_mib']:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
