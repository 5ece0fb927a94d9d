"""The public example site, scanned for text that only the internal site may show: a net
written independently of `productdocs check-public` (tests/test_public_check.py), which
`make leak-check` runs on the folder CI publishes.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from generator.audience import is_public
from generator.validate import validate


def internal_only_text() -> dict[str, str]:
    """Distinctive internal sentences of the example portfolio, each with where it is from."""
    portfolio = validate(REPO).portfolio
    assert portfolio is not None
    found: dict[str, str] = {}
    for product in portfolio.products:
        if not is_public(product):
            found[product.tagline] = f"{product.slug}: tagline of an internal product"
        for card in product.competitors:
            for landmine in card.landmines:
                found[landmine] = f"{product.slug}: battlecard landmine"
            for objection in card.objections:
                found[objection.objection] = f"{product.slug}: battlecard objection"
        for faq in product.faqs:
            if not is_public(faq):
                found[faq.question] = f"{product.slug}: internal FAQ"
        if product.launch_plan:
            for goal in product.launch_plan.goals:
                found[goal] = f"{product.slug}: launch plan goal"
        if product.playbook:
            for question in product.playbook.discovery_questions:
                found[question] = f"{product.slug}: playbook discovery question"
    for persona in portfolio.personas.values():
        found[persona.name] = "persona"
    found["Internal answer: do not share with customers"] = "internal FAQ marker"
    return found


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("public") / "site"
    result = run_cli("build", "--root", str(REPO), "--audience", "public",
                     "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site


def visible_text(path: Path) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    return re.sub(r"\s+", " ", text)


def test_public_site_leaks_no_internal_text(public_site: Path) -> None:
    needles = internal_only_text()
    assert len(needles) > 40  # the example has plenty of internal content to look for
    files = sorted(public_site.rglob("*.html")) + sorted(public_site.rglob("*.json"))
    assert len(files) > 10
    leaks = [f"{path.relative_to(public_site)}: {origin}: {needle!r}"
             for path in files for text in [visible_text(path)]
             for needle, origin in needles.items()
             if re.sub(r"\s+", " ", needle) in text]
    assert leaks == []


def test_public_site_has_no_internal_pages(public_site: Path) -> None:
    pages = {path.parent.relative_to(public_site).as_posix()
             for path in public_site.rglob("index.html")}
    assert not {page for page in pages
                if re.search(r"(battlecards|playbook|launch-plan|personas|competitors)", page)}
    assert "whats-new" in pages
