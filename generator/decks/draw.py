"""Lay a `Deck` out on a theme deck with python-pptx, to PPTX bytes that depend only on it.

The theme is any .pptx with the layouts "Title Slide", "Title and Content" and "Title
Only" (the built-in one is `templates/pptx/theme.pptx`; a company puts its own at the same
place under its template overrides). Its slides are dropped, its masters, fonts and
colours kept. Text is set at the largest size that fits its box (`fitting_size`), so
nothing runs off a slide. Saved decks are made reproducible: every zip entry (and those
of a chart's embedded workbook) gets one fixed time, and the created and modified dates
are the build's as_of.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation as PptxPresentation
from pptx.shapes.placeholder import SlidePlaceholder
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from generator.decks.slides import Bullet, Deck, Slide

EMU_PER_PT = 12700
CHAR_WIDTH = 0.55
"""Average width of a character in ems: generous, so that an estimate that fits does."""
LINE_HEIGHT = 1.2
PARAGRAPH_GAP = 0.3
"""Space between paragraphs, in ems."""
INSET = Pt(7.2)
"""PowerPoint's default left and right text inset (0.1 in)."""
LEVEL_INDENT = Pt(36)
TITLE_SIZES = (36, 32, 28, 24, 20)
BODY_SIZES = (24, 22, 20, 18, 16, 14, 12, 11, 10)
TABLE_SIZES = (18, 16, 14, 13, 12, 11, 10, 9)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LAYOUTS = {"title": ("Title Slide", 0), "bullets": ("Title and Content", 1),
           "statement": ("Title Only", 5), "table": ("Title Only", 5),
           "chart": ("Title Only", 5)}
"""Each slide layout's name in the theme, and its index when no layout has that name."""


def draw(deck: Deck, theme: bytes) -> bytes:
    """The deck as PPTX bytes, on the layouts and styles of `theme`."""
    presentation = Presentation(io.BytesIO(theme))
    _drop_slides(presentation)
    for slide in deck.slides:
        _draw_slide(presentation, slide)
    properties = presentation.core_properties
    when = datetime(deck.created.year, deck.created.month, deck.created.day)
    properties.title, properties.author = deck.title, deck.author
    properties.last_modified_by, properties.revision = deck.author, 1
    properties.created = properties.modified = properties.last_printed = when
    out = io.BytesIO()
    presentation.save(out)
    return reproducible(out.getvalue(), when)


def lines_needed(text: str, width: float, size: float) -> int:
    """How many lines `text` takes at `size` points in a box `width` points wide."""
    per_line = max(1, int(width / (CHAR_WIDTH * size)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def text_height(paragraphs: Sequence[tuple[str, float]], size: float) -> float:
    """Points that paragraphs of (text, width in points) take at `size` points."""
    lines = sum(lines_needed(text, width, size) for text, width in paragraphs)
    return lines * LINE_HEIGHT * size + PARAGRAPH_GAP * size * max(0, len(paragraphs) - 1)


def fitting_size(paragraphs: Sequence[tuple[str, float]], height: float,
                 sizes: Sequence[float]) -> float:
    """The largest of `sizes` at which the paragraphs fit `height` points; else the smallest."""
    return next((size for size in sizes if text_height(paragraphs, size) <= height), sizes[-1])


def reproducible(package: bytes, when: datetime) -> bytes:
    """The same zip with fixed entry times, and `when` as every date in docProps/core.xml
    (nested zips too: a chart's workbook carries the time it was written)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename.endswith(".xlsx"):
                content = reproducible(content, when)
            elif entry.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + stamp.encode(), content)
            info = zipfile.ZipInfo(entry.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, content)
    return out.getvalue()


def _drop_slides(presentation: PptxPresentation) -> None:
    ids = presentation.slides._sldIdLst  # python-pptx has no public way to delete a slide
    for entry in list(ids):
        presentation.part.drop_rel(entry.rId)
        ids.remove(entry)


def _layout(presentation: PptxPresentation, kind: str) -> SlideLayout:
    name, index = LAYOUTS[kind]
    layouts = presentation.slide_layouts
    return layouts.get_by_name(name) or layouts[min(index, len(layouts) - 1)]


def _draw_slide(presentation: PptxPresentation, content: Slide) -> None:
    slide = presentation.slides.add_slide(_layout(presentation, content.layout))
    title = slide.shapes.title
    if title is not None:
        _fill(title.text_frame, [Bullet(content.title)], title.width, title.height,
              TITLE_SIZES)
    top = (title.top + title.height + Pt(12)) if title is not None else Pt(36)
    left = title.left if title is not None else Pt(36)
    width = (title.width if title is not None else presentation.slide_width - 2 * left)
    height = presentation.slide_height - top - Pt(36)
    body = _body_placeholder(slide)
    if content.layout == "title":
        if body is not None and content.subtitle:
            _fill(body.text_frame, [Bullet(content.subtitle)], body.width, body.height,
                  BODY_SIZES)
        elif body is not None:
            body._element.getparent().remove(body._element)
    elif content.layout == "bullets" and body is not None:
        _fill(body.text_frame, list(content.bullets), body.width, body.height, BODY_SIZES)
    elif content.layout in ("bullets", "statement"):
        lines = list(content.bullets) or [Bullet(content.statement)]
        if content.attribution:
            lines.append(Bullet(f"— {content.attribution}"))
        box = slide.shapes.add_textbox(left, top, width, height)
        _fill(box.text_frame, lines, width, height, (32, *BODY_SIZES))
    elif content.layout == "table":
        _table(slide, content.table, left, top, width, height)
    elif content.layout == "chart" and content.chart is not None:
        _chart(slide, content, left, top, width, height)
    if content.notes:
        slide.notes_slide.notes_text_frame.text = content.notes


def _body_placeholder(slide: PptxSlide) -> SlidePlaceholder | None:
    for shape in slide.placeholders:
        if shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT,
                                             PP_PLACEHOLDER.SUBTITLE):
            return shape
    return None


def _fill(frame: TextFrame, lines: list[Bullet], width: int, height: int,
          sizes: Sequence[float]) -> None:
    """Put `lines` in a text frame at the largest size at which they fit its box."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    inner = (width - 2 * INSET) / EMU_PER_PT
    paragraphs = [(line.text, inner - line.level * LEVEL_INDENT / EMU_PER_PT)
                  for line in lines]
    size = fitting_size(paragraphs, (height - Pt(7.2)) / EMU_PER_PT, sizes)
    frame.clear()
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.level = line.level
        run = paragraph.add_run()
        run.text = line.text
        run.font.size = Pt(size)


def _table(slide: PptxSlide, rows: tuple[tuple[str, ...], ...], left: int, top: int,
           width: int, height: int) -> None:
    columns = len(rows[0])
    # Columns as wide as their longest text, up to a cap: long texts wrap, short ones not.
    longest = [min(max(len(row[column]) for row in rows), 40) + 6 for column in range(columns)]
    widths = [int(width * length / sum(longest)) for length in longest]
    cells = [(text, (widths[column] - 2 * INSET) / EMU_PER_PT)
             for row in rows for column, text in enumerate(row)]
    size = next((size for size in TABLE_SIZES if _table_height(rows, cells, size, columns)
                 <= height / EMU_PER_PT), TABLE_SIZES[-1])
    row_height = Emu(int(min(height / len(rows), 2 * LINE_HEIGHT * size * EMU_PER_PT)))
    table = slide.shapes.add_table(len(rows), columns, left, top, width,
                                   row_height * len(rows)).table
    for column, column_width in enumerate(widths):
        table.columns[column].width = Emu(column_width)
    for row_index, row in enumerate(rows):
        table.rows[row_index].height = row_height
        for column, text in enumerate(row):
            frame = table.cell(row_index, column).text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()  # a run even when empty: it sets the size
            run.text = text
            run.font.size = Pt(size)


def _table_height(rows: tuple[tuple[str, ...], ...], cells: list[tuple[str, float]],
                  size: float, columns: int) -> float:
    """Points a table takes: each row as high as its tallest cell, plus cell margins."""
    total = 0.0
    for index in range(len(rows)):
        row = cells[index * columns:(index + 1) * columns]
        total += max(lines_needed(text, width, size) for text, width in row) * LINE_HEIGHT * size
        total += 7.2  # top and bottom cell margins
    return total


def _chart(slide: PptxSlide, content: Slide, left: int, top: int, width: int,
           height: int) -> None:
    chart_data = content.chart
    assert chart_data is not None
    data = CategoryChartData(number_format=chart_data.number_format)
    data.categories = list(chart_data.categories)
    for series in chart_data.series:
        data.add_series(series.name, list(series.values))
    kind = (XL_CHART_TYPE.COLUMN_STACKED if chart_data.kind == "stacked"
            else XL_CHART_TYPE.LINE_MARKERS)
    chart = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    chart.has_title = False
    chart.value_axis.tick_labels.number_format = chart_data.number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.has_legend = len(chart_data.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.font.size = Pt(12)
