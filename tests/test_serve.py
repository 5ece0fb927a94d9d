"""`mkdocs serve` survives a broken YAML file: errors on the page, old pages served, recovery."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_portfolio, fetch, free_port, wait_for

BANNER = "The product files have errors; showing the last good pages"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = copy_portfolio(tmp_path / "portfolio")
    port = free_port()
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        yield root, f"http://127.0.0.1:{port}", process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_a_broken_yaml_file_keeps_the_last_good_site(
        server: tuple[Path, str, subprocess.Popen[str]]) -> None:
    root, base, process = server
    url = f"{base}/products/atlas/"
    wait_for(lambda: "Know where every shipment is." in fetch(url), "the first build")

    product = root / "products" / "atlas.yml"
    good = product.read_text(encoding="utf-8")
    product.write_text(good.replace("lifecycle: in-life", "lifecycle: beta"), encoding="utf-8")
    wait_for(lambda: BANNER in fetch(url), "the error banner")
    page = fetch(url)
    assert "products/atlas.yml:6:12: error: lifecycle: 'beta' is not one of" in page
    assert "Know where every shipment is." in page
    assert BANNER in fetch(f"{base}/products/atlas/faq/")
    assert BANNER not in fetch(f"{base}/guide/")  # only the saved product's pages say it
    assert process.poll() is None

    product.write_text(good.replace("Know where every shipment is.",
                                    "Every shipment, on one map."), encoding="utf-8")
    wait_for(lambda: "Every shipment, on one map." in fetch(url), "the fixed page")
    assert BANNER not in fetch(url)
    log = (root.parent / "serve.log").read_text()
    assert "products/atlas.yml:6:12: error: lifecycle: 'beta'" in log
    assert "productdocs: products/atlas.yml saved with errors; shown on " in log
    assert "building the whole site" not in log

    # With the last build whole again, a save redoes only the pages it changes.
    product.write_text(good.replace("Know where every shipment is.",
                                    "Every shipment, on one screen."), encoding="utf-8")
    wait_for(lambda: "Every shipment, on one screen." in fetch(url), "the page updated in place")
    wait_for(lambda: " saved; updated " in (root.parent / "serve.log").read_text(),
             "the update's line")
    log = (root.parent / "serve.log").read_text()
    assert "productdocs: products/atlas.yml saved; updated index.md, products/index.md, " \
           "products/atlas/index.md" in log
    assert "Every shipment, on one screen." in fetch(f"{base}/search/search_index.json")
    assert "Traceback" not in log


def test_a_save_reloads_the_browsers_once(
        server: tuple[Path, str, subprocess.Popen[str]]) -> None:
    """A save is noticed at once (inotify) and again by MkDocs' own polling: the second
    notice finds nothing new, and the open pages are not reloaded a second time."""
    root, base, process = server
    url = f"{base}/products/atlas/"
    wait_for(lambda: "Know where every shipment is." in fetch(url), "the first build")
    shown = epoch(fetch(url))
    product = root / "products" / "atlas.yml"
    product.write_text(product.read_text(encoding="utf-8").replace(
        "Know where every shipment is.", "Every shipment, on one screen."), encoding="utf-8")
    wait_for(lambda: "Every shipment, on one screen." in fetch(url), "the page updated in place")
    updated = epoch(fetch(url))
    assert updated > shown

    log = root.parent / "serve.log"
    wait_for(lambda: log.read_text().count("Reloading browsers") == 2, "the second notice")
    assert log.read_text().count(" saved; updated ") == 1
    assert epoch(fetch(url)) == updated  # what the pages' livereload script waits on
    assert process.poll() is None


def epoch(page: str) -> int:
    """The site's version the page was served at, as MkDocs' livereload script has it."""
    found = re.search(r"livereload\((\d+), \d+\)", page)
    assert found, page[-500:]
    return int(found[1])
