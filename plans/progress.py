"""Progress against targets: target, actual to date (the reports' roll-up), percentage and pace.

pace = actual / (target × elapsed share of the plan's span). 1.0 means exactly on schedule: by
mid-year, half the target. A plan's span is the program's year on its boundaries (calendar, or
Decree 09's 15 Dec – 14 Dec) or the whole program.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Sum
from django.utils.translation import gettext_lazy as _

from activities.selectors import records_stamp
from childprog.history import UnitGraph
from childprog.periods import ANNUAL, FINAL, period_bounds, program_review_bounds
from reports.rollup import rollup

ON_TRACK, BEHIND, DONE, NOT_STARTED = "on_track", "behind", "done", "not_started"
STATUS_LABELS = {
    DONE: _("Đã đạt"),
    ON_TRACK: _("Đúng tiến độ"),
    BEHIND: _("Chậm tiến độ"),
    NOT_STARTED: _("Chưa đến kỳ"),
}


def elapsed_share(start: date, end: date, today: date) -> float:
    """The share of [start, end] elapsed by the end of `today` (0 before, 1 after)."""
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


def pace(actual: int, target: int, share: float) -> float | None:
    """actual / (target × share); None when there is nothing to measure against yet."""
    if target <= 0 or share <= 0:
        return None
    return actual / (target * share)


def status(actual: int, target: int, share: float) -> str:
    if target > 0 and actual >= target:
        return DONE
    p = pace(actual, target, share)
    if p is None:
        return NOT_STARTED
    return ON_TRACK if p >= 1 else BEHIND


def plan_span(plan) -> tuple[date, date]:
    boundaries = plan.program.boundaries
    if plan.year:
        return period_bounds(ANNUAL, plan.year, 1, boundaries)
    return program_review_bounds(FINAL, plan.program.start, plan.program.end, boundaries)


@dataclass
class ProgressRow:
    target_id: int
    indicator: object
    scope: str
    target: int
    actual: int
    share: float

    # Percentages are rounded down, so a row reads 100 % only once it has reached the mark its label
    # gives (996 of 1.000 is 99 % and "behind", never "100 %" beside "Chậm tiến độ").
    @property
    def percent(self) -> int | None:
        return 100 * self.actual // self.target if self.target else None

    @property
    def pace(self) -> float | None:
        return pace(self.actual, self.target, self.share)

    @property
    def pace_percent(self) -> int | None:
        p = self.pace
        return None if p is None else math.floor(100 * p)

    @property
    def status(self) -> str:
        return status(self.actual, self.target, self.share)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def _movement_actuals(r, movement_ids) -> dict[tuple[int, int, int], int]:
    """{(reporting row, indicator, movement): sum} for movement targets — one grouped query on the
    same figures and attribution as the roll-up (the roll-up itself does not split by movement)."""
    from activities.models import Figure

    if not movement_ids or not r.attribution:
        return {}
    grouped = (
        Figure.objects.filter(
            end_date__gte=r.start,
            end_date__lte=r.end,
            unit_id__in=list(r.attribution),
            activity__movement_id__in=movement_ids,
            target_group__isnull=True,
        )
        .values_list("unit_id", "indicator_id", "activity__movement_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    out: dict[tuple[int, int, int], int] = defaultdict(int)
    for unit_id, indicator_id, movement_id, total in grouped:
        out[(r.attribution[unit_id], indicator_id, movement_id)] += int(total)
    return dict(out)


def _actual(t, r, row_id, movements) -> int:
    """A target's actual in roll-up `r`: one reporting row, or the whole unit when row_id is None."""
    if t.movement_id:
        return sum(
            v
            for (row, indicator, movement), v in movements.items()
            if indicator == t.indicator_id and movement == t.movement_id and (row_id is None or row == row_id)
        )
    return r.total(t.indicator_id, content_area=t.content_area_id, row=row_id)


def _rows(targets, r, row_id, movements, share) -> list[ProgressRow]:
    return [
        ProgressRow(t.pk, t.indicator, t.scope_label, t.value, _actual(t, r, row_id, movements), share)
        for t in targets
    ]


def _targets(plan):
    return list(plan.targets.select_related("indicator", "content_area", "movement"))


def plan_progress(plan, *, today: date, until: date | None = None) -> list[ProgressRow]:
    """Each target of `plan` with its actual from the span's start to `today` (or `until`)."""
    start, end = plan_span(plan)
    upto = min(until or today, end)
    share = elapsed_share(start, end, today)
    targets = _targets(plan)
    if upto < start:
        return [ProgressRow(t.pk, t.indicator, t.scope_label, t.value, 0, share) for t in targets]
    # The actuals add up a span of a whole unit's records (seconds for a province of a million):
    # computed once per state of the data and of the targets' scopes; any write changes the key.
    scopes = [(t.pk, t.indicator_id, t.content_area_id, t.movement_id) for t in targets]
    raw = repr((plan.unit_id, start, upto, scopes, records_stamp()))
    key = "plan-actuals-" + hashlib.sha256(raw.encode()).hexdigest()
    actuals = cache.get(key)
    if actuals is None:
        r = rollup(plan.unit, start, upto, content_area_ids=_area_ids(plan))
        movements = _movement_actuals(r, [t.movement_id for t in targets if t.movement_id])
        actuals = {t.pk: _actual(t, r, None, movements) for t in targets}
        cache.set(key, actuals, settings.LIST_SUMMARY_SECONDS)
    return [ProgressRow(t.pk, t.indicator, t.scope_label, t.value, actuals[t.pk], share) for t in targets]


def _area_ids(plan):
    return list(plan.program.content_areas.values_list("pk", flat=True))


@dataclass
class UnitProgress:
    unit_id: int
    name: str
    plan: object
    rows: list[ProgressRow]

    @property
    def behind(self) -> int:
        return sum(1 for r in self.rows if r.status == BEHIND)

    @property
    def mean_pace(self) -> float | None:
        """The mean pace of the targets, each capped at 1 so one target far ahead does not hide
        the others behind."""
        paces = [min(r.pace, 1.0) for r in self.rows if r.pace is not None]
        return sum(paces) / len(paces) if paces else None

    @property
    def mean_pace_percent(self) -> int | None:
        p = self.mean_pace
        return None if p is None else math.floor(100 * p)


def districts_progress(province, program, year: int, *, today: date) -> list[UnitProgress]:
    """Every unit reporting to `province` on the span's date, side by side: one roll-up of the
    province gives each district's actuals; those behind pace first, those with no plan last."""
    from .models import Plan, Target

    start, end = period_bounds(ANNUAL, year, 1, program.boundaries)
    upto = min(today, end)
    share = elapsed_share(start, end, today)
    graph = UnitGraph.load()
    children = graph.reporting_children(province.pk, upto)
    plans = {
        p.unit_id: p
        for p in Plan.objects.filter(program=program, year=year, unit_id__in=children)
        .select_related("unit", "program")
        .prefetch_related(
            Prefetch(
                "targets", queryset=Target.objects.select_related("indicator", "content_area", "movement")
            )
        )
    }
    r = rollup(
        province, start, upto, content_area_ids=list(program.content_areas.values_list("pk", flat=True))
    )
    all_targets = [t for p in plans.values() for t in p.targets.all()]
    movements = _movement_actuals(r, [t.movement_id for t in all_targets if t.movement_id])
    out = []
    for unit_id in children:
        plan = plans.get(unit_id)
        rows = _rows(plan.targets.all(), r, unit_id, movements, share) if plan else []
        out.append(UnitProgress(unit_id, graph.nodes[unit_id].name, plan, rows))

    def order(u: UnitProgress):
        return (u.plan is None, -u.behind, u.mean_pace if u.mean_pace is not None else 2.0, u.name)

    return sorted(out, key=order)
