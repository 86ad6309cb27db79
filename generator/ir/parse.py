"""Located YAML nodes -> the typed IR.

This stage checks structure (known keys, value kinds) and resolves names (types, models,
enums, path parameters, example files), because the IR cannot be built without them.
Everything else, any rule that only reports a problem and leaves the structure as it is,
lives in ``validate.py``: that is where a new rule goes.
"""

from __future__ import annotations

import base64
import binascii

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Literal

from generator.ir import schema
from generator.ir.diagnostics import Diagnostics, Location, did_you_mean
from generator.ir.load import MapNode, Node, ScalarNode, SeqNode
from generator.ir.model import (
    HTTP_METHODS,
    ROLES,
    Api,
    AuthScheme,
    Attribute,
    Body,
    Endpoint,
    Enum,
    EnumValue,
    ErrorClass,
    ErrorCode,
    Example,
    ExampleArgument,
    iterated_parameter,
    Expansion,
    HttpMethod,
    Model,
    FilterRules,
    Operation,
    Paging,
    Parameter,
    ParamRef,
    PathParameter,
    QueryParameter,
    Mount,
    Returns,
    RoleAccess,
    Service,
    SharedModule,
    Tristate,
    Webhook,
    WebhookExample,
    WebhookSignature,
)
from generator.ir.naming import is_identifier, pascal_case, snake_case, upper_snake_case
from generator.ir.types import AnyType, FileType, ListType, parse_type

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_RETURNS = re.compile(r"^(list|optional|map)\[(\w+)\]$|^(\w+)$")

# Reads the JSON file an example names (path relative to the spec directory); reports
# and returns None when it cannot. Given by load_project, which knows the spec directory.
ExampleOpener = Callable[[str, Location], Node | None]


@dataclass
class SharedScope:
    """The names spec/models/ declares, for the services (and shared files) that use them."""

    enum_values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    model_names: set[str] = field(default_factory=set)


class Reader:
    """Structural checks on nodes, each failure recorded as a diagnostic."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags

    def mapping(self, node: Node | None, what: str, kind: str) -> MapNode | None:
        """The node as a mapping of the given kind (see schema.py), reporting stray or missing keys."""
        if node is None:
            return None
        if not isinstance(node, MapNode):
            self.diags.error(node.loc, "expected-mapping", f"{what} must be a mapping")
            return None
        required, optional = schema.keys(kind)
        allowed = (*required, *optional)
        for key, (key_loc, _) in node.entries.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                self.diags.error(key_loc, "unknown-key", f"'{key}' is not a key of {what}{hint}")
        for key in required:
            if key not in node.entries:
                self.diags.error(node.loc, "missing-key", f"{what} needs the key '{key}'")
        return node

    def entries(self, node: Node | None, what: str) -> list[tuple[str, Location, Node]]:
        """The entries of a mapping whose keys are names chosen by the spec author."""
        mapping = self.mapping_of_names(node, what)
        return [(k, loc, v) for k, (loc, v) in mapping.entries.items()] if mapping else []

    def mapping_of_names(self, node: Node | None, what: str) -> MapNode | None:
        if node is None:
            return None
        if not isinstance(node, MapNode):
            self.diags.error(node.loc, "expected-mapping", f"{what} must be a mapping")
            return None
        return node

    def sequence(self, node: Node | None, what: str) -> tuple[Node, ...]:
        if node is None:
            return ()
        if not isinstance(node, SeqNode):
            self.diags.error(node.loc, "expected-list", f"{what} must be a list")
            return ()
        return node.items

    def text(self, node: Node | None, what: str, default: str = "") -> str:
        if node is None:
            return default
        if isinstance(node, ScalarNode) and isinstance(node.value, str):
            return node.value.strip()
        self.diags.error(node.loc, "expected-string", f"{what} must be a string")
        return default

    def boolean(self, node: Node | None, what: str, default: bool = False) -> bool:
        if node is None:
            return default
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            return node.value
        self.diags.error(node.loc, "expected-boolean", f"{what} must be true or false")
        return default

    def integer(self, node: Node | None, what: str) -> int | None:
        if isinstance(node, ScalarNode) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        if node is not None:
            self.diags.error(node.loc, "expected-integer", f"{what} must be an integer")
        return None

    def tristate(self, node: Node | None, what: str) -> Tristate:
        if node is None:
            return "no"
        if isinstance(node, ScalarNode):
            if node.value is True:
                return "yes"
            if node.value is False:
                return "no"
            if node.value == "conditional":
                return "conditional"
        self.diags.error(node.loc, "expected-tristate", f"{what} must be true, false or conditional")
        return "no"


def to_python(node: Node, path: str, locations: dict[str, Location]) -> Any:
    """Plain JSON-like data from a node, recording where each value was written."""
    locations[path] = node.loc
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return [to_python(item, f"{path}[{i}]", locations) for i, item in enumerate(node.items)]
    return {
        key: to_python(value, f"{path}.{key}" if path else key, locations)
        for key, (_, value) in node.entries.items()
    }


# --------------------------------------------------------------------------- api.yaml


# The Spark platform's, for an api.yaml that does not say (or could not be read).
DEFAULT_ENVELOPE = "D"
DEFAULT_REQUEST_ID_HEADER = "X-Request-Id"
DEFAULT_EXPIRED_TOKEN_CODE = 1020


@dataclasses.dataclass(frozen=True)
class QueryParameterSpec:
    """A platform query parameter as api.yaml declares it."""

    wire: str
    type: AnyType
    description: str
    on_every_read: bool  # accepted by every GET that returns records, listed or not


def parse_api(node: Node, spec_file: str, diags: Diagnostics) -> tuple[Api, dict[str, QueryParameterSpec]] | None:
    """The platform description; also returns the shared query parameters by name."""
    read = Reader(diags)
    root = read.mapping(node, "the API description", "api")
    if root is None:
        return None
    headers = read.mapping(root.get("headers"), "headers", "headers")
    auth = read.mapping(root.get("auth"), "auth", "auth")
    query: dict[str, QueryParameterSpec] = {}
    for name, loc, value in read.entries(root.get("query_parameters"), "query_parameters"):
        entry = read.mapping(value, f"query parameter '{name}'", "query_parameter")
        if entry is None:
            continue
        parsed = parse_type(read.text(entry.get("type"), "type"), {}, set())
        if isinstance(parsed, str):
            diags.error(entry.value_loc("type"), "unknown-type", parsed)
            continue
        query[name] = QueryParameterSpec(
            read.text(entry.get("wire"), "wire"),
            parsed,
            read.text(entry.get("description"), "description"),
            read.boolean(entry.get("on_every_read"), "on_every_read"),
        )
    path_parameters = []
    for name, loc, value in read.entries(root.get("path_parameters"), "path_parameters"):
        declared = _path_parameter(read, name, loc, value, lambda node: _primitive_type(read, node))
        if declared is not None:
            path_parameters.append(declared)

    errors = read.mapping(root.get("errors"), "errors", "errors")
    classes: list[ErrorClass] = []
    codes: list[ErrorCode] = []
    statuses: list[tuple[str, str]] = []
    if errors is not None:
        for name, loc, value in read.entries(errors.get("classes"), "error classes"):
            entry = read.mapping(value, f"error class '{name}'", "error_class")
            if entry is not None:
                classes.append(ErrorClass(name, read.text(entry.get("base"), "base"), read.text(entry.get("description"), "description")))
        class_names = {c.name for c in classes} | {"SparkAPIError"}
        for key, loc, value in read.entries(errors.get("codes"), "error codes"):
            entry = read.mapping(value, f"error code {key}", "error_code")
            if entry is None:
                continue
            if not key.isdigit():
                diags.error(loc, "expected-integer", f"error code '{key}' must be a number")
                continue
            cls = read.text(entry.get("class"), "class")
            if cls not in class_names:
                diags.error(entry.value_loc("class"), "unknown-error-class", f"'{cls}' is not a declared error class{did_you_mean(cls, class_names)}")
            status = read.integer(entry.get("status"), "status") or 0
            codes.append(ErrorCode(int(key), status, cls, read.text(entry.get("meaning"), "meaning")))
        for key, loc, value in read.entries(errors.get("statuses"), "error statuses"):
            cls = read.text(value, f"status {key}")
            if not re.fullmatch(r"\d{3}|\dxx", key):
                diags.error(loc, "bad-status", f"'{key}' must be an HTTP status (404) or a class of them (5xx)")
            elif cls not in class_names:
                diags.error(value.loc, "unknown-error-class", f"'{cls}' is not a declared error class{did_you_mean(cls, class_names)}")
            else:
                statuses.append((key, cls))
    api = Api(
        title=read.text(root.get("title"), "title"),
        base_url=read.text(root.get("base_url"), "base_url").rstrip("/"),
        version=read.text(root.get("version"), "version"),
        user_agent_header=read.text(headers.get("user_agent") if headers else None, "user_agent"),
        request_id_header=read.text(headers.get("request_id") if headers else None, "request_id", DEFAULT_REQUEST_ID_HEADER),
        envelope=read.text(root.get("envelope"), "envelope"),
        auth_scheme=read.text(auth.get("scheme") if auth else None, "scheme"),
        expired_token_code=(read.integer(auth.get("expired_token_code"), "expired_token_code") if auth else None) or DEFAULT_EXPIRED_TOKEN_CODE,
        description=read.text(root.get("description"), "description"),
        error_classes=tuple(classes),
        error_codes=tuple(sorted(codes, key=lambda c: c.code)),
        status_errors=tuple(sorted(statuses)),
        spec_file=spec_file,
        path_parameters=tuple(path_parameters),
        invalid_credentials_codes=tuple(
            code for item in read.sequence(auth.get("invalid_codes") if auth else None, "invalid_codes")
            if (code := read.integer(item, "an invalid code")) is not None
        ),
        auth_schemes=parse_auth_schemes(read, auth.get("schemes") if auth else None),
    )
    return api, query


def parse_auth_schemes(read: Reader, node: Node | None) -> tuple[AuthScheme, ...]:
    """``auth.schemes``: each way into the API, at most one of each kind."""
    schemes: list[AuthScheme] = []
    for name, loc, value in read.entries(node, "auth schemes"):
        entry = read.mapping(value, f"auth scheme '{name}'", "auth_scheme")
        if entry is None:
            continue
        kind = read.text(entry.get("kind"), "kind")
        if any(s.kind == kind for s in schemes):
            read.diags.error(entry.value_loc("kind"), "duplicate-auth-kind", f"a second auth scheme of kind '{kind}'; declare one of each")
            continue

        def pairs(key: str) -> tuple[tuple[str, str], ...]:
            return tuple((k, read.text(v, f"{key}.{k}")) for k, _, v in read.entries(entry.get(key), key))

        schemes.append(
            AuthScheme(
                name=name,
                kind=kind,
                description=read.text(entry.get("description"), "description"),
                source=read.text(entry.get("source"), "source"),
                urls=tuple((k, read.text(entry.get(k), k)) for k in schema.AUTH_URL_KEYS if entry.get(k) is not None),
                parameters=pairs("parameters"),
                fixed_parameters=pairs("fixed_parameters"),
                lifetimes=tuple(
                    (k, seconds)
                    for k in ("access_token_lifetime", "session_lifetime", "idle_timeout")
                    if (seconds := read.integer(entry.get(k), k)) is not None
                ),
                digest=read.text(entry.get("digest"), "digest"),
                session_signature=read.text(entry.get("session_signature"), "session_signature"),
                request_signature=read.text(entry.get("request_signature"), "request_signature"),
            )
        )
    return tuple(schemes)


def _primitive_type(read: Reader, node: Node | None) -> AnyType | None:
    """A type of api.yaml, which declares no enums or models."""
    text = read.text(node, "type")
    if node is None or not text:
        return None
    parsed = parse_type(text, {}, set())
    if isinstance(parsed, str):
        read.diags.error(node.loc, "unknown-type", parsed)
        return None
    return parsed


def _path_parameter(read: Reader, name: str, loc: Location, node: Node, parse: Callable[[Node | None], AnyType | None]) -> PathParameter | None:
    entry = read.mapping(node, f"path parameter '{name}'", "path_parameter")
    if entry is None:
        return None
    if not is_identifier(name):
        read.diags.error(loc, "bad-identifier", f"path parameter '{name}' is not a Python identifier")
    param_type = parse(entry.get("type"))
    example_node = entry.get("example")
    example = example_node.value if isinstance(example_node, ScalarNode) else None
    if param_type is None:
        return None
    url = read.boolean(entry.get("url"), "url")
    return PathParameter(name, param_type, read.text(entry.get("description"), "description"), example, loc, url)


# --------------------------------------------------------------------- spec/models/


def parse_shared(files: list[tuple[str, str, Node]], diags: Diagnostics) -> tuple[list[SharedModule], SharedScope]:
    """``(spec_file, module, root node)`` of each spec/models/*.yaml -> the shared modules.

    Enums first, then models, so that a model may use any shared name, whichever file
    declares it. A name declared twice is reported by validate (duplicate-model).
    """
    scope = SharedScope()
    roots = []
    for spec_file, module, node in files:
        parser = ServiceParser(spec_file, module, None, diags)
        root = parser.read.mapping(node, "a shared-models file", "shared")
        if root is None:
            continue
        enums = parser._enums(root.get("enums"))
        for enum in enums:
            scope.enum_values.setdefault(enum.name, parser.enum_values[enum.name])
        model_nodes = parser.read.entries(root.get("models"), "models")
        scope.model_names |= {name for name, _, _ in model_nodes}
        roots.append((parser, root, enums, model_nodes))
    modules = []
    for parser, root, enums, model_nodes in roots:
        parser.enum_values = dict(scope.enum_values)
        parser.model_names = set(scope.model_names)
        models = tuple(m for m in (parser._model(n, loc, v) for n, loc, v in model_nodes) if m)
        for model in models:
            scope.models.setdefault(model.name, model)
        modules.append(
            SharedModule(
                module=parser.module,
                spec_file=parser.spec_file,
                description=parser.read.text(root.get("description"), "description"),
                models=models,
                enums=enums,
                loc=root.loc,
            )
        )
    return modules, scope


# ------------------------------------------------------------------------- services


class ServiceParser:
    """Builds one Service from one spec file's root node."""

    def __init__(
        self,
        spec_file: str,
        module: str,
        query_parameters: dict[str, QueryParameterSpec] | None,
        diags: Diagnostics,
        *,
        shared: SharedScope | None = None,
        api_path_parameters: Iterable[PathParameter] = (),
        open_example: ExampleOpener | None = None,
        envelope: str = DEFAULT_ENVELOPE,
    ) -> None:
        """``query_parameters`` is None when api.yaml could not be read: names used in
        ``query`` then go unchecked rather than each being reported as unknown. Type names
        resolve in the service's own declarations first, then in ``shared``."""
        self.spec_file = spec_file
        self.module = module
        self.query_parameters = query_parameters or {}
        self.query_parameters_known = query_parameters is not None
        self.diags = diags
        self.read = Reader(diags)
        self.shared = shared or SharedScope()
        self.enum_values: dict[str, tuple[str, ...]] = dict(self.shared.enum_values)
        self.model_names: set[str] = set(self.shared.model_names)
        self.models: dict[str, Model] = dict(self.shared.models)
        self.path_params: dict[str, PathParameter] = {p.name: p for p in api_path_parameters}
        self.open_example = open_example
        self.envelope = envelope
        self.own_query: dict[str, QueryParameterSpec] = {}  # the service's own query_parameters

    def parse(self, node: Node) -> Service | None:
        read = self.read
        root = read.mapping(node, "a service", "service")
        if root is None:
            return None
        enums = self._enums(root.get("enums"))
        model_nodes = read.entries(root.get("models"), "models")
        self.model_names |= {name for name, _, _ in model_nodes}
        models = tuple(m for m in (self._model(n, loc, v) for n, loc, v in model_nodes) if m)
        self.own_query = self._own_query_parameters(root.get("query_parameters"))
        self.models.update({m.name: m for m in models})
        expansions = self._expansions(root.get("expansions"))
        own_path_parameters = self._path_parameters(root.get("path_parameters"))
        endpoints_nodes = read.sequence(root.get("endpoints"), "endpoints")
        self._check_endpoint_mounts(endpoints_nodes, root.get("mounts"))
        mounts = []
        for node in read.sequence(root.get("mounts"), "mounts"):
            mount = self._mount(node, endpoints_nodes, expansions)
            if mount:
                mounts.append(mount)
        notes = tuple(read.text(n, "a note") for n in read.sequence(root.get("notes"), "notes"))
        return Service(
            title=read.text(root.get("service"), "service"),
            module=self.module,
            spec_file=self.spec_file,
            source=read.text(root.get("source"), "source"),
            description=read.text(root.get("description"), "description"),
            roles=self._roles(root.get("roles")),
            models=models,
            enums=enums,
            expansions=expansions,
            mounts=tuple(mounts),
            notes=notes,
            loc=root.loc,
            covers=tuple(read.text(n, "a catalogue title") for n in read.sequence(root.get("covers"), "covers")),
            path_parameters=own_path_parameters,
            webhooks=self._webhooks(root.get("webhooks")),
        )

    def _check_endpoint_mounts(self, endpoints: tuple[Node, ...], mounts: Node | None) -> None:
        declared = {
            self.read.text(m.get("accessor"), "accessor")
            for m in self.read.sequence(mounts, "mounts")
            if isinstance(m, MapNode)
        }
        for endpoint in endpoints:
            names = endpoint.get("mounts") if isinstance(endpoint, MapNode) else None
            for item in self.read.sequence(names, "mounts"):
                name = self.read.text(item, "a mount accessor")
                if name not in declared:
                    self.diags.error(item.loc, "unknown-mount", f"'{name}' is not the accessor of a mount of this service{did_you_mean(name, declared)}")

    # -- declarations

    def _roles(self, node: Node | None) -> tuple[RoleAccess, ...]:
        mapping = self.read.mapping(node, "roles", "roles")
        if mapping is None:
            return ()
        roles = []
        for role in ROLES:
            entry = self.read.mapping(mapping.get(role), f"role '{role}'", "role_access")
            if entry is not None:
                roles.append(
                    RoleAccess(
                        role,
                        self.read.boolean(entry.get("read"), "read"),
                        self.read.boolean(entry.get("write"), "write"),
                        self.read.text(entry.get("note"), "note"),
                    )
                )
        return tuple(roles)

    def _enums(self, node: Node | None) -> tuple[Enum, ...]:
        enums = []
        for name, loc, value in self.read.entries(node, "enums"):
            entry = self.read.mapping(value, f"enum '{name}'", "enum")
            if entry is None:
                continue
            values = tuple(
                EnumValue(wire, upper_snake_case(wire), self.read.text(desc, f"description of {wire}"))
                for wire, _, desc in self.read.entries(entry.get("values"), f"values of enum '{name}'")
            )
            self.enum_values[name] = tuple(v.wire for v in values)
            enums.append(Enum(name, self.read.text(entry.get("description"), "description"), values, loc))
        return tuple(enums)

    def _own_query_parameters(self, node: Node | None) -> dict[str, QueryParameterSpec]:
        """Query parameters only this service's operations take (typed with its own enums);
        a name api.yaml declares already is an error, since one key means one parameter."""
        declared: dict[str, QueryParameterSpec] = {}
        for name, loc, value in self.read.entries(node, "query_parameters"):
            entry = self.read.mapping(value, f"query parameter '{name}'", "query_parameter")
            if entry is None:
                continue
            if name in self.query_parameters:
                self.diags.error(loc, "duplicate-query-parameter", f"query parameter '{name}' is declared in api.yaml already; use it, or give this one another name")
                continue
            param_type = self._type(entry.get("type"), "type")
            if param_type is None:
                continue
            declared[name] = QueryParameterSpec(
                self.read.text(entry.get("wire"), "wire"),
                param_type,
                self.read.text(entry.get("description"), "description"),
                self.read.boolean(entry.get("on_every_read"), "on_every_read"),
            )
        return declared

    def _type(self, node: Node | None, what: str) -> AnyType | None:
        text = self.read.text(node, what)
        if node is None or not text:
            return None
        parsed = parse_type(text, self.enum_values, self.model_names)
        if isinstance(parsed, str):
            self.diags.error(node.loc, "unknown-type", parsed)
            return None
        return parsed

    def _model(self, name: str, loc: Location, node: Node) -> Model | None:
        entry = self.read.mapping(node, f"model '{name}'", "model")
        if entry is None:
            return None
        response_only = self.read.boolean(entry.get("response_only"), "response_only")
        # What an attribute that does not say is: the model's writeable, else read-only in a
        # response_only model; otherwise each attribute must say.
        default: Tristate | None = None
        if "writeable" in entry.entries:
            default = "yes" if self.read.boolean(entry.get("writeable"), "the model's writeable") else "no"
        elif response_only:
            default = "no"
        attributes = []
        # Whether the API may send the masked marker instead of a value: the model's
        # setting, unless an attribute says otherwise.
        model_maskable = self.read.boolean(entry.get("maskable"), "maskable")
        for wire, attr_loc, value in self.read.entries(entry.get("attributes"), f"attributes of '{name}'"):
            attr = self.read.mapping(value, "an attribute", "attribute")
            if attr is None:
                continue
            attr_type = self._type(attr.get("type"), "type")
            if "writeable" in attr.entries or default is None:
                if "writeable" not in attr.entries:
                    self.diags.error(
                        attr.loc,
                        "missing-key",
                        f"attribute '{wire}' needs the key 'writeable' (or model '{name}' a writeable: default, or response_only: true)",
                    )
                writeable = self.read.tristate(attr.get("writeable"), "writeable")
            else:
                writeable = default
            required = self.read.tristate(attr.get("required"), "required")
            if attr_type is None:
                continue
            attributes.append(
                Attribute(
                    wire_name=wire,
                    python_name=snake_case(wire),
                    type=attr_type,
                    writeable=writeable,
                    writeable_note=self.read.text(attr.get("writeable_note"), "writeable_note"),
                    required=required,
                    required_note=self.read.text(attr.get("required_note"), "required_note"),
                    description=self.read.text(attr.get("description"), "description"),
                    expansion=self.read.boolean(attr.get("expansion"), "expansion"),
                    maskable=self.read.boolean(attr.get("maskable"), "maskable") if "maskable" in attr.entries else model_maskable,
                    loc=attr_loc,
                    samples=tuple(to_python(n, "", {}) for n in self.read.sequence(attr.get("samples"), "samples")),
                    field_container=self.read.boolean(attr.get("field_container"), "field_container"),
                    filter_rules=self._filter_rules(attr.get("filter_rules")),
                )
            )
        return Model(name, self.read.text(entry.get("description"), "description"), tuple(attributes), response_only, loc)

    def _expansions(self, node: Node | None) -> tuple[Expansion, ...]:
        expansions = []
        for name, loc, value in self.read.entries(node, "expansions"):
            entry = self.read.mapping(value, f"expansion '{name}'", "expansion")
            if entry is not None:
                expansions.append(
                    Expansion(
                        name,
                        self.read.text(entry.get("roles"), "roles"),
                        self.read.boolean(entry.get("single_record_only"), "single_record_only"),
                        self.read.text(entry.get("description"), "description"),
                        self.read.text(entry.get("records"), "records"),
                        loc,
                    )
                )
        return tuple(expansions)

    def _webhooks(self, node: Node | None) -> tuple[Webhook, ...]:
        webhooks = []
        for name, loc, value in self.read.entries(node, "webhooks"):
            entry = self.read.mapping(value, f"webhook '{name}'", "webhook")
            if entry is None:
                continue
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                self.diags.error(loc, "bad-identifier", f"webhook name '{name}' must be a lower-case name (letters, digits, underscores)")
            payload = self._type(entry.get("payload"), "payload")
            if payload is None:
                continue
            examples = []
            for item in self.read.sequence(entry.get("examples"), "examples"):
                example = self.read.mapping(item, "a webhook example", "webhook_example")
                body = self._example_body(example.get("body")) if example is not None else None
                if example is None or body is None:
                    continue
                locations: dict[str, Location] = {}
                data = to_python(body, "body", locations)
                examples.append(WebhookExample(data, self.read.text(example.get("note"), "note"), locations))
            webhooks.append(
                Webhook(
                    name=name,
                    description=self.read.text(entry.get("description"), "description"),
                    payload=payload,
                    envelope=self.read.boolean(entry.get("envelope"), "envelope"),
                    signature=self._webhook_signature(entry.get("signature")),
                    examples=tuple(examples),
                    loc=loc,
                )
            )
        return tuple(webhooks)

    def _webhook_signature(self, node: Node | None) -> WebhookSignature | None:
        entry = self.read.mapping(node, "a webhook signature", "webhook_signature")
        if entry is None:
            return None
        algorithm = self.read.text(entry.get("algorithm"), "algorithm")
        encoding = self.read.text(entry.get("encoding"), "encoding", "hex")
        for key, value, allowed in (("algorithm", algorithm, schema.WEBHOOK_ALGORITHMS), ("encoding", encoding, schema.WEBHOOK_ENCODINGS)):
            if value not in allowed:
                self.diags.error(entry.value_loc(key), "webhook-signature", f"{key} '{value}' is not one of {', '.join(allowed)}{did_you_mean(value, allowed)}")
                return None
        return WebhookSignature(
            header=self.read.text(entry.get("header"), "header"),
            algorithm="hmac_sha1" if algorithm == "hmac_sha1" else "hmac_sha256",
            encoding="base64" if encoding == "base64" else "hex",
            prefix=self.read.text(entry.get("prefix"), "prefix"),
        )

    def _path_parameters(self, node: Node | None) -> tuple[PathParameter, ...]:
        """The service's own path parameters; each replaces api.yaml's of the same name
        (validate checks that the two agree on the type)."""
        own = []
        for name, loc, value in self.read.entries(node, "path_parameters"):
            declared = _path_parameter(self.read, name, loc, value, lambda n: self._type(n, "type"))
            if declared is not None:
                self.path_params[name] = declared
                own.append(declared)
        return tuple(own)

    # -- endpoints, per mount

    def _mount(self, node: Node, endpoint_nodes: tuple[Node, ...], expansions: tuple[Expansion, ...]) -> Mount | None:
        mount = self.read.mapping(node, "a mount", "mount")
        if mount is None:
            return None
        accessor_text = self.read.text(mount.get("accessor"), "accessor")
        accessor = tuple(accessor_text.split("."))
        for part in accessor:
            if not is_identifier(part):
                self.diags.error(mount.value_loc("accessor"), "bad-identifier", f"accessor part '{part}' is not a Python identifier")
                return None
        base_path = self.read.text(mount.get("path"), "path")
        path_loc = mount.value_loc("path")
        endpoints = []
        for endpoint_node in endpoint_nodes:
            if not self._applies_to(endpoint_node, accessor_text):
                continue
            endpoint = self._endpoint(endpoint_node, accessor, base_path, path_loc, expansions)
            if endpoint:
                endpoints.append(endpoint)
        replicate_by = self.read.text(mount.get("replicate_by"), "replicate_by")
        per_user = self.read.boolean(mount.get("per_user"), "per_user")
        contact_attribute = self.read.text(mount.get("contact_attribute"), "contact_attribute")
        contact_parameter = self.read.text(mount.get("contact_parameter"), "contact_parameter")
        contact_record = self.read.boolean(mount.get("contact_record"), "contact_record")
        return Mount(
            accessor,
            pascal_case(*accessor),
            base_path,
            tuple(endpoints),
            mount.value_loc("accessor"),
            replicate_by,
            per_user,
            contact_attribute,
            contact_parameter,
            contact_record,
        )

    def _applies_to(self, node: Node, accessor: str) -> bool:
        """An endpoint applies to every mount unless it names its mounts."""
        mounts = node.get("mounts") if isinstance(node, MapNode) else None
        if mounts is None:
            return True
        return accessor in (self.read.text(item, "a mount accessor") for item in self.read.sequence(mounts, "mounts"))

    def _endpoint(
        self,
        node: Node,
        accessor: tuple[str, ...],
        base_path: str,
        base_loc: Location,
        expansions: tuple[Expansion, ...],
    ) -> Endpoint | None:
        entry = self.read.mapping(node, "an endpoint", "endpoint")
        if entry is None:
            return None
        rel_path = self.read.text(entry.get("path"), "path")
        full_path = base_path + rel_path
        path_params = self._placeholders(full_path, entry.value_loc("path") if rel_path else base_loc)
        not_implemented: list[HttpMethod] = []
        for method_node in self.read.sequence(entry.get("not_implemented"), "not_implemented"):
            method = self._method(method_node)
            if method:
                not_implemented.append(method)
        operations = []
        for name, loc, value in self.read.entries(entry.get("operations"), "operations"):
            operation = self._operation(name, loc, value, accessor, full_path, path_params, expansions)
            if operation:
                operations.append(operation)
        return Endpoint(
            title=self.read.text(entry.get("title"), "title"),
            path=full_path,
            operations=tuple(operations),
            not_implemented=tuple(not_implemented),
            description=self.read.text(entry.get("description"), "description"),
        )

    def _method(self, node: Node) -> HttpMethod | None:
        text = self.read.text(node, "an HTTP method")
        for method in HTTP_METHODS:
            if text == method:
                return method
        if text:
            self.diags.error(node.loc, "unknown-method", f"'{text}' is not one of {', '.join(HTTP_METHODS)}")
        return None

    def _placeholders(self, path: str, loc: Location) -> tuple[Parameter, ...]:
        params = []
        for name in _PLACEHOLDER.findall(path):
            declared = self.path_params.get(name)
            if declared is None:
                known = did_you_mean(name, self.path_params)
                self.diags.error(loc, "undeclared-path-parameter", f"path '{path}' uses '{{{name}}}', which path_parameters does not declare{known}")
                continue
            params.append(Parameter(name, declared.type, declared.description, required=True, positional=True, url=declared.url))
        return tuple(params)

    def _operation(
        self,
        name: str,
        loc: Location,
        node: Node,
        accessor: tuple[str, ...],
        path: str,
        path_params: tuple[Parameter, ...],
        expansions: tuple[Expansion, ...],
    ) -> Operation | None:
        entry = self.read.mapping(node, f"operation '{name}'", "operation")
        if entry is None:
            return None
        method_node = entry.get("method")
        method = self._method(method_node) if method_node else None
        returns = self._returns(entry.get("returns"))
        query = self._query(entry.get("query"), expansions, reads_records=method == "GET" and returns is not None and returns.kind != "none")
        params = self._operation_params(entry.get("params"))
        body = self._body(entry.get("body"), params)
        if params and (body is None or body.mode != "shape"):
            self.diags.error(entry.value_loc("params"), "params-without-shape", "params feed a body shape; this operation has none")
        examples = self._examples(entry.get("examples"))
        action = self.read.text(entry.get("action"), "action")
        results = self.read.text(entry.get("results"), "results")
        if results not in ("", "object"):
            self.diags.error(entry.value_loc("results"), "results-object", f"results '{results}' must be 'object' (the one record as the Results object itself)")
        if method is None or returns is None:
            return None
        operation = Operation(
            name=name,
            method=method,
            summary=self.read.text(entry.get("summary"), "summary"),
            description=self.read.text(entry.get("description"), "description"),
            path_template=path,
            path_parameters=path_params,
            query=query,
            body=body,
            returns=returns,
            examples=examples,
            accessor=accessor,
            example_arguments=(),
            paging=self._paging(name, returns, query, entry.loc),
            loc=loc,
            action=action,
            results_object=results == "object",
        )
        return dataclasses.replace(operation, example_arguments=_example_arguments(operation, self.path_params, self.envelope))

    def _paging(self, name: str, returns: Returns | None, query: tuple[QueryParameter, ...], loc: Location) -> Paging | None:
        """List operations that take a page number also get a lazy iterator over all pages."""
        if returns is None or returns.kind != "list" or "page" not in {q.key for q in query}:
            return None
        wires = {key: self.query_parameters[key].wire for key in ("page", "pagination", "limit") if key in self.query_parameters}
        if len(wires) < 3:
            self.diags.error(loc, "paging-parameters", "iterating pages needs the page, pagination and limit query parameters in api.yaml")
            return None
        return Paging(f"iter_{name}", wires["page"], wires["pagination"], wires["limit"])

    def _returns(self, node: Node | None) -> Returns | None:
        if node is None:
            return Returns("none", None)
        text = self.read.text(node, "returns")
        match = _RETURNS.match(text)
        model = (match.group(2) or match.group(3)) if match else None
        if match is None or model not in self.model_names:
            self.diags.error(node.loc, "unknown-model", f"returns '{text}' must be a model of this service or of spec/models/, list[Model], optional[Model] or map[Model]{did_you_mean(model or text, self.model_names)}")
            return None
        kinds: dict[str, Literal["list", "optional", "map"]] = {"list": "list", "optional": "optional", "map": "map"}
        return Returns(kinds.get(match.group(1) or "", "one"), model)

    def _query(self, node: Node | None, expansions: tuple[Expansion, ...], reads_records: bool) -> tuple[QueryParameter, ...]:
        query = []
        keys: list[tuple[Node | None, str]] = [(item, self.read.text(item, "a query parameter name")) for item in self.read.sequence(node, "query")]
        known = {**self.query_parameters, **self.own_query}
        if reads_records:
            listed = {key for _, key in keys}
            keys += [(None, k) for k, spec in known.items() if spec.on_every_read and k not in listed]
        for item, key in keys:
            if key not in known:
                if self.query_parameters_known and item is not None:
                    self.diags.error(item.loc, "unknown-query-parameter", f"'{key}' is not a query parameter of api.yaml or of this service{did_you_mean(key, known)}")
                continue
            spec = known[key]
            choices: tuple[str, ...] = ()
            if key == "expand":
                if not expansions:
                    if item is not None:
                        self.diags.error(item.loc, "expand-without-expansions", "the operation accepts 'expand' but the service declares no expansions")
                    continue
                choices = tuple(e.name for e in expansions)
            parameter = Parameter(key, spec.type, spec.description, required=False, positional=False, wire_name=spec.wire, choices=choices)
            query.append(QueryParameter(key, spec.wire, parameter))
        return tuple(query)

    def _operation_params(self, node: Node | None) -> dict[str, tuple[AnyType, Parameter]]:
        params: dict[str, tuple[AnyType, Parameter]] = {}
        for name, loc, value in self.read.entries(node, "params"):
            entry = self.read.mapping(value, f"parameter '{name}'", "param")
            if entry is None:
                continue
            if not is_identifier(name):
                self.diags.error(loc, "bad-identifier", f"parameter '{name}' is not a Python identifier")
                continue
            param_type = self._type(entry.get("type"), "type")
            max_bytes_node = entry.get("max_bytes")
            if param_type is not None and max_bytes_node is not None:
                max_bytes = self.read.integer(max_bytes_node, "max_bytes")
                if not isinstance(param_type, FileType):
                    self.diags.error(max_bytes_node.loc, "bad-upload", f"max_bytes limits a file; parameter '{name}' is a {param_type.doc}")
                elif max_bytes is not None and max_bytes < 1:
                    self.diags.error(max_bytes_node.loc, "bad-upload", "max_bytes must be a positive number of bytes")
                elif max_bytes is not None:
                    param_type = FileType(max_bytes)
            if param_type is not None:
                positional = self.read.boolean(entry.get("positional"), "positional")
                description = self.read.text(entry.get("description"), "description")
                rules = self._filter_rules(entry.get("filter_rules"))
                if rules:
                    description = f"{description.rstrip('.')}. {rules.summary}"
                required = self.read.boolean(entry.get("required"), "required", default=True)
                if positional and not required:
                    self.diags.error(entry.value_loc("required"), "bad-shape", f"parameter '{name}' is positional, so it cannot be left out")
                    required = True
                params[name] = (param_type, Parameter(name, param_type, description, required=required, positional=positional, filter_rules=rules))
        return params

    def _filter_rules(self, node: Node | None) -> FilterRules | None:
        entry = self.read.mapping(node, "filter_rules", "filter_rules")
        if entry is None:
            return None
        forbidden = tuple(self.read.text(n, "a forbidden field") for n in self.read.sequence(entry.get("forbidden_fields"), "forbidden_fields"))
        return FilterRules(
            max_depth=self.read.integer(entry.get("max_depth"), "max_depth"),
            forbidden_fields=forbidden,
            unique_fields=self.read.boolean(entry.get("unique_fields"), "unique_fields"),
            loc=entry.loc,
        )

    def _body(self, node: Node | None, params: dict[str, tuple[AnyType, Parameter]]) -> Body | None:
        if node is None:
            return None
        entry = self.read.mapping(node, "a body", "body")
        if entry is None:
            return None
        if "shape" in entry.entries:
            used: set[str] = set()
            shape_node = entry.entries["shape"][1]
            shape = self._shape(shape_node, params, used, inside_list=False)
            encoding = self.read.text(entry.get("encoding"), "encoding", "json")
            if encoding not in ("json", "multipart"):
                self.diags.error(entry.value_loc("encoding"), "bad-body", f"a body's encoding is json or multipart, not '{encoding}'")
                encoding = "json"
            return Body(tuple(p for _, p in params.values()), None, "shape", shape, shape_node.loc, "multipart" if encoding == "multipart" else "json")
        if "encoding" in entry.entries:
            self.diags.error(entry.value_loc("encoding"), "bad-upload", "only a shaped body may set an encoding (a form's fields are its shape's keys)")
        model_name = self.read.text(entry.get("model"), "model")
        mode = self.read.text(entry.get("mode"), "mode")
        if mode not in ("create", "update"):
            self.diags.error(entry.loc, "bad-body", "a body needs either shape, or model with mode create or update")
            return None
        model = self.models.get(model_name)
        if model is None:
            where = entry.value_loc("model")
            self.diags.error(where, "unknown-model", f"'{model_name}' is not a model of this service or of spec/models/{did_you_mean(model_name, self.model_names)}")
            return None
        parameters = []
        for attr in model.writeable_attributes:
            required = mode == "create" and attr.required == "yes"
            parameters.append(
                Parameter(
                    attr.python_name,
                    attr.type,
                    _conditions(attr),
                    required,
                    False,
                    attr.wire_name,
                    nullable=not required,
                    filter_rules=attr.filter_rules,
                )
            )
        return Body(tuple(parameters), model_name, "create" if mode == "create" else "update", None, entry.loc)

    def _shape(self, node: Node, params: dict[str, tuple[AnyType, Parameter]], used: set[str], inside_list: bool) -> Any:
        if isinstance(node, MapNode):
            return {key: self._shape(value, params, used, inside_list) for key, (_, value) in node.entries.items()}
        if isinstance(node, SeqNode):
            if len(node.items) != 1:
                self.diags.error(node.loc, "bad-shape", "a list in a body shape holds exactly one item: the shape of each element")
                return []
            return [self._shape(node.items[0], params, used, inside_list=True)]
        value = node.value
        if isinstance(value, str) and value.startswith("$"):
            name, each = (value[1:-2], True) if value.endswith("[]") else (value[1:], False)
            if name not in params:
                self.diags.error(node.loc, "unknown-parameter", f"'{value}' names no parameter of this operation{did_you_mean(name, params)}")
                return None
            if each and not (inside_list and isinstance(params[name][0], ListType)):
                self.diags.error(node.loc, "bad-shape", f"'{value}' maps a list element-wise, so '{name}' must be a list and sit inside a list")
                return None
            used.add(name)
            param_type = params[name][0]
            return ParamRef(name, param_type.item if each and isinstance(param_type, ListType) else param_type, each)
        return value

    def _examples(self, node: Node | None) -> tuple[Example, ...]:
        examples = []
        for item in self.read.sequence(node, "examples"):
            entry = self.read.mapping(item, "an example", "example")
            if entry is None:
                continue
            locations: dict[str, Location] = {}
            request = self._example_body(entry.get("request"))
            response = self._example_body(entry.get("response"))
            examples.append(
                Example(
                    request=to_python(request, "request", locations) if request else None,
                    response=to_python(response, "response", locations) if response else None,
                    note=self.read.text(entry.get("note"), "note"),
                    locations=locations,
                )
            )
        return tuple(examples)

    def _example_body(self, node: Node | None) -> Node | None:
        """A body written inline, or ``{file: examples/...json}``: the nodes of that file."""
        if not (isinstance(node, MapNode) and "file" in node.entries and self.read.mapping(node, "an example file", "example_file")):
            return node
        file_node = node.get("file")
        name = self.read.text(file_node, "file")
        if not name or file_node is None:
            return None
        if self.open_example is None:  # no spec directory to read from (a parser used alone)
            self.diags.error(file_node.loc, "example-file", f"'{name}' cannot be read here: no spec directory")
            return None
        return self.open_example(name, file_node.loc)


def _conditions(attr: Attribute) -> str:
    """An attribute's description with the conditions the spec puts on writing it."""
    parts = [attr.description.rstrip()]
    if attr.writeable == "conditional":
        parts.append(f"Writeable only in some cases: {attr.writeable_note.strip()}")
    if attr.required == "conditional":
        parts.append(f"Required in some cases: {attr.required_note.strip()}")
    if attr.filter_rules:
        parts.append(attr.filter_rules.summary)
    return " ".join(p if p.endswith(".") else f"{p}." for p in parts if p)


def _example_arguments(operation: Operation, path_params: dict[str, PathParameter], envelope: str) -> tuple[ExampleArgument, ...]:
    """The documented example call's arguments: the path parameter examples, then what
    the request example gives the body's parameters."""
    args = [ExampleArgument(p.python_name, path_params[p.python_name].example, True) for p in operation.path_parameters]
    request = next((e.request for e in operation.examples if isinstance(e.request, dict)), None)
    data = request.get(envelope) if isinstance(request, dict) else None
    body = operation.body
    if body is not None and isinstance(data, dict):
        if body.model is not None:
            args += [ExampleArgument(snake_case(k), v, False) for k, v in data.items()]
        else:
            values = _shape_values(body.shape, data)
            args += [ExampleArgument(p.python_name, _argument(p, values[p.python_name]), p.positional) for p in body.parameters if p.python_name in values]
    return tuple(args)


def _argument(param: Parameter, value: Any) -> Any:
    """A documented file goes into the call as its bytes (a str would name a path)."""
    if isinstance(param.type, FileType) and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            return value.encode()
    return value


def _shape_values(shape: Any, data: Any) -> dict[str, Any]:
    """Recover parameter values from a request example by walking the body shape."""
    if isinstance(shape, ParamRef):
        return {shape.name: data}
    if isinstance(shape, dict) and isinstance(data, dict):
        found: dict[str, Any] = {}
        for key, sub in shape.items():
            if key in data:
                found.update(_shape_values(sub, data[key]))
        return found
    if isinstance(shape, list) and shape and isinstance(data, list):
        iterated = iterated_parameter(shape[0])
        items = [_shape_values(shape[0], item) for item in data]
        if iterated:
            return {iterated: [item.get(iterated) for item in items]}
        return items[0] if items else {}
    return {}
