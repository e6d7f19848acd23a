"""The report's breakdown by area flag (remote, border, especially difficult, mostly ethnic
minority): by the flag each record's unit had on the record's date (UnitFlag validity), so past
breakdowns do not drift when the lists are revised. Computed on the report's own rows, so a flag's
figure never exceeds the report's total."""

from __future__ import annotations

from django.utils.translation import gettext as _

from childprog.models import Indicator, UnitFlag

from .extras import ReportSection

FLAG_CODES = ["children", "girls", "ethnic_children", "money"]


def area_flag_section(unit, period, data) -> ReportSection | None:
    """One row per flag with figures; None when no record of the report carries a flag."""
    if data.ref is not None:
        indicators = {i.code: i for i in data.ref.indicators if i.code in FLAG_CODES}
    else:
        indicators = {
            i.code: i for i in Indicator.objects.filter(program=period.program, code__in=FLAG_CODES)
        }
    columns = [indicators[c] for c in FLAG_CODES if c in indicators]
    rows = []
    for flag, label in UnitFlag.Flag.choices:
        values = [data.flag_total(flag, i) for i in columns]
        if any(values):
            rows.append([str(label), *values])
    if not rows:
        return None
    return ReportSection(
        title=_("Kết quả theo đặc điểm địa bàn"),
        headers=[_("Địa bàn"), *[i.name for i in columns]],
        rows=rows,
    )
