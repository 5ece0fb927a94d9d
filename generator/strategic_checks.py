"""Checks of the strategic sections across files: deals name known competitors and
reasons and have closed, comparisons name the product's own features, whitepapers cite
the product's own success stories.

Run on products that validated; each problem points at the line it is about.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date

from generator.feature_matrix import same_feature
from generator.load import Document
from generator.model import Product
from generator.model.base import Audience
from generator.problems import Problem


def strategic_problems(products: Iterable[tuple[Product, Document]], competitors: set[str],
                       deal_reasons: set[str], today: date) -> list[Problem]:
    problems: list[Problem] = []
    for product, document in products:
        problems += _deals(product, document, competitors, deal_reasons, today)
        problems += _comparisons(product, document)
        problems += _stories(product, document)
    return problems


def _known(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def _deals(product: Product, document: Document, competitors: set[str],
           deal_reasons: set[str], today: date) -> list[Problem]:
    problems: list[Problem] = []
    for index, deal in enumerate(product.deals):
        where = f"deals[{index}]"
        if deal.competitor not in competitors:
            problems.append(document.problem(
                ("deals", index, "competitor"),
                f"{where}.competitor: '{deal.competitor}' is not a known competitor "
                f"(known: {_known(sorted(competitors))})"))
        if deal.date > today:
            problems.append(document.problem(
                ("deals", index, "date"),
                f"{where}.date: {deal.date} is in the future; record a deal once it has "
                "closed, with the date it closed"))
        for position, reason in enumerate(deal.reasons):
            if reason not in deal_reasons:
                hint = (f"known: {_known(sorted(deal_reasons))}" if deal_reasons else
                        "the portfolio defines none")
                problems.append(document.problem(
                    ("deals", index, "reasons", position),
                    f"{where}.reasons[{position}]: '{reason}' is not a deal reason ({hint}); "
                    "use one of them, or add it to deal_reasons in products/portfolio.yml"))
    return problems


def _comparisons(product: Product, document: Document) -> list[Problem]:
    problems: list[Problem] = []
    declared = [feature.name for feature in product.features]
    # Our support for each feature, and the competitor whose battlecard said it first.
    ours: dict[str, tuple[str, str]] = {}
    for index, card in enumerate(product.competitors):
        seen: set[str] = set()
        for position, row in enumerate(card.comparison):
            loc = ("competitors", index, "comparison", position)
            where = f"competitors[{index}].comparison[{position}]"
            name = next((known for known in declared if same_feature(row.feature, known)), None)
            if name is None:
                match = difflib.get_close_matches(row.feature, declared, n=1, cutoff=0.75)
                hint = f"did you mean '{match[0]}'? " if match else ""
                problems.append(document.problem(
                    (*loc, "feature"),
                    f"{where}.feature: '{row.feature}' is not a feature of {product.name} "
                    f"({hint}known: {_known(declared)}); compare a feature the product lists "
                    "under 'features', or add it there"))
                continue
            if name in seen:
                problems.append(document.problem(
                    (*loc, "feature"), f"{where}.feature: '{name}' is compared twice against "
                    f"{card.competitor}; merge the two rows"))
            seen.add(name)
            first = ours.setdefault(name, (row.us.value, card.competitor))
            if first[0] != row.us.value:
                problems.append(document.problem(
                    (*loc, "us"),
                    f"{where}.us: '{row.us}' for '{name}', but the comparison against "
                    f"{first[1]} says '{first[0]}'; our product is the same in every "
                    "battlecard, so write the same value in both"))
    return problems


def _stories(product: Product, document: Document) -> list[Problem]:
    problems: list[Problem] = []
    stories: dict[str, Audience] = {}
    for index, story in enumerate(product.success_stories):
        if story.id in stories:
            problems.append(document.problem(
                ("success_stories", index, "id"), f"success_stories[{index}].id: "
                f"'{story.id}' is used twice; give each story its own id"))
        stories[story.id] = story.audience
    paper = product.whitepaper
    for position, cited in enumerate(paper.stories if paper else []):
        loc = ("whitepaper", "stories", position)
        where = f"whitepaper.stories[{position}]"
        if cited not in stories:
            problems.append(document.problem(
                loc, f"{where}: '{cited}' is not one of {product.name}'s success stories "
                f"(known: {_known(stories)})"))
        elif (paper is not None and paper.audience is Audience.public
              and stories[cited] is not Audience.public):
            problems.append(document.problem(
                loc, f"{where}: the whitepaper is public but the story '{cited}' is not; "
                "mark the story 'audience: public' (the customer agreed) or do not cite it"))
    return problems
