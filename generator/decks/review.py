"""The portfolio review deck for leadership: contribution, the 8-quarter revenue chart,
vitality and the review flags. Every figure comes from the `PortfolioReview` the
portfolio review page shows (`render.portfolio_pages.review`), so slide and page agree.
"""

from __future__ import annotations

from generator.decks.slides import Bullet, Chart, Deck, Series, Slide, bullet_slides, table_slides
from generator.metrics import Flag, FlagKind, has_differentiator
from generator.portfolio import Portfolio
from generator.render.environment import day, money, percent
from generator.render.portfolio_pages import PortfolioReview


def review_deck(path: str, review: PortfolioReview, portfolio: Portfolio) -> Deck:
    company = portfolio.definition.company
    currency = company.currency
    slides = [
        Slide("title", f"{company.name} portfolio review",
              subtitle=f"{review.trend[0]} to {review.reporting}, as of {day(review.as_of)}"),
        *_contribution(review, currency),
        *_revenue(review, currency),
        *_vitality(review),
        *_flags(review, portfolio, currency),
    ]
    return Deck(path, f"{company.name} portfolio review", company.name, review.as_of,
                tuple(slides))


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{'+' if value > 0 else ''}{percent(value, 1)}"


def _contribution(review: PortfolioReview, currency: str) -> list[Slide]:
    rows = [(row.product.name, row.product.lifecycle.title,
             money(row.revenue_year, currency) if row.revenue_year is not None else "—",
             percent(row.contribution, 1) if row.contribution is not None else "—",
             _signed(row.growth))
            for row in review.products]
    return table_slides(
        f"Sales contribution, {review.year[0]} to {review.year[-1]}",
        ("Product", "Lifecycle", "Revenue", "Share", f"Growth over {len(review.trend)} quarters"),
        rows, notes=f"Portfolio revenue: {money(review.revenue_year, currency)}")


def _revenue(review: PortfolioReview, currency: str) -> list[Slide]:
    shown = review.with_revenue
    if not shown:
        return []
    chart = Chart("stacked", tuple(str(quarter) for quarter in review.trend),
                  tuple(Series(row.product.name, tuple(row.revenue)) for row in shown),
                  number_format=f'"{currency}"#,##0')
    return [Slide("chart", f"Revenue per quarter, {review.trend[0]} to {review.trend[-1]}",
                  chart=chart)]


def _vitality(review: PortfolioReview) -> list[Slide]:
    if review.vitality is None:
        return []
    years = review.thresholds.vitality_window_years
    chart = Chart("line", tuple(str(quarter) for quarter in review.trend),
                  (Series("Vitality index", tuple(review.vitality_trend)),),
                  number_format='0.0"%"')
    return [Slide("chart", f"Vitality index: {percent(review.vitality, 1)}", chart=chart,
                  notes=f"Share of revenue from {review.year[0]} to {review.year[-1]} from "
                        f"products launched in the last {years} years.")]


def _flags(review: PortfolioReview, portfolio: Portfolio, currency: str) -> list[Slide]:
    if not review.flags:
        return [Slide("bullets", "Review flags",
                      bullets=(Bullet("Every check passed: no flag this quarter"),))]
    return bullet_slides("Review flags", [Bullet(_flag_text(flag, review, portfolio, currency))
                                          for flag in review.flags])


def _flag_text(flag: Flag, review: PortfolioReview, portfolio: Portfolio, currency: str) -> str:
    thresholds = review.thresholds
    if flag.product is None:
        return (f"Not refreshed: no product launched in the last "
                f"{thresholds.vitality_window_years} years")
    product = portfolio.product(flag.product)
    name = product.name if product else flag.product
    row = review.of(flag.product)
    if flag.kind is FlagKind.under_minimum:
        return (f"{name}: end-of-life candidate, {percent(flag.value, 1)} of sales "
                f"({money(row.revenue_year, currency)}), under the "
                f"{percent(thresholds.min_sales_contribution)} minimum")
    if flag.kind is FlagKind.me_too:
        reasons = []
        if product is None or not has_differentiator(product):
            reasons.append("the positioning names no differentiator")
        if flag.competitors:
            names = ", ".join(portfolio.competitors[key].name if key in portfolio.competitors
                              else key for key in flag.competitors)
            reasons.append(f"ahead on no feature against {names}")
        return f"{name}: me-too risk, " + "; ".join(reasons)
    if flag.kind is FlagKind.declining:
        return f"{name}: revenue fell {int(flag.value or 0)} quarters in a row"
    return (f"{name}: stale, last reviewed {day(product.reviewed) if product else 'n/a'}, "
            f"{int(flag.value or 0)} days ago")
