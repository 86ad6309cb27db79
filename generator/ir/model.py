"""The typed intermediate representation: what templates see, and all they see.

Every name a template prints (wire name, snake_case attribute, class name, method
signature pieces) is computed once while building these frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from generator.ir.diagnostics import Location
from generator.ir.types import AnyType, ListType, ModelType

Tristate = Literal["yes", "no", "conditional"]
HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]
HTTP_METHODS: tuple[HttpMethod, ...] = ("GET", "POST", "PUT", "DELETE")
ROLES = ("idx", "public", "vow", "portal", "private")


@dataclass(frozen=True)
class FilterRules:
    """Documented restrictions on a SparkQL string (a saved search's Filter) that the SDK
    checks before sending: group depth, fields it may not name, one condition per field."""

    max_depth: int | None
    forbidden_fields: tuple[str, ...]
    unique_fields: bool
    loc: Location

    @property
    def summary(self) -> str:
        """The rules in a sentence, for docstrings and the reference."""
        rules = []
        if self.max_depth is not None:
            rules.append("no groups" if self.max_depth == 0 else f"groups nested at most {self.max_depth} deep")
        if self.forbidden_fields:
            rules.append(f"none of {', '.join(self.forbidden_fields)}")
        if self.unique_fields:
            rules.append("one condition per field")
        return f"Checked before sending ({'; '.join(rules)}); a breach raises sparkapi.sparkql.FilterRestrictionError."


@dataclass(frozen=True)
class Attribute:
    wire_name: str
    python_name: str
    type: AnyType
    writeable: Tristate
    writeable_note: str
    required: Tristate
    required_note: str
    description: str
    expansion: bool  # returned only when the expansion of the same name is asked for
    maskable: bool  # the API may send the masked marker in its place, for some roles
    loc: Location
    samples: tuple[Any, ...] = ()  # realistic values, for records the local server makes up
    field_container: bool = False  # its keys are what _select and _orderby name
    filter_rules: FilterRules | None = None  # a SparkQL string's documented restrictions

    @property
    def is_writeable(self) -> bool:
        return self.writeable != "no"


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    attributes: tuple[Attribute, ...]
    response_only: bool  # only ever returned; no attribute may be writeable
    loc: Location

    def attribute(self, wire_name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.wire_name == wire_name), None)

    @property
    def writeable_attributes(self) -> tuple[Attribute, ...]:
        return tuple(a for a in self.attributes if a.is_writeable)


@dataclass(frozen=True)
class EnumValue:
    wire: str
    member: str  # UPPER_SNAKE member name
    description: str


@dataclass(frozen=True)
class Enum:
    name: str
    description: str
    values: tuple[EnumValue, ...]
    loc: Location


@dataclass(frozen=True)
class Expansion:
    """An ``_expand`` name. ``records`` names the mount (e.g. ``listings.photos``) whose
    list, for the expanded record's id, holds the same records the expansion embeds."""

    name: str
    roles: str
    single_record_only: bool
    description: str
    records: str = ""
    loc: Location | None = None


@dataclass(frozen=True)
class PathParameter:
    """A declared path parameter: in api.yaml (shared by every service) or in a service."""

    name: str
    type: AnyType
    description: str
    example: Any
    loc: Location
    url: bool = False  # a whole URL the API hands out (a ticket's Uri), not one segment


@dataclass(frozen=True)
class RoleAccess:
    role: str
    read: bool
    write: bool
    note: str


@dataclass(frozen=True)
class Parameter:
    """A parameter of a generated method (path, query or body).

    Left out, an optional parameter is not sent at all; ``nullable`` ones may also be
    passed None, sent as JSON null. ``choices`` narrows a list of strings to the names
    the operation accepts (the service's expansions, for ``expand``).
    """

    python_name: str
    type: AnyType
    description: str
    required: bool
    positional: bool
    wire_name: str = ""
    nullable: bool = False
    choices: tuple[str, ...] = ()
    filter_rules: FilterRules | None = None
    url: bool = False  # a path parameter that is a whole URL (see PathParameter.url)


@dataclass(frozen=True)
class QueryParameter:
    """A platform query parameter (``_expand``, ``_limit``, ...) an operation accepts."""

    key: str  # spec name, e.g. 'expand'
    wire_name: str
    parameter: Parameter


@dataclass(frozen=True)
class ParamRef:
    """A parameter's value inside a body shape; ``each`` maps a list element-wise."""

    name: str
    type: AnyType
    each: bool


def iterated_parameter(shape: Any) -> str | None:
    """The parameter a body shape's list item maps over element-wise, if any."""
    if isinstance(shape, ParamRef):
        return shape.name if shape.each else None
    if isinstance(shape, dict):
        return next((n for n in map(iterated_parameter, shape.values()) if n), None)
    return None


@dataclass(frozen=True)
class Body:
    """How the method's arguments become the request body (inside the envelope).

    ``parameters`` are the arguments that feed it; ``model`` is set when the body is a
    model's writeable attributes (each parameter's ``wire_name`` is its key), ``mode``
    says whether required attributes must be passed; a ``shape`` body is the structure
    of ``shape``, with each ``ParamRef`` leaf filled from its parameter.
    """

    parameters: tuple[Parameter, ...]
    model: str | None
    mode: Literal["create", "update", "shape"]
    shape: Any  # JSON-like structure of the body with ParamRef leaves, to check examples
    loc: Location | None = None  # the body (its shape) in the spec
    encoding: Literal["json", "multipart"] = "json"  # multipart: an HTML form post (file uploads)


@dataclass(frozen=True)
class Returns:
    """What an operation gives back: nothing, one record, one or none, a page of records,
    or (``map``) one record that is an object of records keyed by name."""

    kind: Literal["none", "one", "optional", "list", "map"]
    model: str | None


@dataclass(frozen=True)
class Paging:
    """How to walk every page of a list operation; set when it accepts a page number."""

    method_name: str  # the generated iterator method, e.g. iter_list
    page_wire: str
    pagination_wire: str
    limit_wire: str


@dataclass(frozen=True)
class ExampleArgument:
    """One argument of an operation's documented example call, as data: the parameter
    and the JSON value the docs show for it."""

    name: str
    value: Any
    positional: bool


@dataclass(frozen=True)
class Example:
    request: Any  # the whole documented request body, {"D": {...}}, or None
    response: Any  # the whole documented response body, or None
    note: str
    locations: dict[str, Location]  # "request.D.Name" -> where that value was written


@dataclass(frozen=True)
class Operation:
    name: str
    method: HttpMethod
    summary: str
    description: str
    path_template: str  # relative to the version, with {python_name} placeholders
    path_parameters: tuple[Parameter, ...]
    query: tuple[QueryParameter, ...]
    body: Body | None
    returns: Returns
    examples: tuple[Example, ...]
    accessor: tuple[str, ...]  # the mount it belongs to: ("listings", "documents")
    example_arguments: tuple[ExampleArgument, ...]  # of the documented example call
    paging: Paging | None
    loc: Location
    # What the operation does to the local server's state (create, update, delete, reorder,
    # or a name of the spec's own); empty when the spec leaves the server to infer it.
    action: str = ""
    # The API answers the one record as a bare object under Results (``results: object``).
    results_object: bool = False

    @property
    def documented_response(self) -> Any:
        """The response the docs show first (``{"D": ...}``), or None when none is shown
        (the server then answers the plain success envelope)."""
        return next((e.response for e in self.examples if e.response is not None), None)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """Every parameter in signature order: positional first, then keyword-only."""
        body = self.body.parameters if self.body else ()
        params = (*self.path_parameters, *body, *(q.parameter for q in self.query))
        positional = [p for p in params if p.positional]
        keyword = [p for p in params if not p.positional]
        return (*positional, *sorted(keyword, key=lambda p: not p.required))

    @property
    def iteration_query(self) -> tuple[QueryParameter, ...]:
        """The query of the page iterator: the page number and the totals are its own."""
        paging = self.paging
        if paging is None:
            return ()
        return tuple(q for q in self.query if q.wire_name not in (paging.page_wire, paging.pagination_wire))

    @property
    def iteration_parameters(self) -> tuple[Parameter, ...]:
        """The page iterator's parameters: the operation's, less the page number and totals."""
        dropped = {q.parameter for q in self.query} - {q.parameter for q in self.iteration_query}
        return tuple(p for p in self.parameters if p not in dropped)


@dataclass(frozen=True)
class Endpoint:
    """One documented path (relative to its mount) with its methods."""

    title: str
    path: str
    operations: tuple[Operation, ...]
    not_implemented: tuple[HttpMethod, ...]
    description: str


@dataclass(frozen=True)
class Mount:
    """A service mounted at one accessor: ``client.listings.documents``."""

    accessor: tuple[str, ...]
    class_name: str
    base_path: str
    endpoints: tuple[Endpoint, ...]
    loc: Location  # the mount's accessor in the spec
    # The timestamp attribute (the record's, or its field container's) that says when a
    # record last changed; set when the mount's list is replicable (sparkapi replicate).
    replicate_by: str = ""
    # The local server keeps the mount's records per user; a VOW or portal token sees only
    # the records whose contact_attribute holds its own contact's id.
    per_user: bool = False
    contact_attribute: str = ""
    # A path parameter naming a contact: a VOW or portal token reaches only its own.
    contact_parameter: str = ""
    # Its one record is, for a VOW or portal token, its own contact's record of the
    # service's contact-scoped list (a consumer's /my/contact).
    contact_record: bool = False

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for ep in self.endpoints for op in ep.operations)

    @property
    def dotted(self) -> str:
        return ".".join(self.accessor)


@dataclass(frozen=True)
class WebhookSignature:
    """How a delivery is signed: ``header`` holds ``prefix`` and the digest (``algorithm``,
    an HMAC keyed with the developer's secret over the raw body), written in ``encoding``."""

    header: str
    algorithm: Literal["hmac_sha256", "hmac_sha1"]
    encoding: Literal["hex", "base64"]
    prefix: str


@dataclass(frozen=True)
class WebhookExample:
    body: Any  # the documented delivered body, as JSON data
    note: str
    locations: dict[str, Location]  # "body.Events[0]" -> where that value was written


@dataclass(frozen=True)
class Webhook:
    """A request the API POSTs to a URL the developer registered; the SDK parses (and,
    when ``signature`` is set, verifies) a delivered body into ``payload``."""

    name: str  # snake_case: sparkapi.webhooks.parse_<name>
    description: str
    payload: AnyType  # a ModelType, or a ListType of one
    envelope: bool  # the body is the payload inside the API's envelope ({"D": ...})
    signature: WebhookSignature | None
    examples: tuple[WebhookExample, ...]
    loc: Location

    @property
    def model(self) -> str:
        """The payload's model (of each item, for a list payload)."""
        payload = self.payload.item if isinstance(self.payload, ListType) else self.payload
        return payload.name if isinstance(payload, ModelType) else ""


@dataclass(frozen=True)
class Service:
    title: str
    module: str  # Python module name under sparkapi.resources
    spec_file: str  # path relative to the project, for headers and messages
    source: str
    description: str
    roles: tuple[RoleAccess, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    expansions: tuple[Expansion, ...]
    mounts: tuple[Mount, ...]
    notes: tuple[str, ...]
    loc: Location
    covers: tuple[str, ...] = ()  # other catalogue titles this file documents too
    path_parameters: tuple[PathParameter, ...] = ()  # the service's own declarations
    webhooks: tuple[Webhook, ...] = ()  # requests the API sends to the developer's server

    @property
    def doc_page(self) -> str:
        return f"{self.module}.md"


@dataclass(frozen=True)
class SharedModule:
    """``spec/models/<module>.yaml``: enums and models any service may use by name.

    Rendered as ``sparkapi.types.<module>`` and documented once, on ``docs/types/<module>.md``.
    """

    module: str
    spec_file: str
    description: str
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    loc: Location

    @property
    def doc_page(self) -> str:
        return f"types/{self.module}.md"

    @property
    def python_module(self) -> str:
        return f"sparkapi.types.{self.module}"


@dataclass(frozen=True)
class ErrorClass:
    name: str
    base: str
    description: str


@dataclass(frozen=True)
class ErrorCode:
    code: int
    http_status: int
    error_class: str
    meaning: str


@dataclass(frozen=True)
class AuthScheme:
    """One way into the API (spec/api.yaml, auth.schemes), as its page describes it."""

    name: str
    kind: str  # bearer, oauth2_code, openid_connect, openid_oauth2_hybrid, api_session
    description: str
    source: str
    urls: tuple[tuple[str, str], ...]  # (key, URL) in schema order: authorization_url, grant_url, ...
    parameters: tuple[tuple[str, str], ...]  # our role -> wire name
    fixed_parameters: tuple[tuple[str, str], ...]  # sent as they are
    lifetimes: tuple[tuple[str, int], ...]  # access_token_lifetime, session_lifetime, idle_timeout (seconds)
    digest: str = ""
    session_signature: str = ""
    request_signature: str = ""

    def url(self, key: str) -> str:
        return dict(self.urls).get(key, "")

    def lifetime(self, key: str) -> int | None:
        return dict(self.lifetimes).get(key)


@dataclass(frozen=True)
class Api:
    title: str
    base_url: str
    version: str
    user_agent_header: str
    request_id_header: str  # the response header naming the request, for support tickets
    envelope: str
    auth_scheme: str
    expired_token_code: int  # the error code after which a refreshable token is refreshed
    description: str
    error_classes: tuple[ErrorClass, ...]
    error_codes: tuple[ErrorCode, ...]
    status_errors: tuple[tuple[str, str], ...]  # '404' or '5xx' -> class, when no code matches
    spec_file: str
    path_parameters: tuple[PathParameter, ...] = ()  # shared by every service
    invalid_credentials_codes: tuple[int, ...] = ()  # credentials refused: raised, never refreshed
    auth_schemes: tuple[AuthScheme, ...] = ()

    def auth_scheme_of(self, kind: str) -> AuthScheme | None:
        """The declared scheme of that kind, if any (the validator allows one per kind)."""
        return next((s for s in self.auth_schemes if s.kind == kind), None)


@dataclass(frozen=True)
class AccessorNode:
    """A node of the client's attribute tree; a mount, a namespace, or both."""

    name: str
    path: tuple[str, ...]
    class_name: str
    mount: Mount | None
    module: str | None
    children: tuple[AccessorNode, ...]


@dataclass(frozen=True)
class Guide:
    """A page of prose written by hand (``spec/guides/<name>.md``): how to do a task with
    the SDK. Published with the reference; its python examples run in the tests."""

    name: str
    title: str  # its first "# " heading
    text: str
    spec_file: str

    @property
    def doc_page(self) -> str:
        return f"guides/{self.name}.md"


@dataclass(frozen=True)
class Project:
    api: Api
    services: tuple[Service, ...]
    accessors: tuple[AccessorNode, ...]  # top-level nodes, sorted by name
    shared: tuple[SharedModule, ...] = ()  # spec/models/*.yaml, sorted by module
    guides: tuple[Guide, ...] = ()  # spec/guides/*.md, sorted by name

    def shared_module_of(self, name: str) -> SharedModule | None:
        """The shared module declaring a model or enum of that name, if any."""
        for module in self.shared:
            if any(m.name == name for m in module.models) or any(e.name == name for e in module.enums):
                return module
        return None

    @property
    def shared_models(self) -> dict[str, Model]:
        return {m.name: m for module in self.shared for m in module.models}

    @property
    def webhooks(self) -> tuple[tuple[Webhook, Service], ...]:
        return tuple((w, s) for s in self.services for w in s.webhooks)

    @property
    def models(self) -> tuple[tuple[Model, Service], ...]:
        return tuple((m, s) for s in self.services for m in s.models)

    @property
    def enums(self) -> tuple[tuple[Enum, Service], ...]:
        return tuple((e, s) for s in self.services for e in s.enums)

    @property
    def namespaces(self) -> tuple[AccessorNode, ...]:
        """Accessor nodes that have no mount of their own, depth first."""
        found: list[AccessorNode] = []

        def walk(nodes: tuple[AccessorNode, ...]) -> None:
            for node in nodes:
                if node.mount is None:
                    found.append(node)
                walk(node.children)

        walk(self.accessors)
        return tuple(found)
