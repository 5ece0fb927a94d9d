"""A saved file while `serve` runs the whole site: only what it changes is redone, and the
site is then the site a full build makes of the same files, byte for byte.

tests/serve_steps.py does what `serve` does on each save, without the web server; the
reference is a fresh process building the saved files once, with no page cache.
test_serve.py runs the real server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_prerender import fingerprint

from conftest import REPO, copy_example

AS_OF = "2026-11-23"
STEPS = REPO / "tests" / "serve_steps.py"


def serve_steps(root: Path, site: Path, *edits: str, cache: Path | None = None,
                audience: str = "internal") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(STEPS), str(root), str(site), AS_OF, *edits], cwd=REPO,
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PRODUCTDOCS_CACHE": str(cache) if cache else "off",
             "PRODUCTDOCS_AUDIENCE": audience})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def updates(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if " saved; updated " in line]


def assert_built_as_from_scratch(root: Path, site: Path, tmp_path: Path,
                                 audience: str = "internal") -> None:
    reference = tmp_path / "reference"
    serve_steps(root, reference, audience=audience)
    assert fingerprint(site) == fingerprint(reference)


def test_saved_product_and_persona_files_update_in_place_as_a_full_build_would(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    site = tmp_path / "site"
    result = serve_steps(
        root, site,
        "products/dock.yml::tagline: Carriers::tagline: Saved once. Carriers",
        "products/dock.yml::No. Carrier booking is free::No. Booking stays free",
        # What vim and JetBrains editors write next to a file while saving it.
        "products/.dock.yml.swp::::b0VIM 9.0",
        "products/dock.yml___jb_tmp___::::name: Keelson Dock",
        "products/personas/carrier-manager.yml::Runs the annual::Still runs the annual",
        cache=tmp_path / "cache")
    assert result.stdout.count("full build") == 0, result.stderr
    saved = updates(result)
    assert len(saved) == 3, result.stderr
    # The product's own page and the pages that list it, not the whole site.
    assert saved[0].startswith("productdocs: products/dock.yml saved; updated index.md, "
                               "products/index.md, products/dock/index.md"), saved[0]
    assert "products/dock/faq.md" in saved[1] and "products/dock/index.md" not in saved[1]
    assert "products/dock/personas.md" in saved[2]
    page = (site / "products" / "dock" / "index.html").read_text(encoding="utf-8")
    assert "Saved once. Carriers book themselves" in page
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Booking stays free" in index and "No. Carrier booking is free" not in index
    assert_built_as_from_scratch(root, site, tmp_path)


def test_what_cannot_be_done_in_place_is_said_and_built_in_full(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    site = tmp_path / "site"
    result = serve_steps(
        root, site,
        "products/dock.yml::name: Keelson Dock::name: Keelson Dock Planner",
        "templates/faq.md.j2::# ::# Questions: ",
        "products/dock.yml::lifecycle: in-life::lifecycle: beta",
        "products/dock.yml::lifecycle: beta::lifecycle: in-life",
        cache=tmp_path / "cache")
    lines = [line for line in result.stderr.splitlines() if "building the whole site" in line]
    assert lines == [
        "productdocs: pages were added, removed or renamed; building the whole site",
        "productdocs: templates/faq.md.j2 was changed; building the whole site",
    ], result.stderr
    assert result.stdout.count("full build") == 2
    # A file saved with an error shows it on that product's pages at once; fixed, they
    # are redone like any save.
    assert "products/dock.yml:7:12: error: lifecycle: 'beta'" in result.stderr
    assert "productdocs: products/dock.yml saved with errors; shown on " in result.stderr
    assert len(updates(result)) == 1
    assert "Keelson Dock Planner" in (site / "products" / "index.html").read_text(
        encoding="utf-8")
    assert_built_as_from_scratch(root, site, tmp_path)


def test_serving_the_public_site_updates_in_place_with_only_public_pages(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    site = tmp_path / "site"
    landmine = "How does the schedule know that a floor-loaded container"
    result = serve_steps(
        root, site,
        "products/dock.yml::tagline: Carriers::tagline: Saved in public. Carriers",
        f"products/dock.yml::{landmine}::Secret landmine. {landmine}",
        cache=tmp_path / "cache", audience="public")
    assert result.stdout.count("full build") == 0, result.stderr
    saved = updates(result)
    assert len(saved) == 2, result.stderr
    # A battlecard is internal: changing it changes nothing the public site shows.
    assert " saved; updated nothing (no page changed) in " in saved[1], saved[1]
    files = [path for path in site.rglob("*") if path.is_file()]
    assert not any("Secret landmine" in path.read_text(encoding="utf-8", errors="replace")
                   for path in files)
    assert "Saved in public." in (site / "products" / "dock" / "index.html").read_text(
        encoding="utf-8")
    assert not (site / "products" / "dock" / "battlecards").exists()
    assert_built_as_from_scratch(root, site, tmp_path, audience="public")
