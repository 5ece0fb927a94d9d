"""load → validate → portfolio → render, in one call, for every front end (MkDocs, CLI, tests)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from generator.audience import Build
from generator.problems import Problem, ProblemsFound, errors
from generator.render import Site, render
from generator.validate import validate

AS_OF_VARIABLE = "PRODUCTDOCS_AS_OF"


@dataclass
class Prepared:
    site: Site
    warnings: list[Problem]


def prepare(root: Path, build: Build = Build.internal, *, as_of: date | None = None,
            overrides: Path | None = None) -> Prepared:
    """Validate the portfolio under `root` and render every page of one build.

    Raises ProblemsFound with every positioned problem when the YAML or a template is wrong.
    """
    as_of = as_of or build_date(root)
    result = validate(root, as_of=as_of)
    if result.portfolio is None:
        raise ProblemsFound(errors(result.problems) or result.problems)
    site = render(result.portfolio, build, as_of, overrides=overrides, root=root.resolve())
    return Prepared(site, result.problems)


def build_date(root: Path) -> date:
    """The date a build is "as of": PRODUCTDOCS_AS_OF, SOURCE_DATE_EPOCH, the last commit,
    else today.

    Relative dates ("reviewed 3 months ago") and "the last 8 quarters" use it, so the same
    commit builds the same site whenever it is built.
    """
    explicit = os.environ.get(AS_OF_VARIABLE)
    if explicit:
        return date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, text=True,
                               capture_output=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        stamp = ""
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), UTC).date()
    return date.today()
