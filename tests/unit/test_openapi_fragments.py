"""The OpenAPI YAML assembled from cached per-path and per-schema fragments is byte for
byte the YAML of the whole document, cold, warm, and after a change."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from generator import openapi
from generator.ir import load_project

ROOT = Path(__file__).resolve().parents[2]


def document(spec: Path) -> dict[str, Any]:
    project, diags = load_project(spec)
    assert project is not None, diags.render()
    return openapi.build(project)


def test_fragments_give_the_whole_dump(tmp_path: Path) -> None:
    for spec in (ROOT / "tests" / "golden" / "kitchen_sink" / "spec", ROOT / "spec"):
        doc = document(spec)
        cache = tmp_path / spec.parent.name / "fragments.json"
        whole = openapi.dump(doc)
        assert openapi.dump_cached(doc, cache) == whole  # cold: every fragment dumped
        assert cache.is_file()
        assert openapi.dump_cached(doc, cache) == whole  # warm: every fragment cached
        edited = copy.deepcopy(doc)
        first_path = next(iter(edited["paths"].values()))
        first_path["summary"] = "Edited: a line long enough to wrap, " * 5 + "and a second\nline."
        assert openapi.dump_cached(edited, cache) == openapi.dump(edited)


def test_a_part_shared_by_two_places_is_written_at_both(tmp_path: Path) -> None:
    shared = {"type": "string"}
    doc = {"openapi": "3.1.0", "paths": {"/a": {"x": shared}, "/b": {"x": shared}}}
    assert openapi.dump_cached(doc, tmp_path / "f.json") == openapi.dump(doc)
    assert openapi.dump(doc).count("type: string") == 2 and "&" not in openapi.dump(doc)
