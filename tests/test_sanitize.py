"""Markdown fields keep their formatting and lose anything that could run."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from generator.sanitize import sanitize

KEPT = [
    "plain **bold** and _italic_ text",
    "- a list\n- of items",
    "[a link](https://keelson.example/docs) and <https://keelson.example>",
    "> a quote <b>with bold</b>\n> on two lines",
    "code `<div>` stays code",
    "```\n<script>inside a fence is code</script>\n```",
    "Tom & Jerry < 5 > 3",
    "[wiki](https://en.wikipedia.org/wiki/Dock_(maritime))",
]


@pytest.mark.parametrize("text", KEPT)
def test_harmless_markdown_is_kept(text: str) -> None:
    assert sanitize(text) == (text, [])


REMOVED = [
    ("a <script>alert(1)</script> b", "a  b", ["<script>"]),
    ("<b onclick=\"steal()\">hi</b>", "<b>hi</b>", ["HTML attributes that are not allowed"]),
    ("see <iframe src=\"https://x.example\"></iframe>", "see ", ["<iframe>"]),
    ("[click](javascript:alert(1))", "[click](#)", ["a javascript: link"]),
    ("[click](javascript&#58;alert(1))", "[click](#)", ["a javascript: link"]),
    ("[click](&#x6A;avascript:alert(1))", "[click](#)", ["a javascript: link"]),
    ("[click](JAVASCRIPT:alert(1))", "[click](#)", ["a javascript: link"]),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](#)", ["a data: link"]),
    ("[ref]: javascript:alert(1)", "[ref]: #", ["a javascript: link"]),
    ("A paragraph {: onclick=\"alert(1)\" }", "A paragraph ",
     ["the attribute list {: onclick=\"alert(1)\" }"]),
    ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>",
     ["HTML attributes that are not allowed"]),
    ("<img src=x onerror=alert(1)>", "", ["<img>"]),
    ("<style>body{display:none}</style>text", "text", ["<style>"]),
]


@pytest.mark.parametrize(("text", "clean", "removed"), REMOVED)
def test_executable_content_is_removed(text: str, clean: str, removed: list[str]) -> None:
    assert sanitize(text) == (clean, removed)


def test_validate_warns_with_the_field_position(portfolio: Path) -> None:
    path = portfolio / "products" / "atlas.yml"
    path.write_text(path.read_text().replace(
        "answer: Yes, a REST API.",
        "answer: 'Yes, see <iframe src=\"https://x.example\"></iframe> the docs.'"))
    result = run_cli("validate", "--root", str(portfolio))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "products/atlas.yml:31:13: warning: faqs[0].answer: removed <iframe> (Markdown fields "
        "may format text, not run code)",
        "6 files valid, 1 warning",
    ]
