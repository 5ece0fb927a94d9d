"""Market sizing, business cases, usage scenarios and the rest of issue 12, in the built
HTML of the example: the numbers tests/test_economics.py works out by hand for the same
figures (done again here from the YAML values, on paper)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_portfolio_pages import row
from test_site import build, html, text_of

from conftest import REPO


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("strategy") / "site"
    build(REPO, site, "--as-of", "2026-11-23")
    return site


def test_business_case_page_computes_margin_and_payback(example_site: Path) -> None:
    page = html(example_site, "products/dock/business-case/")
    text = text_of(page)
    # Dock: -3.2M; 2024 3.1M - 2.6M = +0.5M -> -2.7M; 2025 6.8M - 3.4M = +3.4M covers
    # 2.7M in 2.7/3.4 = 0.794 of the year = 9.5 months: 12 + 9.5, rounded up, 22 months.
    # Revenue 3.1 + 6.8 + 9.6 + 11 = 30.5M; costs 14.5M; margin 16M = 52.5% of revenue.
    assert row(page, "$3.2M") == ["$3.2M", "$30.5M", "$16M (52.5%)", "22 months"]
    assert row(page, "2025") == ["2025", "$6.8M", "$3.4M", "$3.4M", "50.0%", "$700k"]
    assert row(page, "Start")[-1] == "-$3.2M"
    assert "Decision: build" in text
    # Freight Audit: -4.1M; -0.5M -> -4.6M; +1.6M -> -3.0M; 2029 +3.4M covers 3.0M in
    # 0.882 of the year = 10.6 months: 24 + 10.6, rounded up, 35 months.
    audit = html(example_site, "products/audit/business-case/")
    assert row(audit, "$4.1M")[-1] == "35 months"


def test_market_sizing_page_shows_shares_and_three_years(example_site: Path) -> None:
    page = html(example_site, "products/dock/market-sizing/")
    # The TAM is the segments' 540M + 380M + 95M = 1,015M (shown $1.01B), growing
    # (540 x 14 + 380 x 17 + 95 x 11) / 1,015 = 14.8% a year. SOM 38M of SAM 610M is
    # 6.2%, of the TAM 3.74%. SOM at 22%: 46.36M, 56.56M, 69.0M.
    assert row(page, "TAM")[2:4] == ["$1.01B", "14.8%"]
    assert row(page, "SOM")[4] == "6.2% of SAM, 3.74% of TAM"
    assert row(page, "SAM")[4] == "60.1% of TAM"
    assert row(page, "Total") == ["Total", "$1.01B", "14.8%", ""]
    text = text_of(page)
    assert "2026 2027 2028 2029 TAM $1.01B $1.17B $1.34B $1.54B SAM $610M $702M $807M " \
        "$928M SOM $38M $46.4M $56.6M $69M" in text
    assert "The sum of the segments below: $1.01B" in text
    assert "Source: CRM win/loss 2024-2025" in text


def test_product_page_links_and_summarises_them(example_site: Path) -> None:
    page = html(example_site, "products/dock/")
    assert 'href="market-sizing/"' in page and 'href="business-case/"' in page
    text = text_of(page)
    assert "TAM $1.01B · SAM $610M · SOM $38M (6.2% of SAM)" in text
    assert row(page, "$3.2M")[-1] == "22 months"
    nav = html(example_site, "products/dock/business-case/")
    assert ">Market sizing<" in nav and ">Business case<" in nav


def test_lifecycle_board_shows_the_cases_of_innovation_and_analysis(example_site: Path
                                                                    ) -> None:
    text = text_of(html(example_site, "portfolio/lifecycle/"))
    # Arrivals: -2.4M; costs 900k every year: -0.3M, +1.0M, +2.5M -> payback in 2030
    # after 1.7/2.5 of it, 24 + 8.2 = 33 months; margin 6.5M of 10.1M = 64%.
    assert "Business case: build · $2.4M in · margin 64% · payback 33 months" in text
    # Carbon Ledger: -0.9M; -0.1M, +0.4M, +0.9M: 24 + 12 x 0.6/0.9 = 32 months;
    # margin 1.2M of 3.3M = 36%.
    assert "Business case: partner · $900k in · margin 36% · payback 32 months" in text
    assert text.count("Business case:") == 2  # Dock and Audit are past analysis


def test_scenarios_pricing_mission_and_owners_are_shown(example_site: Path) -> None:
    personas = text_of(html(example_site, "products/dock/personas/"))
    assert "How Site Manager Sam uses Keelson Dock" in personas
    assert "<h4 id=\"planning-tomorrows-receiving-shift\">" in html(
        example_site, "products/dock/personas/")
    assert "Approve a rush booking outside the booking window" in personas
    assert "Outcome: No overtime booked for tomorrow" in personas
    slotwise = text_of(html(example_site, "competitors/slotwise/"))
    assert "$400 per site per month (Pro)" in slotwise
    assert "Source: Slotwise price page" in slotwise
    home = text_of(html(example_site, ""))
    assert "Our mission We make the outside of the warehouse" in home
    assert "Every product SOC 2 Type II before it is sold" in home
    launch = text_of(html(example_site, "products/audit/launch-plan/"))
    assert "Battlecards against LedgerFreight and the status quo (Tomás Ortega)" in launch
    assert row(html(example_site, "products/audit/launch-plan/"),
               "Sales")[-1] == "late"
    battlecard = text_of(html(example_site, "products/dock/battlecards/slotwise/"))
    assert "Capacity-based scheduling; Slotwise only knows fixed slots per door: Northgate " \
        "Foods cut average dwell" in battlecard
