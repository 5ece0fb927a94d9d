"""Builds keep converted pages between runs: a warm build is the cold build, byte for byte.

The reference is MkDocs converting every page itself (cache off, one process). Each test
names its own cache folder, so the runs are as cold or as warm as the test says.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from test_prerender import fingerprint

from conftest import REPO, copy_example, run_cli

AS_OF = "2026-11-23"
REUSED = re.compile(r"productdocs: of ([\d,]+) generated pages, ([\d,]+) converted and "
                    r"([\d,]+) laid out were taken from the page cache")
NOT_RENDERED = re.compile(r"productdocs: ([\d,]+) pages were not rendered again")
MKDOCS_ITSELF = {"PRODUCTDOCS_CACHE": "off", "PRODUCTDOCS_WORKERS": "1"}
HEADER_TITLE = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*'
                          r'([^<]*?)\s*</span>')


def build(root: Path, site: Path, env: dict[str, str]) -> tuple[int, int, int]:
    """Build `root` into `site`; (generated pages, conversions and laid-out pages taken
    from the cache), all 0 when the build does not use the cache."""
    return build_counting(root, site, env)[:3]  # type: ignore[return-value]


def build_counting(root: Path, site: Path, env: dict[str, str]) -> tuple[int, int, int, int]:
    """build(), and how many pages' Markdown was taken from the cache."""
    result = run_cli("build", "--root", str(root), "--site-dir", str(site), "--as-of", AS_OF,
                     env=env)
    assert result.returncode == 0, result.stderr
    not_rendered = NOT_RENDERED.search(result.stderr)
    kept = int(not_rendered[1].replace(",", "")) if not_rendered else 0
    found = REUSED.search(result.stderr)
    if found is None:
        return 0, 0, 0, kept
    pages, converted, laid_out = (int(number.replace(",", "")) for number in found.groups())
    return pages, converted, laid_out, kept


def synthetic(folder: Path, products: int) -> Path:
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "portfolio.py"), "--products",
                    str(products), "--out", str(folder)], check=True, capture_output=True)
    return folder


def test_a_warm_build_of_the_example_is_the_cold_build(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    named_battlecards_and_footer_links(root)  # what Material's stencils must get right
    cache = {"PRODUCTDOCS_CACHE": str(tmp_path / "cache")}
    pages, converted, laid_out = build(root, tmp_path / "cold", cache)
    assert (pages > 50, converted, laid_out) == (True, 0, 0)
    warm = build_counting(root, tmp_path / "warm", cache)
    assert warm[:3] == (pages, pages, pages)
    assert pages / 2 < warm[3] < pages  # product pages; not those reading other products
    assert build(root, tmp_path / "reference", MKDOCS_ITSELF) == (0, 0, 0)
    reference = fingerprint(tmp_path / "reference")
    assert fingerprint(tmp_path / "cold") == reference
    assert fingerprint(tmp_path / "warm") == reference
    shows_named_battlecards_and_footer_links(tmp_path / "cold")

    # One product changed: its pages are rendered again, the other products' are not.
    product = root / "products" / "dock.yml"
    product.write_text(product.read_text(encoding="utf-8").replace(
        "tagline: ", "tagline: Changed. ", 1), encoding="utf-8")
    changed = build_counting(root, tmp_path / "changed", cache)
    dock_pages = len(list((tmp_path / "warm" / "products" / "dock").rglob("index.html")))
    assert changed[3] == warm[3] - dock_pages, (changed, warm, dock_pages)
    build(root, tmp_path / "changed-reference", MKDOCS_ITSELF)
    assert fingerprint(tmp_path / "changed") == fingerprint(tmp_path / "changed-reference")
    assert "Changed. Carriers book" in (tmp_path / "changed" / "products" / "dock" /
                                        "index.html").read_text(encoding="utf-8")


def named_battlecards_and_footer_links(root: Path) -> None:
    """Make the example test what Material's blocks laid out once per kind of page
    (generator/stencils.py) must still get right: a header showing the title named in a
    page's front matter, and, with navigation.footer, a footer linking each page to its
    neighbours (values of the page a stencil does not stand in for: Jinja lays it out)."""
    battlecard = root / "templates" / "battlecard.md.j2"
    template = battlecard.read_text(encoding="utf-8")
    assert "---\ntags:" in template
    battlecard.write_text(template.replace(
        "---\ntags:", "---\ntitle: \"Battlecard: {{ competitor.name }}\"\ntags:", 1),
        encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.tabs\n" in text
    config.write_text(text.replace("    - navigation.tabs\n",
                                   "    - navigation.tabs\n    - navigation.footer\n", 1),
                      encoding="utf-8")


def shows_named_battlecards_and_footer_links(site: Path) -> None:
    page = (site / "personas" / "index.html").read_text(encoding="utf-8")
    assert "md-footer__link--prev" in page and "md-footer__link--next" in page
    named = [path.read_text(encoding="utf-8") for path in
             (site / "products").glob("*/battlecards/*/index.html")
             if path.parent.name != "features"]
    assert len(named) > 5 and all(HEADER_TITLE.search(page)[1].startswith("Battlecard: ")
                                  for page in named)


def test_changed_added_and_removed_products_build_as_from_scratch(tmp_path: Path) -> None:
    root = synthetic(tmp_path / "portfolio", 50)
    cache = {"PRODUCTDOCS_CACHE": str(tmp_path / "cache")}
    before, _, _ = build(root, tmp_path / "cold", cache)

    products = root / "products"
    portfolio = (products / "portfolio.yml").read_text(encoding="utf-8")
    files = sorted(path for path in products.glob("*.yml") if path.name != "portfolio.yml")
    changed = files[10]
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "tagline: ", "tagline: Changed since the last build. ", 1), encoding="utf-8")
    removed = next(path for path in files if path.stem not in portfolio and path != changed)
    removed.unlink()
    larger = synthetic(tmp_path / "larger", 60)
    added = next(path for path in sorted((larger / "products").glob("*.yml"))
                 if path.name not in {file.name for file in files} | {"portfolio.yml"}
                 and re.search(r"^category: (.+)$", path.read_text(encoding="utf-8"), re.M)[1]
                 in portfolio)
    shutil.copyfile(added, products / added.name)

    pages, converted, laid_out = build(root, tmp_path / "warm", cache)
    assert pages > 500 and abs(pages - before) < 20
    # The changed and the added product's pages and the pages that list products are
    # converted again. Laid out again are also the pages whose sidebar changed: the
    # removed product's category neighbours, or every product page when it was the first
    # of its category (the sidebar links each category to its first product).
    assert pages - 100 < converted < pages - 5, (converted, pages)
    assert laid_out <= converted
    build(root, tmp_path / "reference", MKDOCS_ITSELF)
    warm, reference = fingerprint(tmp_path / "warm"), fingerprint(tmp_path / "reference")
    assert f"products/{added.stem}/index.html" in warm
    assert f"products/{removed.stem}/index.html" not in warm
    changed_page = (tmp_path / "warm" / "products" / changed.stem / "index.html").read_text(
        encoding="utf-8")
    assert "Changed since the last build." in changed_page
    assert warm == reference


def test_a_cached_page_whose_link_target_is_gone_fails_like_a_cold_build(
        tmp_path: Path) -> None:
    """A converted page is kept with the pages it links to: when one is removed, the page
    is converted again and the broken link is reported, as without the cache."""
    root = copy_example(tmp_path / "example")
    (root / "templates" / "faq.md.j2").write_text(
        "# {{ product.name }} FAQ\n\n[How we sell](../../how-we-sell.md)\n",
        encoding="utf-8")
    cache = {"PRODUCTDOCS_CACHE": str(tmp_path / "cache")}
    build(root, tmp_path / "first", cache)
    (root / "content" / "how-we-sell.md").unlink()
    result = run_cli("build", "--root", str(root), "--site-dir", str(tmp_path / "second"),
                     "--as-of", AS_OF, env=cache)
    assert result.returncode == 1
    assert "contains a link '../../how-we-sell.md', but the target 'how-we-sell.md' is " \
        "not found among documentation files." in result.stderr


def test_the_cache_off_writes_no_cache(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    home = tmp_path / "home"
    build(root, tmp_path / "site", {"PRODUCTDOCS_CACHE": "off", "XDG_CACHE_HOME": str(home),
                                    "HOME": str(home)})
    assert not home.exists() or not any(home.rglob("*"))


def test_the_cache_stays_within_its_size_and_still_builds_the_same(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    cache = tmp_path / "cache"
    bounded = {"PRODUCTDOCS_CACHE": str(cache), "PRODUCTDOCS_CACHE_MB": "1"}
    build(root, tmp_path / "unbounded", {"PRODUCTDOCS_CACHE": str(tmp_path / "other")})
    everything = sum(path.stat().st_size for path in (tmp_path / "other").rglob("*")
                     if path.is_file())
    assert everything > 2 * 1024 * 1024  # so that 1 MB is a real bound
    for site in ("first", "second"):
        build(root, tmp_path / site, bounded)
        kept = sum(path.stat().st_size for path in cache.rglob("*") if path.is_file())
        assert kept <= 1024 * 1024
    assert fingerprint(tmp_path / "second") == fingerprint(tmp_path / "unbounded")


def test_two_builds_at_once_share_one_cache(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    environment = {**os.environ, "PRODUCTDOCS_CACHE": str(tmp_path / "cache")}
    running = [subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--site-dir",
         str(tmp_path / name), "--as-of", AS_OF], cwd=REPO, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for process in running:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    build(root, tmp_path / "after", {"PRODUCTDOCS_CACHE": str(tmp_path / "cache")})
    assert fingerprint(tmp_path / "a") == fingerprint(tmp_path / "b") == fingerprint(
        tmp_path / "after")


def test_a_damaged_cache_entry_is_made_again(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    cache = tmp_path / "cache"
    build(root, tmp_path / "first", {"PRODUCTDOCS_CACHE": str(cache)})
    entries = sorted((cache / "pages").rglob("*.py*-m*"))
    for entry in entries[: len(entries) // 2]:
        entry.write_bytes(entry.read_bytes()[:40])  # cut short, as by a full disk
    pages, converted, _ = build(root, tmp_path / "second", {"PRODUCTDOCS_CACHE": str(cache)})
    assert 0 < converted < pages
    assert fingerprint(tmp_path / "second") == fingerprint(tmp_path / "first")


def test_a_finished_page_trimmed_from_the_cache_is_laid_out_again(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    cache = tmp_path / "cache"
    build(root, tmp_path / "first", {"PRODUCTDOCS_CACHE": str(cache)})
    finished = sorted((cache / "pages").rglob("*.html.py*"))
    assert finished
    for page in finished:
        page.unlink()  # trimmed, while the pages' conversions stay
    build(root, tmp_path / "second", {"PRODUCTDOCS_CACHE": str(cache)})
    assert fingerprint(tmp_path / "second") == fingerprint(tmp_path / "first")
    assert sorted((cache / "pages").rglob("*.html.py*")) == finished
