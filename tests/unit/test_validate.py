"""Spec rules: each mistake gets file:line:column, a rule id, and exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

SERVICE = """\
service: "Widgets"
source: https://example.com/widgets
roles:
  idx: {read: true, write: false}
  public: {read: false, write: false}
  vow: {read: false, write: false}
  portal: {read: false, write: false}
  private: {read: true, write: true}
path_parameters:
  widget_id: {type: string, description: Id of a widget., example: "w1"}
mounts:
  - accessor: widgets
    path: /widgets
models:
  Widget:
    description: A widget.
    attributes:
      Id: {type: string, writeable: false, description: Its id.}
      Name: {type: string, writeable: true, required: true, description: Its name.}
endpoints:
  - title: One widget
    path: /{widget_id}
    operations:
      get:
        method: GET
        summary: Return a widget.
        returns: Widget
        examples:
          - response: {"D": {"Success": true, "Results": [{"Id": "w1", "Name": "A"}]}}
      update:
        method: PUT
        summary: Rename a widget.
        body: {model: Widget, mode: update}
        examples:
          - request: {"D": {"Name": "B"}}
    not_implemented: [POST, DELETE]
"""


def make_spec(tmp_path: Path, service: str = SERVICE) -> Path:
    spec = tmp_path / "spec"
    (spec / "services").mkdir(parents=True)
    (spec / "api.yaml").write_text((ROOT / "spec" / "api.yaml").read_text())
    (spec / "services" / "widgets.yaml").write_text(service)
    return spec


def validate(tmp_path: Path, service: str) -> tuple[int, str]:
    result = run_cli("validate", "--spec", str(make_spec(tmp_path, service)))
    return result.exit_code, result.output


def test_the_base_spec_is_valid(tmp_path: Path) -> None:
    code, output = validate(tmp_path, SERVICE)
    assert code == 0, output
    assert "spec OK: 1 services, 2 operations" in output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Name: {type: string, writeable: true,",
            "Name: {type: string, writable: true,",
            ":19:28: error[unknown-key]: 'writable' is not a key of an attribute; did you mean 'writeable'?",
        ),
        ("Name: {type: string,", "Name: {type: strng,", ":19:20: error[unknown-type]: unknown type 'strng'"),
        ("path: /{widget_id}", "path: /{widget}", ":22:11: error[undeclared-path-parameter]: path '/widgets/{widget}' uses '{widget}', which path_parameters does not declare; did you mean 'widget_id'?"),
        ("path: /{widget_id}", "path: /all", ":10:3: error[unused-path-parameter]: path parameter 'widget_id' is declared but no path uses it"),
        ("not_implemented: [POST, DELETE]", "not_implemented: [PUT, DELETE]", ":30:7: error[method-conflict]: PUT /widgets/{widget_id} is both implemented"),
        ("      update:\n", "      class:\n", ":30:7: error[bad-identifier]: operation name 'class' must be a public Python identifier"),
        ('"Name": "A"}', '"Name": 5}', ":29:80: error[example-mismatch]: response.D.Results[0].Name: expected a string, got int 5"),
        ('"Name": "A"}', '"Nme": "A"}', ":29:79: error[example-mismatch]: response.D.Results[0].Nme: 'Nme' is not an attribute of Widget"),
        ('request: {"D": {"Name": "B"}}', 'request: {"D": {"Id": "B"}}', ":35:35: error[example-mismatch]: request.D.Id: 'Id' is read-only in Widget and cannot be written"),
        ("returns: Widget", "returns: Gadget", ":27:18: error[unknown-model]: returns 'Gadget' must be a model of this service"),
        ("        returns: Widget\n", "        returns: Widget\n        query: [expand]\n", ":28:17: error[expand-without-expansions]"),
        ("Name: {type: string, writeable: true,", "Name: {type: string, writeable: conditional,", ":19:7: error[conditional-without-note]"),
        ("mounts:", "mounts:\n  - accessor: widgets\n    path: /widgets2", "error[duplicate-accessor]: accessor 'widgets' is already defined"),
        ("Id: {type", "Id: {type: string, writeable: false}\n      Id: {type", ":19:7: error[duplicate-key]: key 'Id' appears twice in this mapping (first at line 18)"),
    ],
)
def test_rule(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in SERVICE
    code, output = validate(tmp_path, SERVICE.replace(old, new, 1))
    assert code == 1, output
    assert expected in output, output
    assert "Traceback" not in output


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    broken = SERVICE.replace("writeable: true", "writable: true").replace("type: string, writeable: false", "type: strng, writeable: false")
    code, output = validate(tmp_path, broken)
    assert code == 1
    assert "unknown-key" in output and "unknown-type" in output
    assert "3 error(s)" in output  # the typo also leaves writeable missing


def test_messages_show_the_line_and_a_caret(tmp_path: Path) -> None:
    _, output = validate(tmp_path, SERVICE.replace("writeable: true,", "writable: true,"))
    lines = output.splitlines()
    index = next(i for i, line in enumerate(lines) if "unknown-key" in line)
    assert lines[index + 1].strip().startswith("Name: {type: string, writable: true")
    assert lines[index + 2].index("^") == lines[index + 1].index("writable")


def test_a_failed_generate_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    spec = make_spec(tmp_path, SERVICE.replace("returns: Widget", "returns: Gadget"))
    result = run_cli("generate", "--spec", str(spec), "--out", str(out))
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_missing_spec_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("validate", "--spec", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_every_example_of_the_real_spec_matches_its_model() -> None:
    """The real spec validates, and it does hold examples to check (all of them are)."""
    from generator.ir import load_project

    project, diags = load_project(ROOT / "spec")
    assert project is not None, diags.render()
    examples = [e for s in project.services for op in s.mounts[0].operations for e in op.examples]
    assert len(examples) >= 14  # plain-success answers of writes are the default, not written out
    from_files = [e for e in examples if any("/examples/" in f"/{loc.file}" for loc in e.locations.values())]
    assert len(from_files) >= 4  # the large bodies live in spec/examples/*.json, and are checked too
    # A documented example the spec had to correct says so in its service's notes.
    assert any("not valid JSON" in note for s in project.services for note in s.notes)


def test_examples_of_an_endpoint_on_a_later_mount_are_checked(tmp_path: Path) -> None:
    """An endpoint limited to the second mount is checked too, not only the first mount's."""
    second = SERVICE.replace(
        "mounts:\n  - accessor: widgets\n    path: /widgets\n",
        "mounts:\n  - accessor: widgets\n    path: /widgets\n  - accessor: widgets.current\n    path: /widgets/current\n",
    ).replace(
        "endpoints:\n",
        'endpoints:\n  - title: Current\n    path: ""\n    mounts: [widgets.current]\n    operations:\n'
        '      current:\n        method: GET\n        summary: The current widget.\n        returns: optional[Widget]\n'
        '        examples:\n          - response: {"D": {"Success": true, "Results": [{"Name": 7}]}}\n',
    ).replace("    path: /{widget_id}\n", "    path: /{widget_id}\n    mounts: [widgets]\n")
    code, output = validate(tmp_path, second)
    assert code == 1, output
    assert "response.D.Results[0].Name: expected a string, got int 7" in output
