"""Markdown fields as plain text, for what cannot show formatting: slides, JSON, chat."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import markdown


class _Text(HTMLParser):
    """The text of some HTML, paragraphs and list items on lines of their own."""

    BREAKS = {"p", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_AS_IT_IS = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:'\"()?/%$@+-])*")
"""Text Markdown leaves as it is: one line, starting with a letter (not a list item),
without a character that marks up (`*`, `_`, `[`, `<`, `&`, `#`, a backslash...)."""

_CONVERTER = markdown.Markdown(extensions=["tables"])
"""Made once: setting a converter up costs more than converting a short field."""


@functools.lru_cache(maxsize=1 << 15)
def plain(value: str | None) -> str:
    """A Markdown field as the plain text a slide shows: **bold** loses its stars, a link
    keeps its words, list items and paragraphs become lines.

    Kept by text: `serve` makes the API and the decks again on every save."""
    if not value:
        return ""
    if _AS_IT_IS.fullmatch(value):
        return " ".join(value.split())
    return converted(value)


def converted(value: str) -> str:
    """plain(), by converting the Markdown to HTML and taking the text of that."""
    parser = _Text()
    parser.feed(_CONVERTER.reset().convert(value))  # sanitized at validation
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)
