"""Win/loss figures, each worked out on paper from six closed deals and one still open.

    #  closed      competitor outcome reasons                 size
    1  2026-01-10  acme       won     price                   100k
    2  2026-02-05  acme       lost    price, feature-gap       50k
    3  2026-03-20  acme       won     integration               -
    4  2026-04-02  acme       lost    price                    25k
    5  2026-05-15  acme       won     -                        40k
    6  2026-06-01  globex     lost    feature-gap (twice)       -
    7  2026-07-01  acme       won     -  (after as-of 2026-06-30: does not count)

Closed by as-of: 6 deals, 3 won, 3 lost: 50%. Against acme 5 deals, 3 won: 60%; against
globex 1 deal: too few for a rate. 2026-Q1: deals 1-3, 2 won 1 lost; 2026-Q2: deals 4-6,
1 won 2 lost. Lost deals 2, 4, 6 give price twice (2, 4) and feature-gap twice (2, 6; deal
6 names it twice and counts once); 3 lost deals are too few for a share. Won by size
100k + 40k = 140k; lost 50k + 25k = 75k.
"""

from __future__ import annotations

from datetime import date

import pytest

from generator import win_loss
from generator.model import Product
from generator.model.deal import Deal, Outcome
from generator.quarters import Quarter
from generator.win_loss import ReasonCount, Tally, WinRate

AS_OF = date(2026, 6, 30)
DEALS = [
    {"date": "2026-01-10", "competitor": "acme", "outcome": "won", "reasons": ["price"],
     "size": "100k"},
    {"date": "2026-02-05", "competitor": "acme", "outcome": "lost",
     "reasons": ["price", "feature-gap"], "size": "50k"},
    {"date": "2026-03-20", "competitor": "acme", "outcome": "won", "reasons": ["integration"]},
    {"date": "2026-04-02", "competitor": "acme", "outcome": "lost", "reasons": ["price"],
     "size": 25000},
    {"date": "2026-05-15", "competitor": "acme", "outcome": "won", "size": "40k"},
    {"date": "2026-06-01", "competitor": "globex", "outcome": "lost",
     "reasons": ["feature-gap", "feature-gap"]},
    {"date": "2026-07-01", "competitor": "acme", "outcome": "won"},
]


def product(deals: list[dict] = DEALS) -> Product:
    made = Product.model_validate({
        "name": "Atlas", "tagline": "x", "category": "x", "owner": "x",
        "reviewed": "2026-06-01", "lifecycle": "in-life", "launched": "2024-01-01",
        "metrics": {"win_rate": 45},
        "competitors": [{"competitor": "acme", "win_rate": 30},
                        {"competitor": "initech", "win_rate": 70}],
        "deals": deals})
    made._slug = "atlas"
    return made


def test_a_rate_needs_five_deals() -> None:
    assert Tally(won=2, lost=2).rate is None
    assert Tally(won=2, lost=2).deals == 4
    assert Tally(won=4, lost=1).rate == 80.0
    assert Tally(won=0, lost=5).rate == 0.0
    assert Tally(1, 2) + Tally(3, 4) == Tally(4, 6)


def test_report_counts_the_closed_deals() -> None:
    report = win_loss.report(product().deals, AS_OF)
    assert report.overall == Tally(won=3, lost=3)
    assert report.overall.rate == 50.0
    assert [deal.date for deal in report.deals][:2] == [date(2026, 6, 1), date(2026, 5, 15)]
    assert report.competitors == [("acme", Tally(3, 2)), ("globex", Tally(0, 1))]
    assert report.competitors[0][1].rate == 60.0
    assert report.competitors[1][1].rate is None
    assert report.won_value == 140_000
    assert report.lost_value == 75_000


def test_eight_quarters_up_to_the_latest_deal() -> None:
    report = win_loss.report(product().deals, AS_OF)
    assert report.quarters[0] == Quarter(2024, 3)
    assert report.quarters[-1] == Quarter(2026, 2)
    assert len(report.per_quarter) == 8
    assert report.per_quarter[-2:] == [Tally(2, 1), Tally(1, 2)]
    assert all(t == Tally() for t in report.per_quarter[:-2])


def test_top_loss_reasons() -> None:
    report = win_loss.report(product().deals, AS_OF)
    assert report.loss_reasons == [ReasonCount("feature-gap", 2, 3), ReasonCount("price", 2, 3)]
    assert report.loss_reasons[0].share is None  # 3 lost deals: too few for a share
    assert report.win_reasons == [ReasonCount("integration", 1, 3), ReasonCount("price", 1, 3)]
    assert ReasonCount("price", 4, 9).share == pytest.approx(44.444, abs=1e-3)


def test_battlecard_rate_from_records_else_typed() -> None:
    atlas = product()
    acme = win_loss.battlecard_win_rate(atlas, "acme", AS_OF)
    assert acme == WinRate(Tally(3, 2), None)
    assert acme.from_deals and acme.value == 60.0
    initech = win_loss.battlecard_win_rate(atlas, "initech", AS_OF)
    assert initech == WinRate(None, 70) and not initech.from_deals and initech.value == 70
    assert win_loss.product_win_rate(atlas, AS_OF).value == 50.0
    assert win_loss.product_win_rate(product([]), AS_OF) == WinRate(None, 45)
    # Before any deal closed, the typed rate is what there is.
    assert win_loss.battlecard_win_rate(atlas, "acme", date(2025, 12, 31)) == WinRate(None, 30)


def test_few_records_give_counts_not_the_typed_rate() -> None:
    """Records exist (2 deals against acme by 2026-02-28): they win over the typed 30%,
    and are too few for a percentage."""
    rate = win_loss.battlecard_win_rate(product(), "acme", date(2026, 2, 28))
    assert rate.tally == Tally(1, 1) and rate.value is None


def test_pooled_rates() -> None:
    # acme 3 of 5 from records; initech typed 70 is left out once any record exists.
    assert win_loss.pooled_win_rate([WinRate(Tally(3, 2)), WinRate(None, 70)]) == WinRate(
        Tally(3, 2))
    assert win_loss.pooled_win_rate([WinRate(Tally(3, 2)), WinRate(Tally(1, 4))]).value == 40.0
    typed = win_loss.pooled_win_rate([WinRate(None, 40), WinRate(None, 62), WinRate(None, 35)])
    assert typed.value == pytest.approx(45.6667, abs=1e-3) and not typed.from_deals
    assert win_loss.pooled_win_rate([WinRate(None, None)]).value is None


def test_competitor_rate_across_products() -> None:
    # Atlas: acme 3 of 5 from records. Beacon: acme typed 80, no records: left out.
    beacon = Product.model_validate({**product().model_dump(exclude={"deals"}),
                                     "competitors": [{"competitor": "acme", "win_rate": 80}]})
    beacon._slug = "beacon"
    rate = win_loss.competitor_win_rate([product(), beacon], "acme", AS_OF)
    assert rate == WinRate(Tally(3, 2))
    # Before any deal: the mean of the typed 30 and 80.
    assert win_loss.competitor_win_rate([product(), beacon], "acme",
                                        date(2025, 1, 1)).value == 55.0
    assert win_loss.competitor_win_rate([product()], "nobody", AS_OF).value is None


def test_deal_outcomes_are_won_or_lost() -> None:
    assert Deal.model_validate(DEALS[0]).outcome is Outcome.won
