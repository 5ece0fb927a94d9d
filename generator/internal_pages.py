"""The pages and files only the internal site has: a public site must not contain them.

Found by planning both builds (the same `plan` the sites are built from) and keeping what
only the internal one makes, so a page kind added later is covered without a list here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.audience import Build
from generator.output import matches_any
from generator.portfolio import Portfolio
from generator.render.pages import Page, plan
from generator.site import handwritten_pages


def internal_pages(portfolio: Portfolio, as_of: date, docs_dir: Path,
                   public_assets: list[str]) -> dict[str, str]:
    """{site-relative path: what it is}: page URLs (`products/dock/playbook/`), PDFs and
    files of docs_dir that only the internal build publishes."""
    internal = plan(portfolio, Build.internal, as_of).pages.values()
    public = plan(portfolio, Build.public, as_of).pages.values()
    published = {page.url for page in public} | {page.pdf for page in public if page.pdf}
    found: dict[str, str] = {}
    for page in internal:
        what = page.kind.replace("_", " ").replace("-", " ") or "page"
        if page.url not in published:
            found[page.url] = what
        if page.pdf and page.pdf not in published:
            found[page.pdf] = f"{what} PDF"
    shown = set(handwritten_pages(docs_dir, Build.public))
    for relative in handwritten_pages(docs_dir, Build.internal):
        if relative not in shown:
            found.setdefault(Page(relative, "", "").url, "hand-written page not marked public")
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            relative = path.relative_to(docs_dir).as_posix()
            if path.is_file() and path.suffix != ".md" and not matches_any(relative,
                                                                          public_assets):
                found.setdefault(relative, "file of the docs folder not in public_assets")
    return found


def served_as(name: str) -> str:
    """The path a site file answers to: `products/dock/index.html` is `products/dock/`."""
    if name == "index.html":
        return ""
    return name.removesuffix("index.html") if name.endswith("/index.html") else name
