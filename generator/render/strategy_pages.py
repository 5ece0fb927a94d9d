"""Pages of the strategic sections: success stories, the feature matrix and win/loss.

Success stories that are marked public appear on the public site (the public view keeps
only those); the feature matrix and win/loss pages are internal only. Every number on
them comes from `generator.win_loss` or `generator.feature_matrix`; this module puts
them together, with their charts, for the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from generator import feature_matrix, win_loss
from generator.model import Product
from generator.model.deal import Deal
from generator.portfolio import Portfolio
from generator.render import charts
from generator.render.pages import Page, product_base

WON_COLOUR, LOST_COLOUR = 1, 2


@dataclass(frozen=True)
class WinLossPage:
    """A win/loss report with its charts and, across the portfolio, a tally per product."""

    report: win_loss.Report
    deals_chart: Markup | None
    rate_chart: Markup | None
    products: list[tuple[Product, win_loss.Tally]]
    """Across the portfolio: each product with deals, the most deals first."""
    records: list[tuple[Product | None, Deal]]
    """Every deal of the report, newest first, with its product across the portfolio."""


def product_strategy_pages(product: Product, internal: bool, as_of: date) -> list[Page]:
    base = product_base(product)
    section = ("Products", product.category, product.name)
    data = {"product": product}
    pages = [Page(f"{base}/stories/{story.id}.md", f"{story.customer}: success story",
                  "success_story.md.j2", {**data, "story": story}, kind="success_story",
                  section=(*section, "Success stories"), label=story.customer)
             for story in product.success_stories]
    if not internal:
        return pages
    compared = feature_matrix.matrix(product)
    if compared.rows:
        pages.append(Page(f"{base}/battlecards/features.md",
                          f"{product.name}: feature comparison", "feature_matrix.md.j2",
                          {**data, "matrix": compared}, kind="feature_matrix",
                          section=(*section, "Battlecards"), label="Feature matrix"))
    if win_loss.closed(product.deals, as_of):
        pages.append(Page(f"{base}/win-loss.md", f"{product.name} win/loss", "win_loss.md.j2",
                          {**data, "win_loss": win_loss_page(product.deals, as_of)},
                          kind="win_loss", section=section, label="Win/loss"))
    return pages


def portfolio_win_loss_page(portfolio: Portfolio, as_of: date) -> list[Page]:
    """The portfolio's win/loss page, when any product has deals closed by as_of."""
    owned = [(product, deal) for product in portfolio.products for deal in product.deals]
    if not win_loss.closed([deal for _, deal in owned], as_of):
        return []
    tallies = [(product, win_loss.tally(win_loss.closed(product.deals, as_of)))
               for product in portfolio.products]
    ranked = sorted([(p, t) for p, t in tallies if t.deals], key=lambda item: -item[1].deals)
    records = sorted([(p, d) for p, d in owned if d.date <= as_of],
                     key=lambda pair: pair[1].date, reverse=True)
    shown = win_loss_page([deal for _, deal in owned], as_of, ranked, records)
    return [Page("portfolio/win-loss.md", "Win/loss across the portfolio", "win_loss.md.j2",
                 {"product": None, "win_loss": shown}, kind="win_loss",
                 section=("Portfolio",), label="Win/loss")]


def win_loss_page(deals: list[Deal], as_of: date,
                  products: list[tuple[Product, win_loss.Tally]] | None = None,
                  records: list[tuple[Product | None, Deal]] | None = None) -> WinLossPage:
    report = win_loss.report(deals, as_of)
    listed = records if records is not None else [(None, deal) for deal in report.deals]
    return WinLossPage(report, _deals_chart(report), _rate_chart(report), products or [],
                       listed)


def _deals_chart(report: win_loss.Report) -> Markup | None:
    if not any(t.deals for t in report.per_quarter):
        return None
    quarters = [str(q) for q in report.quarters]
    won = [float(t.won) for t in report.per_quarter]
    lost = [float(t.lost) for t in report.per_quarter]
    words = "Deals closed per quarter, won and lost: " + ", ".join(
        f"{q} {t.won} won and {t.lost} lost" for q, t in
        zip(quarters, report.per_quarter, strict=True)) + "."
    return charts.stacked_revenue(
        "win-loss-deals", quarters, [("Won", WON_COLOUR, won), ("Lost", LOST_COLOUR, lost)],
        lambda count: f"{count:.0f}", "Deals won and lost per quarter", words)


def _rate_chart(report: win_loss.Report) -> Markup | None:
    rates = [t.rate for t in report.per_quarter]
    if all(rate is None for rate in rates):
        return None
    words = (f"Win rate per quarter; quarters with fewer than {win_loss.MIN_DEALS} deals "
             "have no point: " + ", ".join(
                 f"{q} {'too few deals' if r is None else f'{r:.0f}% of {t.deals}'}"
                 for q, t, r in zip(report.quarters, report.per_quarter, rates, strict=True))
             + ".")
    return charts.percent_trend("win-loss-rate", [str(q) for q in report.quarters], rates,
                                "Win rate per quarter", words)
