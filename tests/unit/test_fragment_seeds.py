"""openapi.yaml and the server data are assembled from fragments kept by a hash of their
data; the manifest records each fragment's key, place and text hash, so a fresh clone
(no cache directory) takes unchanged fragments from the committed files. Whatever the
cache or the manifest holds, the output must be exactly a full render's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import openapi, pipeline
from generator.fragments import Fragments, Part, check_of, cut
from generator.ir import load_project
from generator.ir.model import Project
from generator.render import OPENAPI_FILE, SERVE_FILE
from generator.serve.data import serve_json, serve_json_parts
from generator.write import MANIFEST, fragments_on_disk, read_manifest, write

ROOT = Path(__file__).resolve().parents[2]
KITCHEN_SINK = ROOT / "tests" / "golden" / "kitchen_sink" / "spec"


def load(spec: Path) -> Project:
    project, diags = load_project(spec)
    assert project is not None, diags.render()
    return project


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    copy = tmp_path / "spec"
    shutil.copytree(KITCHEN_SINK, copy)
    return copy


def generate(spec: Path, out: Path, cache: Path | None = None, reuse: bool = True) -> dict[str, str]:
    output = pipeline.build(spec, load(spec), cache, out, reuse_rendered=reuse)
    write(out, output.files, output.inputs)
    return {f.path: f.content for f in output.files}


def full(spec: Path, tmp_path: Path) -> dict[str, str]:
    """What a run without any cache or previous output gives."""
    output = pipeline.build(spec, load(spec), None, None)
    return {f.path: f.content for f in output.files}


def edit_description(spec: Path, service: str, text: str) -> None:
    path = spec / "services" / f"{service}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(True)
    index = next(i for i, line in enumerate(lines) if line.startswith("description:"))
    lines[index] = f"description: {text}\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("spec_dir", [KITCHEN_SINK, ROOT / "spec"], ids=["kitchen_sink", "real"])
def test_serve_json_from_fragments_is_the_whole_dump(spec_dir: Path) -> None:
    project = load(spec_dir)
    whole = serve_json(project)
    fragments = Fragments(None)
    text, parts = serve_json_parts(project, fragments)
    assert text == whole
    assert len(parts) == len(project.services)
    assert set(cut(text, parts) or {}) == {p.key for p in parts}
    again, _ = serve_json_parts(project, fragments)  # every fragment known now
    assert again == whole


def test_the_manifest_seeds_a_fresh_clone_and_the_output_is_a_full_render(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(spec, out)
    manifest = read_manifest(out)
    assert manifest.parts[OPENAPI_FILE] and manifest.parts[SERVE_FILE]
    seeds = fragments_on_disk(out)
    assert set(seeds) == {p.key for name in (OPENAPI_FILE, SERVE_FILE) for p in manifest.parts[name]}
    edit_description(spec, "shelves_items", "Items, edited.")
    used: list[int] = []
    real_dump_under = openapi._dump_under

    def counting(*args: object) -> str:
        used.append(1)
        return real_dump_under(*args)  # type: ignore[arg-type]

    openapi._dump_under = counting  # type: ignore[assignment]
    try:
        reused = generate(spec, out)  # no cache directory: a fresh clone
    finally:
        openapi._dump_under = real_dump_under
    assert 0 < len(used) < len(manifest.parts[OPENAPI_FILE]) / 2  # only what the edit reached
    assert reused == full(spec, tmp_path)


def test_a_changed_file_or_a_damaged_manifest_gives_no_seeds(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(spec, out)
    openapi_path = out / OPENAPI_FILE
    openapi_path.write_text(openapi_path.read_text(encoding="utf-8").replace("Shelves", "Shelvez"), encoding="utf-8")
    seeds = fragments_on_disk(out)
    assert not set(seeds) & {p.key for p in read_manifest(out).parts[OPENAPI_FILE]}
    assert set(seeds) == {p.key for p in read_manifest(out).parts[SERVE_FILE]}  # the other file is intact
    generate(spec, out)  # the hand edit is rendered away
    # A manifest whose part lengths were tampered with (the file's hash still matching):
    # the text hashes no longer match, so the file gives nothing.
    manifest = out / MANIFEST
    lines = manifest.read_text(encoding="utf-8").splitlines(True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"# part {OPENAPI_FILE}  "))
    key, skip, length, check = lines[index].split("  ", 1)[1].split()
    lines[index] = f"# part {OPENAPI_FILE}  {key} {skip} {int(length) + 1} {check}\n"
    manifest.write_text("".join(lines), encoding="utf-8")
    assert not set(fragments_on_disk(out)) & {p.key for p in read_manifest(out).parts[OPENAPI_FILE]}
    edit_description(spec, "shelves", "Shelves, edited.")
    assert generate(spec, out) == full(spec, tmp_path)


def test_a_corrupt_cache_entry_is_not_used(spec: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = generate(spec, out, cache)
    fragments_file = cache / "openapi-fragments-v2.json"
    serve_file = cache / "serve-fragments.json"
    for path in (fragments_file, serve_file):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data.values():
            entry[0] = entry[0].replace("Shelves", "Shelvez").replace("shelves", "shelvez")  # text changed, hash kept
        path.write_text(json.dumps(data), encoding="utf-8")
    (out / MANIFEST).unlink()  # no seeds either: only the damaged cache
    again = generate(spec, out, cache)
    assert again == first
    path = fragments_file
    path.write_text("{not json", encoding="utf-8")
    assert generate(spec, out, cache) == first


def test_cut_refuses_parts_that_do_not_fit() -> None:
    text = "abcdef"
    good = [Part("k1", 0, 3, check_of("abc")), Part("k2", 3, 3, check_of("def"))]
    assert cut(text, good) == {"k1": "abc", "k2": "def"}
    assert cut(text, [Part("k1", 0, 7, check_of("abcdef"))]) is None  # past the end
    assert cut(text, [Part("k1", 2, 2, check_of("cd")), Part("k2", 1, 2, check_of("bc"))]) is None  # overlapping
    assert cut(text, [Part("k1", 0, 3, check_of("abd"))]) is None  # wrong text
