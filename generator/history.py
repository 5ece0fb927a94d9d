"""What changed in `products/`, commit by commit, read from git: the "What's new" page's data.

Every commit that touched a YAML file under `products/` becomes a `Commit` with the
`Change`s a sales rep cares about: which products, battlecards, FAQs, pricing and
launch plans were added, changed or removed. Each file is compared as data (both
versions loaded and validated), so reformatting a file or reordering keys is no change.

Who may see a change (`Change.public`), failing closed:
- A change is public only when what the public site shows changed: the file's
  `public_product` view (the allow-list the public build renders from) differs before
  and after, in that part, and the product is public after the commit.
- FAQs: public when the FAQ is public after the commit (a public FAQ that was removed
  or made internal is listed internally only).
- Battlecards, pricing (it holds the discount rules), launch plans, playbooks, persona
  talk tracks, review dates, personas, competitors and portfolio.yml: internal, always.
- A file that cannot be read or validated at one of the two commits: internal.
The page shows public changes on the public site only for products that are public in
the build, and never shows commit messages or authors there (free text nobody marked
public).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import git
from generator.audience import is_public, public_product
from generator.load import LoadError, compose
from generator.model import Competitor, Persona, PortfolioDefinition, Product

PRODUCTS = "products"
MAX_COMMITS = 300
"""How far back the page looks: the newest commits that touched products/."""
NO_FILE = "0" * 40
SECTIONS = {
    "faqs": "FAQ",
    "competitors": "Battlecard",
    "pricing": "Pricing",
    "launch_plan": "Launch plan",
    "playbook": "Playbook",
    "whitepaper": "Whitepaper",
    "roadmap": "Roadmap",
    "personas": "Personas",
    "market_sizing": "Market sizing",
    "business_case": "Business case",
}
"""Parts of a product file that are named on their own; everything else is "Overview"."""
REVIEW_FIELDS = ("owner", "reviewed")
PUBLIC_SECTIONS = ("whitepaper", "roadmap")
KNOWN_LIMIT = 20_000


@dataclass(frozen=True)
class Change:
    """One thing a commit changed, named as a sales rep would name it."""

    kind: str
    """Product, Overview, FAQ, Battlecard, Pricing, Launch plan, Persona, Competitor, ..."""
    action: str
    """added, changed or removed."""
    product: str = ""
    """The product's slug, or "" for personas, competitors and portfolio.yml."""
    name: str = ""
    """The product's (or persona's, competitor's) name at that commit."""
    label: str = ""
    """Which one: the FAQ's question, the battlecard's competitor id."""
    public: bool = False


@dataclass
class Commit:
    sha: str
    day: date
    author: str
    message: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class History:
    """The commits that changed products/, newest first, and how complete that list is."""

    commits: list[Commit] = field(default_factory=list)
    repository: bool = True
    """False when the portfolio is not in a git repository (or git is not installed)."""
    shallow: bool = False
    """True when the clone is shallow, so older commits are missing."""
    truncated: bool = False
    """True when there were more than MAX_COMMITS commits."""


def read(root: Path) -> History:
    """The history of `root/products`, or an empty History saying why there is none."""
    if not git.is_repository(root):
        return History(repository=False)
    try:
        return _read(root)
    except git.GitError:
        return History(repository=False)


def _read(root: Path) -> History:
    cut = git.shallow_commits(root)
    try:
        log = git.run(root, "log", "--no-merges", "--root", "--raw", "--no-abbrev",
                      "--no-renames", "-z", "--relative", f"--max-count={MAX_COMMITS + 1}",
                      "--format=%x1e%H%x1f%ct%x1f%an%x1f%s", "--", f"{PRODUCTS}/")
    except git.GitError:  # a repository without any commit yet
        return History()
    entries = list(_parse_log(log.decode("utf-8", "replace")))
    truncated = len(entries) > MAX_COMMITS
    entries = [entry for entry in entries[:MAX_COMMITS] if entry[0].sha not in cut]
    new_pairs = {pair for _, files in entries for pair in files if pair not in _KNOWN}
    blobs = {blob for _, old, new in new_pairs for blob in (old, new)} - {NO_FILE}
    versions = _Versions(git.read_blobs(root, sorted(blobs)))
    if len(_KNOWN) + len(new_pairs) > KNOWN_LIMIT:
        _KNOWN.clear()
    for path, old, new in new_pairs:
        _KNOWN[path, old, new] = _changes(path, versions.get(path, old),
                                          versions.get(path, new))
    commits = []
    for commit, files in entries:
        for pair in files:
            commit.changes += _KNOWN[pair]
        if commit.changes:
            commits.append(commit)
    return History(commits, shallow=bool(cut), truncated=truncated)


_KNOWN: dict[tuple[str, str, str], list[Change]] = {}
"""What a file change meant, by (path, old blob, new blob). A blob id names its content,
so this stays true; `serve` rebuilds reuse it instead of loading every version again."""


def _parse_log(log: str) -> Iterator[tuple[Commit, list[tuple[str, str, str]]]]:
    """`git log -z --raw` output: each commit with its (path, old blob, new blob) triples."""
    for record in log.split("\x1e")[1:]:
        header, _, raw = record.partition("\0")
        sha, stamp, author, message = header.split("\x1f", 3)
        day = datetime.fromtimestamp(int(stamp), UTC).date()
        fields = raw.lstrip("\n").split("\0")
        files = []
        for meta, path in zip(fields[::2], fields[1::2], strict=False):
            if not meta.startswith(":"):
                continue
            parts = meta[1:].split()
            if len(parts) >= 4 and PurePosixPath(path).suffix in (".yml", ".yaml"):
                files.append((path, parts[2], parts[3]))
        yield Commit(sha, day, author.strip(), message.strip()), files


class _Unreadable:
    """A file version that is not valid YAML, or not a valid product."""


UNREADABLE = _Unreadable()
Version = BaseModel | _Unreadable | None


class _Versions:
    """Blobs loaded and validated once each, whatever number of commits show them."""

    def __init__(self, contents: dict[str, bytes]) -> None:
        self.contents = contents
        self.loaded: dict[tuple[str, str], Version] = {}

    def get(self, path: str, blob: str) -> Version:
        if blob == NO_FILE:
            return None
        key = (_model_for(path).__name__, blob)
        if key not in self.loaded:
            self.loaded[key] = _load(self.contents.get(blob), path)
        return self.loaded[key]


def _model_for(path: str) -> type[BaseModel]:
    parts = PurePosixPath(path).parts
    if parts[1:] == ("portfolio.yml",):
        return PortfolioDefinition
    if len(parts) == 3 and parts[1] == "personas":
        return Persona
    if len(parts) == 3 and parts[1] == "competitors":
        return Competitor
    return Product


def _load(content: bytes | None, path: str) -> Version:
    if content is None:
        return UNREADABLE
    try:
        data, _ = compose(content.decode("utf-8-sig"))
        model = _model_for(path).model_validate(data)
    except (LoadError, ValidationError, UnicodeDecodeError, ValueError):
        return UNREADABLE
    if isinstance(model, Product):
        model._slug = PurePosixPath(path).stem
    return model


def _changes(path: str, old: Version, new: Version) -> list[Change]:
    parts = PurePosixPath(path).parts
    if len(parts) < 2 or parts[0] != PRODUCTS or len(parts) > 3:
        return []
    stem = PurePosixPath(path).stem
    if isinstance(old, BaseModel) and isinstance(new, BaseModel) and _dump(old) == _dump(new):
        return []  # reformatted, commented or reordered: the same data
    action = "added" if old is None else "removed" if new is None else "changed"
    if len(parts) == 3:
        kind = {"personas": "Persona", "competitors": "Competitor"}.get(parts[1])
        if kind is None:
            return []
        return [Change(kind, action, name=_name(old, new) or stem, label=stem)]
    if stem == "portfolio":
        return [Change("Portfolio", action, label="portfolio.yml")]
    if isinstance(old, Product | None) and isinstance(new, Product | None):
        return _product_changes(stem, old, new)
    if old is None or new is None:  # a first version with errors is still an addition
        return [Change("Product", action, stem, _name(old, new) or stem)]
    return [Change("Product", action, stem, _name(old, new) or stem,
                   label="the file could not be read at one of the two commits")]


def _name(*versions: Version) -> str:
    for version in reversed(versions):
        if isinstance(version, BaseModel):
            return str(getattr(version, "name", ""))
    return ""


def _product_changes(slug: str, old: Product | None, new: Product | None) -> list[Change]:
    name = (new or old).name  # type: ignore[union-attr]
    if old is None or new is None:
        public = new is not None and is_public(new)
        return [Change("Product", "added" if old is None else "removed", slug, name,
                       public=public)]
    public_old, public_new = public_product(old), public_product(new)
    visible = is_public(new)
    changes: list[Change] = []

    def add(kind: str, action: str, label: str = "", public: bool = False) -> None:
        changes.append(Change(kind, action, slug, name, label, public and visible))

    overview = [key for key in Product.model_fields
                if key not in SECTIONS and key not in REVIEW_FIELDS]
    if _dump(old, overview) != _dump(new, overview):
        add("Overview", "changed", public=_dump(public_old, overview) != _dump(public_new,
                                                                               overview))
    for key, kind in SECTIONS.items():
        if key == "faqs":
            for action, question in _items(old.faqs, new.faqs, "question"):
                after = {faq.question: faq for faq in public_new.faqs}
                before = {faq.question: faq for faq in public_old.faqs}
                public = question in after and _dump(before.get(question)) != _dump(
                    after[question])
                add(kind, action, question, public)
        elif key == "competitors":
            for action, competitor in _items(old.competitors, new.competitors, "competitor"):
                add(kind, action, competitor)
        elif _dump(getattr(old, key)) != _dump(getattr(new, key)):
            before, after = getattr(old, key), getattr(new, key)
            action = "added" if not before else "removed" if not after else "changed"
            public = key in PUBLIC_SECTIONS and bool(getattr(public_new, key)) and _dump(
                getattr(public_old, key)) != _dump(getattr(public_new, key))
            add(kind, action, public=public)
    if _dump(old, REVIEW_FIELDS) != _dump(new, REVIEW_FIELDS):
        add("Review", "changed", f"reviewed {new.reviewed} by {new.owner}")
    return changes


def _items(old: list[Any], new: list[Any], key: str) -> Iterator[tuple[str, str]]:
    """(action, key) for each entry of a list that was added, changed or removed."""
    before = {getattr(item, key): _dump(item) for item in old}
    after = {getattr(item, key): _dump(item) for item in new}
    for name, value in after.items():
        if name not in before:
            yield "added", name
        elif before[name] != value:
            yield "changed", name
    for name in before:
        if name not in after:
            yield "removed", name


def _dump(value: Any, fields: tuple[str, ...] | list[str] | None = None) -> Any:
    """Comparable plain data of a model, a list of models, or some fields of a model."""
    if isinstance(value, list):
        return [_dump(item) for item in value]
    if isinstance(value, BaseModel):
        if fields is not None:
            return {name: _dump(getattr(value, name, None)) for name in fields}
        return value.model_dump(mode="json")
    return value
