"""Jinja filters: the small decisions templates need, made in Python from the IR."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from generator.ir.model import AccessorNode, Api, Attribute, Model, Operation, Project, Service, SharedModule

_WIDTH = 88
_RUNTIME_NAMES = (
    "BOOLEAN",
    "DATE",
    "DECIMAL",
    "INTEGER",
    "JSON",
    "STRING",
    "TIME",
    "TIMESTAMP",
    "US_DATE",
    "EnumCodec",
    "ListCodec",
    "MapCodec",
    "Model",
    "ModelCodec",
    "ResultList",
    "field",
)


def wrap(text: str, indent: int) -> str:
    """Docstring text wrapped to the line length, safe inside triple quotes."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    paragraphs = [p for p in text.split("\n\n")]
    prefix = " " * indent
    wrapped = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        if any(line.startswith(("    ", "- ", "``")) for line in lines[1:]):
            wrapped.append("\n".join(prefix + line if line else line for line in lines).lstrip())
            continue
        filled = textwrap.fill(" ".join(paragraph.split()), width=_WIDTH - indent - 3)
        wrapped.append(textwrap.indent(filled, prefix).lstrip())
    return ("\n\n" + prefix).join(wrapped).rstrip()


def read_annotation(attr: Attribute) -> str:
    """What reading the attribute gives: its type, the mask where the API may send one,
    or None (null, or absent from the record)."""
    masked = " | Masked" if attr.maskable else ""
    return f"{attr.type.annotation}{masked} | None"


def options_type(operation: Operation) -> str:
    """The per-call options a method takes: ``extra_body`` only where there is a body."""
    return "BodyRequestOptions" if operation.body is not None else "RequestOptions"


def attribute_doc(attr: Attribute) -> str:
    """An attribute's docstring: description, then what may be written and when."""
    parts = [attr.description or attr.wire_name]
    facts = [f"Wire name ``{attr.wire_name}``", _writeability(attr)]
    if attr.expansion:
        facts.append(f"returned only with the ``{attr.wire_name}`` expansion")
    return f"{parts[0]}\n\n{'; '.join(facts)}."


def _writeability(attr: Attribute) -> str:
    if attr.writeable == "no":
        return "read-only"
    if attr.writeable == "conditional":
        return f"writeable in some cases ({attr.writeable_note.rstrip('.')})"
    return "writeable"


def operation_doc(operation: Operation, api: Api) -> str:
    """Summary, the HTTP call, and the arguments, in the Google docstring layout."""
    lines = [operation.summary, ""]
    if operation.description:
        lines += [operation.description, ""]
    lines.append(f"``{operation.method} /{api.version}{operation.path_template}``")
    options = options_type(operation)
    extra = "``extra_query``, ``extra_headers``, ``extra_body``" if options == "BodyRequestOptions" else "``extra_query``, ``extra_headers``"
    described = [(p.python_name, p.description) for p in operation.parameters]
    described.append(("options", f"Per-call {extra} and ``timeout`` (``sparkapi.{options}``)."))
    lines += ["", "Args:"]
    for name, text in described:
        description = " ".join(text.split()) or "See the reference docs."
        wrapped = textwrap.wrap(f"{name}: {description}", width=_WIDTH - 8 - 4)
        lines.append("    " + wrapped[0])
        lines += ["        " + rest for rest in wrapped[1:]]
    return "\n".join(lines)


def models_in_dependency_order(service: Service | SharedModule) -> list[Model]:
    """Models ordered so that each one is defined before a model whose fields use it."""
    by_name = {m.name: m for m in service.models}
    ordered: list[Model] = []
    visiting: set[str] = set()

    def visit(model: Model) -> None:
        if model in ordered or model.name in visiting:
            return
        visiting.add(model.name)
        for attr in model.attributes:
            for name in re.findall(r"ModelCodec\((\w+)\)", attr.type.codec):
                if name in by_name:
                    visit(by_name[name])
        ordered.append(model)

    for model in service.models:
        visit(model)
    return ordered


def public_names(service: Service | SharedModule) -> list[str]:
    names = [e.name for e in service.enums] + [m.name for m in service.models]
    for mount in service.mounts if isinstance(service, Service) else ():
        names += [mount.class_name, f"Async{mount.class_name}"]
    return sorted(names)


class AccessorFilters:
    """Filters that need the whole accessor tree, bound to one project."""

    def __init__(self, project: Project) -> None:
        self.nodes: dict[tuple[str, ...], AccessorNode] = {}
        # Shared enum and model names -> the module that defines them.
        self.shared_modules = {
            name: shared.python_module
            for shared in project.shared
            for name in [*(e.name for e in shared.enums), *(m.name for m in shared.models)]
        }

        def walk(nodes: tuple[AccessorNode, ...]) -> None:
            for node in nodes:
                self.nodes[node.path] = node
                walk(node.children)

        walk(project.accessors)

    def children_of(self, service: Service, mount: Any) -> tuple[AccessorNode, ...]:
        return self.nodes[mount.accessor].children

    def child_accessors(self, service: Service) -> list[AccessorNode]:
        return [c for r in service.mounts for c in self.nodes[r.accessor].children]

    def module_imports(self, service: Service | SharedModule) -> dict[str, Any]:
        """The imports a service (or shared types) module needs, found from the IR's type strings."""
        mounts = service.mounts if isinstance(service, Service) else ()
        operations = [op for r in mounts for op in r.operations]
        attributes = [a for m in service.models for a in m.attributes]
        codecs = " ".join(a.type.codec for a in attributes)
        annotations = " ".join(
            [p.annotation for op in operations for p in op.parameters]
            + [op.returns.annotation for op in operations]
            + [read_annotation(a) for a in attributes]
            + ["Iterator AsyncIterator" for op in operations if op.paging]
        )
        children = self.child_accessors(service) if isinstance(service, Service) else []
        type_checking = []
        dates = [n for n in ("date", "datetime", "time") if re.search(rf"\b{n}\b", annotations)]
        if dates:
            type_checking.append(f"from datetime import {', '.join(dates)}")
        if re.search(r"\bDecimal\b", annotations):
            type_checking.append("from decimal import Decimal")
        for module, names in imports_by_module(children, service.module):
            type_checking.append(f"from sparkapi.resources.{module} import {', '.join(names)}")
        typing = [n for n in ("Any", "AsyncIterator", "Iterator", "Literal", "Mapping", "Sequence") if re.search(rf"\b{n}\b", annotations)]
        if operations:
            typing.append("Unpack")
        if type_checking:
            typing.insert(0, "TYPE_CHECKING")
        used = f"{codecs} {annotations}"
        runtime = [n for n in _RUNTIME_NAMES if re.search(rf"\b{n}\b", used)]
        if service.models:
            runtime += ["Model", "field"]
        optional = any(not p.required for op in operations for p in op.parameters)
        types = ["NOT_GIVEN", "NotGiven"] if optional else []
        if any(a.maskable for a in attributes):
            types.append("Masked")
        if any(op.body is None or op.paging for op in operations):
            types.append("RequestOptions")
        if any(op.body is not None for op in operations):
            types.append("BodyRequestOptions")
        # Shared models and enums it uses, imported at run time (codecs and calls need them).
        own = {e.name for e in service.enums} | {m.name for m in service.models}
        words = set(re.findall(r"\w+", used))
        shared: dict[str, list[str]] = {}
        for name in sorted(words - own):
            owner = self.shared_modules.get(name)
            if owner is not None:
                shared.setdefault(owner, []).append(name)
        return {
            "enum": bool(service.enums),
            "cached_property": bool(children),
            "typing": typing,
            "models": sorted(set(runtime)),
            "path_segment": any("path_segment(" in op.path_expression for op in operations),
            "types": sorted(types),
            "type_checking": type_checking,
            "shared": sorted(shared.items()),
        }


def imports_by_module(children: Any, current_module: str | None = None) -> list[tuple[str, list[str]]]:
    """(module, [sync and async class names]) for accessor children defined elsewhere."""
    grouped: dict[str, set[str]] = {}
    for child in children:
        if child.mount is not None and child.module not in (None, current_module):
            grouped.setdefault(child.module, set()).update({child.class_name, f"Async{child.class_name}"})
    return [(module, sorted(names)) for module, names in sorted(grouped.items())]


def accessor_summary(node: AccessorNode) -> str:
    if node.mount is None:
        return "groups " + ", ".join(f"``{c.name}``" for c in node.children) + "."
    return f"operations at ``{node.mount.base_path}``."


def error_tree(api: Api) -> list[dict[str, str]]:
    """The API error classes drawn as a tree below SparkAPIError, for a module docstring."""
    children: dict[str, list[str]] = {}
    for cls in api.error_classes:
        children.setdefault(cls.base, []).append(cls.name)
    rows: list[dict[str, str]] = []

    def draw(parent: str, depth: int, last_parent: bool) -> None:
        names = children.get(parent, [])
        for index, name in enumerate(names):
            last = index == len(names) - 1
            indent = "" if depth == 0 else ("    " if last_parent else "│   ")
            rows.append({"prefix": indent + ("└── " if last else "├── "), "name": name})
            draw(name, depth + 1, last)

    draw("SparkAPIError", 0, True)
    return rows


# ----------------------------------------------------------------------------- docs


def doc_signature(operation: Operation) -> str:
    """The method as a reader would write it: ``def list(listing_id: str) -> ...``."""
    params = operation.signature.removeprefix("self").lstrip(", ")
    options = f"**options: Unpack[{options_type(operation)}]"
    params = f"{params}, {options}" if params else options
    return f"def {operation.name}({params}) -> {operation.returns.annotation}"


def yes_no(state: str, note: str = "") -> str:
    text = {"yes": "yes", "no": "no", "conditional": "conditional"}[state]
    return f"{text}: {note}" if note else text


def py_literal(value: str | int | bool) -> str:
    """A str, int or bool as Python source (a JSON string is a valid Python one)."""
    if isinstance(value, (bool, int)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def md_cell(text: str) -> str:
    """Text safe inside one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")
