"""Golden trees: each case's spec/ must generate exactly its expected/ tree.

After an intended change to templates or generator, rewrite the expected files with
``make golden`` (SPARKGEN_UPDATE_GOLDEN=1) and review the diff like code.

The runtime's verbatim copies are not in the expected trees (a runtime change is
reviewed once, in runtime/): they are checked to be byte-for-byte copies instead.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from generator.cli import TEMPLATES
from generator.coverage import load_catalogue, load_undocumented
from generator.format import format_file
from generator.render import render_project
from generator.ir import load_project
from generator.write import with_manifest

CASES = sorted(p.parent for p in Path(__file__).parent.glob("*/spec"))
UPDATE = os.environ.get("SPARKGEN_UPDATE_GOLDEN") == "1"


ROOT = Path(__file__).resolve().parents[2]


def generate(spec: Path) -> dict[str, str]:
    """The case's output but the runtime's copies, which must be exact copies."""
    project, diags = load_project(spec)
    assert project is not None, diags.render()
    files = [format_file(f) for f in render_project(project, TEMPLATES, load_catalogue(spec), load_undocumented(spec))]
    for copy in files:
        if copy.copied_from is not None:
            assert copy.content == (ROOT / copy.copied_from).read_text(encoding="utf-8"), copy.path
    return {f.path: f.content for f in with_manifest([f for f in files if f.copied_from is None])}


def read_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path) -> None:
    actual = generate(case / "spec")
    expected_dir = case / "expected"
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, content in actual.items():
            target = expected_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
    expected = read_tree(expected_dir)
    assert sorted(actual) == sorted(expected), "files differ; run `make golden` and review"
    for path, content in actual.items():
        if content != expected[path]:
            diff = "".join(difflib.unified_diff(expected[path].splitlines(True), content.splitlines(True), f"expected/{path}", f"actual/{path}"))
            pytest.fail(f"{path} differs from the golden file (`make golden` rewrites it):\n{diff}")


def test_golden_case_covers_the_features() -> None:
    """The kitchen-sink case keeps the features the golden tests promise to cover."""
    project, _ = load_project(Path(__file__).parent / "kitchen_sink" / "spec")
    assert project is not None
    item = next(m for s in project.services for m in s.models if m.name == "Item")
    docs = {a.type.doc for a in item.attributes}
    assert {"string", "integer", "decimal", "boolean", "timestamp", "date", "Condition", "Dimensions", "list of Part", "list of string"} <= docs
    assert {"map of integer", "JSON value", "Supplier", "Region"} <= docs  # map, json, a shared model and enum
    assert {a.writeable for a in item.attributes} == {"yes", "no", "conditional"}
    assert {a.maskable for a in item.attributes} == {True, False}
    assert [g.title for g in project.guides] == ["Count what is on a shelf"]  # spec/guides/*.md
    webhooks = [w for w, _ in project.webhooks]  # signed inside the envelope, and a bare unsigned list
    assert {(w.signature is not None, w.envelope, w.payload.doc.startswith("list")) for w in webhooks} == {(True, True, False), (False, False, True)}
    assert any(op.returns.kind == "map" for s in project.services for m in s.mounts for op in m.operations)
    listed = next(op for s in project.services for r in s.mounts for op in r.operations if op.returns.kind == "list" and op.returns.model == "Item")
    assert "condition" in {q.key for q in listed.query}  # a query parameter of the service's own
    reads = [op for s in project.services for r in s.mounts for op in r.operations if op.method == "GET"]
    assert all("select" in {q.key for q in op.query} for op in reads if op.returns.kind != "none")
    # Shared declarations (two files, one using the other), and the new types inside them.
    assert [m.module for m in project.shared] == ["places", "stock"]
    supplier = project.shared_models["Supplier"]
    assert {a.type.doc for a in supplier.attributes} >= {"time of day", "US date (MM/DD/YYYY)", "Address"}
    # Model-level writeable defaults: a model default, and response_only without per-attribute flags.
    assert supplier.attribute("Name") is not None and supplier.attribute("Name").writeable == "yes"  # type: ignore[union-attr]
    assert all(a.writeable == "no" for a in project.shared_models["Address"].attributes)
    # A path parameter from api.yaml, overridden by a service with the same type.
    assert [p.name for p in project.api.path_parameters] == ["shelf_id"]
    # An example read from a JSON file; an explicit action and a custom one.
    operations = [op for s in project.services for r in s.mounts for op in r.operations]
    get = next(op for op in operations if op.name == "get" and op.returns.model == "Item")
    assert get.examples[0].locations["response.D"].file.endswith("examples/shelves_items/get.json")
    assert {op.action for op in operations} >= {"reorder", "archive", ""}
    endpoints = [e for s in project.services for r in s.mounts for e in r.endpoints]
    assert any(e.not_implemented for e in endpoints)
    assert any(e.path.count("{") == 2 for e in endpoints)
