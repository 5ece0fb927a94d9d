"""Text as words, and the phrases of a text worth looking for elsewhere.

Both sides of a comparison go through `words`: YAML text (Markdown) and text read back
from a built site (HTML, JSON, PDF), so markup, case, punctuation, entities, typographic
apostrophes and PDF ligatures never hide a match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from generator.model.base import SLUG_PATTERN

BREAK = "\x00"
"""Put between pieces of text that do not continue each other; no phrase spans one."""
MIN_VALUE_WORDS = 2
"""A whole value (a name, a title, a list item) is looked for from this many words."""
MIN_SENTENCE_WORDS = 5
"""A sentence of a longer value is looked for from this many words."""

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*|\x00")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^<>]*>")
_ID = re.compile(SLUG_PATTERN)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*")

Phrase = tuple[str, ...]
T = TypeVar("T")


def words(text: str) -> list[str]:
    """Lowercase words (letters and digits, inner apostrophes kept) and BREAK markers."""
    if text.isascii():
        return _WORD.findall(text.lower())
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text.replace("’", "'").replace("‘", "'").replace("ʼ", "'"))


def phrases(value: str) -> list[Phrase]:
    """What of a YAML text to look for: the whole value when it is one sentence of at least
    MIN_VALUE_WORDS words, else each of its sentences of at least MIN_SENTENCE_WORDS.

    Shorter text ("Yes", "Enterprise", "Win him early.") is too common to prove a leak,
    numbers ("2.8", "$1,290") are in every script, and an id (`edi-connect`) names a
    file: URLs show it.
    """
    if _ID.fullmatch(value):
        return []
    plain = _plain(value)
    sentences = [found for part in _SENTENCE_END.split(plain) if (found := words(part))]
    if len(sentences) == 1:
        whole = tuple(sentences[0])
        return [whole] if sum(not word.isdigit() for word in whole) >= MIN_VALUE_WORDS else []
    return [tuple(sentence) for sentence in sentences if len(sentence) >= MIN_SENTENCE_WORDS]


def markdown_words(value: str) -> list[str]:
    """The words of a Markdown text as a page shows them (link targets and tags left out)."""
    return words(_plain(value))


def _plain(markdown: str) -> str:
    return _TAG.sub(" ", _MARKDOWN_LINK.sub(r"\1", markdown))


class Finder(Generic[T]):
    """Finds many phrases in a list of words at once: indexed by their first two words,
    then by length, so a common opening ("the team") costs one lookup per length."""

    def __init__(self, entries: Iterable[tuple[Phrase, T]]) -> None:
        self.index: dict[tuple[str, str], dict[int, dict[Phrase, list[T]]]] = {}
        for phrase, value in entries:
            if len(phrase) < 2:
                raise ValueError(f"a phrase needs two words at least: {phrase!r}")
            by_length = self.index.setdefault((phrase[0], phrase[1]), {})
            by_length.setdefault(len(phrase), {}).setdefault(phrase, []).append(value)
        self.firsts = {first for first, _ in self.index}

    def __len__(self) -> int:
        return sum(len(found) for lengths in self.index.values() for found in lengths.values())

    def _matches(self, found: Sequence[str]) -> Iterator[tuple[int, Phrase, list[T]]]:
        index, firsts, end = self.index, self.firsts, len(found) - 1
        for start in [start for start, word in enumerate(found) if word in firsts]:
            if start == end:
                continue
            lengths = index.get((found[start], found[start + 1]))
            if lengths is None:
                continue
            for length, phrases in lengths.items():
                phrase = tuple(found[start:start + length])
                values = phrases.get(phrase)
                if values is not None:
                    yield start, phrase, values

    def find(self, found: Sequence[str]) -> Iterator[T]:
        """The value of every phrase that occurs in `found` (once per occurrence)."""
        for _, _, values in self._matches(found):
            yield from values

    def covered(self, found: Phrase) -> int:
        """How many of the words of `found` are part of some phrase of this Finder."""
        covered = [False] * len(found)
        for start, phrase, _ in self._matches(found):
            covered[start:start + len(phrase)] = [True] * len(phrase)
        return sum(covered)


class Lines:
    """The words of a file with the line each is on, to find where a phrase begins."""

    def __init__(self, lines: list[str]) -> None:
        self.words: list[str] = []
        self.numbers: list[int] = []
        self.first: list[int] = []
        """Index in `words` of the first word on each line."""
        for number, line in enumerate(lines, start=1):
            self.first.append(len(self.words))
            found = words(line)
            self.words += found
            self.numbers += [number] * len(found)

    def line_of(self, start: int, phrase: Phrase) -> int:
        """The line (1-based) at or after `start` where `phrase` begins: a sentence's own
        line inside a multi-line YAML value. `start` when it is not found."""
        head = list(phrase[:4])
        begin = self.first[start - 1] if 0 < start <= len(self.first) else 0
        for offset in range(begin, len(self.words) - len(head) + 1):
            if self.words[offset] == head[0] and self.words[offset:offset + len(head)] == head:
                return self.numbers[offset]
        return start
