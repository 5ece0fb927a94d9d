"""What Material's search index takes of a page, read without Python's HTML parser.

Material divides a page's HTML into sections with a subclass of `html.parser.HTMLParser`,
whose tokenizer is most of its cost: a regular expression per tag and attribute, and the
line and column of every token counted. The HTML Python-Markdown writes is plain markup:
tags with quoted or simple attributes, text with entities. That is split here with one
expression and handed, token by token as `HTMLParser` would hand it, to `_Sections`:
Material's parser callbacks redone with counters. A page with anything else (a comment,
a tag inside a script or style, a `<` that opens no tag, an attribute `HTMLParser` reads
its own way) is left to Material's parser whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from html import escape, unescape
from typing import Any

from material.plugins.search.plugin import (
    Element,
    Parser,
    SearchIndex,
    SearchPlugin,
    Section,
    void,
)

_MARKUP = re.compile(r"<([^<>]*)>")
_START_TAG = re.compile(
    r"([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*(/?)")
_ATTRIBUTE = re.compile(
    r"\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_END_TAG = re.compile(r"/([a-zA-Z][a-zA-Z0-9-]*)\s*")
_RAW_TEXT = frozenset({"script", "style"})
"""Tags whose content HTMLParser reads as raw text."""


def sections(html: str) -> list[Section]:
    """Material's search sections of `html`: what its `Parser` gives when fed the page."""
    found = _Sections()
    if _fed(found, html):
        return found.data
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


class _Sections:
    """Material's `Parser` callbacks, doing what they do with less work per token.

    Material's `Element` compares by tag alone, so "an element in the context" there
    means an element with its tag, and its set of skipped elements is a set of tags:
    both are kept as such here."""

    def __init__(self) -> None:
        self.context: list[tuple[str, dict[str, str | None]]] = []
        self.open: dict[str, int] = {}
        """How many elements of each tag the context holds."""
        self.skip = set(_ALWAYS_SKIPPED)
        self.skipped = 0
        """Elements in the context whose tag is skipped."""
        self.headerlinks = 0
        """Permalink anchors in the context: a title's text inside one is not indexed."""
        self.section: Section | None = None
        self.data: list[Section] = []

    def in_title(self, section: Section) -> bool:
        return bool(self.open.get(section.el.tag))

    def _new_section(self, element: Element, depth: int = 0) -> Section:
        self.section = Section(element, depth)
        self.data.append(self.section)
        return self.section

    def start(self, tag: str, attributes: Sequence[tuple[str, str | None]]) -> None:
        if tag in void:
            return
        attrs = dict(attributes)
        self.context.append((tag, attrs))
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in self.skip:
            self.skipped += 1
        if tag == "a" and attrs.get("class") == "headerlink":
            self.headerlinks += 1
        if tag in _HEADINGS and "id" in attrs:
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self._new_section(Element("hx"), depth)
            first = not self.data
            self._new_section(Element(tag, attrs), depth).id = None if first else attrs["id"]
        section = self.section or self._new_section(Element("hx"))
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                if tag not in self.skip:
                    self.skip.add(tag)
                    self.skipped += self.open[tag]
                return
        if tag in _KEPT and not self.skipped:
            (section.title if self.in_title(section) else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        context = self.context
        if not context or context[-1][0] != tag:
            return
        section = self.section
        assert section is not None
        if section.depth > len(context):
            for earlier in reversed(self.data):
                if earlier.depth <= len(context):
                    section.depth = float("inf")  # type: ignore[assignment]
                    self.section = section = earlier
                    break
        _, attrs = context.pop()
        self.open[tag] -= 1
        if tag == "a" and attrs.get("class") == "headerlink":
            self.headerlinks -= 1
        if tag in self.skip:
            self.skipped -= 1
            if tag not in _ALWAYS_SKIPPED:
                self.skip.remove(tag)
                self.skipped -= self.open[tag]
            return
        if tag in _KEPT and not self.skipped:
            data = section.title if self.in_title(section) else section.text
            index = data.index(f"<{tag}>")
            if all(part.isspace() for part in data[index + 1:]):
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if self.skipped:
            return
        open_elements = self.open
        pre = bool(open_elements.get("pre"))
        if not pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self.section or self._new_section(Element("hx"))
        if open_elements.get(section.el.tag):
            if not self.headerlinks:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_ALWAYS_SKIPPED = frozenset({"script", "style", "object"})


def _fed(sections: _Sections, html: str) -> bool:
    """Hand `html` to the callbacks token by token, as HTMLParser would; False, having
    handed over part of it perhaps, when it holds markup only HTMLParser reads right."""
    data, start, end = sections.text, sections.start, sections.end
    parts = _MARKUP.split(html)  # text, markup, text, markup, ..., text
    for index in range(0, len(parts), 2):
        text = parts[index]
        if text:
            if "<" in text:
                return False
            data(unescape(text) if "&" in text else text)
        if index + 1 == len(parts):
            break
        inside = parts[index + 1]
        if inside[:1] == "/":
            tag = _END_TAG.fullmatch(inside)
            if tag is None:
                return False
            end(tag[1].lower())
            continue
        tag = _START_TAG.fullmatch(inside)
        if tag is None:
            return False
        name = tag[1].lower()
        if name in _RAW_TEXT and not _closed_next(parts, index, name):
            return False
        if name in void:
            continue  # start() ignores it, and end() finds it in no context
        start(name, _attributes(tag[2]) if tag[2] else ())
        if tag[3]:
            end(name)
    return True


def _closed_next(parts: list[str], index: int, name: str) -> bool:
    """Whether the raw text (script, style) opened at `parts[index + 1]` is plain text
    closed by the next tag, as HTMLParser reads it: its text is skipped either way."""
    following = parts[index + 3] if index + 3 < len(parts) else ""
    closing = _END_TAG.fullmatch(following)
    return closing is not None and closing[1].lower() == name


@functools.lru_cache(maxsize=4096)
def _attributes(written: str) -> tuple[tuple[str, str | None], ...]:
    """The attributes of a start tag, read once for each way they are written (pages
    repeat the same classes and titles)."""
    return tuple(_attribute(found) for found in _ATTRIBUTE.finditer(written))


def _attribute(found: re.Match[str]) -> tuple[str, str | None]:
    value = found[2]
    if value is None:
        return found[1].lower(), None
    if value[:1] in ("'", '"'):
        value = value[1:-1]
    return found[1].lower(), unescape(value) if value else value


def adding_entries(index: Any) -> Callable[[Any], None]:
    """`index.add_entry_from_context`, reading the page with sections() when the index is
    Material's own (MkDocs' search plugin, or a subclass, reads pages its own way)."""
    if type(index) is not SearchIndex:
        return index.add_entry_from_context  # type: ignore[no-any-return]

    def add_entry_from_context(page: Any) -> None:
        if (page.meta.get("search") or {}).get("exclude"):
            return
        for section in sections(page.content):
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)
    return add_entry_from_context


def markers_stripped_only_when_present(plugins: Any) -> None:
    """Material's search plugin, on each page, indexes it and then strips its
    `data-search-*` attributes with a regular expression tried at every character of the
    page. Here the page is indexed the same way and the expression runs only on a page
    that has such an attribute (a percent of a large build's time). `plugins` is MkDocs'
    PluginCollection; a search plugin with its own `on_page_context` is left as it is."""
    events = plugins.events["page_context"]
    for position, method in enumerate(events):
        plugin = getattr(method, "__self__", None)
        if getattr(method, "__func__", None) is not SearchPlugin.on_page_context:
            continue

        def on_page_context(context: Any, *, page: Any, config: Any, nav: Any,
                            plugin: Any = plugin, method: Any = method) -> Any:
            content = page.content
            if not isinstance(content, str) or "data-search-" in content:
                return method(context, page=page, config=config, nav=nav)
            if plugin.config.enabled:
                plugin.search_index.add_entry_from_context(page)
            return None

        events[position] = on_page_context
        origin = plugins._event_origins.get(method)
        if origin is not None:
            plugins._event_origins[on_page_context] = origin
