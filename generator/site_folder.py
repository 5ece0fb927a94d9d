"""The folder a build writes the site into, and the swap that publishes it.

A build never writes into the site it replaces: it writes into another folder and swaps
that in when it succeeded, so a failed build leaves the site as it was. The other folder
is the site before last, kept beside the site as `.<name>.spare/` (git ignores it). A
page whose file there was written from the same page-cache key is left as it is: a
rebuild that changed one product writes that product's pages, not every page of the site
into thousands of new folders.

What the spare holds is checked against the manifest its build left in the cache: every
file's inode, size and times, and for a page the key it was written from and its local
links. A file changed or added since, by anyone, is deleted before the build; a file the
build neither wrote nor kept is deleted after it. With the cache off, or no manifest,
the build starts from an empty folder and the old site is deleted.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Generator
from pathlib import Path
from typing import Any

from generator.cache import cache_folder, read_cached, write_cached
from generator.page_cache import ENTRY

MANIFESTS = "sites"
"""The cache folder of the manifests, one per site folder, named by its device and inode:
the folder keeps them through the renames that swap it in and out."""

Identity = tuple[int, int, int, int]
"""A file's inode, size, modification and change time: any write changes one of them."""

_being_built: dict[str, SiteFolder] = {}


class SiteFolder:
    """Where one build writes the site at `site_dir`."""

    def __init__(self, site_dir: Path) -> None:
        self.site = site_dir
        self.spare = site_dir.with_name(f".{site_dir.name}.spare")
        self.manifests = cache_folder(MANIFESTS)
        self.checked: dict[str, tuple[Identity, str | None, Any]] = {}
        """What the folder held when the build started: {file's path in the site:
        (identity, key, links)}, each file checked against the manifest."""
        self.pages: dict[str, tuple[str, Any]] = {}
        """{page's file: (key, links)} of the pages this build wrote or kept."""
        self.kept: set[str] = set()
        self.path = self._taken()
        _being_built[os.path.abspath(self.path)] = self

    @staticmethod
    def of(site_dir: str) -> SiteFolder | None:
        """The folder build_site writes into at `site_dir`; None for any other build."""
        return _being_built.get(os.path.abspath(site_dir))

    def unchanged(self, page: str, key: str) -> Any:
        """The local links of the page file `page` if the folder holds it as written from
        `key` (it is kept, not written again); else None."""
        held = self.checked.get(page)
        if held is None or held[1] != key:
            return None
        self.kept.add(page)
        self.pages[page] = (key, held[2])
        return held[2]

    def wrote(self, page: str, key: str, links: Any) -> None:
        """The page file `page` is written now from `key`."""
        self.pages[page] = (key, links)

    def publish(self) -> None:
        """Swap the finished folder in for the site; the old site becomes the spare."""
        _being_built.pop(os.path.abspath(self.path), None)
        self._sweep()
        self._record()
        retired = None
        if self.site.exists():
            retired = self.spare if self.manifests is not None else _new_folder(self.site, "old")
            try:
                os.rename(self.site, retired)
            except OSError:  # another build left a spare meanwhile
                retired = _new_folder(self.site, "old")
                os.rename(self.site, retired)
        os.rename(self.path, self.site)
        if retired == self.spare:
            with contextlib.suppress(OSError):
                (retired / ".gitignore").write_text("*\n", encoding="utf-8")
        elif retired is not None:
            self._delete_later(retired)

    def abandon(self) -> None:
        """The build failed: the site stays as it was, the folder goes back to being the
        spare (its manifest finds what this build changed in it), or is deleted."""
        _being_built.pop(os.path.abspath(self.path), None)
        if self.checked:
            try:
                os.rename(self.path, self.spare)
                return
            except OSError:
                pass
        shutil.rmtree(self.path, ignore_errors=True)

    def _taken(self) -> Path:
        """The spare, checked, under a name of this build's own; else an empty folder."""
        scratch = _new_folder(self.site, "building")
        if not self.spare.is_dir():
            return scratch
        if self.manifests is None:  # left by a build with the cache on
            with contextlib.suppress(OSError):
                spare = _new_folder(self.site, "old")
                os.rename(self.spare, spare)
                self._delete_later(spare)
            return scratch
        try:
            os.rename(self.spare, scratch)  # replaces the empty folder; one build takes it
        except OSError:
            return scratch
        manifest = self._manifest(scratch)
        if manifest is None:
            self._delete_later(scratch)
            return _new_folder(self.site, "building")
        self.checked = _checked(scratch, manifest)
        return scratch

    def _sweep(self) -> None:
        """Delete the files the folder held that this build neither kept nor wrote."""
        for page, (identity, _, _) in self.checked.items():
            if page not in self.kept:
                path = os.path.join(self.path, page)
                try:
                    if _identity(os.lstat(path)) == identity:
                        os.unlink(path)
                except OSError:
                    pass

    def _record(self) -> None:
        """The manifest of the finished folder; folders left empty are removed."""
        if self.manifests is None:
            return
        manifest = {page: (_identity(status), *self.pages.get(page, (None, None)))
                    for page, status in _files(str(self.path))}
        write_cached(self.manifests, _manifest_name(self.path), marshal.dumps(manifest))

    def _manifest(self, folder: Path) -> dict[str, Any] | None:
        data = read_cached(self.manifests, _manifest_name(folder))
        try:
            manifest = marshal.loads(data) if data is not None else None
        except (EOFError, ValueError, TypeError):
            return None
        return manifest if isinstance(manifest, dict) else None

    def _delete_later(self, folder: Path) -> None:
        """Delete `folder` in the background: thousands of files take longer to delete
        than some builds, and nobody waits for it."""
        if self.manifests is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.manifests / _manifest_name(folder))
        subprocess.Popen([sys.executable, "-c",
                          "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(folder)],
                         start_new_session=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)


def _checked(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """The files in `folder` as its manifest has them; every other file is deleted."""
    checked = {}
    for page, status in _files(str(folder)):
        held = manifest.get(page)
        identity = _identity(status)
        if held is not None and identity == tuple(held[0]):
            checked[page] = (identity, held[1], held[2])
        else:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, page))
    return checked


def _files(folder: str, under: str = "") -> Generator[tuple[str, os.stat_result], None, bool]:
    """(path under `folder`, status) of every file in it, not of folders; a folder found
    empty is removed (the return value says whether `under` was)."""
    empty = True
    with os.scandir(os.path.join(folder, under)) as entries:
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                empty = False
                yield f"{under}{entry.name}", entry.stat(follow_symlinks=False)
            elif not (yield from _files(folder, f"{under}{entry.name}/")):
                empty = False
    if empty and under:
        with contextlib.suppress(OSError):
            os.rmdir(os.path.join(folder, under))
            return True
    return False


def _identity(status: os.stat_result) -> Identity:
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _manifest_name(folder: Path) -> str:
    status = os.stat(folder)
    return f"{status.st_dev}-{status.st_ino}{ENTRY}"


def _new_folder(site: Path, kind: str) -> Path:
    """An empty folder of its own beside the site: `.site.building-…`, `.site.old-…`."""
    return Path(tempfile.mkdtemp(prefix=f".{site.name}.{kind}-", dir=site.parent))
