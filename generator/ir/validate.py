"""Semantic rules over the finished IR. Every problem is collected; none stops the run.

This is the home of every rule that only reports: a new rule goes here, unless the IR
cannot be built without it (unknown keys, unresolved names), which parse.py checks.
"""

from __future__ import annotations

import keyword
import re
from urllib.parse import urlsplit
from typing import Any, Iterable

from generator.ir.diagnostics import Diagnostics, Location
from generator.ir import replication
from generator.ir.model import AccessorNode, Body, Example, Expansion, FilterRules, Model, Mount, Operation, ParamRef, PathParameter, Project, Returns, Service, Webhook, WebhookExample
from generator.ir.types import MASKED_WIRE, AnyType, FileType, IntegerType, ListType, MapType, ModelType, StringType

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ACTION = re.compile(r"^[a-z][a-z0-9_]*$")

# What the platform puts in a response envelope (LastUpdated: metadata services' last change).
RESPONSE_KEYS = {"Success", "Results", "Pagination", "Code", "Message", "Errors", "Version", "SkipToken", "LastUpdated"}


def validate(project: Project, diags: Diagnostics) -> None:
    # Examples of a file that already has errors would only repeat them (a model whose
    # attribute failed to parse "lacks" that attribute), so they are checked once it is clean.
    files_with_errors = {d.loc.file for d in diags.errors}
    checked: set[Location] = set()
    _unique_names(project, diags)
    _shared_module_cycles(project, diags)
    shared = project.shared_models
    for module in project.shared:
        for model in module.models:
            _model_rules(model, None, diags)
    _upload_rules(project, diags)
    for service in project.services:
        models = {**shared, **{m.name: m for m in service.models}}
        expansions = {e.name for e in service.expansions}
        for model in service.models:
            _model_rules(model, expansions, diags)
        for expansion in service.expansions:
            if expansion.records:
                problem = _expansion_records_problem(expansion, project, models)
                if problem:
                    diags.error(expansion.loc or service.loc, "expansion-records", problem)
        _path_parameter_rules(project, service, files_with_errors, diags)
        for webhook in service.webhooks:
            _webhook_rules(webhook, models, project.api.envelope, service.loc.file in files_with_errors, diags)
        for mount in service.mounts:
            if mount.replicate_by and service.loc.file not in files_with_errors:
                table = replication.table_for(mount, service, models)
                if isinstance(table, str):
                    diags.error(mount.loc, "replicate-by", table)
            if mount.per_user or mount.contact_attribute:
                problem = _per_user_problem(mount, models)
                if problem:
                    diags.error(mount.loc, "per-user", problem)
            if mount.contact_record and not _has_contact_list(mount, service, models):
                diags.error(mount.loc, "contact-record", f"mount '{mount.dotted}' is a contact_record but no mount of {service.title} lists its records with a contact_attribute")
            if mount.contact_parameter and "{" + mount.contact_parameter + "}" not in mount.base_path:
                diags.error(mount.loc, "contact-parameter", f"contact_parameter '{mount.contact_parameter}' is not a parameter of the path {mount.base_path}")
            taken: dict[str, Location] = {}
            for endpoint in mount.endpoints:
                for operation in endpoint.operations:
                    _operation_name(operation, taken, diags)
                    _unused_parameters(operation, diags)
                    if operation.body and operation.body.mode == "shape":
                        for param in operation.body.parameters:
                            if param.filter_rules:
                                _filter_rules_rule(f"parameter '{param.python_name}'", param.type, param.filter_rules, True, diags)
                    _parameter_clash(operation, diags)
                    body_model = models.get(operation.body.model or "") if operation.body else None
                    if body_model is not None and body_model.response_only:
                        diags.error(operation.loc, "body-of-response-model", f"operation '{operation.name}' writes {body_model.name}, which is response_only")
                    if operation.results_object and operation.returns.kind not in ("one", "optional"):
                        diags.error(operation.loc, "results-object", f"operation '{operation.name}' says results: object, but its returns is {operation.returns.kind}, and a bare Results object holds one record (a Model or optional[Model] read)")
                    if operation.method in endpoint.not_implemented:
                        diags.error(operation.loc, "method-conflict", f"{operation.method} {endpoint.path} is both implemented (by '{operation.name}') and listed in not_implemented")
            if service.loc.file in files_with_errors:
                continue
            for operation in mount.operations:
                if operation.loc in checked:  # the same spec operation, mounted again
                    continue
                checked.add(operation.loc)
                for example in operation.examples:
                    ExampleChecker(models, diags, project.api.envelope).check(operation, example)


def _listed_model(mount: Mount) -> str | None:
    """The model of the records a mount lists at its own path (GET), if it lists any."""
    base = mount.base_path.rstrip("/")
    for endpoint in mount.endpoints:
        for op in endpoint.operations:
            if endpoint.path.rstrip("/") == base and op.method == "GET" and op.returns.kind == "list":
                return op.returns.model
    return None


def _expansion_records_problem(expansion: Expansion, project: Project, models: dict[str, Model]) -> str:
    """Why the expansion's ``records`` mount cannot hold what the expansion embeds, if it cannot."""
    where = f"expansion '{expansion.name}' takes its records from '{expansion.records}'"
    mount = next((m for s in project.services for m in s.mounts if m.dotted == expansion.records), None)
    if mount is None:
        return f"{where}, which is no mount's accessor"
    if len(_PLACEHOLDER.findall(mount.base_path)) != 1:
        return f"{where}, whose path {mount.base_path} must hold exactly one parameter, the expanded record's id"
    listed = _listed_model(mount)
    if listed is None:
        return f"{where}, which has no GET of a list of records at its path"
    for model in models.values():
        attribute = model.attribute(expansion.name)
        if attribute is None or not attribute.expansion:
            continue
        item = attribute.type.item if isinstance(attribute.type, ListType) else None
        if not (isinstance(item, ModelType) and item.name == listed):
            return f"{where}, which lists {listed}, but {model.name}.{expansion.name} is not list[{listed}]"
    return ""


def _per_user_problem(mount: Mount, models: dict[str, Model]) -> str:
    """Why the local server cannot keep the mount's records per user (or per contact), if it cannot."""
    if not mount.per_user:
        return f"mount '{mount.dotted}' names a contact_attribute but is not per_user; a contact's records are some user's records"
    model = models.get(_listed_model(mount) or "")
    if model is None:
        return f"mount '{mount.dotted}' is per_user but has no GET of a list of records at its path to keep per user"
    attribute = model.attribute(mount.contact_attribute) if mount.contact_attribute else None
    if mount.contact_attribute and (attribute is None or not isinstance(attribute.type, (StringType, IntegerType))):
        return f"contact_attribute '{mount.contact_attribute}' is not a string or integer attribute of {model.name}"
    return ""


def _has_contact_list(mount: Mount, service: Service, models: dict[str, Model]) -> bool:
    """Whether the service lists (with a contact_attribute) the records the mount's GET reads."""
    read = next((op.returns.model for op in mount.operations if op.method == "GET" and op.returns.kind == "one"), None)
    return read is not None and any(
        m.contact_attribute and "{" not in m.base_path and op.returns.model == read
        for m in service.mounts
        for op in m.operations
        if op.method == "GET" and op.returns.kind == "list"
    )


def _unique_names(project: Project, diags: Diagnostics) -> None:
    seen: dict[tuple[str, str], Location] = {}

    def claim(kind: str, name: str, loc: Location) -> None:
        if (kind, name) in seen:
            diags.error(loc, f"duplicate-{kind}", f"{kind} '{name}' is already defined at {seen[kind, name]}")
        else:
            seen[kind, name] = loc

    for module in project.shared:  # shared files first: a service's copy is the second place
        for model in module.models:
            claim("model", model.name, model.loc)
        for enum in module.enums:
            claim("model", enum.name, enum.loc)
    for service in project.services:
        claim("service", service.title, service.loc)
        for mount in service.mounts:
            claim("accessor", mount.dotted, mount.loc)
        for model in service.models:
            claim("model", model.name, model.loc)
        for enum in service.enums:
            claim("model", enum.name, enum.loc)  # enums and models share the package namespace
        for webhook in service.webhooks:
            claim("webhook", webhook.name, webhook.loc)  # one parse_<name> in sparkapi.webhooks
    _class_names(project, seen, diags)
    # A mount's child accessor must not hide one of its operations.
    mounts = {r.accessor: (r, s) for s in project.services for r in s.mounts}
    for accessor, (mount, service) in mounts.items():
        parent = mounts.get(accessor[:-1])
        if parent is None:
            continue
        for operation in parent[0].operations:
            if operation.name == accessor[-1]:
                diags.error(operation.loc, "accessor-collision", f"operation '{operation.name}' of {parent[0].dotted} has the same name as the accessor {mount.dotted}")


# Names the SDK package itself exports; a model or enum may not take one.
RUNTIME_NAMES = frozenset(
    {"Model", "Pagination", "ResultList", "SparkClient", "AsyncSparkClient", "Masked", "NotGiven", "RawResponse", "RequestOptions", "BodyRequestOptions", "SparkAPIError"}
)


def _class_names(project: Project, declared: dict[tuple[str, str], Location], diags: Diagnostics) -> None:
    """A model or enum must not share a name with a client class in the module that
    holds or imports both (a service module defines its mounts' classes and imports its
    child accessors'), nor with what the sparkapi package itself exports."""
    for (kind, name), loc in sorted(declared.items(), key=lambda item: (item[1].file, item[1].line)):
        if kind == "model" and name in RUNTIME_NAMES:
            diags.error(loc, "class-name-collision", f"'{name}' is a name the sparkapi package exports; give the model or enum another name")
    nodes: dict[tuple[str, ...], AccessorNode] = {}

    def walk(level: tuple[AccessorNode, ...]) -> None:
        for node in level:
            nodes[node.path] = node
            walk(node.children)

    walk(project.accessors)
    shared = project.shared_models
    for service in project.services:
        classes: dict[str, str] = {}
        for mount in service.mounts:
            for node in (nodes[mount.accessor], *nodes[mount.accessor].children):
                for cls in (node.class_name, f"Async{node.class_name}"):
                    classes.setdefault(cls, f"client.{'.'.join(node.path)}")
        named = {m.name: m.loc for m in service.models} | {e.name: e.loc for e in service.enums}
        used = {t for m in service.models for a in m.attributes for t in _models_used(a.type)}
        used |= {op.returns.model for r in service.mounts for op in r.operations if op.returns.model}
        named |= {n: service.loc for n in used if n in shared and n not in named}
        for name, loc in named.items():
            if name in classes:
                diags.error(
                    loc,
                    "class-name-collision",
                    f"model '{name}' and the class of {classes[name]} would share the module {service.module}; rename the model",
                )


def _model_rules(model: Model, expansions: set[str] | None, diags: Diagnostics) -> None:
    """``expansions`` is None for a shared model: each service using it declares its own."""
    python_names: dict[str, str] = {}
    for attr in model.attributes:
        if model.response_only and attr.is_writeable:
            diags.error(attr.loc, "writeable-in-response-model", f"'{attr.wire_name}' is writeable but {model.name} is response_only")
        for flag, state, note in (("writeable", attr.writeable, attr.writeable_note), ("required", attr.required, attr.required_note)):
            if state == "conditional" and not note:
                diags.error(attr.loc, "conditional-without-note", f"'{attr.wire_name}' is {flag}: conditional but has no {flag}_note saying when")
        if attr.expansion and expansions is not None and attr.wire_name not in expansions:
            diags.error(attr.loc, "undeclared-expansion", f"'{attr.wire_name}' is returned by an expansion, but the service declares no expansion of that name")
        if attr.python_name in python_names:
            diags.error(attr.loc, "duplicate-attribute", f"'{attr.wire_name}' and '{python_names[attr.python_name]}' both become the Python name '{attr.python_name}'")
        python_names[attr.python_name] = attr.wire_name
        if not attr.description:
            diags.warning(attr.loc, "missing-description", f"attribute '{attr.wire_name}' of {model.name} has no description")
        if attr.field_container and not isinstance(attr.type, ModelType):
            diags.error(attr.loc, "bad-field-container", f"'{attr.wire_name}' is a field_container, so its type must be a model (its attributes are the fields)")
        for sample in attr.samples:
            for problem in attr.type.check(sample, f"{model.name}.{attr.wire_name} sample", _no_objects):
                diags.error(attr.loc, "sample-mismatch", problem)
        if attr.filter_rules:
            _filter_rules_rule(f"'{attr.wire_name}' of {model.name}", attr.type, attr.filter_rules, attr.is_writeable, diags)
    if sum(a.field_container for a in model.attributes) > 1:
        diags.error(model.loc, "bad-field-container", f"{model.name} has more than one field_container; _select can name the fields of one only")


def _filter_rules_rule(what: str, value_type: AnyType, rules: FilterRules, sent: bool, diags: Diagnostics) -> None:
    """filter_rules are checks on a SparkQL string the SDK sends: a string, written by the
    caller, with at least one rule and each field named once."""
    problems = []
    if not isinstance(value_type, StringType):
        problems.append(f"{what} has filter_rules, so its type must be string (a SparkQL filter), not {value_type.doc}")
    if not sent:
        problems.append(f"{what} has filter_rules but is never sent (not writeable); the rules could never be checked")
    if rules.max_depth is None and not rules.forbidden_fields and not rules.unique_fields:
        problems.append(f"{what} has filter_rules without a rule (max_depth, forbidden_fields or unique_fields)")
    if rules.max_depth is not None and rules.max_depth < 0:
        problems.append(f"{what}: max_depth must be 0 or more")
    repeated = sorted({f for f in rules.forbidden_fields if rules.forbidden_fields.count(f) > 1})
    if repeated:
        problems.append(f"{what}: forbidden_fields names {', '.join(repeated)} more than once")
    for problem in problems:
        diags.error(rules.loc, "bad-filter-rules", problem)


def _holds_file(t: AnyType) -> bool:
    if isinstance(t, (ListType, MapType)):
        return _holds_file(t.item)
    return isinstance(t, FileType)


def _upload_rules(project: Project, diags: Diagnostics) -> None:
    """A file goes up only as an operation parameter feeding a body (the API never sends
    one back); a form post's body is one flat level of fields with at least one file."""
    models = [*(m for s in project.shared for m in s.models), *(m for m, _ in project.models)]
    for model in models:
        for attr in model.attributes:
            if _holds_file(attr.type):
                diags.error(attr.loc, "bad-upload", f"'{attr.wire_name}' of {model.name} is a file; a file is only a parameter an operation uploads")
    parameters = [*project.api.path_parameters, *(p for s in project.services for p in s.path_parameters)]
    for param in parameters:
        if _holds_file(param.type):
            diags.error(param.loc, "bad-upload", f"path parameter '{param.name}' is a file; a file is only a parameter an operation uploads")
    seen: set[Location] = set()
    for service in project.services:
        for operation in (op for m in service.mounts for op in m.operations):
            if operation.loc in seen:
                continue
            seen.add(operation.loc)
            for query in operation.query:
                if _holds_file(query.parameter.type):
                    diags.error(operation.loc, "bad-upload", f"query parameter '{query.key}' is a file; a file goes up in a body")
            body = operation.body
            if body is None or body.mode != "shape":
                continue
            loc = body.loc or operation.loc
            for fed in body.parameters:
                if _holds_file(fed.type) and not isinstance(fed.type, FileType):
                    diags.error(loc, "bad-upload", f"parameter '{fed.python_name}' is a {fed.type.doc}; a file parameter is one file")
            if body.encoding == "multipart":
                _form_rules(operation, body, loc, diags)


def _form_rules(operation: Operation, body: Body, loc: Location, diags: Diagnostics) -> None:
    fields = body.shape if isinstance(body.shape, dict) else None
    if fields is None or any(isinstance(v, (dict, list)) for v in fields.values()):
        diags.error(loc, "bad-upload", f"the multipart body of '{operation.name}' must be one flat mapping of form fields (no nested objects or lists)")
        return
    if not any(isinstance(v, ParamRef) and isinstance(v.type, FileType) for v in fields.values()):
        diags.error(loc, "bad-upload", f"the multipart body of '{operation.name}' uploads no file; a form post needs a file parameter")


def _no_objects(model: str, value: Any, where: str) -> list[str]:
    """Samples are plain values: an object is never a fitting sample."""
    return [f"{where}: samples are plain values, not objects ({model})"]


def _path_parameter_rules(project: Project, service: Service, files_with_errors: set[str], diags: Diagnostics) -> None:
    """A service's own path parameters: used by a path, and typed as api.yaml types them."""
    shared = {p.name: p for p in project.api.path_parameters}
    for param in service.path_parameters:
        other = shared.get(param.name)
        if other is not None and other.type != param.type:
            diags.error(
                param.loc,
                "path-parameter-conflict",
                f"path parameter '{param.name}' is declared as {param.type.doc} here but as {other.type.doc} in api.yaml (at {other.loc}); "
                "keep api.yaml's type (a service may only change the description and example) or use another name",
            )
    if service.loc.file in files_with_errors:  # a path with an error was not built; its parameters would look unused
        return
    for param in service.path_parameters:
        if param.url:
            _url_parameter_rules(param, service, diags)
    used = {name for r in service.mounts for e in r.endpoints for name in _PLACEHOLDER.findall(e.path)}
    used |= {name for r in service.mounts for name in _PLACEHOLDER.findall(r.base_path)}
    for param in service.path_parameters:
        if param.name not in used:
            diags.error(param.loc, "unused-path-parameter", f"path parameter '{param.name}' is declared but no path uses it")


def _webhook_rules(webhook: Webhook, models: dict[str, Model], envelope: str, file_has_errors: bool, diags: Diagnostics) -> None:
    """A delivered body is records: a model or a list of one; its examples must fit it."""
    if not webhook.model:
        diags.error(webhook.loc, "webhook-payload", f"webhook '{webhook.name}' delivers {webhook.payload.doc}; its payload must be a model or a list of one")
        return
    if file_has_errors:
        return
    checker = ExampleChecker(models, diags, envelope)
    for example in webhook.examples:
        checker.check_webhook(webhook, example)


def _url_parameter_rules(param: PathParameter, service: Service, diags: Diagnostics) -> None:
    """A URL the API hands out is a whole path: its mount's, with nothing added."""
    if not (isinstance(param.example, str) and param.example.startswith("https://") and urlsplit(param.example).path.strip("/")):
        diags.error(param.loc, "url-parameter", f"path parameter '{param.name}' is a url, so its example must be an https URL with a path")
    for mount in service.mounts:
        for endpoint in mount.endpoints:
            if f"{{{param.name}}}" in endpoint.path and endpoint.path != f"{{{param.name}}}":
                diags.error(mount.loc, "url-parameter", f"path '{endpoint.path}': the url parameter '{param.name}' must be the whole path")


def _unused_parameters(operation: Operation, diags: Diagnostics) -> None:
    body = operation.body
    if body is None or body.mode != "shape":
        return
    used = {ref.name for ref in _param_refs(body.shape)}
    for param in body.parameters:
        if param.python_name not in used:
            loc = body.loc or operation.loc
            diags.error(loc, "unused-parameter", f"parameter '{param.python_name}' is declared but the body shape does not use it")


def _parameter_clash(operation: Operation, diags: Diagnostics) -> None:
    """Path, query and body arguments share one signature: two of one name would not compile
    (a body attribute ListingId beside the path parameter listing_id)."""
    seen: set[str] = set()
    for param in operation.parameters:
        if param.python_name in seen:
            diags.error(
                operation.loc,
                "parameter-clash",
                f"operation '{operation.name}' has two arguments named '{param.python_name}' (a path, query or body"
                " parameter and a body attribute); rename the path parameter",
            )
        seen.add(param.python_name)


def _param_refs(shape: Any) -> Iterable[ParamRef]:
    if isinstance(shape, ParamRef):
        yield shape
    elif isinstance(shape, dict):
        for value in shape.values():
            yield from _param_refs(value)
    elif isinstance(shape, list):
        for value in shape:
            yield from _param_refs(value)


def _models_used(attr_type: AnyType) -> Iterable[str]:
    if isinstance(attr_type, ModelType):
        yield attr_type.name
    elif isinstance(attr_type, (ListType, MapType)):
        yield from _models_used(attr_type.item)


def _shared_module_cycles(project: Project, diags: Diagnostics) -> None:
    """Shared modules import each other's models when they are defined; a cycle of such
    imports could not be loaded, so two files may not use each other's models."""
    owner = {m.name: module.module for module in project.shared for m in module.models}
    edges: dict[str, dict[str, Location]] = {module.module: {} for module in project.shared}
    for module in project.shared:
        for model in module.models:
            for attr in model.attributes:
                for name in _models_used(attr.type):
                    target = owner.get(name)
                    if target is not None and target != module.module:
                        edges[module.module].setdefault(target, attr.loc)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    for module in project.shared:
        for target, loc in edges[module.module].items():
            if reaches(target, module.module, {target}):
                diags.error(
                    loc,
                    "shared-module-cycle",
                    f"spec/models/{module.module}.yaml uses a model of spec/models/{target}.yaml, which (directly or not) uses one of "
                    f"{module.module}.yaml; move the models that need each other into one file",
                )


def _operation_name(operation: Operation, taken: dict[str, Location], diags: Diagnostics) -> None:
    if operation.action and not _ACTION.match(operation.action):
        diags.error(operation.loc, "bad-identifier", f"action '{operation.action}' must be a lower-case name (letters, digits, underscores)")
    name = operation.name
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        diags.error(operation.loc, "bad-identifier", f"operation name '{name}' must be a public Python identifier and not a keyword")
    methods = [name] + ([operation.paging.method_name] if operation.paging else [])
    for method in methods:
        if method in taken:
            diags.error(operation.loc, "duplicate-operation", f"method '{method}' is already defined at {taken[method]}")
        taken[method] = operation.loc


class ExampleChecker:
    """Checks documented request and response bodies against the models they claim."""

    def __init__(self, models: dict[str, Model], diags: Diagnostics, envelope: str) -> None:
        self.models = models
        self.diags = diags
        self.envelope = envelope

    example: Example | WebhookExample  # the one being checked, whose locations place a report

    def check(self, operation: Operation, example: Example) -> None:
        self.example = example
        if example.response is not None:
            self._response(operation.returns, example.response, operation.results_object)
        if example.request is not None:
            self._request(operation, example.request)

    def check_webhook(self, webhook: Webhook, example: WebhookExample) -> None:
        """A documented delivered body against the webhook's payload (inside the
        envelope when the webhook says so)."""
        self.example = example
        body, where = example.body, "body"
        if webhook.envelope:
            body = body.get(self.envelope) if isinstance(body, dict) and len(body) == 1 else None
            if body is None:
                self._report("body", f"body must be an object with the single key '{self.envelope}'")
                return
            where = f"body.{self.envelope}"
        many = isinstance(webhook.payload, ListType)
        if many and not isinstance(body, list):
            self._report(where, f"{where}: expected a list of {webhook.model} objects")
            return
        for index, record in enumerate(body if many else [body]):
            at = f"{where}[{index}]" if many else where
            if not isinstance(record, dict):
                self._report(at, f"{at}: expected a {webhook.model} object")
                continue
            for message in self.check_object(webhook.model, record, at):
                self._report(message.split(":", 1)[0], message)

    def _report(self, where: str, message: str) -> None:
        loc = self._locate(where)
        self.diags.error(loc, "example-mismatch", message)

    def _locate(self, where: str) -> Location:
        while where not in self.example.locations and where:
            where = where.rsplit(".", 1)[0] if "." in where else ""
        return self.example.locations.get(where) or next(iter(self.example.locations.values()))

    def _envelope(self, body: Any, where: str) -> dict[str, Any] | None:
        data = body.get(self.envelope) if isinstance(body, dict) else None
        if not isinstance(data, dict) or len(body) != 1:
            self._report(where, f"{where} must be an object with the single key '{self.envelope}'")
            return None
        return data

    def _response(self, returns: Returns, body: Any, results_object: bool) -> None:
        data = self._envelope(body, "response")
        if data is None:
            return
        for key in data:
            if key not in RESPONSE_KEYS:
                self._report(f"response.{self.envelope}.{key}", f"'{key}' is not a key of the response envelope")
        if not isinstance(data.get("Success"), bool):
            self._report(f"response.{self.envelope}", "a response needs 'Success': true or false")
        results = data.get("Results")
        if returns.model is None or results is None:
            return
        # Some pages answer a single read with the record itself (results: object).
        bare = isinstance(results, dict) and returns.kind in ("one", "optional")
        if not isinstance(results, list) and not bare:
            self._report(f"response.{self.envelope}.Results", "'Results' must be a list")
            return
        if bare != results_object and (bare or results):  # the local server answers the operation's form
            form = "the record itself, so the operation needs results: object" if bare else "a list, but the operation says results: object"
            self._report(f"response.{self.envelope}.Results", f"'Results' is {form}")
        for index, record in enumerate([results] if bare else results):
            where = f"response.{self.envelope}.Results" + ("" if bare else f"[{index}]")
            if not isinstance(record, dict):
                self._report(where, f"{where}: expected a {returns.model} object")
                continue
            # A map result: one record whose values, keyed by name, are the records.
            named = record.items() if returns.kind == "map" else [("", record)]
            for name, value in named:
                at = f"{where}.{name}" if name else where
                if not isinstance(value, dict):
                    self._report(at, f"{at}: expected a {returns.model} object")
                    continue
                for message in self.check_object(returns.model, value, at):
                    self._report(message.split(":", 1)[0], message)

    def check_object(self, model_name: str, value: dict[str, Any], where: str) -> list[str]:
        model = self.models[model_name]
        problems = []
        for key, item in value.items():
            attr = model.attribute(key)
            if attr is None:
                problems.append(f"{where}.{key}: '{key}' is not an attribute of {model_name}")
            elif item is not None and item != MASKED_WIRE:
                problems += attr.type.check(item, f"{where}.{key}", self.check_object)
        return problems

    def _request(self, operation: Operation, body: Any) -> None:
        data = self._envelope(body, "request")
        if data is None:
            return
        if operation.body is None:
            self._report("request", f"operation '{operation.name}' sends no body, but the example has one")
            return
        if operation.body.model is not None:
            self._model_request(operation.body, data)
        else:
            for message in self._shape(operation.body.shape, data, f"request.{self.envelope}"):
                self._report(message.split(":", 1)[0], message)

    def _model_request(self, body: Body, data: dict[str, Any]) -> None:
        model = self.models[str(body.model)]
        for key, value in data.items():
            attr = model.attribute(key)
            where = f"request.{self.envelope}.{key}"
            if attr is None:
                self._report(where, f"{where}: '{key}' is not an attribute of {model.name}")
            elif not attr.is_writeable:
                self._report(where, f"{where}: '{key}' is read-only in {model.name} and cannot be written")
            elif value is not None:
                for message in attr.type.check(value, where, self.check_object):
                    self._report(message.split(":", 1)[0], message)
        if body.mode == "create":
            for attr in model.writeable_attributes:
                if attr.required == "yes" and attr.wire_name not in data:
                    self._report(f"request.{self.envelope}", f"request.{self.envelope}: required attribute '{attr.wire_name}' of {model.name} is missing")

    def _shape(self, shape: Any, value: Any, where: str) -> list[str]:
        if isinstance(shape, ParamRef):
            if value is None:
                return []
            return shape.type.check(value, where, self.check_object)
        if isinstance(shape, dict):
            if not isinstance(value, dict):
                return [f"{where}: expected an object with keys {', '.join(shape)}"]
            problems = [f"{where}.{k}: '{k}' is not part of this request body" for k in value if k not in shape]
            for key, sub in shape.items():
                if key in value:
                    problems += self._shape(sub, value[key], f"{where}.{key}")
            return problems
        if isinstance(shape, list):
            if not isinstance(value, list):
                return [f"{where}: expected a list"]
            return [p for i, item in enumerate(value) for p in self._shape(shape[0], item, f"{where}[{i}]")]
        return [] if value == shape else [f"{where}: expected the constant {shape!r}"]
