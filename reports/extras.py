"""Sections that apps above `reports` add to a unit's report, without `reports` importing them.

plans adds "target / actual / %", commendations the period's commendations:

    # plans/apps.py
    def ready(self):
        from reports.extras import ReportSection, register_report_section

        def targets(unit, period):
            ...
            return ReportSection(title="Kết quả so với chỉ tiêu", headers=[...], rows=[[...], ...])

        register_report_section(targets)

A section function takes (unit, period) and returns a ReportSection or None (nothing to show).
The report page, its XLSX and its DOCX render every returned section as a table. Cells are str or
int (ints are written as numbers in XLSX and with dot thousands separators elsewhere). A section
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


def register_report_section(func: Callable) -> Callable:
    """Register func(unit, period) -> ReportSection | None. Idempotent; usable as a decorator."""
    if func not in _SECTIONS:
        _SECTIONS.append(func)
    return func


def report_sections(unit, period) -> list[ReportSection]:
    """Every registered section for this unit and period, in registration order."""
    out = []
    for func in _SECTIONS:
        section = func(unit, period)
        if section is not None:
            out.append(section)
    return out
