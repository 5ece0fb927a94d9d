"""Putting data into Markdown without it turning into Markdown (or HTML, or a template).

Templates print values with `{{ value }}`; every plain string is escaped on the way
out, so a `|` cannot split a table cell, a leading `#` cannot start a heading and
`<script>` stays text. Only `MarkdownSource` (sanitized Markdown fields and links the
renderer built itself) and the output of macros and filters below go in as they are.

Jinja runs with autoescape on and `finalize` below: finalize turns every value into
`Markup` that is already Markdown-escaped, so Jinja's own HTML escaping leaves it alone.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from enum import Enum
from typing import Any

from markupsafe import Markup

from generator.model.base import MarkdownSource

_INLINE = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "|": "&#124;",
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_",
    "[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}",
})
# What makes the start of a line a heading, list item or block quote.
_LINE_START = re.compile(r"^(?:[#+=-]|\d+(?=[.)]))")
_WHITESPACE = re.compile(r"\s+")
# Text without any of these needs no escaping (most values): the fast path.
_SPECIAL = re.compile(r"[&<>\"|\\`*_\[\]{}\t\n\r\f\v\u00a0]|^[#+=\-\d\s]|\s$")


def text(value: Any) -> Markup:
    """Plain text as inline Markdown that shows exactly those characters."""
    if isinstance(value, Markup | MarkdownSource):
        return Markup(value)
    raw = str(value)
    if not _SPECIAL.search(raw):
        return Markup(raw)
    flat = _WHITESPACE.sub(" ", raw).strip().translate(_INLINE)
    match = _LINE_START.match(flat)
    if match:
        end = match.end()
        flat = (flat[:end] + "\\" + flat[end:]) if flat[0].isdigit() else "\\" + flat
    return Markup(flat)


def finalize(value: Any) -> Any:
    """Applied by Jinja to every `{{ ... }}`: the default is escaped text."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    if isinstance(value, bool):
        return Markup("yes" if value else "no")
    if isinstance(value, Enum):
        return text(value.value)
    if isinstance(value, float):
        return Markup(f"{value:g}")
    if isinstance(value, int | date):
        return Markup(str(value))
    return text(value)


def block(value: Any, indent: int = 0) -> Markup:
    """A Markdown field as a block, indented to sit inside an admonition or list item."""
    source = value if isinstance(value, Markup | MarkdownSource) else text(value)
    lines = str(source).strip("\n").splitlines()
    pad = " " * indent
    return Markup("\n".join(pad + line if line.strip() else "" for line in lines))


def cell(value: Any) -> Markup:
    """A Markdown field squeezed into one table cell."""
    if not isinstance(value, Markup | MarkdownSource):
        return text(value)
    return Markup(_WHITESPACE.sub(" ", str(value)).strip().replace("|", "&#124;"))


def fence(value: Any, indent: int = 0) -> Markup:
    """Verbatim text in a fenced code block that no backtick run in it can close."""
    raw = str(value)
    longest = max((len(run) for run in re.findall(r"`+", raw)), default=0)
    marker = "`" * max(3, longest + 1)
    pad = " " * indent
    body = "\n".join(pad + line for line in raw.strip("\n").splitlines())
    return Markup(f"{pad}{marker} text\n{body}\n{pad}{marker}")


def join(values: Any, separator: str = ", ") -> Markup:
    """Jinja's join, with every item escaped as text."""
    return Markup(separator.join(str(finalize(value)) for value in values))


def front_matter(value: Any) -> Markup:
    """A value for the page's YAML front matter (a JSON string is valid YAML).

    HTML-escaped too: themes print front matter into attributes (`<meta content=...>`)
    without escaping it.
    """
    if isinstance(value, list):
        return Markup(json.dumps([html.escape(str(item)) for item in value],
                                 ensure_ascii=False))
    return Markup(json.dumps(html.escape(str(value)), ensure_ascii=False))


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def url(value: Any) -> Markup:
    """A URL a PM wrote, as a link target: only web and mail links, no spaces or parentheses."""
    raw = str(value).strip()
    if not raw.lower().startswith(_SAFE_SCHEMES):
        return Markup("#")
    return Markup(raw.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                  .replace("<", "%3C").replace(">", "%3E").replace('"', "%22"))
