"""Modules handed to the formatter while the rest renders (``Formatter.offer``) come out
exactly as formatting them afterwards would; a module offered and then rendered again
differently is formatted from its final text; a template bug raises as before."""

from __future__ import annotations

import pytest

from generator import format as fmt
from generator.files import RenderedFile

MODULES = [RenderedFile(f"pkg/m{n}.py", f"x = ( {n} )\ndef f( a ):\n    return [ a,{n} ]\n") for n in range(6)]


@pytest.fixture(autouse=True)
def start_workers_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "_PARALLEL_MIN_LINES", 1)


def test_offered_modules_come_out_as_formatted_afterwards() -> None:
    expected = [fmt.format_python(f.path, f.content) for f in MODULES]
    with fmt.Formatter() as formatter:
        for module in MODULES[:4]:
            formatter.offer(module)
        out = formatter.format([*MODULES, RenderedFile("doc.md", "# d  \n\n\n\ntext\n")])
    assert [f.content for f in out[:6]] == expected
    assert out[6].content == "# d\n\ntext\n"


def test_a_module_rendered_again_is_formatted_from_its_last_text() -> None:
    first = RenderedFile("pkg/m.py", "x = ( 1 )\n")
    with fmt.Formatter() as formatter:
        formatter.offer(first)
        out = formatter.format([RenderedFile("pkg/m.py", "y = ( 2 )\n")])
    assert out[0].content == "y = 2\n"


def test_a_module_that_is_not_python_raises_from_its_worker() -> None:
    with fmt.Formatter() as formatter:
        formatter.offer(RenderedFile("pkg/bad.py", "def (:\n"))
        with pytest.raises(fmt.FormatError, match="pkg/bad.py"):
            formatter.format([RenderedFile("pkg/bad.py", "def (:\n")])
