"""The example site in a real browser: Debian's Chromium, driven by Playwright, offline.

The site is built once for the module and served from 127.0.0.1; every request the
browser makes anywhere else is blocked and fails the test. Screenshots for people to
look at go to test-artifacts/screenshots/ (not committed).
"""

from __future__ import annotations

import functools
import io
import json
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import REPO, SCREENSHOTS, QuietHandler, offline_tab, run_cli
from generator.pipeline import prepare
from generator.validate import validate

PORTFOLIO = validate(REPO).portfolio
BATTLECARDS = [f"products/{product.slug}/battlecards/{card.competitor}/"
               for product in PORTFOLIO.products for card in product.competitors]
PORTFOLIO_REVIEW = "portfolio/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("browser") / "site"
    result = run_cli("build", "--root", str(REPO), "--site-dir", str(target))
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, as any static host would serve it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh tab in light mode; the test fails if anything it loads leaves 127.0.0.1
    (fonts, CDNs, analytics) or a script fails."""
    offline = offline_tab(browser, base_url)
    yield offline.tab
    offline.tab.context.close()
    assert not offline.elsewhere, f"requests left 127.0.0.1: {offline.elsewhere}"
    assert not offline.errors, f"JavaScript errors: {offline.errors}"


def test_the_guard_catches_a_request_to_another_host(browser: Browser, base_url: str
                                                      ) -> None:
    offline = offline_tab(browser, base_url)
    open_page(offline.tab, base_url, "")
    offline.tab.evaluate("""() => {
        const font = document.createElement('link');
        font.rel = 'stylesheet';
        font.href = 'https://fonts.googleapis.com/css?family=Roboto';
        document.head.append(font);
        return new Promise(done => { font.onload = font.onerror = done; });
    }""")
    offline.tab.context.close()
    assert offline.elsewhere == ["https://fonts.googleapis.com/css?family=Roboto"]


def built_pages(site: Path) -> list[str]:
    """Every page of the built site, as URL paths (the search index lists them all)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sorted({entry["location"].split("#")[0] for entry in index["docs"]})


def open_page(tab: Page, base_url: str, url: str) -> None:
    response = tab.goto(f"{base_url}/{url}")
    assert response is not None and response.ok, url


def test_home_lists_every_product_and_leads_to_a_battlecard(page: Page, base_url: str
                                                              ) -> None:
    open_page(page, base_url, "")
    cards = page.locator(".md-content .grid.cards")
    for product in PORTFOLIO.products:
        expect(cards.get_by_role("link", name=product.name, exact=True)).to_be_visible()

    cards.get_by_role("link", name="Keelson Dock", exact=True).click()
    expect_title(page, "Keelson Dock")
    page.locator(".pd-links").get_by_role("link", name="Battlecards").click()
    expect_title(page, "Keelson Dock battlecards")
    page.locator(".md-content").get_by_role("link", name="Keelson Dock vs Slotwise").click()
    expect(page).to_have_url(f"{base_url}/products/dock/battlecards/slotwise/")
    expect_title(page, "Keelson Dock vs Slotwise")
    expect(page.get_by_text("Landmines to set")).to_be_visible()


def expect_title(tab: Page, title: str) -> None:
    """The page's h1, without the ¶ permalink after it."""
    expect(tab.locator("h1")).to_have_text(re.compile(rf"^{re.escape(title)}\s*¶?$"))


def search(tab: Page, query: str) -> list[str]:
    """Type into Material's search box and return the result links, once the web worker
    has answered."""
    field = tab.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query, delay=20)
    results = tab.locator(".md-search-result__item > .md-search-result__link")
    expect(results.first).to_be_visible()
    return [urlsplit(href).path for href in
            results.evaluate_all("links => links.map(link => link.href)")]


def test_search_finds_a_battlecard_by_competitor_and_objection(page: Page, base_url: str
                                                                ) -> None:
    open_page(page, base_url, "")
    found = search(page, "Slotwise free first site")
    assert "/products/dock/battlecards/slotwise/" in found[:3], found


def test_search_finds_a_product_overview_by_name(page: Page, base_url: str) -> None:
    open_page(page, base_url, "")
    found = search(page, "Keelson Yard")
    assert found[0] == "/products/yard/", found


# Images that did not load, and charts (svg, canvas) that are shown but have no size.
NOT_DRAWN = """() => [
    ...document.querySelectorAll('.md-typeset img, .md-typeset svg, .md-typeset canvas')
].filter(element => element.checkVisibility())
 .filter(element => element.tagName === 'IMG'
     ? !(element.complete && element.naturalWidth > 0)
     : element.getBoundingClientRect().width * element.getBoundingClientRect().height === 0)
 .map(element => element.outerHTML.slice(0, 100))"""


def test_pages_render_without_leaving_127_0_0_1(page: Page, base_url: str,
                                                 site: Path) -> None:
    """One page of every kind and every hand-written page. The `page` fixture fails the
    test on any request to another host and on any JavaScript error."""
    for url in pages_of_every_kind(site):
        open_page(page, base_url, url)
        expect(page.locator("h1").first).to_be_visible()
        assert not page.evaluate(NOT_DRAWN), f"/{url} did not draw everything"


def pages_of_every_kind(site: Path) -> list[str]:
    """The first page of each kind the generator makes, and every page it did not make."""
    generated: dict[str, str] = {}
    for planned in prepare(REPO).site.pages.values():
        generated.setdefault(planned.url, planned.kind)
    first_of_kind = {}
    for url, kind in generated.items():
        first_of_kind.setdefault(kind, url)
    built = built_pages(site)
    handwritten = [url for url in built if url not in generated]
    assert set(first_of_kind.values()) <= set(built)
    assert len(first_of_kind) >= 15 and handwritten
    return [*first_of_kind.values(), *handwritten]


@pytest.mark.parametrize("url", BATTLECARDS)
def test_a_printed_battlecard_fits_one_page(page: Page, base_url: str, url: str) -> None:
    open_page(page, base_url, url)
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        printed = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        assert len(printed.pages) == 1, f"{url} prints on {len(printed.pages)} {paper} pages"
        text = printed.pages[0].extract_text()
        assert page.title().split(" - ")[0] in text and "How we win" in text
        assert "Download PDF" not in text and "Table of contents" not in text


def test_the_dark_palette_toggles(page: Page, base_url: str) -> None:
    open_page(page, base_url, "products/dock/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert luminance(background(page)) > 0.9

    page.get_by_title("Switch to dark mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert luminance(background(page)) < 0.15
    page.screenshot(path=SCREENSHOTS / "product-dark.png")

    page.get_by_title("Switch to light mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert luminance(background(page)) > 0.9


def background(tab: Page) -> str:
    return tab.evaluate("() => getComputedStyle(document.body).backgroundColor")


def luminance(css_colour: str) -> float:
    """rgb(30, 33, 41) -> 0.13: how light a colour is, from 0 (black) to 1 (white)."""
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


SCREENSHOT_PAGES = {
    "home": "",
    "battlecard": "products/dock/battlecards/slotwise/",
    "whitepaper": "products/dock/whitepaper/",
    "portfolio-review": PORTFOLIO_REVIEW,
}


@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_screenshots_for_people_to_look_at(page: Page, base_url: str, site: Path,
                                           name: str) -> None:
    url = SCREENSHOT_PAGES[name]
    assert url in built_pages(site), f"/{url} is not in the built site"
    open_page(page, base_url, url)
    expect(page.locator("h1").first).to_be_visible()
    target = SCREENSHOTS / f"{name}.png"
    target.unlink(missing_ok=True)
    page.screenshot(path=target, full_page=True)
    assert target.read_bytes().startswith(b"\x89PNG")
