"""``pip install ./generated/python`` works in a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import ROOT


def test_generated_sdk_installs_into_a_fresh_venv(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT / "generated" / "python")],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    probe = "import sparkapi, importlib.resources as r; print(sparkapi.__version__, r.files('sparkapi').joinpath('py.typed').is_file(), sparkapi.SparkClient.__module__)"
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0.1.0", "True", "sparkapi._client"]
    assert sys.version_info >= (3, 11)
