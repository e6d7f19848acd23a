"""Who has reported: the units expected to report a period are those valid on its last
day that report to the parent (the province, or a district that asked its grassroots units)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childprog.history import UnitGraph
from childprog.models import Period, Unit

from .models import Report


@dataclass
class Expected:
    unit_id: int
    name: str
    report: Report | None
    state: str  # "on_time", "late", "missing", "draft"
    # Not sent and the due date has passed. Before it, a report not yet sent is not late.
    overdue: bool = False

    LABELS = {"on_time": _("Đúng hạn"), "late": _("Muộn"), "missing": _("Chưa nộp"), "draft": _("Đang soạn")}

    @property
    def label(self):
        if self.state == "missing" and not self.overdue:
            return _("Chưa đến hạn")
        return self.LABELS[self.state]


@dataclass
class Status:
    period: Period
    expected: list[Expected]

    @property
    def reported(self):
        return [e for e in self.expected if e.state in ("on_time", "late")]

    @property
    def completeness(self) -> int:
        """Percentage of expected units that have sent their report; never above 100%."""
        if not self.expected:
            return 0
        return min(100, round(100 * len(self.reported) / len(self.expected)))


def reporting_status(period: Period, parent: Unit | None = None, *, graph: UnitGraph | None = None) -> Status:
    graph = graph or UnitGraph.load()
    past_due = timezone.localdate() > period.due_date
    if parent is None:
        parent = Unit.objects.filter(parent__isnull=True).valid_on(period.end).order_by("pk").first()
    children = graph.reporting_children(parent.pk, period.end)
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit_id__in=children)}
    out = []
    for unit_id in children:
        report = reports.get(unit_id)
        if report is None or report.submitted_at is None:
            state = "draft" if report is not None else "missing"
        else:
            sent = timezone.localtime(report.submitted_at).date()
            state = "on_time" if sent <= period.due_date else "late"
        overdue = past_due and state in ("missing", "draft")
        out.append(Expected(unit_id, graph.nodes[unit_id].name, report, state, overdue))
    return Status(period, out)
