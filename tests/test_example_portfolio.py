"""The example portfolio is the demo: it validates and covers what the README promises."""

from __future__ import annotations

import re
from datetime import date

from conftest import REPO
from generator.model import Competitor, Persona, PortfolioDefinition, Product
from generator.model.product import Lifecycle
from generator.validate import validate


def test_example_portfolio_is_valid_without_warnings() -> None:
    """Schema and references; staleness needs an as-of date and is checked below."""
    result = validate(REPO)
    assert result.problems == []
    assert result.ok


def test_example_portfolio_has_exactly_one_stale_product() -> None:
    """Carbon Ledger is stale on purpose (analysis paused in March 2026); nothing else is."""
    result = validate(REPO, as_of=date(2026, 11, 23))
    assert result.ok
    assert [str(problem) for problem in result.problems] == [
        "products/carbon-ledger.yml:9:11: warning: reviewed: last reviewed 2026-03-18, 250 "
        "days before 2026-11-23; the portfolio allows 180 (review.stale_after_days). Sofie "
        "Nygaard: check it against reality and set 'reviewed' to the date you did"]


def test_example_portfolio_covers_the_lifecycle() -> None:
    portfolio = validate(REPO).portfolio
    stages = {product.lifecycle for product in portfolio.products}
    assert {Lifecycle.innovation, Lifecycle.go_to_market, Lifecycle.in_life,
            Lifecycle.end_of_life} <= stages
    assert len(portfolio.products) >= 4
    assert len(portfolio.personas) >= 4
    assert len(portfolio.competitors) >= 3


def test_launched_products_have_eight_quarters_of_revenue() -> None:
    for product in validate(REPO).portfolio.products:
        if product.launched is not None:
            assert product.metrics is not None, product.slug
            assert len(product.metrics.revenue) >= 8, product.slug


def test_readme_file_reference_names_every_field() -> None:
    """Every field a PM can write appears in the README's file reference."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    reference = readme[readme.index("## File reference"):]
    words = set(re.findall(r"`([a-z_]+)`", reference))
    missing = set()
    for model in (Product, Persona, Competitor, PortfolioDefinition):
        stack = [model]
        seen = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for name, field in current.model_fields.items():
                if name not in words:
                    missing.add(f"{current.__name__}.{name}")
                stack.extend(_models_in(field.annotation))
    assert not missing


def _models_in(annotation: object) -> list[type]:
    import typing

    from pydantic import BaseModel

    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for argument in typing.get_args(annotation):
        found += _models_in(argument)
    return found
