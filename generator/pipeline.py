"""load → validate → portfolio → render, in one call, for every front end (MkDocs, CLI, tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from generator import git
from generator.audience import Build
from generator.problems import Problem, ProblemsFound, errors
from generator.render import Previous, Site, render
from generator.render.environment import builtin_templates
from generator.sources import stamps
from generator.validate import validate

AS_OF_VARIABLE = "PRODUCTDOCS_AS_OF"


@dataclass
class Prepared:
    site: Site
    warnings: list[Problem]


_last: dict[tuple[object, ...], tuple[tuple[object, ...], Prepared]] = {}


def prepare(root: Path, build: Build = Build.internal, *, as_of: date | None = None,
            overrides: Path | None = None, pdfs: bool = True, decks: bool = True,
            product: str | None = None, previous: Previous | None = None) -> Prepared:
    """Validate the portfolio under `root` and render every page of one build.

    Raises ProblemsFound with every positioned problem when the YAML or a template is wrong.
    With `product`, only that product is read and rendered, with the home page and the
    personas and competitors it refers to: a preview whose cost does not depend on the
    size of the portfolio.

    With `previous`, pages it holds that the change cannot touch are kept (see Previous).

    The result is kept for the next call with the same arguments while no input file
    changed: `productdocs build` validates before MkDocs starts, and the plugin then
    reuses that work instead of doing it twice.
    """
    root = root.resolve()
    overrides = overrides.resolve() if overrides is not None else None
    as_of = as_of or build_date(root)
    key = (root, build, as_of, overrides, pdfs, decks, product)
    stamp = _inputs_stamp(root, overrides)
    cached = _last.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    result = validate(root, as_of=as_of, only=product)
    if result.portfolio is None:
        raise ProblemsFound(errors(result.problems) or result.problems)
    portfolio = result.portfolio.focused_on(product) if product else result.portfolio
    site = render(portfolio, build, as_of, overrides=overrides, root=root, pdfs=pdfs, decks=decks,
                  preview=product is not None, previous=previous)
    prepared = Prepared(site, result.problems)
    _last.clear()
    _last[key] = (stamp, prepared)
    return prepared


def forget() -> None:
    """Drop the kept result, so the next prepare() starts from the files (benchmarks)."""
    _last.clear()


def _inputs_stamp(root: Path, overrides: Path | None) -> tuple[object, ...]:
    """Name, size and modification time of every file a rendering reads."""
    folders = [root / "products", builtin_templates()]
    if overrides is not None:
        folders.append(overrides)
    return tuple(stamps(folders).items())


def build_date(root: Path) -> date:
    """The date a build is "as of": PRODUCTDOCS_AS_OF, SOURCE_DATE_EPOCH, the last commit,
    else today.

    Relative dates ("reviewed 3 months ago") and "the last 8 quarters" use it, so the same
    commit builds the same site whenever it is built.
    """
    explicit = os.environ.get(AS_OF_VARIABLE)
    if explicit:
        return date.fromisoformat(explicit)
    return datetime.fromtimestamp(build_timestamp(root), UTC).date()


def build_timestamp(root: Path) -> int:
    """Seconds since 1970 that stand for "now" in a build: SOURCE_DATE_EPOCH, the last
    commit's time, else (a folder outside git) the newest input file's modification time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return int(epoch)
    try:
        stamp = git.text(root, "log", "-1", "--format=%ct")
    except git.GitError:
        stamp = ""
    if stamp.isdigit():
        return int(stamp)
    inputs = [path for folder in ("products", "content", "templates")
              for path in (root / folder).rglob("*") if path.is_file()]
    return int(max((path.stat().st_mtime for path in inputs), default=0))
