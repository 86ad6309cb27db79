"""``sparkgen``: validate the spec, generate the SDK and docs, check for drift."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from generator.format import FormatError, format_file
from generator.render import RenderedFile, render_project
from generator.spec import load_project
from generator.spec.model import Project
from generator.spec.schema import json_schema
from generator.write import plan, unified_diff, with_manifest, write

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

spec_option = click.option(
    "--spec", "spec_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("spec"), show_default=True, help="The spec directory (api.yaml, services/)."
)
out_option = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("generated"), show_default=True, help="The output directory."
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Generate the Spark API Python SDK and its reference docs from a YAML spec."""


def _load(spec_dir: Path, strict: bool) -> Project:
    """The validated project; on any error print the diagnostics and exit 1."""
    if not spec_dir.is_dir():
        raise click.UsageError(f"spec directory '{spec_dir}' does not exist")
    project, diags = load_project(spec_dir)
    if diags.items:
        click.echo(diags.render(), err=True)
    failed = bool(diags.errors) or (strict and bool(diags.items))
    if failed or project is None:
        click.echo(f"{len(diags.errors)} error(s), {len(diags.items) - len(diags.errors)} warning(s)", err=True)
        sys.exit(1)
    return project


def _render(project: Project) -> list[RenderedFile]:
    try:
        return [format_file(f) for f in render_project(project, TEMPLATES)]
    except FormatError as exc:
        click.echo(f"internal error (a template bug, not a spec error): {exc}", err=True)
        sys.exit(1)


@main.command()
@spec_option
@strict_option
def validate(spec_dir: Path, strict: bool) -> None:
    """Check the spec and report every problem found."""
    project = _load(spec_dir, strict)
    operations = sum(len(r.operations) for s in project.services for r in s.resources)
    click.echo(f"spec OK: {len(project.services)} services, {operations} operations")


@main.command()
@spec_option
@out_option
@strict_option
def generate(spec_dir: Path, out_dir: Path, strict: bool) -> None:
    """Regenerate the SDK and docs; unchanged files are left untouched."""
    start = time.perf_counter()
    files = _render(_load(spec_dir, strict))
    result = write(out_dir, files)
    elapsed = time.perf_counter() - start
    click.echo(
        f"{out_dir}: {len(result.added)} added, {len(result.changed)} changed, "
        f"{len(result.removed)} removed, {result.unchanged} unchanged ({elapsed:.2f} s)"
    )


@main.command()
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("spec/schema.json"), show_default=True, help="Where to write the schema.")
def schema(out_file: Path) -> None:
    """Write the JSON Schema of spec files, for editors (YAML language server)."""
    text = json_schema()
    if out_file.is_file() and out_file.read_text(encoding="utf-8") == text:
        click.echo(f"{out_file} is up to date")
        return
    out_file.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out_file}")


@main.command()
@spec_option
@out_option
def check(spec_dir: Path, out_dir: Path) -> None:
    """Exit 1, printing a diff, when the output is not what the spec generates."""
    files = _render(_load(spec_dir, strict=False))
    if plan(out_dir, with_manifest(files)).is_clean:
        click.echo(f"{out_dir} is up to date with {spec_dir}")
        return
    click.echo(unified_diff(out_dir, files), nl=False)
    click.echo(f"{out_dir} is stale: run `make generate` (sparkgen generate) and commit the result", err=True)
    sys.exit(1)
