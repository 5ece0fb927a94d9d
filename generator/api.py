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
    """api/index.json, one file per list this build may show, and api/schema.json."""
    url = _urls(site_url)
    lists = {"products": products(site, url, decks), "faqs": faqs(site, url)}
    if site.build is Build.internal:
        lists["battlecards"] = battlecards(site, url)
        lists["objections"] = objections(site, url)
    files = {f"api/{name}.json": _json([record.model_dump(mode="json") for record in items])
             for name, items in sorted(lists.items())}
    files["api/index.json"] = _json({
        "company": site.portfolio.company, "audience": site.build.value,
        "as_of": site.as_of.isoformat(), "schema": url("api/schema.json"),
        "lists": {name: url(f"api/{name}.json") for name in sorted(lists)}})
    files["api/schema.json"] = _json(schema(sorted(lists)))
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


def products(site: Site, url: Url, decks: bool) -> list[ProductRecord]:
    internal = site.build is Build.internal
    records = []
    for product in site.portfolio.products:
        page = site.pages[f"{product_base(product)}/index.md"]
        records.append(ProductRecord(
            url=url(page.url), owner=product.owner if internal else None,
            reviewed=product.reviewed, slug=product.slug, name=product.name,
            tagline=product.tagline, category=product.category,
            lifecycle=product.lifecycle.value, audience=product.audience.value,
            deck=url(page.deck) if decks and page.deck else None))
    return records


def battlecards(site: Site, url: Url) -> list[BattlecardRecord]:
    records = []
    for product in site.portfolio.products:
        for card in product.competitors:
            competitor = site.portfolio.competitors[card.competitor]
            page = site.pages[f"{product_base(product)}/battlecards/{card.competitor}.md"]
            records.append(BattlecardRecord(
                url=url(page.url), owner=card.owner or product.owner,
                reviewed=card.reviewed or product.reviewed, product=product.slug,
                competitor=competitor.id, competitor_name=competitor.name,
                summary=plain(card.summary),
                how_we_win=[f"{item.point} ({item.proof})" if item.proof else item.point
                            for item in card.how_we_win],
                landmines=card.landmines,
                win_rate=battlecard_win_rate(product, card.competitor, site.as_of).value))
    return records


def objections(site: Site, url: Url) -> list[ObjectionRecord]:
    records = []
    for product in site.portfolio.products:
        for card in product.competitors:
            page = site.pages[f"{product_base(product)}/battlecards/{card.competitor}.md"]
            records += [ObjectionRecord(
                url=url(page.url), owner=card.owner or product.owner,
                reviewed=card.reviewed or product.reviewed, product=product.slug,
                competitor=card.competitor, persona=None, objection=item.objection,
                response=plain(item.response)) for item in card.objections]
    for persona in site.portfolio.personas.values():
        page = site.pages[f"personas/{persona.id}.md"]
        records += [ObjectionRecord(
            url=url(page.url), owner=None, reviewed=None, product=None, competitor=None,
            persona=persona.id, objection=item.objection, response=plain(item.response))
            for item in persona.objections]
    return records


def faqs(site: Site, url: Url) -> list[FaqRecord]:
    internal = site.build is Build.internal
    records = []
    for product in site.portfolio.products:
        page: Page | None = site.pages.get(f"{product_base(product)}/faq.md")
        if page is None:
            continue
        records += [FaqRecord(
            url=url(page.url), owner=product.owner if internal else None,
            reviewed=product.reviewed, product=product.slug, question=faq.question,
            answer=plain(faq.answer), group=faq.group) for faq in product.faqs]
    return records


def _urls(site_url: str) -> Url:
    base = site_url.rstrip("/") + "/" if site_url else "/"
    return lambda path: base + path


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
