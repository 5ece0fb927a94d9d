"""Slide decks (PPTX) built with the site: a pitch deck per product, its public variant,
and the portfolio review deck for leadership.

Engine-free, like `generator.pdf`: a rendered `Site` in, {path: PPTX bytes} out. Slides
are made as plain data from the build's portfolio (`pitch`, `review`), then drawn on the
theme deck (`draw`). A deck is drawn only when its data or the theme changed: drawn decks
are cached by content hash in memory (between `serve` rebuilds) and on disk (between
builds), and what is left is drawn on every core.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
from collections.abc import Collection, Sequence
from pathlib import Path

from generator.audience import Build, public_view
from generator.cache import cache_folder, read_cached, write_cached
from generator.decks.pitch import pitch_deck
from generator.decks.review import review_deck
from generator.decks.slides import Deck
from generator.processes import in_parallel
from generator.render.environment import builtin_templates
from generator.render.pages import Site

THEME = "pptx/theme.pptx"
"""The theme deck, relative to a templates folder (a company's overrides first)."""
DRAW_VERSION = f"1/{importlib.metadata.version('python-pptx')}"
"""Part of every cache key: change it when draw() makes something else of the same deck."""
PARALLEL_DECKS = 8


def decks(site: Site, pages: Collection[str] | None = None) -> list[Deck]:
    """Every deck of this build (or of the `pages` named), as data; nothing is drawn yet."""
    result = []
    internal = site.build is Build.internal
    public = public_view(site.portfolio) if internal else site.portfolio
    for page in site.pages.values():
        if pages is not None and page.path not in pages:
            continue
        if page.kind == "product" and page.deck is not None:
            product = page.data["product"]
            result.append(pitch_deck(page.deck, product, site.portfolio, site.as_of,
                                     internal=internal))
            shown = public.product(product.slug)
            if page.public_deck is not None and internal and shown is not None:
                result.append(pitch_deck(page.public_deck, shown, public, site.as_of,
                                         internal=False))
        elif page.kind == "portfolio" and page.deck is not None:
            result.append(review_deck(page.deck, page.data["review"], site.portfolio))
    return result


def theme(overrides: Path | None = None) -> bytes:
    """The company's theme deck when it has one, else the built-in one."""
    for folder in (overrides, builtin_templates()):
        if folder is not None and (folder / THEME).is_file():
            return (folder / THEME).read_bytes()
    raise FileNotFoundError(builtin_templates() / THEME)


def key(deck: Deck, theme_bytes: bytes) -> str:
    """Same key, same bytes: the deck's data (not where it goes), the theme and the drawing
    code's version."""
    digest = hashlib.sha256(f"{DRAW_VERSION}\0{dataclasses.replace(deck, path='')!r}\0".encode())
    digest.update(theme_bytes)
    return digest.hexdigest()


def render_decks(site: Site, overrides: Path | None = None,
                 cache: dict[str, bytes] | None = None,
                 pages: Collection[str] | None = None) -> dict[str, bytes]:
    """Every deck of this build (or of the `pages` named) as {path: PPTX bytes}."""
    memory = cache if cache is not None else {}
    folder = cache_folder("pptx")
    theme_bytes = theme(overrides)
    drawn: dict[str, bytes] = {}
    missing: list[tuple[str, Deck]] = []
    for deck in decks(site, pages):
        name = key(deck, theme_bytes)
        content = memory.get(name) or read_cached(folder, f"{name}.pptx")
        if content is None:
            missing.append((name, deck))
        else:
            drawn[deck.path] = memory[name] = content

    if missing:
        drawn.update(_drawn(missing, theme_bytes, memory, folder))
    return dict(sorted(drawn.items()))


def _drawn(missing: list[tuple[str, Deck]], theme_bytes: bytes, memory: dict[str, bytes],
           folder: Path | None) -> dict[str, bytes]:
    """The decks not kept, drawn (on every core when there are many) and kept."""
    from generator.decks.draw import draw  # only now: python-pptx takes 0.1 s to import

    def draw_some(items: Sequence[tuple[str, Deck]], indices: range) -> list[bytes]:
        return [draw(items[index][1], theme_bytes) for index in indices]

    made = in_parallel(draw_some, missing, PARALLEL_DECKS) or draw_some(
        missing, range(len(missing)))
    drawn = {}
    for (name, deck), content in zip(missing, made, strict=True):
        drawn[deck.path] = memory[name] = content
        write_cached(folder, f"{name}.pptx", content)
    return drawn

