"""Merging periods that cover the same days (docs/periods.md, "One period per span").

Older data may hold several six-monthly, nine-monthly or annual periods of one program and year
with the same dates (opened as numbers 2..12 before the number stopped mattering for those kinds).
A period is what its dates are: the migration that adds the unique constraint on (program, kind,
start, end) first merges them with merge_duplicate_periods(). The decision is a plain function,
plan_merge(), over plain rows, so it is tested without building a database that breaks the
constraint.

The lowest id of each group is kept. Reports, requests to grassroots units and reminder logs of
the others move to it. Where the kept period and a duplicate both have a report of the same unit,
the one furthest in the workflow stays (approved > submitted > returned > draft); the other is
deleted only if it is an empty draft (no text, nothing frozen, no trail). Anything else stops the
migration with a message naming the reports, so that nobody's work is lost by a guess.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

# How far a report has gone in the workflow: the one furthest along survives a merge.
WORKFLOW_RANK = {"approved": 3, "submitted": 2, "returned": 1, "draft": 0}
NARRATIVE_FIELDS = ("results", "shortcomings", "next_tasks", "proposals")
# Rows that only repeat a fact already recorded for the kept period may be dropped on a collision.
DROPPABLE = {("reports", "grassrootsrequest"), ("reports", "reminderlog")}


class MergeRefused(Exception):
    """Two reports of one unit cannot be merged without losing someone's work."""


@dataclass(frozen=True)
class PeriodRow:
    id: int
    program_id: int
    kind: str
    start: object
    end: object


@dataclass(frozen=True)
class ReportRow:
    id: int
    period_id: int
    unit_id: int
    status: str
    empty: bool  # an empty draft: no text, no frozen figures, no number, no scan, no trail


@dataclass
class MergePlan:
    kept: dict[int, int] = field(default_factory=dict)  # duplicate period id -> kept period id
    move: dict[int, int] = field(default_factory=dict)  # report id -> the kept period id
    delete: list[int] = field(default_factory=list)  # report ids (empty drafts only)

    def __bool__(self):
        return bool(self.kept)


def plan_merge(periods, reports) -> MergePlan:
    """What merging the periods that share (program, kind, start, end) does to them and their
    reports. Raises MergeRefused when two reports of one unit both hold work."""
    groups = defaultdict(list)
    for p in periods:
        groups[(p.program_id, p.kind, p.start, p.end)].append(p.id)
    plan = MergePlan()
    for ids in groups.values():
        keep = min(ids)
        plan.kept.update({pid: keep for pid in ids if pid != keep})
    if not plan.kept:
        return plan
    by_unit = defaultdict(list)
    for r in reports:
        period = plan.kept.get(r.period_id, r.period_id)
        if period != r.period_id or period in plan.kept.values():
            by_unit[(period, r.unit_id)].append(r)
    for (period, _unit), reps in by_unit.items():
        # Furthest in the workflow first; between equals, one with work before an empty draft,
        # then the one already on the kept period (the oldest report).
        reps.sort(key=lambda r: (-WORKFLOW_RANK.get(r.status, 0), r.empty, r.period_id != period, r.id))
        winner, losers = reps[0], reps[1:]
        for loser in losers:
            if not (loser.status == "draft" and loser.empty):
                raise MergeRefused(
                    f"Không gộp được các kỳ báo cáo trùng thời gian: đơn vị id={loser.unit_id} có hai báo "
                    f"cáo cùng kỳ đều đã có nội dung (báo cáo id={winner.id}, trạng thái {winner.status}, "
                    f"và id={loser.id}, trạng thái {loser.status}). Hãy xem lại hai báo cáo này, xóa "
                    f"báo cáo thừa trong trang quản trị rồi chạy lại migrate."
                )
            plan.delete.append(loser.id)
        if winner.period_id != period:
            plan.move[winner.id] = period
    return plan


def _is_empty_draft(report, event_report_ids) -> bool:
    return (
        report.status == "draft"
        and not any((getattr(report, f) or "").strip() for f in NARRATIVE_FIELDS)
        and report.snapshot is None
        and report.document is None
        and report.number is None
        and not report.signed_scan
        and report.pk not in event_report_ids
    )


def merge_duplicate_periods(apps) -> MergePlan:
    """Apply plan_merge() to the database (`apps`: a migration's app registry, or django.apps)."""
    Period = apps.get_model("childprog", "Period")
    Report = apps.get_model("reports", "Report")
    ReportEvent = apps.get_model("reports", "ReportEvent")
    periods = [
        PeriodRow(p.pk, p.program_id, p.kind, p.start, p.end)
        for p in Period.objects.order_by("pk").only("pk", "program_id", "kind", "start", "end")
    ]
    plan = plan_merge(periods, [])
    if not plan:
        return plan
    involved = set(plan.kept) | set(plan.kept.values())
    candidates = list(Report.objects.filter(period_id__in=involved))
    with_trail = set(
        ReportEvent.objects.filter(report__in=candidates).values_list("report_id", flat=True).distinct()
    )
    plan = plan_merge(
        periods,
        [
            ReportRow(r.pk, r.period_id, r.unit_id, r.status, _is_empty_draft(r, with_trail))
            for r in candidates
        ],
    )
    Report.objects.filter(pk__in=plan.delete).delete()
    for report_id, period_id in plan.move.items():
        Report.objects.filter(pk=report_id).update(period_id=period_id)
    for model, fk in _foreign_keys_to(apps, Period):
        if model is Report:
            continue
        for dup, keep in plan.kept.items():
            for row in model.objects.filter(**{f"{fk}_id": dup}):
                setattr(row, f"{fk}_id", keep)
                if (model._meta.app_label, model._meta.model_name) in DROPPABLE and _collides(model, row):
                    row.delete()
                else:
                    row.save(update_fields=[fk])
    for dup, keep in plan.kept.items():
        kept, other = Period.objects.get(pk=keep), Period.objects.get(pk=dup)
        # Figures locked on any of the copies stay locked on the one that remains.
        if other.locked_at and (kept.locked_at is None or other.locked_at < kept.locked_at):
            kept.locked_at, kept.locked_by_id = other.locked_at, other.locked_by_id
            kept.save(update_fields=["locked_at", "locked_by"])
        other.delete()
    return plan


def _foreign_keys_to(apps, target):
    """(model, field name) of every foreign key to `target`, those without a reverse name
    (related_name "+", which Options.related_objects leaves out) too."""
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.many_to_one and f.concrete and f.related_model is target
    ]


def _collides(model, row) -> bool:
    """Whether `row`, moved to the kept period, would repeat a row a unique constraint allows once."""
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if not fields:
            continue
        attnames = [model._meta.get_field(f).attname for f in fields]
        if model.objects.filter(**{a: getattr(row, a) for a in attnames}).exclude(pk=row.pk).exists():
            return True
    return False
