"""Which pages a portfolio makes, and their Markdown: pure functions, no files written.

A page is a source path (as if it were a file in `docs_dir`), a template and the data
that template gets. Sections the YAML does not have make no page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.audience import Build, view
from generator.model import Audience, Product
from generator.model.base import MarkdownSource
from generator.portfolio import Portfolio

PDF_KINDS = ("whitepaper", "battlecard")
"""Page kinds that are also published as a PDF (generator/pdf.py lays them out)."""


@dataclass
class Page:
    path: str
    """Where the page sits, like a file in docs_dir: products/atlas/faq.md."""
    title: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    kind: str = ""
    section: tuple[str, ...] = ()
    """Where it goes in the navigation: ("Products", "Visibility", "Atlas")."""
    label: str = ""
    """Its name in the navigation, short because the section names the rest."""
    markdown: str = ""
    reads_products: bool = False
    """Its template read the portfolio's products, not only its own one: rendered again
    whenever any product changes."""

    @property
    def url(self) -> str:
        """The URL path the page is served at, with directory URLs: products/atlas/faq/."""
        stem = self.path.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"

    @property
    def pdf(self) -> str | None:
        """Where the page's PDF goes, like a file in docs_dir, or None: in the page's URL
        folder and named for what it is, to be recognisable as an email attachment
        (products/dock/whitepaper/keelson-dock-whitepaper.pdf)."""
        if self.kind not in PDF_KINDS:
            return None
        name = file_stem(self.data["product"])
        if self.kind == "battlecard":
            name += f"-vs-{self.data['competitor'].id}"
        return f"{self.url}{name}-{self.kind}.pdf"

    @property
    def deck(self) -> str | None:
        """Where the page's slide deck goes (generator/decks), or None: a product's pitch
        deck next to its overview, the portfolio review deck next to the review."""
        if self.kind == "product":
            return f"{self.url}{file_stem(self.data['product'])}-deck.pptx"
        if self.kind == "portfolio":
            return f"{self.url}portfolio-review-deck.pptx"
        return None

    @property
    def public_deck(self) -> str | None:
        """Where the internal site puts the public variant of a public product's deck, the
        one a rep may send to a customer."""
        if self.kind != "product" or self.data["product"].audience is not Audience.public:
            return None
        return f"{self.url}{file_stem(self.data['product'])}-public-deck.pptx"

    def link_to(self, path: str | None) -> MarkdownSource | None:
        """A file of the site (`pdf`, `deck`) relative to the page, for a Markdown link."""
        return None if path is None else MarkdownSource(relative_path(self.path, path))

    @property
    def pdf_link(self) -> MarkdownSource | None:
        """The page's PDF relative to the page, for a Markdown link."""
        return self.link_to(self.pdf)


@dataclass
class Site:
    """Every page of one build; templates link only to pages that are in it."""

    portfolio: Portfolio
    build: Build
    as_of: date
    pages: dict[str, Page] = field(default_factory=dict)
    kept: frozenset[str] = frozenset()
    """Pages taken from an earlier rendering (see render's `previous`): what is made of
    them, their PDFs and decks, is unchanged too."""
    from_cache: int = 0
    """How many pages' Markdown came from the page cache instead of being rendered."""

    def add(self, page: Page) -> None:
        self.pages[page.path] = page

    def link(self, source: Page) -> Callable[[str], MarkdownSource | None]:
        """`link("products/atlas/faq.md")` from `source`: a relative link, or None when the
        target is not part of this build (so internal pages are never linked from public)."""

        def relative(target: str) -> MarkdownSource | None:
            if target not in self.pages:
                return None
            return MarkdownSource(relative_path(source.path, target))

        return relative


def relative_path(source: str, target: str) -> str:
    """A link from the file or URL `source` to `target`, both relative to the site's root:
    `products/atlas/index.md` to `personas/buyer.md` is `../../personas/buyer.md`."""
    start = source.split("/")[:-1] if source else []
    parts = target.split("/")
    shared = 0
    while shared < len(start) and shared < len(parts) - 1 and start[shared] == parts[shared]:
        shared += 1
    return "../" * (len(start) - shared) + "/".join(parts[shared:]) or "./"


def file_stem(product: Product) -> str:
    """The product's name as a file name, recognisable as an email attachment."""
    return re.sub(r"[^a-z0-9]+", "-", product.name.lower()).strip("-") or product.slug


def product_base(product: Product) -> str:
    return f"products/{product.slug}"


def plan(portfolio: Portfolio, build: Build, as_of: date, root: Path | None = None, *,
         preview: bool = False) -> Site:
    """Every page this build makes, in one fixed order; `root` is where the git history is.

    A `preview` (one product) leaves out what only means something for the whole
    portfolio: the portfolio review and what's new.
    """
    from generator.render.whats_new import whats_new_page  # it builds on Page and Site

    shown = view(portfolio, build)
    site = Site(shown, build, as_of)
    internal = build is Build.internal
    site.add(Page("index.md", shown.company, "home.md.j2", kind="home", label="Home"))
    if shown.products:
        site.add(Page("products/index.md", "Products", "products.md.j2", kind="products",
                      section=("Products",)))
    from generator.render.strategy_pages import (  # they build on Page
        portfolio_win_loss_page,
        product_strategy_pages,
    )

    for product in shown.products:
        for page in [*product_pages(shown, product, internal),
                     *product_strategy_pages(product, internal, as_of)]:
            site.add(page)
    if internal:
        from generator.render.portfolio_pages import portfolio_pages  # it imports Page

        overview = [] if preview else [*portfolio_pages(shown, as_of),
                                       *portfolio_win_loss_page(shown, as_of)]
        for page in [*overview, *shared_pages(shown)]:
            site.add(page)
    if not preview:
        site.add(whats_new_page(site, root))
    site.add(Page("tags.md", "Tags", "tags.md.j2", kind="tags"))
    return site


def product_pages(portfolio: Portfolio, product: Product, internal: bool) -> list[Page]:
    base = product_base(product)
    section = ("Products", product.category, product.name)
    data = {"product": product}

    def page(name: str, title: str, template: str, label: str, **extra: Any) -> Page:
        where = (*section, "Battlecards") if name.startswith("battlecards/") else section
        return Page(f"{base}/{name}", title, template, {**data, **extra}, kind=template[:-6],
                    section=where, label=label)

    pages = [page("index.md", product.name, "product.md.j2", "Overview")]
    if internal and product.personas:
        targets = [(target, portfolio.personas[target.persona]) for target in product.personas]
        pages.append(page("personas.md", f"{product.name} personas", "product_personas.md.j2",
                          "Personas", targets=targets))
    if internal and product.competitors:
        cards = [(card, portfolio.competitors[card.competitor]) for card in product.competitors]
        pages.append(page("battlecards/index.md", f"{product.name} battlecards",
                          "battlecards.md.j2", "Battlecards", cards=cards))
        pages += [page(f"battlecards/{card.competitor}.md",
                       f"{product.name} vs {competitor.name}", "battlecard.md.j2",
                       f"vs {competitor.name}", card=card, competitor=competitor)
                  for card, competitor in cards]
    if product.faqs:
        pages.append(page("faq.md", f"{product.name} FAQ", "faq.md.j2", "FAQ"))
    if internal and product.playbook:
        targets = [(target, portfolio.personas[target.persona]) for target in product.personas]
        cards = [(card, portfolio.competitors[card.competitor]) for card in product.competitors]
        pages.append(page("playbook.md", f"{product.name} sales playbook", "playbook.md.j2",
                          "Playbook", targets=targets, cards=cards))
    if product.pricing:
        pages.append(page("pricing.md", f"{product.name} pricing", "pricing.md.j2", "Pricing"))
    if product.whitepaper:
        pages.append(page("whitepaper.md", product.whitepaper.title, "whitepaper.md.j2",
                          "Whitepaper"))
    if internal and product.launch_plan:
        pages.append(page("launch-plan.md", f"{product.name} launch plan", "launch_plan.md.j2",
                          "Launch plan"))
    if internal and product.market_sizing:
        pages.append(page("market-sizing.md", f"{product.name} market sizing",
                          "market_sizing.md.j2", "Market sizing"))
    if internal and product.business_case:
        pages.append(page("business-case.md", f"{product.name} business case",
                          "business_case.md.j2", "Business case"))
    if product.roadmap:
        pages.append(page("roadmap.md", f"{product.name} roadmap", "roadmap.md.j2", "Roadmap"))
    return pages


def shared_pages(portfolio: Portfolio) -> list[Page]:
    pages: list[Page] = []
    if portfolio.competitors:
        pages.append(Page("competitors/index.md", "Competitors", "competitors.md.j2",
                          kind="competitors", section=("Competitors",)))
    for competitor in portfolio.competitors.values():
        cards = portfolio.battlecards_against(competitor.id)
        pages.append(Page(f"competitors/{competitor.id}.md", competitor.name,
                          "competitor.md.j2", {"competitor": competitor, "cards": cards},
                          kind="competitor", section=("Competitors",)))
    if portfolio.personas:
        pages.append(Page("personas/index.md", "Personas", "personas.md.j2", kind="personas",
                          section=("Personas",)))
    for persona in portfolio.personas.values():
        targeting = [(product, target) for product in portfolio.products
                     for target in product.personas if target.persona == persona.id]
        pages.append(Page(f"personas/{persona.id}.md", persona.name, "persona.md.j2",
                          {"persona": persona, "targeting": targeting}, kind="persona",
                          section=("Personas",)))
    return pages
