"""Records in a period whose report is approved can be corrected only with a written reason,
so an approved report never silently disagrees with its records;
activities asks this check through activities.restrictions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date

from django.utils.translation import gettext as _

from childprog.history import UnitGraph

from .models import Report


def approved_reports_covering(places: list[tuple[object, date]]) -> dict[tuple[int, date], str]:
    """{(unit id, day): reason} for each place whose record falls in an approved report: one query
    for the approved reports over all the places' days, however many places (a whole import)."""
    if not places:
        return {}
    ordered = sorted(places, key=lambda place: place[1])
    days = [day for _unit, day in ordered]
    approved = Report.objects.filter(
        status=Report.Status.APPROVED, period__start__lte=days[-1], period__end__gte=days[0]
    ).select_related("unit", "period", "period__program")
    out: dict[tuple[int, date], str] = {}
    graph = None
    for report in approved:  # in the model's order, so the first report found names the reason
        start, end = report.period.start, report.period.end
        inside = ordered[bisect_left(days, start) : bisect_right(days, end)]
        if not inside:
            continue
        graph = graph or UnitGraph.load()
        counted = graph.attribution(report.unit_id, end)
        reason = _("Báo cáo %(period)s của %(unit)s đã được duyệt: hãy ghi lý do điều chỉnh.") % {
            "period": report.period.label,
            "unit": report.unit.name,
        }
        for unit, day in inside:
            if unit.pk in counted:
                out.setdefault((unit.pk, day), reason)
    return out


def approved_report_covering(unit, day: date) -> str | None:
    """The reason a change to a record of `unit` ending on `day` is a correction, or None."""
    return approved_reports_covering([(unit, day)]).get((unit.pk, day))
