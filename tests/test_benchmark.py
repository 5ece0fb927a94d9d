"""The benchmark instruments work: the synthetic portfolio validates and run.py prints its table.

No time is asserted here; benchmarks/run.py prints the figures.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_cli

BENCHMARKS = REPO / "benchmarks"


def write_portfolio(out: Path, products: int, seed: int = 1) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / "portfolio.py"), "--products", str(products),
         "--out", str(out), "--seed", str(seed)],
        cwd=REPO, text=True, capture_output=True, timeout=60)


def test_synthetic_portfolio_validates_with_every_section(tmp_path: Path) -> None:
    out = tmp_path / "portfolio"
    written = write_portfolio(out, 3)
    assert written.returncode == 0, written.stderr

    validated = run_cli("validate", "--root", str(out))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "error" not in validated.stdout
    products = sorted(p.name for p in (out / "products").glob("*.yml")
                      if p.name != "portfolio.yml")
    assert len(products) == 3
    assert len(list((out / "products" / "personas").glob("*.yml"))) == 20
    assert len(list((out / "products" / "competitors").glob("*.yml"))) == 30
    text = (out / "products" / products[0]).read_text(encoding="utf-8")
    for section in ("positioning:", "value_propositions:", "personas:", "features:",
                    "roadmap:", "competitors:", "faqs:", "pricing:", "playbook:",
                    "whitepaper:", "customer_quotes:"):
        assert f"\n{section}" in text, section
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- productdocs:" in config and "name: material" in config
    assert sorted(p.name for p in (out / "content").glob("*.md")) == ["how-we-sell.md",
                                                                     "sales-desk.md"]


def test_same_seed_same_bytes_other_seed_other_text(tmp_path: Path) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        assert write_portfolio(tmp_path / name, 2, seed).returncode == 0

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = write_portfolio(mine, 1)
    assert refused.returncode != 0
    assert "was not written by this script" in refused.stderr
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_run_prints_a_table_row_per_portfolio_size(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--products", "1", "2",
         "--baseline-max", "1", "--pdf-max", "1", "--serve-max", "1", "--pipeline-max", "1",
         "--repeat", "1", "--out-dir", str(tmp_path)],
        cwd=REPO, text=True, capture_output=True, timeout=600)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    lines = finished.stdout.splitlines()
    one, two = table_rows(lines, "| Products | Pages |")
    assert [one["Products"], two["Products"]] == ["1", "2"]
    assert all("failed" not in cell for row in (one, two) for cell in row.values())
    assert int(one["Pages"]) > 50  # 20 personas and 30 competitors make pages of their own
    assert one["Build"].endswith(" s") and one["Build CPU"].endswith(" s")
    assert one["Floor CPU"].endswith(" s") and one["Build CPU / floor CPU"].endswith("×")
    assert one["Warm rebuild"].endswith(" s") and one["Warm CPU"].endswith(" s")
    assert one["Warm / cold (CPU)"].endswith("%") and two["Warm / cold (CPU)"].endswith("%")
    assert one["Again CPU"].endswith(" s") and two["Again / cold (CPU)"].endswith("%")
    assert one["Avg HTML page"].endswith(" KB")
    assert one["Stock MkDocs"].endswith(" s") and one["Stock / ours"].endswith("×")
    assert two["Stock MkDocs"] == "skipped (--baseline-max)"
    assert re.fullmatch(r"\d+ in [\d.]+ s", one["PDFs (no cache)"])
    assert two["PDFs (no cache)"] == "skipped (--pdf-max)"
    assert one["Preview save → page"].endswith(" s")
    assert one["Serve save → page"].endswith(" s")
    assert two["Serve save → page"] == "skipped (--serve-max)"

    cold, warm = table_rows(lines, "| Products | Pipeline |")
    for run, name in ((cold, "cold"), (warm, "warm")):
        assert run["Products"] == "1" and run["Pipeline"] == name
        assert all(run[column].endswith(" s") for column in (
            "Validate", "Diff", "Build internal", "Build public", "Leak check", "Total",
            "Total CPU"))
    assert "Pull-request pipeline skipped for 2 products (--pipeline-max 1)." in lines

    goals = "\n".join(lines[lines.index(next(line for line in lines
                                                if line.startswith("Goals"))):])
    assert re.search(r"^- cold build CPU ≤ 1\.5× the floor's CPU \(CPU time vs CPU time; "
                     r"the floor in one process\): [\d.]+×$", goals, re.M)
    assert re.search(r"^- warm rebuild after changing one product file ≤ 10% of the cold "
                     r"build: [\d.]+% in CPU \([\d.]+% wall\) the first time after the cold "
                     r"build \(no site before last yet\); [\d.]+% in CPU \([\d.]+% wall\) "
                     r"again, into the site before last$", goals, re.M)
    assert "- whole-site serve shows a save within 2 s (wall): skipped (--serve-max)" in goals
    assert "- one-product preview shows a save within 2 s (wall):" in goals
    assert re.search(r"^- cost stays linear: build CPU per page at 2 products ≤ 1\.2× that "
                     r"at 1: .*×\)$", goals, re.M)
    assert "- peak memory of the build at 2 products < 1 GB:" in goals
    assert ("- pull-request pipeline end to end (validate, diff, both builds, leak check): "
            "skipped (--pipeline-max)") in goals
    assert "the floor runs in one process" in finished.stdout
    assert "Stock MkDocs baseline skipped for 2 products" in finished.stdout
    assert ("benchmarks/run.py --products 1 2 --baseline-max 1 --pdf-max 1 --serve-max 1 "
            "--pipeline-max 1") in finished.stdout
    assert "Load average" in finished.stdout
    assert "CPUs" in finished.stdout and "mkdocs-material" in finished.stdout
    site = tmp_path / "products-1" / "site"
    assert (site / "index.html").is_file()
    assert (tmp_path / "products-1" / "stock" / "site" / "index.html").is_file()
    assert (tmp_path / "products-1" / "pipeline" / "site-public" / "index.html").is_file()
    changed = "Changed for the warm build."
    assert changed in (site / "products" / product_slug(tmp_path / "products-1") /
                       "index.html").read_text(encoding="utf-8")
    texts = [path.read_text(encoding="utf-8")
             for path in (tmp_path / "products-1" / "portfolio" / "products").glob("*.yml")]
    assert not any(changed in text or "Saved at" in text for text in texts)  # restored


def table_rows(lines: list[str], header_start: str) -> list[dict[str, str]]:
    """The rows of the Markdown table whose header line starts with `header_start`."""
    header = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    columns = cells(lines[header])
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("| "):
            break
        rows.append(dict(zip(columns, cells(line), strict=True)))
    return rows


def product_slug(folder: Path) -> str:
    """The one product of a one-product benchmark portfolio."""
    (product,) = (path.stem for path in (folder / "portfolio" / "products").glob("*.yml")
                  if path.name != "portfolio.yml")
    return product


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]
