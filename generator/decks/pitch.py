"""A product's pitch deck, as slides of plain data (`generator.decks.slides`).

The deck shows what the portfolio it is given holds: the internal site's deck is made
from the full portfolio, the public variant from the public view (`audience.public_view`),
so it can only show what a PM marked public. Pricing is never in a public deck, even when
the pricing page is public: prices in a deck outlive the price list. Feature comparisons
come from battlecards, so only the internal deck has them; a success story is in the
public deck when it is public.
"""

from __future__ import annotations

from datetime import date

from generator.decks.slides import Bullet, Deck, Slide, bullet_slides, table_slides
from generator.model import Product
from generator.portfolio import Portfolio
from generator.render.environment import day, money
from generator.render.plain import plain


def pitch_deck(path: str, product: Product, portfolio: Portfolio, as_of: date, *,
               internal: bool) -> Deck:
    company = portfolio.definition.company
    slides = [
        Slide("title", product.name, subtitle=product.tagline,
              notes=f"{company.name} · {product.category} · as of {day(as_of)}"),
        *_problem(product),
        *_positioning(product),
        *_value(product),
        *_personas(product, portfolio),
        *_features(product),
        *_comparisons(product, portfolio),
        *_stories(product),
        *_quotes(product),
        *(_pricing(product, company.currency) if internal else []),
        *_next_steps(product, company.name),
    ]
    return Deck(path, f"{product.name}: pitch deck", company.name, as_of, tuple(slides))


def _problem(product: Product) -> list[Slide]:
    if product.market is not None:
        lines = [Bullet(line) for line in plain(product.market.problem).split("\n")]
        lines += [Bullet(trend, 1) for trend in product.market.trends]
        return bullet_slides("The problem", lines)
    if product.positioning is not None:
        p = product.positioning
        return [Slide("statement", "The problem", statement=f"{p.target} {p.need}.")]
    return []


def _positioning(product: Product) -> list[Slide]:
    p = product.positioning
    if p is None:
        return []
    statement = (f"For {p.target} who {p.need}, {product.name} is a {p.category} that "
                 f"{p.benefit}.")
    if p.differentiator:
        statement += f" Unlike {p.alternative}, {product.name} {p.differentiator}."
    else:
        statement += f" The usual alternative is {p.alternative}."
    return [Slide("statement", "Positioning", statement=statement)]


def _value(product: Product) -> list[Slide]:
    slides = []
    for value in product.value_propositions:
        lines = [Bullet(line) for line in plain(value.description).split("\n")]
        lines += [Bullet(point, 1) for point in value.proof_points]
        slides += bullet_slides(value.title, lines)
    return slides


def _personas(product: Product, portfolio: Portfolio) -> list[Slide]:
    slides = []
    for target in product.personas:
        persona = portfolio.personas[target.persona]
        lines = [Bullet(line) for line in plain(target.messaging).split("\n")]
        lines += [Bullet(f"Pain: {pain}", 1) for pain in persona.pains]
        slides += bullet_slides(f"For {persona.role} ({persona.buying_role.title.lower()})",
                                lines, notes=target.talk_track or "")
    return slides


def _features(product: Product) -> list[Slide]:
    lines = [Bullet(f"{feature.name}: {plain(feature.description).replace(chr(10), ' ')}"
                    if feature.description else feature.name)
             for priority in ("vital", "important", "nice-to-have")
             for feature in product.features if feature.priority == priority]
    return bullet_slides("Key features", lines)


def _quotes(product: Product) -> list[Slide]:
    return [Slide("statement", "What customers say", statement=f"“{quote.quote}”",
                  attribution=", ".join(part for part in (quote.name, quote.title, quote.company)
                                        if part))
            for quote in product.customer_quotes[:2]]


def _pricing(product: Product, currency: str) -> list[Slide]:
    pricing = product.pricing
    if pricing is None:
        return []
    symbol = pricing.currency or currency
    rows = [(plan.name,
             " ".join(part for part in (money(plan.price, symbol) if plan.price is not None
                                        else "Contact us", plan.unit or "") if part),
             plan.best_for or "", ", ".join(plan.includes))
            for plan in pricing.plans]
    return table_slides("Pricing", ("Plan", "Price", "Best for", "Includes"), rows,
                        notes=plain(pricing.discounting))


def _next_steps(product: Product, company: str) -> list[Slide]:
    steps = list(product.playbook.next_steps) if product.playbook else []
    if not steps and product.whitepaper is not None:
        steps.append(product.whitepaper.call_to_action.text)
    if not steps:
        steps.append(f"Talk to your {company} contact about a demo of {product.name}")
    if product.website:
        steps.append(product.website)
    return bullet_slides("Next steps", [Bullet(step) for step in steps])


def _comparisons(product: Product, portfolio: Portfolio) -> list[Slide]:
    """One table per battlecard with a feature comparison: us and them, feature by feature."""
    slides = []
    for card in product.competitors:
        if not card.comparison:
            continue
        competitor = portfolio.competitors[card.competitor]
        rows = [(row.feature, row.us.title, row.them.title, row.note or "")
                for row in card.comparison]
        slides += table_slides(f"{product.name} vs {competitor.name}",
                               ("Feature", product.name, competitor.name, "Note"), rows,
                               notes=plain(card.summary))
    return slides


def _stories(product: Product) -> list[Slide]:
    slides = []
    for story in product.success_stories:
        lines = [Bullet(f"Before: {line}") for line in plain(story.problem).split("\n")]
        lines += [Bullet(f"With {product.name}: {line}")
                  for line in plain(story.solution).split("\n")]
        lines += [Bullet(f"{result.figure} {result.measure}", 1) for result in story.results]
        quote = story.quote
        notes = f"“{quote.quote}” — {quote.name}" if quote else ""
        slides += bullet_slides(f"Success story: {story.customer} ({story.industry})", lines,
                                notes=notes)
    return slides
