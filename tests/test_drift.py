"""generated/ must be exactly what spec/ produces; a spec change must show up as a diff."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run_cli


def test_generated_is_up_to_date() -> None:
    result = run_cli("check", "--spec", str(ROOT / "spec"), "--out", str(ROOT / "generated"))
    assert result.exit_code == 0, result.output


def test_changing_one_attribute_fails_the_check_with_a_readable_diff(spec_copy: Path) -> None:
    keys = spec_copy / "services" / "developers_keys.yaml"
    text = keys.read_text()
    keys.write_text(text.replace("OpenIDEnabled: {type: boolean, writeable: true", "OpenIDEnabled: {type: boolean, writeable: false", 1))
    result = run_cli("check", "--spec", str(spec_copy), "--out", str(ROOT / "generated"))
    assert result.exit_code == 1
    assert "--- a/python/sparkapi/resources/developers_keys.py" in result.output
    assert "-        open_id_enabled: bool | None | NotGiven = NOT_GIVEN," in result.output
    assert "| `open_id_enabled` | `OpenIDEnabled` | boolean | no |" in result.output
    assert "is stale" in result.output
