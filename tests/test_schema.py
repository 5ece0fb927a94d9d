"""The JSON Schemas editors use accept every real file and reject broken ones."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import DATA, REPO, run_cli
from generator.schema import FILE_KINDS, schema_for


class EditorLoader(yaml.CSafeLoader):
    """Types scalars the way YAML 1.2 editors do: no dates, no yes/no booleans."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                     "tag:yaml.org,2002:null")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def kind_of(path: Path) -> str:
    if path.parent.name in ("personas", "competitors"):
        return path.parent.name[:-1]
    return "portfolio" if path.name == "portfolio.yml" else "product"


def portfolio_files(root: Path) -> list[Path]:
    return sorted((root / "products").rglob("*.yml"))


FILES = portfolio_files(REPO) + portfolio_files(DATA / "portfolio")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REPO)) for p in FILES])
def test_schema_accepts_every_valid_file(path: Path) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
    jsonschema.Draft202012Validator(schema_for(kind_of(path))).validate(data)


def test_schema_rejects_broken_files() -> None:
    validator = jsonschema.Draft202012Validator(schema_for("product"))
    broken = yaml.load((DATA / "invalid" / "example-from-issue" / "products" / "atlas.yml")
                       .read_text(), Loader=EditorLoader)
    messages = sorted(error.message for error in validator.iter_errors(broken))
    assert messages == [
        "'beta' is not one of ['innovation', 'analysis', 'development', 'go-to-market', "
        "'in-life', 'end-of-life']",
        "Additional properties are not allowed ('personna' was unexpected)",
    ]
    broken = {"name": "Atlas", "tagline": "x", "category": "x", "owner": "x",
              "reviewed": "2026-1-5", "lifecycle": "in-life",
              "competitors": [{"competitor": "initech", "win_rate": 140}],
              "metrics": {"revenue": {"2026Q1": 5}}}
    paths = sorted(".".join(map(str, error.absolute_path)) for error in
                   validator.iter_errors(broken))
    assert paths == ["competitors.0.win_rate", "metrics", "reviewed"]


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    """`productdocs schema` was rerun after the last model change."""
    assert run_cli("schema", "--out", str(tmp_path)).returncode == 0
    for kind in FILE_KINDS:
        name = f"{kind}.schema.json"
        assert (REPO / "schema" / name).read_text() == (tmp_path / name).read_text(), name


def test_example_files_point_editors_at_the_schema() -> None:
    for path in portfolio_files(REPO):
        depth = len(path.relative_to(REPO / "products").parts)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == (f"# yaml-language-server: $schema={'../' * depth}schema/"
                         f"{kind_of(path)}.schema.json"), path
