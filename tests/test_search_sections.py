"""Search sections read without HTMLParser are what Material's own parser makes.

Whole builds compare the search index with MkDocs' own (tests/test_page_cache.py); these
cases are the markup Material's parser treats specially, one at a time.
"""

from __future__ import annotations

from typing import Any

import pytest
from material.plugins.search.plugin import Parser

from generator.search_sections import _fed, _Sections, sections

READ_HERE = {
    "preface and headings": "<p>Before</p><h1 id=\"t\">Title</h1><p>one</p>"
                            "<h2 id=\"a\">A <em>b</em></h2><p>two\nlines</p>",
    "no h1 first": "<h3 id=\"x\">Deep</h3><p>text</p><h2 id=\"y\">Up</h2>",
    "heading without id": "<h2>Plain</h2><p>kept in the preface</p>",
    "permalinks": "<h2 id=\"p\">Price<a class=\"headerlink\" href=\"#p\" title=\"Permanent "
                  "link\">&para;</a></h2><p>x</p>",
    "entities": "<p>R&amp;D &lt;b&gt; &quot;q&quot; &#169; &copy; caf&eacute; &amp</p>",
    "attributes": "<h2 id='single' class=plain data-x = \"a&amp;b\" hidden>S</h2>"
                  "<p CLASS=\"Up\">case</p>",
    "excluded blocks": "<div data-search-exclude><p>secret</p><div><p>inner</p></div></div>"
                       "<div><p>after</p></div><p>free</p>",
    "line numbers": "<table><tr><td class=\"linenodiv\"><pre>1\n2</pre></td>"
                    "<td><pre><code>a  b\n\n  c</code></pre></td></tr></table>",
    "whitespace in pre": "<p>x</p><pre>\n<span>  </span>\n\n<b> </b>y</pre>",
    "whitespace": "<ul>\n<li>one</li>\n\n<li> </li>\n<li><p>  </p></li>\n</ul>\n\n<p> x </p>",
    "void and self-closing": "<p>a<br>b<br />c<img src=\"i.png\" alt=\"i\"/><span/>d</p>",
    "nested heading": "<h1 id=\"top\">T</h1><div><h2 id=\"in\">In</h2><p>i</p></div>"
                      "<p>after the div</p><details><summary>S</summary><h3 id=\"d\">D</h3>"
                      "<p>dd</p></details><p>end</p>",
    "kept tags empty": "<p><code> </code></p><p><sub>1</sub><sup></sup></p><ol><li></li></ol>",
    "stray end tags": "<p>a</span>b</p></div><p>c</p>",
    "heading marked excluded": "<h2 id=\"e\" data-search-exclude>E</h2><p>e</p>"
                               "<h2 id=\"f\">F</h2><p>f</p>",
    "style and script as plain text": "<p>a</p><svg><style>.bar { fill: #0a0 }</style>"
                                      "<text>Revenue</text></svg><h2 id=\"s\">S</h2>"
                                      "<SCRIPT type=\"x\">if (a > b) go()</script ><p>b</p>",
}

LEFT_TO_MATERIAL = {
    "comment": "<p>a<!-- note -->b</p>",
    "script": "<p>a</p><script>if (a < b) {}</script><p>b</p>",
    "a tag in a style": "<style><b>x</b></style><p>b</p>",
    "a style left open": "<p>a</p><style>p {}",
    "a lone <": "<p>a < b</p>",
    "> in an attribute": "<p title=\"a > b\">x</p>",
    "declaration": "<!DOCTYPE html><p>x</p>",
}


def material(html: str) -> list[Any]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def described(found: list[Any]) -> list[tuple[Any, ...]]:
    return [(section.el.tag, section.el.attrs, section.depth, section.id, section.title,
             section.text, section.is_excluded()) for section in found]


@pytest.mark.parametrize("html", READ_HERE.values(), ids=READ_HERE.keys())
def test_plain_markup_is_read_here_as_material_reads_it(html: str) -> None:
    assert _fed(_Sections(), html)
    assert described(sections(html)) == described(material(html))


@pytest.mark.parametrize("html", LEFT_TO_MATERIAL.values(), ids=LEFT_TO_MATERIAL.keys())
def test_other_markup_is_left_to_material(html: str) -> None:
    assert not _fed(_Sections(), html)
    assert described(sections(html)) == described(material(html))
