"""Is the content still checked against reality? Who reviewed it, when, and is it stale.

Products (and battlecards that name a reviewer) carry `owner` and `reviewed`. Content
not reviewed within `review.stale_after_days` of the build's as-of date is stale: the
internal site shows a banner on it and `productdocs validate` warns (an error with
`--strict`). Nothing here reads the clock; the caller passes the as-of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from generator.load import Document
from generator.model import Product
from generator.problems import Problem


def is_stale(reviewed: date | None, as_of: date, stale_after_days: int) -> bool:
    """True when `reviewed` lies more than `stale_after_days` days before `as_of`."""
    return reviewed is not None and (as_of - reviewed).days > stale_after_days


def stale_warnings(products: Iterable[tuple[Product, Document]], as_of: date,
                   stale_after_days: int) -> list[Problem]:
    """A warning at the `reviewed` line of every product and battlecard that is stale."""
    warnings: list[Problem] = []
    for product, document in products:
        if is_stale(product.reviewed, as_of, stale_after_days):
            warnings.append(document.problem(
                ("reviewed",), _message("reviewed", product.reviewed, product.owner, as_of,
                                        stale_after_days), severity="warning"))
        for index, card in enumerate(product.competitors):
            if is_stale(card.reviewed, as_of, stale_after_days):
                assert card.reviewed is not None
                warnings.append(document.problem(
                    ("competitors", index, "reviewed"),
                    _message(f"competitors[{index}].reviewed", card.reviewed,
                             card.owner or product.owner, as_of, stale_after_days),
                    severity="warning"))
    return warnings


def _message(field: str, reviewed: date, owner: str, as_of: date, limit: int) -> str:
    days = (as_of - reviewed).days
    return (f"{field}: last reviewed {reviewed}, {days} days before {as_of}; "
            f"the portfolio allows {limit} (review.stale_after_days). {owner}: check it "
            "against reality and set 'reviewed' to the date you did")
