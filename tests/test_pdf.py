"""Whitepapers and battlecards as PDFs: built with the site, read back with pypdf.

Pages are also rendered to PNG (pypdfium2) into test-artifacts/screenshots/ so a person
can look at them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from conftest import DATA, REPO, SCREENSHOTS, copy_portfolio, run_cli
from generator.validate import validate

AS_OF = "2026-11-01"
PORTFOLIO = validate(REPO).portfolio
DOCK_WHITEPAPER = "products/dock/whitepaper/keelson-dock-whitepaper.pdf"
DOCK_VS_SLOTWISE = "products/dock/battlecards/slotwise/keelson-dock-vs-slotwise-battlecard.pdf"
INTERNAL_QUOTE = "We chose Dock over Slotwise because of the Manhattan connector"
A4 = (595, 842)
LETTER = (612, 792)


def build(root: Path, site: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    result = run_cli("build", "--root", str(root), "--site-dir", str(site), *extra, env=env)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("internal") / "site", "--as-of", AS_OF)


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("public") / "site", "--as-of", AS_OF,
                 "--audience", "public")


def pdfs(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.pdf")}


def read(path: Path) -> pypdf.PdfReader:
    assert path.read_bytes().startswith(b"%PDF-"), path
    return pypdf.PdfReader(path)


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in read(path).pages]


def flat(text: str) -> str:
    """Extracted text with its line breaks undone, to search for whole sentences."""
    return re.sub(r"\s+", " ", text.replace("-\n", "-"))


def size(page: pypdf.PageObject) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def save_png(pdf: Path, index: int, name: str) -> tuple[int, int, int]:
    """Render one page for people to look at; returns the colour of a pixel near the top."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = pypdfium2.PdfDocument(pdf)[index].render(scale=1.5).to_pil().convert("RGB")
    image.save(SCREENSHOTS / f"{name}.png")
    return image.getpixel((image.width // 2, 20))


def test_every_whitepaper_and_battlecard_links_its_pdf(internal_site: Path) -> None:
    expected = {f"products/{product.slug}/whitepaper/" for product in PORTFOLIO.products
                if product.whitepaper}
    expected |= {f"products/{product.slug}/battlecards/{card.competitor}/"
                 for product in PORTFOLIO.products for card in product.competitors}
    assert len(expected) == 12
    linked = set()
    for url in sorted(expected):
        page = (internal_site / url / "index.html").read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="md-button pd-download" href="([^"]+\.pdf)">'
                           r"Download PDF</a>", page)
        assert len(hrefs) == 1, url
        target = (internal_site / url / hrefs[0]).resolve().relative_to(internal_site)
        linked.add(target.as_posix())
        assert read(internal_site / target).pages, url
    assert linked == pdfs(internal_site)
    assert DOCK_WHITEPAPER in linked and DOCK_VS_SLOTWISE in linked


def test_a_whitepaper_pdf_is_a_document_to_send_a_customer(internal_site: Path) -> None:
    pdf = internal_site / DOCK_WHITEPAPER
    pages = pages_text(pdf)
    cover, last = pages[0], pages[-1]
    assert len(pages) >= 4
    assert "KEELSON SOFTWARE" in cover and "WHITEPAPER" in cover
    assert "Schedule the Dock, Not the Calendar" in flat(cover)
    assert "Keelson Dock" in cover and "1 November 2026" in cover
    assert "Page 1" not in cover

    for number, text in enumerate(pages[1:], start=2):
        assert "Keelson Software · Keelson Dock" in text, number
        assert f"Page {number} of {len(pages)}" in text, number
        assert "Schedule the Dock, Not the Calendar" in text
    assert "Summary" in pages[1] and "Contents" in pages[1]
    assert re.search(r"Why time slots fail[ .]+\d", pages[1])

    everything = flat("\n".join(pages))
    assert "“We had an appointment system for six years" in everything
    assert "— Renée Castillo, Receiving Manager, Brightwater Beverages" in everything
    assert "— Andrew Pike, Site General Manager, Northgate Foods, Joliet" in everything
    # A quote not marked public is left out even from the internal site's PDF.
    assert INTERNAL_QUOTE not in everything
    assert "Internal" not in everything

    assert last.index("Next step") < last.index(
        "Book a two-week dwell-time baseline for one of your sites")
    assert "https://www.keelson.example/dock/dwell-baseline" in last
    assert "About Keelson Software" in last

    metadata = read(pdf).metadata
    assert metadata.title == "Schedule the Dock, Not the Calendar"
    assert metadata.author == "Keelson Software"
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20261101"
    assert size(read(pdf).pages[0]) == A4

    red, green, blue = save_png(pdf, 0, "whitepaper-pdf-cover")
    assert blue > 120 and red < 80 and green < 80, "the cover's indigo band"
    save_png(pdf, 1, "whitepaper-pdf-page-2")
    save_png(pdf, len(pages) - 1, "whitepaper-pdf-last-page")


def test_every_battlecard_pdf_is_one_page(internal_site: Path) -> None:
    cards = sorted(path for path in pdfs(internal_site) if "/battlecards/" in path)
    assert len(cards) == 10
    for path in cards:
        reader = read(internal_site / path)
        assert len(reader.pages) == 1, path
        text = reader.pages[0].extract_text()
        assert "Internal: do not share with customers" in text, path
        assert "How we win" in text, path
    text = flat(pages_text(internal_site / DOCK_VS_SLOTWISE)[0])
    for expected in ("Keelson Dock vs Slotwise", "Win rate 47% (7 of 15 deals won)",
                     "Landmines to set",
                     "Their strengths", "Their weaknesses", "Objections and responses",
                     "“Slotwise is free for our first site.”", "As of 1 Nov 2026",
                     "How does the schedule know that a floor-loaded container takes three "
                     "times longer than pallets?"):
        assert expected in text
    save_png(internal_site / DOCK_VS_SLOTWISE, 0, "battlecard-pdf")


def test_a_long_battlecard_is_set_smaller_to_stay_on_one_page(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    product = root / "products" / "atlas.yml"
    answer = "Ask what their last upgrade cost, in weeks and in consultants. " * 6
    objections = "".join(f"      - objection: Objection number {number}.\n"
                         f"        response: {answer.strip()}\n" for number in range(1, 11))
    text = product.read_text(encoding="utf-8")
    assert "    objections:\n" in text
    product.write_text(text.replace("    objections:\n", "    objections:\n" + objections),
                       encoding="utf-8")
    site = build(root, tmp_path / "site")
    card = read(site / "products/atlas/battlecards/initech/atlas-vs-initech-battlecard.pdf")
    assert len(card.pages) == 1
    text = card.pages[0].extract_text()
    assert "Objection number 10." in text and "Initech is the safe choice." in text


def test_public_pdfs_carry_only_public_content(public_site: Path, internal_site: Path
                                               ) -> None:
    public_papers = {f"products/{product.slug}/whitepaper/" for product in PORTFOLIO.products
                     if product.audience == "public" and product.whitepaper
                     and product.whitepaper.audience == "public"}
    assert {path.rsplit("/", 1)[0] + "/" for path in pdfs(public_site)} == public_papers
    assert not any("battlecard" in path for path in pdfs(public_site))
    for path in pdfs(public_site):
        text = flat(" ".join(pages_text(public_site / path)))
        assert INTERNAL_QUOTE not in text
        assert "Internal" not in text
    # The public whitepaper is the one the internal site offers, byte for byte.
    assert (public_site / DOCK_WHITEPAPER).read_bytes() == \
        (internal_site / DOCK_WHITEPAPER).read_bytes()


def test_pdfs_are_the_same_bytes_when_built_again(internal_site: Path, tmp_path: Path
                                                  ) -> None:
    """A second build, elsewhere, dated by SOURCE_DATE_EPOCH instead of --as-of."""
    epoch = int(datetime(2026, 11, 1, 15, 30, tzinfo=UTC).timestamp())
    again = build(REPO, tmp_path / "again", env={"SOURCE_DATE_EPOCH": str(epoch),
                                                 "PRODUCTDOCS_AS_OF": "",
                                                 "PRODUCTDOCS_CACHE": "off"})
    assert pdfs(again) == pdfs(internal_site)
    for path in sorted(pdfs(again)):
        assert (again / path).read_bytes() == (internal_site / path).read_bytes(), path


def test_generate_writes_the_pdfs_where_its_pages_link(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    result = run_cli("generate", "--root", str(DATA / "portfolio"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "docs" / "products" / "atlas" / "battlecards" / "initech.md").read_text()
    assert "[Download PDF](initech/atlas-vs-initech-battlecard.pdf)" in page
    pdf = out / "docs" / "products" / "atlas" / "battlecards" / "initech" / \
        "atlas-vs-initech-battlecard.pdf"
    assert len(read(pdf).pages) == 1
    assert "Atlas vs Initech" in pages_text(pdf)[0]


WHITEPAPER = """
whitepaper:
  title: Every Shipment on One Map
  abstract: Why carrier portals leave gaps.
  sections:
    - heading: The gap
      body: |-
        Carrier portals show one carrier each.

        ![A chart](http://127.0.0.1:{port}/chart.png)
  call_to_action:
    text: Ask for a demo
customer_quotes:
  - quote: Atlas found the missing containers.
    name: Pat Doe
    company: Acme
    audience: public
  - quote: Off the record, it saved my job.
    name: Sam Roe
    company: Globex
"""


class CountingHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def counting_server() -> Iterator[tuple[int, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    server.requests = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], server.requests  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_a_draft_whitepaper_says_so_and_fetches_nothing(
        tmp_path: Path, counting_server: tuple[int, list[str]]) -> None:
    port, requests = counting_server
    root = copy_portfolio(tmp_path / "portfolio")
    product = root / "products" / "atlas.yml"
    product.write_text(product.read_text(encoding="utf-8") + WHITEPAPER.format(port=port),
                       encoding="utf-8")
    site = build(root, tmp_path / "site")
    pages = pages_text(site / "products/atlas/whitepaper/atlas-whitepaper.pdf")
    assert "Internal draft: not for customers" in pages[0]
    assert all("Internal draft: not for customers" in text for text in pages[1:])
    everything = "\n".join(pages)
    assert "Atlas found the missing containers." in everything
    assert "saved my job" not in everything
    assert "Ask for a demo" in pages[-1]
    assert requests == [], "the PDF renderer fetched a URL from the YAML"

    public = build(root, tmp_path / "public", "--audience", "public")
    assert pdfs(public) == set()


def test_a_company_can_print_on_letter(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    (root / "templates" / "pdf").mkdir(parents=True)
    css = (REPO / "templates" / "pdf" / "pdf.css").read_text(encoding="utf-8")
    assert "size: A4;" in css
    (root / "templates" / "pdf" / "pdf.css").write_text(css.replace("size: A4;", "size: letter;"))
    site = build(root, tmp_path / "site")
    card = read(site / "products/atlas/battlecards/initech/atlas-vs-initech-battlecard.pdf")
    assert [size(page) for page in card.pages] == [LETTER]


def test_a_broken_pdf_template_is_a_positioned_error(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    (root / "templates" / "pdf").mkdir(parents=True)
    (root / "templates" / "pdf" / "battlecard.html.j2").write_text(
        "<h1>{{ product.name }}</h1>\n<p>{{ card.landmine }}</p>\n", encoding="utf-8")
    result = run_cli("build", "--root", str(root), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "templates/pdf/battlecard.html.j2:2:1: error: template error: " in result.stderr
    assert "has no attribute 'landmine'" in result.stderr
    assert not (tmp_path / "site").exists()


def test_laid_out_pdfs_are_cached_between_builds(tmp_path: Path) -> None:
    """Only a document whose content changed is laid out again."""
    root = copy_portfolio(tmp_path / "portfolio")
    cache = tmp_path / "cache"
    environment = {"PRODUCTDOCS_CACHE": str(cache)}
    first = build(root, tmp_path / "one", "--as-of", AS_OF, env=environment)
    cached = {path.name for path in (cache / "pdf").iterdir()}
    assert len(cached) == len(pdfs(first)) == 1
    product = root / "products" / "atlas.yml"
    product.write_text(product.read_text().replace("Faster setup", "Setup in a day"))
    second = build(root, tmp_path / "two", "--as-of", AS_OF, env=environment)
    added = {path.name for path in (cache / "pdf").iterdir()} - cached
    assert len(added) == 1
    card = "products/atlas/battlecards/initech/atlas-vs-initech-battlecard.pdf"
    assert "Setup in a day" in flat(" ".join(pages_text(second / card)))


def test_pdfs_can_be_switched_off(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - productdocs",
                                                 "  - productdocs:\n      pdf: false"))
    site = build(root, tmp_path / "site", "--as-of", AS_OF)
    assert pdfs(site) == set()
    page = (site / "products" / "atlas" / "battlecards" / "initech" / "index.html").read_text()
    assert "Faster setup" in page
    assert "Download PDF" not in page
