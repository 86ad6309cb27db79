"""The IR -> text for every output file, through Jinja2 templates (layout only)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any, Callable

import jinja2

from generator import coverage, openapi
from generator.fragments import Fragments
from generator.serve.data import serve_json_parts
from generator.files import RenderedFile  # re-exported: the renderer's output type
from generator.render import docs, filters, python
from generator.ir.model import AccessorNode, Project, Service, SharedModule
from generator.ir.replication import replication_tables
from generator.ir.types import MASKED_WIRE

SDK_VERSION = "0.1.0"

# Output path (below generated/) -> template (below templates/); rendered once per project.
PROJECT_FILES = {
    "python/pyproject.toml": "python/pyproject.toml.j2",
    "python/README.md": "python/README.md.j2",
    "python/sparkapi/__init__.py": "python/sparkapi/__init__.py.j2",
    "python/sparkapi/_client.py": "python/sparkapi/_client.py.j2",
    "python/sparkapi/_constants.py": "python/sparkapi/_constants.py.j2",
    "python/sparkapi/_errors.py": "python/sparkapi/_errors.py.j2",
    "python/sparkapi/_sparkql_fields.py": "python/sparkapi/_sparkql_fields.py.j2",
    "python/sparkapi/_replication_schema.py": "python/sparkapi/_replication_schema.py.j2",
    "python/sparkapi/resources/__init__.py": "python/sparkapi/resources/__init__.py.j2",
    "python/sparkapi/webhooks.py": "python/sparkapi/webhooks.py.j2",
    "docs/index.md": "docs/index.md.j2",
    "docs/guide.md": "docs/guide.md.j2",
    "docs/authentication.md": "docs/authentication.md.j2",
}
# Built from Python data rather than a template: the OpenAPI export, the local server's
# data, and the MkDocs navigation that mkdocs.yml inherits (docs grouped as the API's
# navigation groups them).
OPENAPI_FILE = "openapi.yaml"
SERVE_FILE = "python/sparkapi/testing/spec.json"
NAV_FILE = "mkdocs-nav.yml"
# The SDK's fixed code, copied byte for byte into python/ (stubs stay behind: they are
# the runtime's view of the modules generated above, for type-checking it in place).
RUNTIME = Path(__file__).resolve().parents[2] / "runtime"
# Rendered once per service; {module} is the service's module name.
SERVICE_FILES = {
    "python/sparkapi/resources/{module}.py": "python/sparkapi/resources/service.py.j2",
    "docs/{module}.md": "docs/service.md.j2",
}
# Rendered once per shared-models file (spec/models/<module>.yaml), and once in all when
# there is at least one.
SHARED_FILES = {
    "python/sparkapi/types/{module}.py": "python/sparkapi/types/module.py.j2",
    "docs/types/{module}.md": "docs/types.md.j2",
}
SHARED_INDEX = ("python/sparkapi/types/__init__.py", "python/sparkapi/types/__init__.py.j2")


def service_keys(project: Project, salt: str) -> dict[str, str]:
    """Each service's render key: a hash of what rendering its module and page reads.

    That is the service's own IR; the API, the shared types and the templates and
    generator (``salt``); and, of the rest of the project, only the names the filters
    look up: the accessor tree (names, classes, modules, base paths: children's
    accessors and imports) and every service's enum and model names (docs links).
    The IR is frozen dataclasses, whose repr is deterministic and complete.
    """
    skeleton: list[str] = []

    def walk(nodes: tuple[AccessorNode, ...]) -> None:
        for node in nodes:
            base = node.mount.base_path if node.mount is not None else None
            skeleton.append(repr((node.path, node.name, node.class_name, node.module, base, [c.name for c in node.children])))
            walk(node.children)

    walk(project.accessors)
    for service in project.services:
        skeleton.append(repr((service.module, [e.name for e in service.enums], [m.name for m in service.models])))
    shared = hashlib.sha256("\n".join([salt, repr(project.api), repr(project.shared), *skeleton]).encode("utf-8"))
    keys = {}
    for service in project.services:
        digest = shared.copy()
        digest.update(repr(service).encode("utf-8"))
        keys[service.module] = digest.hexdigest()
    return keys


# Fields of the IR the project-wide files (PROJECT_FILES, the shared types' files) never
# read: the prose of services, models, attributes, enums and operations, their examples
# and where they were written. Their key (``project_key``) leaves them out, so an edit
# of a description renders none of those files; only whether each is empty is kept (and
# what ``_OUTLINE_SUMMARY`` says they read of it).
# tests/unit/test_project_keys.py changes every one of them and checks that rendering
# the project-wide files gives the same text.
UNREAD_BY_PROJECT_FILES: dict[str, frozenset[str]] = {
    "Service": frozenset({"description", "notes", "source"}),
    "Model": frozenset({"description"}),
    "Attribute": frozenset({"description", "writeable_note", "required_note", "samples"}),
    "Enum": frozenset({"description"}),
    "EnumValue": frozenset({"description"}),
    "Operation": frozenset({"summary", "description", "examples", "example_arguments"}),
    "Parameter": frozenset({"description"}),
    "PathParameter": frozenset({"description", "example"}),
    "Endpoint": frozenset({"description", "title"}),
    "Expansion": frozenset({"description"}),
    "RoleAccess": frozenset({"note"}),
    "Webhook": frozenset({"examples"}),
}
# What of a left-out field the project-wide files do read: the docs index shows the
# first sentence of each service's description.
_OUTLINE_SUMMARY: dict[tuple[str, str], Any] = {("Service", "description"): docs.first_sentence}
_OUTLINE_FIELDS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def outline(value: Any, refs: bool = False) -> str:
    """The text of ``value`` (IR objects, tuples, dicts, scalars) without the fields of
    ``UNREAD_BY_PROJECT_FILES`` (only whether each is empty) and without locations.
    With ``refs``, a service or a mount met inside is named, not spelled out (its own
    outline covers it)."""
    from generator.ir.diagnostics import Location
    from generator.ir.model import Mount, Service

    out: list[str] = []
    append = out.append

    def walk(v: Any) -> None:
        kind = type(v)
        if kind is str or kind is int or kind is bool or v is None or kind is float:
            append(repr(v))
        elif kind is tuple or kind is list:
            append("(")
            for item in v:
                walk(item)
                append(",")
            append(")")
        elif kind is dict:
            append("{")
            for key, item in v.items():
                walk(key)
                append(":")
                walk(item)
                append(",")
            append("}")
        elif kind is Location:
            append("@")
        elif refs and kind is Service:
            append(f"<service {v.module}>")
        elif refs and kind is Mount:
            append(f"<mount {v.accessor!r}>")
        elif dataclasses.is_dataclass(v):
            names = _OUTLINE_FIELDS.get(kind)
            if names is None:
                hidden = UNREAD_BY_PROJECT_FILES.get(kind.__name__, frozenset())
                every = [f.name for f in dataclasses.fields(v)]
                names = _OUTLINE_FIELDS[kind] = (tuple(n for n in every if n not in hidden), tuple(n for n in every if n in hidden))
            append(kind.__name__ + "(")
            for name in names[0]:
                append(name + "=")
                walk(getattr(v, name))
                append(",")
            for name in names[1]:
                summary = _OUTLINE_SUMMARY.get((kind.__name__, name))
                hidden_value = getattr(v, name)
                append(f"{name}:{bool(hidden_value)}{'=' + repr(summary(hidden_value)) if summary else ''},")
            append(")")
        else:
            append(repr(v))

    walk(value)
    return "".join(out)


def service_outline(service: Service) -> str:
    return hashlib.sha256(outline(service).encode("utf-8")).hexdigest()


def project_key(salt: str, common: dict[str, Any], outlines: list[str], extra: tuple[Any, ...]) -> str:
    """The render key of the project-wide files: what they read. That is the API, the
    shared types and guides, the values computed for them (``common``, each service and
    mount in it only named), every service's outline (``service_outline``), the
    catalogue, and the templates and generator (``salt``)."""
    digest = hashlib.sha256(f"project-wide files v1\n{salt}\n".encode("utf-8"))
    skip = {"project", "api", "accessors", "namespaces", "client_children"}
    for name in sorted(common):
        if name not in skip:
            digest.update(f"{name}={outline(common[name], refs=True)}\n".encode("utf-8"))
    for text in (outline(common["accessors"], refs=True), outline(common["namespaces"], refs=True), *outlines, outline(extra)):
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()


def runtime_files(runtime_dir: Path = RUNTIME) -> list[RenderedFile]:
    """The runtime's files as output files, each marked as the copy it is."""
    files = []
    for path in sorted((runtime_dir / "sparkapi").rglob("*")):
        parts = path.relative_to(runtime_dir).parts
        if path.is_file() and path.suffix != ".pyi" and not any(p.startswith((".", "__pycache__")) for p in parts):
            relative = path.relative_to(runtime_dir).as_posix()
            content = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
            files.append(RenderedFile(f"python/{relative}", content, f"runtime/{relative}"))
    return files


def _header(path: str, spec_file: str) -> str:
    text = f"Generated by sparkgen from {spec_file}. Do not edit; change the spec and regenerate."
    if path.endswith(".md"):
        return f"<!-- {text} -->"
    return f"# {text}"


def make_environment(templates_dir: Path, project: Project, cache_dir: Path | None = None) -> jinja2.Environment:
    """``cache_dir``: where Jinja2 keeps its compiled templates (keyed by each template's
    source), so that a run after the first does not compile them again (0.8 s of an edit)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=_bytecode_cache(cache_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    accessors = filters.AccessorFilters(project)
    links = docs.Links(project)
    env.filters.update(
        wrap=filters.wrap,
        attribute_doc=filters.attribute_doc,
        options_type=filters.options_type,
        operation_doc=filters.operation_doc,
        request_target=filters.request_target,
        # The Python target's spellings of IR pieces (generator/render/python.py).
        read_annotation=python.read_annotation,
        field_statement=python.field_statement,
        shadowed_names=lambda module: python.shadowed_names(module.models),
        codec=python.codec,
        models_in_dependency_order=lambda module: python.models_in_dependency_order(module.models),
        method_parameters=filters.method_parameters,
        method_definition=python.method_definition,
        iteration_parameters=filters.iteration_parameters,
        returns_annotation=python.returns_annotation,
        path_expression=python.path_expression,
        call_arguments=python.call_arguments,
        pages_arguments=python.pages_arguments,
        filter_rule_checks=python.filter_rule_checks,
        parameter_annotation=python.parameter_annotation,
        public_names=filters.public_names,
        imports_by_module=filters.imports_by_module,
        accessor_summary=filters.accessor_summary,
        children_of=accessors.children_of,
        child_accessors=accessors.child_accessors,
        module_imports=accessors.module_imports,
        doc_signature=filters.doc_signature,
        yes_no=filters.yes_no,
        to_json=filters.to_json,
        md_cell=filters.md_cell,
        py=filters.py_literal,
        py_tuple=filters.py_tuple,
        fit_call=python.fit_call,
        **docs.FILTERS,
    )
    env.filters.update(
        type_doc=links.type_doc,
        type_anchor=links.type_anchor,
        returns_doc=links.returns_doc,
        example_code=links.example_code,
        webhook_example_code=links.webhook_example_code,
        shared_types_used=links.shared_types_used,
        services_using=links.services_using,
    )
    env.filters.update(
        shared_path_expression=python.shared_path_expression,
        shared_operation_doc=filters.shared_operation_doc,
        format_accessor="``client.{}``".format,
    )
    operations: Any = env.get_template("python/_operations.j2").module

    def methods_text(mount: Any) -> str:
        """A mount's methods as a class shared by several mounts spells them."""
        return str(operations.operation_calls(mount.operations, project.api, mount.base_path, None))

    env.filters["mount_groups"] = lambda service: filters.mount_groups(service, methods_text)
    return env


def _bytecode_cache(cache_dir: Path | None) -> jinja2.BytecodeCache | None:
    if cache_dir is None:
        return None
    directory = cache_dir / "templates"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written only costs speed
    return jinja2.FileSystemBytecodeCache(str(directory))


def render_project(
    project: Project,
    templates_dir: Path,
    catalogue: tuple[str, ...] = (),
    undocumented: dict[str, str] | None = None,
    extras: tuple[str, ...] = (),
    cache_dir: Path | None = None,
    salt: str | None = None,
    previous: dict[str, RenderedFile] | None = None,
    seeds: dict[str, str] | None = None,
    on_rendered: Callable[[RenderedFile], None] | None = None,
) -> list[RenderedFile]:
    """Every output file's text, before formatting, sorted by path.

    ``catalogue`` is the API's list of service titles (spec/catalogue.yaml); without it
    the docs index has no coverage table. ``extras`` are the documented services outside
    that list, counted apart.

    ``salt`` (the templates' and the generator's fingerprint): each service's files carry
    a render key (``service_keys``); where ``previous`` (``write.rendered_on_disk``)
    holds all of a service's files with the same key, they are taken from it instead of
    rendered again: an edit renders only the services it reaches, plus the project-wide
    files. ``seeds`` (``write.fragments_on_disk``): the fragments of the previous
    output's ``openapi.yaml`` and server data, by key, used as the cache directory's are.
    ``on_rendered`` is given each service file as soon as it is rendered (the formatter
    starts on them while the rest renders).
    """
    env = make_environment(templates_dir, project, cache_dir)
    navigation = docs.navigation(project, catalogue)
    lazy_exports = [
        (m.python_module, sorted([e.name for e in m.enums] + [x.name for x in m.models])) for m in project.shared
    ] + [
        (f"sparkapi.resources.{s.module}", sorted([e.name for e in s.enums] + [m.name for m in s.models])) for s in project.services
    ] + [("sparkapi._replication", ["ReplicationError", "ReplicationResult", "replicate"])]
    readers = python.webhook_readers(project)
    common: dict[str, Any] = {
        "api": project.api,
        "project": project,
        "sdk_version": SDK_VERSION,
        "masked_wire": MASKED_WIRE,
        "accessors": project.accessors,
        "namespaces": project.namespaces,
        "client_children": [*project.accessors, *(c for n in project.namespaces for c in n.children)],
        "error_tree": filters.error_tree(project.api),
        "sparkql_fields": python.sparkql_fields(project),
        "replication_tables": replication_tables(project),
        "webhook_readers": readers,
        "webhook_imports": python.webhook_imports(readers),
        "navigation": navigation,
        "coverage": coverage.compute(project, catalogue, undocumented, extras) if catalogue else None,
        "lazy_exports": [(module, names) for module, names in lazy_exports if names],
        "shared_exports": sorted(name for module, names in lazy_exports[: len(project.shared)] for name in names),
        "exports": sorted(
            ["AsyncSparkClient", "SparkClient", "APIConnectionError", "APITimeoutError", "InvalidResponseError"]
            + ["SparkAPIError", "Model", "Pagination", "ResultList", "MASKED", "NOT_GIVEN", "Masked"]
            + ["NotGiven", "__version__", "AccessToken", "AsyncTokenProvider", "OAuth2Token", "OutgoingRequest", "AuthorizationError", "HybridFlow", "OAuth2Flow", "OpenIDConnectFlow", "ApiSession"]
            + ["TokenProvider", "TokenSet", "capture_responses", "parse_results", "RawResponse"]
            + ["RequestOptions", "BodyRequestOptions"]
            + [c.name for c in project.api.error_classes]
            + [name for _, names in lazy_exports for name in names]
        ),
    }
    files = []
    keys = service_keys(project, salt) if salt is not None else {}
    previous = previous or {}
    outlines: list[str] = []
    for service in project.services:
        key = keys.get(service.module)
        outs = [(pattern.format(module=service.module), template) for pattern, template in SERVICE_FILES.items()]
        kept = [previous.get(out) for out, _ in outs]
        if key is not None and all(f is not None and f.render_key == key for f in kept) and kept[0] is not None and kept[0].outline:
            files += [f for f in kept if f is not None]
            outlines.append(kept[0].outline)  # the same key: the same service, the same outline
            continue
        outlines.append(service_outline(service))
        for index, (out, template) in enumerate(outs):
            # Only what the key covers: a template reading more fails (StrictUndefined).
            context = {"api": project.api, "service": service, "header": _header(out, service.spec_file)}
            outline_hash = outlines[-1] if index == 0 and key is not None else None
            files.append(RenderedFile(out, env.get_template(template).render(context), render_key=key, outline=outline_hash))
            if on_rendered is not None:
                on_rendered(files[-1])
    # The project-wide files, under one key: taken from the output when it is unchanged.
    wide: list[tuple[str, str, str, SharedModule | None]] = [(out, template, project.api.spec_file, None) for out, template in PROJECT_FILES.items()]
    for shared in project.shared:
        wide += [(pattern.format(module=shared.module), template, shared.spec_file, shared) for pattern, template in SHARED_FILES.items()]
    if project.shared:
        wide.append((SHARED_INDEX[0], SHARED_INDEX[1], project.api.spec_file, None))
    extra = (SDK_VERSION, MASKED_WIRE, catalogue, undocumented, extras, repr(project.api), repr(project.shared), repr(project.guides))
    wide_key = project_key(salt, common, outlines, extra) if salt is not None else None
    kept_wide = [previous.get(out) for out, _, _, _ in wide]
    if wide_key is not None and all(f is not None and f.render_key == wide_key for f in kept_wide):
        files += [f for f in kept_wide if f is not None]
    else:
        for out, template, spec_file, module in wide:
            context = {**common, "header": _header(out, spec_file), **({"shared": module} if module is not None else {})}
            files.append(RenderedFile(out, env.get_template(template).render(context), render_key=wide_key))
    text, parts = openapi.render_parts(project, _header(OPENAPI_FILE, project.api.spec_file), cache_dir, seeds)
    files.append(RenderedFile(OPENAPI_FILE, text, parts=parts))
    served = Fragments(cache_dir / "serve-fragments.json" if cache_dir is not None else None, seeds)
    text, parts = serve_json_parts(project, served)
    served.save()
    files.append(RenderedFile(SERVE_FILE, text, parts=parts))
    files += runtime_files()
    for guide in project.guides:  # hand-written pages, published as written
        out = f"docs/{guide.doc_page}"
        files.append(RenderedFile(out, f"{_header(out, guide.spec_file)}\n{guide.text}"))
    pages = sorted(out.removeprefix("docs/") for out in PROJECT_FILES if out.startswith("docs/") and out != "docs/index.md")
    nav = docs.nav_yaml(navigation, pages, _header(NAV_FILE, project.api.spec_file), project.shared, project.guides)
    files.append(RenderedFile(NAV_FILE, nav))
    return sorted(files, key=lambda f: f.path)
