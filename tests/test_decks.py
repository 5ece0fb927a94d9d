"""Pitch decks and the portfolio review deck: opened with python-pptx and checked against
the YAML, laid out by LibreOffice, free of overflowing text, public-only where public,
reproducible byte for byte, and cached by content."""

from __future__ import annotations

import io
import math
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pptx
import pypdfium2
import pytest
import yaml
from pptx.util import Emu

from conftest import REPO, SCREENSHOTS, copy_example, run_cli
from generator.model.base import money_amount

AS_OF = "2026-11-23"
PRODUCTS = sorted(path for path in (REPO / "products").glob("*.yml")
                  if path.name != "portfolio.yml")


def build(root: Path, site: Path, audience: str, cache: Path) -> None:
    result = run_cli("build", "--root", str(root), "--audience", audience, "--site-dir",
                     str(site), "--as-of", AS_OF, env={"PRODUCTDOCS_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decks")
    root = copy_example(folder / "example")
    built = {}
    for audience in ("internal", "public"):
        built[audience] = folder / audience
        build(root, built[audience], audience, folder / "cache")
    built["root"] = root
    built["cache"] = folder / "cache"
    return built


def yaml_of(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def deck_texts(path: Path) -> list[str]:
    """Every slide's text (text frames and table cells), whitespace made single."""
    texts = []
    for slide in pptx.Presentation(path).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append(" ".join(" ".join(parts).split()))
    return texts


def one_line(text: str) -> str:
    return " ".join(text.split())


def deck_of(site: Path, slug: str, public_variant: bool = False) -> Path:
    suffix = "-public-deck.pptx" if public_variant else "-deck.pptx"
    found = [p for p in (site / "products" / slug).glob(f"*{suffix}")
             if public_variant or not p.name.endswith("-public-deck.pptx")]
    assert len(found) == 1, found
    return found[0]


def test_every_product_deck_says_what_its_yaml_says(sites: dict[str, Path]) -> None:
    personas = {path.stem: yaml_of(path) for path in (REPO / "products/personas").glob("*.yml")}
    for path in PRODUCTS:
        product = yaml_of(path)
        texts = deck_texts(deck_of(sites["internal"], path.stem))
        everything = " ".join(texts)
        assert texts[0] == f"{product['name']} {one_line(product['tagline'])}"
        for value in product.get("value_propositions", []):
            assert value["title"] in everything, value["title"]
            for point in value.get("proof_points", []):
                assert one_line(point) in everything, point
        for target in product.get("personas", []):
            assert personas[target["persona"]]["role"] in everything
        for plan in (product.get("pricing") or {}).get("plans", []):
            assert plan["name"] in everything
        for step in (product.get("playbook") or {}).get("next_steps", []):
            assert one_line(step) in everything
        if product.get("positioning"):
            assert one_line(product["positioning"]["benefit"]) in everything
        for card in product.get("competitors", []):
            for row in card.get("comparison", []):
                assert f" {row['feature']} " in everything, row["feature"]
        for story in product.get("success_stories", []):
            assert f"Success story: {story['customer']}" in everything
            for result in story["results"]:
                assert f"{result['figure']} {one_line(result['measure'])}" in everything
        titles = [text.split(" ")[0] for text in texts]
        assert titles[-1] == "Next"


def test_public_deck_holds_only_what_is_marked_public(sites: dict[str, Path]) -> None:
    personas = {path.stem: yaml_of(path) for path in (REPO / "products/personas").glob("*.yml")}
    checked = 0
    for path in PRODUCTS:
        product = yaml_of(path)
        if product.get("audience") != "public":
            assert not list((sites["public"] / "products" / path.stem).glob("*.pptx"))
            continue
        public = deck_of(sites["public"], path.stem)
        variant = deck_of(sites["internal"], path.stem, public_variant=True)
        assert public.read_bytes() == variant.read_bytes()
        everything = " ".join(deck_texts(public))
        for value in product.get("value_propositions", []):
            shown = value["title"] in everything
            assert shown == (value.get("audience") == "public"), value["title"]
        for plan in (product.get("pricing") or {}).get("plans", []):
            assert plan["name"] not in everything  # no prices in a public deck, ever
        for step in (product.get("playbook") or {}).get("next_steps", []):
            assert one_line(step) not in everything
        for target in product.get("personas", []):
            assert f"For {personas[target['persona']]['role']} (" not in everything
        if product.get("market"):
            assert one_line(product["market"]["problem"])[:40] not in everything
        assert not [text for text in deck_texts(public)
                    if text.startswith(f"{product['name']} vs ")]  # battlecards: internal
        for story in product.get("success_stories", []):
            shown = f"Success story: {story['customer']}" in everything
            assert shown == (story.get("audience") == "public"), story["customer"]
        checked += 1
    assert checked >= 3


def test_no_text_overflows_its_box(sites: dict[str, Path]) -> None:
    """Each text frame's lines at its font size (a generous 0.5 em per character, 1.2 em a
    line) fit the frame's height, and every shape lies on its slide."""
    decks = sorted(sites["internal"].rglob("*.pptx"))
    assert len(decks) >= len(PRODUCTS) + 1
    for path in decks:
        presentation = pptx.Presentation(path)
        for number, slide in enumerate(presentation.slides, 1):
            for shape in slide.shapes:
                where = f"{path.name} slide {number} {shape.name}"
                assert shape.left >= 0 and shape.top >= 0, where
                assert shape.left + shape.width <= presentation.slide_width, where
                assert shape.top + shape.height <= presentation.slide_height, where
                if shape.has_text_frame and shape.text_frame.text:
                    assert text_height(shape.text_frame, shape.width) <= shape.height, where
                if shape.has_table:  # rows grow to fit their text: the table must still fit
                    grown = sum(max(text_height(cell.text_frame, column.width) + Emu(91440)
                                    for cell, column in zip(row.cells, shape.table.columns,
                                                            strict=True))
                                for row in shape.table.rows)
                    assert shape.top + grown <= presentation.slide_height, where


def text_height(frame: pptx.text.text.TextFrame, width: int) -> float:
    inner = width - Emu(2 * 91440)
    total = 0.0
    for paragraph in frame.paragraphs:
        sizes = [run.font.size for run in paragraph.runs if run.font.size]
        assert sizes, f"no font size set on {paragraph.text!r}"
        size = max(sizes)
        per_line = max(1, int((inner - paragraph.level * Emu(457200)) / (0.5 * size)))
        total += math.ceil(max(1, len(paragraph.text)) / per_line) * 1.2 * size
    return total


def test_libreoffice_lays_out_every_slide(sites: dict[str, Path], tmp_path: Path) -> None:
    deck = deck_of(sites["internal"], "dock")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = pypdfium2.PdfDocument(tmp_path / f"{deck.stem}.pdf")
    slides = len(pptx.Presentation(deck).slides)
    assert len(pdf) == slides >= 8
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index in (0, 2):
        image = pdf[index].render(scale=1).to_pil().convert("L")
        image.save(SCREENSHOTS / f"deck-dock-{index + 1}.png")
        dark = sum(image.histogram()[:128])
        assert dark > 500, f"slide {index + 1} looks empty"
        width, height = image.size
        assert abs(width / height - 16 / 9) < 0.01


def test_review_deck_shows_the_review_figures(sites: dict[str, Path]) -> None:
    deck = sites["internal"] / "portfolio" / "portfolio-review-deck.pptx"
    texts = deck_texts(deck)
    assert texts[0].startswith("Keelson Software portfolio review")
    assert any(text.startswith("Sales contribution") for text in texts)
    assert any("Carbon Ledger: stale" in text for text in texts)
    page = (sites["internal"] / "portfolio" / "index.html").read_text()
    assert 'href="portfolio-review-deck.pptx"' in page
    charts = [shape.chart for slide in pptx.Presentation(deck).slides
              for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 2
    revenue = charts[0]
    quarters = list(revenue.plots[0].categories)
    assert len(quarters) == 8 and quarters[-1] == "2026-Q3"
    for series in revenue.plots[0].series:
        path = next(p for p in PRODUCTS if yaml_of(p)["name"] == series.name)
        recorded = yaml_of(path)["metrics"]["revenue"]
        expected = [money_amount(recorded[q]) if q in recorded else None for q in quarters]
        assert list(series.values) == expected, series.name
    vitality = next(t for t in texts if t.startswith("Vitality index"))
    assert vitality.split(":")[1].strip() in page


def test_product_pages_link_their_decks(sites: dict[str, Path]) -> None:
    page = (sites["internal"] / "products/dock/index.html").read_text()
    assert 'href="keelson-dock-deck.pptx"' in page
    assert 'href="keelson-dock-public-deck.pptx"' in page
    public = (sites["public"] / "products/dock/index.html").read_text()
    assert 'href="keelson-dock-deck.pptx"' in public and "public-deck" not in public


def test_decks_are_reproducible_byte_for_byte(sites: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(sites["root"], again, "internal", tmp_path / "fresh-cache")
    decks = sorted(p.relative_to(again) for p in again.rglob("*.pptx"))
    assert decks == sorted(p.relative_to(sites["internal"])
                           for p in sites["internal"].rglob("*.pptx"))
    for relative in decks:
        assert (again / relative).read_bytes() == (sites["internal"] / relative).read_bytes()
    sample = again / decks[0]
    with zipfile.ZipFile(sample) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = pptx.Presentation(sample).core_properties
    assert properties.created == properties.modified == datetime.fromisoformat(AS_OF)


def test_decks_are_cached_by_content(sites: dict[str, Path], tmp_path: Path) -> None:
    cached = sorted((sites["cache"] / "pptx").glob("*.pptx"))
    decks = list(sites["internal"].rglob("*.pptx")) + list(sites["public"].rglob("*.pptx"))
    assert len(cached) == len({p.read_bytes() for p in decks})
    # A cached deck is served as it is: a marked copy in the cache shows up in the site.
    dock = deck_of(sites["internal"], "dock").read_bytes()
    entry = next(path for path in cached if path.read_bytes() == dock)
    entry.write_bytes(dock + b"cached")
    site = tmp_path / "site"
    build(sites["root"], site, "internal", sites["cache"])
    assert deck_of(site, "dock").read_bytes() == dock + b"cached"
    entry.write_bytes(dock)


def test_a_company_theme_deck_replaces_the_built_in_one(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    theme = root / "templates" / "pptx" / "theme.pptx"
    theme.parent.mkdir(parents=True, exist_ok=True)
    plain = pptx.Presentation()  # python-pptx's own 4:3 deck, unlike the built-in 16:9 one
    out = io.BytesIO()
    plain.save(out)
    theme.write_bytes(out.getvalue())
    build(root, tmp_path / "site", "internal", tmp_path / "cache")
    deck = pptx.Presentation(deck_of(tmp_path / "site", "dock"))
    assert (deck.slide_width, deck.slide_height) == (plain.slide_width, plain.slide_height)
    assert deck_texts(deck_of(tmp_path / "site", "dock"))[0].startswith("Keelson Dock")


def test_decks_false_builds_no_deck_and_links_none(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - productdocs:\n",
                                                 "  - productdocs:\n      decks: false\n"))
    assert "decks: false" in config.read_text()
    build(root, tmp_path / "site", "internal", tmp_path / "cache")
    assert not list((tmp_path / "site").rglob("*.pptx"))
    assert "Download deck" not in (tmp_path / "site/products/dock/index.html").read_text()
    assert "Download review deck" not in (tmp_path / "site/portfolio/index.html").read_text()
