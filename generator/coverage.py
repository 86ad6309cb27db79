"""How much of the Spark API the spec describes, measured against the API's own catalogue.

The catalogue is the list of services in the Spark documentation's navigation. Two
copies are read: ``sparkgen coverage`` parses the list straight from the seed notes
(``../shared/seeds/README.md``) so that it reports against the newest list, and the
docs are generated from the committed copy, ``spec/catalogue.yaml``, because generated
output must depend on nothing outside the repository. ``--update-catalogue`` refreshes
the copy and a test fails while the two differ.

A spec service covers a catalogue service when their titles are equal, or when it lists
the title under ``covers`` (a page documenting two services, such as a listing
sub-service and its incomplete-listing twin). A catalogue service whose documentation
page cannot be found is marked in ``spec/catalogue.yaml`` under ``undocumented``, with
the reason, and reported so rather than specified from guesses.

The documentation also holds pages its navigation list lacks (older or newer navigation
variants, services the official clients call). ``spec/catalogue.yaml`` lists them under
``extras``; they are counted apart from the catalogue, so that the catalogue's share stays
comparable with the API's own list, and an extra no spec file covers shows as missing
(or undocumented, with the reason) like a catalogue service.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from generator.ir.model import Project, Service

CATALOGUE_FILE = "catalogue.yaml"  # below the spec directory
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")
_ITEM = re.compile(r"^[-*]\s+(.+?)\s*$")
_CATALOGUE_HEADING = "the service catalogue"


class CatalogueError(Exception):
    """The catalogue file is missing or does not hold a list of service titles."""


def parse_catalogue_markdown(text: str) -> tuple[str, ...]:
    """The bullet list below the "The service catalogue" heading of the seed notes."""
    titles: list[str] = []
    inside = False
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            inside = heading.group(1).strip().lower() == _CATALOGUE_HEADING
            continue
        item = _ITEM.match(line) if inside else None
        if item:
            titles.append(item.group(1))
    if not titles:
        raise CatalogueError("no bulleted list of services below a heading 'The service catalogue'")
    return _unique(titles)


def read_catalogue_markdown(path: Path) -> tuple[str, ...]:
    if not path.is_file():
        raise CatalogueError(f"catalogue file '{path}' not found")
    try:
        return parse_catalogue_markdown(path.read_text(encoding="utf-8"))
    except CatalogueError as exc:
        raise CatalogueError(f"{path}: {exc}") from None


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same data; libyaml's is faster


@functools.lru_cache(maxsize=8)
def _parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_SafeLoader)


def _read_yaml(path: Path) -> Any:
    """The catalogue's data, parsed once per run however many loaders read it (callers
    only read it)."""
    return _parse_yaml(path.read_text(encoding="utf-8"))


def load_catalogue(spec_dir: Path) -> tuple[str, ...]:
    """The committed copy; empty when the spec has none (coverage is then left out)."""
    path = spec_dir / CATALOGUE_FILE
    if not path.is_file():
        return ()
    try:
        data = _read_yaml(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: cannot be read as YAML ({str(exc).splitlines()[0]})") from None
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, list) or not all(isinstance(s, str) and s.strip() for s in services):
        raise CatalogueError(f"{path}: expected a mapping with 'services', a list of service titles")
    return _unique([s.strip() for s in services])


def load_extras(spec_dir: Path) -> tuple[str, ...]:
    """The services the documentation holds outside its navigation list (``extras``); they
    are kept only in the committed copy, since the seed notes list the navigation alone."""
    path = spec_dir / CATALOGUE_FILE
    if not path.is_file():
        return ()
    data = _read_yaml(path)
    extras = data.get("extras") if isinstance(data, dict) else None
    if extras is None:
        return ()
    if not isinstance(extras, list) or not all(isinstance(s, str) and s.strip() for s in extras):
        raise CatalogueError(f"{path}: 'extras' must be a list of service titles")
    try:
        titles = _unique([s.strip() for s in extras])
    except CatalogueError as exc:
        raise CatalogueError(f"{path}: 'extras': {exc}") from None
    listed = sorted(set(titles) & set(load_catalogue(spec_dir)))
    if listed:
        raise CatalogueError(f"{path}: 'extras' names services the catalogue lists already: {', '.join(listed)}")
    return titles


def load_undocumented(spec_dir: Path) -> dict[str, str]:
    """The catalogue services and extras marked as having no documentation page, with the reason."""
    path = spec_dir / CATALOGUE_FILE
    if not path.is_file():
        return {}
    data = _read_yaml(path)
    marks = data.get("undocumented", {}) if isinstance(data, dict) else {}
    if marks is None:
        return {}
    if not isinstance(marks, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in marks.items()):
        raise CatalogueError(f"{path}: 'undocumented' must map service titles to the reason their page is missing")
    unknown = sorted(set(marks) - set(load_catalogue(spec_dir)) - set(load_extras(spec_dir)))
    if unknown:
        raise CatalogueError(f"{path}: 'undocumented' names services the catalogue (with its extras) does not list: {', '.join(unknown)}")
    return {title: " ".join(reason.split()) for title, reason in marks.items()}


def catalogue_yaml(
    titles: tuple[str, ...], source: Path, undocumented: dict[str, str] | None = None, extras: tuple[str, ...] = ()
) -> str:
    """The text of ``spec/catalogue.yaml`` for the titles parsed from ``source``, keeping
    the extras not listed there and the undocumented marks of services still listed."""
    header = (
        "# The services of the Spark API documentation's navigation, in its order: what\n"
        "# `sparkgen coverage` and the docs index measure the spec against. A copy of the\n"
        f"# list in {source.as_posix()}; refresh it with `sparkgen coverage --update-catalogue`.\n"
        "# `extras`: services the documentation holds outside that list, counted apart.\n"
        "# `undocumented`: services whose page could not be found, with what was searched.\n"
    )
    data: dict[str, object] = {"services": list(titles)}
    kept = [t for t in extras if t not in titles]
    if kept:
        data["extras"] = kept
    marks = {t: r for t, r in (undocumented or {}).items() if t in titles or t in kept}
    if marks:
        data["undocumented"] = marks
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _unique(titles: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    for title in titles:
        if title in seen:
            raise CatalogueError(f"'{title}' is listed twice")
        seen.add(title)
    return tuple(titles)


def group_of(title: str) -> str:
    """The navigation group: the part of the title before the colon ("Listings: Tickets")."""
    return title.split(":", 1)[0].strip()


@dataclass(frozen=True)
class ServiceCoverage:
    title: str
    service: Service | None  # the spec service that specifies it, if any
    operations: int  # generated Python methods, counted on every mounted path
    not_implemented: int  # methods the API answers with 405, on every mounted path
    attributes: int  # attributes of all the service's models
    undocumented: str = ""  # why no spec can be written: its page was not found
    covered_by: str = ""  # the title of the spec service that documents it too ("covers")

    @property
    def specified(self) -> bool:
        return self.service is not None

    @property
    def status(self) -> str:
        if self.covered_by:
            return f"yes (in {self.covered_by})"
        if self.service is not None:
            return "yes"
        return "undocumented" if self.undocumented else "no"


@dataclass(frozen=True)
class Coverage:
    catalogue: tuple[ServiceCoverage, ...]  # one row per catalogue service, in its order
    extra: tuple[ServiceCoverage, ...]  # spec services in neither the catalogue nor its extras
    outside: tuple[ServiceCoverage, ...] = ()  # one row per catalogue extra, in its order

    @property
    def specified(self) -> tuple[ServiceCoverage, ...]:
        return tuple(row for row in self.catalogue if row.specified)

    @property
    def undocumented(self) -> tuple[ServiceCoverage, ...]:
        return tuple(row for row in self.catalogue if row.undocumented and not row.specified)

    @property
    def specified_outside(self) -> tuple[ServiceCoverage, ...]:
        return tuple(row for row in self.outside if row.specified)

    @property
    def undocumented_outside(self) -> tuple[ServiceCoverage, ...]:
        return tuple(row for row in self.outside if row.undocumented and not row.specified)

    @property
    def percent(self) -> float:
        return 100 * len(self.specified) / len(self.catalogue) if self.catalogue else 0.0

    def total(self, field: str) -> int:
        """The sum of one count over every specified service, in the catalogue or not."""
        rows = (*self.specified, *self.specified_outside, *self.extra)
        return sum(int(getattr(row, field)) for row in rows)


def measure(service: Service | None, title: str) -> ServiceCoverage:
    if service is None:
        return ServiceCoverage(title, None, 0, 0, 0)
    endpoints = [e for r in service.mounts for e in r.endpoints]
    return ServiceCoverage(
        title=title,
        service=service,
        operations=sum(len(e.operations) for e in endpoints),
        not_implemented=sum(len(e.not_implemented) for e in endpoints),
        attributes=sum(len(m.attributes) for m in service.models),
    )


def compute(
    project: Project, catalogue: tuple[str, ...], undocumented: dict[str, str] | None = None, extras: tuple[str, ...] = ()
) -> Coverage:
    by_title = {s.title: s for s in project.services}
    covering = {title: s for s in project.services for title in s.covers}
    marks = undocumented or {}

    def rows(titles: tuple[str, ...]) -> tuple[ServiceCoverage, ...]:
        out = []
        for title in titles:
            if title in by_title or title not in covering:
                out.append(replace(measure(by_title.get(title), title), undocumented=marks.get(title, "")))
            else:  # counted once, in the row of the service that documents it
                out.append(ServiceCoverage(title, covering[title], 0, 0, 0, covered_by=covering[title].title))
        return tuple(out)

    listed = {*catalogue, *extras}
    extra = tuple(measure(s, s.title) for s in sorted(project.services, key=lambda s: s.title) if s.title not in listed)
    return Coverage(rows(catalogue), extra, rows(extras))


def report(coverage: Coverage, source: str) -> str:
    """The plain-text table ``sparkgen coverage`` prints."""
    header = ("Service", "Specified", "Operations", "405", "Attributes")
    lines: list[tuple[str, ...]] = [header]

    def row(item: ServiceCoverage) -> tuple[str, ...]:
        if not item.specified or item.covered_by:
            return (item.title, item.status, "-", "-", "-")
        return (item.title, "yes", str(item.operations), str(item.not_implemented), str(item.attributes))

    lines += [row(item) for item in coverage.catalogue]
    outside = [row(item) for item in coverage.outside]
    extra = [row(item) for item in coverage.extra]
    width = [max(len(line[i]) for line in [*lines, *outside, *extra]) for i in range(len(header))]

    def format_line(cells: tuple[str, ...]) -> str:
        first = cells[0].ljust(width[0])
        rest = "  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(cells[1:], width[1:])))
        return f"{first}  {rest}".rstrip()

    out = [f"Spark API spec coverage against {source} ({len(coverage.catalogue)} services)", ""]
    out += [format_line(line) for line in lines]
    if coverage.undocumented:
        out += ["", "Undocumented (no page found):"]
        out += [f"{item.title}: {item.undocumented}" for item in coverage.undocumented]
    if outside:
        out += ["", "Extras (documented outside the navigation list):"]
        out += [format_line(line) for line in outside]
    if coverage.undocumented_outside:
        out += ["", "Undocumented extras (no page found):"]
        out += [f"{item.title}: {item.undocumented}" for item in coverage.undocumented_outside]
    if extra:
        out += ["", "Specified, but not in the catalogue:"]
        out += [format_line(line) for line in extra]
    extras = (
        f", plus {len(coverage.specified_outside)} of {len(coverage.outside)} extras "
        f"({len(coverage.undocumented_outside)} undocumented)"
        if coverage.outside
        else ""
    )
    out += [
        "",
        f"Total: {len(coverage.specified)} of {len(coverage.catalogue)} catalogue services specified "
        f"({coverage.percent:.1f}%){extras}, {len(coverage.undocumented)} undocumented (no page found), "
        f"{len(coverage.extra)} more outside {'both lists' if coverage.outside else 'it'}; "
        f"{coverage.total('operations')} operations, {coverage.total('not_implemented')} methods "
        f"answered with 405, {coverage.total('attributes')} attributes.",
    ]
    return "\n".join(out) + "\n"
