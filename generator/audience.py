"""The public portfolio: only what a PM marked public, copied field by field.

The public site is rendered from this view, never from the full portfolio, so a
template cannot show what is not here. Fields are copied from an allow-list: a field
added to the model later stays internal until it is added here on purpose.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from generator.model import Audience, Product
from generator.model.base import Model
from generator.portfolio import Portfolio


class Build(StrEnum):
    """Which site is being built."""

    internal = "internal"
    public = "public"


PUBLIC_PRODUCT_FIELDS = ("name", "tagline", "category", "lifecycle", "launched", "version",
                         "website", "reviewed", "audience")
PUBLIC_ITEMS = ("value_propositions", "features", "roadmap", "faqs", "customer_quotes",
                "success_stories")
PUBLIC_SECTIONS = ("positioning", "whitepaper", "pricing")

T = TypeVar("T", bound=Model)


def is_public(item: object) -> bool:
    return getattr(item, "audience", Audience.internal) is Audience.public


def public_items(items: list[T]) -> list[T]:
    return [item for item in items if is_public(item)]


def public_product(product: Product) -> Product:
    fields: dict[str, object] = {name: getattr(product, name) for name in PUBLIC_PRODUCT_FIELDS}
    fields["owner"] = ""
    for name in PUBLIC_ITEMS:
        fields[name] = public_items(getattr(product, name))
    for name in PUBLIC_SECTIONS:
        section = getattr(product, name)
        fields[name] = section if is_public(section) else None
    if fields["pricing"] is not None:
        fields["pricing"] = product.pricing.model_copy(update={"discounting": None})
    public = Product.model_construct(**fields)  # type: ignore[arg-type]
    public._slug, public._source = product.slug, product._source
    return public


def public_view(portfolio: Portfolio) -> Portfolio:
    """Public products with their public parts; no personas, competitors or strategy."""
    products = [public_product(p) for p in portfolio.products if is_public(p)]
    shown = {product.category for product in products}
    definition = portfolio.definition.model_construct(
        company=portfolio.definition.company,
        review=portfolio.definition.review,
        categories=[name for name in portfolio.definition.categories if name in shown],
    )
    return Portfolio(definition=definition, products=products, personas={}, competitors={},
                     sources=portfolio.sources)


def view(portfolio: Portfolio, build: Build) -> Portfolio:
    return public_view(portfolio) if build is Build.public else portfolio
