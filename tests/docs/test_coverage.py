"""Spec coverage against the API's service catalogue: parsing, counting, the CLI, the index."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.coverage import CatalogueError, compute, load_catalogue, load_undocumented, parse_catalogue_markdown, read_catalogue_markdown
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
    coverage = compute(project, load_catalogue(ROOT / "spec"))
    rows = {row.title: row for row in (*coverage.catalogue, *coverage.extra)}
    tickets = rows["Listings: Tickets"]
    assert (tickets.operations, tickets.not_implemented, tickets.attributes) == (3, 9, 4)  # three mounted paths
    assert not rows["Accounts"].specified
    assert [row.title for row in coverage.extra] == ["Portal Groups"]  # not in the API's navigation
    specified = [row for row in coverage.catalogue if row.specified]
    assert coverage.total("operations") == sum(r.operations for r in (*specified, *coverage.extra))


def test_the_command_prints_a_table_and_a_total(tmp_path: Path) -> None:
    notes = tmp_path / "README.md"
    notes.write_text("## The service catalogue\n\n- Listings: Tickets\n- Accounts\n", encoding="utf-8")
    result = run_cli("coverage", "--spec", str(ROOT / "spec"), "--catalogue", str(notes))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split() == ["Listings:", "Tickets", "yes", "3", "9", "4"] for line in lines), result.output
    assert any(line.split() == ["Accounts", "no", "-", "-", "-"] for line in lines), result.output
    assert "Total: 1 of 2 catalogue services specified (50.0%)" in result.output
    assert "differs from this catalogue" in result.output  # the committed copy is the full list


def test_the_command_reads_the_seed_notes_by_default() -> None:
    require_or_skip(SEED_NOTES.is_file(), f"the seed notes ({SEED_NOTES})")
    result = run_cli("coverage", "--spec", str(ROOT / "spec"))
    assert result.exit_code == 0, result.output
    project, _ = load_project(ROOT / "spec")
    assert project is not None
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
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    coverage = compute(project, load_catalogue(ROOT / "spec"), load_undocumented(ROOT / "spec"))
    for row in coverage.catalogue:
        if row.covered_by:
            assert row.service is not None
            expected = f"| [{row.title}]({row.service.doc_page}) | {row.status} | | | |"
        elif row.specified:
            assert row.service is not None
            expected = f"| [{row.title}]({row.service.doc_page}) | yes | {row.operations} | {row.not_implemented} | {row.attributes} |"
        elif row.undocumented:
            expected = f"| {row.title} | undocumented: "
        else:
            expected = f"| {row.title} | no | | | |"
        assert expected in index
    assert f"| **Total** | **{len(coverage.specified)} of {len(coverage.catalogue)}**" in index


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
