"""Broken or hostile input loses nothing and leaks nothing; the same input, the same site."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

from conftest import REPO, run_cli


def build(root: Path, site: Path, *extra: str, env: dict[str, str] | None = None
          ) -> tuple[int, str]:
    result = run_cli("build", "--root", str(root), "--site-dir", str(site), *extra, env=env)
    return result.returncode, result.stderr


def fingerprint(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(portfolio: Path, tmp_path: Path
                                                           ) -> None:
    site = tmp_path / "site"
    assert build(portfolio, site)[0] == 0
    before = fingerprint(site)
    product = portfolio / "products" / "atlas.yml"
    product.write_text(product.read_text().replace("lifecycle: in-life", "lifecycle: beta"))
    code, errors = build(portfolio, site)
    assert code == 1
    assert "products/atlas.yml:6:12: error: lifecycle: 'beta'" in errors
    assert fingerprint(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio", "site"]


def test_a_late_failure_leaves_the_previous_site_untouched(portfolio: Path, tmp_path: Path
                                                           ) -> None:
    """A page linking to a page that is not built fails after MkDocs wrote its output."""
    site = tmp_path / "site"
    assert build(portfolio, site)[0] == 0
    before = fingerprint(site)
    (portfolio / "content" / "guide.md").write_text(
        "---\naudience: public\n---\n# Guide\n\n<a href='missing/'>gone</a>\n")
    code, errors = build(portfolio, site)
    assert code == 1
    assert ("content/guide.md:6:10: error: links to missing/ (on /guide/), which is not in "
            "the internal site; fix or remove the link") in errors
    assert fingerprint(site) == before


def test_a_build_writes_nothing_into_the_portfolio(portfolio: Path, tmp_path: Path) -> None:
    templates = portfolio / "templates"
    templates.mkdir()
    (templates / "faq.md.j2").write_text('{% extends "default/faq.md.j2" %}\n')
    before = fingerprint(portfolio)
    assert build(portfolio, tmp_path / "site")[0] == 0
    assert build(portfolio, tmp_path / "public", "--audience", "public")[0] == 0
    assert fingerprint(portfolio) == before


def test_same_inputs_give_the_same_site_byte_for_byte(tmp_path: Path) -> None:
    sites = []
    for seed in ("1", "4242"):
        site = tmp_path / f"site-{seed}"
        environment = {"PYTHONHASHSEED": seed}
        environment.pop("SOURCE_DATE_EPOCH", None)
        code, errors = build(REPO, site, env=environment)
        assert code == 0, errors
        sites.append(fingerprint(site))
    assert sites[0] == sites[1]
    assert len(sites[0]) > 50


def test_sitemap_dates_come_from_the_source_date(portfolio: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(portfolio, site, env={"SOURCE_DATE_EPOCH": "1767225600"})[0] == 0
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://products.testco.example/products/atlas/</loc>" in sitemap
    assert "<lastmod>2026-01-01</lastmod>" in sitemap
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read() == (site / "sitemap.xml").read_bytes()
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == (1767225600).to_bytes(4, "little")


def test_pymdownx_snippets_is_refused_in_a_public_build(portfolio: Path, tmp_path: Path
                                                         ) -> None:
    config = portfolio / "mkdocs.yml"
    config.write_text(config.read_text() + "markdown_extensions:\n  - pymdownx.snippets\n")
    code, errors = build(portfolio, tmp_path / "public", "--audience", "public")
    assert code == 1
    assert "pymdownx.snippets can copy any file of the repository into a page" in errors
    assert not (tmp_path / "public").exists()
    assert build(portfolio, tmp_path / "internal")[0] == 0


def test_mkdocs_macros_is_refused(portfolio: Path, tmp_path: Path) -> None:
    config = portfolio / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - productdocs", "  - macros\n  - productdocs"))
    code, errors = build(portfolio, tmp_path / "site")
    assert code == 1
    assert "mkdocs-macros renders pages as Jinja" in errors


def test_the_example_site_enables_nothing_that_renders_pages_as_jinja() -> None:
    config = (REPO / "mkdocs.yml").read_text()
    for plugin in ("macros", "mkdocs-simple-hooks", "jinja"):
        assert f"- {plugin}" not in config


def test_public_assets_are_opt_in(portfolio: Path, tmp_path: Path) -> None:
    images = portfolio / "content" / "images"
    images.mkdir()
    (images / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (portfolio / "content" / "deal-sheet.csv").write_text("plan,price\nGold,100\n")
    public = tmp_path / "public"
    assert build(portfolio, public, "--audience", "public")[0] == 0
    assert not (public / "images" / "logo.svg").exists()
    assert not (public / "deal-sheet.csv").exists()
    config = portfolio / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - productdocs", "  - productdocs:\n      public_assets: ['images/*']"))
    assert build(portfolio, public, "--audience", "public")[0] == 0
    assert (public / "images" / "logo.svg").exists()
    assert not (public / "deal-sheet.csv").exists()


def test_a_public_page_linking_to_an_internal_page_fails_the_build(portfolio: Path,
                                                                   tmp_path: Path) -> None:
    (portfolio / "content" / "desk.md").write_text("# Deal desk (internal)\n")
    (portfolio / "content" / "guide.md").write_text(
        "---\naudience: public\n---\n# Guide\n\nAsk the [deal desk](desk.md).\n")
    assert build(portfolio, tmp_path / "internal")[0] == 0
    code, errors = build(portfolio, tmp_path / "public", "--audience", "public")
    assert code == 1
    assert "desk.md" in errors
    assert not (tmp_path / "public").exists()


def test_audience_from_the_environment_reaches_plain_mkdocs(portfolio: Path, tmp_path: Path
                                                            ) -> None:
    import subprocess
    import sys

    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=portfolio,
        capture_output=True, text=True,
        env={**os.environ, "PRODUCTDOCS_AUDIENCE": "public"})
    assert result.returncode == 0, result.stderr
    assert (site / "products" / "atlas" / "index.html").exists()
    assert not (site / "products" / "atlas" / "battlecards").exists()
    assert not (site / "personas").exists()
