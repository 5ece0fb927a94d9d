"""Every text a portfolio holds, with where it was written and who may read it.

Public is what the public build renders from, `audience.public_view`: a text is public
when that view holds the same value at the same place. Every other string of the
validated models is internal, whatever its field: nothing here lists fields, so a
section added to the model is internal (and checked) until audience.py publishes it.
Hand-written pages follow their front matter; commit messages and authors are internal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from generator import git
from generator.audience import public_view
from generator.explain import path_text
from generator.history import MAX_COMMITS
from generator.load import Loc
from generator.portfolio import Portfolio
from generator.render.environment import builtin_templates
from generator.site import is_public_source
from generator.sources import YAML_SUFFIXES
from generator.validate import PORTFOLIO_FILE, PRODUCTS_DIR

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True, order=True)
class Origin:
    """Where a text was written: a YAML value (`loc`), a page's line, or a commit."""

    source: str
    """products/dock.yml, content/sales-desk.md, commit 1a2b3c4."""
    field: str
    """competitors[0].summary, page text, commit message."""
    loc: Loc = ()
    line: int = 0
    """Set when the line is known without reading the file again."""


Text = tuple[Origin, str]


@dataclass
class Texts:
    internal: list[Text] = field(default_factory=list)
    public: list[Text] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    """Text of the templates and mkdocs.yml: on every page, so it proves no leak."""


def portfolio_texts(portfolio: Portfolio, root: Path) -> Texts:
    """The strings of every validated file, split by the public build's own rules."""
    documents = [(_yaml_name(root, PORTFOLIO_FILE.removesuffix(".yml")), portfolio.definition)]
    documents += [(_yaml_name(root, f"personas/{key}"), persona)
                  for key, persona in portfolio.personas.items()]
    documents += [(_yaml_name(root, f"competitors/{key}"), competitor)
                  for key, competitor in portfolio.competitors.items()]
    documents += [(_yaml_name(root, product.slug), product) for product in portfolio.products]
    strings: dict[tuple[str, Loc], str] = {}
    located: dict[int, tuple[str, Loc]] = {}
    for source, model in documents:
        _walk(model, source, (), strings, located)

    shown = public_view(portfolio)
    public_places: set[tuple[str, Loc]] = set()
    _public(shown.definition, documents[0][0], (), strings, located, public_places)
    for product in shown.products:
        _public(product, _yaml_name(root, product.slug), (), strings, located, public_places)

    texts = Texts()
    for place, value in strings.items():
        text = (Origin(place[0], path_text(place[1]), place[1]), value)
        (texts.public if place in public_places else texts.internal).append(text)
    return texts


def page_texts(docs_dir: Path, root: Path, texts: Texts) -> None:
    """Each line of the hand-written pages, public when the page's front matter says so."""
    if not docs_dir.is_dir():
        return
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        shown = _relative_name(path, root)
        raw = path.read_text(encoding="utf-8", errors="replace")
        head = _FRONT_MATTER.match(raw)
        skipped = raw[:head.end()].count("\n") if head else 0
        side = texts.public if is_public_source(path, relative) else texts.internal
        for number, line in enumerate(raw.splitlines()[skipped:], start=skipped + 1):
            side += [(Origin(shown, "page text", line=number), cell)
                     for cell in line.split("|") if cell.strip()]  # a table's cells apart


def commit_texts(root: Path, texts: Texts) -> None:
    """Messages and authors of the commits What's new reads; only internal pages show them."""
    if not git.is_repository(root):
        return
    try:
        log = git.text(root, "log", f"--max-count={MAX_COMMITS}",
                       "--format=%h%x1f%an%x1f%s%x1e", "--", f"{PRODUCTS_DIR}/")
    except git.GitError:
        return
    authors: set[str] = set()
    for record in log.split("\x1e"):
        if record.strip():
            sha, author, message = record.strip().split("\x1f", 2)
            texts.internal.append((Origin(f"commit {sha}", "commit message"), message))
            if author not in authors:  # named once, at their latest commit
                authors.add(author)
                texts.internal.append((Origin(f"commit {sha}", "commit author"), author))


def boilerplate_texts(root: Path, overrides: Path | None, texts: Texts) -> None:
    """The templates' own words (without their Jinja) and mkdocs.yml (the site's name)."""
    folders = [builtin_templates(), *([overrides] if overrides and overrides.is_dir() else [])]
    for folder in folders:
        for path in sorted(folder.rglob("*.j2")):
            texts.boilerplate.append(_JINJA.sub("\x00", path.read_text(encoding="utf-8")))
    config = root / "mkdocs.yml"
    if config.is_file():
        texts.boilerplate.append(config.read_text(encoding="utf-8", errors="replace"))


def _walk(value: object, source: str, loc: Loc, strings: dict[tuple[str, Loc], str],
          located: dict[int, tuple[str, Loc]]) -> None:
    """Every string under `value`, by its place; every model, by its identity."""
    if isinstance(value, BaseModel):
        located[id(value)] = (source, loc)
        for name in type(value).model_fields:
            _walk(getattr(value, name), source, (*loc, name), strings, located)
    elif isinstance(value, Enum):
        return
    elif isinstance(value, str):
        strings[source, loc] = value
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _walk(item, source, (*loc, index), strings, located)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, source, (*loc, str(key)), strings, located)


def _public(value: object, source: str, loc: Loc, strings: dict[tuple[str, Loc], str],
            located: dict[int, tuple[str, Loc]], found: set[tuple[str, Loc]]) -> None:
    """The places of the strings the public view holds. Its models are the validated ones
    (so their places are known) or copies made at the same place; filtered lists of
    strings are matched to the original list by value."""
    if isinstance(value, BaseModel):
        source, loc = located.get(id(value), (source, loc))
        for name in type(value).model_fields:
            _public(getattr(value, name), source, (*loc, name), strings, located, found)
    elif isinstance(value, Enum):
        return
    elif isinstance(value, str):
        if strings.get((source, loc)) == value:
            found.add((source, loc))
        elif loc and isinstance(loc[-1], int):
            index = 0
            while (source, (*loc[:-1], index)) in strings:
                if strings[source, (*loc[:-1], index)] == value:
                    found.add((source, (*loc[:-1], index)))
                    break
                index += 1
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _public(item, source, (*loc, index), strings, located, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _public(item, source, (*loc, str(key)), strings, located, found)


def _yaml_name(root: Path, stem: str) -> str:
    """`products/<stem>.yml` as the PM named it (.yml or .yaml)."""
    for suffix in YAML_SUFFIXES:
        if (root / PRODUCTS_DIR / f"{stem}{suffix}").is_file():
            return f"{PRODUCTS_DIR}/{stem}{suffix}"
    return f"{PRODUCTS_DIR}/{stem}.yml"


def _relative_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
