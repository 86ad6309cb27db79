"""Spec coverage against the API's service catalogue: parsing, counting, the CLI, the index."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.coverage import (
    CatalogueError,
    compute,
    load_catalogue,
    load_extras,
    load_undocumented,
    parse_catalogue_markdown,
    read_catalogue_markdown,
)
from generator.ir import load_project
from generator.ir.model import Project
from tests.conftest import ROOT, run_cli

from .conftest import DOCS, require_or_skip

SEED_NOTES = ROOT.parent / "shared" / "seeds" / "README.md"


def test_the_list_below_the_catalogue_heading_is_read() -> None:
    text = "# Seeds\n- not a service\n\n## The service catalogue\n\nIntro text.\n\n- Accounts\n- Listings: Tickets\n\n## Later\n- Other\n"
    assert parse_catalogue_markdown(text) == ("Accounts", "Listings: Tickets")


@pytest.mark.parametrize(
    "text, message",
    [("# Seeds\n- Accounts\n", "no bulleted list"), ("## The service catalogue\n- A\n- A\n", "listed twice")],
)
def test_a_bad_catalogue_is_refused(text: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue_markdown(text)


def test_the_committed_copy_is_the_seed_notes_list() -> None:
    require_or_skip(SEED_NOTES.is_file(), f"the seed notes ({SEED_NOTES})")
    titles = read_catalogue_markdown(SEED_NOTES)
    assert len(titles) == 121
    assert load_catalogue(ROOT / "spec") == titles, "spec/catalogue.yaml is stale: run `sparkgen coverage --update-catalogue`"


def test_counts_per_service(project: Project) -> None:
    catalogue = load_catalogue(ROOT / "spec")
    coverage = compute(project, catalogue)
    rows = {row.title: row for row in (*coverage.catalogue, *coverage.extra)}
    for service in project.services:
        row = rows[service.title]
        mounted = [endpoint for mount in service.mounts for endpoint in mount.endpoints]
        assert row.operations == sum(len(mount.operations) for mount in service.mounts) > 0
        assert row.not_implemented == sum(len(endpoint.not_implemented) for endpoint in mounted)
        assert row.attributes == sum(len(model.attributes) for model in service.models)
    titles = {service.title for service in project.services}
    covered = {title for service in project.services for title in service.covers}
    assert {row.title for row in coverage.catalogue if not row.specified} == set(catalogue) - titles - covered
    assert all(row.operations == 0 for row in coverage.catalogue if row.covered_by)  # counted once, in its own row
    assert [row.title for row in coverage.extra] == sorted(titles - set(catalogue))
    specified = [row for row in coverage.catalogue if row.specified]
    assert coverage.total("operations") == sum(r.operations for r in (*specified, *coverage.extra))


def _first_row(project: Project) -> tuple[str, str, str, str]:
    """The title and counts of the spec's first service, as the coverage table prints them."""
    service = project.services[0]
    row = {r.title: r for r in (*compute(project, ()).extra,)}[service.title]
    return service.title, str(row.operations), str(row.not_implemented), str(row.attributes)


def test_the_command_prints_a_table_and_a_total(tmp_path: Path, project: Project) -> None:
    title, operations, not_implemented, attributes = _first_row(project)
    notes = tmp_path / "README.md"
    notes.write_text(f"## The service catalogue\n\n- {title}\n- Not A Service Yet\n", encoding="utf-8")
    result = run_cli("coverage", "--spec", str(ROOT / "spec"), "--catalogue", str(notes))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    expected = [*title.split(), "yes", operations, not_implemented, attributes]
    assert any(line.split() == expected for line in lines), result.output
    assert any(line.split() == ["Not", "A", "Service", "Yet", "no", "-", "-", "-"] for line in lines), result.output
    assert "Total: 1 of 2 catalogue services specified (50.0%)" in result.output
    assert "differs from this catalogue" in result.output  # the committed copy is the full list


def test_the_command_reads_the_seed_notes_by_default(project: Project) -> None:
    require_or_skip(SEED_NOTES.is_file(), f"the seed notes ({SEED_NOTES})")
    result = run_cli("coverage", "--spec", str(ROOT / "spec"))
    assert result.exit_code == 0, result.output
    specified = len(compute(project, read_catalogue_markdown(SEED_NOTES)).specified)
    assert "(121 services)" in result.output and f"Total: {specified} of 121" in result.output


def test_a_missing_catalogue_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("coverage", "--spec", str(ROOT / "spec"), "--catalogue", str(tmp_path / "nope.md"))
    assert result.exit_code == 1
    assert "not found" in result.output and "--catalogue" in result.output


def test_update_catalogue_rewrites_the_copy(tmp_path: Path, spec_copy: Path) -> None:
    notes = tmp_path / "README.md"
    notes.write_text("## The service catalogue\n- Listings: Tickets\n- 'Quoted: Name'\n", encoding="utf-8")
    result = run_cli("coverage", "--spec", str(spec_copy), "--catalogue", str(notes), "--update-catalogue")
    assert result.exit_code == 0, result.output
    assert load_catalogue(spec_copy) == ("Listings: Tickets", "'Quoted: Name'")


def test_the_docs_index_shows_the_same_table(project: Project) -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8").splitlines()
    coverage = compute(project, load_catalogue(ROOT / "spec"), load_undocumented(ROOT / "spec"), load_extras(ROOT / "spec"))
    for row, suffix in [*((row, "") for row in coverage.catalogue), *((row, " (extra)") for row in coverage.outside)]:
        (line,) = [
            line
            for line in index
            if len(line.split("|")) == 7
            and line.split("|")[1].strip() in (row.title + suffix, f"[{row.title}]({row.service and row.service.doc_page}){suffix}")
        ]
        cells = [cell.strip() for cell in line.split("|")[2:-1]]
        if row.covered_by:
            assert cells == [row.status, "", "", ""], line
        elif row.specified:
            assert cells == ["yes", str(row.operations), str(row.not_implemented), str(row.attributes)], line
        elif row.undocumented:
            assert cells[0].startswith("undocumented: ") and cells[1:] == ["", "", ""], line
        else:
            assert cells == ["no", "", "", ""], line
    total = next(line for line in index if "**Total**" in line)
    assert f"{len(coverage.specified)} of {len(coverage.catalogue)}" in total
    if coverage.outside:
        assert f"(+{len(coverage.specified_outside)} of {len(coverage.outside)} extras)" in total


def test_covered_and_undocumented_services_are_reported_as_such(tmp_path: Path, spec_copy: Path) -> None:
    """A title a spec file lists under ``covers`` counts as specified (once, in that file's
    row); a title marked undocumented in the catalogue says why; --update-catalogue keeps
    the marks of services still listed."""
    service = next(p for p in sorted((spec_copy / "services").glob("*.yaml")) if "covers:" in p.read_text(encoding="utf-8"))
    covered = str(yaml.safe_load(service.read_text(encoding="utf-8"))["covers"][0])
    (spec_copy / "catalogue.yaml").write_text(
        yaml.safe_dump({"services": [covered, "Nowhere", "Elsewhere"], "undocumented": {"Nowhere": "No page found (3 queries)."}}),
        encoding="utf-8",
    )
    notes = tmp_path / "README.md"
    notes.write_text(f"## The service catalogue\n- {covered}\n- Nowhere\n- Elsewhere\n", encoding="utf-8")
    result = run_cli("coverage", "--spec", str(spec_copy), "--catalogue", str(notes), "--update-catalogue")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith(covered) and "yes (in " in line for line in lines), result.output
    assert any(line.split()[:2] == ["Nowhere", "undocumented"] for line in lines), result.output
    assert any(line.split() == ["Elsewhere", "no", "-", "-", "-"] for line in lines), result.output
    assert "Nowhere: No page found (3 queries)." in result.output
    assert "1 of 3 catalogue services specified" in result.output and "1 undocumented" in result.output
    assert load_undocumented(spec_copy) == {"Nowhere": "No page found (3 queries)."}


def test_an_undocumented_mark_for_an_unlisted_service_is_an_error(spec_copy: Path) -> None:
    (spec_copy / "catalogue.yaml").write_text(yaml.safe_dump({"services": ["A"], "undocumented": {"B": "gone"}}), encoding="utf-8")
    with pytest.raises(CatalogueError, match="does not list: B"):
        load_undocumented(spec_copy)


def test_extras_are_counted_apart_from_the_catalogue(tmp_path: Path, spec_copy: Path, project: Project) -> None:
    """A service the documentation holds outside its navigation list is listed under
    ``extras``: it gets its own section and count, not the "not in the catalogue" one; an
    extra no spec file covers is missing (or undocumented, with the reason); and
    --update-catalogue keeps the extras, which the seed notes do not list."""
    title, operations, not_implemented, attributes = _first_row(project)
    catalogue = {"services": ["Nowhere"], "extras": [title, "Gone", "Not Yet"], "undocumented": {"Gone": "No page (2 queries)."}}
    (spec_copy / "catalogue.yaml").write_text(yaml.safe_dump(catalogue), encoding="utf-8")
    notes = tmp_path / "README.md"
    notes.write_text("## The service catalogue\n- Nowhere\n", encoding="utf-8")
    result = run_cli("coverage", "--spec", str(spec_copy), "--catalogue", str(notes), "--update-catalogue")
    assert result.exit_code == 0, result.output
    extras = result.output.split("Extras (documented outside the navigation list):\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split() for line in extras] == [
        [*title.split(), "yes", operations, not_implemented, attributes],
        ["Gone", "undocumented", "-", "-", "-"],
        ["Not", "Yet", "no", "-", "-", "-"],
    ], result.output
    assert "Gone: No page (2 queries)." in result.output.split("Undocumented extras (no page found):", 1)[1]
    unlisted = result.output.split("Specified, but not in the catalogue:", 1)[1]
    assert not any(line.split()[: len(title.split())] == title.split() for line in unlisted.splitlines()), result.output
    assert "0 of 1 catalogue services specified (0.0%), plus 1 of 3 extras (1 undocumented), 0 undocumented" in result.output
    assert "more outside both lists" in result.output
    assert load_extras(spec_copy) == (title, "Gone", "Not Yet")
    assert load_undocumented(spec_copy) == {"Gone": "No page (2 queries)."}
    coverage = compute(project, ("Nowhere",), load_undocumented(spec_copy), load_extras(spec_copy))
    assert coverage.total("operations") == sum(r.operations for r in (*coverage.specified_outside, *coverage.extra)) > 0


@pytest.mark.parametrize(
    "catalogue, message",
    [
        ({"services": ["A"], "extras": ["A"]}, "lists already: A"),
        ({"services": ["A"], "extras": ["B", "B"]}, "'B' is listed twice"),
        ({"services": ["A"], "extras": "B"}, "must be a list"),
    ],
)
def test_bad_extras_are_refused(spec_copy: Path, catalogue: dict[str, object], message: str) -> None:
    (spec_copy / "catalogue.yaml").write_text(yaml.safe_dump(catalogue), encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        load_extras(spec_copy)


def test_the_committed_extras_are_measured(project: Project) -> None:
    """Every extra of spec/catalogue.yaml is specified or marked undocumented."""
    extras = load_extras(ROOT / "spec")
    coverage = compute(project, load_catalogue(ROOT / "spec"), load_undocumented(ROOT / "spec"), extras)
    assert [row.title for row in coverage.outside] == list(extras)
    assert all(row.specified or row.undocumented for row in coverage.outside)
    assert not {row.title for row in coverage.extra} & set(extras)
