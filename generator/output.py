"""Checks on a built site folder, whatever engine built it."""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Collection
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.cache import write_file
from generator.problems import Problem

# Attribute names in any case, without re.IGNORECASE (three times slower here), starting
# with one character class: the regex engine then skips ahead to candidates (twice as
# fast as an alternation of the two names).
_LINK = re.compile(r"""[hHsS](?:(?<=[hH])[rR][eE][fF]|(?<=[sS])[rR][cC])\s*=\s*"""
                   r"""(?:"([^"]*)"|'([^']*)')""")

# Plugins and extensions that can put other files' content into a public page.
FORBIDDEN_PLUGINS = {
    "macros": "mkdocs-macros renders pages as Jinja: a value in YAML could run as a template",
}
FORBIDDEN_IN_PUBLIC = {
    "pymdownx.snippets": "pymdownx.snippets can copy any file of the repository into a page",
}


def broken_links(site_dir: Path) -> list[str]:
    """Every local href or src in the site's HTML whose target is not in the site."""
    present = files_in(site_dir)
    broken = []
    for name in sorted(name for name in present if name.endswith(".html")):
        text = (site_dir / name).read_text(encoding="utf-8", errors="replace")
        broken += missing_targets(name, local_links(name, text), present)
    return broken


def files_in(site_dir: Path) -> set[str]:
    """Every file of a built site, as site-relative paths."""
    found: set[str] = set()
    for folder, _, names in os.walk(site_dir):
        inside = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        found.update(names if inside == "." else (f"{inside}/{name}" for name in names))
    return found


def local_links(name: str, html: str) -> dict[str, str]:
    """The local links of the page at `name`: {site-relative target: the link as written}."""
    links: dict[str, str] = {}
    written: set[str] = set()
    for match in _LINK.finditer(html):
        target = match.group(1) if match.group(1) is not None else match.group(2)
        if target in written:
            continue
        written.add(target)
        resolved = _local_target(name, target)
        if resolved is not None:
            links.setdefault(resolved, target)
    return links


class LinkCheck:
    """Links collected page by page while a site is built, checked when it is complete."""

    def __init__(self) -> None:
        self.links: dict[str, dict[str, str]] = {}

    def found(self, name: str, links: dict[str, str]) -> None:
        """The local_links() of the page at `name`, found earlier."""
        self.links[name] = links

    def broken(self, present: set[str]) -> list[str]:
        return [problem for name, links in sorted(self.links.items())
                for problem in missing_targets(name, links, present)]

    def missing(self, present: set[str], pages: Collection[str] | None = None
                ) -> list[tuple[str, str]]:
        """(page, link as written) for every link (of the `pages` named, when named) whose
        target is not in the site."""
        return [(name, written) for name, links in sorted(self.links.items())
                if pages is None or name in pages
                for resolved, written in links.items() if not _exists(present, resolved)]


def broken_link(root: Path, src_uri: str, url: str, handwritten: Path | None, written: str,
                build: str) -> Problem:
    """A link to a page not in the site, at the line it was written in: in the page's own
    file (`handwritten`), or in the YAML its generated page is made from."""
    why = (f"links to {written} (on {url}), which is not in the {build} site"
           + ("; internal pages are never in a public build" if build == "public" else "")
           + "; fix or remove the link")
    source = handwritten or generated_from(root, src_uri)
    if source is None:
        return Problem(src_uri, 1, 1, f"{why} (a generated page: the link comes from a "
                       "template)")
    display = source.relative_to(root).as_posix() if root in source.parents \
        else source.as_posix()
    found = written_at(source, display, written)
    return Problem(found.file, found.line, found.column, why)


def generated_from(root: Path, src_uri: str) -> Path | None:
    """The product, persona or competitor file a generated page is made from, if any."""
    parts = src_uri.removesuffix(".md").split("/")
    folders = {"products": "products", "personas": "products/personas",
               "competitors": "products/competitors"}
    if len(parts) < 2 or parts[0] not in folders or parts[1] == "index":
        return None
    for suffix in (".yml", ".yaml"):
        path = root / folders[parts[0]] / f"{parts[1]}{suffix}"
        if path.is_file():
            return path
    return None


def written_at(source: Path, display: str, written: str) -> Problem:
    """Where in `source` a link was written: its first occurrence, or the top of the file
    (the message is left empty for the caller)."""
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    offset = text.find(written)
    if offset < 0:
        return Problem(display, 1, 1, "")
    line = text.count("\n", 0, offset) + 1
    return Problem(display, line, offset - text.rfind("\n", 0, offset), "")


def write_page(path: str, content: bytes) -> None:
    """A file of a site being built (its folder made as needed)."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)  # a page's own folder, usually new: one call, not makedirs' several
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    write_file(path, content)


def missing_targets(name: str, links: dict[str, str], present: set[str]) -> list[str]:
    return [f"{name} links to {written}, which is not in the site"
            for resolved, written in links.items() if not _exists(present, resolved)]


_PLAIN_PATH = re.compile(r"[\w.~/-]+", re.ASCII)
"""A link that is a path and nothing else (no scheme, query, fragment or escapes): most of
a page's links, taken as they are instead of being split as a URL."""


def _local_target(page: str, target: str) -> str | None:
    """The site-relative path a link points at, or None for external and in-page links."""
    if _PLAIN_PATH.fullmatch(target) and not target.startswith("//"):
        path = target
    else:
        parts = urlsplit(target.strip())
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(parts.path)
    if path.startswith("/"):
        absolute = posixpath.normpath(path).lstrip("/")
        return absolute + ("/" if absolute and path.endswith(("/", "/.")) else "")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return "" if joined == "." else joined + ("/" if path.endswith("/") else "")


def _exists(present: set[str], target: str) -> bool:
    if target.startswith("../") or target == "..":
        return False
    if target == "" or target.endswith("/"):
        return target + "index.html" in present
    return target in present or target + "/index.html" in present


def matches_any(path: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)
