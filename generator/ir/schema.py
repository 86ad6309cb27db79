"""The shape of spec files, once: the parser reads its keys from here, and
``sparkgen schema`` publishes it as JSON Schema (spec/schema.json) for editors.

Each ``$defs`` entry describes one kind of mapping. ``required`` and ``properties`` are
what the parser enforces (unknown keys, missing keys); the value schemas help editors
complete and flag values as you type, while the parser checks values itself with
messages that know the context (types, references, examples).
"""

from __future__ import annotations

import json
from typing import Any

_TEXT: dict[str, Any] = {"type": "string"}
_BOOL: dict[str, Any] = {"type": "boolean"}
_TRISTATE: dict[str, Any] = {"oneOf": [{"type": "boolean"}, {"const": "conditional"}]}
_METHOD: dict[str, Any] = {"enum": ["GET", "POST", "PUT", "DELETE"]}
_TYPE_EXPR: dict[str, Any] = {
    "type": "string",
    "description": (
        "string, integer, decimal, boolean, timestamp, date, us_date, time, json, an enum or model of this"
        " file or of spec/models/, or list[...] or map[...] of one; file for an operation parameter that uploads one"
    ),
}


# A documented body written inline: any object but a file reference ({file: ...}).
_INLINE_BODY: dict[str, Any] = {"type": "object", "not": {"required": ["file"]}}


# How a webhook delivery may be signed: an HMAC of the raw body keyed with the secret,
# written in the signature header in one of these encodings.
WEBHOOK_ALGORITHMS = ("hmac_sha256", "hmac_sha1")
WEBHOOK_ENCODINGS = ("hex", "base64")

# The URL keys of an auth scheme (see spec/api.yaml, auth.schemes).
AUTH_URL_KEYS = ("authorization_url", "portal_authorization_url", "grant_url", "discovery_url", "logout_url", "session_url")


def _ref(kind: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{kind}"}


def _map_of(kind: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": _ref(kind)}


def _list_of(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def _object(required: dict[str, Any], optional: dict[str, Any] | None = None, description: str = "") -> dict[str, Any]:
    shape: dict[str, Any] = {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
        "additionalProperties": False,
    }
    if description:
        shape["description"] = description
    return shape


DEFS: dict[str, dict[str, Any]] = {
    "api": _object(
        {
            "title": _TEXT,
            "base_url": {"type": "string", "format": "uri"},
            "version": _TEXT,
            "envelope": _TEXT,
            "headers": _ref("headers"),
            "auth": _ref("auth"),
            "errors": _ref("errors"),
        },
        {"description": _TEXT, "query_parameters": _map_of("query_parameter"), "path_parameters": _map_of("path_parameter")},
        "spec/api.yaml: what every service shares.",
    ),
    "headers": _object({"user_agent": _TEXT}, {"request_id": _TEXT}),
    "auth": _object(
        {"scheme": {"enum": ["Bearer", "OAuth"]}},
        {
            "description": _TEXT,
            "expired_token_code": {"type": "integer"},
            "invalid_codes": _list_of({"type": "integer"}),
            "schemes": _map_of("auth_scheme"),
        },
    ),
    "auth_scheme": _object(
        {"kind": {"enum": ["bearer", "oauth2_code", "openid_connect", "openid_oauth2_hybrid", "api_session"]}},
        {
            "source": {"type": "string", "format": "uri"},
            "description": _TEXT,
            **{key: {"type": "string", "format": "uri-template"} for key in AUTH_URL_KEYS},
            "parameters": {"type": "object", "additionalProperties": _TEXT, "description": "Our role (client_id, redirect_uri, state, code, nonce, key, signature, token) -> the wire name."},
            "fixed_parameters": {"type": "object", "additionalProperties": _TEXT, "description": "Sent as they are with every authorization request."},
            "access_token_lifetime": {"type": "integer", "description": "Seconds."},
            "session_lifetime": {"type": "integer", "description": "Seconds."},
            "idle_timeout": {"type": "integer", "description": "Seconds."},
            "digest": {"enum": ["md5"]},
            "session_signature": {"type": "string", "description": "What is digested to start a session: {secret}, {key}."},
            "request_signature": {"type": "string", "description": "What is digested for each request: {secret}, {key}, {path}, {params}, {body}."},
        },
    ),
    "query_parameter": _object({"wire": _TEXT, "type": _TYPE_EXPR}, {"description": _TEXT, "on_every_read": _BOOL}),
    "errors": _object(
        {"classes": _map_of("error_class"), "codes": _map_of("error_code"), "statuses": {"type": "object", "additionalProperties": _TEXT}}
    ),
    "error_class": _object({"base": _TEXT, "description": _TEXT}),
    "error_code": _object({"status": {"type": "integer"}, "class": _TEXT, "meaning": _TEXT}),
    "service": _object(
        {
            "service": {"type": "string", "description": "The title of the documentation page."},
            "source": {"type": "string", "format": "uri"},
            "roles": _ref("roles"),
            "mounts": _list_of(_ref("mount")),
            "endpoints": _list_of(_ref("endpoint")),
        },
        {
            "description": _TEXT,
            "notes": _list_of(_TEXT),
            "path_parameters": _map_of("path_parameter"),
            "models": _map_of("model"),
            "enums": _map_of("enum"),
            "expansions": _map_of("expansion"),
            "query_parameters": _map_of("query_parameter"),
            "covers": {
                "type": "array",
                "items": _TEXT,
                "description": "Other catalogue services this file documents too (an incomplete-listings twin, a page of query parameters).",
            },
            "webhooks": {
                **_map_of("webhook"),
                "description": "Requests the API sends to the developer's server, by snake_case name (sparkapi.webhooks.parse_<name>).",
            },
        },
        "spec/services/<module>.yaml: one documented service.",
    ),
    "shared": _object(
        {},
        {"description": _TEXT, "enums": _map_of("enum"), "models": _map_of("model")},
        "spec/models/<module>.yaml: enums and models any service may use by name.",
    ),
    "roles": _object({role: _ref("role_access") for role in ("idx", "public", "vow", "portal", "private")}),
    "role_access": _object({"read": _BOOL, "write": _BOOL}, {"note": _TEXT}),
    "enum": _object({"values": {"type": "object", "additionalProperties": _TEXT}}, {"description": _TEXT}),
    "model": _object(
        {"attributes": _map_of("attribute")},
        {
            "description": _TEXT,
            "response_only": _BOOL,
            "writeable": {"type": "boolean", "description": "The default of every attribute that does not say."},
            "maskable": {"type": "boolean", "description": "The default of every attribute that does not say: may the API send the masked marker instead of a value."},
        },
    ),
    "attribute": _object(
        {"type": _TYPE_EXPR},
        {
            "writeable": {**_TRISTATE, "description": "Defaults to the model's writeable, else false in a response_only model."},
            "required": _TRISTATE,
            "description": _TEXT,
            "writeable_note": _TEXT,
            "required_note": _TEXT,
            "expansion": _BOOL,
            "maskable": _BOOL,
            "samples": {
                "type": "array",
                "description": "Realistic values the local server draws from when it makes up records; each must fit the type.",
            },
            "field_container": {
                "type": "boolean",
                "description": "A model attribute whose keys are the fields _select and _orderby name (a listing's StandardFields).",
            },
            "filter_rules": _ref("filter_rules"),
        },
    ),
    "filter_rules": _object(
        {},
        {
            "max_depth": {"type": "integer", "minimum": 0, "description": "How deep parentheses may nest (0: no groups)."},
            "forbidden_fields": {"type": "array", "items": _TEXT, "description": "Fields the filter may not name."},
            "unique_fields": {"type": "boolean", "description": "When true no two conditions may name the same field."},
        },
        "Documented restrictions on a SparkQL string, checked by the SDK before sending.",
    ),
    "expansion": _object(
        {"roles": _TEXT, "description": _TEXT},
        {
            "single_record_only": _BOOL,
            "records": {
                "type": "string",
                "description": (
                    "The mount (e.g. listings.photos) whose list, for the expanded record's id, holds the"
                    " records this expansion embeds: the docs say so and the local server embeds them."
                ),
            },
        },
    ),
    "webhook": _object(
        {"description": _TEXT, "payload": {**_TYPE_EXPR, "description": "The delivered body: a model, or list[...] of one."}},
        {
            "envelope": {"type": "boolean", "description": "The body arrives inside the API's envelope ({\"D\": ...})."},
            "signature": _ref("webhook_signature"),
            "examples": _list_of(_ref("webhook_example")),
        },
        "A request the API POSTs to a URL the developer registered.",
    ),
    "webhook_signature": _object(
        {"header": _TEXT, "algorithm": {"enum": list(WEBHOOK_ALGORITHMS)}},
        {
            "encoding": {"enum": list(WEBHOOK_ENCODINGS), "description": "How the digest is written in the header (default hex)."},
            "prefix": {"type": "string", "description": "Text before the digest in the header, e.g. sha256=."},
        },
        "How a delivery proves it came from the API: the header holding a digest of the raw body keyed with the secret.",
    ),
    "webhook_example": _object(
        {"body": {"anyOf": [_ref("example_file"), _INLINE_BODY, {"type": "array"}]}},
        {"note": _TEXT},
        "A documented delivered body, checked against the payload.",
    ),
    "path_parameter": _object(
        {"type": _TYPE_EXPR, "description": _TEXT, "example": {"type": ["string", "integer"]}},
        {
            "url": {
                "type": "boolean",
                "description": "The value is a whole URL the API hands out (an upload ticket's Uri): the parameter is then the whole"
                " path of its mount, and its example an https URL.",
            }
        },
    ),
    "mount": _object(
        {"accessor": {"type": "string", "pattern": r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$"}, "path": _TEXT},
        {
            "replicate_by": {
                "type": "string",
                "description": "Makes the mount's list replicable (sparkapi replicate): the timestamp attribute (of the record or of"
                " its field container) that says when a record last changed, e.g. ModificationTimestamp.",
            },
            "per_user": {
                "type": "boolean",
                "description": "The local server keeps the records of the mount's list apart per user (the token's user): each"
                " user reads and writes only its own.",
            },
            "contact_attribute": {
                "type": "string",
                "description": "With per_user: the attribute of the list's records holding the contact they belong to; a VOW or"
                " portal token then sees only the records of the contact it signed in as.",
            },
            "contact_record": {
                "type": "boolean",
                "description": "The mount reads (and changes) one record: for a VOW or portal token, its own contact's record"
                " of the service's list that names a contact_attribute (a consumer's /my/contact).",
            },
            "contact_parameter": {
                "type": "string",
                "description": "A path parameter of the mount holding a contact's id (contact_id): a VOW or portal token reaches"
                " the mount's paths only with the id of the contact it signed in as.",
            },
        },
    ),
    "endpoint": _object(
        {"title": _TEXT, "path": _TEXT},
        {
            "description": _TEXT,
            "mounts": _list_of(_TEXT),
            "operations": _map_of("operation"),
            "not_implemented": _list_of(_METHOD),
        },
    ),
    "operation": _object(
        {"method": _METHOD, "summary": _TEXT},
        {
            "description": _TEXT,
            "returns": {"type": "string", "description": "Model, list[Model], optional[Model] or map[Model] (one record of records keyed by name)"},
            "results": {
                "enum": ["object"],
                "description": "The API answers the one record as the Results object itself, not a one-record list (a"
                " Model or optional[Model] read). The SDK reads either form; the local server and the docs use this one.",
            },
            "body": _ref("body"),
            "params": _map_of("param"),
            "query": _list_of(_TEXT),
            "examples": _list_of(_ref("example")),
            "action": {
                "type": "string",
                "pattern": r"^[a-z][a-z0-9_]*$",
                "description": "What it does to the local server's state: create, update, delete, reorder, move, select, or a name of "
                "your own (answered with the documented response, state unchanged). Inferred when absent.",
            },
        },
    ),
    "param": _object(
        {"type": _TYPE_EXPR, "description": _TEXT},
        {
            "positional": _BOOL,
            "filter_rules": _ref("filter_rules"),
            "required": {"type": "boolean", "description": "false: the caller may leave it out, and it is not sent (default true)."},
            "max_bytes": {
                "type": "integer",
                "minimum": 1,
                "description": "A file parameter's size limit, as its page states; the SDK refuses a larger file before sending.",
            },
        },
    ),
    "body": _object(
        {},
        {
            "model": _TEXT,
            "mode": {"enum": ["create", "update"]},
            "shape": {},
            "encoding": {
                "enum": ["json", "multipart"],
                "description": "json (the default: the shape inside the envelope) or multipart: the shape's keys as the fields of an HTML form post, a file parameter as a file part.",
            },
        },
    ),
    "example": _object(
        {},
        {
            "request": {"anyOf": [_ref("example_file"), _INLINE_BODY]},
            "response": {"anyOf": [_ref("example_file"), _INLINE_BODY]},
            "note": _TEXT,
        },
    ),
    "example_file": _object(
        {"file": {"type": "string", "pattern": r"^examples/.+\.json$"}},
        {},
        "A documented body kept in a JSON file, relative to the spec directory.",
    ),
}


def keys(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) keys of one kind of mapping."""
    shape = DEFS[kind]
    required = tuple(shape["required"])
    return required, tuple(k for k in shape["properties"] if k not in required)


def json_schema() -> str:
    """The published JSON Schema: a spec file is api.yaml, a service file or a shared-models file."""
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sparkgen.invalid/spec/schema.json",
        "title": "sparkgen spec file",
        "anyOf": [_ref("api"), _ref("service"), _ref("shared")],
        "$defs": DEFS,
    }
    return json.dumps(document, indent=2) + "\n"
