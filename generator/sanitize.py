"""Markdown fields may format text, never run code: what is removed, and the warning saying so.

A PM may write **bold**, lists, links and a few harmless HTML tags. Scripts, event
handlers (`onclick=`), iframes, `javascript:` links (entity-encoded or not) and
attribute lists such as `{: onclick=... }` are removed, and validation warns with the
field's position. The fast path (no `<`, `{`, `&` or link) costs one scan per field.
"""

from __future__ import annotations

import functools
import html
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

import nh3
from pydantic import BaseModel

from generator.model.base import MarkdownField, MarkdownSource

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "em", "hr", "i", "kbd",
    "li", "mark", "ol", "p", "pre", "s", "small", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"},
                      "th": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_PROTECTED = re.compile(r"(?ms)^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$|`+[^`]*`+|<https?://[^>\s]+>")
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}\n]*\}")
_LINK_TARGET = re.compile(r"(\]\(\s*<?)((?:[^()\s>]|\([^()\s]*\))*)|^(\s*\[[^\]]+\]:\s*<?)(\S+)",
                          re.MULTILINE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20]+")


def sanitize(markdown: str) -> tuple[MarkdownSource, list[str]]:
    """The Markdown with anything executable removed, and what was removed."""
    if not any(marker in markdown for marker in ("<", "{", "&", "](", "]:")):
        return MarkdownSource(markdown), []
    removed: list[str] = []
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    text = _PROTECTED.sub(protect, markdown)
    text = _ATTRIBUTE_LIST.sub(lambda match: _drop_attributes(match, removed), text)
    text = _LINK_TARGET.sub(lambda match: _check_link(match, removed), text)
    if "<" in text:
        text = _clean_html(text, removed)
    text = re.sub(r"\x00(\d+)\x00", lambda match: protected[int(match.group(1))], text)
    return MarkdownSource(text), removed


def _clean_html(text: str, removed: list[str]) -> str:
    cleaned = nh3.clean(text, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                        url_schemes=set(URL_SCHEMES), clean_content_tags={"script", "style"},
                        link_rel=None)
    if html.unescape(cleaned) == html.unescape(text):
        return text  # nothing removed: keep the PM's text exactly as written
    names = sorted({name.lower() for name in _TAG.findall(text)} - ALLOWED_TAGS)
    removed.append(", ".join(f"<{name}>" for name in names) if names
                   else "HTML attributes that are not allowed")
    # nh3 escapes a '>' that starts a Markdown block quote; it cannot start a tag there.
    return re.sub(r"(?m)^(\s*)&gt;", r"\1>", cleaned)


def _drop_attributes(match: re.Match[str], removed: list[str]) -> str:
    body = match.group(0)
    if re.search(r"\bon\w+\s*=|\bstyle\s*=|\bhref\s*=|\bsrc\s*=", body, re.IGNORECASE):
        removed.append(f"the attribute list {body[:40]}")
        return ""
    return body


def _check_link(match: re.Match[str], removed: list[str]) -> str:
    prefix = match.group(1) or match.group(3)
    target = match.group(2) if match.group(1) is not None else match.group(4)
    decoded = _CONTROL.sub("", html.unescape(html.unescape(target)))
    scheme = _SCHEME.match(decoded)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        removed.append(f"a {scheme.group(1).lower()}: link")
        return prefix + "#"
    return match.group(0)


@functools.cache
def markdown_fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Markdown fields of a model, and the fields that may hold nested models."""
    markdown, nested = [], []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if any(isinstance(meta, MarkdownField) for meta in field.metadata) or _marked(annotation):
            markdown.append(name)
        elif _holds_model(annotation):
            nested.append(name)
    return tuple(markdown), tuple(nested)


def sanitize_model(instance: BaseModel, loc: tuple[str | int, ...] = ()
                   ) -> Iterator[tuple[tuple[str | int, ...], list[str]]]:
    """Sanitize every Markdown field in place; yield where something was removed."""
    markdown, nested = markdown_fields(type(instance))
    values = instance.__dict__
    for name in markdown:
        value = values[name]
        if isinstance(value, str):
            clean, removed = sanitize(value)
            values[name] = clean
            if removed:
                yield (*loc, name), removed
    for name in nested:
        value = values[name]
        if isinstance(value, BaseModel):
            yield from sanitize_model(value, (*loc, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from sanitize_model(item, (*loc, name, index))


def _marked(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        return any(isinstance(meta, MarkdownField) for meta in typing.get_args(annotation)[1:])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_marked(option) for option in typing.get_args(annotation))
    return False


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(argument) for argument in typing.get_args(annotation))
