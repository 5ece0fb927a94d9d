"""Render every page to Markdown with Jinja; report template mistakes like YAML ones."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from generator.audience import Build
from generator.model import Product
from generator.page_cache import ProductEntries, folder_digest, stable_json
from generator.portfolio import Portfolio
from generator.problems import Problem, ProblemsFound
from generator.processes import in_parallel
from generator.render.environment import builtin_templates, environment
from generator.render.pages import Page, Site, plan

__all__ = ["Page", "Previous", "Site", "render"]

# Below this many pages, starting processes costs more than rendering takes.
PARALLEL_PAGES = 1000
SHARED = frozenset({"definition", "company", "personas", "competitors"})
"""What a product's page may read of the portfolio and still be kept when only other
products changed: the shared files."""


@dataclass(frozen=True)
class Previous:
    """A site rendered before, and the products whose files changed since (by slug): the
    pages of every other product are kept, unless their template read other products."""

    site: Site
    changed: frozenset[str]

    def kept(self, page: Page) -> Page | None:
        """The earlier rendering of `page`, when it is still what the template would give."""
        before = self.site.pages.get(page.path)
        product = _owner(page)
        if (before is None or before.reads_products or before.template != page.template
                or product is None or product.slug in self.changed):
            return None
        return before


def _owner(page: Page) -> Product | None:
    """The product a page belongs to (its overview, FAQ, battlecards...), if any."""
    product = page.data.get("product")
    return product if page.path.startswith("products/") and isinstance(product, Product) else None


class _Cached:
    """Product pages rendered by earlier builds, in the page cache: a page is kept under its
    product's file and everything else the template is given (the templates, the shared
    context, which pages the site has), so a build renders only the pages of products
    that changed."""

    def __init__(self, site: Site, overrides: Path | None, shared: dict[str, Any]) -> None:
        self.kept = ProductEntries(
            "rendered", site.portfolio.sources,
            folder_digest([builtin_templates(), *([overrides] if overrides else [])]),
            stable_json({name: str(value) for name, value in shared.items()
                         if name not in ("portfolio", "company")}),
            "\0".join(site.pages))

        self.entries: dict[str, dict[str, str]] = {}
        """Each product's kept pages, {path and template: Markdown}, by its file's digest:
        one entry per product file (one file read for its ten or so pages)."""
        self.made: set[str] = set()

    def _entry(self, product: Product) -> dict[str, str]:
        source = product._source
        if source not in self.entries:
            self.entries[source] = self.kept.get(source) or {}
        return self.entries[source]

    def get(self, page: Page) -> str | None:
        product = _owner(page)
        return self._entry(product).get(f"{page.path}\0{page.template}") if product else None

    def put(self, page: Page) -> None:
        product = _owner(page)
        if product is not None and not page.reads_products:
            self._entry(product)[f"{page.path}\0{page.template}"] = page.markdown
            self.made.add(product._source)

    def keep(self) -> None:
        """Keep what put() was given (with what the same products' entries held)."""
        for source in sorted(self.made):
            self.kept.put(self.entries[source], source)


class _Watched:
    """The portfolio as one page's template sees it, noting whether the page read more
    of it than the shared files."""

    def __init__(self, portfolio: Portfolio) -> None:
        self._portfolio = portfolio
        self.read_products = False

    def __getattr__(self, name: str) -> Any:
        if name not in SHARED:
            self.read_products = True
        return getattr(self._portfolio, name)


def render(portfolio: Portfolio, build: Build, as_of: date, *,
           overrides: Path | None = None, root: Path | None = None, pdfs: bool = True,
           decks: bool = True, preview: bool = False, previous: Previous | None = None
           ) -> Site:
    """Plan the site and fill in every page's Markdown; raise ProblemsFound on template errors.

    With `previous`, the pages it still holds are taken from it instead of rendered again
    (`serve` after a product file is saved)."""
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
    kept = {page.path: before.markdown for page in site.pages.values()
            if previous is not None and (before := previous.kept(page)) is not None}
    site.kept = frozenset(kept)
    cached = _Cached(site, overrides, shared)
    for page in site.pages.values():
        if page.path not in kept and (markdown := cached.get(page)) is not None:
            kept[page.path] = markdown
    site.from_cache = len(kept) - len(site.kept)
    for path, markdown in kept.items():
        site.pages[path].markdown = markdown
    pages = [page for page in site.pages.values() if page.path not in kept]

    def fill(pages: Sequence[Page], indices: range) -> list[tuple[str, bool] | Problem]:
        """The Markdown of some pages and whether each read other products, or the
        problem that stopped one."""
        done: list[tuple[str, bool] | Problem] = []
        for index in indices:
            page = pages[index]
            try:
                template = env.get_template(page.template)
                portfolio = _Watched(site.portfolio)
                markdown = template.render(shared, portfolio=portfolio, page=page,
                                           link=site.link(page), **page.data)
                done.append((markdown, portfolio.read_products))
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
    for page, result in zip(pages, results, strict=True):
        page.markdown, page.reads_products = result  # type: ignore[misc]
        cached.put(page)
    cached.keep()
    return site


def compile_templates(overrides: Path | None = None) -> None:
    """Compile every page template here: pages rendered on several processes had them
    compiled in those, and the first save while serving would wait for it."""
    env = environment(overrides)
    for name in env.list_templates(filter_func=lambda name: name.endswith(".md.j2")
                                   and not name.startswith("default/")):
        env.get_template(name)


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
