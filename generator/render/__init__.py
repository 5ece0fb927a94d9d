"""Render every page to Markdown with Jinja; report template mistakes like YAML ones."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import jinja2

from generator.audience import Build
from generator.portfolio import Portfolio
from generator.problems import Problem, ProblemsFound
from generator.processes import in_parallel
from generator.render.environment import builtin_templates, environment
from generator.render.pages import Page, Site, plan

__all__ = ["Page", "Site", "render"]

# Below this many pages, starting processes costs more than rendering takes.
PARALLEL_PAGES = 1000


def render(portfolio: Portfolio, build: Build, as_of: date, *,
           overrides: Path | None = None, root: Path | None = None, pdfs: bool = True,
           decks: bool = True,
           preview: bool = False) -> Site:
    """Plan the site and fill in every page's Markdown; raise ProblemsFound on template errors."""
    site = plan(portfolio, build, as_of, root, preview=preview)
    env = environment(overrides)
    shared = {
        "pdfs": pdfs,
        "decks": decks,
        "portfolio": site.portfolio,
        "company": site.portfolio.definition.company,
        "currency": site.portfolio.definition.company.currency,
        "as_of": as_of,
        "build": build.value,
        "internal": build is Build.internal,
    }
    pages = list(site.pages.values())

    def fill(pages: Sequence[Page], indices: range) -> list[str | Problem]:
        """The Markdown of some pages, or the problem that stopped one."""
        done: list[str | Problem] = []
        for index in indices:
            page = pages[index]
            try:
                template = env.get_template(page.template)
                done.append(template.render(shared, page=page, link=site.link(page),
                                            **page.data))
            except jinja2.TemplateSyntaxError as error:
                done.append(Problem(_shown(error.filename or page.template, root),
                                    error.lineno or 1, 1, f"template error: {error.message}"))
            except Exception as error:  # a template bug must not become a traceback
                done.append(_template_problem(error, page, root))
        return done

    results = in_parallel(fill, pages, PARALLEL_PAGES) or fill(pages, range(len(pages)))
    problems = sorted({result for result in results if isinstance(result, Problem)})
    if problems:
        raise ProblemsFound(problems[:20])
    for page, markdown in zip(pages, results, strict=True):
        page.markdown = markdown  # type: ignore[assignment]
    return site


def _template_problem(error: Exception, page: Page, root: Path | None) -> Problem:
    """Point at the template line that failed, from Jinja's frames in the traceback."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename.endswith(".j2")]
    message = str(error) if isinstance(error, jinja2.UndefinedError) else (
        f"{type(error).__name__}: {error}")
    message = f"template error: {message} (while rendering /{page.url})"
    if not frames:
        return Problem(page.template, 1, 1, message)
    frame = frames[-1]
    return Problem(_shown(frame.filename, root), frame.lineno or 1, 1, message)


def _shown(filename: str, root: Path | None) -> str:
    path = Path(filename)
    for base in (root, builtin_templates().parent):
        if base is not None and path.is_absolute():
            try:
                return path.relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
    return filename
