"""How big the market is: TAM, SAM and SOM, each with the assumption behind it."""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Markdown, Model, Money


class MarketSize(Model):
    value: Money
    """Yearly spend, e.g. 2.4B."""
    assumption: Markdown
    """How the figure was reached, so a reader can check it."""
    source: str | None = None
    """Where the numbers come from: a report, a survey, our own data."""
    growth: float | None = Field(default=None, ge=-100, le=1000)
    """Yearly growth in percent; compounds into the 3-year view."""


class TotalMarket(MarketSize):
    value: Money | None = None  # type: ignore[assignment]
    """Yearly spend; leave it out to use the sum of the market's segments."""


class MarketSizing(Model):
    """Total addressable, serviceable addressable and serviceable obtainable market."""

    computed = {name: "the SOM, SAM and TAM" for name in ("share", "som_share")}

    year: int | None = Field(default=None, ge=1900, le=2200)
    """The year the values are for; the 3-year view starts there (default: the build's)."""
    tam: TotalMarket
    """Total addressable market: everyone who could buy this kind of product."""
    sam: MarketSize
    """Serviceable addressable market: the part our product and channels can reach."""
    som: MarketSize
    """Serviceable obtainable market: the part we can realistically win."""
