"""Jinja filters: the small decisions templates need, made in Python from the IR."""

from __future__ import annotations

import functools
import json
import textwrap
from dataclasses import dataclass
from typing import Any, Sequence

from generator.ir.model import AccessorNode, Api, Attribute, Mount, Operation, Project, Service, SharedModule
from generator.render import python

_WIDTH = 88


@functools.lru_cache(maxsize=8192)
def wrap(text: str, indent: int) -> str:
    """Docstring text wrapped to the line length, safe inside triple quotes (kept: an
    operation's docstring is written on its function and on both methods binding it)."""
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


def request_target(operation: Operation, api: Api) -> str:
    """What the call is sent to: a path below the version, or a URL the API handed out."""
    if any(p.url for p in operation.path_parameters):
        return operation.path_template  # {upload_uri}: the whole URL
    return f"/{api.version}{operation.path_template}"


def method_parameters(operation: Operation) -> list[str]:
    """The parameters of an operation's function, its per-call options last."""
    return [*python.signature_pieces(operation), f"**options: Unpack[{options_type(operation)}]"]


def iteration_parameters(operation: Operation) -> list[str]:
    """The parameters of a paged read's iterating function."""
    return [*python.iteration_signature_pieces(operation), "**options: Unpack[RequestOptions]"]


def operation_doc(operation: Operation, api: Api) -> str:
    """Summary, the HTTP call, and the arguments, in the Google docstring layout."""
    lines = [operation.summary, ""]
    if operation.description:
        lines += [operation.description, ""]
    lines.append(f"``{operation.method} {request_target(operation, api)}``")
    options = options_type(operation)
    extra = "``extra_query``, ``extra_headers``, ``extra_body``" if options == "BodyRequestOptions" else "``extra_query``, ``extra_headers``"
    described = [(p.python_name, p.description) for p in operation.parameters]
    described.append(("options", f"Per-call {extra} and ``timeout`` (``sparkapi.{options}``)."))
    lines += ["", "Args:"]
    for name, text in described:
        lines += _argument_lines(name, text)
    return "\n".join(lines)


@functools.lru_cache(maxsize=8192)  # operations share parameters (select, limit, ...)
def _argument_lines(name: str, text: str) -> list[str]:
    """One ``Args:`` entry, wrapped, its continuation lines indented under it."""
    description = " ".join(text.split()) or "See the reference docs."
    wrapped = textwrap.wrap(f"{name}: {description}", width=_WIDTH - 8 - 4)
    return ["    " + wrapped[0], *("        " + rest for rest in wrapped[1:])]


def shared_operation_doc(operation: Operation, api: Api, base: str, mounts: Sequence[Mount] | None) -> str:
    """``operation_doc`` for a class shared by several mounts: the path spelt from
    ``{path}``, then each mount's (none listed when ``mounts`` is None)."""
    doc = operation_doc(operation, api)
    target = f"``{operation.method} {request_target(operation, api)}``"
    rest = operation.path_template[len(base) :]
    shared = f"``{operation.method} /{api.version}{{path}}{rest}``, ``{{path}}`` being the mount's:"
    for mount in mounts or ():
        shared += f"\n- ``{mount.base_path}`` (``client.{mount.dotted}``)"
    return doc.replace(target, shared, 1)


@dataclass(frozen=True)
class MountGroup:
    """Mounts of one service whose operations are the same but for their base path: their
    methods are written once, in ``_<name>`` (``_Async<name>``), which each mount's class
    derives from with its own ``_path``."""

    name: str
    mounts: tuple[Mount, ...]


def mount_groups(
    service: Service, methods_text: Any
) -> list[tuple[Mount, MountGroup | None]]:
    """Each mount of the service, with the group it shares its methods with (None when
    no other mount has the same). ``methods_text(mount)``: the mount's methods as a
    shared class spells them, paths from ``self._path``; equal text, equal methods."""
    by_text: dict[str, list[Mount]] = {}
    for mount in service.mounts:
        if mount.operations and all(python.shares_path(op, mount.base_path) for op in mount.operations):
            by_text.setdefault(methods_text(mount), []).append(mount)
    groups: dict[str, MountGroup] = {}
    for mounts in by_text.values():
        if len(mounts) > 1:
            group = MountGroup(f"{mounts[0].class_name}Operations", tuple(mounts))
            groups.update((m.class_name, group) for m in mounts)
    return [(mount, groups.get(mount.class_name)) for mount in service.mounts]


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
        """The imports a service (or shared types) module needs, collected from the types,
        parameters and results it spells."""
        imports = python.Imports(shadowed=python.shadowed_names(service.models))
        for model in service.models:
            imports.runtime_models.add("Model")
            for attr in model.attributes:
                imports.attribute(attr)
        mounts = service.mounts if isinstance(service, Service) else ()
        for operation in (op for m in mounts for op in m.operations):
            imports.operation(operation)
        children = self.child_accessors(service) if isinstance(service, Service) else []
        type_checking = imports.type_checking()
        for module, names in imports_by_module(children, service.module):
            type_checking.append((f"sparkapi.resources.{module}", names))
        # Child namespaces (an accessor level with no service of its own) live in _client.
        groups = sorted({n for c in children if c.mount is None for n in (c.class_name, f"Async{c.class_name}")})
        if groups:
            type_checking.append(("sparkapi._client", groups))
        typing = sorted(imports.typing - {"Unpack"}) + (["Unpack"] if "Unpack" in imports.typing else [])
        if type_checking:
            typing.insert(0, "TYPE_CHECKING")
        # Shared models and enums it names, imported at run time (codecs and calls need them).
        own = {e.name for e in service.enums} | {m.name for m in service.models}
        shared: dict[str, list[str]] = {}
        for name in sorted(imports.names - own):
            owner = self.shared_modules.get(name)
            if owner is not None:
                shared.setdefault(owner, []).append(name)
        return {
            "enum": bool(service.enums),
            "cached_property": bool(children),
            "typing": typing,
            "models": sorted(imports.runtime_models),
            "transport": [name for name, used in (("handed_out_url", imports.handed_out_url), ("path_segment", imports.path_segment)) if used],
            "uploads": sorted(imports.uploads),
            "resource": sorted(imports.resource),
            "types": sorted(imports.runtime_types),
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
    params = python.signature(operation).removeprefix("self").lstrip(", ")
    options = f"**options: Unpack[{options_type(operation)}]"
    params = f"{params}, {options}" if params else options
    return f"def {operation.name}({params}) -> {python.returns_annotation(operation.returns)}"


def yes_no(state: str, note: str = "") -> str:
    text = {"yes": "yes", "no": "no", "conditional": "conditional"}[state]
    return f"{text}: {note}" if note else text


def py_literal(value: str | int | bool) -> str:
    """A str, int or bool as Python source, quoted as black quotes it."""
    if isinstance(value, (bool, int)):
        return repr(value)
    return python.string_literal(value)


def py_tuple(values: Any) -> str:
    """A tuple of str, int or bool as Python source, as black writes it: ``("Id",)``."""
    items = [py_literal(v) for v in values]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def md_cell(text: str) -> str:
    """Text safe inside one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")
