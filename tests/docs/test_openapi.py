"""generated/openapi.yaml: a valid OpenAPI 3.1 document that says what the spec says.

It is checked three ways: by a validator, against the IR operation by operation, and
by a third-party generator (openapi-python-client), which must build a client from it
without a single warning.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from openapi_spec_validator import validate

from generator import openapi
from generator.ir.model import Operation, Project, Service
from tests.conftest import ROOT, run_cli

OPENAPI = ROOT / "generated" / "openapi.yaml"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    return data


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        kind, name = node["$ref"].removeprefix("#/components/").split("/")
        node = document["components"][kind][name]
    return node


def test_it_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_file_is_exactly_the_document_built_from_the_spec(document: dict[str, Any], project: Project) -> None:
    """Formatting did not change a value, and the same IR always gives the same data."""
    assert document == openapi.build(project)
    assert openapi.dump(openapi.build(project)) == openapi.dump(openapi.build(project))


def test_the_openapi_command_writes_the_generated_file(tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    result = run_cli("openapi", "--spec", str(ROOT / "spec"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == OPENAPI.read_bytes()
    assert "operations" in result.output


def _operations(project: Project) -> list[tuple[str, str, Operation]]:
    return [
        (f"client.{r.dotted}.{op.name}", _path(project, s, op.path_template), op)
        for s in project.services
        for r in s.mounts
        for op in r.operations
    ]


def _path(project: Project, service: Service, path: str) -> str:
    """The path key: below the version, or a url parameter's example path (its host is the
    path item's server)."""
    url = next((p for p in service.path_parameters if p.url and path == f"{{{p.name}}}"), None)
    return urlsplit(str(url.example)).path if url else f"/{project.api.version}{path}"


def test_every_operation_is_there_with_its_method_path_parameters_and_body(document: dict[str, Any], project: Project) -> None:
    envelope = project.api.envelope
    for label, path, operation in _operations(project):
        item = document["paths"][path]
        described = item[operation.method.lower()]
        assert label in described["x-python-methods"]
        path_names = [p["name"] for p in item["parameters"] if p["in"] == "path"]
        assert path_names == [p.python_name for p in operation.path_parameters if not p.url], label
        query = {p["name"] for p in map(lambda p: resolve(document, p), described["parameters"]) if p["in"] == "query"}
        assert {q.wire_name for q in operation.query} <= query, label
        if operation.body is None:
            continue
        if operation.body.encoding == "multipart":  # a form: its fields, no envelope
            form = described["requestBody"]["content"]["multipart/form-data"]["schema"]
            assert set(form["properties"]) == set(operation.body.shape), label
            continue
        body = described["requestBody"]["content"]["application/json"]["schema"]["properties"][envelope]
        choices = [resolve(document, b) for b in body.get("anyOf", [body])]
        if operation.body.model is not None:
            model = {m.name: m for m in (*(m for m, _ in project.models), *project.shared_models.values())}[operation.body.model]
            writeable = [a.wire_name for a in model.writeable_attributes]
            match = [c for c in choices if list(c["properties"]) == writeable]
            assert match, f"{label}: no body schema with exactly the writeable attributes {writeable}"
            required = [a.wire_name for a in model.writeable_attributes if a.required == "yes"] if operation.body.mode == "create" else []
            assert match[0].get("required", []) == required, label
        else:
            assert any(set(c["properties"]) == set(operation.body.shape) for c in choices), label


def test_methods_answered_with_405_are_listed_not_described(document: dict[str, Any], project: Project) -> None:
    for service in project.services:
        for mount in service.mounts:
            for endpoint in mount.endpoints:
                item = document["paths"][_path(project, service, endpoint.path)]
                for method in endpoint.not_implemented:
                    assert method in item["x-methods-not-allowed"]
                    assert method.lower() not in item


def test_models_mark_read_only_attributes_and_enums_list_their_values(document: dict[str, Any], project: Project) -> None:
    schemas = document["components"]["schemas"]
    for model, _ in project.models:
        for attr in model.attributes:
            assert schemas[model.name]["properties"][attr.wire_name].get("readOnly", False) is (not attr.is_writeable)
    for enum, _ in project.enums:
        assert schemas[enum.name]["enum"] == [v.wire for v in enum.values]


def test_errors_and_security(document: dict[str, Any], project: Project) -> None:
    get = document["paths"]["/v1/listingcarts"]["get"]
    for status in ("400", "401", "403", "404", "405", "429", "500", "503"):
        error = resolve(document, get["responses"][status])
        assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer", "description": schemes["bearer"]["description"]}
    flow = schemes["oauth2"]["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "https://sparkplatform.com/oauth2"
    assert flow["tokenUrl"] == "https://sparkapi.com/v1/oauth2/grant"
    assert {"name": "_expand", "in": "query"}.items() <= next(
        p for p in document["paths"]["/v1/developers/identities/{identity_id}/keys"]["get"]["parameters"] if p.get("name") == "_expand"
    ).items()


def test_openapi_python_client_generates_a_client_without_warnings(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    out = tmp_path / "spark_openapi_client"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}  # its ruff hook
    command = [str(bin_dir / "openapi-python-client"), "generate", "--path", str(OPENAPI), "--output-path", str(out), "--meta", "none"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    first = next(op for item in document["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op)
    package = re.sub(r"[^a-z0-9]+", "_", first["tags"][0].lower()).strip("_")  # the client's module per tag
    check = f"import spark_openapi_client.api.{package}.{first['operationId']} as m; print(m.sync.__name__)"
    imported = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True)
    assert imported.stdout.strip() == "sync", imported.stderr
