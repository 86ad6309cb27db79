"""``sparkgen``: validate the spec, generate the SDK and docs, check for drift.

The heavy parts (the spec model, Jinja2, black) are imported by the commands that use
them, so that ``sparkgen generate`` with nothing to do finishes in a blink.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator import pipeline
from generator.serve.command import run as run_server, serve_options
from generator.ir.schema import json_schema
from generator.write import is_current, plan, unified_diff, with_manifest, write

if TYPE_CHECKING:
    from generator.ir.model import Project

ROOT = pipeline.ROOT
TEMPLATES = pipeline.TEMPLATES
# The seed notes beside the repository hold the API's service catalogue.
CATALOGUE = ROOT.parent / "shared" / "seeds" / "README.md"
OPENAPI_DEFAULT = Path("generated") / "openapi.yaml"  # where `generate` writes it too

spec_option = click.option(
    "--spec", "spec_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("spec"), show_default=True, help="The spec directory (api.yaml, services/)."
)
out_option = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("generated"), show_default=True, help="The output directory."
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
cache_option = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=pipeline.DEFAULT_CACHE,
    show_default=True,
    help="Where black's output is cached by the hash of its input.",
)
no_cache_option = click.option("--no-cache", is_flag=True, help="Format everything afresh and skip the nothing-changed shortcut.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Generate the Spark API Python SDK and its reference docs from a YAML spec."""


def _load(spec_dir: Path, strict: bool, cache_dir: Path | None = None) -> Project:
    """The validated project; on any error print the diagnostics and exit 1. With
    ``cache_dir``, unchanged spec files are not parsed again."""
    from generator.ir import load_project

    if not spec_dir.is_dir():
        raise click.UsageError(f"spec directory '{spec_dir}' does not exist")
    with pipeline.without_gc():
        project, diags = load_project(spec_dir, cache_dir)
    if diags.items:
        click.echo(diags.render(), err=True)
    failed = bool(diags.errors) or (strict and bool(diags.items))
    if failed or project is None:
        click.echo(f"{len(diags.errors)} error(s), {len(diags.items) - len(diags.errors)} warning(s)", err=True)
        sys.exit(1)
    return project


def _render(
    project: Project,
    spec_dir: Path,
    cache_dir: Path | None = None,
    out_dir: Path | None = None,
    reuse_rendered: bool = True,
    inputs: str | None = None,
) -> pipeline.Output:
    from generator import coverage, openapi
    from generator.format import FormatError

    try:
        return pipeline.build(spec_dir, project, cache_dir, out_dir, reuse_rendered, inputs)
    except coverage.CatalogueError as exc:
        raise click.ClickException(str(exc)) from None
    except (FormatError, openapi.OpenAPIError) as exc:
        click.echo(f"internal error (a template bug, not a spec error): {exc}", err=True)
        sys.exit(1)


@main.command()
@spec_option
@strict_option
def validate(spec_dir: Path, strict: bool) -> None:
    """Check the spec and report every problem found."""
    project = _load(spec_dir, strict)
    operations = sum(len(r.operations) for s in project.services for r in s.mounts)
    click.echo(f"spec OK: {len(project.services)} services, {operations} operations")


@main.command()
@spec_option
@out_option
@strict_option
@cache_option
@no_cache_option
def generate(spec_dir: Path, out_dir: Path, strict: bool, cache_dir: Path, no_cache: bool) -> None:
    """Regenerate the SDK and docs; unchanged files are left untouched."""
    start = time.perf_counter()
    # Taken before the spec is read: a file changed during the run makes the next run redo it.
    inputs = pipeline.fingerprint(spec_dir) if spec_dir.is_dir() else None
    if not no_cache and not strict and inputs is not None and is_current(out_dir, inputs):
        click.echo(f"{out_dir}: up to date with {spec_dir} ({time.perf_counter() - start:.2f} s)")
        return
    # --no-cache: every module formatted again, none taken from the previous output either.
    cache = None if no_cache else cache_dir
    output = _render(_load(spec_dir, strict, cache), spec_dir, cache, None if no_cache else out_dir, inputs=inputs)
    result = write(out_dir, output.files, output.inputs)
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
@serve_options
def serve(spec_dir: Path, **options: Any) -> None:
    """Run a local Spark API answering as the spec documents, on 127.0.0.1, until Ctrl-C."""
    run_server(_load(spec_dir, strict=False), **options)


@main.command()
@spec_option
@out_option
def check(spec_dir: Path, out_dir: Path) -> None:
    """Exit 1, printing a diff, when the output is not what the spec generates."""
    # Every service rendered afresh: the drift check does not trust the render keys.
    output = _render(_load(spec_dir, strict=False), spec_dir, out_dir=out_dir, reuse_rendered=False)
    if plan(out_dir, with_manifest(output.files, output.inputs)).is_clean:
        click.echo(f"{out_dir} is up to date with {spec_dir}")
        return
    click.echo(unified_diff(out_dir, output.files, output.inputs), nl=False)
    click.echo(f"{out_dir} is stale: run `make generate` (sparkgen generate) and commit the result", err=True)
    sys.exit(1)


@main.command("openapi")
@spec_option
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=OPENAPI_DEFAULT, show_default=True, help="Where to write the document; - for standard output.")
def openapi_command(spec_dir: Path, out_file: Path) -> None:
    """Write the OpenAPI 3.1 description of the API (`generate` writes it too)."""
    from generator import openapi

    project = _load(spec_dir, strict=False)
    text = next(f.content for f in _render(project, spec_dir).files if f.path == OPENAPI_DEFAULT.name)  # as generate writes it
    if str(out_file) == "-":
        click.echo(text, nl=False)
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(prefix=".openapi-", dir=out_file.parent)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    os.replace(staged, out_file)
    document = openapi.build(project)
    click.echo(f"wrote {out_file}: {len(document['paths'])} paths, {openapi.count_operations(document)} operations")


@main.command("coverage")
@spec_option
@click.option(
    "--catalogue",
    "catalogue_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=CATALOGUE,
    show_default="../shared/seeds/README.md, beside the repository",
    help="The seed notes whose 'The service catalogue' section lists the API's services.",
)
@click.option("--update-catalogue", is_flag=True, help="Also rewrite the spec's committed copy (catalogue.yaml) from it.")
def coverage_command(spec_dir: Path, catalogue_file: Path, update_catalogue: bool) -> None:
    """Print which catalogue services the spec covers, with their operation and attribute counts."""
    from generator import coverage

    try:
        titles = coverage.read_catalogue_markdown(catalogue_file)
        committed = coverage.load_catalogue(spec_dir)
        undocumented = coverage.load_undocumented(spec_dir)
        extras = coverage.load_extras(spec_dir)
    except coverage.CatalogueError as exc:
        raise click.ClickException(f"{exc}; pass --catalogue PATH to the seed notes that list the Spark API services") from None
    project = _load(spec_dir, strict=False)
    extras = tuple(t for t in extras if t not in titles)  # an extra the navigation now lists counts there
    click.echo(coverage.report(coverage.compute(project, titles, undocumented, extras), str(catalogue_file)), nl=False)
    copy = spec_dir / coverage.CATALOGUE_FILE
    if update_catalogue:
        copy.write_text(coverage.catalogue_yaml(titles, Path("../shared/seeds/README.md"), undocumented, extras), encoding="utf-8")
        click.echo(f"wrote {copy}; run `sparkgen generate` to refresh the docs index")
    elif committed != titles:
        click.echo(f"note: {copy} differs from this catalogue, so the docs index does too; run `sparkgen coverage --update-catalogue`", err=True)
