"""Which quarters the portfolio review covers: relative to the data and as_of, never the clock."""

from __future__ import annotations

from datetime import date

import pytest

from generator.quarters import Quarter, last, reporting_quarter, span, years_before


def q(text: str) -> Quarter:
    return Quarter.parse(text)


def test_quarter_of_a_day() -> None:
    assert Quarter.of(date(2026, 1, 1)) == q("2026-Q1")
    assert Quarter.of(date(2026, 3, 31)) == q("2026-Q1")
    assert Quarter.of(date(2026, 4, 1)) == q("2026-Q2")
    assert Quarter.of(date(2026, 12, 31)) == q("2026-Q4")


def test_first_and_last_days() -> None:
    assert q("2024-Q1").last_day == date(2024, 3, 31)
    assert q("2026-Q4").first_day == date(2026, 10, 1)
    assert q("2026-Q4").last_day == date(2026, 12, 31)


def test_the_last_eight_quarters_cross_years() -> None:
    assert [str(x) for x in last(8, q("2026-Q3"))] == [
        "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert span(q("2025-Q4"), q("2026-Q2")) == [q("2025-Q4"), q("2026-Q1"), q("2026-Q2")]


def test_reporting_quarter_is_the_latest_with_data_up_to_as_of() -> None:
    reported = [q("2026-Q1"), q("2025-Q4"), q("2026-Q3")]
    # as_of in 2026-Q2: 2026-Q3 is a forecast and is ignored.
    assert reporting_quarter(reported, date(2026, 5, 15)) == q("2026-Q1")
    # as_of in 2026-Q3: data for the quarter as_of falls in counts.
    assert reporting_quarter(reported, date(2026, 7, 1)) == q("2026-Q3")
    # Much later: still the latest quarter with data, not as_of's quarter.
    assert reporting_quarter(reported, date(2030, 1, 1)) == q("2026-Q3")


def test_without_any_revenue_the_last_full_quarter_before_as_of() -> None:
    assert reporting_quarter([], date(2026, 5, 15)) == q("2026-Q1")
    assert reporting_quarter([q("2027-Q1")], date(2026, 1, 10)) == q("2025-Q4")


@pytest.mark.parametrize(("day", "years", "expected"), [
    (date(2026, 3, 31), 2, date(2024, 3, 31)),
    (date(2026, 9, 30), 3, date(2023, 9, 30)),
    (date(2024, 2, 29), 1, date(2023, 2, 28)),
])
def test_years_before(day: date, years: int, expected: date) -> None:
    assert years_before(day, years) == expected
