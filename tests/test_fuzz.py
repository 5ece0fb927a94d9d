"""Random product documents and random YAML edits: positioned errors or a page, never a crash."""

from __future__ import annotations

import enum
import shutil
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from conftest import TEST_PORTFOLIO
from generator.audience import Build
from generator.model import Product
from generator.pipeline import prepare
from generator.quarters import Quarter
from generator.site import REQUIRED_EXTENSIONS
from generator.validate import validate

HOSTILE_TEXT = st.sampled_from([
    "plain words", "| pipe | cell", "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}",
    "# heading", "- list", "1. item", "**bold** _it_", "[x](javascript:alert(1))",
    "line\nbreak", "  indented", "émoji 🚚 ünïcode", "a: b", "`code`", "> quote", "",
    "<b onclick=x>b</b>", "{: onclick=\"x\" }", "&amp; &#x3C;", "---", "\\", "~~~",
])
TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=40))
FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def values(annotation: Any, name: str, depth: int, sloppy: bool) -> st.SearchStrategy[Any]:
    """Values for a field: well-typed (with hostile text), or `sloppy` with wrong types and
    bad values mixed in."""
    origin = typing.get_origin(annotation)
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated or origin in (typing.Union, types.UnionType):
        return values(arguments[0], name, depth, sloppy)

    def either(good: st.SearchStrategy[Any], *bad: Any) -> st.SearchStrategy[Any]:
        if not sloppy:
            return good
        wrong = st.one_of(st.none(), st.integers(), TEXT, st.lists(TEXT, max_size=2))
        return st.one_of(good, wrong, *(st.just(value) for value in bad))

    if origin is list:
        return either(st.lists(values(arguments[0], name, depth + 1, sloppy), max_size=3))
    if origin is dict:
        quarters = st.sampled_from(["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"])
        return either(st.dictionaries(quarters, st.integers(0, 10**7), max_size=4),
                      {"2026Q5": "x"}, {"2026-Q1": -5})
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return documents(annotation, depth + 1, sloppy) if depth < 4 else st.just({})
    if name == "persona":
        return either(st.sampled_from(["buyer", "admin"]), "ghost", "Not An Id")
    if name == "competitor":
        return either(st.sampled_from(["initech", "umbrella"]), "globex")
    if annotation is str:
        return either(TEXT.filter(lambda text: text.strip() != ""), "")
    if annotation is date:
        return either(st.dates(date(2000, 1, 1), date(2030, 12, 31)).map(str),
                      "2026-13-01", "yesterday", "01/02/2026")
    if annotation is Quarter:
        return either(st.sampled_from(["2026-Q3", "2027-Q1"]), "2026-Q9", "Q3")
    if annotation is bool:
        return either(st.sampled_from([True, False, "yes", "no"]), "maybe")
    if annotation in (int, float):
        return either(st.integers(1, 3), -10, 300, "62%", "lots", 2.5)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return either(st.sampled_from([member.value for member in annotation]), "bogus")
    raise AssertionError(f"no strategy for {name}: {annotation!r}")


def documents(model: type[BaseModel], depth: int = 0, sloppy: bool = True
              ) -> st.SearchStrategy[dict[str, Any]]:
    required = {name: values(field.annotation, name, depth, sloppy)
                for name, field in model.model_fields.items() if field.is_required()}
    optional = {name: values(field.annotation, name, depth, sloppy)
                for name, field in model.model_fields.items() if not field.is_required()}
    if sloppy:
        optional["unexpected_field"] = TEXT
    return st.fixed_dictionaries(required, optional=optional)


def check(root: Path) -> None:
    """Validation either accepts or reports positioned errors; accepted input renders."""
    result = validate(root)
    for problem in result.problems:
        assert problem.file.startswith("products/")
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "Traceback" not in problem.message
    event("accepted" if result.ok else "rejected")
    if not result.ok:
        return
    for build in Build:
        site = prepare(root, build).site
        converter = markdown.Markdown(extensions=[*REQUIRED_EXTENSIONS, "toc"])
        for page in site.pages.values():
            converter.reset().convert(page.markdown)


@FUZZ
@given(document=st.one_of(documents(Product, sloppy=False), documents(Product)))
def test_random_product_documents(document: dict[str, Any], tmp_path_factory: Any) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(TEST_PORTFOLIO, root, dirs_exist_ok=True)
    (root / "products" / "atlas.yml").write_text(
        yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    check(root)


MUTATIONS = st.lists(st.tuples(
    st.sampled_from(["delete", "insert", "duplicate-line", "drop-line", "indent", "dedent"]),
    st.integers(0, 10_000),
    st.sampled_from([":", "-", " ", "\t", "[", "{", "'", '"', "&a", "*a", "!!", "#", "\n", "?",
                     "|", ">", "%", "@", "`", "\x00", "é", "\ufeff"])), min_size=1, max_size=4)


def mutate(text: str, edits: list[tuple[str, int, str]]) -> str:
    for kind, where, character in edits:
        lines = text.splitlines(keepends=True) or [""]
        line = where % len(lines)
        position = where % (len(text) + 1)
        if kind == "delete" and text:
            text = text[:position] + text[position + 1:]
        elif kind == "insert":
            text = text[:position] + character + text[position:]
        elif kind == "duplicate-line":
            lines.insert(line, lines[line])
            text = "".join(lines)
        elif kind == "drop-line":
            del lines[line]
            text = "".join(lines)
        elif kind == "indent":
            lines[line] = "  " + lines[line]
            text = "".join(lines)
        elif kind == "dedent":
            lines[line] = lines[line].lstrip(" ")
            text = "".join(lines)
    return text


@FUZZ
@given(edits=MUTATIONS)
def test_random_yaml_mutations(edits: list[tuple[str, int, str]], tmp_path_factory: Any
                               ) -> None:
    root = tmp_path_factory.mktemp("mutation")
    shutil.copytree(TEST_PORTFOLIO, root, dirs_exist_ok=True)
    path = root / "products" / "atlas.yml"
    path.write_text(mutate(path.read_text(encoding="utf-8"), edits), encoding="utf-8")
    check(root)
