"""Sparklines: drawn by hand, so their geometry is checked here."""

from __future__ import annotations

import re

from generator.render.charts import sparkline


def test_a_sparkline_runs_from_zero_to_the_highest_quarter() -> None:
    svg = sparkline([0, 50, 100], 2, "Atlas revenue")
    # 112 x 28 with a 3 px margin: x from 3 to 109, y from 25 (zero) up to 3 (the maximum).
    assert re.findall(r'd="([^"]+)"', svg) == ["M3.00 25.00 L56.00 14.00 L109.00 3.00"]
    assert 'class="series color-2"' in svg and 'aria-label="Atlas revenue"' in svg


def test_missing_quarters_are_gaps_not_zeros() -> None:
    svg = sparkline([10, 20, None, 40, None, 20], 0, "x")
    # 10 and 20 of a maximum of 40 make a line; 40 and the last 20 stand alone: dots.
    assert re.findall(r'd="([^"]+)"', svg) == ["M3.00 19.50 L24.20 14.00"]
    assert re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg) == [
        ("66.60", "3.00"), ("109.00", "14.00")]


def test_a_sparkline_needs_two_quarters_and_escapes_its_label() -> None:
    assert sparkline([None, 5, None], 0, "x") is None
    svg = sparkline([1, 2], 9, 'A | B `c` "d"')
    assert 'aria-label="A &#124; B &#96;c&#96; &quot;d&quot;"' in svg
    assert 'class="series color-1"' in svg
    assert "|" not in svg and "`" not in svg
