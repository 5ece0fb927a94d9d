"""What went wrong, and where: the one error type every stage reports with."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One message for a PM, pointing at a file, a line and a column (1-based)."""

    file: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command: an annotation on the pull request's line."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{self.severity} file={self.file},line={self.line},col={self.column}::{message}"
        )


class ProblemsFound(Exception):
    """Raised by a stage that found errors; carries every problem, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_text(self.problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(problems: list[Problem], files_checked: int) -> str:
    """The last line of `productdocs validate`: how many errors, warnings and files."""
    found = errors(problems)
    warned = len(problems) - len(found)
    if not found:
        line = f"{plural(files_checked, 'file')} valid"
        return line + (f", {plural(warned, 'warning')}" if warned else "")
    files = len({p.file for p in found})
    line = f"{plural(len(found), 'error')} in {plural(files, 'file')}"
    return line + (f", {plural(warned, 'warning')}" if warned else "")


def format_text(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def format_github(problems: list[Problem]) -> str:
    return "\n".join(p.github() for p in problems)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
