"""Spec problems, collected and printed the way a compiler prints them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


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

    def add_source(self, file: str, text: str) -> None:
        self.sources[file] = text.splitlines()

    def error(self, loc: Location, rule: str, message: str) -> None:
        self.items.append(Diagnostic(loc, "error", rule, message))

    def warning(self, loc: Location, rule: str, message: str) -> None:
        self.items.append(Diagnostic(loc, "warning", rule, message))

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
                text = lines[diag.loc.line - 1].replace("\t", " ")
                caret = " " * (diag.loc.column - 1) + "^"
                head += f"\n    {text}\n    {caret}"
            blocks.append(head)
        return "\n".join(blocks)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' did you mean ...?' suffix for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
