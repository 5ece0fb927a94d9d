"""Every file of a built site as the text anyone can get out of it, and the pages it links.

HTML gives its visible text, its scripts and styles, every attribute value and comment;
JSON (the search index) every key and string; XML and SVG (sitemaps) every text and
attribute; a PDF its text and metadata; gzip what it holds; a zip file (.pptx, .docx)
each member; anything else its bytes as text. A file that cannot be parsed raises
Unreadable: the check fails closed instead of passing what it could not look at.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit
from xml.etree import ElementTree

from generator.output import local_links
from generator.phrases import BREAK

HTML = (".html", ".htm", ".xhtml")
JSON = (".json", ".map", ".webmanifest")
XML = (".xml", ".svg", ".rels", ".rss", ".atom", ".xsl")
ZIP = (".zip", ".pptx", ".docx", ".xlsx", ".odp", ".odt", ".ods", ".epub")
LINK_KEYS = {"location", "href", "url", "loc", "src"}
MAX_NESTING = 3

_RAW = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_COMMENT = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>")
_BLOCK = re.compile(
    r"</?(?:address|article|aside|blockquote|body|button|caption|dd|details|div|dl|dt|"
    r"fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|img|input|label|li|"
    r"link|main|meta|nav|ol|option|p|pre|section|select|summary|table|tbody|td|textarea|"
    r"tfoot|th|thead|title|tr|ul)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")


class Unreadable(Exception):
    """A file the check cannot look into; the message says why."""


@dataclass
class Content:
    pieces: list[str] = field(default_factory=list)
    """Text, in pieces that do not continue each other."""
    links: set[str] = field(default_factory=set)
    """Site-relative paths the file points at: products/dock/playbook/."""

    def text(self) -> str:
        return BREAK.join(self.pieces)


def read_file(name: str, data: bytes, address: SplitResult | None, depth: int = 0) -> Content:
    """What the file `name` (site-relative) holds; `address` is the site_url, if any."""
    suffix = PurePosixPath(name.lower()).suffix
    try:
        if data[:2] == b"\x1f\x8b" or suffix == ".gz":
            return read_file(name.removesuffix(".gz"), _gunzip(data), address, depth)
        if data[:4] == b"PK\x03\x04" or suffix in ZIP:
            return _zip(name, data, address, depth)
        if data[:5] == b"%PDF-" or suffix == ".pdf":
            return _pdf(data)
        if suffix in HTML:
            return _html(name, data.decode("utf-8"))
        if suffix in JSON:
            return _json(name, json.loads(data), address)
        if suffix in XML:
            return _xml(name, data, address)
    except Unreadable:
        raise
    except UnicodeDecodeError as error:
        raise Unreadable(f"not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise Unreadable(f"not valid JSON ({error.msg} at line {error.lineno} column "
                         f"{error.colno})") from None
    except ElementTree.ParseError as error:
        raise Unreadable(f"not valid XML ({error})") from None
    except (RecursionError, ValueError) as error:
        raise Unreadable(f"cannot be parsed ({error})") from None
    return Content([data.decode("utf-8", errors="replace")])


def html_text(markup: str) -> str:
    """Visible text, scripts, styles, comments and attribute values of some HTML."""
    raw = [body for _, body in _RAW.findall(markup)]
    markup = _COMMENT.sub(BREAK, _RAW.sub(BREAK, markup))
    tags = _TAG.findall(markup)
    visible = _TAG.sub(" ", _BLOCK.sub(BREAK, markup))
    return html.unescape(BREAK.join([visible, *raw, *tags]))


def _html(name: str, markup: str) -> Content:
    return Content([html_text(markup)], set(local_links(name, markup)))


def _json(name: str, data: Any, address: SplitResult | None) -> Content:
    content = Content()
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            content.pieces += [str(item) for item in value]
            stack += [(str(item), child) for item, child in value.items()]
        elif isinstance(value, list):
            stack += [(key, child) for child in value]
        elif isinstance(value, str):
            content.pieces.append(html_text(value) if "<" in value or "&" in value else value)
            if key in LINK_KEYS:
                _add_link(content, value, address)
    return content


def _xml(name: str, data: bytes, address: SplitResult | None) -> Content:
    root = ElementTree.fromstring(data)
    content = Content()
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        content.pieces += [element.text or "", element.tail or "", *element.attrib.values()]
        if tag == "loc" and element.text:
            _add_link(content, element.text, address)
        elif tag == "p":  # Office paragraphs: one run of text may be split over several
            content.pieces.append("".join(child.text or "" for child in element.iter()
                                          if str(child.tag).endswith("}t")))
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] in LINK_KEYS and not value.startswith("#"):
                _add_link(content, value, address)
    return content


def _pdf(data: bytes) -> Content:
    import pypdfium2  # only sites with PDFs pay for importing it

    try:
        document = pypdfium2.PdfDocument(data)
        try:
            pieces = [str(value) for value in document.get_metadata_dict().values()]
            for page in document:
                pieces.append(page.get_textpage().get_text_bounded())
        finally:
            document.close()
    except pypdfium2.PdfiumError as error:
        raise Unreadable(f"not a readable PDF ({error})") from None
    return Content(pieces)


def _zip(name: str, data: bytes, address: SplitResult | None, depth: int) -> Content:
    if depth >= MAX_NESTING:
        raise Unreadable(f"archives nested more than {MAX_NESTING} deep")
    content = Content()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                inner = read_file(f"{name}/{member.filename}", archive.read(member), address,
                                  depth + 1)
                content.pieces += inner.pieces
    except Unreadable as error:
        raise Unreadable(f"{error} (in the archive)") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, zlib.error,
            EOFError) as error:
        raise Unreadable(f"not a readable zip archive ({error})") from None
    return content


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise Unreadable(f"not a readable gzip file ({error})") from None


def _add_link(content: Content, link: str, address: SplitResult | None) -> None:
    """A link written relative to the site's root, or absolute to the site's own address
    (any address when mkdocs.yml names none)."""
    parts = urlsplit(link.strip())
    path = unquote(parts.path)
    if parts.scheme or parts.netloc:
        if address is not None and parts.netloc != address.netloc:
            return
        base = address.path if address is not None else "/"
        base = base if base.endswith("/") else base + "/"
        if not path.startswith(base):
            return
        path = path[len(base):]
    content.links.add(path.lstrip("/"))
