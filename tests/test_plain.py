"""Markdown fields as plain text: text Markdown leaves as it is is not converted, and
comes out as converting it would give."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from test_page_cache import synthetic

from conftest import REPO
from generator.render.plain import _AS_IT_IS, converted, plain

MARKED_UP = ["1. First step", "- a point", "+ a point", "* a point", "> quoted", "# Heading",
             "**bold** claim", "_under_", "a `code` word", "[a link](https://example.com)",
             "AT&T", "a <b>tag</b>", "one\ntwo", "one\n\ntwo", "Tab\there", "x | y | z",
             "2024 was the year", "    indented", "a \\*star"]
AS_IT_IS = ["ends with two spaces  ", "Cuts onboarding from 3 weeks to 2 days.",
            "Works with SAP, Oracle and NetSuite (since 2024): 40% faster", "Café au lait"]


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


@pytest.fixture(scope="module")
def portfolio_texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = synthetic(tmp_path_factory.mktemp("portfolio"), 20)
    files = [*(REPO / "products").glob("*.yml"), *(folder / "products").glob("*.yml")]
    return sorted({text for path in files
                   for text in strings(yaml.safe_load(path.read_text(encoding="utf-8")))})


def test_text_left_as_it_is_comes_out_as_converted(portfolio_texts: list[str]) -> None:
    as_it_is = [text for text in portfolio_texts if _AS_IT_IS.fullmatch(text)]
    assert len(as_it_is) > 500
    assert all(_AS_IT_IS.fullmatch(text) for text in AS_IT_IS)
    as_it_is += AS_IT_IS
    assert [plain(text) for text in as_it_is] == [converted(text) for text in as_it_is]


def test_marked_up_text_is_converted(portfolio_texts: list[str]) -> None:
    marked_up = [text for text in portfolio_texts if not _AS_IT_IS.fullmatch(text)]
    assert len(marked_up) > 100
    for text in MARKED_UP + marked_up:
        assert plain(text) == converted(text), text
    assert [_AS_IT_IS.fullmatch(text) for text in MARKED_UP] == [None] * len(MARKED_UP)
    assert plain("**Bold** [claim](https://example.com)") == "Bold claim"
