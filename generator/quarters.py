"""Calendar quarters (`2026-Q3`): parsing, ordering and "the last N quarters".

Every piece of quarter arithmetic in productdocs lives here. Nothing reads the clock:
"the last 8 quarters" ends at a quarter the caller passes in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PATTERN = r"^[0-9]{4}-Q[1-4]$"
_QUARTER = re.compile(PATTERN)


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        if not _QUARTER.match(text):
            raise ValueError(f"'{text}' is not a quarter; write it like 2026-Q3")
        return cls(int(text[:4]), int(text[-1]))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def index(self) -> int:
        """Quarters since year 0: consecutive quarters differ by one."""
        return self.year * 4 + self.number - 1

    def plus(self, quarters: int) -> Quarter:
        index = self.index + quarters
        return Quarter(index // 4, index % 4 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        following = self.plus(1).first_day
        return date.fromordinal(following.toordinal() - 1)


def last(quarters: int, ending: Quarter) -> list[Quarter]:
    """The `quarters` quarters up to and including `ending`, oldest first."""
    return [ending.plus(offset) for offset in range(1 - quarters, 1)]


def span(first: Quarter, final: Quarter) -> list[Quarter]:
    """Every quarter from `first` to `final`, both included."""
    return [first.plus(offset) for offset in range(final.index - first.index + 1)]


def reporting_quarter(reported: Iterable[Quarter], as_of: date) -> Quarter:
    """The quarter the portfolio review reports on.

    It is the latest quarter that has revenue data and is not after the quarter `as_of`
    falls in. Revenue typed in for a later quarter (a forecast) is ignored. With no revenue
    data at all, it is the last full quarter before `as_of`. The machine's clock is never
    read: the same data and `as_of` give the same quarter on every build.
    """
    current = Quarter.of(as_of)
    eligible = [quarter for quarter in reported if quarter <= current]
    return max(eligible) if eligible else current.plus(-1)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` years earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
