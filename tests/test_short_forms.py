"""The shapes a PM naturally writes: the text alone where an object has one text field."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from conftest import copy_example
from generator.load import load_document
from generator.model import Competitor, PortfolioDefinition, Product
from generator.model.base import ShortForm
from generator.pipeline import prepare
from generator.schema import FILE_KINDS, schema_for
from generator.validate import validate

SHORT_FORMS = sorted(ShortForm.__subclasses__(), key=lambda form: form.__name__)
AS_OF = date(2026, 11, 23)


def kind_holding(form: type[ShortForm]) -> str:
    return next(kind for kind in FILE_KINDS if form.__name__ in schema_for(kind)["$defs"])


@pytest.mark.parametrize("form", SHORT_FORMS, ids=[form.__name__ for form in SHORT_FORMS])
def test_the_text_alone_means_the_object_with_only_its_text(form: type[ShortForm]) -> None:
    assert form.model_validate("Book a pilot") == form.model_validate(
        {form.text_field: "Book a pilot"})
    schema = schema_for(kind_holding(form))
    validator = jsonschema.Draft202012Validator(
        {"$defs": schema["$defs"], "$ref": f"#/$defs/{form.__name__}"})
    validator.validate("Book a pilot")
    validator.validate({form.text_field: "Book a pilot"})
    assert not validator.is_valid(["Book a pilot"])


def test_every_short_form_has_its_place_in_the_model() -> None:
    assert {form.__name__ for form in SHORT_FORMS} == {
        "CallToAction", "CompetitorPricing", "DemoStep", "IdealCustomerProfile", "Market",
        "Theme", "UsageScenario", "WinningPoint"}


def rewrite(data: Any, value: Any, short: bool, done: list[str]) -> Any:
    """`data` (a file's raw YAML) with every ShortForm written short, or written long."""
    if isinstance(value, ShortForm):
        field = value.text_field
        if short and isinstance(data, dict) and set(data) == {field}:
            done.append(type(value).__name__)
            return data[field]
        if not short and isinstance(data, str):
            done.append(type(value).__name__)
            return {field: data}
    if isinstance(value, BaseModel) and isinstance(data, dict):
        return {key: rewrite(item, getattr(value, key), short, done)
                for key, item in data.items()}
    if isinstance(value, list) and isinstance(data, list):
        return [rewrite(item, each, short, done) for item, each in zip(data, value,
                                                                       strict=True)]
    return data


def rewritten(root: Path, short: bool) -> list[str]:
    """Rewrite every file of products/ in place; the ShortForms that changed."""
    done: list[str] = []
    for path in sorted((root / "products").rglob("*.yml")):
        if path.parent.name == "personas":
            continue  # personas hold no short form
        model = (PortfolioDefinition if path.name == "portfolio.yml" else
                 Competitor if path.parent.name == "competitors" else Product)
        data = load_document(path, path.name).data
        new = rewrite(data, model.model_validate(data), short, done)
        path.write_text(yaml.safe_dump(new, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")
    return done


def pages(root: Path) -> dict[str, str]:
    site = prepare(root, as_of=AS_OF, pdfs=False).site
    return {path: page.markdown for path, page in site.pages.items()}


def test_the_example_in_short_and_in_long_forms_builds_the_same_pages(tmp_path: Path) -> None:
    original = pages(copy_example(tmp_path / "original"))
    short, long = copy_example(tmp_path / "short"), copy_example(tmp_path / "long")
    lengthened = rewritten(long, short=False)
    rewritten(short, short=False)
    shortened = rewritten(short, short=True)  # everything that can be short, short
    assert len(set(shortened)) >= 6
    assert len(shortened) > len(lengthened) >= 20
    assert "how_we_win:\n  - Capacity" not in (short / "products" / "dock.yml").read_text()
    for root in (short, long):
        result = validate(root)
        assert result.ok and result.problems == [], result.problems
        assert pages(root) == original
