"""Nothing internal reaches a public build: every internal field carries a unique canary.

The canary portfolio is generated from the model itself, so a field added later gets a
canary too. Which fields are public is written here, from the rules a PM reads in the
README, independently of generator/audience.py: a product marked public shows its
identity; its positioning, whitepaper and pricing plans when those sections are marked
public; and each value proposition, feature, roadmap item, FAQ and customer quote
marked public, and each success story marked public (win/loss records and feature
comparisons never are). Everything else, and every hand-written page not marked public,
is internal.
"""

from __future__ import annotations

import enum
import gzip
import io
import json
import re
import types
import typing
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pydantic import BaseModel

from conftest import run_cli
from generator.model import Competitor, Persona, PortfolioDefinition, Product
from generator.model.base import Audience
from generator.model.portfolio import Company
from generator.quarters import Quarter

PUBLIC_IDENTITY = {"name", "tagline", "category", "version", "website"}
PUBLIC_IF_MARKED = {"positioning", "whitepaper", "pricing"}
ITEMS_WITH_AUDIENCE = {"value_propositions", "features", "roadmap", "faqs", "customer_quotes",
                       "success_stories"}
DEAL_REASON = "reason"
"""The one deal reason of the canary portfolio: an id, not a canary; its label is one."""
ALWAYS_INTERNAL_IN_PUBLIC_SECTION = {("pricing", "discounting")}
SYMBOLS = {"currency"}


class Canaries:
    """Unique, search-friendly tokens, remembered as public or internal."""

    def __init__(self) -> None:
        self.public: set[str] = set()
        self.internal: set[str] = set()
        self.paths: dict[str, tuple[str, ...]] = {}

    def token(self, public: bool, path: tuple[str, ...] = ()) -> str:
        kind = "pub" if public else "int"
        value = f"zq{kind}{len(self.public) + len(self.internal):04d}q"
        (self.public if public else self.internal).add(value)
        self.paths[value] = path
        return value

    def under(self, *prefixes: tuple[str, ...]) -> set[str]:
        """The tokens put into fields below any of these paths."""
        return {token for token, path in self.paths.items()
                if any(path[:len(prefix)] == prefix for prefix in prefixes)}


def fill(model: type[BaseModel], canaries: Canaries, public: bool, path: tuple[str, ...] = (),
         audience: Audience | None = None) -> dict[str, Any]:
    """A document for `model` with a canary in every text field."""
    document: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name == "audience":
            if audience is not None:
                document[name] = audience.value
            continue
        hidden = public and (*path[-1:], name) in ALWAYS_INTERNAL_IN_PUBLIC_SECTION
        document[name] = value_for(field.annotation, name, canaries, public and not hidden,
                                   (*path, name))
    return document


def value_for(annotation: Any, name: str, canaries: Canaries, public: bool,
              path: tuple[str, ...]) -> Any:
    origin = typing.get_origin(annotation)
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return value_for(arguments[0], name, canaries, public, path)
    if origin in (typing.Union, types.UnionType):
        return value_for(arguments[0], name, canaries, public, path)
    if origin is list:
        item = arguments[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return [fill(item, canaries, public, path, Audience.public if public else None),
                    fill(item, canaries, False, path, Audience.internal)] \
                if "audience" in item.model_fields else [fill(item, canaries, public, path)]
        return [value_for(item, name, canaries, public, path) for _ in range(2)]
    if origin is dict:
        if name == "deal_reasons":
            return {DEAL_REASON: canaries.token(public)}
        if unwrapped(arguments[0]) is int:  # amounts per year
            return {"2026": 1200, "2027": 1300}
        return {"2026-Q1": 1200, "2026-Q2": 1300}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return fill(annotation, canaries, public, path)
    if annotation is str:
        if name in SYMBOLS:
            return "$"
        if name in ("persona", "competitor"):
            return name  # replaced with real ids below
        token = canaries.token(public, path)
        return f"https://{token}.example/" if name in ("website", "url") else token
    if annotation is date:
        return "2026-10-01"
    if annotation is Quarter:
        return "2026-Q4"
    if annotation is bool:
        return "true"
    if annotation in (int, float):
        if name == "year":
            return 2026
        if path[-2:] == ("tam", "value"):
            return 1000  # the market sizing checks: segments <= TAM
        return 2 if name in ("tier", "vitality_window_years", "declining_quarters") else 40
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value
    raise AssertionError(f"no canary for {name}: {annotation!r}")


def unwrapped(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def product_document(canaries: Canaries, *, public: bool, sections_public: bool,
                     persona: str, competitor: str) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for name, field in Product.model_fields.items():
        if name == "audience":
            document[name] = "public" if public else "internal"
        elif name in ("lifecycle", "reviewed", "launched"):
            continue
        elif name in PUBLIC_IDENTITY:
            document[name] = value_for(field.annotation, name, canaries, public, (name,))
        elif name in PUBLIC_IF_MARKED:
            marked = public and sections_public
            document[name] = fill(typing.get_args(field.annotation)[0], canaries, marked,
                                  (name,), Audience.public if marked else Audience.internal)
        elif name in ITEMS_WITH_AUDIENCE:
            document[name] = value_for(field.annotation, name, canaries, public, (name,))
        else:
            document[name] = value_for(field.annotation, name, canaries, False, (name,))
    document.update(owner=canaries.token(False), lifecycle="in-life", reviewed="2026-10-01",
                    launched="2024-02-01")
    for entry in document["personas"]:
        entry["persona"] = persona
    for entry in document["competitors"]:
        entry["competitor"] = competitor
        for row in entry["comparison"]:
            row["feature"] = document["features"][0]["name"]
    for deal in document["deals"]:
        deal.update(competitor=competitor, reasons=[DEAL_REASON])
    # A whitepaper cites the first story, public whenever the whitepaper can be.
    canaries.public.difference_update(document["whitepaper"]["stories"])
    document["whitepaper"]["stories"] = [document["success_stories"][0]["id"]]
    return document


@pytest.fixture(scope="module")
def canary_portfolio(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Canaries]:
    canaries = Canaries()
    root = tmp_path_factory.mktemp("canaries")
    products = root / "products"
    (products / "personas").mkdir(parents=True)
    (products / "competitors").mkdir()
    persona, competitor = canaries.token(False), canaries.token(False)

    def write(path: Path, data: dict[str, Any]) -> None:
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")

    portfolio = fill(PortfolioDefinition, canaries, False)
    portfolio["company"] = fill(Company, canaries, True)
    portfolio["roadmap"][0]["products"] = []
    portfolio["categories"] = [canaries.token(False)]
    write(products / "portfolio.yml", portfolio)
    write(products / "personas" / f"{persona}.yml", fill(Persona, canaries, False))
    write(products / "competitors" / f"{competitor}.yml",
          fill(Competitor, canaries, False, ("competitor",)))
    write(products / "open.yml", product_document(
        canaries, public=True, sections_public=True, persona=persona, competitor=competitor))
    write(products / "guarded.yml", product_document(
        canaries, public=True, sections_public=False, persona=persona, competitor=competitor))
    write(products / f"{canaries.token(False)}.yml", product_document(
        canaries, public=False, sections_public=True, persona=persona, competitor=competitor))

    content = root / "content"
    (content / "team").mkdir(parents=True)
    public_page = canaries.token(True)
    (content / "public-page.md").write_text(
        f"---\naudience: public\n---\n# Public page\n\n{public_page}\n")
    (content / "team" / f"{canaries.token(False)}.md").write_text(
        f"---\naudience: internal\n---\n# Internal\n\n{canaries.token(False)}\n")
    (content / "unmarked.md").write_text(f"# Unmarked\n\n{canaries.token(False)}\n")
    (content / "price-list.csv").write_text(f"plan,price\n{canaries.token(False)},100\n")
    (content / "team" / "diagram.svg").write_text(
        f"<svg xmlns='http://www.w3.org/2000/svg'><text>{canaries.token(False)}</text></svg>")
    (root / "mkdocs.yml").write_text(
        "site_name: Canary products\nsite_url: https://canary.example/\n"
        "docs_dir: content\ntheme:\n  name: material\n"
        "  font: false\nplugins:\n  - search\n  - tags\n  - productdocs\n")
    return root, canaries


def output_text(site: Path) -> dict[str, str]:
    """Every file of the output as text: HTML, JSON, XML, JS, SVG, gzip, PDF, PPTX."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        if path.suffix == ".pdf":
            texts[str(path)] = " ".join(page.extract_text() or ""
                                        for page in pypdf.PdfReader(path).pages)
        elif path.suffix == ".pptx":
            texts[str(path)] = pptx_text(path)
        else:
            texts[str(path)] = raw.decode("utf-8", errors="replace")
    return texts


def pptx_text(path: Path) -> str:
    """Every part of a deck as text: slides, notes, charts and their workbooks, properties."""
    parts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            raw = package.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(raw)) as workbook:
                    raw = b" ".join(workbook.read(inner) for inner in workbook.namelist())
            parts.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def test_canary_portfolio_is_valid(canary_portfolio: tuple[Path, Canaries]) -> None:
    root, _ = canary_portfolio
    result = run_cli("validate", "--root", str(root))
    assert result.returncode == 0, result.stdout


def test_public_build_leaks_no_internal_canary(canary_portfolio: tuple[Path, Canaries],
                                               tmp_path: Path) -> None:
    root, canaries = canary_portfolio
    site = tmp_path / "public"
    result = run_cli("build", "--root", str(root), "--audience", "public",
                     "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    texts = output_text(site)
    # The decks (the public variant of each public product) and the JSON API are read too.
    assert any(name.endswith("-deck.pptx") for name in texts)
    assert any(name.endswith("api/faqs.json") for name in texts)
    everything = "\n".join(texts.values())
    leaked = {token for token in canaries.internal if token in everything}
    where = {token: [name for name, text in texts.items() if token in text][:3]
             for token in sorted(leaked)}
    assert not leaked, where
    missing = {token for token in canaries.public if token not in everything}
    assert not missing
    assert len(canaries.internal) > 100 and len(canaries.public) > 30


def test_internal_build_shows_every_page_canary(canary_portfolio: tuple[Path, Canaries],
                                                tmp_path: Path) -> None:
    """The canaries are real: the internal build does show internal content."""
    root, canaries = canary_portfolio
    site = tmp_path / "internal"
    result = run_cli("build", "--root", str(root), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    everything = "\n".join(output_text(site).values())
    shown = {token for token in canaries.internal if token in everything}
    assert len(shown) > 0.8 * len(canaries.internal)


def test_public_search_index_sitemap_and_tags_list_only_public_pages(
        canary_portfolio: tuple[Path, Canaries], tmp_path: Path) -> None:
    root, _ = canary_portfolio
    site = tmp_path / "public"
    assert run_cli("build", "--root", str(root), "--audience", "public",
                   "--site-dir", str(site)).returncode == 0
    pages = {p.parent.relative_to(site).as_posix().lstrip(".") for p in site.rglob("index.html")}
    index = json.loads((site / "search" / "search_index.json").read_text())
    located = {doc["location"].split("#")[0].rstrip("/") for doc in index["docs"]}
    assert located <= pages
    sitemap = (site / "sitemap.xml").read_text()
    listed = {entry.rstrip("/") for entry in
              re.findall(r"<loc>https://canary.example/([^<]*)</loc>", sitemap)}
    assert listed == pages
    for forbidden in ("battlecards", "playbook", "launch-plan", "personas", "competitors",
                      "portfolio", "unmarked", "team", "win-loss"):
        assert not any(forbidden in page.split("/") for page in pages), forbidden


def test_business_case_market_sizing_and_competitor_pricing_stay_internal(
        canary_portfolio: tuple[Path, Canaries]) -> None:
    """Their canaries are on the internal pages (so the public build is really tested
    against them) and on no public page."""
    from generator.audience import Build
    from generator.pipeline import prepare

    root, canaries = canary_portfolio
    sections = [("business_case",), ("market_sizing",), ("competitor", "pricing")]
    assert all(canaries.under(section) for section in sections)
    strategic = canaries.under(*sections)
    internal = "\n".join(page.markdown for page in prepare(root, pdfs=False).site.pages.values())
    assert {token for token in strategic if token not in internal} == set()
    public = prepare(root, Build.public, pdfs=False).site
    shown = "\n".join(page.markdown for page in public.pages.values())
    assert {token for token in strategic if token in shown} == set()
    assert not any(path.endswith(("market-sizing.md", "business-case.md"))
                   for path in public.pages)
