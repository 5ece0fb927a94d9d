"""`productdocs check-public SITE`: leaks planted into a real public build of the example
are each reported with the file of SITE and the line of the YAML they come from; a clean
build passes; a file it cannot read fails the check.

Expected source lines are looked up in the YAML files, never typed: the example changes.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from repository import Repository

from conftest import copy_example, copy_portfolio, run_cli
from generator.phrases import phrases
from generator.public_texts import portfolio_texts
from generator.validate import validate

DOCK_PDF = "products/dock/whitepaper/keelson-dock-whitepaper.pdf"


def lines_with(root: Path, source: str, text: str) -> list[int]:
    """The lines of `source` (under root) on which `text` is."""
    found = [number for number, line in
             enumerate((root / source).read_text().splitlines(), start=1) if text in line]
    assert found, f"{text!r} is not in {source}"
    return found


def line_with(root: Path, source: str, text: str) -> int:
    return lines_with(root, source, text)[0]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example portfolio (outside git) and its public build."""
    root = copy_example(tmp_path_factory.mktemp("check") / "example")
    site = root.parent / "site-public"
    result = run_cli("build", "--root", str(root), "--audience", "public",
                     "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return root, site


@pytest.fixture
def site(example: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the clean public build to plant leaks in."""
    return Path(shutil.copytree(example[1], tmp_path / "site"))


def check(root: Path, site: Path) -> tuple[int, list[str]]:
    result = run_cli("check-public", "--root", str(root), str(site))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout.splitlines()


def add_to_page(site: Path, page: str, html: str) -> None:
    path = site / page
    text = path.read_text(encoding="utf-8")
    assert "</article>" in text
    path.write_text(text.replace("</article>", f"{html}</article>", 1), encoding="utf-8")


def test_a_clean_public_build_passes(example: tuple[Path, Path]) -> None:
    root, site = example
    code, lines = check(root, site)
    files = sum(1 for path in site.rglob("*") if path.is_file())
    assert code == 0, lines
    assert lines[-1].startswith(f"no internal content in {files} files of {site}")
    assert all(line.startswith("warning: ") for line in lines[:-1])
    # A public feature named again in a battlecard's comparison is not a quote to warn of.
    assert not [line for line in lines if "comparison" in line]


def test_a_battlecard_sentence_in_a_page(example: tuple[Path, Path], site: Path) -> None:
    root, _ = example
    sentence = "Never compete on the free tier; change the question to capacity and dwell time."
    add_to_page(site, "products/dock/index.html", f"<p>{sentence.replace(';', ';<br>')}</p>")
    code, lines = check(root, site)
    assert code == 1
    line = line_with(root, "products/dock.yml", "Never compete on the free tier")
    assert lines[0] == (f"{site}/products/dock/index.html: internal text from "
                        f"products/dock.yml:{line} (competitors[0].summary)")
    assert lines[-1].startswith("1 problem in ")


def test_a_pricing_line_in_the_search_index(example: tuple[Path, Path], site: Path) -> None:
    root, _ = example
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text())
    data["docs"][3]["text"] += ("<ul><li>Paid pilots: 90 days at 50%, credited if signed; "
                                "regional director approves.</li></ul>")
    index.write_text(json.dumps(data))
    code, lines = check(root, site)
    assert code == 1
    line = line_with(root, "products/dock.yml", "Paid pilots: 90 days")
    assert lines[0] == (f"{site}/search/search_index.json: internal text from "
                        f"products/dock.yml:{line} (pricing.discounting)")


def test_an_internal_page_in_the_sitemap(example: tuple[Path, Path], site: Path) -> None:
    root, _ = example
    sitemap = site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text().replace("</urlset>", (
        "<url><loc>https://products.keelson.example/products/dock/battlecards/slotwise/</loc>"
        "</url></urlset>")))
    code, lines = check(root, site)
    assert code == 1
    assert lines[0] == (f"{site}/sitemap.xml: links to internal page "
                        "products/dock/battlecards/slotwise/ (battlecard)")


def test_a_gzipped_sitemap_entry(example: tuple[Path, Path], site: Path) -> None:
    root, _ = example
    packed = site / "sitemap.xml.gz"
    text = gzip.decompress(packed.read_bytes()).decode()
    packed.write_bytes(gzip.compress(text.replace("</urlset>", (
        "<url><loc>https://products.keelson.example/personas/carrier-manager/</loc></url>"
        "</urlset>")).encode()))
    code, lines = check(root, site)
    assert code == 1
    assert lines[0] == (f"{site}/sitemap.xml.gz: links to internal page "
                        "personas/carrier-manager/ (persona)")


def test_a_persona_name_in_a_pdf(example: tuple[Path, Path], site: Path) -> None:
    import weasyprint

    root, _ = example
    weasyprint.HTML(string="<h1>Written for</h1><p>Carrier Manager Carlos, who runs the "
                    "tender.</p>").write_pdf(site / DOCK_PDF)
    code, lines = check(root, site)
    assert code == 1
    assert lines[0] == (f"{site}/{DOCK_PDF}: internal text from "
                        "products/personas/carrier-manager.yml:2 (name)")


def test_owner_content_page_commitless_fields_and_attributes(example: tuple[Path, Path],
                                                             site: Path) -> None:
    """Fields no list names (business case, owner), hand-written pages not marked public,
    attribute values and JSON of any shape are all looked into."""
    root, _ = example
    add_to_page(site, "products/dock/faq/index.html",
                '<img alt="Capacity-based scheduling; Slotwise only knows fixed slots per door"'
                ' src="x.png"><p>Ask Aisha <em>Okafor</em></p>'
                '<!-- Internal: who to ask when a deal needs help. -->')
    (site / "api").mkdir(exist_ok=True)  # the public API is there already
    (site / "api" / "products.json").write_text(json.dumps({"products": [{"slug": "dock", "case": [
        "Build a dock scheduling product on the Yard event platform, sold first into the "
        "Yard install base."]}]}))
    code, lines = check(root, site)
    assert code == 1
    dock = "products/dock.yml"
    owner, battlecard_owner = lines_with(root, dock, "owner: Aisha Okafor")
    card = sum(1 for line in (root / dock).read_text().splitlines()[:battlecard_owner]
               if line.startswith("  - competitor: ")) - 1
    faq = f"{site}/products/dock/faq/index.html: internal text from"
    assert lines == [
        f"{site}/api/products.json: internal text from {dock}:"
        f"{line_with(root, dock, 'Build a dock scheduling product')} (business_case.summary)",
        f"{faq} content/sales-desk.md:{line_with(root, 'content/sales-desk.md', 'who to ask')}"
        " (page text)",
        f"{faq} {dock}:{owner} (owner)",
        f"{faq} {dock}:{line_with(root, dock, 'Capacity-based scheduling; Slotwise')} "
        "(competitors[0].how_we_win[0].point)",
        f"{faq} {dock}:{battlecard_owner} (competitors[{card}].owner)",
        *[line for line in lines if line.startswith("warning: ")],
        lines[-1]]


def test_a_pitch_deck_and_an_internal_page(example: tuple[Path, Path], site: Path) -> None:
    """A .pptx is read member by member, a word split over two runs of text too; a page
    only the internal site has is reported once, by its URL, and so is a link to one."""
    root, _ = example
    slide = ('<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
             'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:txBody>'
             "<a:p><a:r><a:t>What happens when a trailer that is already in the ya</a:t></a:r>"
             "<a:r><a:t>rd needs a door?</a:t></a:r></a:p></p:txBody></p:sld>")
    deck = io.BytesIO()
    with zipfile.ZipFile(deck, "w") as archive:
        archive.writestr("ppt/slides/slide1.xml", slide)
    (site / "downloads").mkdir()
    (site / "downloads" / "dock.pptx").write_bytes(deck.getvalue())
    playbook = site / "products" / "dock" / "playbook" / "index.html"
    playbook.parent.mkdir()
    playbook.write_text("<html><body><p>Qualify on door count.</p></body></html>")
    add_to_page(site, "products/dock/index.html", '<a href="playbook/">Playbook</a>')
    code, lines = check(root, site)
    assert code == 1
    line = line_with(root, "products/dock.yml", "What happens when a trailer that is already")
    assert lines[:3] == [
        f"{site}/downloads/dock.pptx: internal text from products/dock.yml:{line} "
        "(competitors[0].landmines[1])",
        f"{site}/products/dock/index.html: links to internal page products/dock/playbook/ "
        "(playbook)",
        f"{site}/products/dock/playbook/index.html: internal page products/dock/playbook/ "
        "(playbook)"]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("search/search_index.json", b'{"docs": [', "not valid JSON"),
    ("sitemap.xml.gz", b"\x1f\x8b\x08\x00 not really gzip", "not a readable gzip file"),
    ("sitemap.xml", b"<urlset><url>", "not valid XML"),
    (DOCK_PDF, b"%PDF-1.7\nnothing else", "not a readable PDF"),
    ("downloads/deck.pptx", b"PK\x03\x04 cut short", "not a readable zip archive"),
    ("products/dock/index.html", b"<p>caf\xe9</p>", "not UTF-8 text"),
])
def test_a_file_it_cannot_read_fails_closed(example: tuple[Path, Path], site: Path, name: str,
                                           content: bytes, reason: str) -> None:
    root, _ = example
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(content)
    code, lines = check(root, site)
    assert code == 1
    assert lines[0].startswith(f"{site}/{name}: cannot be read: {reason}")
    assert lines[0].endswith("; a file the check cannot read fails it")


def test_public_text_quoting_internal_text_is_a_warning(tmp_path: Path) -> None:
    """A PM may publish a sentence that also is in a battlecard: reported, not failed."""
    root = copy_portfolio(tmp_path / "portfolio")
    atlas = root / "products" / "atlas.yml"
    atlas.write_text(atlas.read_text().replace(
        "answer: Yes, a REST API.", "answer: Yes. How long did your last Initech upgrade take?"))
    site = tmp_path / "site"
    assert run_cli("build", "--root", str(root), "--audience", "public",
                   "--site-dir", str(site)).returncode == 0
    code, lines = check(root, site)
    assert code == 0, lines
    assert lines == [
        f"warning: products/atlas.yml:{line_with(root, 'products/atlas.yml', 'answer: Yes.')} "
        "(faqs[0].answer) is public and quotes internal text from products/atlas.yml:"
        f"{line_with(root, 'products/atlas.yml', 'landmines:')} (competitors[0].landmines[0]) "
        "word for word; it is published because it is marked public",
        f"no internal content in {sum(1 for p in site.rglob('*') if p.is_file())} files of "
        f"{site}, 1 warning"]


def test_commit_messages_and_authors_are_internal(tmp_path: Path) -> None:
    repository = Repository(tmp_path / "portfolio")
    repository.edit("products/atlas.yml", "Faster setup", "Setup in a day")
    sha = repository.commit("Atlas battlecard reworded after the October win review",
                            "2026-10-12")
    site = tmp_path / "site"
    assert run_cli("build", "--root", str(repository.root), "--audience", "public",
                   "--site-dir", str(site)).returncode == 0
    add_to_page(site, "index.html", "<p>Atlas battlecard reworded after the October win "
                "review, by Dana Whitfield</p>")
    code, lines = check(repository.root, site)
    assert code == 1
    assert lines[:3] == [
        f"{site}/index.html: internal text from commit {sha[:7]} (commit author)",
        f"{site}/index.html: internal text from commit {sha[:7]} (commit message)",
        f"{site}/index.html: internal text from products/atlas.yml:4 (owner)"]


def test_exit_codes(example: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = example
    empty = tmp_path / "empty"
    empty.mkdir()
    code, lines = check(root, empty)
    assert code == 1
    assert lines[0] == f"{empty}: no index.html; this is not a built site"
    result = run_cli("check-public", "--root", str(root), str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    broken = copy_portfolio(tmp_path / "broken")
    (broken / "products" / "atlas.yml").write_text("name: Atlas\n")
    result = run_cli("check-public", "--root", str(broken), str(empty))
    assert result.returncode == 1
    assert "products/atlas.yml:1:1: error:" in result.stderr
    assert "the portfolio must validate before its public site can be checked" in result.stderr


def test_texts_are_public_only_where_the_public_build_shows_them(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    portfolio = validate(root).portfolio
    assert portfolio is not None
    texts = portfolio_texts(portfolio, root)
    public = {(origin.source, origin.field) for origin, _ in texts.public}
    internal = {(origin.source, origin.field) for origin, _ in texts.internal}
    atlas = "products/atlas.yml"
    assert {(atlas, "name"), (atlas, "faqs[0].question"), (atlas, "positioning.target"),
            ("products/portfolio.yml", "company.name")} <= public
    assert {(atlas, "owner"), (atlas, "faqs[1].question"), (atlas, "competitors[0].summary"),
            (atlas, "competitors[0].landmines[0]"), (atlas, "personas[0].messaging")} \
        & public == set()
    assert {(atlas, "owner"), (atlas, "faqs[1].question"), (atlas, "competitors[0].landmines[0]"),
            (atlas, "personas[0].messaging")} <= internal
    assert not public & internal


def test_what_counts_as_a_text() -> None:
    """A whole value of two words or more, or a sentence of five or more; never numbers,
    ids or link targets, which pages show without leaking anything."""
    assert phrases("Yes") == phrases("2.8") == phrases("$1,290") == []
    assert phrases("$1,290 per site") == [("1", "290", "per", "site")]
    assert phrases("edi-connect") == []
    assert phrases("Aisha Okafor") == [("aisha", "okafor")]
    assert phrases("Win him early. He lives in rate sheets and scorecards.") == [
        ("he", "lives", "in", "rate", "sheets", "and", "scorecards")]
    assert phrases("See [the **pricing** guide](https://x.example/p) before quoting a "
                   "discount.\n- Don’t  promise dates") == [
        ("see", "the", "pricing", "guide", "before", "quoting", "a", "discount")]
    assert phrases("- Don’t  promise dates") == [("don't", "promise", "dates")]
