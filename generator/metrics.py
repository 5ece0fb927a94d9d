"""The numbers the site shows, each a plain function of the model: no I/O, no clock.

The portfolio review works on explicit quarters (`quarters.reporting_quarter` says which)
and an explicit `as_of` date. Missing data stays missing: a quarter without revenue is
None, never 0, and a product without revenue has no share of sales rather than 0%.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from generator.feature_matrix import never_ahead
from generator.model.portfolio import ReviewThresholds
from generator.model.product import LaunchPlan, Milestone, Product
from generator.quarters import Quarter, years_before
from generator.win_loss import WinRate, battlecard_win_rate, pooled_win_rate


def readiness(plan: LaunchPlan) -> float | None:
    """Share of the launch checklist that is done, in percent; None without a checklist."""
    if not plan.readiness:
        return None
    return 100 * sum(item.done for item in plan.readiness) / len(plan.readiness)


def overdue(milestone: Milestone, as_of: date) -> bool:
    """A milestone marked late, or whose date has passed and that is not done."""
    return milestone.is_late(as_of)


def revenue(product: Product, quarter: Quarter) -> float | None:
    """Revenue of one quarter; None when the PM recorded none."""
    return product.metrics.revenue.get(quarter) if product.metrics else None


def revenue_series(product: Product, quarters: Sequence[Quarter]) -> list[float | None]:
    return [revenue(product, quarter) for quarter in quarters]


def total_revenue(product: Product, quarters: Sequence[Quarter]) -> float | None:
    """Revenue added up over `quarters`; None when none of them has revenue."""
    known = [amount for amount in revenue_series(product, quarters) if amount is not None]
    return sum(known) if known else None


def portfolio_revenue(products: Sequence[Product], quarters: Sequence[Quarter]) -> float | None:
    """Every product's revenue over `quarters`; None when no product has any."""
    known = [amount for product in products
             if (amount := total_revenue(product, quarters)) is not None]
    return sum(known) if known else None


def sales_contribution(products: Sequence[Product], quarters: Sequence[Quarter]
                       ) -> dict[str, float | None]:
    """Each product's share of the portfolio's revenue over `quarters`, in percent, by slug.

    None for a product without revenue in those quarters, and for every product when the
    portfolio has no revenue there.
    """
    whole = portfolio_revenue(products, quarters)
    shares: dict[str, float | None] = {}
    for product in products:
        amount = total_revenue(product, quarters)
        shares[product.slug] = 100 * amount / whole if amount is not None and whole else None
    return shares


def growth(product: Product, quarters: Sequence[Quarter]) -> float | None:
    """Revenue growth in percent from the first to the last of `quarters` that has revenue.

    None with fewer than two such quarters, or when the first one's revenue is zero.
    """
    known = [amount for amount in revenue_series(product, quarters) if amount is not None]
    if len(known) < 2 or known[0] == 0:
        return None
    return 100 * (known[-1] - known[0]) / known[0]


def declining_quarters(product: Product, quarters: Sequence[Quarter]) -> int:
    """How many quarters in a row, up to the last of `quarters`, had less revenue than the
    quarter before. A quarter without revenue ends the run."""
    amounts = revenue_series(product, quarters)
    run = 0
    for before, after in reversed(list(pairwise(amounts))):
        if before is None or after is None or after >= before:
            break
        run += 1
    return run


def launched_within(product: Product, years: int, end: date) -> bool:
    """Launched in the `years` years up to and including `end` (after the same day
    `years` years earlier)."""
    return product.launched is not None and years_before(end, years) < product.launched <= end


def vitality_index(products: Sequence[Product], quarters: Sequence[Quarter], years: int
                   ) -> float | None:
    """Share of the revenue over `quarters` that comes from products launched in the
    `years` years up to the last day of the last quarter, in percent; None without revenue."""
    end = quarters[-1].last_day
    whole = portfolio_revenue(products, quarters)
    if not whole:
        return None
    new = portfolio_revenue([p for p in products if launched_within(p, years, end)], quarters)
    return 100 * (new or 0) / whole


def vitality_trend(products: Sequence[Product], quarters: Sequence[Quarter], years: int
                   ) -> list[float | None]:
    """The vitality index of each quarter on its own, each with the window ending that quarter."""
    return [vitality_index(products, [quarter], years) for quarter in quarters]


def has_differentiator(product: Product) -> bool:
    return product.positioning is not None and product.positioning.differentiator is not None


class FlagKind(StrEnum):
    """The traps the portfolio review looks for, one rule each."""

    under_minimum = "under-minimum"
    """Sales contribution under review.min_sales_contribution: an end-of-life candidate
    (not before review.new_product_months after its launch)."""
    me_too = "me-too"
    """No differentiator in the positioning (or no positioning at all), or a feature
    comparison with no feature where we are ahead."""
    declining = "declining"
    """Revenue fell for review.declining_quarters quarters in a row, or more."""
    stale = "stale"
    """The product file was not reviewed for more than review.stale_after_days days."""
    not_refreshed = "not-refreshed"
    """No product launched within review.vitality_window_years years."""


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    product: str | None
    """The product's slug; None for a flag on the whole portfolio."""
    value: float | None = None
    """What broke the rule: the share of sales in percent, the quarters in decline, or the
    days since the last review."""
    competitors: tuple[str, ...] = ()
    """For "me-too": the competitors whose feature comparison shows us ahead nowhere."""


def is_new(product: Product, months: int, as_of: date) -> bool:
    """Launched less than `months` months before `as_of`, or not launched yet: too soon
    to judge by its share of sales."""
    launched = product.launched
    if launched is None:
        return True
    age = (as_of.year - launched.year) * 12 + as_of.month - launched.month
    return age - (as_of.day < launched.day) < months


def review_flags(products: Sequence[Product], thresholds: ReviewThresholds,
                 trend: Sequence[Quarter], as_of: date) -> list[Flag]:
    """Every flag of the portfolio review: product by product in the order given, then the
    portfolio's own.

    `trend` is the last 8 quarters; the sales contribution is over its last 4. Staleness
    and "no recent launch" are measured back from `as_of`.
    """
    shares = sales_contribution(products, trend[-4:])
    flags: list[Flag] = []
    for product in products:
        share = shares[product.slug]
        if share is not None and share < thresholds.min_sales_contribution and \
                not is_new(product, thresholds.new_product_months, as_of):
            flags.append(Flag(FlagKind.under_minimum, product.slug, share))
        level = tuple(never_ahead(product))
        if not has_differentiator(product) or level:
            flags.append(Flag(FlagKind.me_too, product.slug, competitors=level))
        run = declining_quarters(product, trend)
        if run >= thresholds.declining_quarters:
            flags.append(Flag(FlagKind.declining, product.slug, run))
        days = (as_of - product.reviewed).days
        if days > thresholds.stale_after_days:
            flags.append(Flag(FlagKind.stale, product.slug, days))
    if not any(launched_within(p, thresholds.vitality_window_years, as_of) for p in products):
        flags.append(Flag(FlagKind.not_refreshed, None))
    return flags


@dataclass(frozen=True)
class Threat:
    """One competitor and the products that have a battlecard against it."""

    competitor: str
    win_rates: dict[str, WinRate]
    """Win rate against this competitor per product slug, from the deal records or typed."""

    @property
    def average_win_rate(self) -> WinRate:
        """The deal records of every product added up; without records, the mean of the
        typed rates."""
        return pooled_win_rate(list(self.win_rates.values()))


def competitive_threats(products: Sequence[Product], as_of: date) -> list[Threat]:
    """Every competitor some product has a battlecard against: the one met by the most
    products first, ties by id. Deals closed after `as_of` do not count."""
    faced: dict[str, dict[str, WinRate]] = {}
    for product in products:
        for card in product.competitors:
            faced.setdefault(card.competitor, {})[product.slug] = battlecard_win_rate(
                product, card.competitor, as_of)
    threats = [Threat(competitor, rates) for competitor, rates in faced.items()]
    return sorted(threats, key=lambda threat: (-len(threat.win_rates), threat.competitor))
