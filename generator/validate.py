"""From YAML files to a checked Portfolio: every problem of every file, in one pass."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.audience_check import internal_links, unpublished
from generator.economics import sizing_problems
from generator.explain import path_text
from generator.freshness import stale_warnings
from generator.load import Document, kept_readings, load_document, read_ahead
from generator.misnamed import explain_all
from generator.model import Competitor, Persona, PortfolioDefinition, Product
from generator.model.base import SLUG_PATTERN
from generator.model.portfolio import ReviewThresholds
from generator.model.product import Lifecycle
from generator.portfolio import Portfolio
from generator.problems import Problem, errors
from generator.render.environment import money
from generator.sanitize import sanitize_model
from generator.sources import product_files, source_links, suggested_slug
from generator.strategic_checks import strategic_problems

PRODUCTS_DIR = "products"
PORTFOLIO_FILE = "portfolio.yml"
LAUNCHED_STAGES = (Lifecycle.in_life, Lifecycle.end_of_life)

M = TypeVar("M", bound=BaseModel)


@dataclass
class Result:
    """What validation found: the portfolio (None when there were errors) and every problem."""

    portfolio: Portfolio | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return self.portfolio is not None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Loading allocates hundreds of thousands of dicts and lists and frees none: Python's
    cycle collector would scan them again and again (40% of validating 500 products)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(root: Path, *, as_of: date | None = None, only: str | None = None,
             today: date | None = None) -> Result:
    """Load and check every file under `root/products`.

    With `as_of`, content not reviewed within `review.stale_after_days` gets a warning.
    With `only`, of the product files only `products/<only>.yml` is read (a preview of
    one product): its references and the shared files are checked as usual.
    `today` (the machine's date unless given) is what a deal date may not be after:
    unlike `as_of`, it is the real "now", so a deal closed today is never refused.
    """
    with collector_paused():
        return _validate(root, as_of=as_of, only=only, today=today or date.today())


def _validate(root: Path, *, as_of: date | None, only: str | None, today: date) -> Result:
    root = root.resolve()
    folder = root / PRODUCTS_DIR
    problems: list[Problem] = []
    if not folder.is_dir():
        problems.append(Problem(PRODUCTS_DIR, 1, 1, f"no '{PRODUCTS_DIR}/' folder in {root}; "
                                "run productdocs from the portfolio's root or pass --root"))
        return Result(None, problems)

    problems += source_links(root)
    sources, skipped = product_files(folder, root, skip=PORTFOLIO_FILE)
    problems += skipped
    known_products = {path.stem for path in sources["products"]}
    if only is not None:
        sources["products"] = [path for path in sources["products"] if path.stem == only]
        if not sources["products"]:
            problems.append(Problem(PRODUCTS_DIR, 1, 1, f"there is no product '{only}' "
                                    f"(known: {', '.join(sorted(known_products)) or 'none'})"))
            return Result(None, problems)
    read_ahead([folder / PORTFOLIO_FILE, *(path for paths in sources.values() for path in paths)])
    checker = _Checker(root, problems)
    definition = checker.portfolio_definition(folder / PORTFOLIO_FILE)
    personas = checker.shared(sources["personas"], Persona, "persona")
    competitors = checker.shared(sources["competitors"], Competitor, "competitor")
    products = checker.products(sources["products"])

    if definition is not None:
        checker.references(products, personas, competitors, definition, known_products)
        problems += strategic_problems(products, set(competitors),
                                       set(definition.deal_reasons), today)
    if as_of is not None:
        review = definition.review if definition is not None else ReviewThresholds()
        problems += stale_warnings(products, as_of, review.stale_after_days)
    problems += unpublished(products)
    files = 1 + sum(len(paths) for paths in sources.values())
    if errors(problems) or definition is None:
        return Result(None, sorted(problems), files)
    portfolio = Portfolio(
        definition=definition,
        products=[product for product, _ in products],
        personas={key: value for key, (value, _) in personas.items()},
        competitors={key: value for key, (value, _) in competitors.items()},
        sources=hashlib.sha256("\0".join(
            document.digest for document in [checker.portfolio_document,
                                             *(document for _, document in personas.values()),
                                             *(document for _, document in competitors.values())]
            if document is not None).encode()).hexdigest(),
    )
    problems += internal_links(portfolio, {product.slug: document for product, document
                                           in products}, as_of or date.today())
    if errors(problems):
        return Result(None, sorted(problems), files)
    return Result(portfolio, sorted(problems), files)


def strictly(result: Result) -> Result:
    """The same result with every warning turned into an error (`validate --strict`)."""
    if not result.problems or all(p.severity == "error" for p in result.problems):
        return result
    problems = [replace(p, severity="error") for p in result.problems]
    return Result(None, problems, result.files)


_modelled: dict[Path, tuple[Document, type[Any], Any, list[Problem]]] = {}
"""While `serve` keeps readings (see load.keep_readings): the model of each file's
document and the problems making it found; kept while the document is the same one (the
file did not change)."""


class _Checker:
    """Collects problems while turning documents into models."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.problems = problems
        self.portfolio_document: Document | None = None
        self.documents_seen: list[Document] = []

    def display(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def load(self, path: Path) -> Document | None:
        loaded = load_document(path, self.display(path))
        if isinstance(loaded, Problem):
            self.problems.append(loaded)
            return None
        if loaded.data is None:
            self.problems.append(Problem(loaded.name, 1, 1, "file is empty; see the README's "
                                         "file reference for what it should contain"))
            return None
        return loaded

    def model(self, document: Document, model: type[M], subject: str) -> M | None:
        earlier = _modelled.get(document.path)
        if earlier is None or earlier[0] is not document or earlier[1] is not model:
            earlier = document, model, *self._modelled(document, model, subject)
            if kept_readings():  # the same document, read again only if the file changed
                _modelled[document.path] = earlier
        self.problems.extend(earlier[3])
        return earlier[2]  # type: ignore[return-value]

    def _modelled(self, document: Document, model: type[M], subject: str
                  ) -> tuple[M | None, list[Problem]]:
        try:
            instance = model.model_validate(document.data)
        except ValidationError as error:
            return None, explain_all(document, model, error.errors(include_url=False), subject)
        return instance, [document.problem(
            loc, f"{path_text(loc)}: removed {'; '.join(removed)} (Markdown fields may "
            "format text, not run code)", severity="warning")
            for loc, removed in sanitize_model(instance)]

    def portfolio_definition(self, path: Path) -> PortfolioDefinition | None:
        if path.is_symlink():
            return None  # reported with every other link
        if not path.is_file():
            self.problems.append(Problem(self.display(path), 1, 1, "the portfolio file is "
                                         "missing; create it with at least 'company: {name: ...}'"))
            return None
        self.portfolio_document = self.load(path)
        if self.portfolio_document is None:
            return None
        return self.model(self.portfolio_document, PortfolioDefinition, "the portfolio")

    def identifier(self, path: Path, kind: str) -> str | None:
        """The id or slug a file name gives, or None (and a problem) if it is not one."""
        stem = path.stem
        if re.match(SLUG_PATTERN, stem):
            return stem
        suggestion = suggested_slug(stem) or kind
        self.problems.append(Problem(
            self.display(path), 1, 1,
            f"file name '{path.name}' cannot be a {kind} id: use lowercase letters, digits "
            f"and hyphens, e.g. rename it to '{suggestion}{path.suffix}'"))
        return None

    def documents(self, paths: list[Path], kind: str) -> Iterator[tuple[str, Document]]:
        """Documents whose file names are valid ids, reporting ids used twice."""
        seen: dict[str, Path] = {}
        for path in paths:
            key = self.identifier(path, kind)
            if key is None:
                continue
            if key in seen:
                self.problems.append(Problem(
                    self.display(path), 1, 1,
                    f"two files define the {kind} '{key}': {self.display(seen[key])} and "
                    f"{self.display(path)}; rename or remove one"))
                continue
            seen[key] = path
            document = self.load(path)
            if document is not None:
                yield key, document

    def shared(self, paths: list[Path], model: type[M], kind: str
               ) -> dict[str, tuple[M, Document]]:
        found: dict[str, tuple[M, Document]] = {}
        for key, document in self.documents(paths, kind):
            instance = self.model(document, model, f"{kind} '{key}'")
            if instance is not None:
                instance._id = key  # type: ignore[attr-defined]
                found[key] = (instance, document)
        return found

    def products(self, paths: list[Path]) -> list[tuple[Product, Document]]:
        found: list[tuple[Product, Document]] = []
        for slug, document in self.documents(paths, "product"):
            self.documents_seen.append(document)
            product = self.model(document, Product, f"product '{slug}'")
            if product is not None:
                product._slug, product._source = slug, document.digest
                found.append((product, document))
        return found

    def references(self, products: list[tuple[Product, Document]],
                   personas: dict[str, tuple[Persona, Document]],
                   competitors: dict[str, tuple[Competitor, Document]],
                   definition: PortfolioDefinition, slugs: set[str]) -> None:
        """Every id a file mentions must name a file that exists.

        Checked on the raw data, so a file with other errors still gets these reported.
        """
        for document in self.documents_seen:
            data = document.data if isinstance(document.data, dict) else {}
            self.ids(document, "personas", "persona", data.get("personas"), personas)
            self.ids(document, "competitors", "competitor", data.get("competitors"),
                     competitors)
        shown = functools.partial(money, currency=definition.company.currency)
        for product, document in products:
            if product.lifecycle in LAUNCHED_STAGES and product.launched is None:
                self.problems.append(document.problem(
                    ("lifecycle",), f"a product in the {product.lifecycle} stage needs a "
                    "'launched' date; add a line 'launched: YYYY-MM-DD'"))
            for loc, message in sizing_problems(product, shown):
                self.problems.append(document.problem(loc, message))
        if self.portfolio_document is None:
            return
        for index, theme in enumerate(definition.roadmap):
            for position, slug in enumerate(theme.products):
                if slug not in slugs:
                    self.problems.append(self.portfolio_document.problem(
                        ("roadmap", index, "products", position),
                        f"roadmap[{index}].products[{position}]: '{slug}' is not a known "
                        f"product (known: {', '.join(sorted(slugs)) or 'none'})"))

    def ids(self, document: Document, section: str, field_name: str,
            entries: object, known: dict[str, object]) -> None:
        if not isinstance(entries, list):
            return
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            value = entry.get(field_name) if isinstance(entry, dict) else None
            if not isinstance(value, str) or not re.match(SLUG_PATTERN, value):
                continue  # the schema reports values that cannot be ids
            loc = (section, index, field_name)
            if value not in known:
                self.problems.append(document.problem(
                    loc, f"{section}[{index}].{field_name}: '{value}' is not a known "
                    f"{field_name} (known: {', '.join(sorted(known)) or 'none'})"))
            elif value in seen:
                self.problems.append(document.problem(
                    loc, f"{section}[{index}].{field_name}: '{value}' is listed twice; "
                    "merge the two entries"))
            seen.add(value)
