"""`productdocs serve` of the whole site: a saved product file redoes only the pages it
changes, not the whole site.

MkDocs' serve builds everything again on every save (minutes at 500 products). Here the
last full build stays in memory: its configuration, files, navigation and the plugin's
state. On a save the portfolio is validated and rendered again (keeping the pages of
products that did not change), and only the pages whose Markdown differs are converted,
laid out and written, through MkDocs' own page steps; then the search index, and the
links, files and decks the change touched. Whatever cannot be done this way (a new page,
a title in the navigation, a template, a hand-written page, mkdocs.yml) is said in one
line and built in full.

With generator/mkdocs_plugin.py and generator/mkdocs_pages.py, the only modules that
touch MkDocs' objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Private to MkDocs (pinned in requirements.lock): tests/test_serve_in_place.py compares
# what they make with a full build, byte for byte.
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.problems import Problem, ProblemsFound
from generator.render import Page, Previous, Site
from generator.sources import Stamps, stamps

if TYPE_CHECKING:
    from generator.mkdocs_plugin import ProductDocsPlugin

SAVING = frozenset({"created", "modified", "deleted", "moved", "closed"})
"""What inotify says of a file being saved; not that a file was opened or read."""

EDITORS_FILES = ("~", ".swp", ".swx", ".tmp", "___jb_tmp___", "___jb_old___")
"""Endings of the files editors write next to the one being saved (and hidden files)."""


def stamp(folders: list[Path]) -> Stamps:
    """Every file under `folders` but those an editor writes while saving: a save in vim
    or a JetBrains editor must not look like a file added to the portfolio."""
    return stamps(folders, lambda parts: bool(parts) and (
        any(part.startswith(".") for part in parts) or parts[-1].endswith(EDITORS_FILES)))


@dataclass(frozen=True)
class Saved:
    """What changed between two stamps."""

    changed: list[Path]
    added: list[Path]
    removed: list[Path]

    @classmethod
    def between(cls, before: Stamps, after: Stamps) -> Saved:
        return cls(changed=sorted(path for path in before.keys() & after.keys()
                                  if before[path] != after[path]),
                   added=sorted(after.keys() - before.keys()),
                   removed=sorted(before.keys() - after.keys()))

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)


class NotInPlace(Exception):
    """Why a change needs the whole site built again."""


def update_in_place(plugin: ProductDocsPlugin, saved: Saved) -> list[str]:
    """Redo what `saved` touches in the site `plugin` built last: the lines to print.
    Raises NotInPlace when only a full build can show the change."""
    root = plugin.root
    products = root / "products"
    _refuse_outside(saved, root, products)
    old = plugin.site
    assert old is not None
    slugs = frozenset(path.stem for path in saved.changed
                      if path.parent == products and path.name != "portfolio.yml")
    shared = any(path.parent != products or path.name == "portfolio.yml"
                 for path in saved.changed)
    try:
        prepared = plugin.prepare(previous=None if shared else Previous(old, slugs))
    except ProblemsFound as failure:
        if shared:
            raise NotInPlace("the product files have errors") from failure
        return _show_problems(plugin, failure.problems, slugs, saved, root)
    new = prepared.site
    if new.as_of != old.as_of:
        raise NotInPlace(f"the build's date is now {new.as_of}")
    if _shape(new) != _shape(old):
        raise NotInPlace("pages were added, removed or renamed")
    redo = [path for path, page in new.pages.items()
            if page.markdown != old.pages[path].markdown or path in plugin.flagged]
    files = plugin.files
    plugin.site, plugin.problems, plugin.flagged = new, [], set()
    extra = plugin.extra_files(plugin.mkdocs_config,
                               [path for path in new.pages if path not in new.kept])
    if any(files.get_file_from_path(path) is None for path in extra):
        raise NotInPlace("files were added to the site")
    pages = [_reread(files.get_file_from_path(path), new.pages[path]) for path in redo]
    _redo_pages(plugin, pages)
    rewritten = [file for path, content in extra.items()
                 if (file := files.get_file_from_path(path)).content_bytes != _bytes(content)]
    for file in rewritten:
        file.content_bytes = _bytes(extra[file.src_uri])
        file.copy_file()
    broken = _finish(plugin, pages)
    names = [page.file.src_uri for page in pages] + [file.src_uri for file in rewritten]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")
    saved_names = {_shown(path, root) for path in saved.changed}
    return [*(str(warning) for warning in prepared.warnings if warning.file in saved_names),
            *broken, f"productdocs: {', '.join(sorted(saved_names))} saved; updated "
            f"{shown or 'nothing (no page changed)'}"]


def _show_problems(plugin: ProductDocsPlugin, problems: list[Problem], slugs: frozenset[str],
                   saved: Saved, root: Path) -> list[str]:
    """The problems on the pages of the products saved with errors, the rest of the site
    as it was; the pages are redone when the files are fixed."""
    site = plugin.site
    assert site is not None
    paths = [path for path in site.pages
             if any(path.startswith(f"products/{slug}/") for slug in slugs)]
    plugin.problems = problems
    for path in paths:
        plugin.prerendered.pop(path, None)  # converted again, with the problems on top
    pages = [_reread(plugin.files.get_file_from_path(path), site.pages[path]) for path in paths]
    _redo_pages(plugin, pages, convert=False)
    plugin.flagged |= set(paths)
    _finish(plugin, pages)
    names = ", ".join(sorted(_shown(path, root) for path in saved.changed))
    return [*(str(problem) for problem in problems),
            f"productdocs: {names} saved with errors; shown on {len(pages):,} pages of "
            f"{', '.join(sorted(slugs))}, the rest of the site as it was"]


def _refuse_outside(saved: Saved, root: Path, products: Path) -> None:
    for kind, paths in (("added", saved.added), ("removed", saved.removed),
                        ("changed", saved.changed)):
        for path in paths:
            if kind != "changed" or not path.is_relative_to(products):
                raise NotInPlace(f"{_shown(path, root)} was {kind}")


def _shape(site: Site) -> list[tuple[object, ...]]:
    """What the navigation and every page's links are made of."""
    return [(page.path, page.title, page.section, page.label, page.kind, page.template)
            for page in site.pages.values()]


def _reread(file: Any, page: Page) -> Any:
    """The MkDocs page of `file`, to be read again with `page`'s new Markdown."""
    file.content_string = page.markdown
    vars(file.page).pop("render", None)  # the last build's hand-over (see on_page_markdown)
    vars(file.page).pop("read_source", None)  # and its front matter (see keep_source)
    return file.page


def _redo_pages(plugin: ProductDocsPlugin, pages: list[Any], *, convert: bool = True) -> None:
    """Convert, lay out and write `pages` the way a full build does, unless one of them
    changed its title or tags (other pages show those). Converted ahead (or taken from
    the page cache) unless `convert` is False: then MkDocs converts them."""
    config, files = plugin.mkdocs_config, plugin.files
    before = {page.file.src_uri: (page.title, page.meta.get("tags")) for page in pages}
    if convert:
        plugin.convert_ahead([page.file.src_uri for page in pages])
    for page in pages:
        _populate_page(page, config, files)
        if (page.title, page.meta.get("tags")) != before[page.file.src_uri]:
            raise NotInPlace(f"the title or tags of {page.file.src_uri} changed")
    documentation = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        _build_page(page, config, documentation, plugin.nav, plugin.env,
                    excluded=page.file.inclusion.is_excluded())
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


def _finish(plugin: ProductDocsPlugin, pages: list[Any]) -> list[str]:
    """After `pages` were redone: the search index, and the lines for their broken links.
    The cache is not trimmed: a save adds a few entries, and the next full build trims."""
    entries = plugin.search_entries
    if entries is not None:
        documentation = plugin.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        index = entries.json(entries.pages.get(file.src_uri, "") for file in documentation)
        path = Path(plugin.mkdocs_config.site_dir) / "search" / "search_index.json"
        path.write_text(index, encoding="utf-8")
    # The same files as the last full build (none was added): only the links of the
    # pages redone can have changed.
    broken = plugin.broken_links(plugin.present, {page.file.dest_uri for page in pages})
    return ["links to pages that are not in this site:", *map(str, broken)] if broken else []


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def notice_saves_at_once(server: Any, folders: list[Path]) -> None:
    """Wake MkDocs' server as soon as a file in `folders` is saved. MkDocs looks for
    changes every half second (polling, which works on every file system); where the
    system tells of changes as they happen (inotify on Linux), a save is seen at once
    too: a quarter of a second sooner on average. The server's own polling still runs."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return

    def saved(event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in SAVING:
            return
        # What MkDocs' own watcher does on a change (mkdocs/livereload, pinned).
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = saved  # type: ignore[method-assign]
    observer = InotifyObserver()
    observer.daemon = True
    try:
        for folder in folders:
            observer.schedule(handler, str(folder), recursive=True)
        observer.start()
    except OSError:  # no inotify here, or too many watches: polling alone
        return


def browsers_are_current(server: Any) -> None:
    """Tell MkDocs' server, from its builder, that the rebuild it asked for changed nothing:
    the browsers showing the site do not reload."""
    server._wanted_epoch = server._visible_epoch
