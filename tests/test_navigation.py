"""Each page's own navigation, at portfolio scale, used in Chromium the way a sales rep would.

A synthetic portfolio of 60 products is built once; its pages carry only the navigation a
reader needs there (generator/sidebar.py), so the checks are: the way to a page and its
neighbours is there, clicking works on desktop and in the mobile drawer, and the size of
the navigation does not follow the size of the portfolio.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from conftest import REPO, QuietHandler, offline_tab, run_cli
from generator.validate import validate

PRODUCTS = 60


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("navigation") / "portfolio"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "portfolio.py"), "--products",
                    str(PRODUCTS), "--out", str(root)], check=True, capture_output=True)
    return root


@pytest.fixture(scope="module")
def base_url(portfolio: Path) -> Iterator[str]:
    site = portfolio.parent / "site"
    result = run_cli("build", "--root", str(portfolio), "--site-dir", str(site), "--as-of",
                     "2026-11-23", env={"PRODUCTDOCS_CACHE": str(portfolio.parent / "cache")})
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def example(portfolio: Path) -> tuple[str, str, str, str]:
    """A product with battlecards: its slug, name, category and first competitor's id."""
    products = validate(portfolio).portfolio.products
    product = next(p for p in products if len(p.competitors) >= 2 and p.faqs)
    return product.slug, product.name, product.category, product.competitors[0].competitor


def test_a_battlecard_page_shows_the_way_to_its_neighbours(
        browser: Browser, base_url: str, example: tuple[str, str, str, str]) -> None:
    slug, name, category, competitor = example
    offline = offline_tab(browser, base_url)
    tab = offline.tab
    tab.goto(f"{base_url}/products/{slug}/battlecards/{competitor}/")
    sidebar = tab.locator(".md-sidebar--primary")
    expect(tab.locator(".md-tabs__item--active")).to_have_text(re.compile("Products"))
    expect(sidebar.locator(".md-nav__link--active")).to_have_text(re.compile(r"vs "))
    for label in ("Battlecards", "FAQ"):
        expect(sidebar.get_by_role("link", name=label, exact=True).first).to_be_visible()
    expect(sidebar.get_by_text(category, exact=True).first).to_be_visible()
    overview = sidebar.get_by_role("link", name=name, exact=True).first
    expect(overview).to_have_attribute("href", "../../")

    sidebar.get_by_role("link", name="FAQ", exact=True).first.click()
    expect(tab).to_have_url(f"{base_url}/products/{slug}/faq/")
    expect(tab.locator("h1")).to_have_text(re.compile(f"^{re.escape(name)} FAQ"))
    expect(tab.locator(".md-sidebar--primary .md-nav__link--active")).to_have_text("FAQ")
    tab.context.close()
    assert not offline.elsewhere and not offline.errors


def test_the_mobile_drawer_reaches_every_section(
        browser: Browser, base_url: str, example: tuple[str, str, str, str]) -> None:
    slug = example[0]
    offline = offline_tab(browser, base_url)
    tab = offline.tab
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{base_url}/products/{slug}/")
    tab.locator("label.md-header__button[for='__drawer']").click()
    drawer = tab.locator(".md-sidebar--primary")
    # The drawer opens on the page's own section (product, category, Products); each
    # section's title goes back up a level, as in Material's own navigation.
    titles = drawer.locator(".md-nav__title")
    expect(titles).to_have_count(4)
    for level in (3, 2, 1):
        titles.nth(level).click()
        tab.wait_for_timeout(400)
    drawer.get_by_role("link", name="Competitors", exact=True).first.click()
    expect(tab).to_have_url(f"{base_url}/competitors/")
    tab.context.close()
    assert not offline.elsewhere and not offline.errors


def test_the_navigation_of_a_page_does_not_grow_with_the_portfolio(
        portfolio: Path, base_url: str, example: tuple[str, str, str, str]) -> None:
    slug = example[0]
    page = (portfolio.parent / "site" / "products" / slug / "index.html").read_text()
    sidebar = page[page.index('data-md-type="navigation"'):page.index('data-md-type="toc"')]
    entries = sidebar.count('class="md-nav__item')
    pages = len(list((portfolio.parent / "site").rglob("index.html")))
    # The top level, the categories, the products of this category, this product's pages.
    assert entries < 80 < pages
    assert len(page.encode()) < 100_000
