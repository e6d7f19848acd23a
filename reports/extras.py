"""Sections that apps above `reports` add to a unit's report, without `reports` importing them.

A report is the sum of its rows (reports/data.py): a section computes its numbers from the
report's rows, never from a query of its own over all records, so that it agrees with the report's
totals. plans adds "target / actual / %", commendations the period's commendations:

    # commendations/apps.py
    def ready(self):
        from reports.extras import register_report_counter, register_report_section

        register_report_counter("commendations", count_per_row)   # (roll-up) → {row: {name: n}}
        register_report_section(report_section)                   # (unit, period, data) → section

A counter takes the report's roll-up (reports.rollup.RollUp: its rows, attribution and dates) and
returns counts per reporting row; they are frozen with the report's figures, and the provincial
report adds up the approved district reports' frozen counts. A section function takes (unit,
period, data) where data is a reports.data.ReportData (total, flag_total, movement_total,
activities, counts) and returns a ReportSection or None (nothing to show). The report page, its
XLSX and its DOCX render every returned section as a table, and approval freezes it. Cells are str
or int (ints are written as numbers in XLSX and with dot thousands separators elsewhere). A section
must hold counts, never a child's name (frozen reports hold no personal data).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass
class ReportSection:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


_SECTIONS: list[Callable] = []
_COUNTERS: dict[str, Callable] = {}


def register_report_section(func: Callable) -> Callable:
    """Register func(unit, period, data) -> ReportSection | None. Idempotent; usable as a decorator."""
    if func not in _SECTIONS:
        _SECTIONS.append(func)
    return func


def register_report_counter(key: str, func: Callable) -> Callable:
    """Register func(rollup) -> {row id: {name: count}} under `key` (ReportData.counts(key))."""
    _COUNTERS[key] = func
    return func


def report_counts(rollup) -> dict[str, dict[int, dict[str, int]]]:
    return {key: func(rollup) for key, func in _COUNTERS.items()}


def report_sections(unit, period, data) -> list[ReportSection]:
    """Every registered section for this unit, period and rows, in registration order."""
    out = []
    for func in _SECTIONS:
        section = func(unit, period, data)
        if section is not None:
            out.append(section)
    return out
