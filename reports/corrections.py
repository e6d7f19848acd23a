"""Records in a period whose report is approved can be corrected only with a written reason,
so an approved report never silently disagrees with its records;
activities asks this check through activities.restrictions."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from childprog.history import UnitGraph

from .models import Report


def approved_report_covering(unit, day: date) -> str | None:
    """The reason a change to a record of `unit` ending on `day` is a correction, or None."""
    approved = Report.objects.filter(
        status=Report.Status.APPROVED, period__start__lte=day, period__end__gte=day
    ).select_related("unit", "period")
    graph = None
    for report in approved:
        graph = graph or UnitGraph.load()
        if unit.pk in graph.attribution(report.unit_id, report.period.end):
            return _("Báo cáo %(period)s của %(unit)s đã được duyệt: hãy ghi lý do điều chỉnh.") % {
                "period": report.period.label,
                "unit": report.unit.name,
            }
    return None
