"""The portfolio review's charts: static SVG drawn by pygal at build time, inlined in pages.

pygal lays out the axes, labels, bars, lines and legends. This module makes its output fit
an inlined, reproducible, printable page:
- no `<script>` (pygal adds a tooltip config script even with `js=()`) and no comments
  (pygal stamps today's date in one, which would make two builds of the same commit differ);
- a fixed id per chart instead of pygal's random uuid, for the same reason; pygal scopes its
  `<style>` to that id, so charts on one page do not restyle each other;
- colours are CSS variables: `--pd-series-N` for the products, Material's
  `--md-default-fg-color*` for text and axes. productdocs.css defines the series colours for
  the light and the dark palette, so the SVG follows Material's palette toggle and prints;
- `role="img"` with a `<title>` and a `<desc>` that says the chart's numbers in words; the
  pages add the data as a table.
Sparklines sit in a Markdown table cell, where text would be read as Markdown: they carry no
`<style>` (productdocs.css styles `.pd-spark`), and their text alternative is an aria-label.
They are one path each and drawn directly (see `sparkline`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from xml.etree import ElementTree

import pygal
from markupsafe import Markup
from pygal.etree import etree as pygal_etree
from pygal.style import Style

# pygal builds its SVG with lxml whenever lxml is installed (python-pptx brings it); this
# module edits the tree with the standard library's ElementTree, and its output is the same
# byte for byte either way.
pygal_etree.to_etree()

SERIES_COLOURS = 8
"""productdocs.css defines --pd-series-0 to --pd-series-7; products beyond reuse them."""
SPARK_WIDTH, SPARK_HEIGHT, SPARK_MARGIN = 112, 28, 3

Formatter = Callable[[float], str]


def _style(colours: Sequence[int] = range(SERIES_COLOURS), stroke_width: int = 3) -> Style:
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="var(--md-default-fg-color--light)",
        foreground_strong="var(--md-default-fg-color)",
        foreground_subtle="var(--md-default-fg-color--lighter)",
        guide_stroke_color="var(--md-default-fg-color--lightest)",
        major_guide_stroke_color="var(--md-default-fg-color--lighter)",
        colors=tuple(f"var(--pd-series-{n % SERIES_COLOURS})" for n in colours)
        or ("currentColor",),
        value_colors=("var(--md-default-fg-color)",) * max(len(colours), 1),
        font_family="inherit",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=13,
        title_font_size=16,
        stroke_width=str(stroke_width),
        opacity=".9",
        opacity_hover=".9",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        transition="none",
    )


def _without_noise(keep_style: bool) -> Callable[[ElementTree.Element], ElementTree.Element]:
    """An XML filter that drops scripts, comments, tooltips and (optionally) the style."""
    dropped = {"script", "desc"} | (set() if keep_style else {"style", "defs"})

    def clean(root: ElementTree.Element) -> ElementTree.Element:
        for parent in list(root.iter()):
            for child in list(parent):
                tag = child.tag if isinstance(child.tag, str) else None
                if (tag is None or tag in dropped
                        or "tooltip-overlay" in child.get("class", "")):
                    parent.remove(child)
        return root

    return clean


def _svg(chart: pygal.graph.graph.Graph, chart_id: str, title: str, description: str,
         classes: str) -> Markup:
    chart.uuid = chart_id
    chart.add_xml_filter(_without_noise(keep_style=True))
    root = chart.render_tree()
    root.set("class", classes)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("data-search-exclude", "")
    heading = root.find("title")
    if heading is not None:
        root.remove(heading)
    summary = ElementTree.Element("desc", id=f"{chart_id}-desc")
    summary.text = description
    root.insert(0, summary)
    named = ElementTree.Element("title", id=f"{chart_id}-title")
    named.text = title
    root.insert(0, named)
    return Markup(ElementTree.tostring(root, encoding="unicode"))


def stacked_revenue(chart_id: str, quarters: Sequence[str],
                    series: Sequence[tuple[str, int, Sequence[float | None]]],
                    money: Formatter, title: str, description: str) -> Markup:
    """Revenue per quarter, one stacked bar per quarter, one colour per product.

    `series` is (product name, colour number, revenue per quarter or None)."""
    chart = pygal.StackedBar(
        style=_style([colour for _, colour, _ in series], stroke_width=0), js=(),
        width=880, height=400, legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1, truncate_legend=-1,
        x_labels=list(quarters), value_formatter=money, margin=8, spacing=12,
        y_labels_major_every=None, show_minor_y_labels=True,
    )
    for name, _, values in series:
        chart.add(name, list(values))
    return _svg(chart, chart_id, title, description, "pd-chart pd-chart--stacked")


def percent_trend(chart_id: str, quarters: Sequence[str], values: Sequence[float | None],
                  title: str, description: str) -> Markup:
    """One line of percentages per quarter, each point labelled with its value."""
    known = [value for value in values if value is not None]
    top = max(known, default=0)
    chart = pygal.Line(
        style=_style(), js=(), width=880, height=300, show_legend=False,
        x_labels=list(quarters), print_values=True, allow_interruptions=True,
        value_formatter=lambda value: f"{value:.0f}%", range=(0, max(10, top * 1.25)),
        margin=8, margin_right=48, dots_size=4,
    )
    chart.add(title, list(values))
    return _svg(chart, chart_id, title, description, "pd-chart pd-chart--trend")


def sparkline(values: Sequence[float | None], colour: int, label: str) -> Markup | None:
    """A small line of one product's revenue, from zero up, with gaps where data is missing.

    None with fewer than two quarters of revenue, where a line would say nothing. Drawn
    here rather than by pygal: a sparkline is one path, and pygal's layout machinery took
    2 ms for each, a second per build of a 500-product portfolio.
    """
    known = [value for value in values if value is not None]
    if len(known) < 2:
        return None
    top = max(known) or 1
    left, width = SPARK_MARGIN, SPARK_WIDTH - 2 * SPARK_MARGIN
    bottom, height = SPARK_HEIGHT - SPARK_MARGIN, SPARK_HEIGHT - 2 * SPARK_MARGIN
    step = width / (len(values) - 1)
    segments: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        segments[-1].append(f"{left + index * step:.2f} {bottom - value / top * height:.2f}")
    paths = "".join(f'<path d="M{" L".join(points)}" class="line nofill"/>'
                    for points in segments if len(points) > 1)
    dots = "".join(f'<circle cx="{points[0].split()[0]}" cy="{points[0].split()[1]}" r="1.5" '
                   'class="dot"/>' for points in segments if len(points) == 1)
    label = html.escape(label, quote=True)
    # In a Markdown table cell, `|` splits the cell, and a backtick or backslash in the label
    # would be read as Markdown before the tag is set aside as HTML.
    for character, reference in (("|", "&#124;"), ("`", "&#96;"), ("\\", "&#92;"),
                                 ("\n", " ")):
        label = label.replace(character, reference)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pd-spark" '
        f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" width="{SPARK_WIDTH}" '
        f'height="{SPARK_HEIGHT}" role="img" aria-label="{label}">'
        f'<g class="series color-{colour % SERIES_COLOURS}">{paths}{dots}</g></svg>')
