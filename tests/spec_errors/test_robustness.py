"""No input makes sparkgen crash: whatever bytes a spec file holds, the answer is a
compiler-style diagnostic and exit status 1 (or 0 for odd-but-valid YAML), never a
Python traceback.

Each hostile input replaces one file of the (valid) kitchen-sink spec, so everything else
about the run is normal. Most cases run the CLI in-process (fast, and an exception fails
the test directly); a few run the installed ``sparkgen`` in a subprocess, to check what a
user actually sees, stack limits and all.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.ir import load_project

ROOT = Path(__file__).resolve().parent.parent.parent
KITCHEN_SINK = ROOT / "tests" / "golden" / "kitchen_sink" / "spec"
SPARKGEN = Path(sys.executable).parent / "sparkgen"
DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (error|warning)\[[a-z]+(-[a-z]+)*\]: .+$", re.MULTILINE)
SERVICE = "services/shelves.yaml"
API = "api.yaml"
VALID_SERVICE = (KITCHEN_SINK / SERVICE).read_bytes()


def _bomb(levels: int) -> bytes:
    """The 'billion laughs': each level is a list of nine aliases of the level below."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


# name -> (file content, exit statuses allowed). 0 is allowed only where the content is a
# valid spec written in an unusual way.
HOSTILE: dict[str, tuple[bytes, tuple[int, ...]]] = {
    "empty": (b"", (1,)),
    "only-comments": (b"# nothing\n# here\n", (1,)),
    "only-whitespace": (b" \n\n   \n", (1,)),
    "document-marker-only": (b"---\n...\n", (1,)),
    "binary-garbage": (random.Random(5).randbytes(4096), (1,)),
    "nul-bytes": (VALID_SERVICE.replace(b"A shelf.", b"A \x00shelf."), (1,)),
    "nul-only": (b"\x00" * 64, (1,)),
    "control-characters": (b"service: \x07\x1b[31mred\n", (1,)),
    "non-utf8": (VALID_SERVICE.replace(b"A shelf.", b"A sh\xe9lf."), (1,)),
    "utf16": (VALID_SERVICE.decode().encode("utf-16"), (1,)),
    "utf8-bom": (b"\xef\xbb\xbf" + VALID_SERVICE, (0,)),
    "crlf-line-ends": (VALID_SERVICE.replace(b"\n", b"\r\n"), (0,)),
    "tabs-for-indentation": (VALID_SERVICE.replace(b"\n  ", b"\n\t"), (1,)),
    "tab-inside-flow": (VALID_SERVICE.replace(b"{read: true,", b"{read:\ttrue,\t"), (0,)),
    "top-level-list": (b"- service: Shelves\n- source: x\n", (1,)),
    "top-level-scalar": (b"just a sentence\n", (1,)),
    "top-level-null": (b"~\n", (1,)),
    "top-level-integer": (b"12345\n", (1,)),
    "two-documents": (VALID_SERVICE + b"---\n" + VALID_SERVICE, (1,)),
    "duplicate-keys": (VALID_SERVICE + b"service: Again\n", (1,)),
    "integer-keys": (b"1: a\n2: b\n", (1,)),
    "null-and-bool-keys": (b"~: a\ntrue: b\n", (1,)),
    "list-key": (b"? [a, b]\n: c\n", (1,)),
    "mapping-key": (b"? {a: 1}\n: c\n", (1,)),
    "huge-integer": (b"service: " + b"9" * 5000 + b"\n", (1,)),
    "huge-integer-in-example": (VALID_SERVICE.replace(b"service: ", b"notes: [" + b"1" * 10_000 + b"]\nservice: "), (1,)),
    "huge-float": (b"service: 1e999999\n", (1,)),
    "bad-tagged-scalars": (b"a: !!bool maybe\nb: !!int x\nc: !!float y\nd: !!timestamp z\n", (1,)),
    "python-tag": (b"service: !!python/object/apply:os.system [echo hi]\n", (1,)),
    "unknown-tag": (b"service: !shout Shelves\n", (1,)),
    "binary-tag": (b"service: !!binary aGVsbG8=\n", (1,)),
    "set-tag": (b"service: !!set {a, b}\n", (1,)),
    "anchors-and-aliases": (VALID_SERVICE.replace(b"  idx: {read: false, write: false}\n  public: {read: false, write: false}", b"  idx: &none {read: false, write: false}\n  public: *none"), (0,)),
    "recursive-alias": (b"a: &a [*a, *a]\n", (1,)),
    "undefined-alias": (b"service: *nowhere\n", (1,)),
    "merge-key": (b"base: &b {read: true}\nroles:\n  idx:\n    <<: *b\n", (1,)),
    "merge-key-list": (b"a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n", (1,)),
    "alias-bomb": (_bomb(9), (1,)),
    "deep-open-brackets": (b"[" * 10_000, (1,)),
    "deep-balanced-brackets": (b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", (1,)),
    "deep-flow-mappings": (b"a: " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n", (1,)),
    "deep-block-mappings": ("".join(f"{'  ' * i}k{i}:\n" for i in range(700)).encode(), (1,)),
    "deep-but-allowed": (b"a: " + b"[" * 60 + b"]" * 60 + b"\n", (1,)),
    "ten-megabytes-of-keys": (b"".join(b"key%07d: value\n" % i for i in range(10 * 1024 * 1024 // 19)), (1,)),
    "ten-megabyte-string": (b"service: " + b"x" * (10 * 1024 * 1024) + b"\n", (1,)),
    "long-line-of-commas": (b"a: [" + b"," * 100_000 + b"]\n", (1,)),
    "lone-surrogate-escape": (b'service: "\\ud800"\n', (1,)),
    "unicode-line-separators": (VALID_SERVICE.replace(b"\n", "\u2028".encode(), 3), (0, 1)),
    "form-feed": (b"a: 1\x0cb: 2\n", (1,)),
}


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(KITCHEN_SINK, target)
    return target


def check_report(code: int, stdout: str, stderr: str, allowed: tuple[int, ...]) -> None:
    assert "Traceback" not in stdout + stderr, stdout + stderr
    assert code in allowed, f"exit status {code}\n{stdout}{stderr}"
    if code == 1:
        assert DIAGNOSTIC.search(stderr), f"exit 1 without a diagnostic line:\n{stderr[:2000]}"
        assert re.search(r"^\d+ error\(s\), \d+ warning\(s\)$", stderr, re.MULTILINE)


@pytest.mark.parametrize("target", [SERVICE, API])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gets_a_diagnostic(spec: Path, name: str, target: str) -> None:
    content, allowed = HOSTILE[name]
    if target == API:
        allowed = (1,)  # none of these is an API description
    (spec / target).write_bytes(content)
    result = CliRunner().invoke(main, ["validate", "--spec", str(spec)], catch_exceptions=False)
    check_report(result.exit_code, result.stdout, result.stderr, allowed)


@pytest.mark.parametrize("name", ["nul-bytes", "deep-open-brackets", "deep-flow-mappings", "alias-bomb", "ten-megabytes-of-keys", "huge-integer"])
def test_hostile_file_in_a_real_process(spec: Path, name: str) -> None:
    """The installed command, with the interpreter's real stack: same clean report."""
    content, allowed = HOSTILE[name]
    (spec / SERVICE).write_bytes(content)
    done = subprocess.run([str(SPARKGEN), "validate", "--spec", str(spec)], capture_output=True, text=True, timeout=60)
    check_report(done.returncode, done.stdout, done.stderr, allowed)


def test_a_directory_named_like_a_service_file(spec: Path) -> None:
    (spec / "services" / "extra.yaml").mkdir()
    result = CliRunner().invoke(main, ["validate", "--spec", str(spec)], catch_exceptions=False)
    check_report(result.exit_code, result.stdout, result.stderr, (1,))
    assert "error[unreadable-file]" in result.stderr


def test_api_yaml_that_is_a_directory(spec: Path) -> None:
    (spec / API).unlink()
    (spec / API).mkdir()
    result = CliRunner().invoke(main, ["validate", "--spec", str(spec)], catch_exceptions=False)
    check_report(result.exit_code, result.stdout, result.stderr, (1,))
    assert "error[missing-file]" in result.stderr


def test_no_services_directory_is_a_valid_empty_api(spec: Path) -> None:
    shutil.rmtree(spec / "services")
    result = CliRunner().invoke(main, ["validate", "--spec", str(spec)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "spec OK: 0 services" in result.stdout


def test_spec_option_naming_a_file_is_a_usage_error(spec: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--spec", str(spec / API)], catch_exceptions=False)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_every_hostile_file_at_once(spec: Path) -> None:
    """All of them in one spec: each file gets its own report, and none hides another."""
    for name, (content, _) in HOSTILE.items():
        (spec / "services" / f"{name.replace('-', '_')}.yaml").write_bytes(content)
    project, diags = load_project(spec)
    assert project is None
    reported = {d.loc.file.rsplit("/", 1)[-1] for d in diags.errors}
    failing = {f"{name.replace('-', '_')}.yaml" for name, (_, allowed) in HOSTILE.items() if 0 not in allowed}
    assert failing <= reported, sorted(failing - reported)
    diags.render()
