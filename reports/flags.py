"""The report's breakdown by area flag (remote, border, especially difficult, mostly ethnic
minority): by the flag each record's unit had on the record's date (UnitFlag validity), so past
breakdowns do not drift when the lists are revised."""

from __future__ import annotations

from django.utils.translation import gettext as _

from childprog.models import UnitFlag

from .extras import ReportSection
from .rollup import rollup_for_period

FLAG_CODES = ["children", "girls", "ethnic_children", "money"]


def area_flag_section(unit, period) -> ReportSection | None:
    """One row per flag with figures; None when no record of the period carries a flag."""
    r = rollup_for_period(unit, period)
    indicators = {i.code: i for i in period.program.indicators.filter(code__in=FLAG_CODES)}
    columns = [indicators[c] for c in FLAG_CODES if c in indicators]
    rows = []
    for flag, label in UnitFlag.Flag.choices:
        cells = r.by_flag.get(flag, {})
        values = [
            sum(v for k, v in cells.items() if k.indicator_id == i.pk and k.target_group_id is None)
            for i in columns
        ]
        if any(values):
            rows.append([str(label), *values])
    if not rows:
        return None
    return ReportSection(
        title=_("Kết quả theo đặc điểm địa bàn"),
        headers=[_("Địa bàn"), *[i.name for i in columns]],
        rows=rows,
    )
