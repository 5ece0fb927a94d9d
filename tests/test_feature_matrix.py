"""Feature comparisons: ahead, even, behind, and the "me-too" flag they raise."""

from __future__ import annotations

from datetime import date

from generator import feature_matrix, metrics
from generator.feature_matrix import Score, Standing
from generator.model import Product
from generator.model.comparison import FeatureComparison
from generator.model.portfolio import ReviewThresholds
from generator.quarters import Quarter, last


def row(us: str, them: str) -> FeatureComparison:
    return FeatureComparison.model_validate({"feature": "Map", "us": us, "them": them})


def test_standing_ranks_yes_over_partial_over_no() -> None:
    assert feature_matrix.standing(row("yes", "no")) is Standing.ahead
    assert feature_matrix.standing(row("partial", "no")) is Standing.ahead
    assert feature_matrix.standing(row("partial", "yes")) is Standing.behind
    assert feature_matrix.standing(row("yes", "yes")) is Standing.even
    assert feature_matrix.standing(row("no", "unknown")) is Standing.unknown
    assert FeatureComparison.model_validate({"feature": "Map", "them": "no"}).us == "yes"


PRODUCT = {
    "name": "Atlas", "tagline": "x", "category": "x", "owner": "x", "reviewed": "2026-06-01",
    "lifecycle": "in-life", "launched": "2024-01-01",
    "positioning": {"target": "t", "need": "n", "category": "c", "benefit": "b",
                    "alternative": "a", "differentiator": "d"},
    "features": [{"name": "Live map", "priority": "vital"},
                 {"name": "Gate kiosk", "priority": "vital"},
                 {"name": "Driver app", "priority": "important"}],
    "competitors": [
        # acme: ahead on the map, behind on the kiosk, even on the app.
        {"competitor": "acme", "comparison": [
            {"feature": "Live map", "them": "partial"},
            {"feature": "gate  KIOSK", "us": "partial", "them": "yes"},
            {"feature": "Driver app", "them": "yes"}]},
        # globex: even, behind, unknown: ahead nowhere.
        {"competitor": "globex", "comparison": [
            {"feature": "Live map", "them": "yes"},
            {"feature": "Gate kiosk", "us": "partial", "them": "yes"},
            {"feature": "Driver app", "them": "unknown"}]},
        {"competitor": "initech"},
    ],
}


def atlas() -> Product:
    made = Product.model_validate(PRODUCT)
    made._slug = "atlas"
    return made


def test_scores_per_battlecard() -> None:
    cards = atlas().competitors
    assert feature_matrix.score(cards[0]) == Score(ahead=1, even=1, behind=1, unknown=0)
    assert feature_matrix.score(cards[1]) == Score(ahead=0, even=1, behind=1, unknown=1)
    assert feature_matrix.score(cards[1]).features == 3
    assert feature_matrix.never_ahead(atlas()) == ["globex"]


def test_matrix_rows_follow_the_declared_features() -> None:
    matrix = feature_matrix.matrix(atlas())
    assert matrix.competitors == ["acme", "globex"]
    assert [r.feature for r in matrix.rows] == ["Live map", "Gate kiosk", "Driver app"]
    kiosk = matrix.rows[1]
    assert kiosk.us == "partial" and set(kiosk.them) == {"acme", "globex"}


def test_me_too_fires_without_a_feature_ahead_even_with_a_differentiator() -> None:
    trend = last(8, Quarter(2026, 2))
    flags = metrics.review_flags([atlas()], ReviewThresholds(), trend, date(2026, 6, 30))
    assert [(f.kind, f.competitors) for f in flags] == [(metrics.FlagKind.me_too, ("globex",))]
    ahead = Product.model_validate({**PRODUCT, "competitors": PRODUCT["competitors"][:1]})
    ahead._slug = "atlas"
    assert metrics.review_flags([ahead], ReviewThresholds(), trend, date(2026, 6, 30)) == []
