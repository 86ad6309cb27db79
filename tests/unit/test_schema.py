"""spec/schema.json: published, current, and in agreement with the parser.

Editors validate spec files against spec/schema.json (the YAML language server), while
``sparkgen validate`` uses the parser; both read the same key tables (schema.DEFS). These
tests hold them together: the committed schema is what ``sparkgen schema`` writes, every
real spec file passes it, and a mistake in the keys of any kind of mapping (an unknown
key, a missing required key) is rejected by both the schema and the parser.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.ir import load_project
from generator.ir.diagnostics import Diagnostics
from generator.ir.load import load_file
from generator.ir.parse import to_python
from generator.ir.schema import DEFS, json_schema

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC_DIRS = [ROOT / "spec", ROOT / "tests" / "golden" / "kitchen_sink" / "spec"]
SCHEMA: dict[str, Any] = json.loads(json_schema())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
Path_ = tuple[str | int, ...]  # a path into a file's data: mapping keys and list indexes


def spec_files() -> list[Path]:
    return [p for d in SPEC_DIRS for p in [d / "api.yaml", *sorted((d / "models").glob("*.yaml")), *sorted((d / "services").glob("*.yaml"))]]


def data_of(path: Path) -> Any:
    """A spec file as the parser sees it (string keys, dates kept as written) in JSON form."""
    diags = Diagnostics()
    node = load_file(path, path.name, diags)
    assert node is not None and not diags.items, diags.render()
    return to_python(node, "", {})


def test_committed_schema_is_what_sparkgen_schema_writes(tmp_path: Path) -> None:
    """Change schema.py, then run `make generate` (it runs `sparkgen schema`) and commit."""
    assert (ROOT / "spec" / "schema.json").read_text(encoding="utf-8") == json_schema()
    out = tmp_path / "schema.json"
    result = CliRunner().invoke(main, ["schema", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == json_schema()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", spec_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_real_spec_file_passes_the_schema(path: Path) -> None:
    errors = sorted(VALIDATOR.iter_errors(data_of(path)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


# ----------------------------------------------------------------- parser agreement


def kind_of(spec_file: Path) -> str:
    if spec_file.name == "api.yaml":
        return "api"
    return "shared" if spec_file.parent.name == "models" else "service"


def closed_mappings(data: Any, shape: dict[str, Any], path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every mapping in ``data`` that the schema closes (``additionalProperties: false``),
    with the name of its kind, found by walking the data and the schema together."""
    kind = None
    if "$ref" in shape:
        kind = shape["$ref"].rsplit("/", 1)[-1]
        shape = DEFS[kind]
    if isinstance(data, dict) and shape.get("additionalProperties") is False:
        yield path, str(kind)
        for key, value in data.items():
            if key in shape["properties"]:
                yield from closed_mappings(value, shape["properties"][key], (*path, key))
    elif isinstance(data, dict) and "anyOf" in shape:  # an example body: a file reference or inline
        if set(data) == {"file"}:
            yield from closed_mappings(data, shape["anyOf"][0], path)
    elif isinstance(data, dict) and isinstance(shape.get("additionalProperties"), dict):
        for key, value in data.items():
            yield from closed_mappings(value, shape["additionalProperties"], (*path, key))
    elif isinstance(data, list) and "items" in shape:
        for index, value in enumerate(data):
            yield from closed_mappings(value, shape["items"], (*path, index))


def one_of_each_kind() -> list[tuple[Path, Path_, str]]:
    """For each kind of mapping, its first occurrence in the real spec files."""
    found: dict[str, tuple[Path, Path_, str]] = {}
    for spec_file in spec_files():
        for path, kind in closed_mappings(data_of(spec_file), {"$ref": f"#/$defs/{kind_of(spec_file)}"}):
            found.setdefault(kind, (spec_file, path, kind))
    return [found[k] for k in sorted(found)]


INSTANCES = one_of_each_kind()


def test_the_real_spec_has_every_kind_of_mapping() -> None:
    """So that the agreement tests below check every kind the schema defines."""
    assert {kind for _, _, kind in INSTANCES} == set(DEFS)


def at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def parser_rules(tmp_path: Path, spec_file: Path, data: Any) -> set[str]:
    """The rule ids the parser reports with ``spec_file`` replaced by ``data`` (as YAML)."""
    spec_dir = spec_file.parent if spec_file.name == "api.yaml" else spec_file.parent.parent
    copied = tmp_path / "spec"
    shutil.copytree(spec_dir, copied)
    (copied / spec_file.relative_to(spec_dir)).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _, diags = load_project(copied)
    return {d.rule for d in diags.errors}


@pytest.mark.parametrize(("spec_file", "path", "kind"), INSTANCES, ids=[k for _, _, k in INSTANCES])
def test_schema_and_parser_agree_on_an_unknown_key(tmp_path: Path, spec_file: Path, path: Path_, kind: str) -> None:
    data = data_of(spec_file)
    assert parser_rules(tmp_path / "as-is", spec_file, data) == set(), "the file must survive the YAML round trip"
    broken = copy.deepcopy(data)
    at(broken, path)["descripton"] = "a misspelt key"
    assert not VALIDATOR.is_valid(broken), f"the schema accepts an unknown key in {kind}"
    assert "unknown-key" in parser_rules(tmp_path / "broken", spec_file, broken), f"the parser accepts an unknown key in {kind}"


# An example body without 'file' is not a file reference missing its key: it is a body
# written inline, so example_file has no missing-key case.
WITH_REQUIRED = [i for i in INSTANCES if DEFS[i[2]]["required"] and i[2] != "example_file"]


@pytest.mark.parametrize(("spec_file", "path", "kind"), WITH_REQUIRED, ids=[k for _, _, k in WITH_REQUIRED])
def test_schema_and_parser_agree_on_a_missing_key(tmp_path: Path, spec_file: Path, path: Path_, kind: str) -> None:
    for key in DEFS[kind]["required"]:
        broken = copy.deepcopy(data_of(spec_file))
        del at(broken, path)[key]
        assert not VALIDATOR.is_valid(broken), f"the schema accepts {kind} without '{key}'"
        assert "missing-key" in parser_rules(tmp_path / key, spec_file, broken), f"the parser accepts {kind} without '{key}'"


def test_writable_is_rejected_by_both_with_the_same_key() -> None:
    """The classic typo: the schema names the stray key, as the parser's message does."""
    data = data_of(ROOT / "tests" / "golden" / "kitchen_sink" / "spec" / "services" / "shelves.yaml")
    attribute = data["models"]["Shelf"]["attributes"]["Id"]
    attribute["writable"] = attribute.pop("writeable")
    assert not VALIDATOR.is_valid(data)
    # The published schema accepts "api or service"; ask the service branch for details.
    as_service = {key: value for key, value in SCHEMA.items() if key != "anyOf"} | {"$ref": "#/$defs/service"}
    messages = [e.message for e in jsonschema.Draft202012Validator(as_service).iter_errors(data)]
    assert any("('writable' was unexpected)" in m for m in messages), messages
