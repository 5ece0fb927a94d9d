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
import multiprocessing
import os
from dataclasses import dataclass, field
from typing import Any

# Below this many pages, starting processes costs more than it saves.
MINIMUM_PAGES = 300


@dataclass
class Rendered:
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    messages: list[tuple[str, int, str]] = field(default_factory=list)
    """(logger, level, message) of what MkDocs logged while converting the page."""


_job: tuple[list[Any], Any, Any] | None = None


def process_count() -> int:
    """Processes to convert with: PRODUCTDOCS_WORKERS, else the cores (at most 4)."""
    setting = os.environ.get("PRODUCTDOCS_WORKERS", "")
    return int(setting) if setting.isdigit() else min(os.cpu_count() or 1, 4)


def prerender(pages: list[Any], config: Any, files: Any) -> dict[str, Rendered]:
    """{src_uri: Rendered} for `pages`, converted by `workers()` processes; {} when that
    would not pay off (few pages or one process)."""
    workers = process_count()
    if workers < 2 or len(pages) < MINIMUM_PAGES:
        return {}
    global _job
    _job = (pages, config, files)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            slices = [range(start, len(pages), workers * 8) for start in range(workers * 8)]
            results = pool.map(_render_slice, slices)
    finally:
        _job = None
    done = {uri: page for result in results for uri, page in result}
    rendered = {page.file.src_uri: done[page.file.src_uri] for page in pages}
    for page in rendered.values():  # in the pages' order, as MkDocs would have logged them
        for name, level, message in page.messages:
            logging.getLogger(name).log(level, message)
    return rendered


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _render_slice(indices: range) -> list[tuple[str, Rendered]]:
    assert _job is not None
    pages, config, files = _job
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    logger.addHandler(collector)
    logger.propagate = False
    for handler in list(logger.handlers):
        if handler is not collector:
            logger.removeHandler(handler)
    done = []
    for index in indices:
        page = pages[index]
        collector.records.clear()
        page.read_source(config)
        page.render(config, files)
        messages = [(record.name, record.levelno, record.getMessage())
                    for record in collector.records]
        done.append((page.file.src_uri, Rendered(page.content, page.toc,
                                                 page._title_from_render,
                                                 page.present_anchor_ids, messages)))
    return done
