"""The "What's new" page: what changed for sales, per week, from the git history."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from repository import Repository, initech_history

from conftest import run_cli


def whats_new(root: Path, out: Path, audience: str = "internal",
              as_of: str = "2026-11-01") -> str:
    """The page's Markdown, as `productdocs generate` writes it."""
    result = run_cli("generate", "--root", str(root), "--out", str(out), "--audience",
                     audience, "--as-of", as_of)
    assert result.returncode == 0, result.stderr
    return (out / "docs" / "whats-new.md").read_text(encoding="utf-8")


def weeks(page: str) -> dict[str, str]:
    """Each '## Week of ...' heading with the text under it."""
    parts = re.split(r"^## (Week of .+)$", page, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.fixture
def repository(tmp_path: Path) -> Repository:
    """The test portfolio, then two commits that change Atlas's battlecard against Initech."""
    return initech_history(tmp_path / "portfolio")


def test_internal_page_lists_the_battlecard_commits_newest_first(
        repository: Repository, tmp_path: Path) -> None:
    page = whats_new(repository.root, tmp_path / "out")
    assert list(weeks(page)) == ["Week of 19 Oct 2026", "Week of 12 Oct 2026",
                                 "Week of 5 Oct 2026"]
    newest = weeks(page)["Week of 19 Oct 2026"]
    assert "### 21 Oct 2026: Initech win rate after Q3\n" in newest
    assert "Dana Whitfield · commit " in newest
    assert ("- **[Atlas](products/atlas/index.md)**: "
            "[Battlecard vs Initech](products/atlas/battlecards/initech.md) changed\n") in newest
    assert "### 13 Oct 2026: Sharper landmine for the Initech battlecard\n" in weeks(page)[
        "Week of 12 Oct 2026"]
    first = weeks(page)["Week of 5 Oct 2026"]
    assert "- **[Atlas](products/atlas/index.md)**: New product\n" in first
    assert "- **[Competitor Initech](competitors/initech.md)**: added\n" in first


def test_public_page_shows_no_internal_change_and_no_commit_message(
        repository: Repository, tmp_path: Path) -> None:
    page = whats_new(repository.root, tmp_path / "out", audience="public")
    assert "Initech" not in page and "Battlecard" not in page
    assert "Dana Whitfield" not in page and "Add the Atlas portfolio" not in page
    assert list(weeks(page)) == ["Week of 5 Oct 2026"]
    assert "### 5 Oct 2026\n" in page
    assert "- **[Atlas](products/atlas/index.md)**: New product\n" in page
    assert "Only changes to what this site publishes are listed." in page


def test_each_kind_of_change_is_classified(repository: Repository, tmp_path: Path) -> None:
    atlas = "products/atlas.yml"
    repository.edit(atlas, "answer: Yes, a REST API.", "answer: Yes, a REST API and webhooks.")
    repository.commit("FAQ: webhooks", "2026-10-26")
    repository.edit(atlas, "answer: Up to 15% without approval.",
                    "answer: Up to 10% without approval.")
    repository.commit("Lower the discount limit", "2026-10-27")
    repository.edit(atlas, "faqs:\n", "pricing:\n  audience: public\n  plans:\n"
                    "    - name: Team\n      price: 900\nfaqs:\n")
    repository.commit("Publish Atlas pricing", "2026-10-28")
    repository.edit("products/personas/buyer.yml", "name:", "# Renamed after the summit\nname:")
    repository.commit("Comment only: no change to the data", "2026-10-29")
    repository.edit(atlas, "tagline: Know where every shipment is.",
                    "tagline: Every shipment, on one map.")
    repository.commit("New tagline", "2026-10-30")

    internal = weeks(whats_new(repository.root, tmp_path / "internal"))["Week of 26 Oct 2026"]
    public = weeks(whats_new(repository.root, tmp_path / "public", "public"))[
        "Week of 26 Oct 2026"]
    assert "[FAQ “Is there an API?”](products/atlas/faq.md) changed" in internal
    assert "[FAQ “Is there an API?”](products/atlas/faq.md) changed" in public
    assert "[FAQ “What discount can I give?”](products/atlas/faq.md) changed" in internal
    assert "discount" not in public
    assert "[Pricing](products/atlas/pricing.md) added" in internal
    assert "Pricing" not in public
    assert "Comment only" not in internal  # the data did not change
    assert "### 30 Oct 2026: New tagline" in internal
    assert "### 30 Oct 2026\n\n- **[Atlas](products/atlas/index.md)**: Overview changed" \
        in public


def test_faq_made_internal_is_not_announced_publicly(repository: Repository,
                                                     tmp_path: Path) -> None:
    repository.edit("products/atlas.yml", "    answer: Yes, a REST API.\n    audience: public",
                    "    answer: Yes, a REST API.")
    repository.commit("API FAQ is internal until the new API ships", "2026-10-26")
    internal = whats_new(repository.root, tmp_path / "internal")
    public = whats_new(repository.root, tmp_path / "public", "public")
    assert "FAQ “Is there an API?”](products/atlas/faq.md) changed" in internal
    assert "Is there an API?" not in public


def test_the_page_depends_on_history_only(repository: Repository, tmp_path: Path) -> None:
    first = whats_new(repository.root, tmp_path / "one", as_of="2026-11-01")
    second = whats_new(repository.root, tmp_path / "two", as_of="2030-01-01")
    assert first == second


def test_commit_messages_are_escaped(repository: Repository, tmp_path: Path) -> None:
    repository.edit("products/atlas.yml", "win_rate: 61", "win_rate: 62")
    repository.commit("Win rate | <script>alert(1)</script> {{ 7*7 }}", "2026-10-26")
    page = whats_new(repository.root, tmp_path / "out")
    assert ("### 26 Oct 2026: Win rate &#124; &lt;script&gt;alert(1)&lt;/script&gt; "
            "\\{\\{ 7\\*7 \\}\\}") in page


def test_a_version_that_cannot_be_read_is_internal(repository: Repository,
                                                   tmp_path: Path) -> None:
    repository.edit("products/atlas.yml", "lifecycle: in-life", "lifecycle: beta")
    repository.commit("Broken on purpose", "2026-10-26")
    repository.edit("products/atlas.yml", "lifecycle: beta", "lifecycle: in-life")
    repository.commit("Fixed", "2026-10-27")
    internal = weeks(whats_new(repository.root, tmp_path / "internal"))["Week of 26 Oct 2026"]
    public = whats_new(repository.root, tmp_path / "public", "public")
    assert internal.count("File changed (the file could not be read at one of the two "
                          "commits)") == 2
    assert "Week of 26 Oct 2026" not in public


def test_a_shallow_clone_says_so_instead_of_failing(repository: Repository,
                                                    tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "2",
                    repository.root.as_uri(), str(clone)], check=True)
    page = whats_new(clone, tmp_path / "out")
    assert "!!! info \"Part of the history is missing\"" in page
    assert "fetch-depth: 0" in page
    # The newest commit is listed; the one the clone was cut at is not (its parent is
    # missing, so what it changed is unknown), nor anything older.
    assert list(weeks(page)) == ["Week of 19 Oct 2026"]


def test_without_a_repository_the_page_says_there_is_no_history(portfolio: Path,
                                                                 tmp_path: Path) -> None:
    page = whats_new(portfolio, tmp_path / "out")
    assert page.startswith("# What's new\n\nNo history to show: this portfolio is not in a "
                           "git repository")


def test_the_built_page_lists_the_battlecard(repository: Repository, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cli("build", "--root", str(repository.root), "--site-dir", str(site),
                     "--as-of", "2026-11-01")
    assert result.returncode == 0, result.stderr
    html = (site / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../products/atlas/battlecards/initech/">Battlecard vs Initech</a> ' \
        "changed" in html
    assert "Sharper landmine for the Initech battlecard" in html
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="whats-new/"' in home
