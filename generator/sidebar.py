"""The left-hand navigation of one page, as Material for MkDocs marks it up, built in Python.

Material renders the whole navigation tree into every page with Jinja macros: at a few
thousand pages that is most of the build and most of every page's size. Here each page
gets only what a reader needs there: the top-level sections, and inside the section it
is in, the path down to it with its siblings and children. A level with more than
`SIBLINGS` entries shows only the entry on the path; its section's index page lists
all. The size of every page's navigation therefore does not grow with the portfolio.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from generator.render.pages import relative_path

SIBLINGS = 30


@dataclass
class Entry:
    title: str
    path: str | None = None
    """The page it opens: a section's index page, or the page itself."""
    children: list[Entry] = field(default_factory=list)
    below: frozenset[str] = frozenset()
    """Every page path in this entry and under it (set by `entries`)."""
    label: str = field(init=False, repr=False, compare=False)
    """The title as the sidebar marks it up: the same on every page."""

    def __post_init__(self) -> None:
        self.label = f'<span class="md-ellipsis">{escape(self.title)}</span>'

    def contains(self, path: str) -> bool:
        return path in self.below

    @functools.cached_property
    def first_path(self) -> str | None:
        if self.path:
            return self.path
        return next((p for child in self.children if (p := child.first_path)), None)


def entries(nav: list[Any], title_of: Callable[[str], str]) -> list[Entry]:
    """mkdocs.yml `nav:` items as entries; a section's leading bare path is its index."""
    result = []
    for item in nav:
        if isinstance(item, str):
            result.append(Entry(title_of(item), item))
            continue
        (title, value), = item.items()
        if isinstance(value, str):
            result.append(Entry(title, value))
            continue
        index = value[0] if value and isinstance(value[0], str) else None
        children = entries(value[1:] if index else value, title_of)
        result.append(Entry(title, index, children))
    for entry in result:
        below = {entry.path} if entry.path else set()
        for child in entry.children:
            below |= child.below
        entry.below = frozenset(below)
    return result


def sidebar(tree: list[Entry], current: str, url: Callable[[str], str]) -> str:
    """The `<li>` items of the primary navigation for the page at source path `current`."""
    return "".join(_item(entry, current, url, 1, f"__nav_{number}")
                   for number, entry in enumerate(tree, 1))


def _item(entry: Entry, current: str, url: Callable[[str], str], level: int, key: str) -> str:
    label = entry.label
    active = entry.contains(current)
    if not entry.children:
        if entry.path == current:
            return ('<li class="md-nav__item md-nav__item--active">'
                    f'<a href="{url(current)}" class="md-nav__link md-nav__link--active">'
                    f"{label}</a></li>")
        return (f'<li class="md-nav__item"><a href="{url(entry.path or "")}" '
                f'class="md-nav__link">{label}</a></li>')
    if not active:
        target = entry.first_path
        return ('<li class="md-nav__item md-nav__item--pruned md-nav__item--nested">'
                f'<a href="{url(target or "")}" class="md-nav__link">{label}'
                '<span class="md-nav__icon md-icon"></span></a></li>')
    section = " md-nav__item--section" if level == 1 else ""
    toggle = (f'<input class="md-nav__toggle md-toggle" type="checkbox" id="{key}" checked>')
    icon = (f'<label class="md-nav__link" for="{key}" id="{key}_label" tabindex="0">'
            '<span class="md-nav__icon md-icon"></span></label>')
    if entry.path:
        current_class = " md-nav__link--active" if entry.path == current else ""
        head = ('<div class="md-nav__link md-nav__container">'
                f'<a href="{url(entry.path)}" class="md-nav__link{current_class}">{label}</a>'
                f"{icon}</div>")
    else:
        head = (f'<label class="md-nav__link" for="{key}" id="{key}_label" tabindex="0">'
                f'{label}<span class="md-nav__icon md-icon"></span></label>')
    shown = entry.children
    if len(shown) > SIBLINGS:
        shown = [child for child in shown if child.contains(current)]
    children = "".join(_item(child, current, url, level + 1, f"{key}_{number}")
                       for number, child in enumerate(shown, 1))
    return (f'<li class="md-nav__item md-nav__item--active{section} md-nav__item--nested">'
            f"{toggle}{head}"
            f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{key}_label" '
            'aria-expanded="true">'
            f'<label class="md-nav__title" for="{key}"><span class="md-nav__icon md-icon">'
            f"</span>{escape(entry.title)}</label>"
            f'<ul class="md-nav__list" data-md-scrollfix>{children}</ul></nav></li>')


class PageNavigation:
    """The sidebar of every page of one build, from the site's `nav:` tree. Titles and URLs
    come from the engine (they are known once its pages are read), so the entries are made
    on first use."""

    def __init__(self, nav: list[Any], title_of: Callable[[str], str],
                 url_of: Callable[[str], str]) -> None:
        self.nav = nav
        self.title_of = title_of
        self.url_of = url_of
        self._tree: list[Entry] | None = None

    @property
    def tree(self) -> list[Entry]:
        if self._tree is None:
            self._tree = entries(self.nav, self.title_of)
        return self._tree

    def of(self, path: str, page_url: str) -> str:
        """The sidebar items of the page at `path`, served at `page_url`."""
        return sidebar(self.tree, path,
                       lambda target: relative_path(page_url, self.url_of(target)))

    def top(self, path: str) -> str | None:
        """The title of the top-level section the page at `path` is in."""
        return next((entry.title for entry in self.tree if entry.contains(path)), None)

    def fingerprint(self) -> str:
        """Every entry's title, page and URL: with a page's path and URL, what its sidebar
        is made of, so a page kept with its sidebar need not have it made to be found."""
        def described(entry: Entry) -> list[Any]:
            return [entry.title, entry.path, self.url_of(entry.path) if entry.path else None,
                    [described(child) for child in entry.children]]
        return json.dumps([described(entry) for entry in self.tree])

    def paths(self) -> set[str]:
        """Every page some sidebar links to."""
        return set().union(*(entry.below for entry in self.tree))
