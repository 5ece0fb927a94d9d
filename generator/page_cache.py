"""Converted pages and laid-out page HTML kept between builds (see generator/cache.py).

Two kinds of entry, each under a hash of everything that determines it:

- a page's conversion (its HTML body, table of contents, title, anchors, what MkDocs
  logged and what the search index takes from it), keyed by the page's Markdown, where
  it goes and the site's fingerprint (extensions and their settings, the template set,
  productdocs' and the converters' versions). The conversion also depends on the pages
  it links to: the entry records every path the conversion looked up and the URL it
  found, and is used only while they still resolve the same way;
- a page's final HTML and the local links in it, keyed by what the theme's template is
  given for it.

Nothing here imports MkDocs: entries are plain values (dicts, lists, strings, numbers)
kept with `marshal`, which reads them back several times faster than JSON (a warm build
reads one entry per page). Its format is Python's own, so the Python version is part of
every entry's name.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.cache import (
    cache_folder,
    read_cached,
    trim_if_full,
    write_cached,
)

FORMAT = "3"
"""Part of every key: change it when what is kept, or how, changes."""
FINISHED = ".html"
"""Part of a finished page's name: trimming and the tests can tell them from the rest."""
ENTRY = f".py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}"
"""The ending of an entry's file: entries are only read by the Python that wrote them."""
CONVERTERS = ("productdocs", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions",
              "jinja2")


def digest(*parts: str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.hexdigest()


def stable_json(value: Any) -> str:
    """`value` as JSON, the same text in every process (no object addresses)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_stable)


def _stable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, Path):
        return str(value)
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def versions() -> str:
    found = []
    for name in CONVERTERS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


@functools.cache
def code_digest() -> str:
    """productdocs' own code: a change to it may change what it makes of the same files."""
    return folder_digest([Path(__file__).resolve().parent], "*.py")


def folder_digest(folders: Iterable[Path], pattern: str = "*") -> str:
    """Every file's path and bytes under `folders` (a template set, a theme), or of the
    files matching `pattern`."""
    hashed = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob(pattern)) if folder.is_dir() else ():
            if path.is_file() and not path.is_symlink():
                hashed.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                hashed.update(path.read_bytes())
                hashed.update(b"\0")
    return hashed.hexdigest()


class PageCache:
    """Entries on disk under cache_folder("pages"), counted as they are used."""

    def __init__(self) -> None:
        self.folder = cache_folder("pages")
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def get(self, key: str, still_valid: Callable[[dict[str, Any]], bool] = lambda _: True
            ) -> dict[str, Any] | None:
        name = _name(key)
        data = read_cached(self.folder, name)
        entry = None
        if data is not None:
            try:
                entry = marshal.loads(data)
            except (EOFError, ValueError, TypeError):
                entry = None  # a file cut short by a full disk: made again
        if not isinstance(entry, dict) or not still_valid(entry):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        try:
            data = marshal.dumps(entry)
        except ValueError:
            return  # a value marshal cannot keep (none of productdocs' own): not kept
        write_cached(self.folder, _name(key), data)

    def get_finished(self, key: str) -> dict[str, Any] | None:
        """A finished page kept under `key`: {"html": the bytes of its file, "links": the
        local links in it}."""
        return self.get(key + FINISHED)

    def put_finished(self, key: str, entry: dict[str, Any]) -> None:
        self.put(key + FINISHED, entry)

    def finish(self) -> None:
        """Keep the whole cache within its size (PRODUCTDOCS_CACHE_MB)."""
        if self.enabled and self.misses:
            trim_if_full()


class ProductEntries:
    """Entries made from one product's file (its pages' Markdown, its API records), in the
    page cache: kept under the file's digest, the shared files, productdocs' code and
    `parts` (what else makes them). Nothing is kept when the cache is off or the portfolio
    was not read from files (no digests)."""

    def __init__(self, kind: str, sources: str, *parts: str) -> None:
        self.cache = PageCache()
        self.key = None if not sources or not self.cache.enabled else digest(
            kind, versions(), code_digest(), sources, *parts)

    def _key(self, source: str, parts: tuple[str, ...]) -> str | None:
        return None if self.key is None or not source else digest(self.key, *parts, source)

    def get(self, source: str, *parts: str) -> dict[str, Any] | None:
        """The entry made from the product file with digest `source` (and `parts`)."""
        key = self._key(source, parts)
        return self.cache.get(key) if key else None

    def put(self, entry: dict[str, Any], source: str, *parts: str) -> None:
        key = self._key(source, parts)
        if key:
            self.cache.put(key, entry)


def _name(key: str) -> str:
    return f"{key[:2]}/{key}{ENTRY}"
