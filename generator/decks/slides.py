"""What a deck says, slide by slide, as plain data: no python-pptx, no files.

A `Deck` is a tuple of `Slide`s made from the model by `generator.decks.pitch` and
`generator.decks.review`; `generator.decks.draw` lays it out on a theme deck. Equal
decks draw to equal bytes, so a deck's data is also its cache key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MAX_BULLETS = 6
"""Bullets on one slide; longer lists go on to a second slide ("(continued)")."""
MAX_ROWS = 8
"""Table rows under the header on one slide."""


@dataclass(frozen=True)
class Bullet:
    text: str
    level: int = 0


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    kind: str
    """"stacked" (columns stacked by series) or "line"."""
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "General"


@dataclass(frozen=True)
class Slide:
    layout: str
    """"title", "bullets", "statement", "table" or "chart"."""
    title: str
    subtitle: str = ""
    bullets: tuple[Bullet, ...] = ()
    statement: str = ""
    attribution: str = ""
    table: tuple[tuple[str, ...], ...] = ()
    """The header row first."""
    chart: Chart | None = None
    notes: str = ""
    """Speaker notes: what a rep says, not what the audience reads."""


@dataclass(frozen=True)
class Deck:
    path: str
    """Where the deck goes, like a file in docs_dir."""
    title: str
    author: str
    created: date
    """The build's as_of: the deck's created and modified dates."""
    slides: tuple[Slide, ...] = field(default=())


def bullet_slides(title: str, bullets: list[Bullet], notes: str = "") -> list[Slide]:
    """One slide of bullets, or as many as a long list needs."""
    if not bullets:
        return []
    chunks = [bullets[start:start + MAX_BULLETS] for start in range(0, len(bullets), MAX_BULLETS)]
    return [Slide("bullets", title if index == 0 else f"{title} (continued)",
                  bullets=tuple(chunk), notes=notes)
            for index, chunk in enumerate(chunks)]


def table_slides(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]],
                 notes: str = "") -> list[Slide]:
    if not rows:
        return []
    chunks = [rows[start:start + MAX_ROWS] for start in range(0, len(rows), MAX_ROWS)]
    return [Slide("table", title if index == 0 else f"{title} (continued)",
                  table=(header, *chunk), notes=notes)
            for index, chunk in enumerate(chunks)]
