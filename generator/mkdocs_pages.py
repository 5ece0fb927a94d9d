"""MkDocs' side of the page cache: what a page's conversion and HTML are keyed by, and
how a conversion done ahead (or kept) is handed to MkDocs and to Material's search.

With generator/mkdocs_plugin.py, the only modules that touch MkDocs' objects; the cache
itself (generator/page_cache.py) and the conversion (generator/prerender.py) do not.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from generator.page_cache import FORMAT, PageCache, digest, folder_digest, stable_json, versions
from generator.prerender import Indexer, Rendered
from generator.search_sections import adding_entries

REPLAY_TEMPLATE = "productdocs-replay.html"
"""A template that writes out `productdocs_replay`: a page's HTML, from the cache or just
rendered with the page's own template."""
# Settings that say where a build runs, not what it makes; the rest of the configuration
# is part of every cached page's key.
WHERE_IT_RUNS = frozenset({"config_file_path", "site_dir", "docs_dir", "dev_addr", "watch",
                           "plugins", "theme", "nav", "pages"})


def conversion_key(config: MkDocsConfig, templates: list[Path], search: Any) -> str:
    """What every page's conversion depends on besides its own Markdown and links."""
    settings = {name: config[name] for name in
                ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation")}
    return digest(FORMAT, versions(), stable_json(settings), folder_digest(templates),
                  stable_json(search.config if search is not None else None))


def output_key(config: MkDocsConfig, site_key: str, nav: Any, theme: Path) -> str:
    """What every page's HTML depends on besides the page itself: the configuration, the
    theme, the top-level navigation and the build's date."""
    settings = {name: value for name, value in config.items() if name not in WHERE_IT_RUNS}
    settings["plugins"] = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    settings["theme"] = {**dict(config.theme.items()), "dirs": config.theme.dirs}
    settings["nav"] = _tabs(nav.items)
    custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    # Material's page templates do not show the build's date (only the sitemap does, which
    # is not cached): a new commit must not make every page's HTML look new.
    dated = os.environ.get("SOURCE_DATE_EPOCH", "") if _shows_build_date(
        config.theme.dirs) else ""
    return digest(site_key, stable_json(settings), folder_digest([theme, *custom]), dated)


def _shows_build_date(folders: list[str]) -> bool:
    return any(name in path.read_text(encoding="utf-8", errors="replace")
               for folder in folders for path in Path(folder).rglob("*.html")
               for name in ("build_date_utc", "update_date"))


def page_key(site_key: str, page: Any, rendered: Rendered, tags: str, navigation: str,
             tab: str | None) -> str:
    """Everything the theme's template is given that differs from page to page: the
    page's conversion (its key stands for the Markdown, front matter and table of
    contents; with the URLs its links were found at, for its HTML: hashing those costs
    less than hashing the HTML), its title and place, and `tags` (see template_tags).
    `navigation` stands for the whole tree its sidebar is made from (with the page's path
    and URL, the sidebar)."""
    return digest(site_key, page.url, rendered.key, stable_json(rendered.links),
                  str(page.title), navigation, tab or "", tags, _address(page.previous_page),
                  _address(page.next_page), *map(_address, page.ancestors))


def template_tags(config: MkDocsConfig, page: Any, nav: Any) -> str:
    """What the tags plugins give the page's template (Material's: links to the tag
    listings), as part of its key: asked of the plugins, as MkDocs' page context does."""
    context: dict[str, Any] = {}
    for name in TAGS_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        mappings = getattr(plugin, "mappings", None)
        if mappings is not None and mappings.get(page) is None:
            continue  # a page without tags: Material's plugin gives its template nothing
        plugin.on_page_context(context, page=page, config=config, nav=nav)
    return repr(context.get("tags"))


TAGS_PLUGINS = ("tags", "material/tags")


def hand_over(page: Any, rendered: Rendered, files: Files) -> None:
    """What MkDocs' Page.render would have set, from a conversion done ahead."""
    page.content = rendered.content
    page.toc = _TableOfContentsLater(rendered.toc)
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    page.links_to_anchors = {file: dict(links) for path, links in rendered.anchor_links.items()
                             if (file := files.src_uris.get(path)) is not None}


class _TableOfContentsLater(TableOfContents):
    """MkDocs' table of contents of a page, made when its template first reads it: a page
    the page cache holds finished is never laid out."""

    def __init__(self, tokens: list[Any]) -> None:
        self.tokens = tokens

    @functools.cached_property
    def items(self) -> list[AnchorLink]:  # type: ignore[override]
        return get_toc(self.tokens).items


KEPT_BETWEEN_PAGES = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "extra", "fenced_code", "footnotes",
    "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks"})
"""Python-Markdown's extensions, named as in mkdocs.yml, that reset what they hold
between two documents; those of pymdown-extensions and Material do too."""


class Converter:
    """MkDocs' Page.render with one Markdown converter for every page, reset between pages
    as Python-Markdown allows (and as the Markdown floor of benchmarks/run.py converts),
    instead of a new one per page. The page's own parts (links made relative, anchors,
    title) are registered anew for each page, in MkDocs' order. With an extension not known
    to reset what it holds, every page gets a new converter, as in MkDocs."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.markdown: markdown.Markdown | None = None
        self.reusable = all(_resets(extension) for extension in config.markdown_extensions)

    def __call__(self, page: Any, files: Any) -> None:
        if not self.reusable:
            page.render(self.config, files)
            return
        if self.markdown is None:
            self.markdown = markdown.Markdown(extensions=self.config.markdown_extensions,
                                              extension_configs=self.config.mdx_configs or {})
        converter = self.markdown
        converter.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(converter)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, self.config)
        anchors._register(converter)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, self.config)
        relative._register(converter)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(converter)
        page.content = converter.convert(page.markdown)
        page.toc = get_toc(getattr(converter, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors


def _resets(extension: Any) -> bool:
    name = extension if isinstance(extension, str) else ""
    return (name.removeprefix("markdown.extensions.") in KEPT_BETWEEN_PAGES
            or name.startswith(("pymdownx.", "material.extensions.")))


def keep_source(page: Any, rendered: Rendered) -> None:
    """Spare MkDocs reading the front matter of a page converted ahead a second time: the
    page's Markdown and meta are taken from the conversion while its file is unchanged.
    (Only the plugins of prerender.KNOWN_PLUGINS run, and none of them reads sources.)"""
    if rendered.meta is None:
        return
    source = page.file.content_string

    def read_source(config: MkDocsConfig) -> None:
        if page.file.content_string == source:
            page.markdown, page.meta = source[rendered.body_at:], dict(rendered.meta or {})
        else:
            type(page).read_source(page, config)
    page.read_source = read_source


def search_index(config: MkDocsConfig) -> Any:
    """Material's search index of this build, or None (no search plugin, another one, or
    `mkdocs serve --dirty`, where Material merges the index of the last build itself)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context") and getattr(
                plugin, "config", {}).get("enabled", True) and not getattr(
                plugin, "is_dirty", False):
            return index
    return None


def indexer(search: Any) -> Indexer:
    """The entries Material's search index makes of one page (on a fresh index), encoded
    as search_index.json holds them."""
    def entries(page: Any) -> str:
        fresh = type(search)(**search.config)
        adding_entries(fresh)(page)
        return encoded_entries(fresh.entries)
    return entries


class SearchEntries:
    """Material's search index, kept page by page, each page's entries encoded as
    search_index.json holds them: taken from the page's conversion (done ahead or kept in
    the page cache) instead of parsing its HTML again, else encoded from what Material's
    parser made of it. Material then writes the file from them: one join, instead of
    encoding every page's entries in every build; `serve` replaces a saved page's."""

    def __init__(self, search: Any, rendered: dict[str, Rendered], kept: PageCache | None = None,
                 site_key: str | None = None) -> None:
        self.search = search
        self.rendered = rendered
        self.kept = kept if site_key else None
        """Where the entries of the other pages are kept, by what Material reads of them
        (the tags page: a megabyte at 500 products, parsed in every build)."""
        self.site_key = site_key
        self.pages: dict[str, str] = {}
        """{page's path: its entries}, in the order MkDocs built the pages."""
        self._parse = adding_entries(search)
        search.add_entry_from_context = self.add
        search.generate_search_index = self.generate_search_index

    def add(self, page: Any) -> None:
        done = self.rendered.get(page.file.src_uri)
        if done is not None and done.search is not None:
            self.pages[page.file.src_uri] = done.search
            return
        key = None
        if self.kept is not None and isinstance(page.content, str):
            key = digest(str(self.site_key), "search", page.url, str(page.title),
                         stable_json(page.meta), stable_json(_anchors(page.toc)), page.content)
            kept = self.kept.get(key)
            if kept is not None:
                self.pages[page.file.src_uri] = kept["entries"]
                return
        start = len(self.search.entries)
        self._parse(page)
        self.pages[page.file.src_uri] = encoded = encoded_entries(self.search.entries[start:])
        del self.search.entries[start:]
        if key is not None and self.kept is not None:
            self.kept.put(key, {"entries": encoded})

    def generate_search_index(self, previous: Any = None) -> str:
        return self.json(self.pages.values())

    def json(self, pages: Iterable[str]) -> str:
        """search_index.json as Material's generate_search_index writes it, from the
        pages' encoded entries."""
        config = {key: self.search.config[key]
                  for key in ("lang", "separator", "pipeline", "fields")}
        return ('{"config":' + json.dumps(config, separators=(",", ":"), default=str)
                + ',"docs":[' + ",".join(page for page in pages if page) + "]}")


def encoded_entries(entries: list[dict[str, Any]]) -> str:
    """One page's search entries as they appear in search_index.json."""
    return ",".join(json.dumps(entry, separators=(",", ":"), default=str) for entry in entries)


def _anchors(toc: Iterable[Any]) -> list[Any]:
    """What the search index takes of a page's table of contents: each heading's id and
    address."""
    return [[item.id, item.url, _anchors(item.children)] for item in toc]


def _tabs(items: list[Any]) -> list[list[str | None]]:
    """What the top of every page shows of the navigation: each tab and where it leads.
    The rest of the tree reaches a page only through its own sidebar and ancestors, which
    are part of its key."""
    return [[item.title, getattr(item, "url", None), _first_url(item)] for item in items]


def _first_url(item: Any) -> str | None:
    while getattr(item, "children", None):
        item = item.children[0]
    return getattr(item, "url", None)


def _address(item: Any) -> str:
    return "" if item is None else f"{item.title}\0{getattr(item, 'url', '')}"
