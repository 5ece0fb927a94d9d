"""Render every page to Markdown with Jinja; report template mistakes like YAML ones."""

from __future__ import annotations

import traceback
from datetime import date
from pathlib import Path

import jinja2

from generator.audience import Build
from generator.portfolio import Portfolio
from generator.problems import Problem, ProblemsFound
from generator.render.environment import builtin_templates, environment
from generator.render.pages import Page, Site, plan

__all__ = ["Page", "Site", "render"]


def render(portfolio: Portfolio, build: Build, as_of: date, *,
           overrides: Path | None = None, root: Path | None = None, pdfs: bool = True,
           preview: bool = False) -> Site:
    """Plan the site and fill in every page's Markdown; raise ProblemsFound on template errors."""
    site = plan(portfolio, build, as_of, root, preview=preview)
    env = environment(overrides)
    shared = {
        "pdfs": pdfs,
        "portfolio": site.portfolio,
        "company": site.portfolio.definition.company,
        "currency": site.portfolio.definition.company.currency,
        "as_of": as_of,
        "build": build.value,
        "internal": build is Build.internal,
    }
    problems: list[Problem] = []
    templates: dict[str, jinja2.Template] = {}
    for page in site.pages.values():
        try:
            template = templates.get(page.template) or env.get_template(page.template)
            templates[page.template] = template
            page.markdown = template.render(shared, page=page, link=site.link(page),
                                            **page.data)
        except jinja2.TemplateSyntaxError as error:
            problems.append(Problem(_shown(error.filename or page.template, root),
                                    error.lineno or 1, 1,
                                    f"template error: {error.message}"))
            break
        except Exception as error:  # a template bug must not become a traceback
            problems.append(_template_problem(error, page, root))
            if len(problems) >= 20:
                break
    if problems:
        raise ProblemsFound(sorted(set(problems)))
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
