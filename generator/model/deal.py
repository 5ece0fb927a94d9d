"""Win/loss records: the deals a product won and lost, in `products/<slug>.yml` (`deals`)."""

from __future__ import annotations

from enum import StrEnum

from generator.model.base import Date, Model, Money, Slug


class Outcome(StrEnum):
    won = "won"
    lost = "lost"


class Deal(Model):
    """One closed deal. Internal: win/loss records never reach the public site."""

    date: Date
    """When the deal closed, won or lost."""
    competitor: Slug
    """The id of the competitor we met (products/competitors/); `status-quo` style
    competitors stand for "no decision"."""
    outcome: Outcome
    segment: str | None = None
    """The market segment of the customer, e.g. "Grocery DCs"."""
    reasons: list[Slug] = []
    """Why we won or lost: ids from `deal_reasons` in products/portfolio.yml."""
    notes: str | None = None
    """Anything the reasons do not say, in the rep's words."""
    size: Money | None = None
    """What the deal was worth per year (won) or would have been (lost)."""
    customer: str | None = None
    """The account, as sales calls it."""
