"""A deterministic synthetic API in the shape of the real spec, written two ways.

``write_spec`` writes a sparkgen spec (api.yaml + services/*.yaml) and ``write_openapi``
the same API as an OpenAPI 3.1 document, both from one description, so the generators
compared by the benchmarks get exactly the same work. Each service has one model of
10-60 attributes (strings, integers, decimals, booleans, timestamps, an enum, a list)
and 2-6 operations.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("string", "integer", "decimal", "boolean", "timestamp", "string", "string")
OPERATIONS = ("list", "create", "get", "update", "delete", "list_deleted")


@dataclass(frozen=True)
class SynthService:
    index: int
    attributes: tuple[tuple[str, str, bool], ...]  # (wire name, type, writeable)
    operations: tuple[str, ...]

    @property
    def module(self) -> str:
        return f"things{self.index:04d}"

    @property
    def model(self) -> str:
        return f"Thing{self.index:04d}"

    @property
    def enum(self) -> str:
        return f"Thing{self.index:04d}Status"


def describe(count: int, seed: int = 7) -> list[SynthService]:
    rng = random.Random(seed)
    services = []
    for index in range(count):
        attributes = [("Id", "string", False), ("ResourceUri", "string", False)]
        for n in range(rng.randint(8, 56)):
            attributes.append((f"Field{n:02d}{rng.choice(['Name', 'Count', 'Price', 'Flag', 'Date'])}", rng.choice(KINDS), rng.random() < 0.6))
        attributes += [("Status", "enum", True), ("Tags", "list[string]", True)]
        operations = OPERATIONS[: rng.randint(2, 6)]
        services.append(SynthService(index, tuple(attributes), operations))
    return services


def _type(service: SynthService, kind: str) -> str:
    return service.enum if kind == "enum" else kind


def _service_yaml(service: SynthService) -> dict[str, Any]:
    model = {
        "description": f"Thing number {service.index}.",
        "attributes": {
            wire: {"type": _type(service, kind), "writeable": writeable, "description": f"The {wire} of the thing."}
            for wire, kind, writeable in service.attributes
        },
    }
    operations: dict[str, dict[str, Any]] = {
        "list": {"method": "GET", "summary": "List the things.", "returns": f"list[{service.model}]", "query": ["limit", "page", "pagination"]},
        "create": {"method": "POST", "summary": "Create a thing.", "body": {"model": service.model, "mode": "create"}, "returns": service.model},
        "get": {"method": "GET", "summary": "Return one thing.", "returns": service.model},
        "update": {"method": "PUT", "summary": "Change a thing.", "body": {"model": service.model, "mode": "update"}},
        "delete": {"method": "DELETE", "summary": "Delete a thing."},
        "list_deleted": {"method": "GET", "summary": "List deleted things.", "returns": f"list[{service.model}]"},
    }
    collection = [n for n in ("list", "create") if n in service.operations]
    single = [n for n in ("get", "update", "delete") if n in service.operations]
    endpoints: list[dict[str, Any]] = [
        {"title": "Things", "path": "", "operations": {n: operations[n] for n in collection}, "not_implemented": ["PUT", "DELETE"]}
    ]
    if single:
        endpoints.append({"title": "One thing", "path": "/{thing_id}", "operations": {n: operations[n] for n in single}})
    if "list_deleted" in service.operations:
        endpoints.append({"title": "Deleted things", "path": "/deleted", "operations": {"list_deleted": operations["list_deleted"]}})
    spec: dict[str, Any] = {
        "service": f"Things: Batch {service.index}",
        "source": f"https://example.com/things/{service.index}",
        "description": "A synthetic service for benchmarks.",
        "roles": {r: {"read": True, "write": r == "private"} for r in ("idx", "public", "vow", "portal", "private")},
        "mounts": [{"accessor": f"things.batch{service.index:04d}", "path": f"/things/{service.index}"}],
        "enums": {service.enum: {"description": "A state.", "values": {"Active": "In use.", "Retired": "Out of use."}}},
        "models": {service.model: model},
        "endpoints": endpoints,
    }
    if single:
        spec["path_parameters"] = {"thing_id": {"type": "string", "description": "Id of a thing.", "example": "20200101000000000000000000"}}
    return spec


def write_spec(services: list[SynthService], target: Path) -> Path:
    """A sparkgen spec directory for ``services``, using the real api.yaml."""
    if target.exists():
        shutil.rmtree(target)
    (target / "services").mkdir(parents=True)
    shutil.copy(ROOT / "spec" / "api.yaml", target / "api.yaml")
    for service in services:
        text = yaml.safe_dump(_service_yaml(service), sort_keys=False, width=100)
        (target / "services" / f"{service.module}.yaml").write_text(text, encoding="utf-8")
    return target


_OPENAPI_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "timestamp": {"type": "string", "format": "date-time"},
    "list[string]": {"type": "array", "items": {"type": "string"}},
}


def write_openapi(services: list[SynthService], target: Path) -> Path:
    """The same API as one OpenAPI 3.1 document, for the other generators.

    Written as JSON when ``target`` ends in ``.json``, else as YAML.
    """
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for service in services:
        properties: dict[str, Any] = {}
        for wire, kind, writeable in service.attributes:
            schema: dict[str, Any] = {"$ref": f"#/components/schemas/{service.enum}"} if kind == "enum" else dict(_OPENAPI_TYPES[kind])
            if not writeable and kind != "enum":
                schema["readOnly"] = True
            properties[wire] = schema
        schemas[service.enum] = {"type": "string", "enum": ["Active", "Retired"]}
        schemas[service.model] = {"type": "object", "properties": properties}
        schemas[f"{service.model}List"] = {
            "type": "object",
            "properties": {"D": {"type": "object", "properties": {"Success": {"type": "boolean"}, "Results": {"type": "array", "items": {"$ref": f"#/components/schemas/{service.model}"}}}}},
        }
        ok = {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{service.model}List"}}}}
        body = {"content": {"application/json": {"schema": {"type": "object", "properties": {"D": {"$ref": f"#/components/schemas/{service.model}"}}}}}}
        base = f"/v1/things/{service.index}"
        one = f"{base}/{{thing_id}}"
        path_param = [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}]
        op_id = f"things{service.index:04d}"
        for name in service.operations:
            if name == "list":
                paths.setdefault(base, {})["get"] = {"operationId": f"{op_id}_list", "responses": {"200": ok}}
            elif name == "create":
                paths.setdefault(base, {})["post"] = {"operationId": f"{op_id}_create", "requestBody": body, "responses": {"200": ok}}
            elif name == "get":
                paths.setdefault(one, {})["get"] = {"operationId": f"{op_id}_get", "parameters": path_param, "responses": {"200": ok}}
            elif name == "update":
                paths.setdefault(one, {})["put"] = {"operationId": f"{op_id}_update", "parameters": path_param, "requestBody": body, "responses": {"200": ok}}
            elif name == "delete":
                paths.setdefault(one, {})["delete"] = {"operationId": f"{op_id}_delete", "parameters": path_param, "responses": {"200": ok}}
            elif name == "list_deleted":
                paths.setdefault(f"{base}/deleted", {})["get"] = {"operationId": f"{op_id}_list_deleted", "responses": {"200": ok}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic things", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix == ".json":
        # JSON has no anchors: PyYAML writes the shared response objects as aliases, and
        # OpenAPI Generator's YAML parser refuses more than 50 of them.
        target.write_text(json.dumps(document, indent=1), encoding="utf-8")
    else:
        target.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return target
