"""Unchanged spec files are not parsed again: their located nodes come from the cache
directory, and the project loaded is the same as without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.ir import Diagnostics, load, load_project

KITCHEN_SINK = Path(__file__).resolve().parents[1] / "golden" / "kitchen_sink" / "spec"


def test_the_cached_load_is_the_same_project_and_parses_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(KITCHEN_SINK, spec)
    cache = tmp_path / "cache"
    plain, _ = load_project(spec)
    first, _ = load_project(spec, cache)
    assert first == plain and (cache / "spec-nodes.pickle").is_file()

    parsed: list[str] = []
    real = load._load_text

    def counting(text: str, display: str, diags: Diagnostics) -> load.Node | None:
        parsed.append(display)
        return real(text, display, diags)

    monkeypatch.setattr(load, "_load_text", counting)
    again, _ = load_project(spec, cache)
    assert again == plain and parsed == []

    target = spec / "services" / "shelves_items.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("description:", "description: Edited.", 1), encoding="utf-8")
    edited, _ = load_project(spec, cache)
    assert [Path(p).name for p in parsed] == ["shelves_items.yaml"]
    assert edited is not None and edited != plain


def test_a_file_with_a_problem_is_not_kept(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(KITCHEN_SINK, spec)
    cache = tmp_path / "cache"
    target = spec / "services" / "shelves_items.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\nservice: twice\n", encoding="utf-8")
    _, diags = load_project(spec, cache)
    _, again = load_project(spec, cache)
    assert diags.errors and again.render() == diags.render()


def test_parsed_services_are_kept_and_an_example_or_shared_change_parses_again(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(Path(__file__).resolve().parents[2] / "spec", spec)
    cache = tmp_path / "cache"
    plain, _ = load_project(spec)
    assert plain is not None
    first, _ = load_project(spec, cache)
    again, _ = load_project(spec, cache)
    assert first == plain and again == plain and (cache / "services.pickle").is_file()

    # An example body the parse of a service read: that service is parsed again.
    example = next(p for p in sorted((spec / "examples").rglob("*.json")) if '": "' in p.read_text(encoding="utf-8"))
    example.write_text(example.read_text(encoding="utf-8").replace('": "', '": "Edited ', 1), encoding="utf-8")
    edited, _ = load_project(spec, cache)
    fresh, _ = load_project(spec)
    assert edited is not None and edited == fresh and edited != plain

    models = sorted((spec / "models").glob("*.yaml"))[0]
    models.write_text(models.read_text(encoding="utf-8").replace("description:", "description: Edited.", 1), encoding="utf-8")
    edited, _ = load_project(spec, cache)
    fresh, _ = load_project(spec)
    assert edited == fresh and edited != plain


def test_a_damaged_entry_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries are unpickled one by one when asked for; one that does not unpickle into a
    node is parsed again, and the project is the same."""
    import pickle

    spec = tmp_path / "spec"
    shutil.copytree(KITCHEN_SINK, spec)
    cache = tmp_path / "cache"
    plain, _ = load_project(spec)
    load_project(spec, cache)
    (cache / "services.pickle").unlink()  # so that every file's nodes are asked for
    path = cache / "spec-nodes.pickle"
    entries = pickle.loads(path.read_bytes())
    damaged = {key: (b"garbage" if i % 2 else pickle.dumps("not a node")) for i, key in enumerate(entries)}
    path.write_bytes(pickle.dumps(damaged))
    parsed: list[str] = []
    real = load._load_text

    def counting(text: str, display: str, diags: Diagnostics) -> load.Node | None:
        parsed.append(display)
        return real(text, display, diags)

    monkeypatch.setattr(load, "_load_text", counting)
    load_project(spec)
    uncached = sorted(parsed)
    parsed.clear()
    again, _ = load_project(spec, cache)
    assert again == plain and sorted(parsed) == uncached  # every damaged entry parsed again
