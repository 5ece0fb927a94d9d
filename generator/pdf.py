"""Whitepapers and battlecards as PDFs: the documents sales attach to an email or print.

Engine-free: a rendered `Site` in, PDF bytes out. Each PDF is rendered from dedicated
print HTML (`templates/pdf/*.html.j2`), filled from the same page data as the web page,
so a public build's PDFs can only show what its public portfolio holds. Markdown fields
are converted with the extensions the site uses. WeasyPrint lays the HTML out; it
fetches nothing (no network, no files), and the only date it writes is the build's
as_of, so the same inputs give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import multiprocessing
import traceback
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from generator.audience import public_items
from generator.cache import cache_folder, compiled_templates, read_cached, write_cached
from generator.feature_matrix import standing
from generator.model import Audience
from generator.model.base import MarkdownSource
from generator.problems import Problem, ProblemsFound
from generator.processes import process_count
from generator.render import escape
from generator.render.environment import builtin_templates, day, environment, percent
from generator.render.pages import PDF_KINDS, Page, Site
from generator.win_loss import battlecard_win_rate

PDF_TEMPLATES = {kind: f"pdf/{kind}.html.j2" for kind in PDF_KINDS}
STYLESHEET = "pdf/pdf.css"
# A battlecard is one page: when it does not fit, its text is set smaller, down to 7pt.
BATTLECARD_FONT_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
# Part of every cache key: change it when layout() changes what it makes of the same HTML.
LAYOUT_VERSION = f"1/{importlib.metadata.version('weasyprint')}"


@dataclass(frozen=True)
class PdfDocument:
    path: str
    """Where the PDF goes, like a file in docs_dir: products/dock/whitepaper/x.pdf."""
    html: str
    stylesheet: str
    one_page: bool
    """Set smaller until it fits on one page (battlecards)."""

    @property
    def key(self) -> str:
        """Same key, same bytes: what a cache of rendered PDFs looks them up by."""
        text = f"{LAYOUT_VERSION}\0{self.one_page}\0{self.stylesheet}\0{self.html}"
        return hashlib.sha256(text.encode()).hexdigest()


def documents(site: Site, overrides: Path | None = None,
              pages: Collection[str] | None = None) -> list[PdfDocument]:
    """Every PDF of this build (or of the `pages` named), with its print HTML; nothing is
    laid out yet."""
    env = _html_environment(overrides)
    stylesheet = env.loader.get_source(env, STYLESHEET)[0]  # type: ignore[union-attr]
    result = []
    for page in site.pages.values():
        if page.pdf is None or (pages is not None and page.path not in pages):
            continue
        try:
            html = env.get_template(PDF_TEMPLATES[page.kind]).render(
                _context(site, page), page=page)
        except Exception as error:  # a template bug must not become a traceback
            raise ProblemsFound([_template_problem(error, page, overrides)]) from None
        result.append(PdfDocument(page.pdf, html, stylesheet,
                                  one_page=page.kind == "battlecard"))
    return result


def render_pdfs(site: Site, overrides: Path | None = None,
                cache: dict[str, bytes] | None = None,
                pages: Collection[str] | None = None) -> dict[str, bytes]:
    """Every PDF of this build (or of the `pages` named) as {path: bytes}.

    Laying out a PDF takes a tenth of a second or more, so a document is laid out only
    when its print HTML changed: `cache` keeps PDFs between `serve` rebuilds, and a disk
    cache (see `cache_folder`) keeps them between builds. What is left is laid out on
    every core.
    """
    memory = cache if cache is not None else {}
    folder = cache_folder("pdf")
    rendered: dict[str, bytes] = {}
    missing: list[PdfDocument] = []
    for document in documents(site, overrides, pages):
        content = memory.get(document.key) or read_cached(folder, f"{document.key}.pdf")
        if content is None:
            missing.append(document)
        else:
            rendered[document.path] = memory[document.key] = content
    for document, content in zip(missing, _layout_all(missing), strict=True):
        rendered[document.path] = memory[document.key] = content
        write_cached(folder, f"{document.key}.pdf", content)
    return dict(sorted(rendered.items()))


def _layout_all(documents: list[PdfDocument]) -> list[bytes]:
    """Lay out documents on every core; a few are not worth starting processes for."""
    workers = min(process_count(), len(documents) // 4)
    if workers < 2:
        return [layout(document) for document in documents]
    context = multiprocessing.get_context("forkserver")
    with context.Pool(workers) as pool:
        return pool.map(layout, documents, chunksize=4)



def layout(document: PdfDocument) -> bytes:
    """The PDF's bytes. A one-page document is set smaller until it fits."""
    # WeasyPrint loads Pango when imported: only builds that make PDFs pay for it.
    import weasyprint
    from weasyprint.urls import URLFetcher

    # Refuse every URL (an image link in a Markdown field would otherwise be fetched).
    html = weasyprint.HTML(string=document.html, base_url=None,
                           url_fetcher=URLFetcher(allowed_protocols=()))
    stylesheet = weasyprint.CSS(string=document.stylesheet)
    sizes = BATTLECARD_FONT_SIZES if document.one_page else (None,)
    for size in sizes:
        sheets = [stylesheet]
        if size is not None:
            sheets.append(weasyprint.CSS(string=f"html {{ font-size: {size}pt }}"))
        rendered = html.render(stylesheets=sheets)
        if len(rendered.pages) == 1:
            break
    return rendered.write_pdf()


def _context(site: Site, page: Page) -> dict[str, Any]:
    product = page.data["product"]
    paper = product.whitepaper if page.kind == "whitepaper" else None
    return {
        **page.data,
        "company": site.portfolio.definition.company,
        "as_of": site.as_of,
        # A whitepaper goes to customers: only quotes cleared for publication, and a
        # whitepaper not marked public says on every page that it is a draft.
        "quotes": public_items(product.customer_quotes),
        "draft": paper is not None and paper.audience is not Audience.public,
        # The success stories the whitepaper cites, in the order it cites them (validation
        # lets a public whitepaper cite public stories only).
        "stories": [story for cited in (paper.stories if paper else [])
                    for story in product.success_stories if story.id == cited],
        "win_rate": battlecard_win_rate(product, page.data["competitor"].id, site.as_of)
        if page.kind == "battlecard" else None,
        "comparison": [(row, standing(row).value) for row in page.data["card"].comparison]
        if page.kind == "battlecard" else [],
    }


def _template_problem(error: Exception, page: Page, overrides: Path | None) -> Problem:
    """Point at the print template's line that failed, as for the page templates."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        filename, line = error.filename or error.name or "", error.lineno or 1
        message = error.message
    else:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if frame.filename.endswith(".j2")]
        filename, line = (frames[-1].filename, frames[-1].lineno or 1) if frames else ("", 1)
        message = str(error) if isinstance(error, jinja2.UndefinedError) else (
            f"{type(error).__name__}: {error}")
    shown = Path(filename).resolve() if filename else Path(PDF_TEMPLATES[page.kind])
    for base in (overrides, builtin_templates()):
        if base is not None and shown.is_relative_to(base.resolve()):
            shown = shown.relative_to(base.parent.resolve())
            break
    return Problem(shown.as_posix(), line, 1,
                   f"template error: {message} (while making /{page.pdf})")


def _html_environment(overrides: Path | None) -> jinja2.Environment:
    """HTML templates, found like the Markdown ones: a company's overrides first."""
    env = jinja2.Environment(
        loader=environment(overrides).loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=compiled_templates("pdf"),
    )
    env.filters.update(markdown=_markdown_html, day=day, long_day=_long_day,
                       percent=percent, url=escape.url)
    return env


@functools.lru_cache(maxsize=1 << 14, typed=True)
def _markdown_html(value: str | None) -> Markup:
    """A Markdown field (sanitized at validation) as HTML; plain text is escaped first.
    Kept by text and type: `serve` lays out the print HTML of every PDF on each save."""
    if not value:
        return Markup("")
    source = value if isinstance(value, MarkdownSource) else Markup.escape(value)
    return Markup(_converter().reset().convert(str(source)))


@functools.cache
def _converter() -> markdown.Markdown:
    """Made once: setting a converter up costs more than converting a short field."""
    # Imported here: generator.site imports this module to write generate's PDFs.
    from generator.site import REQUIRED_EXTENSIONS

    return markdown.Markdown(extensions=list(REQUIRED_EXTENSIONS))


def _long_day(value: date) -> str:
    """2026-11-01 -> 1 November 2026."""
    return f"{value.day} {value:%B %Y}"
