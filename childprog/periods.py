"""Reporting period boundaries (docs/periods.md), computed in one place.

Calendar boundaries, or the Decree 09/2019/NĐ-CP cut-off on the 14th: monthly = 15th of the
previous month to the 14th; quarterly = 15th of the month before the quarter to the 14th of its last
month; six-monthly = 15 Dec of the previous year to 14 Jun; nine-monthly = 15 Dec to 14 Sep;
annual = 15 Dec of the previous year to 14 Dec.
"""

from __future__ import annotations

import calendar
from datetime import date

CALENDAR = "calendar"
DECREE_09 = "decree09"

MONTHLY, QUARTERLY, SIX_MONTHLY, NINE_MONTHLY, ANNUAL = "month", "quarter", "half", "nine", "year"
MIDTERM, FINAL = "midterm", "final"

# The last month of each kind of period, by number (month 1-12, quarter 1-4, else 1).
_LAST_MONTH = {
    MONTHLY: lambda n: n,
    QUARTERLY: lambda n: 3 * n,
    SIX_MONTHLY: lambda n: 6,
    NINE_MONTHLY: lambda n: 9,
    ANNUAL: lambda n: 12,
}
_FIRST_MONTH = {
    MONTHLY: lambda n: n,
    QUARTERLY: lambda n: 3 * n - 2,
    SIX_MONTHLY: lambda n: 1,
    NINE_MONTHLY: lambda n: 1,
    ANNUAL: lambda n: 1,
}


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def period_bounds(kind: str, year: int, number: int = 1, boundaries: str = CALENDAR) -> tuple[date, date]:
    """(first day, last day) of a period: e.g. ("quarter", 2020, 1, DECREE_09) →
    (15/12/2019, 14/03/2020)."""
    if kind not in _LAST_MONTH:
        raise ValueError(f"unknown period kind {kind!r}")
    if kind == MONTHLY and not 1 <= number <= 12 or kind == QUARTERLY and not 1 <= number <= 4:
        raise ValueError(f"no {kind} number {number}")
    first, last = _FIRST_MONTH[kind](number), _LAST_MONTH[kind](number)
    if boundaries == DECREE_09:
        y, m = _month_before(year, first)
        return date(y, m, 15), date(year, last, 14)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def program_review_bounds(kind: str, start: date, end: date, boundaries: str = CALENDAR) -> tuple[date, date]:
    """The program's mid-term review (sơ kết: from its start to the end of its middle year) and
    final review (tổng kết: the whole program), on the program's boundaries."""
    if kind == FINAL:
        last_year = end.year
    elif kind == MIDTERM:
        last_year = start.year + (end.year - start.year) // 2
    else:
        raise ValueError(f"unknown review kind {kind!r}")
    last = period_bounds(ANNUAL, last_year, 1, boundaries)[1]
    first = period_bounds(ANNUAL, start.year, 1, boundaries)[0] if boundaries == DECREE_09 else start
    return first, last


def previous_year(bounds: tuple[date, date]) -> tuple[date, date]:
    """The same period of the previous year ("so với cùng kỳ"), on the same boundaries."""

    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return back(bounds[0]), back(bounds[1])
