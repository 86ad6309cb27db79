"""A module is not formatted again when the manifest shows the file on disk is black's
output for the same rendered text: what makes a fresh clone's first edit cheap."""

from __future__ import annotations

from pathlib import Path

from generator.files import RenderedFile
from generator.format import format_files, source_hash
from generator.write import formatted_on_disk, read_manifest, write

RENDERED = "x = ( 1 )\n"


def first_run(out: Path) -> list[RenderedFile]:
    files = format_files([RenderedFile("pkg/m.py", RENDERED), RenderedFile("doc.md", "# d\n")])
    write(out, files, "inputs")
    return files


def test_the_manifest_records_what_black_was_given(tmp_path: Path) -> None:
    files = first_run(tmp_path)
    assert files[0].content == "x = 1\n"
    manifest = read_manifest(tmp_path)
    assert manifest.sources == {"pkg/m.py": source_hash(RENDERED)}
    assert set(manifest.files) == {"pkg/m.py", "doc.md"}  # the hash column still parses


def test_an_unchanged_module_is_taken_from_disk_not_formatted(tmp_path: Path) -> None:
    first_run(tmp_path)
    # What is on disk is taken as black's output: a marker proves black did not run.
    (tmp_path / "pkg" / "m.py").write_text("x = 1  # on disk\n")
    manifest = (tmp_path / ".sparkgen-manifest").read_text()
    old = read_manifest(tmp_path).files["pkg/m.py"]
    from generator.write import content_hash

    (tmp_path / ".sparkgen-manifest").write_text(manifest.replace(old, content_hash("x = 1  # on disk\n")))
    again = format_files([RenderedFile("pkg/m.py", RENDERED)], None, formatted_on_disk(tmp_path))
    assert again[0].content == "x = 1  # on disk\n"
    assert again[0].source_hash == source_hash(RENDERED)


def test_a_changed_rendering_or_a_hand_edit_is_formatted_again(tmp_path: Path) -> None:
    first_run(tmp_path)
    previous = formatted_on_disk(tmp_path)
    changed = format_files([RenderedFile("pkg/m.py", "x = ( 2 )\n")], None, previous)
    assert changed[0].content == "x = 2\n"
    (tmp_path / "pkg" / "m.py").write_text("x = 'hand edited'\n")
    assert formatted_on_disk(tmp_path) == {}  # no longer what the manifest records
    again = format_files([RenderedFile("pkg/m.py", RENDERED)], None, formatted_on_disk(tmp_path))
    assert again[0].content == "x = 1\n"
