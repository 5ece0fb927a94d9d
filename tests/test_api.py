"""The static JSON API under /api/: valid against its own schema, complete against the
YAML, every URL a page of the site, and only the public part on the public site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from conftest import REPO, copy_example, run_cli

SITE_URL = "https://products.keelson.example/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("api")
    root = copy_example(folder / "example")
    built = {}
    for audience in ("internal", "public"):
        built[audience] = folder / audience
        result = run_cli("build", "--root", str(root), "--audience", audience,
                         "--site-dir", str(built[audience]), "--as-of", "2026-11-23")
        assert result.returncode == 0, result.stderr
    return built


def api(site: Path, name: str) -> object:
    return json.loads((site / "api" / f"{name}.json").read_text(encoding="utf-8"))


def products_yaml() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((REPO / "products").glob("*.yml"))
            if path.name != "portfolio.yml"}


def validate_all(site: Path) -> list[str]:
    """Validate every list against the published schema; the lists' names."""
    schema = api(site, "schema")
    jsonschema.Draft202012Validator.check_schema(schema)
    index = api(site, "index")
    for name in index["lists"]:
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"},
                                                    format_checker=jsonschema.FormatChecker())
        validator.validate(api(site, name))
    return sorted(index["lists"])


def test_every_file_validates_against_the_published_schema(sites: dict[str, Path]) -> None:
    assert validate_all(sites["internal"]) == ["battlecards", "faqs", "objections", "products"]
    assert validate_all(sites["public"]) == ["faqs", "products"]


def test_the_schema_rejects_what_it_should() -> None:
    """The check above can fail: a record without its owner field is refused."""
    from generator.api import schema

    validator = jsonschema.Draft202012Validator({**schema(["faqs"]), "$ref": "#/$defs/faqs"})
    record = {"url": "/products/dock/faq/", "reviewed": "2026-10-01", "product": "dock",
              "question": "Q?", "answer": "A.", "group": "General"}
    assert not validator.is_valid([record])
    assert validator.is_valid([{**record, "owner": None}])


def test_internal_api_holds_every_item_of_the_yaml(sites: dict[str, Path]) -> None:
    site = sites["internal"]
    products = products_yaml()
    assert [record["slug"] for record in api(site, "products")] == sorted(products)
    cards = api(site, "battlecards")
    assert len(cards) == sum(len(p.get("competitors", [])) for p in products.values())
    faqs = api(site, "faqs")
    assert len(faqs) == sum(len(p.get("faqs", [])) for p in products.values())
    personas = [yaml.safe_load(path.read_text()) for path in
                sorted((REPO / "products/personas").glob("*.yml"))]
    objections = api(site, "objections")
    assert len(objections) == sum(len(card.get("objections", []))
                                  for p in products.values() for card in p.get("competitors", [])
                                  ) + sum(len(p.get("objections", [])) for p in personas)
    dock = next(record for record in api(site, "products") if record["slug"] == "dock")
    assert dock["owner"] == products["dock"]["owner"]
    assert dock["reviewed"] == products["dock"]["reviewed"].isoformat()
    card = products["dock"]["competitors"][0]
    first = next(record for record in objections if record["product"] == "dock"
                 and record["competitor"] == card["competitor"])
    assert first["objection"] == card["objections"][0]["objection"]
    assert "**" not in first["response"] and first["response"]


def test_every_url_is_a_file_of_the_site(sites: dict[str, Path]) -> None:
    for site in sites.values():
        for name in api(site, "index")["lists"]:
            for record in api(site, name):
                for key in ("url", "deck"):
                    if record.get(key) is None:
                        continue
                    assert record[key].startswith(SITE_URL), record[key]
                    path = urlsplit(record[key]).path.lstrip("/")
                    target = site / path / "index.html" if path.endswith("/") else site / path
                    assert target.is_file(), record[key]


def test_public_api_holds_only_public_items(sites: dict[str, Path]) -> None:
    site = sites["public"]
    products = products_yaml()
    public = sorted(slug for slug, p in products.items() if p.get("audience") == "public")
    assert [record["slug"] for record in api(site, "products")] == public
    assert all(record["owner"] is None for record in api(site, "products"))
    questions = {record["question"] for record in api(site, "faqs")}
    for slug, product in products.items():
        for faq in product.get("faqs", []):
            marked = slug in public and faq.get("audience") == "public"
            assert (" ".join(faq["question"].split()) in questions) == marked, faq["question"]
    for name in ("battlecards", "objections"):
        assert not (site / "api" / f"{name}.json").exists()
    assert "objections" not in json.dumps(api(site, "schema"))


def test_generate_writes_the_api_and_the_decks_next_to_the_pages(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    out = tmp_path / "out"
    result = run_cli("generate", "--root", str(root), "--out", str(out), "--audience", "public",
                     "--as-of", "2026-11-23")
    assert result.returncode == 0, result.stderr
    docs = out / "docs"
    assert sorted(p.name for p in (docs / "api").iterdir()) == [
        "faqs.json", "index.json", "products.json", "schema.json"]
    assert (docs / "products/dock/keelson-dock-deck.pptx").is_file()
    assert "(keelson-dock-deck.pptx)" in (docs / "products/dock/index.md").read_text()


def test_a_battlecard_win_rate_is_the_one_its_page_shows(sites: dict[str, Path]) -> None:
    for card in api(sites["internal"], "battlecards"):
        page = sites["internal"] / urlsplit(card["url"]).path.lstrip("/") / "index.html"
        if card["win_rate"] is not None:
            assert f"Win rate {card['win_rate']:.0f}%" in page.read_text(), card["url"]
