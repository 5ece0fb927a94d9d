"""`productdocs diff`: the pages a change touches, between two git revisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from repository import Repository

from conftest import run_cli

LANDMINE = "How long did your last Initech upgrade take?"
RESPONSE = "Ask for their last upgrade timeline."


@pytest.fixture
def repository(tmp_path: Path) -> Repository:
    """The test portfolio, then two commits that change Atlas's battlecard against Initech."""
    repository = Repository(tmp_path / "portfolio")
    repository.edit("products/atlas.yml", LANDMINE, "Who patches Initech when it breaks?")
    repository.commit("Sharper landmine for the Initech battlecard", "2026-10-13")
    repository.edit("products/atlas.yml", RESPONSE, "Ask to see their upgrade plan in writing.")
    repository.commit("Initech objection: ask for the upgrade plan", "2026-10-21")
    return repository


def rows(out: str) -> list[list[str]]:
    """The list of pages at the top of the text report, each split into words."""
    listing = out.split("\n\n")[1] if "\n\n" in out else ""
    return [line.split() for line in listing.splitlines()]


def diff(repository: Repository, *args: str) -> tuple[int, str, str]:
    result = run_cli("diff", "--root", str(repository.root), "--as-of", "2026-11-01", *args)
    return result.returncode, result.stdout, result.stderr


def test_diff_reports_exactly_the_changed_battlecard(repository: Repository) -> None:
    before = repository.state()
    code, out, err = diff(repository, "HEAD~2", "HEAD")
    assert (code, err) == (0, "")
    assert rows(out) == [["changed", "/products/atlas/battlecards/initech/", "Atlas", "vs",
                       "Initech"]]
    assert out.splitlines()[0].endswith(": 1 changed, 0 added, 0 removed):")
    assert "-    - How long did your last Initech upgrade take?" in out
    assert "+    - Who patches Initech when it breaks?" in out
    assert "+    Ask to see their upgrade plan in writing." in out
    assert repository.state() == before


def test_diff_against_the_working_tree_by_default(repository: Repository) -> None:
    repository.edit("products/atlas.yml", "  - question: Is there an API?",
                    "  - question: Is there a REST API?")
    before = repository.state()
    code, out, _ = diff(repository, "HEAD")
    assert code == 0
    assert "the working tree" in out.splitlines()[0]
    assert [row[:2] for row in rows(out)] == [["changed", "/products/atlas/faq/"]]
    assert "+??? question \"Is there a REST API?\"" in out
    assert repository.state() == before


def test_public_audience_hides_internal_pages(repository: Repository) -> None:
    code, out, _ = diff(repository, "--audience", "public", "HEAD~2", "HEAD")
    assert code == 0
    assert out.startswith("No page differs (public site, HEAD~2 (")
    assert "Initech" not in out


def test_added_and_removed_pages(repository: Repository) -> None:
    repository.edit("products/atlas.yml", "faqs:\n", "pricing:\n  plans:\n    - name: Team\n"
                    "      price: 900\nfaqs:\n")
    (repository.root / "products" / "competitors" / "umbrella.yml").unlink()
    code, out, _ = diff(repository, "HEAD")
    assert code == 0
    assert {tuple(row[:2]) for row in rows(out)} == {
        ("added", "/products/atlas/pricing/"),
        ("removed", "/competitors/umbrella/"),
        ("changed", "/competitors/"),
        # Every Atlas page that links to the product's other pages now links to pricing.
        ("changed", "/products/atlas/"),
        ("changed", "/products/atlas/faq/"),
        ("changed", "/products/atlas/personas/"),
        ("changed", "/products/atlas/battlecards/"),
    }


def test_markdown_format_for_the_job_summary(repository: Repository) -> None:
    code, out, _ = diff(repository, "--format", "markdown", "HEAD~2", "HEAD")
    assert code == 0
    assert out.startswith("### Pages this change affects (internal site)\n")
    assert "| `/products/atlas/battlecards/initech/` | Atlas vs Initech | changed |" in out
    assert "<details><summary><code>/products/atlas/battlecards/initech/</code></summary>" \
        in out
    assert "```diff\n--- a/products/atlas/battlecards/initech.md\n" in out


def test_no_change_is_still_a_report_and_exits_0(repository: Repository) -> None:
    code, out, _ = diff(repository, "HEAD")
    assert code == 0
    assert out.startswith("No page differs (internal site, HEAD (")
    assert out.rstrip().endswith("the working tree: 0 changed, 0 added, 0 removed).")


def test_an_unknown_revision_is_a_usage_error(repository: Repository) -> None:
    code, _, err = diff(repository, "no-such-branch")
    assert code == 2
    assert "'no-such-branch' is not a commit in this repository" in err
    assert "Traceback" not in err


def test_outside_a_repository_is_a_usage_error(portfolio: Path) -> None:
    result = run_cli("diff", "--root", str(portfolio), "HEAD")
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr


def test_a_revision_with_invalid_yaml_says_which_and_where(repository: Repository) -> None:
    repository.edit("products/atlas.yml", "lifecycle: in-life", "lifecycle: beta")
    broken = repository.commit("Try a new lifecycle stage", "2026-10-22")
    repository.edit("products/atlas.yml", "lifecycle: beta", "lifecycle: in-life")
    code, out, err = diff(repository, broken)
    assert (code, out) == (1, "")
    assert err.startswith(f"productdocs diff: the pages of {broken[:7]} cannot be built; "
                          "fix these first:\nproducts/atlas.yml:6:12: error: lifecycle: "
                          "'beta' is not one of")
    assert "Traceback" not in err


def test_a_template_change_shows_on_every_page_it_renders(repository: Repository) -> None:
    templates = repository.root / "templates"
    templates.mkdir()
    (templates / "faq.md.j2").write_text('{% extends "default/faq.md.j2" %}\n'
                                         "{# same output #}\n", encoding="utf-8")
    (templates / "battlecard.md.j2").write_text(
        "# {{ product.name }} against {{ competitor.name }}\n", encoding="utf-8")
    code, out, _ = diff(repository, "HEAD")
    assert code == 0
    assert [row[:2] for row in rows(out)] == [["changed", "/products/atlas/battlecards/initech/"]]
