"""A competitor profile, shared by every product: `products/competitors/<id>.yml`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import PrivateAttr

from generator.model.base import Markdown, Model, Money, ShortForm, TextList


class CompetitorPricing(ShortForm):
    """What the competitor charges; `pricing: From $900 a site a month` is the summary alone."""

    text_field: ClassVar[str] = "summary"

    summary: Markdown
    price: Money | None = None
    """Their list price, in the company's currency."""
    unit: str | None = None
    """What the price is per, e.g. "per site per month"."""
    source: str | None = None
    """Where we learned it: their price page, a lost deal, an analyst."""


class Competitor(Model):
    name: str
    website: str | None = None
    summary: Markdown
    strengths: TextList = []
    weaknesses: TextList = []
    pricing_notes: Markdown | None = None
    pricing: CompetitorPricing | None = None
    """What they charge (internal, like everything about a competitor)."""

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id
