"""Formatting of rendered text: black for Python, whitespace rules for everything else."""

from __future__ import annotations

import re

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from generator.render import RenderedFile

_BLACK_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=88)
_BLANK_RUNS = re.compile(r"\n{3,}")


class FormatError(Exception):
    """A template produced text that is not valid in its language (a generator bug)."""


def format_file(file: RenderedFile) -> RenderedFile:
    if file.path.endswith(".py"):
        try:
            content = black.format_str(file.content, mode=_BLACK_MODE)
        except InvalidInput as exc:
            raise FormatError(f"{file.path}: the rendered module is not valid Python: {exc}") from None
    else:
        lines = [line.rstrip() for line in file.content.splitlines()]
        content = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"
    return RenderedFile(file.path, content)
