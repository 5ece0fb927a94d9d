"""A usage scenario: one situation in which a persona uses a product, start to finish."""

from __future__ import annotations

from typing import ClassVar

from generator.model.base import Markdown, ShortForm, TextList


class UsageScenario(ShortForm):
    """`- Reschedule a late carrier` is the title alone."""

    text_field: ClassVar[str] = "title"

    title: str
    situation: Markdown | None = None
    """What is going on when the persona reaches for the product."""
    steps: TextList = []
    """What they do, in order."""
    outcome: str | None = None
    """What is better afterwards, in the persona's words or numbers."""
