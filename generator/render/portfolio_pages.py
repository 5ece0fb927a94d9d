"""The portfolio review, for the internal site only: its pages and the numbers they show.

Which quarters: the reporting quarter is the latest quarter with revenue data that is not
after the quarter of the build's as_of date (`quarters.reporting_quarter`); the trend is
the 8 quarters up to and including it, and sales contribution, revenue and the vitality
index are over the last 4 of them. Every number comes from a function in
`generator.metrics`; this module only puts them together for the templates.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from generator import metrics
from generator.metrics import Flag, Threat
from generator.model import Product
from generator.model.portfolio import ReviewThresholds, RoadmapTheme
from generator.model.product import (
    LaunchPlan,
    Lifecycle,
    Milestone,
    MilestoneStatus,
    RoadmapItem,
)
from generator.portfolio import Portfolio
from generator.quarters import Quarter, last, reporting_quarter
from generator.render import charts
from generator.render.environment import money
from generator.render.pages import Page

TREND_QUARTERS = 8
YEAR_QUARTERS = 4
RECENT_LAUNCH_DAYS = 365
"""A launch this many days before as_of or fewer is listed as recent on the calendar."""


@dataclass
class ProductReview:
    product: Product
    revenue: list[float | None]
    """Revenue in each trend quarter; None where none was recorded."""
    revenue_year: float | None
    contribution: float | None
    growth: float | None
    new: bool
    """Launched within the vitality window: its revenue counts toward the vitality index."""
    colour: int | None
    """Its colour in the charts; None without revenue in the trend quarters."""
    sparkline: Markup | None
    flags: list[Flag]

    def flagged(self, kind: str) -> Flag | None:
        return next((flag for flag in self.flags if flag.kind == kind), None)


@dataclass
class Launch:
    product: Product
    date: date
    plan: LaunchPlan | None
    """None for a product that launched without a launch plan in its file."""
    overdue: list[Milestone]
    blocked: list[Milestone]


@dataclass
class RoadmapQuarter:
    quarter: Quarter
    themes: list[RoadmapTheme]
    items: list[tuple[Product, RoadmapItem]]

    @functools.cached_property
    def by_product(self) -> dict[str, list[RoadmapItem]]:
        """The quarter's items of each product, by slug."""
        grouped: dict[str, list[RoadmapItem]] = {}
        for product, item in self.items:
            grouped.setdefault(product.slug, []).append(item)
        return grouped


@dataclass
class PortfolioReview:
    thresholds: ReviewThresholds
    as_of: date
    current: Quarter
    """The quarter as_of falls in."""
    reporting: Quarter
    trend: list[Quarter]
    year: list[Quarter]
    products: list[ProductReview]
    """By revenue over the last 4 quarters, largest first; products without revenue last,
    in lifecycle order."""
    revenue_year: float | None
    quarter_totals: list[float | None]
    vitality: float | None
    vitality_trend: list[float | None]
    flags: list[Flag]
    threats: list[Threat]
    revenue_chart: Markup | None
    vitality_chart: Markup | None
    upcoming: list[Launch]
    recent: list[Launch]
    latest_launch: Product | None
    roadmap: list[RoadmapQuarter]

    def of(self, slug: str) -> ProductReview:
        return self._rows[slug]

    @functools.cached_property
    def _rows(self) -> dict[str, ProductReview]:
        return {row.product.slug: row for row in self.products}

    def flagged(self, kind: str) -> list[Flag]:
        return [flag for flag in self.flags if flag.kind == kind]

    @property
    def leading_threats(self) -> list[Threat]:
        """The competitors met by the most products, when that is more than one product."""
        most = max((len(threat.win_rates) for threat in self.threats), default=0)
        return [threat for threat in self.threats if most > 1 and len(threat.win_rates) == most]

    @property
    def with_revenue(self) -> list[ProductReview]:
        return [row for row in self.products if row.colour is not None]


def portfolio_pages(portfolio: Portfolio, as_of: date) -> list[Page]:
    """The four pages of the portfolio review, under the "Portfolio" tab."""
    data = {"review": review(portfolio, as_of)}
    section = ("Portfolio",)
    return [
        Page("portfolio/index.md", "Portfolio review", "portfolio.md.j2", data,
             kind="portfolio", section=section, label="Review"),
        Page("portfolio/lifecycle.md", "Lifecycle board", "portfolio_lifecycle.md.j2", data,
             kind="portfolio_lifecycle", section=section, label="Lifecycle"),
        Page("portfolio/roadmap.md", "Portfolio roadmap", "portfolio_roadmap.md.j2", data,
             kind="portfolio_roadmap", section=section, label="Roadmap"),
        Page("portfolio/launches.md", "Launch calendar", "portfolio_launches.md.j2", data,
             kind="portfolio_launches", section=section, label="Launches"),
    ]


def review(portfolio: Portfolio, as_of: date) -> PortfolioReview:
    products = portfolio.products
    thresholds = portfolio.definition.review
    currency = portfolio.definition.company.currency
    reported = [quarter for product in products if product.metrics
                for quarter in product.metrics.revenue]
    reporting = reporting_quarter(reported, as_of)
    trend = last(TREND_QUARTERS, reporting)
    year = trend[-YEAR_QUARTERS:]
    shares = metrics.sales_contribution(products, year)
    flags = metrics.review_flags(products, thresholds, trend, as_of)
    stages = list(Lifecycle)
    yearly = {p.slug: metrics.total_revenue(p, year) for p in products}
    ordered = sorted(products, key=lambda p: (
        yearly[p.slug] is None, -(yearly[p.slug] or 0), stages.index(p.lifecycle), p.name))
    flagged: dict[str, list[Flag]] = {}
    for flag in flags:
        flagged.setdefault(flag.product, []).append(flag)
    rows: list[ProductReview] = []
    colours = 0
    for product in ordered:
        series = metrics.revenue_series(product, trend)
        colour = None
        if any(amount is not None for amount in series):
            colour, colours = colours, colours + 1
        rows.append(ProductReview(
            product=product, revenue=series,
            revenue_year=yearly[product.slug],
            contribution=shares[product.slug],
            growth=metrics.growth(product, trend),
            new=metrics.launched_within(product, thresholds.vitality_window_years,
                                        year[-1].last_day),
            colour=colour,
            sparkline=None if colour is None else charts.sparkline(
                series, colour, _sparkline_label(product, trend, series, currency)),
            flags=flagged.get(product.slug, [])))
    quarter_totals = [metrics.portfolio_revenue(products, [quarter]) for quarter in trend]
    vitality_trend = metrics.vitality_trend(products, trend, thresholds.vitality_window_years)
    upcoming, recent = launches(products, as_of)
    launched = [p for p in products if p.launched is not None and p.launched <= as_of]
    return PortfolioReview(
        thresholds=thresholds, as_of=as_of, current=Quarter.of(as_of), reporting=reporting,
        trend=trend, year=year,
        products=rows, revenue_year=metrics.portfolio_revenue(products, year),
        quarter_totals=quarter_totals,
        vitality=metrics.vitality_index(products, year, thresholds.vitality_window_years),
        vitality_trend=vitality_trend, flags=flags,
        threats=metrics.competitive_threats(products, as_of),
        revenue_chart=_revenue_chart(rows, trend, quarter_totals, currency),
        vitality_chart=_vitality_chart(trend, vitality_trend, thresholds),
        upcoming=upcoming, recent=recent,
        latest_launch=max(launched, key=lambda p: (p.launched, p.name), default=None),
        roadmap=roadmap(portfolio))


def launches(products: list[Product], as_of: date) -> tuple[list[Launch], list[Launch]]:
    """Launches on or after as_of, soonest first; and those in the RECENT_LAUNCH_DAYS
    before it, latest first. A launch plan's date wins over the product's launch date."""
    upcoming: list[Launch] = []
    recent: list[Launch] = []
    since = as_of - timedelta(days=RECENT_LAUNCH_DAYS)
    for product in products:
        plan = product.launch_plan
        day = plan.date if plan else product.launched
        if day is None:
            continue
        launch = Launch(
            product, day, plan,
            overdue=[m for m in plan.milestones if metrics.overdue(m, as_of)] if plan else [],
            blocked=[m for m in plan.milestones if m.status is MilestoneStatus.blocked]
            if plan else [])
        if day >= as_of:
            upcoming.append(launch)
        elif day >= since:
            recent.append(launch)
    upcoming.sort(key=lambda launch: (launch.date, launch.product.name))
    recent.sort(key=lambda launch: (launch.date, launch.product.name), reverse=True)
    return upcoming, recent


def roadmap(portfolio: Portfolio) -> list[RoadmapQuarter]:
    """Every quarter with a portfolio theme or a product roadmap item, oldest first."""
    quarters = sorted({theme.quarter for theme in portfolio.definition.roadmap}
                      | {item.quarter for p in portfolio.products for item in p.roadmap})
    return [RoadmapQuarter(
        quarter,
        [theme for theme in portfolio.definition.roadmap if theme.quarter == quarter],
        [(p, item) for p in portfolio.products for item in p.roadmap if item.quarter == quarter],
    ) for quarter in quarters]


def _sparkline_label(product: Product, trend: list[Quarter], series: list[float | None],
                     currency: str) -> str:
    known = [(quarter, amount) for quarter, amount in zip(trend, series, strict=True)
             if amount is not None]
    (first, start), (final, end) = known[0], known[-1]
    return (f"{product.name} revenue per quarter: {money(start, currency)} in {first}, "
            f"{money(end, currency)} in {final}")


def _revenue_chart(rows: list[ProductReview], trend: list[Quarter],
                   totals: list[float | None], currency: str) -> Markup | None:
    """The portfolio's revenue per quarter, stacked by product: the largest products each
    with their colour, the rest together, so the chart stays readable at any size."""
    shown = [row for row in rows if row.colour is not None]
    if not shown:
        return None
    own = shown[:charts.SERIES_COLOURS - 1] if len(shown) > charts.SERIES_COLOURS else shown
    series = [(row.product.name, row.colour or 0, row.revenue) for row in own]
    rest = shown[len(own):]
    if rest:
        summed = [_sum([row.revenue[index] for row in rest]) for index in range(len(trend))]
        series.append((f"{len(rest)} other products", charts.SERIES_COLOURS - 1, summed))
    known = [(quarter, total) for quarter, total in zip(trend, totals, strict=True)
             if total is not None]
    words = [f"Revenue per quarter from {trend[0]} to {trend[-1]}, stacked by product. "
             f"The portfolio made {money(known[0][1], currency)} in {known[0][0]} and "
             f"{money(known[-1][1], currency)} in {known[-1][0]}."]
    words += [f"{name}: " + ", ".join(
        f"{quarter} {money(amount, currency) if amount is not None else 'no data'}"
        for quarter, amount in zip(trend, amounts, strict=True)) + "."
        for name, _, amounts in series]
    return charts.stacked_revenue(
        "portfolio-revenue", [str(q) for q in trend], series,
        lambda amount: money(amount, currency), "Revenue per quarter, by product",
        " ".join(words))


def _sum(amounts: list[float | None]) -> float | None:
    known = [amount for amount in amounts if amount is not None]
    return sum(known) if known else None


def _vitality_chart(trend: list[Quarter], values: list[float | None],
                    thresholds: ReviewThresholds) -> Markup | None:
    if all(value is None for value in values):
        return None
    years = thresholds.vitality_window_years
    words = (f"Share of each quarter's revenue from products launched in the {years} years "
             "before the quarter ended: " + ", ".join(
                 f"{quarter} {'no revenue' if value is None else f'{value:.1f}%'}"
                 for quarter, value in zip(trend, values, strict=True)) + ".")
    return charts.percent_trend("portfolio-vitality", [str(q) for q in trend], list(values),
                                "Vitality index per quarter", words)
