"""From a spec directory to a validated Project, or to the diagnostics saying why not."""

from __future__ import annotations

import os
from pathlib import Path

from generator.spec.diagnostics import Diagnostics, Location
from generator.spec.load import load_file
from generator.spec.model import AccessorNode, Project, Resource, Service
from generator.spec.naming import is_identifier, pascal_case
from generator.spec.parse import ServiceParser, parse_api
from generator.spec.validate import validate

__all__ = ["load_project", "Diagnostics", "Project"]


def load_project(spec_dir: Path) -> tuple[Project | None, Diagnostics]:
    """Load ``api.yaml`` and ``services/*.yaml``; the project is None when any error was found."""
    diags = Diagnostics()
    api_path = spec_dir / "api.yaml"
    if not api_path.is_file():
        diags.error(Location(_display(api_path), 1, 1), "missing-file", "the spec needs an api.yaml describing the platform")
        return None, diags
    api_node = load_file(api_path, _display(api_path), diags)
    parsed_api = parse_api(api_node, "spec/api.yaml", diags) if api_node else None
    query = parsed_api[1] if parsed_api else None

    services: list[Service] = []
    for path in sorted((spec_dir / "services").glob("*.yaml")):
        module = path.stem
        display = _display(path)
        if not is_identifier(module):
            diags.error(Location(display, 1, 1), "bad-file-name", f"'{path.name}' must be a Python module name (letters, digits, underscores)")
            continue
        node = load_file(path, display, diags)
        if node is None:
            continue
        service = ServiceParser(f"spec/services/{path.name}", module, query, diags).parse(node)
        if service is not None:
            services.append(service)
    if parsed_api is None:
        return None, diags
    project = Project(parsed_api[0], tuple(services), _accessor_tree([r for s in services for r in s.resources], services))
    validate(project, diags)
    return (None if diags.errors else project), diags


def _display(path: Path) -> str:
    """Paths in messages: relative to the working directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _accessor_tree(resources: list[Resource], services: list[Service]) -> tuple[AccessorNode, ...]:
    """Nest resources by their dotted accessors; missing levels become namespaces."""
    module_of = {r.accessor: s.module for s in services for r in s.resources}
    by_path = {r.accessor: r for r in resources}
    paths = {r.accessor[: i + 1] for r in resources for i in range(len(r.accessor))}

    def build(prefix: tuple[str, ...]) -> tuple[AccessorNode, ...]:
        children = sorted(p for p in paths if len(p) == len(prefix) + 1 and p[: len(prefix)] == prefix)
        return tuple(
            AccessorNode(
                name=path[-1],
                path=path,
                class_name=pascal_case(*path),
                resource=by_path.get(path),
                module=module_of.get(path),
                children=build(path),
            )
            for path in children
        )

    return build(())
