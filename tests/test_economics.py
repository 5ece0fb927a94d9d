"""Margins, payback, shares and the 3-year view, each worked out by hand first."""

from __future__ import annotations

import pytest

from generator.economics import (
    case_figures,
    compounded,
    segment_total,
    share,
    sizing_problems,
    sizing_view,
)
from generator.model.business_case import BusinessCase
from generator.model.market_sizing import MarketSizing
from generator.model.product import Market, Product, Segment
from generator.render.environment import money


def case(investment: str, revenue: dict[str, str], costs: object) -> BusinessCase:
    return BusinessCase.model_validate({
        "summary": "s", "decision": "build", "reason": "r", "investment": investment,
        "revenue": revenue, "costs": costs})


def test_payback_lands_exactly_at_the_end_of_year_two() -> None:
    # -1,000k; 2027: 500k - 300k = +200k -> -800k; 2028: 1,500k - 700k = +800k -> 0.
    # Paid back exactly when 2028 ends: 24 months.
    figures = case_figures(case("1M", {"2027": "500k", "2028": "1.5M"},
                                {"2027": "300k", "2028": "700k"}))
    assert [y.margin for y in figures.years] == [200_000, 800_000]
    assert [y.cumulative for y in figures.years] == [-800_000, 0]
    assert figures.years[0].margin_percent == pytest.approx(40.0)
    assert figures.years[1].margin_percent == pytest.approx(800 / 1500 * 100)
    assert (figures.revenue, figures.costs, figures.margin) == (2_000_000, 1_000_000, 1_000_000)
    assert figures.margin_percent == pytest.approx(50.0)
    assert figures.payback_months == 24


def test_payback_within_a_year_is_rounded_up_to_whole_months() -> None:
    # -1,000k; +200k -> -800k; 2028: 1,500k - 500k = +1,000k, which covers 800k in
    # 0.8 of the year = 9.6 months: 12 + 9.6 = 21.6, rounded up to 22.
    figures = case_figures(case("1M", {"2027": "500k", "2028": "1.5M"},
                                {"2027": "300k", "2028": "500k"}))
    assert figures.payback_months == 22


def test_losing_years_dig_the_hole_deeper_first() -> None:
    # -500k; 2027: 100k - 300k = -200k -> -700k; 2028: +600k -> -100k;
    # 2029: +600k covers 100k in 1/6 of the year = 2 months: 24 + 2 = 26.
    figures = case_figures(case("500k", {"2027": "100k", "2028": "1M", "2029": "1M"},
                                {"2027": "300k", "2028": "400k", "2029": "400k"}))
    assert [y.cumulative for y in figures.years] == [-700_000, -100_000, 500_000]
    assert figures.years[0].margin == -200_000
    assert figures.payback_months == 26


def test_one_cost_figure_stands_for_every_year_of_revenue() -> None:
    # 900k a year against 600k, 1.9M, 3.4M, 4.2M: margins -300k, 1.0M, 2.5M, 3.3M.
    # -2.4M -> -2.7M -> -1.7M; 2030 covers 1.7M of 2.5M: 0.68 y = 8.16 months, so 24 + 9.
    figures = case_figures(case("2.4M", {"2028": "600k", "2029": "1.9M", "2030": "3.4M",
                                         "2031": "4.2M"}, "900k"))
    assert [y.costs for y in figures.years] == [900_000] * 4
    assert figures.margin == 6_500_000
    assert figures.margin_percent == pytest.approx(6.5 / 10.1 * 100)
    assert figures.payback_months == 33


def test_a_plan_that_never_pays_back_says_so() -> None:
    figures = case_figures(case("5M", {"2027": "1M", "2028": "1M"}, "600k"))
    assert figures.years[-1].cumulative == -4_200_000
    assert figures.payback_months is None


def test_years_without_figures_count_as_zero_and_costs_before_revenue_count() -> None:
    # Costs in 2026 before any revenue; 2028 missing from both: a year of nothing.
    # -100k - 200k = -300k; 2027 +100k -> -200k; 2028 0; 2029 +400k covers 200k in half
    # a year: 36 + 6 = 42 months from the start of 2026.
    figures = case_figures(case("100k", {"2027": "100k", "2029": "400k"},
                                {"2026": "200k"}))
    assert [y.year for y in figures.years] == [2026, 2027, 2028, 2029]
    assert figures.years[0].margin_percent is None
    assert figures.payback_months == 42


def test_compounding_and_shares() -> None:
    # 2.0B at 10%: 2.2B, 2.42B, 2.662B. 20M at 25%: 25M, 31.25M, 39.0625M.
    assert [compounded(2e9, 10, n) for n in range(4)] == pytest.approx(
        [2e9, 2.2e9, 2.42e9, 2.662e9])
    assert [compounded(20e6, 25, n) for n in range(4)] == pytest.approx(
        [20e6, 25e6, 31.25e6, 39.0625e6])
    assert compounded(20e6, None, 2) is None
    assert share(20e6, 400e6) == pytest.approx(5.0)
    assert share(1, 0) is None


def test_segments_add_up_and_their_growth_is_weighted_by_size() -> None:
    # 540M at 14% and 260M at 9%: 800M; (540 x 14 + 260 x 9) / 800 = 9,900 / 800 = 12.375%.
    segments = [Segment(name="a", size=540e6, growth=14), Segment(name="b", size=260e6,
                                                                   growth=9)]
    total = segment_total(segments)
    assert total.size == 800e6
    assert total.growth == pytest.approx(12.375)
    assert segment_total([*segments, Segment(name="c", size=1e6)]).growth is None
    assert segment_total([Segment(name="d")]).size is None


def sizing(tam: dict | None = None, sam: str = "400M", som: str = "20M") -> MarketSizing:
    return MarketSizing.model_validate({
        "year": 2026,
        "tam": tam or {"assumption": "the segments"},
        "sam": {"value": sam, "assumption": "a", "growth": 10},
        "som": {"value": som, "assumption": "b", "growth": 25}})


def test_sizing_view_takes_the_tam_from_the_segments_when_not_typed() -> None:
    segments = [Segment(name="a", size=540e6, growth=14), Segment(name="b", size=260e6,
                                                                   growth=9)]
    view = sizing_view(sizing(), segments, 2030)
    tam, sam, som = view.sizes
    assert view.tam_from_segments and tam.value == 800e6
    assert tam.growth == pytest.approx(12.375)
    assert view.years == [2026, 2027, 2028, 2029]
    assert sam.projection == pytest.approx([400e6, 440e6, 484e6, 532.4e6])
    assert som.projection == pytest.approx([20e6, 25e6, 31.25e6, 39.0625e6])
    # 400M of 800M is 50%; 20M of 400M is 5%; 20M of 800M is 2.5%.
    assert (view.sam_share_of_tam, view.som_share_of_sam, view.som_share_of_tam) == \
        pytest.approx((50.0, 5.0, 2.5))


def product_with(market_sizing: MarketSizing, segments: list[Segment]) -> Product:
    market = Market(problem="p", segments=segments) if segments else None
    return Product.model_construct(market_sizing=market_sizing, market=market)


def test_sizes_out_of_order_are_reported_at_the_value_that_breaks_it() -> None:
    def problems(market: MarketSizing, segments: list[Segment] = ()) -> list[tuple]:
        return sizing_problems(product_with(market, list(segments)), money)

    typed = {"value": "1B", "assumption": "t"}
    assert problems(sizing(typed)) == []
    assert problems(sizing(typed, sam="400M", som="450M")) == [(
        ("market_sizing", "som", "value"),
        "market_sizing.som.value: the SOM ($450M) is larger than the SAM ($400M); what you "
        "can win is part of the market you can serve: lower the SOM or raise the SAM")]
    assert [loc for loc, _ in problems(sizing(typed, sam="1.2B"))] == [
        ("market_sizing", "sam", "value")]
    assert [loc for loc, _ in problems(sizing(typed), [Segment(name="a", size=1.5e9)])] == [
        ("market_sizing", "tam", "value")]
    assert [loc for loc, _ in problems(sizing())] == [("market_sizing", "tam")]
