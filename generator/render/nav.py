"""The navigation of a site, in `mkdocs.yml`'s `nav:` format, built from the pages' sections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.render.pages import Site

NavItem = str | dict[str, Any]


@dataclass
class _Section:
    """Entries in the order they first appear: page paths with labels, or subsections."""

    entries: list[tuple[str, str | _Section]] = field(default_factory=list)
    subsections: dict[str, _Section] = field(default_factory=dict)
    index: str | None = None

    def subsection(self, name: str) -> _Section:
        if name not in self.subsections:
            self.subsections[name] = _Section()
            self.entries.append((name, self.subsections[name]))
        return self.subsections[name]

    def items(self) -> list[NavItem]:
        items: list[NavItem] = [self.index] if self.index else []
        for name, entry in self.entries:
            items.append({name: entry.items() if isinstance(entry, _Section) else entry})
        return items


def navigation(site: Site, handwritten: Iterable[str] = ()) -> list[NavItem]:
    """Home, the generated sections in the order they were planned, hand-written pages
    (by path), then pages without a section such as the tag index."""
    root = _Section()
    first: list[NavItem] = []
    last: list[NavItem] = []
    for page in site.pages.values():
        if not page.section:
            entry: NavItem = {page.label or page.title: page.path}
            (first if page.path == "index.md" else last).append(entry)
            continue
        section = root
        for name in page.section:
            section = section.subsection(name)
        if page.path.endswith("index.md") and section.index is None:
            section.index = page.path
        else:
            section.entries.append((page.label or page.title, page.path))
    own = [path for path in sorted(handwritten) if path not in site.pages]
    return first + root.items() + list(own) + last


def top_level(nav: list[NavItem]) -> list[NavItem]:
    """Only the top level of `nav`, each section reduced to its index page: what the
    tabs show. Each page's own navigation is built separately (generator/sidebar.py)."""
    items: list[NavItem] = []
    for item in nav:
        if isinstance(item, str):
            items.append(item)
            continue
        (title, value), = item.items()
        if isinstance(value, list):
            index = next((entry for entry in value if isinstance(entry, str)), None)
            if index is None:
                continue
            value = [index]
        items.append({title: value})
    return items
