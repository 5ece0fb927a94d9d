"""Success stories (case studies) of one product, in `products/<slug>.yml`."""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Audience, Markdown, Model, Slug


class StoryResult(Model):
    """One result in numbers: the figure as it should be shown, and what it measures."""

    figure: str
    """The number, e.g. "38%", "$1.2M", "4 days"."""
    measure: str
    """What changed, e.g. "less detention paid in the first six months"."""


class StoryQuote(Model):
    quote: str
    name: str
    title: str | None = None


class SuccessStory(Model):
    id: Slug
    """How a whitepaper cites the story (`whitepaper.stories`) and the page's name."""
    customer: str
    industry: str
    problem: Markdown
    """What was wrong before."""
    solution: Markdown
    """What they did with the product."""
    results: list[StoryResult] = Field(min_length=1)
    quote: StoryQuote | None = None
    audience: Audience = Audience.internal
    """public when the customer agreed to be named publicly."""
