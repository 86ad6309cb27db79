"""The IR laid out as the local server engine's data (``sparkapi/testing/spec.json``).

The engine (``runtime/sparkapi/testing/_server.py``) knows no service by name; this is
everything it knows about the API. The SDK ships it as package data and ``sparkgen
serve`` builds it in memory, so both serve exactly what the spec says.

Types: a primitive's spec name (``"string"``, ``"us_date"``, ``"json"``, ...) or
``{"enum": Name} | {"model": Name} | {"list": Type} | {"map": Type}``. Shared enums and
models (``spec/models/``) sit at the top level, beside the services; every service sees
them with its own. Operations carry the spec's ``action`` (empty: the engine infers it),
and ``"results": "object"`` where the API answers the one record as Results itself.
Shapes (request bodies built from parameters): ``{"object": {Key: Shape}} | {"list":
Shape} | {"param": name, "type": Type, "optional"?: true, "max_bytes"?: n} | {"const":
value}``; a body's
``encoding`` is json or multipart (a form post), and a ``"file"`` is a file it uploads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.fragments import Fragments, Part, check_of, key_of
from generator.ir.model import Attribute, Enum, FilterRules, Model, Mount, Operation, ParamRef, Project, Service
from generator.ir.types import PRIMITIVE_NAMES, AnyType, EnumType, FileType, ListType, MapType, ModelType

__all__ = ["serve_data", "serve_json"]


def serve_data(project: Project) -> dict[str, Any]:
    api = project.api
    return {
        "version": api.version,
        "envelope": api.envelope,
        "user_agent_header": api.user_agent_header,
        "auth_scheme": api.auth_scheme,
        "auth": {
            "expired_code": api.expired_token_code,
            "invalid_codes": list(api.invalid_credentials_codes),
            "schemes": {
                s.kind: {
                    "urls": dict(s.urls),
                    "parameters": dict(s.parameters),
                    "fixed_parameters": dict(s.fixed_parameters),
                    "lifetimes": dict(s.lifetimes),
                    "digest": s.digest,
                    "session_signature": s.session_signature,
                    "request_signature": s.request_signature,
                }
                for s in api.auth_schemes
            },
        },
        **_declarations(
            tuple(e for m in project.shared for e in m.enums),
            tuple(d for m in project.shared for d in m.models),
        ),
        "services": [_service(service) for service in project.services],
    }


def serve_json(project: Project) -> str:
    """``serve_data`` as the file the SDK ships: sorted keys are not used, so that the
    order of the spec (which the engine relies on for routing) is kept."""
    return json.dumps(serve_data(project), indent=1, ensure_ascii=False) + "\n"


# Everything that changes a service's text in the file: this module's code (the layout
# of its data) and the encoder's settings.
_FRAGMENT_SALT = f"serve json indent=1 v1 {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}\n"


def serve_json_parts(project: Project, fragments: Fragments) -> tuple[str, tuple[Part, ...]]:
    """``serve_json(project)``, byte for byte, with each service's text taken from
    ``fragments`` by a hash of its data (json's indented encoder is pure Python and
    costs 0.1 s at 95 services; its compact one, used for the hash, is C), and where
    each service sits in the text (``generator.fragments``)."""
    data = serve_data(project)
    services = data["services"]
    if not services or list(data)[-1] != "services":
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n", ()
    head = json.dumps({k: v for k, v in data.items() if k != "services"}, indent=1, ensure_ascii=False)
    if not head.endswith("\n}"):
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n", ()
    chunks = [head[:-2] + (',\n "services": [\n' if len(data) > 1 else '\n "services": [\n')]
    offset = len(chunks[0])
    parts: list[Part] = []
    for service in services:
        key = key_of(_FRAGMENT_SALT, json.dumps(service, ensure_ascii=False, separators=(",", ":")))
        text = fragments.get(key)
        if text is None:
            # A value two levels deep: each of its lines indented by two more spaces.
            text = "  " + json.dumps(service, indent=1, ensure_ascii=False).replace("\n", "\n  ")
            fragments.put(key, text)
        if len(parts):
            chunks.append(",\n")
            offset += 2
        chunks.append(text)
        parts.append(Part(key, offset, len(text), check_of(text)))
        offset += len(text)
    chunks.append("\n ]\n}\n")
    return "".join(chunks), tuple(parts)


def _service(service: Service) -> dict[str, Any]:
    webhooks = {
        w.name: {
            "envelope": w.envelope,
            "signature": dataclasses.asdict(w.signature) if w.signature else None,
            "examples": [e.body for e in w.examples],
        }
        for w in service.webhooks
    }
    return {
        **({"webhooks": webhooks} if webhooks else {}),
        "title": service.title,
        "roles": {a.role: {"read": a.read, "write": a.write} for a in service.roles},
        "expansions": {
            e.name: {"single_record_only": e.single_record_only, **({"records": e.records} if e.records else {})}
            for e in service.expansions
        },
        **_declarations(service.enums, service.models),
        "resources": [_resource(r, service) for r in service.mounts],
    }


def _resource(mount: Mount, service: Service) -> dict[str, Any]:
    """A mount; one at a URL the API hands out is served at its example's path, outside
    the version (``"absolute"``), where a client moved to this server posts."""
    urls = {f"{{{p.name}}}": urlsplit(str(p.example)).path for p in service.path_parameters if p.url}
    served = urls.get(mount.base_path)
    resource: dict[str, Any] = {
        "accessor": mount.dotted,
        "path": served or mount.base_path,
        **({"per_user": True} if mount.per_user else {}),
        **({"contact_attribute": mount.contact_attribute} if mount.contact_attribute else {}),
        **({"contact_parameter": mount.contact_parameter} if mount.contact_parameter else {}),
        **({"contact_record": True} if mount.contact_record else {}),
        "endpoints": [
            {
                "path": served or e.path,
                "not_implemented": list(e.not_implemented),
                "operations": [_operation(op) for op in e.operations],
            }
            for e in mount.endpoints
        ],
    }
    if served:
        resource["absolute"] = True
    return resource


def _declarations(enums: tuple[Enum, ...], models: tuple[Model, ...]) -> dict[str, Any]:
    return {
        "enums": {e.name: [v.wire for v in e.values] for e in enums},
        "models": {
            m.name: {a.wire_name: _attribute(a) for a in m.attributes}
            for m in models
        },
    }


def _attribute(a: Attribute) -> dict[str, Any]:
    data: dict[str, Any] = {"type": _type(a.type), "writeable": a.writeable, "required": a.required, "expansion": a.expansion}
    if a.samples:
        data["samples"] = list(a.samples)
    if a.field_container:
        data["field_container"] = True
    if a.filter_rules:
        data["filter_rules"] = _filter_rules(a.filter_rules)
    return data


def _filter_rules(rules: FilterRules) -> dict[str, Any]:
    """What the engine checks a stored filter against (``breach``'s keywords)."""
    return {"max_depth": rules.max_depth, "forbidden_fields": list(rules.forbidden_fields), "unique_fields": rules.unique_fields}


def _operation(op: Operation) -> dict[str, Any]:
    body = None
    if op.body is not None:
        rules = {p.python_name: _filter_rules(p.filter_rules) for p in op.body.parameters if p.filter_rules}
        optional = {p.python_name for p in op.body.parameters if not p.required}
        shape = None if op.body.shape is None else _shape(op.body.shape, rules, optional)
        body = {"mode": op.body.mode, "model": op.body.model, "shape": shape}
        if op.body.encoding != "json":
            body["encoding"] = op.body.encoding
    return {
        "name": op.name,
        "method": op.method,
        "action": op.action,
        "returns": {"kind": op.returns.kind, "model": op.returns.model},
        "body": body,
        "response": op.documented_response,
        **({"filter": True} if any(p.wire_name == "_filter" for p in op.parameters) else {}),
        **({"results": "object"} if op.results_object else {}),
    }


def _type(t: AnyType) -> Any:
    if isinstance(t, ListType):
        return {"list": _type(t.item)}
    if isinstance(t, MapType):
        return {"map": _type(t.item)}
    if isinstance(t, EnumType):
        return {"enum": t.name}
    if isinstance(t, ModelType):
        return {"model": t.name}
    if isinstance(t, FileType):
        return "file"
    return PRIMITIVE_NAMES[t]


def _shape(shape: Any, rules: dict[str, dict[str, Any]], optional: set[str]) -> Any:
    if isinstance(shape, dict):
        return {"object": {key: _shape(value, rules, optional) for key, value in shape.items()}}
    if isinstance(shape, ParamRef):
        param: dict[str, Any] = {"param": shape.name, "type": _type(shape.type)}
        if isinstance(shape.type, FileType) and shape.type.max_bytes is not None:
            param["max_bytes"] = shape.type.max_bytes
        if shape.name in rules:
            param["filter_rules"] = rules[shape.name]
        return {**param, "optional": True} if shape.name in optional else param
    if isinstance(shape, list):
        return {"list": _shape(shape[0], rules, optional)}
    return {"const": shape}
