"""Feature comparison on a battlecard: how we and the competitor do, feature by feature."""

from __future__ import annotations

from enum import StrEnum

from generator.model.base import Model


class Support(StrEnum):
    """How well a product covers a feature; `unknown` is never ahead or behind."""

    yes = "yes"
    partial = "partial"
    no = "no"
    unknown = "unknown"

    @property
    def rank(self) -> int | None:
        """yes 2, partial 1, no 0; None for unknown."""
        return {"yes": 2, "partial": 1, "no": 0}.get(self.value)

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value.capitalize()


class FeatureComparison(Model):
    """One row: a feature the product declares under `features`."""

    feature: str
    """The name of one of the product's `features`."""
    them: Support
    """How the competitor covers it."""
    us: Support = Support.yes
    """How we cover it; a declared feature is `yes` unless written otherwise. The same
    feature must say the same in every battlecard."""
    note: str | None = None
