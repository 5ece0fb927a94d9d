"""The numbers the site shows, each a plain function of the model: no I/O, no clock."""

from __future__ import annotations

from generator.model.product import LaunchPlan


def readiness(plan: LaunchPlan) -> float | None:
    """Share of the launch checklist that is done, in percent; None without a checklist."""
    if not plan.readiness:
        return None
    return 100 * sum(item.done for item in plan.readiness) / len(plan.readiness)
