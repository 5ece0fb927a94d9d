"""The portfolio review pages, built by the real CLI and read back from the HTML.

The numbers asserted here are the ones worked out by hand in tests/test_metrics.py for
tests/data/portfolio-review, as of 2026-05-15.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_site import build, html, text_of

from conftest import DATA, REPO, copy_portfolio, run_cli

REVIEW = DATA / "portfolio-review"
AS_OF = ("--as-of", "2026-05-15")
PAGES = ("portfolio/", "portfolio/lifecycle/", "portfolio/roadmap/", "portfolio/launches/")


@pytest.fixture(scope="module")
def review_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("review") / "site"
    build(REVIEW, site, *AS_OF)
    return site


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("keelson") / "site"
    build(REPO, site, "--as-of", "2026-11-23")
    return site


def row(page: str, name: str) -> list[str]:
    """The visible text of each cell of the table row whose first cell names `name`."""
    for match in re.finditer(r"(?s)<tr>(.*?)</tr>", page):
        cells = [text_of(cell).strip()
                 for cell in re.findall(r"(?s)<td[^>]*>(.*?)</td>", match.group(1))]
        if cells and cells[0].split(" ")[0] == name:
            return cells
    raise AssertionError(f"no table row for {name}")


def test_the_table_shows_the_hand_checked_numbers(review_site: Path) -> None:
    page = html(review_site, "portfolio/")
    # Product, stage, owner, launched, revenue, share, growth, sparkline, win rate,
    # competitors, last reviewed.
    assert row(page, "Anchor")[1:7] == ["In life", "Ada Byrne", "1 Jun 2018", "$2.4M",
                                        "60.0%", "+20.0%"]
    assert row(page, "Beacon")[4:7] == ["$1.4M", "35.0%", "+400.0%"]
    assert row(page, "Coral")[4:7] == ["$200k", "5.0%", "-66.7%"]
    assert row(page, "Anchor")[8:] == ["45% (typed)", "2", "1 Apr 2026"]
    assert row(page, "Coral")[8] == "—"
    assert row(page, "Portfolio")[4:6] == ["$4M", "100%"]


def test_the_page_names_its_quarters(review_site: Path) -> None:
    text = text_of(html(review_site, "portfolio/"))
    assert "As of 15 May 2026. Revenue, share of sales and vitality: 2025-Q2 to 2026-Q1" in text
    assert "Trends: 2024-Q2 to 2026-Q1." in text


def test_vitality_index_and_its_trend(review_site: Path) -> None:
    page = html(review_site, "portfolio/")
    text = text_of(page)
    assert "35.0% vitality index" in text
    assert ("35.0% of the revenue over 2025-Q2 to 2026-Q1 came from products launched in "
            "the 2 years up to 31 Mar 2026: Beacon (15 Jan 2025).") in text
    for quarter, share in (("2024-Q4", "0.0%"), ("2025-Q1", "14.9%"), ("2025-Q2", "22.7%"),
                           ("2025-Q3", "31.6%"), ("2025-Q4", "38.5%"), ("2026-Q1", "44.2%")):
        assert row(page[page.index('id="vitality-index"'):], quarter)[-1] == share, quarter


def test_every_flag_comes_with_its_rule(review_site: Path) -> None:
    text = text_of(html(review_site, "portfolio/"))
    assert ("End-of-life candidates Rule: raised when a product's share of sales over the last "
            "4 quarters is under 10% (review.min_sales_contribution). Coral: 5.0% of sales "
            "($200k); already in end-of-life") in text
    assert ("“Me-too” risk Rule: raised when the positioning statement names no "
            "differentiator") in text
    assert "Anchor: the positioning has no differentiator, and it makes 60.0% of sales" in text
    assert ("Declining revenue Rule: raised when revenue fell 2 quarters in a row or more, up "
            "to 2026-Q1 (review.declining_quarters). Coral: revenue fell 3 quarters in a row"
            ) in text
    assert ("Stale product files Rule: raised when a product file was not reviewed in the 90 "
            "days before 15 May 2026 (review.stale_after_days)") in text
    assert "Beacon: last reviewed 5 Jan 2026, 130 days before 15 May 2026, by Bo Lind" in text
    assert ("Checked, no flag Portfolio not refreshed, raised when no product launched in the "
            "2 years before 15 May 2026") in text
    assert "4 review flags" in text


def test_flags_show_in_the_table_too(review_site: Path) -> None:
    page = html(review_site, "portfolio/")
    assert row(page, "Coral")[0] == "Coral EoL candidate declining"
    assert row(page, "Anchor")[0] == "Anchor me-too"
    assert row(page, "Beacon")[0] == "Beacon stale"


def test_an_old_portfolio_is_flagged_not_refreshed(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "review", REVIEW)
    beacon = root / "products" / "beacon.yml"
    beacon.write_text(beacon.read_text().replace("launched: 2025-01-15", "launched: 2023-01-15"))
    site = tmp_path / "site"
    build(root, site, *AS_OF)
    text = text_of(html(site, "portfolio/"))
    assert ("Portfolio not refreshed Rule: raised when no product launched in the 2 years "
            "before 15 May 2026 (review.vitality_window_years). The latest launch was Beacon "
            "on 15 Jan 2023.") in text
    assert "0.0% vitality index" in text


def test_competitor_met_by_most_products_stands_out(review_site: Path) -> None:
    page = html(review_site, "portfolio/")
    # Columns: competitor, products facing it, average win rate, Anchor, Beacon, Coral.
    # No win/loss records in this portfolio: every rate is the typed one, and says so.
    assert row(page, "Rival") == ["Rival A most products", "3", "46% (typed)", "40% (typed)",
                                  "62% (typed)", "35% (typed)"]
    rival_b = [text_of(m) for m in re.findall(r"(?s)<tr>(.*?)</tr>", page) if "Rival B" in m]
    assert len(rival_b) == 1 and "most products" not in rival_b[0]
    assert re.sub(r"\s+", " ", rival_b[0]).strip() == "Rival B 1 55% (typed) 55% (typed)"
    losing = re.findall(r'<a class="pd-losing"[^>]*>([^<]+)</a>', page)
    assert sorted(losing) == ["35% (typed)", "40% (typed)"]


def test_charts_are_static_accessible_svg(review_site: Path) -> None:
    page = html(review_site, "portfolio/")
    svgs = re.findall(r"(?s)<svg\b[^>]*>.*?</svg>", page)
    charts = [svg for svg in svgs if "pd-chart" in svg[:300]]
    sparks = [svg for svg in svgs if 'class="pd-spark"' in svg[:300]]
    assert len(charts) == 2 and len(sparks) == 3
    for svg in charts + sparks:
        assert "<script" not in svg and "<!--" not in svg
        assert "href" not in svg and "url(" not in svg and "@import" not in svg
        assert 'role="img"' in svg
    for svg in charts:
        assert re.search(r'<title id="[^"]+">[^<]+</title><desc id="[^"]+">[^<]+</desc>', svg)
        assert "var(--pd-series-0)" in svg and "var(--md-default-fg-color" in svg
    assert "The portfolio made $590k in 2024-Q2 and $1.13M in 2026-Q1." in charts[0]
    assert 'aria-label="Anchor revenue per quarter: $500k in 2024-Q2, $600k in 2026-Q1"' \
        in sparks[0]


def test_the_series_colours_follow_the_palette(review_site: Path) -> None:
    css = (review_site / "assets" / "productdocs.css").read_text()
    portfolio_css = css[css.index("/* portfolio */"):]
    light = portfolio_css[:portfolio_css.index('[data-md-color-scheme="slate"]')]
    dark = portfolio_css[portfolio_css.index('[data-md-color-scheme="slate"]'):]
    for n in range(8):
        assert f"--pd-series-{n}:" in light and f"--pd-series-{n}:" in dark


def test_the_build_is_reproducible(review_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    build(REVIEW, again, *AS_OF)
    for url in PAGES:
        assert html(again, url) == html(review_site, url), url


def test_missing_revenue_shows_as_missing(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "review", REVIEW)
    (root / "products" / "dawn.yml").write_text(
        "name: Dawn\ntagline: An idea.\ncategory: Ideas\nowner: Di Vo\nreviewed: 2026-05-01\n"
        "lifecycle: innovation\n", encoding="utf-8")
    (root / "products" / "echo.yml").write_text(
        "name: Echo\ntagline: Launched, no numbers yet.\ncategory: Ideas\nowner: Ed Wu\n"
        "reviewed: 2026-05-01\nlifecycle: in-life\nlaunched: 2026-04-01\n"
        "positioning:\n  target: a\n  need: b\n  category: c\n  benefit: d\n"
        "  alternative: e\n  differentiator: f\n", encoding="utf-8")
    coral = root / "products" / "coral.yml"
    coral.write_text(coral.read_text().replace("name: Coral", 'name: "Coral | `x` *y* \\\\z"'))
    site = tmp_path / "site"
    build(root, site, *AS_OF)
    page = html(site, "portfolio/")
    cells = row(page, "Coral")
    assert len(cells) == 11 and cells[0].startswith("Coral | `x` *y* \\z")
    assert 'aria-label="Coral &#124; &#96;x&#96; *y* &#92;z revenue per quarter' in page
    assert row(page, "Dawn")[3:8] == ["—", "no revenue yet", "—", "—", "—"]
    assert row(page, "Echo")[3:8] == ["1 Apr 2026", "no data", "—", "—", "—"]
    assert row(page, "Anchor")[5] == "60.0%"  # products without revenue change no share
    assert "35.0% vitality index" in text_of(page)
    assert "0%" not in " ".join(row(page, "Dawn"))
    board = text_of(html(site, "portfolio/lifecycle/"))
    assert "Dawn Ideas · Di Vo No revenue yet" in board
    assert "Echo Ideas · Ed Wu Launched 1 Apr 2026 · no revenue recorded" in board


def test_a_portfolio_without_any_revenue_still_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(DATA / "portfolio", site, *AS_OF)
    text = text_of(html(site, "portfolio/"))
    assert "No product has revenue recorded for 2024-Q2 to 2026-Q1." in text
    assert "No revenue recorded for 2025-Q2 to 2026-Q1, so no vitality index." in text
    assert "— revenue" in text and "1 product 0 with revenue, 1 without revenue yet" in text
    assert "0 review flags every check passed" in text
    assert "Atlas In life Dana Whitfield 1 Mar 2024 no data — — — — 1" in text


def test_lifecycle_board_has_a_column_per_stage_in_order(example_site: Path) -> None:
    page = html(example_site, "portfolio/lifecycle/")
    columns = re.findall(r'<div class="pd-board__column">\s*<p>([^<]+)</p>', page)
    assert columns == ["Innovation (1)", "Analysis (1)", "Development (0)",
                       "Go to market (1)", "In life (2)", "End of life (1)"]


def test_roadmap_joins_portfolio_themes_and_product_items(review_site: Path) -> None:
    text = text_of(html(review_site, "portfolio/roadmap/"))
    assert "This quarter is 2026-Q2 (15 May 2026)" in text
    assert "2026-Q2 (this quarter) Theme: Grow Beacon in the Anchor base" in text
    assert "Products: Anchor, Beacon" in text
    assert "Beacon Beacon for Anchor customers planned" in text
    assert "2026-Q3 Product Item Status What it is Anchor Anchor 2 in progress" in text


def test_launch_calendar_shows_readiness_and_overdue_milestones(review_site: Path) -> None:
    page = html(review_site, "portfolio/launches/")
    cells = row(page, "Anchor")
    assert cells[1] == "10 Jun 2026 (in 26 days)"
    assert cells[2:5] == ["Tier 2", "67% (2 of 3)", "1 of 3"]
    assert cells[5] == "late Sales training blocked Partner certification"
    assert row(page, "Sales")[3] == "late, in progress"
    assert "No launch in the 12 months before 15 May 2026. The latest was Beacon on " \
        "15 Jan 2025." in text_of(page)


def test_example_portfolio_review_reads_as_the_data_says(example_site: Path) -> None:
    page = html(example_site, "portfolio/")
    text = text_of(page)
    assert row(page, "Keelson")[0].startswith("Keelson Yard me-too")
    assert "Keelson EDI Connect: 4.5% of sales ($1.3M); already in end-of-life" in text
    assert "Keelson EDI Connect: revenue fell 7 quarters in a row" in text
    assert "Keelson Carbon Ledger: last reviewed 18 Mar 2026, 250 days before 23 Nov 2026" \
        in text
    assert "29.6% vitality index" in text and "65.9% from the largest product" in text
    arrivals = next(text_of(m) for m in re.findall(r"(?s)<tr>(.*?)</tr>", page)
                    if "Keelson Arrivals" in m)
    assert "no revenue yet" in arrivals
    launches = text_of(html(example_site, "portfolio/launches/"))
    assert "late Sales certification of all AEs and SEs" in launches
    assert "blocked Partner bank payments (ACH, SEPA) certified" in launches


def test_public_build_has_no_portfolio_pages(tmp_path: Path) -> None:
    site = tmp_path / "public"
    result = run_cli("build", "--root", str(REPO), "--site-dir", str(site),
                     "--audience", "public", "--as-of", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert (site / "products" / "dock" / "index.html").is_file()
    assert not (site / "portfolio").exists()
    for path in site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*portfolio/', page), path
        assert "pd-chart" not in page and "vitality" not in page.lower(), path


def test_internal_home_and_nav_link_the_portfolio(review_site: Path) -> None:
    home = html(review_site, "")
    assert 'href="portfolio/"' in home and 'href="portfolio/launches/"' in home
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    assert 'href="portfolio/"' in nav
    review = html(review_site, "portfolio/")
    nav = review[review.index('class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>", nav.index('launches/"'))]
    for url in ("./", "lifecycle/", "roadmap/", "launches/"):
        assert f'href="{url}"' in nav, url
    assert "Portfolio" in text_of(nav)


def test_the_revenue_chart_keeps_seven_products_and_groups_the_rest(tmp_path: Path) -> None:
    """At portfolio scale a stack of hundreds of products says nothing: the seven largest
    keep their colour, the others are one band."""
    import subprocess
    import sys

    root = tmp_path / "portfolio"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "portfolio.py"), "--products",
                    "40", "--out", str(root)], check=True, capture_output=True)
    site = tmp_path / "site"
    result = run_cli("build", "--root", str(root), "--site-dir", str(site), "--as-of",
                     "2026-11-23")
    assert result.returncode == 0, result.stderr
    page = html(site, "portfolio/")
    chart = next(svg for svg in re.findall(r"(?s)<svg\b[^>]*>.*?</svg>", page)
                 if "portfolio-revenue" in svg)
    described = re.search(r"<desc[^>]*>([^<]+)</desc>", chart).group(1)
    named = re.findall(r"(?:^|\. )([^.:]+): \d{4}-Q\d", described)
    assert len(named) == 8
    others = re.search(r"(\d+) other products: ", described)
    with_revenue = len(re.findall(r'class="pd-spark"', page))
    assert others and int(others.group(1)) == with_revenue - 7
