"""Large sites convert their pages on every core; the site is the same byte for byte."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_cli


def fingerprint(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_converting_on_two_processes_builds_the_same_site(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "portfolio.py"), "--products",
                    "30", "--out", str(root)], check=True, capture_output=True)
    sites = {}
    for workers in ("1", "2"):
        site = tmp_path / f"site-{workers}"
        result = run_cli("build", "--root", str(root), "--site-dir", str(site), "--as-of",
                         "2026-11-23", env={"PRODUCTDOCS_WORKERS": workers,
                                            "PRODUCTDOCS_CACHE": "off"})
        assert result.returncode == 0, result.stderr
        sites[workers] = fingerprint(site)
    # One process and no cache: MkDocs converts every page itself, the reference.
    pages = [name for name in sites["1"] if name.endswith(".html")]
    assert len(pages) > 300
    assert sites["1"] == sites["2"]


def test_a_broken_link_found_while_converting_elsewhere_is_reported_and_fails(
        tmp_path: Path) -> None:
    """MkDocs' warnings in the converting processes are logged again by the build."""
    root = tmp_path / "portfolio"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "portfolio.py"), "--products",
                    "30", "--out", str(root)], check=True, capture_output=True)
    templates = root / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "faq.md.j2").write_text(
        "# {{ product.name }} FAQ\n\n[Ask the desk](../../desk-that-does-not-exist.md)\n",
        encoding="utf-8")
    result = run_cli("build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                     "--as-of", "2026-11-23", env={"PRODUCTDOCS_WORKERS": "2",
                                                   "PRODUCTDOCS_CACHE": "off"})
    assert result.returncode == 1
    assert "contains a link '../../desk-that-does-not-exist.md', but the target " \
        "'desk-that-does-not-exist.md' is not found among documentation files." in result.stderr
    assert "desk-that-does-not-exist.md (on /products/zephyr-anchor/faq/), which is not in " \
        "the internal site; fix or remove the link" in result.stderr


def test_rendering_on_two_processes_gives_the_same_pages(tmp_path: Path, monkeypatch) -> None:
    from datetime import date

    from generator.audience import Build
    from generator.render import PARALLEL_PAGES, render
    from generator.validate import validate

    root = tmp_path / "portfolio"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "portfolio.py"), "--products",
                    "95", "--out", str(root)], check=True, capture_output=True)
    portfolio = validate(root).portfolio
    sites = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("PRODUCTDOCS_WORKERS", workers)
        site = render(portfolio, Build.internal, date(2026, 11, 23), root=root)
        sites[workers] = {path: page.markdown for path, page in site.pages.items()}
    assert len(sites["1"]) >= PARALLEL_PAGES
    assert sites["1"] == sites["2"]
