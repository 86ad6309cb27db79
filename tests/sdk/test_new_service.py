"""Adding a service is adding a spec file: its SDK, docs, OpenAPI entries and wire tests follow.

A copy of spec/ gets one more service, a copy of an existing service file under a new
module name, title, accessor and path; ``sparkgen generate`` writes the whole output for it;
then the spec-driven wire test (``test_operations.py``) runs in a subprocess on that spec
(``SPARKGEN_TEST_SPEC``) with the freshly generated ``sparkapi`` first on ``PYTHONPATH``,
and must pass with cases for every operation of the new service. No test code is written
for the new service, which is the point.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator.ir import load_project
from tests.conftest import ROOT, run_cli


def source_service() -> str:
    """The module of a service to copy: the spec's first one with a single mount."""
    project, diagnostics = load_project(ROOT / "spec")
    assert project is not None, diagnostics.render()
    return next(s.module for s in project.services if len(s.mounts) == 1)


MODULE, ACCESSOR, PATH, TITLE = "wish_lists", "wish_lists", "/wishlists", "Wish Lists"


def add_service(spec: Path) -> str:
    """spec/services/wish_lists.yaml: the source file with a new title, accessor and path.

    Model names are global (a name declared twice is an error), so the source's models are
    renamed too, by prefixing ``Wish`` to every model name wherever the file uses it.
    """
    source = spec / "services" / f"{source_service()}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert len(data["mounts"]) == 1, "the copy changes the source's only mount"
    text = source.read_text(encoding="utf-8")
    text = text.replace(f'service: "{data["service"]}"', f'service: "{TITLE}"', 1)
    mount = data["mounts"][0]
    text = text.replace(f"accessor: {mount['accessor']}", f"accessor: {ACCESSOR}", 1)
    old_path = mount["path"]
    # The path's parameters stay (a declared one no path uses is an error): /x/{id}/y -> /wishlists/{id}/y
    new_path = PATH + (old_path[old_path.index("{") - 1 :] if "{" in old_path else "")
    text = text.replace(f"path: {old_path}", f"path: {new_path}", 1)
    for model in sorted(data.get("models") or {}, key=len, reverse=True):
        text = re.sub(rf"\b{model}\b", f"Wish{model}", text)
    (spec / "services" / f"{MODULE}.yaml").write_text(text, encoding="utf-8")
    return new_path


def test_a_copied_service_gets_its_sdk_docs_openapi_and_passing_wire_tests(tmp_path: Path) -> None:
    spec, out = tmp_path / "spec", tmp_path / "out"
    shutil.copytree(ROOT / "spec", spec)
    path = add_service(spec)

    result = run_cli("generate", "--spec", str(spec), "--out", str(out), "--no-cache")
    assert result.exit_code == 0, result.output

    assert (out / "python" / "sparkapi" / "resources" / f"{MODULE}.py").is_file()
    assert (out / "docs" / f"{MODULE}.md").is_file()
    openapi = yaml.safe_load((out / "openapi.yaml").read_text(encoding="utf-8"))
    assert f"/v1{path}" in openapi["paths"]

    project, diagnostics = load_project(spec)
    assert project is not None, diagnostics.render()
    (service,) = [s for s in project.services if s.module == MODULE]
    operations = [op.name for mount in service.mounts for op in mount.operations]
    assert operations

    env = {
        **os.environ,
        "SPARKGEN_TEST_SPEC": str(spec),
        "PYTHONPATH": os.pathsep.join([str(out / "python"), str(ROOT)]),
    }
    where = subprocess.run(
        [sys.executable, "-c", "import sparkapi; print(sparkapi.__file__)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(out / "python"), where.stdout  # the fresh SDK
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/sdk/test_operations.py",
            "-k",
            ACCESSOR,
            "-v",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    passed = set(re.findall(r"::(\w+\[[\w.\-]+\]) PASSED", run.stdout))
    for name in operations:
        assert f"test_documented_call[{ACCESSOR}.{name}]" in passed, run.stdout
        assert f"test_documented_call_async[{ACCESSOR}.{name}]" in passed, run.stdout
    summary = run.stdout.strip().splitlines()[-1]
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}
    assert counts.get("passed", 0) == len(passed) >= 2 * len(operations), summary
    assert not {"failed", "error", "errors", "skipped"} & set(counts), summary
