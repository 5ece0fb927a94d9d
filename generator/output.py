"""Checks on a built site folder, whatever engine built it."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

# Plugins and extensions that can put other files' content into a public page.
FORBIDDEN_PLUGINS = {
    "macros": "mkdocs-macros renders pages as Jinja: a value in YAML could run as a template",
}
FORBIDDEN_IN_PUBLIC = {
    "pymdownx.snippets": "pymdownx.snippets can copy any file of the repository into a page",
}


def broken_links(site_dir: Path) -> list[str]:
    """Every local href or src in the site's HTML whose target is not in the site."""
    broken = []
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in _LINK.finditer(text):
            target = match.group(1) if match.group(1) is not None else match.group(2)
            resolved = _local_target(relative, target)
            if resolved is not None and not _exists(site_dir, resolved):
                broken.append(f"{relative} links to {target}, which is not in the site")
    return broken


def _local_target(page: str, target: str) -> str | None:
    """The site-relative path a link points at, or None for external and in-page links."""
    parts = urlsplit(target.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        return path.lstrip("/")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return "" if joined == "." else joined + ("/" if path.endswith("/") else "")


def _exists(site_dir: Path, target: str) -> bool:
    if target.startswith("../"):
        return False
    candidate = site_dir / target
    if target == "" or target.endswith("/"):
        return (candidate / "index.html").is_file()
    return candidate.is_file() or (candidate / "index.html").is_file()


def matches_any(path: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)
