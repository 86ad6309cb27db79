"""The project-wide files (``_client.py``, the indexes, the shared types, ...) carry one
render key, which leaves out the IR fields ``UNREAD_BY_PROJECT_FILES`` names; a run
takes them from the output when the key is unchanged, so a description edit renders
none of them. That holds only if rendering them never reads those fields: changing every
one of them must leave the files' text as it was."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.ir import load_project
from generator.ir.model import Model, Project
from generator.ir.types import ModelType
from generator.render import PROJECT_FILES, SERVICE_FILES, UNREAD_BY_PROJECT_FILES, render_project
from generator.write import read_manifest, write

ROOT = Path(__file__).resolve().parents[2]
KITCHEN_SINK = ROOT / "tests" / "golden" / "kitchen_sink" / "spec"


def load(spec: Path) -> Project:
    project, diags = load_project(spec)
    assert project is not None, diags.render()
    return project


def changed(value: Any, owner: str = "", name: str = "") -> Any:
    """Another value of the same emptiness (a service's description: the same first
    sentence, which the docs index shows and the key covers)."""
    if isinstance(value, str) and (owner, name) == ("Service", "description"):
        return value + " Changed, with a second sentence." if value else value
    if isinstance(value, str):
        return f"Changed: {value} Changed." if value else value
    if isinstance(value, tuple):
        return (*value, value[0]) if value else value
    if value is None or value == "" or value == 0 or value is False:
        return value
    return "changed"


def mutate(value: Any, memo: dict[int, Any], keep: frozenset[str] = frozenset()) -> Any:
    """``value`` with every field the project-wide files do not read changed, but in the
    models named in ``keep``."""
    if id(value) in memo:
        return memo[id(value)]
    result = value
    if isinstance(value, Model) and value.name in keep:
        pass
    elif isinstance(value, tuple):
        result = tuple(mutate(v, memo, keep) for v in value)
    elif isinstance(value, dict):
        result = {k: mutate(v, memo, keep) for k, v in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        hidden = UNREAD_BY_PROJECT_FILES.get(type(value).__name__, frozenset())
        changes = {}
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            changes[f.name] = changed(current, type(value).__name__, f.name) if f.name in hidden else mutate(current, memo, keep)
        result = dataclasses.replace(value, **changes)
    memo[id(value)] = result
    return result


def project_wide(files: list[Any], project: Project) -> dict[str, tuple[str, str | None]]:
    """The project-wide files' texts and keys."""
    services = {pattern.format(module=s.module) for s in project.services for pattern in SERVICE_FILES}
    return {
        f.path: (f.content, f.render_key)
        for f in files
        if f.copied_from is None and f.path.endswith((".py", ".md", ".toml")) and f.path not in services and not f.path.startswith("docs/guides/")
    }


@pytest.mark.parametrize("spec", [KITCHEN_SINK, ROOT / "spec"], ids=["kitchen_sink", "real"])
def test_the_fields_left_out_of_the_key_are_never_read(spec: Path) -> None:
    project = load(spec)
    # The attributes of a field container (a listing's StandardFields) are the SparkQL
    # builder's fields, whose docstrings are their descriptions: the key covers them
    # through the values computed for the templates (sparkql_fields).
    containers = frozenset(f.type.name for m, _ in project.models for f in m.attributes if f.field_container and isinstance(f.type, ModelType))

    def changed_project(keep: frozenset[str]) -> Project:
        # The services (and the accessor tree's mounts, the same objects); the shared
        # types and the API are in the key whole.
        memo: dict[int, Any] = {}
        return dataclasses.replace(project, services=mutate(project.services, memo, keep), accessors=mutate(project.accessors, memo, keep))

    salt = pipeline.code_fingerprint()
    before = project_wide(render_project(project, pipeline.TEMPLATES, salt=salt), project)
    assert set(before) >= set(PROJECT_FILES)
    other = changed_project(containers)
    assert other != project
    after = project_wide(render_project(other, pipeline.TEMPLATES, salt=salt), project)
    assert after == before  # the same texts, and the same key
    if containers:
        every = project_wide(render_project(changed_project(frozenset()), pipeline.TEMPLATES, salt=salt), project)
        assert {key for _, key in every.values()}.isdisjoint({key for _, key in before.values()})


def edit(spec: Path, service: str, old: str, new: str) -> None:
    path = spec / "services" / f"{service}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def generate(spec: Path, out: Path) -> dict[str, str]:
    output = pipeline.build(spec, load(spec), None, out)
    write(out, output.files, output.inputs)
    return {f.path: f.content for f in output.files}


def full(spec: Path) -> dict[str, str]:
    return {f.path: f.content for f in pipeline.build(spec, load(spec), None, None).files}


def test_a_description_edit_keeps_the_project_wide_files_and_a_rename_renders_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(KITCHEN_SINK, spec)
    out = tmp_path / "out"
    generate(spec, out)
    key = read_manifest(out).keys["python/sparkapi/_client.py"]

    import jinja2

    rendered: list[str] = []
    real = jinja2.Template.render

    def counting(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        rendered.append(str(self.name))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    edit(spec, "shelves_items", "405.", "405. And a second sentence, edited.")  # the first one is on the docs index
    result = generate(spec, out)
    assert not set(rendered) & set(PROJECT_FILES.values())  # none rendered: taken from the output
    assert "python/sparkapi/resources/service.py.j2" in rendered
    assert read_manifest(out).keys["python/sparkapi/_client.py"] == key
    assert result == full(spec)

    rendered.clear()
    edit(spec, "shelves_items", "description:", "description: A new first sentence.")  # shown on the docs index
    result = generate(spec, out)
    assert set(rendered) >= set(PROJECT_FILES.values())
    assert read_manifest(out).keys["python/sparkapi/_client.py"] != key
    assert result == full(spec)
    key = read_manifest(out).keys["python/sparkapi/_client.py"]
    rendered.clear()
    edit(spec, "shelves_items", "service: \"Shelves: Items\"", "service: \"Shelves: Renamed items\"")  # a title the docs index shows
    result = generate(spec, out)
    assert set(rendered) >= set(PROJECT_FILES.values())
    assert read_manifest(out).keys["python/sparkapi/_client.py"] != key
    assert result == full(spec)


def test_a_hand_edited_project_file_or_a_damaged_outline_is_rendered_again(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(KITCHEN_SINK, spec)
    out = tmp_path / "out"
    generate(spec, out)
    client = out / "python" / "sparkapi" / "_client.py"
    client.write_text(client.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    assert generate(spec, out) == full(spec)
    manifest = out / ".sparkgen-manifest"
    text = manifest.read_text(encoding="utf-8")
    lines = [line if not line.startswith("# outline ") else line[: -8] + "00000000" for line in text.splitlines()]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edit(spec, "shelves", "description:", "description: Edited.")
    assert generate(spec, out) == full(spec)
