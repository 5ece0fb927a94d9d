"""Convert the generated pages' Markdown on every core before MkDocs asks for it.

MkDocs converts pages one after the other, on one core; converting is about half of a
large build. Here MkDocs' own `Page.render` runs in forked worker processes, which
inherit the configuration and the file list as they are, and the HTML, table of
contents and title come back to be handed over when MkDocs reaches each page (see the
plugin's `on_page_markdown` and `on_page_content`). Warnings the workers log are logged
again in the building process, so `--strict` counts them.

Nothing here imports MkDocs: it only calls the page objects it is given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.processes import in_parallel

# Below this many pages, starting processes costs more than it saves.
MINIMUM_PAGES = 300
# Plugins known not to change a generated page's Markdown (the tags plugin only reads it).
KNOWN_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags",
                           "productdocs"})
# Generated pages with no marker another plugin fills in (the tags page has one).
PRERENDERED_KINDS = frozenset({
    "product", "product_personas", "battlecards", "battlecard", "faq", "playbook", "pricing",
    "whitepaper", "launch_plan", "roadmap", "competitors", "competitor", "personas",
    "persona", "products"})


def plugins_leave_markdown(plugins: Iterable[str]) -> bool:
    """Pages are converted ahead only when no other plugin could change their Markdown."""
    return set(plugins) <= KNOWN_PLUGINS


@dataclass
class Rendered:
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    messages: list[tuple[str, int, str]] = field(default_factory=list)
    """(logger, level, message) of what MkDocs logged while converting the page."""


def prerender(pages: list[Any], config: Any, files: Any) -> dict[str, Rendered]:
    """{src_uri: Rendered} for `pages`, converted on every core; {} when that would not
    pay off (few pages or one process)."""
    global _setting
    _setting = (config, files)
    try:
        results = in_parallel(_render, pages, MINIMUM_PAGES)
    finally:
        _setting = None
    if results is None:
        return {}
    rendered = {page.file.src_uri: result for page, result in zip(pages, results, strict=True)}
    for result in results:  # in the pages' order, as MkDocs would have logged them
        for name, level, message in result.messages:
            logging.getLogger(name).log(level, message)
    return rendered


_setting: tuple[Any, Any] | None = None


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _render(pages: Sequence[Any], indices: range) -> list[Rendered]:
    """In a worker: MkDocs' own conversion of some pages, with what it logged."""
    assert _setting is not None
    config, files = _setting
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(collector)
    logger.propagate = False
    done = []
    for index in indices:
        page = pages[index]
        collector.records.clear()
        page.read_source(config)
        page.render(config, files)
        messages = [(record.name, record.levelno, record.getMessage())
                    for record in collector.records]
        done.append(Rendered(page.content, page.toc, page._title_from_render,
                             page.present_anchor_ids, messages))
    return done
