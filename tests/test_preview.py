"""`productdocs serve --product SLUG`: one product, its personas and competitors, and home."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_example, fetch, free_port, run_cli, wait_for


def test_preview_serves_one_product_and_what_it_refers_to(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "portfolio")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--product", "dock", "--as-of",
             "2026-11-23", "--dev-addr", f"127.0.0.1:{port}", "--root", str(root)],
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PRODUCTDOCS_CACHE": str(tmp_path / "cache")})
        try:
            wait_for(lambda: "Keelson Dock" in fetch(f"{base}/products/dock/"), "the preview")
            battlecard = fetch(f"{base}/products/dock/battlecards/slotwise/")
            assert "Keelson Dock vs Slotwise" in battlecard
            assert "Slotwise" in fetch(f"{base}/competitors/slotwise/")
            assert "19 won and 15 lost" in fetch(f"{base}/products/dock/win-loss/")
            assert fetch(f"{base}/personas/vp-logistics/")
            home = fetch(f"{base}/")
            assert "Keelson Dock" in home and "Keelson Yard" not in home
            assert fetch(f"{base}/products/yard/") == ""
            assert fetch(f"{base}/competitors/ledgerfreight/") == ""
            assert fetch(f"{base}/portfolio/") == ""

            product = root / "products" / "dock.yml"
            product.write_text(product.read_text().replace(
                "tagline: ", "tagline: Previewed instantly. ", 1))
            wait_for(lambda: "Previewed instantly." in fetch(f"{base}/products/dock/"),
                     "the edited tagline")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    assert "Traceback" not in log.read_text()


def test_preview_of_an_unknown_product_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("serve", "--product", "hermes", "--root", str(REPO))
    assert result.returncode == 1
    assert "there is no product 'hermes' (known: arrivals, audit, carbon-ledger" in result.stderr
