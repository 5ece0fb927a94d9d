"""The portfolio review's numbers, worked out on paper for tests/data/portfolio-review.

The build is as of 2026-05-15 (2026-Q2). Revenue is recorded up to 2026-Q1, plus a
2026-Q3 forecast for Beacon that must be ignored, so the reporting quarter is 2026-Q1:
    last 8 quarters: 2024-Q2 .. 2026-Q1        last 4 quarters: 2025-Q2 .. 2026-Q1

Revenue in thousands:
    quarter   anchor  beacon  coral   total
    2024-Q2     500     -       90     590
    2024-Q3     500     -       95     595
    2024-Q4     500     -       85     585
    2025-Q1     500    100      70     670
    2025-Q2     600    200      80     880
    2025-Q3     600    300      50     950
    2025-Q4     600    400      40    1040
    2026-Q1     600    500      30    1130

Thresholds (portfolio.yml): min_sales_contribution 10, vitality_window_years 2,
stale_after_days 90, declining_quarters 2.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import DATA
from generator import metrics
from generator.metrics import Flag, FlagKind
from generator.portfolio import Portfolio
from generator.quarters import Quarter, last, reporting_quarter
from generator.validate import validate

AS_OF = date(2026, 5, 15)
TREND = last(8, Quarter(2026, 1))
YEAR = TREND[-4:]


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    result = validate(DATA / "portfolio-review")
    assert result.portfolio is not None, result.problems
    return result.portfolio


def product(portfolio: Portfolio, slug: str):
    found = portfolio.product(slug)
    assert found is not None
    return found


def test_the_reporting_quarter_ignores_the_forecast(portfolio: Portfolio) -> None:
    reported = [q for p in portfolio.products if p.metrics for q in p.metrics.revenue]
    assert Quarter(2026, 3) in reported
    assert reporting_quarter(reported, AS_OF) == Quarter(2026, 1)
    assert [str(q) for q in TREND] == ["2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1",
                                       "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]


def test_revenue_over_the_last_four_quarters(portfolio: Portfolio) -> None:
    # anchor 600 + 600 + 600 + 600 = 2400; beacon 200 + 300 + 400 + 500 = 1400;
    # coral 80 + 50 + 40 + 30 = 200; portfolio 2400 + 1400 + 200 = 4000
    assert metrics.total_revenue(product(portfolio, "anchor"), YEAR) == 2_400_000
    assert metrics.total_revenue(product(portfolio, "beacon"), YEAR) == 1_400_000
    assert metrics.total_revenue(product(portfolio, "coral"), YEAR) == 200_000
    assert metrics.portfolio_revenue(portfolio.products, YEAR) == 4_000_000


def test_sales_contribution(portfolio: Portfolio) -> None:
    # anchor 2400 / 4000 = 60%; beacon 1400 / 4000 = 35%; coral 200 / 4000 = 5%
    shares = metrics.sales_contribution(portfolio.products, YEAR)
    assert shares == pytest.approx({"anchor": 60.0, "beacon": 35.0, "coral": 5.0})


def test_growth_over_eight_quarters(portfolio: Portfolio) -> None:
    # anchor 500 -> 600: +20%; beacon's first quarter is 2025-Q1, 100 -> 500: +400%;
    # coral 90 -> 30: -60 / 90 = -66.67%
    assert metrics.growth(product(portfolio, "anchor"), TREND) == pytest.approx(20.0)
    assert metrics.growth(product(portfolio, "beacon"), TREND) == pytest.approx(400.0)
    assert metrics.growth(product(portfolio, "coral"), TREND) == pytest.approx(-66.6667,
                                                                                abs=1e-3)


def test_quarters_in_decline(portfolio: Portfolio) -> None:
    # coral, back from 2026-Q1: 30 < 40, 40 < 50, 50 < 80, then 80 > 70 ends the run: 3.
    # anchor 600 = 600 is no decline: 0. beacon grows: 0.
    assert metrics.declining_quarters(product(portfolio, "coral"), TREND) == 3
    assert metrics.declining_quarters(product(portfolio, "anchor"), TREND) == 0
    assert metrics.declining_quarters(product(portfolio, "beacon"), TREND) == 0


def test_vitality_index(portfolio: Portfolio) -> None:
    # The window ends 2026-03-31, the last day of 2026-Q1, and starts after 2024-03-31.
    # Only beacon (launched 2025-01-15) is in it: 1400 / 4000 = 35%.
    assert metrics.vitality_index(portfolio.products, YEAR, 2) == pytest.approx(35.0)


def test_vitality_trend_takes_each_quarter_on_its_own(portfolio: Portfolio) -> None:
    # Before 2025-Q1 beacon had not launched: 0%. Then beacon / total per quarter:
    # 100/670 = 14.925%, 200/880 = 22.727%, 300/950 = 31.579%, 400/1040 = 38.462%,
    # 500/1130 = 44.248%
    trend = metrics.vitality_trend(portfolio.products, TREND, 2)
    assert trend == pytest.approx([0.0, 0.0, 0.0, 14.925, 22.727, 31.579, 38.462, 44.248],
                                  abs=1e-3)


def test_review_flags(portfolio: Portfolio) -> None:
    # coral: 5% < 10% -> end-of-life candidate; 3 quarters of decline >= 2 -> declining.
    # anchor: positioning without a differentiator -> me-too.
    # beacon: reviewed 2026-01-05, 26 + 28 + 31 + 30 + 15 = 130 days before 2026-05-15,
    # more than 90 -> stale. Beacon launched within 2 years of as_of: no "not refreshed".
    flags = metrics.review_flags(portfolio.products, portfolio.definition.review, TREND, AS_OF)
    assert flags[0] == Flag(FlagKind.me_too, "anchor")
    assert flags[1] == Flag(FlagKind.stale, "beacon", 130)
    assert flags[2].kind is FlagKind.under_minimum and flags[2].product == "coral"
    assert flags[2].value == pytest.approx(5.0)
    assert flags[3] == Flag(FlagKind.declining, "coral", 3)
    assert len(flags) == 4


def test_a_portfolio_without_recent_launches_is_flagged(portfolio: Portfolio) -> None:
    # Move beacon's launch to 2023-01-15, more than 2 years before 2026-03-31: no product
    # is new, the vitality index is 0 and the portfolio is "not refreshed".
    old = product(portfolio, "beacon").model_copy(update={"launched": date(2023, 1, 15)})
    old._slug = "beacon"
    products = [old if p.slug == "beacon" else p for p in portfolio.products]
    assert metrics.vitality_index(products, YEAR, 2) == 0.0
    flags = metrics.review_flags(products, portfolio.definition.review, TREND, AS_OF)
    assert flags[-1] == Flag(FlagKind.not_refreshed, None)


def test_competitive_threats(portfolio: Portfolio) -> None:
    # rival-a meets all three products (40, 62, 35: average 45.67); rival-b only anchor.
    # No deal records: each rate is the typed one, marked as typed.
    threats = metrics.competitive_threats(portfolio.products, AS_OF)
    assert [t.competitor for t in threats] == ["rival-a", "rival-b"]
    assert {slug: rate.typed for slug, rate in threats[0].win_rates.items()} == {
        "anchor": 40, "beacon": 62, "coral": 35}
    assert not any(rate.from_deals for rate in threats[0].win_rates.values())
    assert threats[0].average_win_rate.value == pytest.approx(45.6667, abs=1e-3)
    assert {slug: rate.value for slug, rate in threats[1].win_rates.items()} == {"anchor": 55}


def test_launch_readiness_and_overdue_milestones(portfolio: Portfolio) -> None:
    # 2 of 3 checklist items done: 66.67%. "Sales training" was due 2026-05-01 and is
    # in progress on 2026-05-15: overdue. "Pricing approved" is done; "Partner
    # certification" is blocked but not yet due.
    plan = product(portfolio, "anchor").launch_plan
    assert plan is not None
    assert metrics.readiness(plan) == pytest.approx(66.6667, abs=1e-3)
    late = [m.name for m in plan.milestones if metrics.overdue(m, AS_OF)]
    assert late == ["Sales training"]


def test_missing_revenue_is_none_not_zero(portfolio: Portfolio) -> None:
    beacon = product(portfolio, "beacon")
    assert metrics.revenue(beacon, Quarter(2024, 4)) is None
    assert metrics.revenue_series(beacon, TREND)[:3] == [None, None, None]
    assert metrics.total_revenue(beacon, TREND[:3]) is None
    assert metrics.growth(beacon, TREND[:4]) is None  # one quarter of revenue: no growth
    shares = metrics.sales_contribution(portfolio.products, TREND[:1])
    assert shares["beacon"] is None and shares["anchor"] == pytest.approx(500 / 590 * 100)
