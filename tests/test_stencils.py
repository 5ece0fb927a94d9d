"""Material's header, tabs, footer and configuration script are laid out once per kind of
page (generator/stencils.py); every page is still the one MkDocs lays out itself."""

from __future__ import annotations

import re
from pathlib import Path

from test_page_cache import MKDOCS_ITSELF, build
from test_prerender import fingerprint

from conftest import copy_example

HEADER_TITLE = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*'
                          r'([^<]*?)\s*</span>')


def test_pages_laid_out_from_stencils_are_those_mkdocs_lays_out(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    # The header shows a title named in a page's front matter instead of its heading.
    battlecard = root / "templates" / "battlecard.md.j2"
    template = battlecard.read_text(encoding="utf-8")
    assert "---\ntags:" in template
    battlecard.write_text(template.replace(
        "---\ntags:", "---\ntitle: \"Battlecard: {{ competitor.name }}\"\ntags:", 1),
        encoding="utf-8")
    # With navigation.footer the footer links each page to the one before and after it:
    # values of the page the stencils do not stand in for, so Jinja lays it out.
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.tabs\n" in text
    config.write_text(text.replace("    - navigation.tabs\n",
                                   "    - navigation.tabs\n    - navigation.footer\n", 1),
                      encoding="utf-8")
    build(root, tmp_path / "site", {"PRODUCTDOCS_CACHE": str(tmp_path / "cache")})
    build(root, tmp_path / "reference", MKDOCS_ITSELF)
    assert fingerprint(tmp_path / "site") == fingerprint(tmp_path / "reference")
    page = (tmp_path / "site" / "personas" / "index.html").read_text(encoding="utf-8")
    assert "md-footer__link--prev" in page and "md-footer__link--next" in page
    named = [path.read_text(encoding="utf-8") for path in
             (tmp_path / "site" / "products").glob("*/battlecards/*/index.html")
             if path.parent.name != "features"]
    assert len(named) > 5 and all(HEADER_TITLE.search(page)[1].startswith("Battlecard: ")
                                  for page in named)
