"""The productdocs command, run as a subprocess the way PMs and CI run it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA, REPO, copy_portfolio, run_cli

# Validation judges staleness from an as-of date; a fixed one keeps these tests off the clock.
AS_OF = ("--as-of", "2026-11-01")


def test_valid_portfolio_exits_0_with_one_line_summary(portfolio: Path) -> None:
    result = run_cli("validate", *AS_OF, "--root", str(portfolio))
    assert (result.returncode, result.stdout, result.stderr) == (0, "6 files valid\n", "")


def test_root_defaults_to_the_current_folder(portfolio: Path) -> None:
    result = run_cli("validate", *AS_OF, cwd=portfolio)
    assert (result.returncode, result.stdout) == (0, "6 files valid\n")


def test_errors_exit_1(portfolio: Path) -> None:
    copy_portfolio(portfolio, source=DATA / "invalid" / "example-from-issue")
    result = run_cli("validate", *AS_OF, "--root", str(portfolio))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "3 errors in 1 file"


def test_github_format_prints_annotations(portfolio: Path) -> None:
    copy_portfolio(portfolio, source=DATA / "invalid" / "example-from-issue")
    result = run_cli("validate", *AS_OF, "--format", "github", "--root", str(portfolio))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=products/atlas.yml,line=6,col=1::unknown field 'personna' in product "
        "'atlas' (did you mean 'personas'?)")


def test_json_format(portfolio: Path) -> None:
    copy_portfolio(portfolio, source=DATA / "invalid" / "example-from-issue")
    result = run_cli("validate", *AS_OF, "--format", "json", "--root", str(portfolio))
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["ok"] is False
    assert report["summary"] == "3 errors in 1 file"
    assert report["problems"][2] == {
        "file": "products/atlas.yml", "line": 14, "column": 12, "severity": "error",
        "message": "lifecycle: 'beta' is not one of innovation, analysis, development, "
                   "go-to-market, in-life, end-of-life"}


def test_usage_errors_exit_2() -> None:
    for args in (["validate", "--format", "xml"], ["validate", "--bogus"], ["frobnicate"]):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert "Error:" in result.stderr


def test_missing_products_folder(tmp_path: Path) -> None:
    result = run_cli("validate", "--root", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.startswith("products:1:1: error: no 'products/' folder in ")


def test_new_product_scaffolds_a_valid_commented_file(portfolio: Path) -> None:
    result = run_cli("new", "product", "hermes-tracking", "--root", str(portfolio))
    assert result.returncode == 0, result.stderr
    created = portfolio / "products" / "hermes-tracking.yml"
    text = created.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/product.schema.json\n")
    assert "name: Hermes Tracking\n" in text
    assert "# positioning:" in text
    assert run_cli("validate", *AS_OF, "--root", str(portfolio)).stdout == "7 files valid\n"


def test_new_product_never_overwrites(portfolio: Path) -> None:
    before = (portfolio / "products" / "atlas.yml").read_text()
    result = run_cli("new", "product", "atlas", "--root", str(portfolio))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert (portfolio / "products" / "atlas.yml").read_text() == before


def test_new_product_rejects_a_bad_slug(portfolio: Path) -> None:
    result = run_cli("new", "product", "Hermes Tracking", "--root", str(portfolio))
    assert result.returncode == 2
    assert "cannot be a slug" in result.stderr
    assert not list((portfolio / "products").glob("Hermes*"))


def test_schema_command_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    result = run_cli("schema", "--out", str(tmp_path))
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "competitor.schema.json", "persona.schema.json", "portfolio.schema.json",
        "product.schema.json"]


def test_console_script_is_installed() -> None:
    scripts = Path(__import__("sys").executable).parent
    import subprocess
    result = subprocess.run([str(scripts / "productdocs"), "--help"], capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0
    assert "validate" in result.stdout
