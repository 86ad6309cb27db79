"""A throwaway PostgreSQL cluster for the replication tests: ``initdb`` and ``pg_ctl``
under a temporary directory (as the ``postgres`` user when the tests run as root, which
PostgreSQL refuses to run as). Skipped, with the reason, where PostgreSQL or psycopg is
missing (``.ci/run`` installs Debian's postgresql package)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL replication test did not run")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]'): the PostgreSQL replication test did not run")
    # Not below pytest's tmp_path: its parents are private to root, and the cluster may run
    # as the postgres user.
    root = Path(tempfile.mkdtemp(prefix="sparkapi-postgres-"))
    data = root / "data"
    run_as: dict[str, Any] = {}
    user = "postgres"
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
        os.chown(root, account.pw_uid, account.pw_gid)

        def demote() -> None:
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)

        run_as = {"preexec_fn": demote}
    else:
        user = pwd.getpwuid(os.geteuid()).pw_name
    port = _free_port()
    subprocess.run([initdb, "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8"], check=True, capture_output=True, cwd=root, **run_as)
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c fsync=off"
    subprocess.run([pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"], check=True, capture_output=True, cwd=root, **run_as)
    try:
        yield f"postgresql://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, cwd=root, **run_as)
        shutil.rmtree(root, ignore_errors=True)


