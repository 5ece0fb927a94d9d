"""The company and its portfolio strategy: `products/portfolio.yml`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from generator.model.base import (
    SLUG_PATTERN,
    Markdown,
    Model,
    Percent,
    QuarterName,
    ShortForm,
    Slug,
    TextList,
)


class Company(Model):
    name: str
    website: str | None = None
    about: Markdown | None = None
    """One paragraph about the company, shown on the home page."""
    currency: str = "$"
    """Put in front of amounts: a symbol ($, €, £) as it is, a code (EUR, USD) with a
    space: €1,900, EUR 1,900."""


class Theme(ShortForm):
    text_field: ClassVar[str] = "name"

    name: str
    description: Markdown | None = None


class Strategy(Model):
    vision: Markdown
    """Where the portfolio is going."""
    mission: Markdown | None = None
    """What the company does, for whom, every day."""
    themes: list[Theme] = []


class RoadmapTheme(Model):
    """One theme the whole portfolio works on in a quarter."""

    quarter: QuarterName
    theme: str
    description: Markdown | None = None
    products: list[Slug] = []
    """Slugs of the products involved."""


class ReviewThresholds(Model):
    """Rules leadership sets for the portfolio review."""

    min_sales_contribution: Percent = 5
    """Products under this share of revenue are end-of-life candidates."""
    new_product_months: int = Field(default=12, ge=0, le=120)
    """Products launched less than this many months ago are never end-of-life candidates."""
    vitality_window_years: int = Field(default=3, ge=1, le=20)
    """Products launched within this many years count toward the vitality index."""
    stale_after_days: int = Field(default=180, ge=1)
    """Content not reviewed within this many days is flagged as stale."""
    declining_quarters: int = Field(default=3, ge=2, le=8)
    """Revenue falling this many quarters in a row raises a flag."""


class PortfolioDefinition(Model):
    company: Company
    strategy: Strategy | None = None
    roadmap: list[RoadmapTheme] = []
    review: ReviewThresholds = ReviewThresholds()
    categories: TextList = []
    """Optional display order of product categories."""
    deal_reasons: dict[Slug, str] = Field(
        default={}, json_schema_extra={"propertyNames": {"pattern": SLUG_PATTERN}})
    """Why deals are won or lost: id and label, e.g. `price: Price or budget`. Deals
    name these ids under `reasons`."""
