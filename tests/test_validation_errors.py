"""Every kind of mistake a PM can make gets one clear, positioned message.

Each folder in tests/data/invalid/ lays a few bad files over the small test portfolio;
its expected.txt is exactly what `productdocs validate` prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, copy_portfolio, run_cli
from generator import problems as report
from generator.validate import validate

CASES = sorted(path for path in (DATA / "invalid").iterdir() if path.is_dir())


def validate_text(root: Path) -> str:
    result = validate(root)
    return report.format_text(result.problems) + "\n" + report.summary(
        result.problems, result.files) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_case_reports_expected_errors(case: Path, tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio", overlay=case)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert validate_text(root) == expected


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def test_every_case_exits_1_without_traceback(tmp_path: Path) -> None:
    """The CLI, as a subprocess, on every case: exit status 1 and the expected lines."""
    for case in CASES:
        root = copy_portfolio(tmp_path / case.name, overlay=case)
        result = run_cli("validate", "--as-of", "2026-11-01", "--root", str(root))
        expected = (case / "expected.txt").read_text(encoding="utf-8")
        assert (result.returncode, result.stdout, result.stderr) == (1, expected, ""), case.name


def test_ten_megabyte_file_is_refused(portfolio: Path) -> None:
    big = portfolio / "products" / "atlas.yml"
    big.write_text("name: Atlas\nnotes: |\n" + "  lorem ipsum dolor sit amet\n" * 400_000)
    assert big.stat().st_size > 10_000_000
    assert validate_text(portfolio).splitlines() == [
        "products/atlas.yml:1:1: error: file is 11,600,021 bytes, larger than the 1,000,000 "
        "allowed; split it or move long text out",
        "1 error in 1 file",
    ]


def test_python_tags_never_run(portfolio: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (portfolio / "products" / "atlas.yml").write_text(
        f'name: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = run_cli("validate", "--root", str(portfolio))
    assert result.returncode == 1
    assert "products/atlas.yml:1:7: error: YAML tags such as '!!python/object/apply:os.system'" \
        in result.stdout
    assert not marker.exists()


def test_yaml_1_1_surprises_keep_what_the_pm_typed(portfolio: Path) -> None:
    path = portfolio / "products" / "atlas.yml"
    path.write_text(path.read_text() + (
        "version: 1.10\n"
        "market:\n"
        "  problem: Shipments get lost between carriers.\n"
        "  segments:\n"
        "    - name: on\n"
        "      regions: [NO, no, off, yes, 0o17, 1e3]\n"))
    result = validate(portfolio)
    assert result.ok, result.problems
    atlas = result.portfolio.product("atlas")
    assert atlas.version == "1.10"
    assert atlas.market.segments[0].name == "on"
    assert atlas.market.segments[0].regions == ["NO", "no", "off", "yes", "0o17", "1e3"]


def test_all_errors_of_all_files_in_one_run(portfolio: Path) -> None:
    for case in ("errors-in-two-files", "example-from-issue"):
        copy_portfolio(portfolio, source=DATA / "invalid" / case)
    lines = validate_text(portfolio).splitlines()
    assert lines[-1] == "5 errors in 3 files"
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "products/atlas.yml", "products/atlas.yml", "products/atlas.yml",
        "products/competitors/umbrella.yml", "products/personas/admin.yml"]


def test_deep_nesting_is_a_positioned_error_with_either_parser(monkeypatch) -> None:
    """libyaml segfaults and the pure-Python composer recurses on 30,000 '[': both are
    stopped at the depth limit, with a position."""
    import yaml

    from generator import load

    for parser in (yaml.CSafeLoader, yaml.SafeLoader):
        monkeypatch.setattr(load, "_Parser", parser)
        try:
            load.compose("name: Atlas\ntagline: " + "[" * 30000 + "\n")
        except load.LoadError as error:
            assert (error.line, error.column) == (2, 49)
            assert "nesting is deeper than 40 levels" in error.message
        else:
            raise AssertionError("deep nesting was accepted")
