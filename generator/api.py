"""The static JSON API under /api/: products, battlecards, objections and FAQs as JSON
files, for a CRM sidebar, a chat bot or an assistant to read the same truth as the site.

Engine-free: a rendered `Site` in, {path: bytes} out. Every record carries the URL of the
page that shows it, its owner and the date it was last reviewed. The records are made
from the build's portfolio, so the public site's API holds only what its public pages
show: public products and their public FAQs; no battlecards, no objections, no owners.
`api/schema.json` is the JSON Schema of every file, made from the models below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from generator.audience import Build
from generator.model import Product
from generator.page_cache import ProductEntries
from generator.render.pages import Page, Site, product_base
from generator.render.plain import plain
from generator.win_loss import battlecard_win_rate

Url = Callable[[str], str]
SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str
    """The page that shows it: absolute when mkdocs.yml has a site_url, else from the root."""
    owner: str | None
    """Who answers for it; None on the public site."""
    reviewed: date | None
    """When its owner last checked it against reality."""


class ProductRecord(Record):
    slug: str
    name: str
    tagline: str
    category: str
    lifecycle: str
    audience: str
    deck: str | None
    """The URL of its pitch deck, when the build made one."""


class BattlecardRecord(Record):
    product: str
    competitor: str
    competitor_name: str
    summary: str
    how_we_win: list[str]
    """Each point, with its proof in brackets when it has one."""
    landmines: list[str]
    win_rate: float | None
    """As the battlecard page shows it: from the deal records when there are any (None with
    too few deals), else the typed win_rate."""


class ObjectionRecord(Record):
    product: str | None
    """The product whose battlecard answers it; None for a persona's objection."""
    competitor: str | None
    persona: str | None
    objection: str
    response: str
    """The answer as plain text (Markdown formatting removed)."""


class FaqRecord(Record):
    product: str
    question: str
    answer: str
    group: str


LISTS = {"products": ProductRecord, "battlecards": BattlecardRecord,
         "objections": ObjectionRecord, "faqs": FaqRecord}
PUBLIC_LISTS = ("products", "faqs")


def api_files(site: Site, site_url: str = "", decks: bool = True) -> dict[str, bytes]:
    """api/index.json, one file per list this build may show, and api/schema.json.

    Each product's records are kept in the page cache under its file and what else they
    are made of (the build's audience, date and address): a build makes only those of
    products that changed."""
    url = _urls(site_url)
    names = ["faqs", "products"]
    if site.build is Build.internal:
        names = ["battlecards", "faqs", "objections", "products"]
    kept = ProductEntries("api", site.portfolio.sources, site.build.value,
                          site.as_of.isoformat(), site_url, str(decks))
    encoded: dict[str, list[str]] = {name: [] for name in names}
    for product in site.portfolio.products:
        made = kept.get(product._source, product.slug)
        if made is None:
            made = {name: [_encoded(record) for record in records] for name, records
                    in product_records(site, url, decks, product).items() if name in names}
            kept.put(made, product._source, product.slug)
        for name in names:
            encoded[name] += made[name]
    if "objections" in encoded:
        encoded["objections"] += [_encoded(record) for record in persona_objections(site, url)]
    files = {f"api/{name}.json": _json_list(encoded[name]) for name in names}
    files["api/index.json"] = _json({
        "company": site.portfolio.company, "audience": site.build.value,
        "as_of": site.as_of.isoformat(), "schema": url("api/schema.json"),
        "lists": {name: url(f"api/{name}.json") for name in names}})
    files["api/schema.json"] = _json(schema(names))
    return dict(sorted(files.items()))


def schema(names: list[str]) -> dict[str, Any]:
    """One schema for every file: `$defs` names each list's record; a file validates
    against `{"$ref": "schema.json#/$defs/<list>"}`."""
    defs: dict[str, Any] = {}
    for name in names:
        model_schema = LISTS[name].model_json_schema(ref_template="#/$defs/{model}")
        defs.update(model_schema.pop("$defs", {}))
        defs[LISTS[name].__name__] = model_schema
        defs[name] = {"type": "array", "items": {"$ref": f"#/$defs/{LISTS[name].__name__}"}}
    return {"$schema": SCHEMA_URI, "title": "productdocs API", "$defs": defs}


def product_records(site: Site, url: Url, decks: bool, product: Product
                    ) -> dict[str, list[Record]]:
    """The records of one product, by list: in the order the lists give them."""
    internal = site.build is Build.internal
    page = site.pages[f"{product_base(product)}/index.md"]
    records: dict[str, list[Record]] = {"products": [ProductRecord(
        url=url(page.url), owner=product.owner if internal else None,
        reviewed=product.reviewed, slug=product.slug, name=product.name,
        tagline=product.tagline, category=product.category,
        lifecycle=product.lifecycle.value, audience=product.audience.value,
        deck=url(page.deck) if decks and page.deck else None)]}
    faq_page: Page | None = site.pages.get(f"{product_base(product)}/faq.md")
    records["faqs"] = [FaqRecord(
        url=url(faq_page.url), owner=product.owner if internal else None,
        reviewed=product.reviewed, product=product.slug, question=faq.question,
        answer=plain(faq.answer), group=faq.group)
        for faq in (product.faqs if faq_page is not None else [])]
    if not internal:
        return records
    records["battlecards"], records["objections"] = [], []
    for card in product.competitors:
        competitor = site.portfolio.competitors[card.competitor]
        card_page = site.pages[f"{product_base(product)}/battlecards/{card.competitor}.md"]
        owner, reviewed = card.owner or product.owner, card.reviewed or product.reviewed
        records["battlecards"].append(BattlecardRecord(
            url=url(card_page.url), owner=owner, reviewed=reviewed, product=product.slug,
            competitor=competitor.id, competitor_name=competitor.name,
            summary=plain(card.summary),
            how_we_win=[f"{item.point} ({item.proof})" if item.proof else item.point
                        for item in card.how_we_win],
            landmines=card.landmines,
            win_rate=battlecard_win_rate(product, card.competitor, site.as_of).value))
        records["objections"] += [ObjectionRecord(
            url=url(card_page.url), owner=owner, reviewed=reviewed, product=product.slug,
            competitor=card.competitor, persona=None, objection=item.objection,
            response=plain(item.response)) for item in card.objections]
    return records


def persona_objections(site: Site, url: Url) -> list[ObjectionRecord]:
    records = []
    for persona in site.portfolio.personas.values():
        page = site.pages[f"personas/{persona.id}.md"]
        records += [ObjectionRecord(
            url=url(page.url), owner=None, reviewed=None, product=None, competitor=None,
            persona=persona.id, objection=item.objection, response=plain(item.response))
            for item in persona.objections]
    return records


def _urls(site_url: str) -> Url:
    base = site_url.rstrip("/") + "/" if site_url else "/"
    return lambda path: base + path


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _encoded(record: Record) -> str:
    """A record as an item of a list written by _json: indented one level."""
    text = json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return "  " + text.replace("\n", "\n  ")


def _json_list(items: list[str]) -> bytes:
    """What _json writes of the list whose items are `items` (from _encoded)."""
    return (("[\n" + ",\n".join(items) + "\n]" if items else "[]") + "\n").encode("utf-8")
