"""An OpenAPI 3.1 description of the API, built from the same IR as the SDK and the docs.

It is built as plain data and written as YAML by ``generator.yamltext``: the order is
the IR's, so the same spec always gives the same bytes, and quoting is decided by YAML's
own resolver rather than by a template.

Choices that follow the Spark API rather than OpenAPI habits:

- Paths carry the version (``/v1/...``) and the server is the bare host, as the docs
  show them.
- Every body is wrapped in the ``{"D": ...}`` envelope, both ways. Request bodies hold
  only writeable attributes (``<Model>Create`` / ``<Model>Update``); response models
  mark the rest ``readOnly``. Response attributes may be null, since the API sends null
  for unset fields.
- Two Python methods on one method and path (a document's ``update`` and ``move`` are
  both a PUT) become one operation whose body is either of theirs (``anyOf``).
- Methods the API answers with 405 are listed in the path item's
  ``x-methods-not-allowed`` rather than as operations, so that no client generates them.
- Query booleans are sent as 1 or 0 and lists comma-joined, as the SDK sends them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from generator.fragments import Fragments, Part, check_of, key_of, shift
from generator.ir.model import Example, HttpMethod, Model, Operation, Parameter, ParamRef, Project, Service, Webhook
from generator.ir.types import (
    AnyType,
    BooleanType,
    DateType,
    DecimalType,
    EnumType,
    FileType,
    IntegerType,
    JsonType,
    ListType,
    MapType,
    ModelType,
    StringType,
    TimestampType,
    TimeType,
    UsDateType,
)
from generator import yamltext
from generator.yamltext import dump_yaml

OPENAPI_VERSION = "3.1.0"
# The OAuth 2 authorization page of the platform (shared/spark-reference/platform.md,
# "Authentication"). api.yaml has no key for it yet; the token endpoint is derived from
# the API's base URL and version.
OAUTH_AUTHORIZATION_URL = "https://sparkplatform.com/oauth2"
OAUTH_TOKEN_PATH = "/oauth2/grant"

_DECIMAL_STRING = r"^\s*[-+]?[0-9]*\.?[0-9]+\s*$"
_US_DATE_PATTERN = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"
_TIME_PATTERN = r"^\s*[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\s*([aApP][mM])?\s*$"
_METHOD_KEYS: dict[HttpMethod, str] = {"GET": "get", "POST": "post", "PUT": "put", "DELETE": "delete"}


class OpenAPIError(Exception):
    """The IR holds something this exporter cannot express (a generator bug to fix here)."""


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def type_schema(attr_type: AnyType) -> dict[str, Any]:
    """The JSON Schema of one attribute type; decimals may arrive as numeric strings."""
    if isinstance(attr_type, (EnumType, ModelType)):
        return ref("schemas", attr_type.name)
    if isinstance(attr_type, ListType):
        return {"type": "array", "items": type_schema(attr_type.item)}
    if isinstance(attr_type, MapType):
        return {"type": "object", "additionalProperties": type_schema(attr_type.item)}
    # Integers, booleans and timestamps are described in their canonical forms; the SDK also
    # reads the looser forms some pages show ("3", "true", no offset), which are not promised.
    primitive: dict[type, dict[str, Any]] = {
        StringType: {"type": "string"},
        IntegerType: {"type": "integer"},
        DecimalType: {"type": ["number", "string"], "pattern": _DECIMAL_STRING},
        BooleanType: {"type": "boolean"},
        TimestampType: {"type": "string", "format": "date-time"},
        DateType: {"type": "string", "format": "date"},
        UsDateType: {"type": "string", "pattern": _US_DATE_PATTERN},
        TimeType: {"type": "string", "pattern": _TIME_PATTERN},
        JsonType: {},
        FileType: {"type": "string", "contentEncoding": "base64"},
    }
    return dict(primitive[type(attr_type)])


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "type" not in schema and "$ref" not in schema:  # free-form JSON: null is already allowed
        return dict(schema)
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*types, "null"]}


def parameter_schema(param: Parameter, in_query: bool) -> dict[str, Any]:
    """The schema of a path or query parameter: its type's, a list of the accepted names
    for a parameter with choices (``expand``), booleans as 1 or 0 in a query."""
    if param.choices:
        return {"type": "array", "items": {"type": "string", "enum": list(param.choices)}}
    return _parameter_type_schema(param.type, in_query)


def _parameter_type_schema(attr_type: AnyType, in_query: bool) -> dict[str, Any]:
    if isinstance(attr_type, ListType):
        return {"type": "array", "items": _parameter_type_schema(attr_type.item, in_query)}
    if isinstance(attr_type, BooleanType) and in_query:
        return {"type": "integer", "enum": [0, 1]}
    return type_schema(attr_type)


def attribute_description(description: str, notes: list[str]) -> str:
    return " ".join([description, *notes]).strip()


class Builder:
    """Collects the document; components are added as operations come to need them."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.api = project.api
        self.models = {**project.shared_models, **{m.name: m for m, _ in project.models}}
        self.schemas: dict[str, dict[str, Any]] = {}
        self.needed: set[str] = set()  # envelope and write schemas some operation uses

    # -- the document

    def build(self) -> dict[str, Any]:
        api = self.api
        paths: dict[str, dict[str, Any]] = {}
        for service in self.project.services:
            for mount in service.mounts:
                for endpoint in mount.endpoints:
                    if not endpoint.operations:  # no method to describe, nor its parameters
                        continue
                    handed_out = self.handed_out(service, endpoint.path)
                    item = paths.setdefault(handed_out[1] if handed_out else f"/{api.version}{endpoint.path}", {})
                    if handed_out:  # a URL the API hands out: its example's host and path
                        item["servers"] = [{"url": handed_out[0], "description": "The URL is the one the API handed out."}]
                    by_method: dict[HttpMethod, list[Operation]] = {}
                    for operation in endpoint.operations:
                        by_method.setdefault(operation.method, []).append(operation)
                    if "parameters" not in item:
                        item["parameters"] = self.path_parameters(endpoint.operations[0])
                    for method, operations in by_method.items():
                        item[_METHOD_KEYS[method]] = self.operation(service, mount.accessor, operations)
                    if endpoint.not_implemented:
                        item["x-methods-not-allowed"] = list(endpoint.not_implemented)
        document: dict[str, Any] = {
            "openapi": OPENAPI_VERSION,
            "info": {"title": api.title, "version": api.version, "description": self.info_description()},
            "servers": [{"url": api.base_url, "description": f"Every path starts with the version segment /{api.version}."}],
            "security": [{name: []} for name in self.security_schemes()],
            "tags": [
                {"name": s.title, "description": s.description, "externalDocs": {"url": s.source}}
                for s in sorted(self.project.services, key=lambda s: s.title)
            ],
            "paths": {path: paths[path] for path in sorted(paths)},
            "components": {
                "schemas": self.component_schemas(),
                "responses": self.error_responses(),
                "parameters": {
                    "UserAgent": {
                        "name": api.user_agent_header,
                        "in": "header",
                        "required": True,
                        "description": "The name of the calling application; required on every call.",
                        "schema": {"type": "string"},
                    }
                },
                "securitySchemes": self.security_schemes(),
            },
        }
        webhooks = {webhook.name: self.webhook(webhook, service) for webhook, service in self.project.webhooks}
        if webhooks:
            document["webhooks"] = dict(sorted(webhooks.items()))
        return document

    def webhook(self, webhook: Webhook, service: Service) -> dict[str, Any]:
        """A request the API sends (OpenAPI 3.1 webhooks): its body and signature header."""
        payload = type_schema(webhook.payload)
        media: dict[str, Any] = {"schema": self.envelope(payload) if webhook.envelope else payload}
        examples = {f"example{i}": {"summary": e.note or "As documented.", "value": e.body} for i, e in enumerate(webhook.examples, 1)}
        if examples:
            media["examples"] = examples
        post: dict[str, Any] = {
            "summary": webhook.description,
            "tags": [service.title],
            "requestBody": {"required": True, "content": {"application/json": media}},
            "responses": {"200": {"description": "Received."}},
        }
        signature = webhook.signature
        if signature is not None:
            algorithm = signature.algorithm.replace("hmac_", "HMAC-").upper()
            post["parameters"] = [
                {
                    "name": signature.header,
                    "in": "header",
                    "required": True,
                    "description": f"{signature.prefix!r} then the {algorithm} of the raw body keyed with the webhook's secret, in {signature.encoding}.",
                    "schema": {"type": "string"},
                }
            ]
        return {"post": post}

    def info_description(self) -> str:
        api = self.api
        return (
            f"{api.description}\n\n"
            f'Bodies travel inside {{"{api.envelope}": ...}} both ways; a failure answers '
            f'{{"{api.envelope}": {{"Success": false, "Code": ..., "Message": ...}}}} with a non-2xx '
            "status. Any attribute the caller's role may not see arrives as the string "
            '"********" instead of its value, unset attributes are null or absent, and the '
            "API may add attributes at any time."
        )

    def security_schemes(self) -> dict[str, Any]:
        """bearer always; one oauth2 entry per declared code-grant scheme (api.yaml, auth.schemes)."""
        api = self.api
        schemes: dict[str, Any] = {
            "bearer": {
                "type": "http",
                "scheme": api.auth_scheme.lower(),
                "description": "A personal access token, or an access token from the OAuth 2 flow.",
            }
        }
        for scheme in api.auth_schemes:
            if scheme.kind not in ("oauth2_code", "openid_connect") or not scheme.url("authorization_url"):
                continue
            grant_url = scheme.url("grant_url") or f"{api.base_url}/{api.version}{OAUTH_TOKEN_PATH}"
            flow = {
                "authorizationUrl": scheme.url("authorization_url"),
                "tokenUrl": grant_url,
                "refreshUrl": grant_url,
                "scopes": {"openid": "Sign the user in (OpenID Connect)."} if scheme.kind == "openid_connect" else {},
            }
            if scheme.kind == "openid_connect" and scheme.url("discovery_url"):
                schemes[scheme.name] = {
                    "type": "openIdConnect",
                    "openIdConnectUrl": scheme.url("discovery_url"),
                    "description": scheme.description,
                }
                continue
            entry: dict[str, Any] = {"type": "oauth2", "description": scheme.description, "flows": {"authorizationCode": flow}}
            if scheme.url("portal_authorization_url"):
                entry["x-portal-authorization-url"] = scheme.url("portal_authorization_url")
            schemes[scheme.name] = entry
        if not any(s.kind == "oauth2_code" for s in api.auth_schemes):  # the platform's, when the spec has none
            token_url = f"{api.base_url}/{api.version}{OAUTH_TOKEN_PATH}"
            schemes["oauth2"] = {
                "type": "oauth2",
                "description": "The authorization-code flow; the token endpoint answers plain JSON.",
                "flows": {
                    "authorizationCode": {
                        "authorizationUrl": OAUTH_AUTHORIZATION_URL,
                        "tokenUrl": token_url,
                        "refreshUrl": token_url,
                        "scopes": {},
                    }
                },
            }
        return schemes

    # -- operations

    @staticmethod
    def handed_out(service: Service, path: str) -> tuple[str, str] | None:
        """(origin, path) of a url parameter's example, where it is the whole path."""
        for param in service.path_parameters:
            if param.url and path == f"{{{param.name}}}":
                parts = urlsplit(str(param.example))
                return f"{parts.scheme}://{parts.netloc}", parts.path
        return None

    def path_parameters(self, operation: Operation) -> list[dict[str, Any]]:
        return [
            {
                "name": param.python_name,
                "in": "path",
                "required": True,
                "description": param.description,
                "schema": parameter_schema(param, in_query=False),
            }
            for param in operation.path_parameters
            if not param.url  # stands for the whole URL, given by the servers entry
        ]

    def operation(self, service: Service, accessor: tuple[str, ...], operations: list[Operation]) -> dict[str, Any]:
        first = operations[0]
        names = [op.name for op in operations]
        result: dict[str, Any] = {"operationId": "_".join([*accessor, "_or_".join(names)]), "summary": first.summary}
        if len(operations) > 1:  # one method and path, several uses: say which is which
            result["summary"] = "; or ".join(op.summary.rstrip(".") for op in operations) + "."
            result["description"] = "\n\n".join(f"{op.name}: {op.summary} {op.description}".strip() for op in operations)
        elif first.description:
            result["description"] = first.description
        result["tags"] = [service.title]
        result["x-python-methods"] = [f"client.{'.'.join(accessor)}.{name}" for name in names]
        result["parameters"] = [ref("parameters", "UserAgent"), *self.query_parameters(operations)]
        bodies = [self.body_schema(op) for op in operations if op.body is not None]
        if bodies:
            schema = bodies[0] if len(bodies) == 1 else {"anyOf": bodies}
            media: dict[str, Any] = {"schema": self.envelope(schema)}
            examples = self.examples([e for op in operations for e in op.examples], "request")
            if examples:
                media["examples"] = examples
            form = next((op for op in operations if op.body is not None and op.body.encoding == "multipart"), None)
            if form is not None:  # an HTML form post: the shape's keys are its fields, files sent raw
                result["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": self.form_schema(form)}}}
            else:
                result["requestBody"] = {"required": True, "content": {"application/json": media}}
        result["responses"] = {"200": self.success_response(first, operations), **self.error_refs()}
        return result

    def query_parameters(self, operations: list[Operation]) -> list[dict[str, Any]]:
        params: dict[str, dict[str, Any]] = {}
        for operation in operations:
            for query in operation.query:
                schema = parameter_schema(query.parameter, in_query=True)
                param: dict[str, Any] = {
                    "name": query.wire_name,
                    "in": "query",
                    "required": False,
                    "description": query.parameter.description,
                    "schema": schema,
                }
                if schema.get("type") == "array":
                    param.update(style="form", explode=False)
                params.setdefault(query.wire_name, param)
        return list(params.values())

    def body_schema(self, operation: Operation) -> dict[str, Any]:
        body = operation.body
        assert body is not None
        if body.model is not None:
            name = f"{body.model}{'Create' if body.mode == 'create' else 'Update'}"
            self.needed.add(name)
            return ref("schemas", name)
        return shape_schema(body.shape)

    @staticmethod
    def form_schema(operation: Operation) -> dict[str, Any]:
        """A form post's fields; a file field is the file's raw bytes."""
        assert operation.body is not None
        schema = shape_schema(operation.body.shape)
        for key, value in operation.body.shape.items():
            if isinstance(value, ParamRef) and isinstance(value.type, FileType):
                schema["properties"][key] = {"type": "string", "format": "binary"}
        return schema

    def envelope(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "required": [self.api.envelope], "properties": {self.api.envelope: schema}}

    def success_response(self, first: Operation, operations: list[Operation]) -> dict[str, Any]:
        returns = first.returns
        if any((op.returns, op.results_object) != (returns, first.results_object) for op in operations):
            raise OpenAPIError(f"{first.method} {first.path_template}: its methods return different things")
        if returns.model is None:
            name, description = "Success", "Done."
        else:
            name = f"{returns.model}{'Map' if returns.kind == 'map' else ''}Results"
            if first.results_object:
                name = f"{returns.model}ObjectResults"
            description = {
                "one": f"The {returns.model}, as the only item of Results.",
                "optional": f"The {returns.model} as the only item of Results, or an empty Results.",
                "map": f"{returns.model} records keyed by name, as the only item of Results.",
                "list": f"A page of {returns.model} records.",
            }[returns.kind]
            if first.results_object:
                description = f"The {returns.model}, as Results itself" + (" (an empty list when none)." if returns.kind == "optional" else ".")
        self.needed.add(name)
        media: dict[str, Any] = {"schema": ref("schemas", name)}
        examples = self.examples([e for op in operations for e in op.examples], "response")
        if examples:
            media["examples"] = examples
        return {"description": description, "content": {"application/json": media}}

    @staticmethod
    def examples(examples: list[Example], part: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for example in examples:
            value = example.request if part == "request" else example.response
            if value is None or any(e["value"] == value for e in found.values()):
                continue
            entry: dict[str, Any] = {"summary": example.note or "As documented."}
            entry["value"] = value
            found[f"example{len(found) + 1}"] = entry
        return found

    # -- errors

    def error_statuses(self) -> list[tuple[str, str]]:
        """(status, error class) for each status the API's errors use; 5xx as its codes show."""
        api = self.api
        pairs: list[tuple[str, str]] = []
        for status, cls in api.status_errors:
            if status.endswith("xx"):
                digit = status[0]
                found = sorted({str(c.http_status) for c in api.error_codes if str(c.http_status).startswith(digit)})
                pairs += [(s, cls) for s in found or [f"{digit}00"]]
            else:
                pairs.append((status, cls))
        return sorted(set(pairs))

    def error_refs(self) -> dict[str, Any]:
        return {status: ref("responses", cls) for status, cls in self.error_statuses()}

    def error_responses(self) -> dict[str, Any]:
        api = self.api
        responses: dict[str, Any] = {}
        for _, cls in self.error_statuses():
            if cls in responses:
                continue
            error_class = next((c for c in api.error_classes if c.name == cls), None)
            text = error_class.description if error_class else cls
            codes = [f"{c.code} ({c.meaning.rstrip('.')})" for c in api.error_codes if c.error_class == cls]
            if codes:
                text += " API codes: " + "; ".join(codes) + "."
            responses[cls] = {
                "description": f"{cls}: {text}",
                "content": {"application/json": {"schema": ref("schemas", "Error")}},
            }
        return responses

    # -- schemas

    def component_schemas(self) -> dict[str, Any]:
        api = self.api
        schemas: dict[str, Any] = {}
        shared_enums = [e for s in self.project.shared for e in s.enums]
        for enum in [*shared_enums, *(e for e, _ in self.project.enums)]:
            lines = [enum.description, ""] + [f"- {v.wire}: {v.description}" for v in enum.values]
            schemas[enum.name] = {
                "type": "string",
                "description": "\n".join(lines).strip(),
                "enum": [v.wire for v in enum.values],
            }
        for model in self.models.values():
            schemas[model.name] = self.model_schema(model)
        for name in sorted(self.needed):
            if name in schemas:
                raise OpenAPIError(f"the schema name '{name}' is taken by a model or enum of the spec")
            schemas[name] = self.generated_schema(name)
        envelope = api.envelope
        schemas["Pagination"] = {
            "type": "object",
            "description": "Paging totals, present when the request asked for them.",
            "properties": {
                "TotalRows": {"type": "integer"},
                "PageSize": {"type": "integer"},
                "TotalPages": {"type": "integer"},
                "CurrentPage": {"type": "integer"},
            },
        }
        schemas["Error"] = {
            "type": "object",
            "required": [envelope],
            "properties": {
                envelope: {
                    "type": "object",
                    "required": ["Success"],
                    "properties": {
                        "Success": {"type": "boolean", "const": False},
                        "Code": {"type": "integer", "description": "The API's error code; the index of the docs lists them."},
                        "Message": {"type": "string"},
                        "Errors": {"type": "array", "items": {}},
                        "Details": {"type": "array", "items": {}},
                        "SparkQLErrors": {"type": "array", "items": {}},
                    },
                }
            },
        }
        return schemas

    def model_schema(self, model: Model) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for attr in model.attributes:
            notes = []
            if attr.writeable == "conditional":
                notes.append(f"Writeable only in some cases: {attr.writeable_note}")
            if attr.expansion:
                notes.append(f"Returned only with the {attr.wire_name} expansion.")
            schema = nullable(type_schema(attr.type))
            schema["description"] = attribute_description(attr.description, notes)
            if not attr.is_writeable:
                schema["readOnly"] = True
            properties[attr.wire_name] = schema
        return {"type": "object", "description": model.description, "properties": properties}

    def generated_schema(self, name: str) -> dict[str, Any]:
        """The envelope and write schemas named by ``needed``."""
        api = self.api
        if name == "Success":
            return self.envelope({"type": "object", "required": ["Success"], "properties": {"Success": {"type": "boolean", "const": True}}})
        if name.endswith("MapResults"):
            record = name.removesuffix("MapResults")
            named = {"type": "object", "additionalProperties": ref("schemas", record)}
            return self.envelope(
                {
                    "type": "object",
                    "required": ["Success", "Results"],
                    "properties": {"Success": {"type": "boolean", "const": True}, "Results": {"type": "array", "items": named}},
                }
            )
        if name.endswith("ObjectResults"):
            record = name.removesuffix("ObjectResults")
            return self.envelope(
                {
                    "type": "object",
                    "required": ["Success", "Results"],
                    "properties": {"Success": {"type": "boolean", "const": True}, "Results": ref("schemas", record)},
                }
            )
        if name.endswith("Results"):
            record = name.removesuffix("Results")
            return self.envelope(
                {
                    "type": "object",
                    "required": ["Success", "Results"],
                    "properties": {
                        "Success": {"type": "boolean", "const": True},
                        "Results": {"type": "array", "items": ref("schemas", record)},
                        "Pagination": ref("schemas", "Pagination"),
                    },
                }
            )
        mode = "create" if name.endswith("Create") else "update"
        model = self.models[name.removesuffix("Create" if mode == "create" else "Update")]
        properties: dict[str, Any] = {}
        required: list[str] = []
        for attr in model.writeable_attributes:
            notes = []
            if attr.writeable == "conditional":
                notes.append(f"Writeable only in some cases: {attr.writeable_note}")
            if attr.required == "conditional":
                notes.append(f"Required in some cases: {attr.required_note}")
            attr_schema = nullable(type_schema(attr.type))
            attr_schema["description"] = attribute_description(attr.description, notes)
            properties[attr.wire_name] = attr_schema
            if mode == "create" and attr.required == "yes":
                required.append(attr.wire_name)
        verb = "create" if mode == "create" else "change (only the attributes given are changed)"
        schema: dict[str, Any] = {
            "type": "object",
            "description": f"The writeable attributes of {model.name}, to {verb} one in {api.title}.",
        }
        if required:
            schema["required"] = required
        schema["properties"] = properties
        schema["additionalProperties"] = False
        return schema


def shape_schema(shape: Any) -> dict[str, Any]:
    """The schema of a shaped body: its keys are always sent, its values typed."""
    if isinstance(shape, dict):
        return {
            "type": "object",
            "required": list(shape),
            "properties": {key: shape_schema(value) for key, value in shape.items()},
            "additionalProperties": False,
        }
    if isinstance(shape, list):
        return {"type": "array", "items": shape_schema(shape[0]) if shape else {}}
    if isinstance(shape, ParamRef):
        return type_schema(shape.type)
    return {"const": shape}


def build(project: Project) -> dict[str, Any]:
    return Builder(project).build()


def dump(document: dict[str, Any]) -> str:
    return dump_yaml(document)


def render(project: Project, header: str, cache_dir: Path | None = None) -> str:
    """The text of ``openapi.yaml``: the header comment line, then the document."""
    return render_parts(project, header, cache_dir)[0]


def render_parts(
    project: Project, header: str, cache_dir: Path | None = None, seeds: dict[str, str] | None = None
) -> tuple[str, tuple[Part, ...]]:
    """The text of ``openapi.yaml`` and its fragments (``generator.fragments``).

    The YAML of each path item and each component schema is kept by a hash of its data
    (``dump_parts``): in ``cache_dir``, and taken from ``seeds`` (the previous output's
    fragments), so that an edit dumps only what it changed, in a fresh clone too.
    """
    fragments = Fragments(cache_dir / _FRAGMENTS if cache_dir is not None else None, seeds)
    text, parts = dump_parts(build(project), fragments)
    fragments.save()
    return f"{header}\n{text}", shift(parts, len(header) + 1)


_FRAGMENTS = "openapi-fragments-v2.json"
# Everything that changes the YAML of a fragment, so a cached one never outlives it: the
# YAML writer's code and this module's.
_FRAGMENT_SALT = (
    f"generator.yamltext {hashlib.sha256(Path(yamltext.__file__).read_bytes()).hexdigest()} "
    f"{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}\n"
)


class _Unsplittable(Exception):
    """A fragment whose YAML alone would not be the lines it has in the whole document."""


def _dump_under(parents: tuple[str, ...], key: str, value: Any) -> str:
    """The lines of ``key: value`` as the whole document's dump has them below ``parents``."""
    nested: Any = {key: value}
    for parent in reversed(parents):
        nested = {parent: nested}
    text = dump(nested)
    prefix = "".join(f"{'  ' * depth}{parent}:\n" for depth, parent in enumerate(parents))
    if not text.startswith(prefix):
        raise _Unsplittable(key)
    return text[len(prefix) :]


def dump_cached(document: dict[str, Any], cache_file: Path) -> str:
    """``dump(document)``, byte for byte, from fragments kept in ``cache_file``."""
    fragments = Fragments(cache_file)
    text = dump_parts(document, fragments)[0]
    fragments.save()
    return text


def dump_parts(document: dict[str, Any], fragments: Fragments) -> tuple[str, list[Part]]:
    """``dump(document)``, byte for byte, from the YAML of its parts, and where each
    part sits in it: each top-level entry, each path item and each component schema is
    dumped on its own (under its parents, so indentation and line wrapping are those of
    the whole) and kept in ``fragments`` by a hash of its data. Falls back to one dump
    (and no parts) when a part cannot be split off exactly (a key that is not a string)."""
    chunks: list[str] = []
    parts: list[Part] = []
    offset = 0

    def add(text: str, key: str | None = None) -> None:
        nonlocal offset
        chunks.append(text)
        if key is not None:
            parts.append(Part(key, offset, len(text), check_of(text)))
        offset += len(text)

    def part(parents: tuple[str, ...], key: str, value: Any) -> None:
        digest = key_of(_FRAGMENT_SALT, json.dumps([parents, key, value], ensure_ascii=False))
        text = fragments.get(digest)
        if text is None:
            text = _dump_under(parents, key, value)
            fragments.put(digest, text)
        add(text, digest)

    try:
        for key, value in document.items():
            if key in ("paths", "components") and isinstance(value, dict) and value:
                add(f"{key}:\n")
                for inner, item in cast("dict[str, Any]", value).items():
                    if key == "components" and isinstance(item, dict) and item:
                        add(f"  {inner}:\n")
                        for name, schema in cast("dict[str, Any]", item).items():
                            part((key, inner), name, schema)
                    else:
                        part((key,), inner, item)
            else:
                part((), key, value)
    except (_Unsplittable, TypeError, ValueError):
        return dump(document), []
    return "".join(chunks), parts


def count_operations(document: dict[str, Any]) -> int:
    return sum(1 for item in document["paths"].values() for key in item if key in _METHOD_KEYS.values())

