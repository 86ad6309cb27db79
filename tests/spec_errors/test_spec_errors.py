"""The corpus of broken specs: each case is one mistake and the exact report it gets.

A case is a directory under ``cases/``: ``spec/`` (the broken input, small and otherwise
valid) and ``expected.txt``, which holds

* a ``# why`` line saying what the mistake is,
* the ``$ sparkgen validate ...`` command the case runs (from inside the case directory,
  so every path in the output is relative and the golden text is machine-independent),
* the exit status, and what the command printed on stdout and on stderr.

The golden text pins the whole user-facing report, not just the rule id: position,
message wording, hint, source line and caret. After an intended change to a message,
rewrite the expected files with ``make golden`` (``SPARKGEN_UPDATE_GOLDEN=1``) and review
the diff like code. To add a case, copy a directory, make one mistake, write the first two
lines of ``expected.txt`` and run ``make golden``.
"""

from __future__ import annotations

import ast
import functools
import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

HERE = Path(__file__).parent
CASES_DIR = HERE / "cases"
CASES = sorted(p for p in CASES_DIR.iterdir() if (p / "expected.txt").is_file())
UPDATE = os.environ.get("SPARKGEN_UPDATE_GOLDEN") == "1"
GENERATOR = HERE.parent.parent / "generator"


def read_header(expected: Path) -> tuple[list[str], list[str]]:
    """The ``#`` and ``$`` lines that start an expected file, and the command's arguments."""
    header = []
    for line in expected.read_text(encoding="utf-8").splitlines():
        if not line.startswith(("#", "$")):
            break
        header.append(line)
    command = next(line for line in header if line.startswith("$ "))
    words = shlex.split(command[2:])
    assert words[0] == "sparkgen", f"{expected}: the command must start with sparkgen"
    return header, words[1:]


def run_case(case: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the CLI in-process from inside the case directory; its report as golden text."""
    monkeypatch.chdir(case)
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return f"exit status: {result.exit_code}\n[stdout]\n{result.stdout}[stderr]\n{result.stderr}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected_file = case / "expected.txt"
    header, args = read_header(expected_file)
    actual = run_case(case, args, monkeypatch)
    assert "Traceback" not in actual
    if UPDATE:
        expected_file.write_text("\n".join(header) + "\n" + actual, encoding="utf-8", newline="\n")
    expected = expected_file.read_text(encoding="utf-8").split("\n", len(header))[-1]
    assert actual == expected, f"{case.name}: the report changed; `make golden` rewrites it (review the diff)"


def case_rule(case: Path) -> str:
    """The rule a case is about: its directory name, less any ``-variant`` suffix."""
    rules = rule_ids()
    name = case.name
    while name not in rules and "-" in name:
        name = name.rsplit("-", 1)[0]
    return name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reports_its_rule(case: Path) -> None:
    """A case named after a rule must actually trigger that rule (not just fail somehow)."""
    if case.name == "many-problems":
        return
    rule = case_rule(case)
    assert rule in rule_ids(), f"{case.name} names no rule id of the generator"
    assert f"[{rule}]" in (case / "expected.txt").read_text(encoding="utf-8")


def test_many_problems_are_all_reported_in_one_run() -> None:
    """One run reports every mistake in every file, not just the first it meets."""
    text = (CASES_DIR / "many-problems" / "expected.txt").read_text(encoding="utf-8")
    reported = {line.split("[", 1)[1].split("]", 1)[0] for line in text.splitlines() if ": error[" in line}
    assert {"unknown-key", "unknown-model", "undeclared-path-parameter", "unknown-error-class", "missing-key"} <= reported
    files = {line.split(":", 1)[0] for line in text.splitlines() if ": error[" in line}
    assert files == {"spec/api.yaml", "spec/services/widgets.yaml", "spec/services/gadgets.yaml"}


@functools.cache
def rule_ids() -> frozenset[str]:
    """Every rule id the generator can report, read from its source.

    A rule id is the second argument of a ``.error(...)``/``.warning(...)`` call; the one
    f-string (``f"duplicate-{kind}"``) is expanded with the kinds passed to ``claim``.
    """
    rules: set[str] = set()
    kinds: set[str] = set()
    templates: list[str] = []
    for path in sorted((GENERATOR / "ir").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("error", "warning") and len(node.args) >= 3:
                rule = node.args[1]
                if isinstance(rule, ast.Constant) and isinstance(rule.value, str):
                    rules.add(rule.value)
                elif isinstance(rule, ast.JoinedStr):
                    templates.append("".join(str(v.value) for v in rule.values if isinstance(v, ast.Constant)))
            if isinstance(func, ast.Name) and func.id == "claim" and node.args:
                kind = node.args[0]
                if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                    kinds.add(kind.value)
    rules |= {prefix + kind for prefix in templates for kind in kinds}
    return frozenset(rules)


def test_every_rule_has_a_case() -> None:
    """The corpus covers every rule id; a new rule needs a case (and its golden report)."""
    covered = {case_rule(c) for c in CASES}
    missing = sorted(rule_ids() - covered)
    assert not missing, f"rule ids without a case under tests/spec_errors/cases: {missing}"
    assert len(rule_ids()) >= 40  # the source scan itself still works
