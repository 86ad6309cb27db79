"""From a spec directory to a validated Project, or to the diagnostics saying why not."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from generator.ir.diagnostics import Diagnostics, Location
from generator.ir.load import Node, load_file, load_json_file, node_cache
from generator.ir.model import AccessorNode, Guide, Mount, Project, Service
from generator.ir.naming import is_identifier, pascal_case
from generator.ir.parse import DEFAULT_ENVELOPE, ExampleOpener, ServiceParser, parse_api, parse_shared
from generator.ir.validate import validate

__all__ = ["load_project", "Diagnostics", "Project"]


def load_project(spec_dir: Path, cache_dir: Path | None = None) -> tuple[Project | None, Diagnostics]:
    """Load ``api.yaml``, ``models/*.yaml`` and ``services/*.yaml`` (and the example files
    they name); the project is None when any error was found. With ``cache_dir``, the
    nodes of unchanged spec files are taken from it (``load.NodeCache``)."""
    with node_cache(cache_dir):
        return _load_project(spec_dir, cache_dir)


def _load_project(spec_dir: Path, cache_dir: Path | None) -> tuple[Project | None, Diagnostics]:
    diags = Diagnostics()
    api_path = spec_dir / "api.yaml"
    if not api_path.is_file():
        diags.error(Location(_display(api_path), 1, 1), "missing-file", "the spec needs an api.yaml describing the platform")
        return None, diags
    api_node = load_file(api_path, _display(api_path), diags)
    parsed_api = parse_api(api_node, "spec/api.yaml", diags) if api_node else None
    query = parsed_api[1] if parsed_api else None
    api_path_parameters = parsed_api[0].path_parameters if parsed_api else ()

    shared, scope = parse_shared(list(_modules(spec_dir, "models", diags)), diags)
    open_example = _example_opener(spec_dir, diags)
    services: list[Service] = []
    cache = ServiceCache(cache_dir, spec_dir) if cache_dir is not None and parsed_api is not None else None
    for path, display in _module_paths(spec_dir, "services", diags):
        spec_file, module = f"spec/services/{path.name}", path.stem
        # An unchanged service's file is not even loaded (only remembered for messages).
        service = cache.get(spec_file, display, diags) if cache is not None else None
        if service is None:
            node = load_file(path, display, diags)
            if node is None:
                continue
            envelope = parsed_api[0].envelope if parsed_api else DEFAULT_ENVELOPE
            opened: list[str] = []

            def recording(name: str, loc: Location) -> Node | None:
                opened.append(name)
                return open_example(name, loc)

            parser = ServiceParser(
                spec_file, module, query, diags, shared=scope, api_path_parameters=api_path_parameters, open_example=recording, envelope=envelope
            )
            before = len(diags.items)
            service = parser.parse(node)
            if cache is not None and service is not None and len(diags.items) == before:
                cache.put(spec_file, service, opened)
        if service is not None:
            services.append(service)
    if cache is not None and not diags.errors:
        cache.save()
    if parsed_api is None:
        return None, diags
    guides = _guides(spec_dir, diags)
    accessors = _accessor_tree([r for s in services for r in s.mounts], services)
    project = Project(parsed_api[0], tuple(services), accessors, tuple(shared), guides)
    validate(project, diags)
    return (None if diags.errors else project), diags


class ServiceCache:
    """Each service's parsed IR, kept in the cache directory by a hash of its spec file,
    of what every service's parse reads (``api.yaml``, ``models/*.yaml``, the IR code),
    and checked against the example files its parse opened: a run parses again only the
    services whose inputs changed. Only a parse without any diagnostic is kept."""

    _SALT = b"sparkgen parsed services v1\n"

    def __init__(self, cache_dir: Path, spec_dir: Path) -> None:
        self.file = cache_dir / "services.pickle"
        self.spec_dir = spec_dir
        digest = hashlib.sha256(self._SALT)
        ir_code = sorted(Path(__file__).parent.glob("*.py"))
        inputs = [spec_dir / "api.yaml", *sorted((spec_dir / "models").glob("*.yaml"))]
        for path in [*ir_code, *inputs]:
            digest.update(path.name.encode("utf-8") + b"\0" + _read(path) + b"\0")
        self.context = digest.hexdigest()
        try:
            with open(self.file, "rb") as handle:
                loaded = pickle.load(handle)
            self.entries: dict[str, tuple[Service, tuple[tuple[str, str], ...]]] = loaded if isinstance(loaded, dict) else {}
        except Exception:  # absent, truncated or from another version: only costs speed
            self.entries = {}
        self.used: dict[str, tuple[Service, tuple[tuple[str, str], ...]]] = {}

    def _key(self, spec_file: str) -> tuple[str, bytes]:
        text = _read(self.spec_dir / spec_file.removeprefix("spec/"))
        return hashlib.sha256(f"{self.context}\n{spec_file}\n".encode("utf-8") + text).hexdigest(), text

    def get(self, spec_file: str, display: str, diags: Diagnostics) -> Service | None:
        key, source = self._key(spec_file)
        entry = self.entries.get(key)
        if entry is None:
            return None
        texts = [(self.spec_dir / name, _read(self.spec_dir / name)) for name, _ in entry[1]]
        if any(hashlib.sha256(text).hexdigest() != digest for (_, text), (_, digest) in zip(texts, entry[1])):
            return None
        diags.add_source(display, source.decode("utf-8"))  # as loading it would have: for messages
        for path, text in texts:
            diags.add_source(_display(path), text.decode("utf-8"))
        self.used[key] = entry
        return entry[0]

    def put(self, spec_file: str, service: Service, examples: list[str]) -> None:
        self.used[self._key(spec_file)[0]] = (service, tuple((name, _hash(self.spec_dir / name)) for name in examples))

    def save(self) -> None:
        if self.used.keys() == self.entries.keys():
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as handle:
                pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.file)
        except OSError:
            pass  # a cache that cannot be written only costs speed


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\0missing"


def _hash(path: Path) -> str:
    return hashlib.sha256(_read(path)).hexdigest()


def _guides(spec_dir: Path, diags: Diagnostics) -> tuple[Guide, ...]:
    """``guides/*.md``: Markdown that must open with a "# " title."""
    found = []
    for path in sorted((spec_dir / "guides").glob("*.md")):
        display = _display(path)
        if not is_identifier(path.stem):
            diags.error(Location(display, 1, 1), "bad-file-name", f"'{path.name}' must be a Python module name (letters, digits, underscores)")
            continue
        try:
            text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError) as exc:
            diags.error(Location(display, 1, 1), "unreadable-file", f"cannot read the guide: {exc}")
            continue
        first = text.lstrip("\n").split("\n", 1)[0]
        if not first.startswith("# "):
            diags.error(Location(display, 1, 1), "guide-without-title", "a guide starts with its title, a line '# Title'")
            continue
        found.append(Guide(path.stem, first[2:].strip(), text, f"spec/guides/{path.name}"))
    return tuple(found)


def _module_paths(spec_dir: Path, folder: str, diags: Diagnostics) -> list[tuple[Path, str]]:
    """(path, display) of each ``<folder>/*.yaml`` named as a Python module, by name."""
    found = []
    for path in sorted((spec_dir / folder).glob("*.yaml")):
        display = _display(path)
        if not is_identifier(path.stem):
            diags.error(Location(display, 1, 1), "bad-file-name", f"'{path.name}' must be a Python module name (letters, digits, underscores)")
            continue
        found.append((path, display))
    return found


def _modules(spec_dir: Path, folder: str, diags: Diagnostics) -> list[tuple[str, str, Node]]:
    """(spec file, module name, root node) of each readable ``<folder>/*.yaml``, by name."""
    found = []
    for path, display in _module_paths(spec_dir, folder, diags):
        node = load_file(path, display, diags)
        if node is not None:
            found.append((f"spec/{folder}/{path.name}", path.stem, node))
    return found


def _example_opener(spec_dir: Path, diags: Diagnostics) -> ExampleOpener:
    """Reads ``examples/...json`` below the spec directory for the parser, reporting at the
    ``file:`` value when the file cannot give a body (its own errors are reported in it)."""
    root = spec_dir.resolve()

    def open_example(name: str, loc: Location) -> Node | None:
        try:
            path = (spec_dir / name).resolve()
            inside = name.startswith("examples/") and name.endswith(".json") and path.is_relative_to(root / "examples")
            exists = inside and path.exists()
        except (OSError, ValueError) as exc:  # a name too long for the file system, ...
            diags.error(loc, "example-file", f"'{name[:60]}' cannot be used as a file name: {exc}")
            return None
        if not inside:
            diags.error(loc, "example-file", f"'{name}' must be a .json file below examples/ in the spec directory, e.g. examples/listings/get.json")
            return None
        if not exists:
            diags.error(loc, "example-file", f"'{name}' does not exist (looked for {_display(path)})")
            return None
        node = load_json_file(path, _display(path), diags)
        if node is None:
            diags.error(loc, "example-file", f"'{name}' holds no usable JSON body (see the error reported in that file)")
        return node

    return open_example


def _display(path: Path) -> str:
    """Paths in messages: relative to the working directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _accessor_tree(mounts: list[Mount], services: list[Service]) -> tuple[AccessorNode, ...]:
    """Nest mounts by their dotted accessors; missing levels become namespaces."""
    module_of = {r.accessor: s.module for s in services for r in s.mounts}
    by_path = {r.accessor: r for r in mounts}
    paths = {r.accessor[: i + 1] for r in mounts for i in range(len(r.accessor))}

    def build(prefix: tuple[str, ...]) -> tuple[AccessorNode, ...]:
        children = sorted(p for p in paths if len(p) == len(prefix) + 1 and p[: len(prefix)] == prefix)
        return tuple(
            AccessorNode(
                name=path[-1],
                path=path,
                class_name=pascal_case(*path),
                mount=by_path.get(path),
                module=module_of.get(path),
                children=build(path),
            )
            for path in children
        )

    return build(())
