"""Spec problems, collected and printed the way a compiler prints them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

# The line breaks of YAML; str.splitlines also breaks at \\f, \\v and \\x1c-\\x1e, which
# would put the source line shown under a message out of step with the parser's line.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Control characters in a quoted source line are shown as U+FFFD, one for one (so the caret
# still lines up), rather than sent raw to the terminal.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    loc: Location
    severity: Severity
    rule: str
    message: str


@dataclass
class Diagnostics:
    """Every problem found in one run, with the source text needed to show each line."""

    items: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    # A node checked twice (e.g. mounts, read once per purpose) reports once, so that the
    # printed count matches the messages printed.
    _seen: set[Diagnostic] = field(default_factory=set, repr=False)

    def add_source(self, file: str, text: str) -> None:
        lines = LINE_BREAK.split(text)
        self.sources[file] = lines[:-1] if lines[-1] == "" else lines  # like str.splitlines

    def error(self, loc: Location, rule: str, message: str) -> None:
        self._add(Diagnostic(loc, "error", rule, message))

    def warning(self, loc: Location, rule: str, message: str) -> None:
        self._add(Diagnostic(loc, "warning", rule, message))

    def _add(self, diag: Diagnostic) -> None:
        if diag not in self._seen:
            self._seen.add(diag)
            self.items.append(diag)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def render(self) -> str:
        """All diagnostics, sorted by place, each with its source line and a caret."""
        blocks = []
        for diag in sorted(set(self.items)):
            head = f"{diag.loc}: {diag.severity}[{diag.rule}]: {diag.message}"
            lines = self.sources.get(diag.loc.file, [])
            if 0 < diag.loc.line <= len(lines):
                text = _CONTROL.sub("\ufffd", lines[diag.loc.line - 1].replace("\t", " "))
                caret = " " * (diag.loc.column - 1) + "^"
                head += f"\n    {text}\n    {caret}"
            blocks.append(head)
        return "\n".join(blocks)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' did you mean ...?' suffix for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
