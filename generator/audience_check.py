"""The public view, checked while validating: what is marked public but cannot be
published, and public text that links to an internal page.

Without this a public FAQ of an internal product vanishes from the public site without
a word, and a link to a battlecard fails only in `build --audience public`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel

from generator.audience import PUBLIC_ITEMS, PUBLIC_SECTIONS, Build, is_public
from generator.explain import path_text
from generator.load import Document, Loc
from generator.model import Product
from generator.portfolio import Portfolio
from generator.problems import Problem
from generator.render.pages import plan
from generator.sanitize import markdown_fields

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|\b[hH][rR][eE][fF]\s*=\s*[\"']([^\"']+)")
# The page of a product a public section is shown on; the rest is on its overview.
SECTION_PAGES = {"faqs": "faq.md", "roadmap": "roadmap.md", "whitepaper": "whitepaper.md",
                 "pricing": "pricing.md"}
INTERNAL_ONLY_FIELDS = {("pricing", "discounting")}


def unpublished(products: list[tuple[Product, Document]]) -> list[Problem]:
    """A warning at each `audience: public` line whose item cannot reach the public site."""
    problems = []
    for product, document in products:
        if is_public(product):
            continue
        why = (f"product '{product.slug}' is not public, so nothing of it is on the public "
               "site; add 'audience: public' at the top of the file to publish it")
        for loc, _ in _public_parts(product):
            problems.append(document.problem(
                (*loc, "audience"), f"{path_text(loc)}.audience: marked public, but {why}",
                key=True, severity="warning"))
    return problems


def internal_links(portfolio: Portfolio, documents: dict[str, Document],
                   as_of: date) -> list[Problem]:
    """An error at each public text of a public product that links to an internal page."""
    links = [(product.slug, page, loc, target)
             for product in portfolio.products if is_public(product)
             for page, loc, text in _public_texts(product) for target in _targets(text)]
    if not links:
        return []  # planning both sites costs more than everything else here
    internal = set(plan(portfolio, Build.internal, as_of).pages)
    hidden = internal - set(plan(portfolio, Build.public, as_of).pages)
    problems = []
    for slug, page, loc, target in links:
        resolved = _page_of(page, target, internal)
        if resolved in hidden and slug in documents:
            problems.append(documents[slug].problem(
                loc, f"{path_text(loc)}: public text links to {target} ({resolved}), which "
                "is internal and not on the public site; remove the link, or keep this "
                "text internal"))
    return problems


def _public_texts(product: Product) -> Iterator[tuple[str, Loc, str]]:
    """(page, location, text) of every Markdown text of a product the public site shows."""
    for loc, part in _public_parts(product):
        page = f"products/{product.slug}/{SECTION_PAGES.get(str(loc[0]), 'index.md')}"
        for field_loc, text in _texts(part, loc):
            yield page, field_loc, text


def _public_parts(product: Product) -> Iterator[tuple[Loc, BaseModel]]:
    """Every item and section of a product marked `audience: public`, with its location."""
    for name in PUBLIC_ITEMS:
        for index, item in enumerate(getattr(product, name)):
            if is_public(item):
                yield (name, index), item
    for name in PUBLIC_SECTIONS:
        section = getattr(product, name)
        if section is not None and is_public(section):
            yield (name,), section


def _texts(model: BaseModel, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every Markdown text in `model` that the public site shows."""
    markdown, nested = markdown_fields(type(model))
    for name in markdown:
        value = getattr(model, name)
        if isinstance(value, str) and (*loc, name) not in INTERNAL_ONLY_FIELDS:
            yield (*loc, name), value
    for name in nested:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, BaseModel):
                where = (*loc, name, index) if isinstance(value, list) else (*loc, name)
                yield from _texts(item, where)


def _targets(text: str) -> Iterator[str]:
    if "](" not in text and "ref" not in text and "REF" not in text:
        return  # most texts have no link: skip the regular expression
    for match in _LINK.finditer(text):
        yield match.group(1) or match.group(2)


def _page_of(page: str, target: str, pages: set[str]) -> str | None:
    """The page (a docs_dir path) a link written on `page` points at, if it is one of ours.

    Like MkDocs: a link to a `.md` file is relative to the page's file, any other link
    to the page's URL (products/atlas/faq/ for products/atlas/faq.md).
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        stem = page.removesuffix(".md")
        url = stem.removesuffix("index") if stem.endswith("index") else stem + "/"
        base = posixpath.dirname(page) if path.endswith(".md") else url.rstrip("/")
        joined = posixpath.normpath(posixpath.join(base, path))
    joined = joined.rstrip("/")
    for candidate in (joined, f"{joined}.md", f"{joined}/index.md".lstrip("/")):
        if candidate in pages:
            return candidate
    return None

