"""What the win/loss records say: counts and rates, each a plain function of the deals.

No clock and no I/O: every function takes the deals (and, where it matters, the as-of
date) it works on. A deal closed after `as_of` does not count yet. A rate needs
MIN_DEALS deals behind it; with fewer, `rate` is None and pages say how many deals there
were instead. The typed `win_rate` of a battlecard (or of `metrics`) is the fallback
where a product has no deal records against that competitor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from generator.model.deal import Deal, Outcome
from generator.model.product import Product
from generator.quarters import Quarter, last, reporting_quarter

MIN_DEALS = 5
"""Fewer deals than this give no percentage: the pages say "too few deals" instead."""
TREND_QUARTERS = 8


@dataclass(frozen=True)
class Tally:
    """Deals won and lost; the rate only when there are MIN_DEALS or more."""

    won: int = 0
    lost: int = 0

    @property
    def deals(self) -> int:
        return self.won + self.lost

    @property
    def enough(self) -> bool:
        return self.deals >= MIN_DEALS

    @property
    def rate(self) -> float | None:
        """Share of deals won, in percent; None with fewer than MIN_DEALS deals."""
        return 100 * self.won / self.deals if self.enough else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.won + other.won, self.lost + other.lost)


def tally(deals: Iterable[Deal]) -> Tally:
    outcomes = [deal.outcome for deal in deals]
    return Tally(outcomes.count(Outcome.won), outcomes.count(Outcome.lost))


@dataclass(frozen=True)
class WinRate:
    """A win rate as a page shows it: from the deal records when there are any, else the
    rate the PM typed (marked as typed)."""

    tally: Tally | None
    """The deal records behind it; None when there are none."""
    typed: float | None = None
    """The typed win_rate, shown only without deal records."""

    @property
    def from_deals(self) -> bool:
        return self.tally is not None

    @property
    def value(self) -> float | None:
        """The percentage shown; None without one (too few deals, or nothing typed)."""
        return self.tally.rate if self.tally is not None else self.typed


def closed(deals: Iterable[Deal], as_of: date) -> list[Deal]:
    """The deals closed on or before `as_of`, newest first (ties in file order)."""
    done = [deal for deal in deals if deal.date <= as_of]
    return sorted(done, key=lambda deal: deal.date, reverse=True)


def _rate(deals: list[Deal], typed: float | None) -> WinRate:
    return WinRate(tally(deals), None) if deals else WinRate(None, typed)


def battlecard_win_rate(product: Product, competitor: str, as_of: date) -> WinRate:
    """The product's win rate against one competitor: its deal records against it,
    else the battlecard's typed win_rate."""
    card = next((card for card in product.competitors if card.competitor == competitor), None)
    deals = [deal for deal in closed(product.deals, as_of) if deal.competitor == competitor]
    return _rate(deals, card.win_rate if card else None)


def product_win_rate(product: Product, as_of: date) -> WinRate:
    """The product's win rate over all its deals, else `metrics.win_rate` as typed."""
    typed = product.metrics.win_rate if product.metrics else None
    return _rate(closed(product.deals, as_of), typed)


def pooled_win_rate(rates: Sequence[WinRate]) -> WinRate:
    """Several win rates as one: the deal records added up when any has records (typed
    rates then left out), else the mean of the typed rates."""
    counted = [rate.tally for rate in rates if rate.tally is not None]
    if counted:
        return WinRate(sum(counted, Tally()))
    typed = [rate.typed for rate in rates if rate.typed is not None]
    return WinRate(None, sum(typed) / len(typed) if typed else None)


def competitor_win_rate(products: Iterable[Product], competitor: str, as_of: date) -> WinRate:
    """The portfolio's win rate against one competitor: the deal records of every product
    added up, else the mean of the battlecards' typed rates (`pooled_win_rate`)."""
    met = [product for product in products
           if any(card.competitor == competitor for card in product.competitors)
           or any(deal.competitor == competitor for deal in product.deals)]
    return pooled_win_rate([battlecard_win_rate(p, competitor, as_of) for p in met])


def by_competitor(deals: Iterable[Deal]) -> list[tuple[str, Tally]]:
    """A tally per competitor: the one met in the most deals first, ties by id."""
    grouped: dict[str, list[Deal]] = {}
    for deal in deals:
        grouped.setdefault(deal.competitor, []).append(deal)
    tallies = [(competitor, tally(met)) for competitor, met in grouped.items()]
    return sorted(tallies, key=lambda item: (-item[1].deals, item[0]))


def by_quarter(deals: Iterable[Deal], quarters: Sequence[Quarter]) -> list[Tally]:
    """A tally for each of `quarters`, by the quarter each deal closed in."""
    listed = list(deals)
    return [tally(deal for deal in listed if Quarter.of(deal.date) == quarter)
            for quarter in quarters]


def trend_quarters(deals: Iterable[Deal], as_of: date) -> list[Quarter]:
    """The TREND_QUARTERS quarters up to the latest one with a deal that is not after the
    quarter of `as_of` (`quarters.reporting_quarter`, the portfolio review's rule)."""
    return last(TREND_QUARTERS, reporting_quarter([Quarter.of(d.date) for d in deals], as_of))


@dataclass(frozen=True)
class ReasonCount:
    """How many of the deals with one outcome give one reason."""

    reason: str
    deals: int
    of: int
    """All deals with that outcome: the base of the share."""

    @property
    def share(self) -> float | None:
        """In percent; None when fewer than MIN_DEALS deals are the base."""
        return 100 * self.deals / self.of if self.of >= MIN_DEALS else None


def reasons(deals: Iterable[Deal], outcome: Outcome = Outcome.lost) -> list[ReasonCount]:
    """Every reason given for deals with `outcome`: the most given first, ties by id. A
    deal that names a reason twice counts once."""
    matching = [deal for deal in deals if deal.outcome is outcome]
    counts: dict[str, int] = {}
    for deal in matching:
        for reason in dict.fromkeys(deal.reasons):
            counts[reason] = counts.get(reason, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [ReasonCount(reason, count, len(matching)) for reason, count in ranked]


def value(deals: Iterable[Deal], outcome: Outcome) -> float | None:
    """The summed size of the deals with `outcome`; None when none of them has a size."""
    sizes = [deal.size for deal in deals if deal.outcome is outcome and deal.size is not None]
    return sum(sizes) if sizes else None


@dataclass(frozen=True)
class Report:
    """Everything a win/loss page shows, for one product or for the whole portfolio."""

    deals: list[Deal]
    """Closed by as_of, newest first."""
    overall: Tally
    quarters: list[Quarter]
    per_quarter: list[Tally]
    competitors: list[tuple[str, Tally]]
    loss_reasons: list[ReasonCount]
    win_reasons: list[ReasonCount]
    won_value: float | None
    lost_value: float | None


def report(deals: Iterable[Deal], as_of: date) -> Report:
    done = closed(deals, as_of)
    quarters = trend_quarters(done, as_of)
    return Report(
        deals=done, overall=tally(done), quarters=quarters,
        per_quarter=by_quarter(done, quarters), competitors=by_competitor(done),
        loss_reasons=reasons(done, Outcome.lost), win_reasons=reasons(done, Outcome.won),
        won_value=value(done, Outcome.won), lost_value=value(done, Outcome.lost))
