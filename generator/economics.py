"""The figures of market sizing and business cases, each a plain function of the model.

Nothing here is typed by a PM twice: segment totals, the 3-year view, shares of the
market, margins and payback are computed from the values in the product file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.load import Loc
from generator.model.business_case import BusinessCase
from generator.model.market_sizing import MarketSize, MarketSizing
from generator.model.product import Product, Segment

PROJECTION_YEARS = 3
_EPSILON = 1e-9


def compounded(value: float, growth: float | None, years: int) -> float | None:
    """`value` after `years` of `growth` percent a year; None without a growth rate."""
    if years == 0:
        return value
    return None if growth is None else value * (1 + growth / 100) ** years


def share(part: float | None, whole: float | None) -> float | None:
    """`part` as a percentage of `whole`; None when either is missing or the whole is 0."""
    if part is None or not whole:
        return None
    return 100 * part / whole


@dataclass(frozen=True)
class SegmentTotal:
    """The last row of the segments table."""

    size: float | None
    """Sum of the sizes given; None when no segment has one."""
    growth: float | None
    """Growth of the total: each segment's growth weighted by its size; None unless every
    sized segment has a growth rate."""


def segment_total(segments: Sequence[Segment]) -> SegmentTotal:
    sized = [segment for segment in segments if segment.size is not None]
    if not sized:
        return SegmentTotal(None, None)
    size = sum(segment.size for segment in sized)  # type: ignore[misc]
    if not size or any(segment.growth is None for segment in sized):
        return SegmentTotal(size, None)
    growth = sum(segment.size * segment.growth for segment in sized) / size  # type: ignore[operator]
    return SegmentTotal(size, growth)


@dataclass(frozen=True)
class SizeView:
    label: str
    """TAM, SAM or SOM."""
    size: MarketSize
    value: float
    growth: float | None
    """The growth typed, or for a TAM taken from the segments, theirs."""
    projection: list[float | None]
    """The value now and in each of the next PROJECTION_YEARS years."""


@dataclass(frozen=True)
class SizingView:
    year: int
    sizes: list[SizeView]
    """TAM, SAM, SOM, in that order."""
    tam_from_segments: bool
    segments: SegmentTotal
    sam_share_of_tam: float | None
    som_share_of_sam: float | None
    som_share_of_tam: float | None

    @property
    def years(self) -> list[int]:
        return [self.year + offset for offset in range(PROJECTION_YEARS + 1)]


def sizing_view(sizing: MarketSizing, segments: Sequence[Segment], year: int) -> SizingView:
    """TAM, SAM and SOM with their 3-year view; `year` when the sizing names none."""
    total = segment_total(segments)
    from_segments = sizing.tam.value is None
    tam = (total.size or 0.0) if from_segments else sizing.tam.value
    tam_growth = total.growth if from_segments and sizing.tam.growth is None \
        else sizing.tam.growth
    rows = (("TAM", sizing.tam, tam, tam_growth),
            ("SAM", sizing.sam, sizing.sam.value, sizing.sam.growth),
            ("SOM", sizing.som, sizing.som.value, sizing.som.growth))
    sizes = [SizeView(label, size, value, growth,
                      [compounded(value, growth, n) for n in range(PROJECTION_YEARS + 1)])
             for label, size, value, growth in rows]
    values = {label: value for label, _, value, _ in rows}
    return SizingView(
        year=sizing.year or year, sizes=sizes, tam_from_segments=from_segments,
        segments=total, sam_share_of_tam=share(values["SAM"], tam),
        som_share_of_sam=share(values["SOM"], values["SAM"]),
        som_share_of_tam=share(values["SOM"], tam))


@dataclass(frozen=True)
class YearFigures:
    year: int
    revenue: float
    costs: float
    margin: float
    margin_percent: float | None
    cumulative: float
    """Cash position at the end of the year: every margin so far less the investment."""


@dataclass(frozen=True)
class CaseFigures:
    investment: float
    years: list[YearFigures]
    revenue: float
    costs: float
    margin: float
    margin_percent: float | None
    payback_months: int | None
    """Months from the start of the first year until the margins have paid back the
    investment, rounded up; None when the plan never gets there."""


def case_figures(case: BusinessCase) -> CaseFigures:
    """Margin per year and over the plan, and the payback. The investment is spent at the
    start of the first year of the plan; each year's margin comes in evenly over it."""
    first = min([*case.revenue, *case.costs])
    last = max([*case.revenue, *case.costs])
    years: list[YearFigures] = []
    position = -case.investment
    payback: float | None = 0.0 if case.investment == 0 else None
    for index, year in enumerate(range(first, last + 1)):
        revenue, costs = case.revenue.get(year, 0.0), case.costs.get(year, 0.0)
        margin = revenue - costs
        if payback is None and margin > 0 and position + margin >= -_EPSILON:
            payback = 12 * (index + -position / margin)
        position += margin
        years.append(YearFigures(year, revenue, costs, margin, share(margin, revenue),
                                 position))
    revenue = sum(y.revenue for y in years)
    costs = sum(y.costs for y in years)
    return CaseFigures(
        investment=case.investment, years=years, revenue=revenue, costs=costs,
        margin=revenue - costs, margin_percent=share(revenue - costs, revenue),
        payback_months=None if payback is None else math.ceil(payback - _EPSILON))


def sizing_problems(product: Product, money: Callable[[float], str]) -> list[tuple[Loc, str]]:
    """SOM <= SAM <= TAM, and segments that fit in the TAM, each at the value that breaks
    the order; `money` formats an amount the way the site shows it."""
    sizing = product.market_sizing
    if sizing is None:
        return []
    segments = product.market.segments if product.market else []
    total = segment_total(segments)
    problems: list[tuple[Loc, str]] = []
    tam = sizing.tam.value
    if tam is None:
        if total.size is None:
            return [(("market_sizing", "tam"), "market_sizing.tam.value: missing; write the "
                     "total addressable market, e.g. 'value: 2.4B', or give the segments in "
                     "market.segments a size to add up")]
        tam = total.size
    elif total.size is not None and total.size > tam + _EPSILON:
        problems.append((("market_sizing", "tam", "value"), (
            f"market_sizing.tam.value: the TAM ({money(tam)}) is smaller than the segments "
            f"in market.segments, which add up to {money(total.size)}; raise the TAM or "
            "leave 'value' out to use the segments' total")))
    sam, som = sizing.sam.value, sizing.som.value
    if sam > tam + _EPSILON:
        problems.append((("market_sizing", "sam", "value"), (
            f"market_sizing.sam.value: the SAM ({money(sam)}) is larger than the TAM "
            f"({money(tam)}); the market you can serve is part of the whole market: lower "
            "the SAM or raise the TAM")))
    if som > sam + _EPSILON:
        problems.append((("market_sizing", "som", "value"), (
            f"market_sizing.som.value: the SOM ({money(som)}) is larger than the SAM "
            f"({money(sam)}); what you can win is part of the market you can serve: lower "
            "the SOM or raise the SAM")))
    return problems
