"""Which files under products/, content/ and templates/ are inputs, and which are refused.

A symbolic link is never followed: it could publish a file from outside the repository
(or quote a system file in an error message). Every link is reported with where it
points, and its target is never opened.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.problems import Problem

SOURCE_FOLDERS = ("products", "content", "templates")


def is_link(path: Path, root: Path) -> bool:
    """Is `path`, or a folder between `root` and it, a symbolic link?"""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return path.is_symlink()
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def link_problem(path: Path, root: Path) -> Problem:
    """The error for one link: the link's name and its target, never the target's text."""
    target = os.readlink(path)
    kind = "folder" if path.is_dir() else "file"
    return Problem(_display(path, root), 1, 1,
                   f"this {kind} is a symbolic link to {target}; productdocs does not follow "
                   f"links: copy the {kind} here instead")


def links_under(root: Path, folders: Iterable[Path]) -> list[Problem]:
    """An error for every symbolic link in `folders` (the folders themselves included)."""
    problems: list[Problem] = []
    seen: set[Path] = set()
    for folder in folders:
        if folder in seen:
            continue
        seen.add(folder)
        if folder.is_symlink():
            problems.append(link_problem(folder, root))
            continue
        if not folder.is_dir():
            continue
        for directory, names, files in os.walk(folder, followlinks=False):
            for name in sorted(names + files):
                path = Path(directory, name)
                if path.is_symlink():
                    problems.append(link_problem(path, root))
    return sorted(problems)


def source_links(root: Path) -> list[Problem]:
    """Every symbolic link under the portfolio's products/, content/ and templates/."""
    return links_under(root, [root / name for name in SOURCE_FOLDERS])


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


YAML_SUFFIXES = (".yml", ".yaml")
SHARED_FOLDERS = ("personas", "competitors")
BACKUP_ENDINGS = ("~", ".bak", ".orig", ".old", ".tmp", ".backup", ".copy", ".save")


def product_files(folder: Path, root: Path, skip: str) -> tuple[dict[str, list[Path]],
                                                                 list[Problem]]:
    """The YAML files under products/ by kind, and a problem for every other entry.

    A name that is nearly a YAML file (`Dock.YML`, `dock.yml.bak`) is an error saying what
    to rename it to; anything else is a warning, so nothing is skipped without a word.
    Links are left out here: `source_links` reports them.
    """
    found: dict[str, list[Path]] = {"personas": [], "competitors": [], "products": []}
    problems: list[Problem] = []

    def sort_out(directory: Path, kind: str, subfolders: tuple[str, ...]) -> None:
        for path in sorted(directory.iterdir()):
            if path.is_symlink():
                continue
            if path.is_dir():
                if path.name in subfolders:
                    sort_out(path, path.name, ())
                else:
                    problems.append(_not_read(path, root, "a folder productdocs does not read "
                                              "(only personas/ and competitors/ are)"))
            elif path.suffix in YAML_SUFFIXES:
                if path.name != skip or kind != "products":
                    found[kind].append(path)
            elif (problem := _near_miss(path, root)) is not None:
                problems.append(problem)
            else:
                problems.append(_not_read(path, root, "only .yml and .yaml files are read"))

    if folder.is_dir() and not folder.is_symlink():
        sort_out(folder, "products", SHARED_FOLDERS)
    return found, problems


def _near_miss(path: Path, root: Path) -> Problem | None:
    name = path.name
    for ending in BACKUP_ENDINGS:
        if name.lower().endswith(ending):
            name = name[: -len(ending)]
            break
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in YAML_SUFFIXES:
        return None
    rename = f"{suggested_slug(stem) or stem}.{suffix.lower()}"
    return Problem(_display(path, root), 1, 1,
                   f"file '{path.name}' is not read: only names ending in .yml or .yaml (in "
                   f"lower case) are; rename it to '{rename}', or move it out of products/ "
                   "if it is a copy")


def suggested_slug(stem: str) -> str:
    """The id a file name was meant to be: 'Dock Ünit' -> 'dock-unit' ('' if nothing is left)."""
    ascii_name = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _not_read(path: Path, root: Path, why: str) -> Problem:
    return Problem(_display(path, root), 1, 1,
                   f"'{path.name}' is not read: {why}; move it out of products/ if it is "
                   "not meant to be there", "warning")


Stamps = dict[Path, tuple[int, int]]


def stamps(folders: Iterable[Path], skip: Callable[[tuple[str, ...]], bool] | None = None
           ) -> Stamps:
    """Size and modification time of every file under `folders` (a folder may be a single
    file): what tells that a file changed without reading it. Links are not followed (they
    may lead nowhere); `skip` is given each file's path parts inside its folder."""
    found: Stamps = {}
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in paths:
            if skip is not None and skip(path.relative_to(folder).parts):
                continue
            try:
                status = path.lstat()
            except OSError:
                continue  # removed meanwhile
            if not path.is_dir():
                found[path] = (status.st_size, status.st_mtime_ns)
    return found
