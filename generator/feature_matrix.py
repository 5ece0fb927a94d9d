"""Feature comparisons: where we are ahead, even or behind, per battlecard and per product.

Plain functions of the model. A row is ahead when our support ranks above theirs
(yes > partial > no); `unknown` on either side is neither ahead nor behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from generator.model.comparison import FeatureComparison, Support
from generator.model.product import Battlecard, Product


class Standing(StrEnum):
    ahead = "ahead"
    even = "even"
    behind = "behind"
    unknown = "unknown"


def standing(row: FeatureComparison) -> Standing:
    ours, theirs = row.us.rank, row.them.rank
    if ours is None or theirs is None:
        return Standing.unknown
    if ours > theirs:
        return Standing.ahead
    return Standing.behind if ours < theirs else Standing.even


@dataclass(frozen=True)
class Score:
    """How many rows of one comparison are ahead, even, behind, unknown."""

    ahead: int = 0
    even: int = 0
    behind: int = 0
    unknown: int = 0

    @property
    def features(self) -> int:
        return self.ahead + self.even + self.behind + self.unknown


def score(card: Battlecard) -> Score:
    standings = [standing(row) for row in card.comparison]
    return Score(*(standings.count(kind) for kind in Standing))


def never_ahead(product: Product) -> list[str]:
    """Competitors whose comparison shows no feature where we are ahead: "me-too" against
    them. Battlecards without a comparison say nothing and are left out."""
    return [card.competitor for card in product.competitors
            if card.comparison and score(card).ahead == 0]


@dataclass(frozen=True)
class MatrixRow:
    feature: str
    us: Support
    """Our support, the same in every battlecard (validation checks it)."""
    them: dict[str, FeatureComparison]
    """The comparison row against each competitor that names the feature, by id."""


@dataclass(frozen=True)
class Matrix:
    """Every declared feature against every competitor with a comparison."""

    competitors: list[str]
    rows: list[MatrixRow]


def matrix(product: Product) -> Matrix:
    """Features in the product's order, competitors in its battlecards' order; only
    features that at least one comparison names."""
    cards = [card for card in product.competitors if card.comparison]
    rows: list[MatrixRow] = []
    for feature in product.features:
        them = {card.competitor: row for card in cards for row in card.comparison
                if same_feature(row.feature, feature.name)}
        if them:
            rows.append(MatrixRow(feature.name, next(iter(them.values())).us, them))
    return Matrix([card.competitor for card in cards], rows)


def same_feature(written: str, declared: str) -> bool:
    """Feature names match ignoring case and runs of spaces."""
    return " ".join(written.casefold().split()) == " ".join(declared.casefold().split())
