"""Freshness: who reviewed what and when; stale content warns in validate and on the page."""

from __future__ import annotations

import re
from pathlib import Path

from repository import Repository
from test_site import text_of

from conftest import REPO, run_cli

# atlas.yml says `reviewed: 2026-10-01`; the test portfolio allows the default 180 days.
FRESH = "2027-03-30"   # 180 days later
STALE = "2027-03-31"   # 181 days later
WARNING = ("products/atlas.yml:5:11: warning: reviewed: last reviewed 2026-10-01, 181 days "
           "before 2027-03-31; the portfolio allows 180 (review.stale_after_days). Dana "
           "Whitfield: check it against reality and set 'reviewed' to the date you did")


def validate(root: Path, *args: str) -> tuple[int, str]:
    result = run_cli("validate", "--root", str(root), *args)
    assert result.stderr == ""
    return result.returncode, result.stdout


def with_reviewed_battlecard(root: Path) -> Path:
    path = root / "products" / "atlas.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    win_rate: 55\n",
        "    win_rate: 55\n    owner: Rachel Kim\n    reviewed: 2026-06-01\n"), encoding="utf-8")
    return root


def test_stale_content_is_a_warning_at_the_reviewed_line(portfolio: Path) -> None:
    assert validate(portfolio, "--as-of", FRESH) == (0, "6 files valid\n")
    assert validate(portfolio, "--as-of", STALE) == (0, f"{WARNING}\n6 files valid, 1 warning\n")


def test_strict_makes_staleness_an_error(portfolio: Path) -> None:
    code, out = validate(portfolio, "--as-of", STALE, "--strict")
    assert code == 1
    assert out == WARNING.replace(": warning: ", ": error: ") + "\n1 error in 1 file\n"
    assert validate(portfolio, "--as-of", FRESH, "--strict") == (0, "6 files valid\n")


def test_github_annotations_for_stale_content(portfolio: Path) -> None:
    code, out = validate(portfolio, "--as-of", STALE, "--format", "github")
    assert code == 0
    assert out.splitlines()[0].startswith(
        "::warning file=products/atlas.yml,line=5,col=11::reviewed: last reviewed 2026-10-01")


def test_a_stale_battlecard_is_pointed_at(portfolio: Path) -> None:
    with_reviewed_battlecard(portfolio)
    code, out = validate(portfolio, "--as-of", "2026-12-01")
    assert code == 0
    assert out.splitlines() == [
        "products/atlas.yml:30:15: warning: competitors[0].reviewed: last reviewed 2026-06-01, "
        "183 days before 2026-12-01; the portfolio allows 180 (review.stale_after_days). "
        "Rachel Kim: check it against reality and set 'reviewed' to the date you did",
        "6 files valid, 1 warning"]


def test_as_of_defaults_to_the_last_commit_not_the_clock(tmp_path: Path) -> None:
    repository = Repository(tmp_path / "portfolio", first_day="2026-10-05")
    assert validate(repository.root) == (0, "6 files valid\n")
    repository.edit("content/guide.md", "\n", "\n\nMore.\n")
    repository.commit("Half a year later", "2027-04-15")
    code, out = validate(repository.root)
    assert code == 0
    assert "196 days before 2027-04-15" in out


def test_the_threshold_comes_from_the_portfolio(portfolio: Path) -> None:
    path = portfolio / "products" / "portfolio.yml"
    path.write_text(path.read_text() + "  stale_after_days: 30\n", encoding="utf-8")
    code, out = validate(portfolio, "--as-of", "2026-11-01")
    assert code == 0
    assert "31 days before 2026-11-01; the portfolio allows 30" in out


def generated(root: Path, out: Path, audience: str, as_of: str, page: str) -> str:
    result = run_cli("generate", "--root", str(root), "--out", str(out), "--audience",
                     audience, "--as-of", as_of)
    assert result.returncode == 0, result.stderr
    return (out / "docs" / page).read_text(encoding="utf-8")


def test_example_stale_product_has_a_banner_internally_only(tmp_path: Path) -> None:
    as_of = "2026-11-23"
    carbon = generated(REPO, tmp_path / "internal", "internal", as_of,
                       "products/carbon-ledger/index.md")
    assert "Reviewed 8 months ago by Sofie Nygaard" in carbon
    assert ('!!! warning pd-stale "May be out of date"\n    Last reviewed on 18 Mar 2026, '
            "more than 180 days ago. Ask Sofie Nygaard to check it before you rely on it.") \
        in carbon
    dock = (tmp_path / "internal" / "docs" / "products" / "dock" / "index.md").read_text()
    assert "Reviewed 3 weeks ago by Aisha Okafor" in dock
    assert "pd-stale" not in dock
    public = generated(REPO, tmp_path / "public", "public", as_of, "products/dock/index.md")
    assert "Reviewed" not in public and "pd-stale" not in public


def test_battlecard_shows_who_reviewed_it_and_a_stale_banner(portfolio: Path,
                                                            tmp_path: Path) -> None:
    with_reviewed_battlecard(portfolio)
    site = tmp_path / "site"
    result = run_cli("build", "--root", str(portfolio), "--site-dir", str(site),
                     "--as-of", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert "competitors[0].reviewed: last reviewed 2026-06-01" in result.stderr
    page = (site / "products" / "atlas" / "battlecards" / "initech" / "index.html").read_text()
    assert "Reviewed 6 months ago by Rachel Kim" in text_of(page)
    banner = re.search(r'<div class="admonition warning pd-stale">(.*?)</div>', page, re.S)
    assert banner is not None
    assert "Last reviewed on 1 Jun 2026, more than 180 days ago. Ask Rachel Kim to check it" \
        in text_of(banner.group(1))
    overview = (site / "products" / "atlas" / "index.html").read_text()
    assert "pd-stale" not in overview  # the product itself was reviewed in October
