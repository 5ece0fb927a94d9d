"""The sales site: built from YAML by the real CLI and MkDocs, checked in the HTML."""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, REPO, copy_portfolio, run_cli
from generator.validate import validate


def build(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("build", "--root", str(root), "--site-dir", str(site), *extra)
    assert result.returncode == 0, result.stderr
    return result


def html(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """The visible text of a page, tags removed and whitespace collapsed."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    body = re.sub(r"</?(?:strong|em|a|code|span|b|i|abbr)\b[^>]*>", "", body)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html_module.unescape(body))


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("example") / "site"
    build(REPO, site)
    return site


@pytest.fixture(scope="module")
def test_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("testco") / "site"
    build(DATA / "portfolio", site)
    return site


def expected_urls(root: Path) -> set[str]:
    """Every URL the issue's contract promises for the portfolio under `root`."""
    portfolio = validate(root).portfolio
    urls = {"", "products/", "competitors/", "personas/"}
    for product in portfolio.products:
        base = f"products/{product.slug}/"
        urls.add(base)
        sections = {"personas/": product.personas, "faq/": product.faqs,
                    "playbook/": product.playbook, "whitepaper/": product.whitepaper,
                    "launch-plan/": product.launch_plan, "roadmap/": product.roadmap,
                    "pricing/": product.pricing}
        urls |= {base + name for name, present in sections.items() if present}
        urls |= {f"{base}battlecards/{card.competitor}/" for card in product.competitors}
    urls |= {f"competitors/{key}/" for key in portfolio.competitors}
    urls |= {f"personas/{key}/" for key in portfolio.personas}
    return urls


def built_urls(site: Path) -> set[str]:
    return {path.parent.relative_to(site).as_posix().removeprefix(".") + "/"
            for path in site.rglob("index.html")} | {""}


def test_every_expected_url_exists(example_site: Path) -> None:
    missing = expected_urls(REPO) - {url.lstrip("/") for url in built_urls(example_site)}
    assert not missing
    for url in ("products/dock/battlecards/slotwise/", "products/audit/launch-plan/",
                "products/dock/whitepaper/", "competitors/portside/",
                "personas/vp-logistics/", "how-we-sell/"):
        assert (example_site / url / "index.html").is_file(), url


def test_overview_shows_the_positioning_statement(example_site: Path) -> None:
    page = text_of(html(example_site, "products/dock/"))
    assert ("For Shippers and 3PLs running high-volume receiving and shipping docks who "
            "need carriers to arrive when the dock can actually handle them, Keelson Dock "
            "is a dock appointment scheduling platform") in page
    assert "Unlike phone-and-email booking or time-slot schedulers such as Slotwise" in page


def test_battlecard_shows_landmines_and_objections(example_site: Path) -> None:
    page = text_of(html(example_site, "products/dock/battlecards/slotwise/"))
    assert "Landmines to set" in page
    assert "How does the schedule know that a floor-loaded container takes three times " \
        "longer than pallets?" in page
    assert "Objections and responses" in page
    assert "Win rate 47% (7 of 15 won)" in page  # from the deal records in dock.yml


def test_faq_answers_are_collapsible(example_site: Path) -> None:
    page = html(example_site, "products/dock/faq/")
    assert re.search(r'<details class="question">\s*<summary>', page)
    assert "Internal answer: do not share with customers" in page


def test_search_index_finds_battlecards_by_competitor_and_objection(example_site: Path
                                                                    ) -> None:
    index = json.loads((example_site / "search" / "search_index.json").read_text())
    battlecard = [doc for doc in index["docs"]
                  if doc["location"].startswith("products/dock/battlecards/slotwise/")]
    text = " ".join(doc["title"] + " " + doc["text"] for doc in battlecard)
    assert "Slotwise" in text
    assert "Slotwise is free" in text or "free" in text.lower()
    objection = validate(REPO).portfolio.product("dock").competitors[0].objections[0]
    assert objection.objection.split()[0] in text


def test_talk_tracks_are_copyable(example_site: Path) -> None:
    page = html(example_site, "products/dock/personas/")
    assert 'class="pd-talk-track"' in page
    assert "content.code.copy" in page


def test_home_lists_products_by_lifecycle(example_site: Path) -> None:
    page = text_of(html(example_site, ""))
    for stage in ("Innovation", "Go to market", "In life", "End of life"):
        assert f" {stage} " in page
    for product in validate(REPO).portfolio.products:
        assert product.name in page


def test_sections_missing_in_yaml_make_no_page(test_site: Path) -> None:
    atlas = test_site / "products" / "atlas"
    assert (atlas / "faq" / "index.html").is_file()
    for missing in ("playbook", "whitepaper", "launch-plan", "roadmap", "pricing"):
        assert not (atlas / missing).exists(), missing
    assert "playbook/" not in html(test_site, "products/atlas/")


def test_handwritten_pages_link_to_generated_ones(test_site: Path) -> None:
    page = html(test_site, "guide/")
    assert 'href="../products/atlas/"' in page


def test_search_leaves_out_what_a_page_marks_excluded(test_site: Path) -> None:
    """Material's search plugin indexes every page and strips its data-search-* markers;
    productdocs runs the stripping only on pages that have one (search_sections.py)."""
    page = html(test_site, "guide/")
    assert "<p>Call notes stay out of search.</p>" in page
    assert "data-search-" not in page
    index = json.loads((test_site / "search" / "search_index.json").read_text("utf-8"))
    guide = " ".join(entry["title"] + " " + entry["text"] for entry in index["docs"]
                     if entry["location"].startswith("guide/"))
    assert "Atlas overview" in guide
    assert "Call notes" not in guide


def test_nothing_is_written_into_content_or_products(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    build(root, tmp_path / "site")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_template_override_wins_and_can_extend_the_builtin(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    (root / "templates").mkdir()
    (root / "templates" / "faq.md.j2").write_text(
        '{% extends "default/faq.md.j2" %}\n', encoding="utf-8")
    (root / "templates" / "battlecard.md.j2").write_text(
        "# {{ product.name }} against {{ competitor.name }}\n\nOVERRIDDEN BATTLECARD\n",
        encoding="utf-8")
    site = tmp_path / "site"
    build(root, site)
    assert "OVERRIDDEN BATTLECARD" in html(site, "products/atlas/battlecards/initech/")
    assert "Is there an API?" in html(site, "products/atlas/faq/")


def test_a_broken_override_is_a_positioned_error(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    (root / "templates").mkdir()
    (root / "templates" / "battlecard.md.j2").write_text(
        "# {{ product.name }}\n\n{{ card.landmine }}\n", encoding="utf-8")
    (root / "templates" / "faq.md.j2").write_text("# FAQ\n{% for x in %}\n")
    result = run_cli("build", "--root", str(root), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "templates/faq.md.j2:2:1: error: template error: Expected an expression" \
        in result.stderr
    assert not (tmp_path / "site").exists()


HOSTILE = {
    "tagline": "Pipes | and <script>alert('tagline')</script> and {{ 7*7 }}",
    "question": "# Not a heading | {{ 7*7 }} <b>bold?</b>",
    "answer": "Safe **bold** <script>alert('answer')</script> {{ 7*7 }} and {% raw %}",
    "segment": "Cell | breaker <img src=x onerror=alert(1)>",
}


def test_hostile_values_come_out_inert_and_intact(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    path = root / "products" / "atlas.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("tagline: Know where every shipment is.",
                        f"tagline: {json.dumps(HOSTILE['tagline'])}")
    text = text.replace("  - question: Is there an API?\n    answer: Yes, a REST API.",
                        f"  - question: {json.dumps(HOSTILE['question'])}\n"
                        f"    answer: {json.dumps(HOSTILE['answer'])}")
    text += ("market:\n  problem: Lost shipments.\n  segments:\n"
             f"    - name: {json.dumps(HOSTILE['segment'])}\n      size: 2M\n")
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build(root, site)
    assert "faqs[0].answer: removed <script>" in result.stderr

    overview = html(site, "products/atlas/")
    faq = html(site, "products/atlas/faq/")
    for page in (overview, faq):
        assert "<script>alert" not in page
        assert "onerror" not in page.replace("onerror=alert", "") or "&lt;img" in page
        assert "49" not in text_of(page)
    assert HOSTILE["tagline"] in text_of(overview)
    assert "<p>Pipes &#124; and &lt;script&gt;alert('tagline')&lt;/script&gt; and {{ 7*7 }}" \
        in overview
    segment_row = re.search(r"<tr>\s*<td>Cell.*?</tr>", overview, re.S).group(0)
    assert segment_row.count("<td") == 4
    assert "&lt;img src=x onerror=alert(1)&gt;" in segment_row
    assert HOSTILE["segment"] in text_of(segment_row)
    assert "<summary># Not a heading &#124; {{ 7*7 }} &lt;b&gt;bold?&lt;/b&gt;</summary>" in faq
    assert "Safe <strong>bold</strong>" in faq
    assert "{{ 7*7 }} and {% raw %}" in faq


def test_generate_writes_a_site_any_engine_can_build(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    result = run_cli("generate", "--root", str(DATA / "portfolio"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    config = (out / "mkdocs.yml").read_text()
    assert "- productdocs" not in config and "plugins:\n- search\n- tags\n" in config
    assert (out / "docs" / "products" / "atlas" / "battlecards" / "initech.md").is_file()
    assert (out / "docs" / "guide.md").is_file()
    site = tmp_path / "plain-site"
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                            str(out / "mkdocs.yml"), "-d", str(site)],
                           capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    reference = tmp_path / "plugin-site"
    build(DATA / "portfolio", reference)
    assert built_urls(site) == built_urls(reference)
    assert text_of(html(site, "products/atlas/battlecards/initech/")).count("Faster setup") == 1


def test_generate_refuses_to_write_into_the_portfolio(portfolio: Path) -> None:
    result = run_cli("generate", "--root", str(portfolio), "--out", str(portfolio / "content"))
    assert result.returncode == 2
    assert (portfolio / "content" / "guide.md").is_file()


def test_handwritten_nav_keeps_working(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "nav:\n  - Start: guide.md\n"
                      "  - Atlas: products/atlas/index.md\n", encoding="utf-8")
    site = tmp_path / "site"
    build(root, site)
    page = html(site, "guide/")
    nav = page[page.index('class="md-nav md-nav--primary"'):]
    assert re.search(r'>\s*Start\s*<', nav) and re.search(r'>\s*Atlas\s*<', nav)
    assert "Competitors" not in nav[:nav.index("</nav>")]


def test_build_output_does_not_depend_on_where_it_is_built(tmp_path: Path) -> None:
    first, second = tmp_path / "one" / "site", tmp_path / "two" / "site"
    build(DATA / "portfolio", first)
    build(DATA / "portfolio", second)
    assert html(first, "products/atlas/") == html(second, "products/atlas/")
    shutil.rmtree(tmp_path / "two")
