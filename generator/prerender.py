"""Convert the generated pages' Markdown before MkDocs asks for it: on every core, and
only the pages the page cache does not already hold.

MkDocs converts pages one after the other, on one core; converting is about half of a
large build. Here MkDocs' own `Page.render` runs in forked worker processes (or in this
process, for a few pages or while `serve` runs threads), which inherit the
configuration and the file list as they are. The HTML, table of contents, title and
search entries come back as a `Rendered`, plain data the page cache can keep, to be
handed over when MkDocs reaches each page (see the plugin's `on_page_markdown` and
`on_page_content`). Warnings logged while converting are logged again in the building
process, in the pages' order, so `--strict` counts them whether or not they were cached.

Nothing here imports MkDocs: it only calls the page objects it is given.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from generator.page_cache import PageCache, digest
from generator.processes import in_parallel

# Below this many pages, starting processes costs more than it saves.
MINIMUM_PAGES = 300
# Plugins known not to change a generated page's Markdown (the tags plugin only reads it).
KNOWN_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags",
                           "productdocs"})
# Generated pages with a marker another plugin fills in: MkDocs converts them itself.
NOT_CONVERTED_AHEAD = frozenset({"tags"})

Indexer = Callable[[Any], str]
"""What the search index makes of a converted page: its entries, encoded."""
Converter = Callable[[Any, Any], None]
"""Converts a page (MkDocs' Page.render, given the page and the files it may link to)."""


def plugins_leave_markdown(plugins: Iterable[str]) -> bool:
    """Pages are converted ahead only when no other plugin could change their Markdown."""
    return set(plugins) <= KNOWN_PLUGINS


@dataclass
class Rendered:
    """A page as MkDocs converted it, in a form that can be kept as JSON."""

    content: str
    toc: list[dict[str, Any]]
    """MkDocs' table-of-contents tokens: {level, id, name, children}."""
    title: str | None
    anchors: list[str]
    links: dict[str, str | None]
    """Every path the conversion looked up among the site's files, and the URL it found."""
    anchor_links: dict[str, dict[str, str]]
    """Links to anchors of other pages, by the linked page's path (MkDocs checks them)."""
    messages: list[tuple[str, int, str]]
    """(logger, level, message) of what MkDocs logged while converting the page."""
    search: str | None
    """The search index's entries for the page, encoded as in search_index.json, or None
    when there is no search plugin."""
    meta: dict[str, Any] | None
    """The page's front matter as MkDocs read it, or None when it holds more than plain
    values (a date, say): MkDocs then reads it again itself."""
    body_at: int
    """Where the page's Markdown starts after its front matter."""
    key: str = dataclasses.field(default="", compare=False)
    """The page cache's key of this conversion (not kept in the entry)."""

    def to_entry(self) -> dict[str, Any]:
        """The fields as they are, not copied (as dataclasses.asdict would): the entry is
        written out at once."""
        return {field: getattr(self, field) for field in _KEPT_FIELDS}

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Rendered:
        entry = {**entry, "messages": [tuple(message) for message in entry["messages"]]}
        return cls(**entry)


_KEPT_FIELDS = tuple(field.name for field in dataclasses.fields(Rendered)
                     if field.name != "key")


def convert(pages: list[Any], config: Any, files: Any, urls: dict[str, str],
            cache: PageCache, site_key: str, index: Indexer | None, converter: Converter
            ) -> dict[str, Rendered]:
    """{src_uri: Rendered} for every page: from the cache where its key and the pages it
    links to (`urls`: each file's URL by its path) are unchanged, else converted by
    `converter` (on every core when there are enough)."""
    keys = [digest(site_key, page.file.src_uri, page.file.url, page.file.content_string)
            for page in pages]
    rendered: dict[str, Rendered] = {}
    missing = []
    for page, key in zip(pages, keys, strict=True):
        entry = cache.get(key, lambda entry: _links_unchanged(entry, urls, files))
        if entry is None:
            missing.append(page)
        else:
            rendered[page.file.src_uri] = Rendered.from_entry(entry)
    for page, result in zip(missing, _convert_all(missing, config, files, index, converter),
                            strict=True):
        rendered[page.file.src_uri] = result
    converted = {page.file.src_uri for page in missing}
    for page, key in zip(pages, keys, strict=True):
        done = rendered[page.file.src_uri]
        done.key = key
        if page.file.src_uri in converted:
            cache.put(key, done.to_entry())
    for page in pages:  # in the pages' order, as MkDocs would have logged them
        for name, level, message in rendered[page.file.src_uri].messages:
            logging.getLogger(name).log(level, message)
    return rendered


def _links_unchanged(entry: dict[str, Any], urls: dict[str, str], files: Any) -> bool:
    for path, url in entry["links"].items():
        found = urls.get(path, _UNKNOWN)
        if found is _UNKNOWN:  # a path written another way than the file's own: MkDocs'
            file = files.get_file_from_path(path)  # lookup normalises it
            found = None if file is None else file.url
        if found != url:
            return False
    return True


_UNKNOWN = object()
_setting: tuple[Any, Any, Indexer | None, Converter] | None = None


def _convert_all(pages: list[Any], config: Any, files: Any, index: Indexer | None,
                 converter: Converter) -> list[Rendered]:
    global _setting
    _setting = (config, files, index, converter)
    try:
        return in_parallel(_render, pages, MINIMUM_PAGES) or _render(pages, range(len(pages)))
    finally:
        _setting = None


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _collected(name: str) -> Iterator[_Collector]:
    """What logger `name` is given, kept instead of printed."""
    logger = logging.getLogger(name)
    collector = _Collector()
    handlers, propagate = list(logger.handlers), logger.propagate
    for handler in handlers:
        logger.removeHandler(handler)
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        for handler in handlers:
            logger.addHandler(handler)
        logger.propagate = propagate


class _LookupsNoted:
    """The site's files as a page's conversion sees them, noting every path it looks up."""

    def __init__(self, files: Any) -> None:
        self.files = files
        self.by_path = files.src_uris
        self.found: dict[str, str | None] = {}

    def get_file_from_path(self, path: str) -> Any:
        # A file's own path first: MkDocs normalises every path it is given with pathlib,
        # which costs more than the lookup, and a file's path is normal already.
        file = self.by_path.get(path) or self.files.get_file_from_path(path)
        self.found[path] = None if file is None else file.url
        return file

    def __getattr__(self, name: str) -> Any:
        return getattr(self.files, name)


def _render(pages: Sequence[Any], indices: range) -> list[Rendered]:
    """MkDocs' own conversion of some pages, with what it logged and looked up."""
    assert _setting is not None
    config, files, index, converter = _setting
    done = []
    with _collected("mkdocs") as collector:
        for position in indices:
            page = pages[position]
            collector.records.clear()
            noted = _LookupsNoted(files)
            page.read_source(config)
            source = page.file.content_string
            plain = source.endswith(page.markdown) and _plain(page.meta)
            converter(page, noted)
            messages = [(record.name, record.levelno, record.getMessage())
                        for record in collector.records]
            anchor_links = {file.src_uri: dict(links) for file, links in
                            (page.links_to_anchors or {}).items()}
            done.append(Rendered(
                page.content, [_token(item) for item in page.toc], page._title_from_render,
                sorted(page.present_anchor_ids or ()), noted.found, anchor_links, messages,
                index(page) if index is not None else None,
                dict(page.meta) if plain else None, len(source) - len(page.markdown)))
    return done


def _plain(value: Any) -> bool:
    """Whether `value` holds nothing but what the page cache keeps as it is."""
    if type(value) is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if type(value) is list:
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int, float, bool)


def _token(item: Any) -> dict[str, Any]:
    return {"level": item.level, "id": item.id, "name": item.title,
            "children": [_token(child) for child in item.children]}

