"""Small words on built pages: "a" or "an", amounts in a currency code, review flags and
What's new for products that just arrived."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from repository import Repository

from conftest import DATA, run_cli
from generator import metrics
from generator.metrics import FlagKind
from generator.quarters import Quarter, last
from generator.render.environment import article, money
from generator.validate import validate


@pytest.mark.parametrize(("phrase", "expected"), [
    ("industrial edge gateway", "an"), ("unified platform", "a"), ("inbound arrival", "an"),
    ("on-premises translator", "an"), ("MQTT broker", "an"), ("USB key", "a"),
    ("SDK", "an"), ("hour of setup", "an"), ("European carrier", "a"),
    ("one-stop shop", "a"), ("dock scheduler", "a"), ("  **open** ledger", "an"),
])
def test_article_follows_the_first_sound(phrase: str, expected: str) -> None:
    assert article(phrase) == expected


def test_a_currency_code_gets_a_space_and_a_symbol_does_not() -> None:
    assert [money(1900, "EUR"), money(1900, "€"), money(1_250_000, "CHF"),
            money(9.5, "$")] == ["EUR 1,900", "€1,900", "CHF 1.25M", "$9.50"]


def test_built_pages_use_the_article_and_the_currency_code(portfolio: Path,
                                                            tmp_path: Path) -> None:
    atlas = portfolio / "products" / "atlas.yml"
    atlas.write_text(atlas.read_text(encoding="utf-8").replace(
        "category: shipment visibility platform", "category: industrial edge gateway")
        + "pricing:\n  currency: EUR\n  plans:\n    - name: Team\n      price: 1900\n",
        encoding="utf-8")
    result = run_cli("generate", "--root", str(portfolio), "--out", str(tmp_path / "out"),
                     "--as-of", "2026-11-01")
    assert result.returncode == 0, result.stderr
    docs = tmp_path / "out" / "docs" / "products" / "atlas"
    assert "**Atlas** is an **industrial edge gateway** that" in (
        docs / "index.md").read_text(encoding="utf-8")
    assert ">EUR 1,900</span>" in (docs / "pricing.md").read_text(encoding="utf-8")


def test_a_new_product_is_not_yet_an_end_of_life_candidate() -> None:
    """Coral has 5% of sales, under the 10% minimum: launched 5 months before the review it
    is too new to judge (review.new_product_months, 12 by default); launched 13 months
    before, or with a grace of 3 months, it is flagged."""
    result = validate(DATA / "portfolio-review")
    assert result.portfolio is not None
    products = result.portfolio.products
    review = result.portfolio.definition.review
    as_of, trend = date(2026, 5, 15), last(8, Quarter(2026, 1))

    def candidates(launched: date, months: int = review.new_product_months) -> list[str]:
        shown = [p.model_copy(update={"launched": launched, "lifecycle": "go-to-market"})
                 if p.slug == "coral" else p for p in products]
        for copy, original in zip(shown, products, strict=True):
            copy._slug = original.slug
        thresholds = review.model_copy(update={"new_product_months": months})
        return [flag.product for flag in metrics.review_flags(shown, thresholds, trend, as_of)
                if flag.kind is FlagKind.under_minimum]

    assert review.new_product_months == 12
    assert candidates(date(2025, 12, 15)) == []
    assert candidates(date(2025, 4, 15)) == ["coral"]
    assert candidates(date(2025, 12, 15), months=3) == ["coral"]


def test_whats_new_calls_a_first_version_with_errors_added(tmp_path: Path) -> None:
    repository = Repository(tmp_path / "portfolio", first_day="2026-10-05")
    beacon = repository.root / "products" / "beacon.yml"
    beacon.write_text("name: Beacon\ntagline: Alerts.\ncategory: Visibility\n"
                      "owner: Dana Whitfield\nreviewed: 2026-10-01\nlifecycle: beta\n",
                      encoding="utf-8")
    repository.commit("Beacon, first draft", "2026-10-13")
    repository.edit("products/beacon.yml", "lifecycle: beta", "lifecycle: development")
    repository.commit("Beacon is in development", "2026-10-14")
    result = run_cli("generate", "--root", str(repository.root), "--out",
                     str(tmp_path / "out"), "--as-of", "2026-11-01")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "docs" / "whats-new.md").read_text(encoding="utf-8")
    first = page[page.index("Beacon, first draft"):]
    assert "- **[Beacon](products/beacon/index.md)**: New product\n" in first
    assert page.count("could not be read") == 1  # the fix: an unreadable version to a good one
