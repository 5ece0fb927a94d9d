"""The folder where builds keep what they made, so the next build does only what changed.

Laid-out PDFs (`pdf/`), drawn decks (`pptx/`), converted and finished pages (`pages/`)
and what YAML files were read into (`yaml/`) are kept under a hash of everything that
makes them: the same key gives the same bytes, so a cached file can be used by any
build, and two builds running at once can share the folder (each file is written to a
scratch name, then renamed into place). A file that cannot be read or written only
costs time.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import jinja2

CACHE_VARIABLE = "PRODUCTDOCS_CACHE"
SIZE_VARIABLE = "PRODUCTDOCS_CACHE_MB"
DEFAULT_MEGABYTES = 1024
SIZE_FILE = ".size"
"""The cache's size in bytes when it was last measured, plus what builds wrote since."""
_written = 0
"""Bytes this process wrote into the cache since it last noted the size."""


def cache_folder(kind: str) -> Path | None:
    """Where `kind` ("pdf", "pptx", "pages", "yaml") is kept between builds:
    $PRODUCTDOCS_CACHE, else $XDG_CACHE_HOME/productdocs (~/.cache/productdocs);
    PRODUCTDOCS_CACHE=off disables the cache. Never inside the portfolio: a build writes
    nothing there."""
    setting = os.environ.get(CACHE_VARIABLE)
    if setting == "off":
        return None
    if setting:
        return Path(setting) / kind
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "productdocs" / kind


def compiled_templates(kind: str) -> jinja2.BytecodeCache | None:
    """Where Jinja keeps the templates it compiled for `kind` ("pages", "theme"), so the
    next build does not compile them again (a second or so); None with the cache off.
    By Jinja's version: its compiled code is its own."""
    folder = cache_folder(f"jinja-{jinja2.__version__}/{kind}")
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def size_limit() -> int:
    """Bytes the cache may hold in all (PRODUCTDOCS_CACHE_MB, default 1024 MB)."""
    setting = os.environ.get(SIZE_VARIABLE, "")
    return (int(setting) if setting.isdigit() else DEFAULT_MEGABYTES) * 1024 * 1024


def read_cached(folder: Path | None, name: str) -> bytes | None:
    """The file kept as `name`, noted as used (see _used); None when it is not kept."""
    if folder is None:
        return None
    try:
        kept = os.open(os.path.join(folder, name), os.O_RDONLY)
    except OSError:
        return None
    try:
        status = os.fstat(kept)
        content = _read_all(kept, status.st_size)
        _used(kept, status)
        return content
    except OSError:
        return None
    finally:
        os.close(kept)


def _read_all(descriptor: int, size: int) -> bytes:
    parts = []
    while chunk := os.read(descriptor, max(size, 1 << 16)):
        parts.append(chunk)
    return b"".join(parts)


FRESH_SECONDS = 600
"""A file used or written this recently is not noted as used again: builds one after the
other read thousands of the same files, and trimming needs no finer order."""


def _used(descriptor: int, status: os.stat_result) -> None:
    """Note that a cached file was used now, so trimming removes it last."""
    if time.time() - status.st_mtime > FRESH_SECONDS:
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(descriptor)


def write_cached(folder: Path | None, name: str, content: bytes) -> None:
    if folder is None:
        return
    target = os.path.join(folder, name)
    parent, base = os.path.split(target)
    scratch = os.path.join(parent, f".{base}.{os.getpid()}")
    try:
        write_file(scratch, content)
        os.replace(scratch, target)
    except OSError:
        return
    count_written(len(content))


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC


def write_file(path: str, content: bytes) -> None:
    """`content` as the whole of the file at `path`, its folder made if it is missing.
    With os calls, not pathlib's: builds write thousands of files."""
    try:
        descriptor = os.open(path, _NEW_FILE, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, _NEW_FILE, 0o666)
    try:
        rest = memoryview(content)
        while rest:
            rest = rest[os.write(descriptor, rest):]
    finally:
        os.close(descriptor)


def count_written(size: int) -> None:
    """Count bytes written to the cache, here or by a forked process, towards the next
    trim_if_full()."""
    global _written
    _written += size


def trim_if_full() -> None:
    """trim() when the cache may hold more than its limit. Measuring it means looking at
    every file (a second at 500 products), so its size is noted in SIZE_FILE and only
    measured again when what was written since could take it over the limit."""
    global _written
    folder = cache_folder("")
    if folder is None or not folder.is_dir():
        return
    try:
        noted = int((folder / SIZE_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        noted = None
    if noted is not None and noted + _written <= size_limit():
        write_cached(folder, SIZE_FILE, str(noted + _written).encode())
        _written = 0
        return
    trim()


def trim(limit: int | None = None) -> int:
    """Remove the least recently used files until the whole cache holds at most `limit`
    bytes (default: size_limit()), down to 90% of it; the number of files removed."""
    folder = cache_folder("")
    if folder is None or not folder.is_dir():
        return 0
    limit = size_limit() if limit is None else limit
    files = []
    for path in folder.rglob("*"):
        try:
            status = path.stat()
        except OSError:
            continue  # removed by another build meanwhile
        if path.is_file():
            files.append((status.st_mtime_ns, status.st_size, path))
    total = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files) if total > limit else ():
        if total <= limit * 0.9:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed += 1
    global _written
    write_cached(folder, SIZE_FILE, str(total).encode())
    _written = 0
    return removed
