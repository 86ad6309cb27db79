"""Decisions of the Markdown reference, made in Python so that its templates only lay out.

Conventions the docs tests rely on: every fenced ``python`` block is a complete example
that runs as written given ``sparkapi`` and a ``client``; method signatures are fenced
``pyi`` (stubs, not runnable); anchors are explicit ``<a id>`` tags so that links work the
same on GitHub and in the MkDocs site.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from typing import Any

import yaml

from generator.coverage import group_of
from generator.ir.model import Api, Attribute, Guide, Model, Operation, Parameter, Project, Service, SharedModule, Webhook, WebhookExample
from generator.ir.naming import snake_case
from generator.ir.types import AnyType, EnumType, ListType, MapType, ModelType
from generator.render import python

# Errors raised by the runtime itself rather than chosen by an API error code. They are
# part of the runtime templates, not of api.yaml; tests/docs checks that each exists.
# (name, base, what raises it, meaning)
TRANSPORT_ERRORS = (
    ("APIConnectionError", "SparkAPIError", "no HTTP response", "The connection was refused, dropped or broke before an answer."),
    ("APITimeoutError", "APIConnectionError", "a timeout", "The request, or the call's whole time budget, ran out."),
    ("InvalidResponseError", "SparkAPIError", "a 2xx response without the envelope", "The API answered with something that is not its envelope."),
)


# ----------------------------------------------------------------------- navigation


@dataclass(frozen=True)
class NavGroup:
    """One group of the Spark documentation's navigation, with the services specified in it."""

    name: str
    services: tuple[Service, ...]

    @property
    def is_single_page(self) -> bool:
        """A group that is just one service of the same name ("Listing Carts")."""
        return len(self.services) == 1 and self.services[0].title == self.name


def short_title(service: Service) -> str:
    """The title within its group: "Listings: Tickets" -> "Tickets"."""
    _, _, rest = service.title.partition(":")
    return rest.strip() or service.title


def navigation(project: Project, catalogue: tuple[str, ...]) -> tuple[NavGroup, ...]:
    """Spec services grouped as the API's navigation groups them, in the catalogue's order.

    Groups and services the catalogue does not list come after the listed ones, by name.
    """
    position = {title: index for index, title in enumerate(catalogue)}
    group_position: dict[str, int] = {}
    for title in catalogue:
        group_position.setdefault(group_of(title), len(group_position))
    unlisted = len(catalogue)

    def service_key(service: Service) -> tuple[int, str]:
        return position.get(service.title, unlisted), service.title

    groups: dict[str, list[Service]] = {}
    for service in sorted(project.services, key=service_key):
        groups.setdefault(group_of(service.title), []).append(service)
    names = sorted(groups, key=lambda name: (group_position.get(name, unlisted), name))
    return tuple(NavGroup(name, tuple(groups[name])) for name in names)


def nav_yaml(
    groups: tuple[NavGroup, ...],
    pages: list[str],
    header: str,
    shared: tuple[SharedModule, ...] = (),
    guides: tuple[Guide, ...] = (),
) -> str:
    """The MkDocs ``nav`` (mkdocs.yml inherits it): the index, other pages, the guides, the
    groups, then the shared types pages."""
    nav: list[Any] = [{"Overview": "index.md"}]
    nav += [{page.removesuffix(".md").replace("_", " ").capitalize(): page} for page in pages]
    if guides:
        nav.append({"Guides": [{guide.title: guide.doc_page} for guide in guides]})
    for group in groups:
        if group.is_single_page:
            nav.append({group.name: group.services[0].doc_page})
        else:
            nav.append({group.name: [{short_title(s): s.doc_page} for s in group.services]})
    if shared:
        nav.append({"Shared types": [{m.module: m.doc_page} for m in shared]})
    return f"{header}\n" + yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=1000)


def first_sentence(text: str) -> str:
    sentence, dot, _ = " ".join(text.split()).partition(". ")
    return sentence + "." if dot else sentence


# ----------------------------------------------------------------------- operations


def anchor(accessor: tuple[str, ...], name: str) -> str:
    return "-".join([*accessor, name]).replace("_", "-")


@dataclass(frozen=True)
class ParameterRow:
    parameter: Parameter
    sent_as: str  # where the value goes: path `{x}`, query `_expand`, body `Name`


def parameter_rows(operation: Operation) -> list[ParameterRow]:
    """The signature's parameters, each with where on the wire its value is sent."""
    sent_as: dict[str, str] = {p.python_name: f"path `{{{p.python_name}}}`" for p in operation.path_parameters}
    sent_as.update({q.parameter.python_name: f"query `{q.wire_name}`" for q in operation.query})
    if operation.body is not None:
        for param in operation.body.parameters:
            sent_as[param.python_name] = f"body `{param.wire_name}`" if param.wire_name else "body"
    return [ParameterRow(p, sent_as[p.python_name]) for p in operation.parameters]


def returns_doc(operation: Operation, model_link: str = "") -> str:
    returns = operation.returns
    model = f"[`{returns.model}`]({model_link or f'#model-{returns.model}'})"
    wire = " (the API sends it as the `Results` object itself, not a one-item list)" if operation.results_object else ""
    return {
        "none": "Returns `None`.",
        "one": f"Returns a {model}{wire}.",
        "optional": f"Returns a {model}{wire}, or `None` when the API sends no record.",
        "list": f"Returns a `ResultList[{returns.model}]` of {model}: a list that also carries "
        "`.pagination` when the API sent paging totals.",
        "map": f"Returns a `dict` of {model} records keyed by name.",
    }[returns.kind]


def iterator_signature(operation: Operation) -> str:
    """The page iterator twin of a paged list method, as a reader would write it."""
    assert operation.paging is not None
    params = python.iteration_signature(operation).removeprefix("self").lstrip(", ")
    return f"def {operation.paging.method_name}({params}) -> Iterator[{operation.returns.model}]"


def example_code(operation: Operation, service: Service, api: Api, shared: dict[str, Model] | None = None) -> str:
    """A complete example around the spec's example call: the call, then a use of its result.

    It prints two attributes that the documented response holds, writeable ones first
    since those are the ones a reader recognises (a name rather than a URI).
    """
    call = python.example_call(operation)
    if python.example_uses_datetime(operation):
        return f"import datetime\n\n{_example_code(operation, call, service, api, shared)}"
    return _example_code(operation, call, service, api, shared)


def _example_code(operation: Operation, call: str, service: Service, api: Api, shared: dict[str, Model] | None) -> str:
    model_name = operation.returns.model
    if model_name is None:
        return call
    model = next((m for m in service.models if m.name == model_name), None) or (shared or {})[model_name]
    var = snake_case(model_name)
    shown = ", ".join(f"{var}.{a.python_name}" for a in _shown_attributes(operation, model, api))
    kind = operation.returns.kind
    if kind == "list":
        return f"for {var} in {call}:\n    print({shown})"
    if kind == "map":
        return f"for name, {var} in {call}.items():\n    print(name, {shown})"
    if kind == "optional":
        return f'{var} = {call}\nif {var} is None:\n    print("no {model_name}")\nelse:\n    print({shown})'
    return f"{var} = {call}\nprint({shown})"


def _shown_attributes(operation: Operation, model: Model, api: Api) -> list[Attribute]:
    record: dict[str, Any] = {}
    for example in operation.examples:
        body = example.response.get(api.envelope) if isinstance(example.response, dict) else None
        results = body.get("Results") if isinstance(body, dict) else None
        results = [results] if isinstance(results, dict) else results
        if isinstance(results, list) and results and isinstance(results[0], dict):
            record = results[0]
            break
    present = sorted((a for a in model.attributes if a.wire_name in record), key=lambda a: not a.is_writeable)
    return (present or [a for a in model.attributes if not a.expansion] or list(model.attributes))[:2]


def webhook_example_code(webhook: Webhook, example: WebhookExample, model: Model, envelope: str) -> str:
    """A delivery as the API would POST it (signed with a made-up secret when the webhook
    is signed), read back with its ``parse_<name>``, then a use of the records."""
    secret = '"my-webhook-secret"'
    lines = [
        "import json",
        "",
        "import sparkapi.webhooks",
        "",
        f"body = json.dumps({json.dumps(example.body, ensure_ascii=False)}).encode()  # as your server receives it",
    ]
    arguments = "body"
    if webhook.signature is not None:
        constant = f"sparkapi.webhooks.{webhook.name.upper()}_SIGNATURE"
        lines.append(f"headers = {{{json.dumps(webhook.signature.header)}: sparkapi.webhooks.sign(body, {secret}, {constant})}}  # the API's")
        arguments += f", headers=headers, secret={secret}"
    var = snake_case(webhook.model)
    call = f"sparkapi.webhooks.parse_{webhook.name}({arguments})"
    payload = example.body.get(envelope) if webhook.envelope and isinstance(example.body, dict) else example.body
    first = (payload[0] if payload else {}) if isinstance(payload, list) else payload
    shown = [a for a in model.attributes if isinstance(first, dict) and a.wire_name in first][:2] or list(model.attributes[:2])
    printed = ", ".join(f"{var}.{a.python_name}" for a in shown)
    if isinstance(webhook.payload, ListType):
        lines.append(f"for {var} in {call}:\n    print({printed})")
    else:
        lines += [f"{var} = {call}", f"print({printed})"]
    return "\n".join(lines)


def code_cell(text: str) -> str:
    """Code inside a table cell. A ``|`` must not end the cell: GitHub needs it escaped,
    while MkDocs shows an escape inside backticks literally, so this is HTML code with
    the pipe as an entity, which both render as ``|``."""
    return "<code>" + html.escape(" ".join(text.split()), quote=False).replace("|", "&#124;") + "</code>"


# ----------------------------------------------------------------------- attributes


def type_doc(attr_type: AnyType, link: Any = None) -> str:
    """The docs name of a type, with models and enums linked to their sections
    (``link(name)`` gives the link target; by default a section of the same page)."""
    if isinstance(attr_type, (ModelType, EnumType)):
        kind = "model" if isinstance(attr_type, ModelType) else "enum"
        target = link(attr_type.name) if link else f"#{kind}-{attr_type.name}"
        return f"[{attr_type.name}]({target})"
    if isinstance(attr_type, ListType):
        return f"list of {type_doc(attr_type.item, link)}"
    if isinstance(attr_type, MapType):
        return f"map of {type_doc(attr_type.item, link)}"
    return attr_type.doc


class Links:
    """Links between reference pages: a service page to the shared types it uses."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.shared = project.shared_models
        self.pages: dict[str, tuple[str, str]] = {}  # name -> (page, anchor) of shared names
        for module in project.shared:
            self.pages.update({m.name: (module.doc_page, f"model-{m.name}") for m in module.models})
            self.pages.update({e.name: (module.doc_page, f"enum-{e.name}") for e in module.enums})

    def target(self, name: str, here: str) -> str:
        """Where a model or enum is documented, seen from the page ``here``."""
        found = self.pages.get(name)
        if found is None or found[0] == here:
            kind = "enum" if any(e.name == name for s in self.project.services for e in s.enums) else "model"
            return f"#{kind}-{name}" if found is None else f"#{found[1]}"
        page, anchor = found
        return f"{posixpath.relpath(page, posixpath.dirname(here) or '.')}#{anchor}"

    def type_doc(self, attr_type: AnyType, here: str) -> str:
        return type_doc(attr_type, lambda name: self.target(name, here))

    def type_anchor(self, name: str) -> str:
        return self.pages[name][1]

    def returns_doc(self, operation: Operation, here: str) -> str:
        model = operation.returns.model
        return returns_doc(operation, self.target(model, here) if model else "")

    def example_code(self, operation: Operation, service: Service, api: Api) -> str:
        return example_code(operation, service, api, self.shared)

    def webhook_example_code(self, webhook: Webhook, example: WebhookExample, service: Service) -> str:
        model = next((m for m in service.models if m.name == webhook.model), None) or self.shared[webhook.model]
        return webhook_example_code(webhook, example, model, self.project.api.envelope)

    def shared_types_used(self, service: Service) -> list[tuple[str, list[str]]]:
        """(page, names) of the shared types a service page mentions, by page."""
        words: set[str] = set()
        for model in service.models:
            words |= {n for a in model.attributes for n in _names(a.type)}
        for mount in service.mounts:
            for operation in mount.operations:
                words |= {operation.returns.model or "", (operation.body.model if operation.body else None) or ""}
        grouped: dict[str, list[str]] = {}
        for name in sorted(words & set(self.pages)):
            grouped.setdefault(self.pages[name][0], []).append(name)
        return sorted(grouped.items())

    def services_using(self, shared: SharedModule) -> list[Service]:
        mine = {page_name for page_name, (page, _) in self.pages.items() if page == shared.doc_page}
        return [s for s in self.project.services if any(set(names) & mine for _, names in self.shared_types_used(s))]


def _names(attr_type: AnyType) -> list[str]:
    if isinstance(attr_type, (ModelType, EnumType)):
        return [attr_type.name]
    if isinstance(attr_type, (ListType, MapType)):
        return _names(attr_type.item)
    return []


def enum_values(attr: Attribute) -> str:
    """The wire values an enum attribute (or a list of one) takes, for its table cell."""
    attr_type = attr.type.item if isinstance(attr.type, ListType) else attr.type
    if not isinstance(attr_type, EnumType):
        return ""
    return ", ".join(f"`{value}`" for value in attr_type.values)


# ----------------------------------------------------------------------- errors


@dataclass(frozen=True)
class ErrorRow:
    name: str
    base: str
    description: str
    raised_for: str  # what raises it: the statuses and API codes, or the transport failure


def error_rows(api: Api) -> list[ErrorRow]:
    """Every exception a call can raise: transport errors, then the API's error classes."""
    rows = [ErrorRow(name, base, description, raised_for) for name, base, raised_for, description in TRANSPORT_ERRORS]
    for cls in api.error_classes:
        statuses = [f"HTTP {status}" for status, name in api.status_errors if name == cls.name]
        codes = [str(c.code) for c in api.error_codes if c.error_class == cls.name]
        raised_for = ", ".join(statuses)
        if codes:
            raised_for += ("; " if raised_for else "") + ("code " if len(codes) == 1 else "codes ") + ", ".join(codes)
        rows.append(ErrorRow(cls.name, cls.base, cls.description, raised_for))
    return rows


FILTERS = {
    "anchor": anchor,
    "code_cell": code_cell,
    "enum_values": enum_values,
    "error_rows": error_rows,
    "example_code": example_code,
    "first_sentence": first_sentence,
    "iterator_signature": iterator_signature,
    "parameter_rows": parameter_rows,
    "returns_doc": returns_doc,
    "short_title": short_title,
    "type_doc": type_doc,
}
