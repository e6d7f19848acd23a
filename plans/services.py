"""The rules of plans: who plans for which unit, setting targets, copying a plan forward."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from childprog.history import UnitGraph
from childprog.models import ContentArea, Indicator, Movement, Program, Unit
from childprog.periods import ANNUAL, period_bounds

from .models import Plan, Target

PLANNING_KINDS = [Unit.Kind.PROVINCE, Unit.Kind.CITY, Unit.Kind.DISTRICT]


def planning_units(access):
    """Units a user sets targets for: their own current province or district unit (provincial staff
    the province's, a district its own); admins any of them."""
    current = Unit.objects.valid_on(timezone.localdate()).filter(kind__in=PLANNING_KINDS)
    if access.is_admin:
        return current
    return current.filter(pk__in=[u.pk for u in access.officer_units])


def can_change_plan(access, plan) -> bool:
    return planning_units(access).filter(pk=plan.unit_id).exists()


def program_for_year(year: int) -> Program | None:
    """The program that covers `year` (the latest one when two overlap)."""
    return (
        Program.objects.filter(start__lte=date(year, 12, 31), end__gte=date(year, 1, 1))
        .order_by("-start")
        .first()
    )


@transaction.atomic
def set_targets(plan: Plan, values: dict[tuple[int, int | None, int | None], int]):
    """Replace the plan's targets: {(indicator id, content area id, movement id): value}. Empty and
    zero values are not kept."""
    plan.targets.all().delete()
    Target.objects.bulk_create(
        Target(plan=plan, indicator_id=i, content_area_id=a, movement_id=m, value=v)
        for (i, a, m), v in values.items()
        if v
    )


def _carry_day(program: Program, year: int) -> date:
    """ "On today's boundaries", kept within the new plan's year: copying this year's plan carries
    to today; copying a past year's plan carries to that year's last day (the units that reported it)."""
    start, end = period_bounds(ANNUAL, year, 1, program.boundaries)
    return min(max(timezone.localdate(), start), end)


@transaction.atomic
def copy_plan_forward(*, unit: Unit, year: int, by) -> Plan:
    """The plan of `unit` for `year`, copied from the previous year's plans to adjust.

    On today's boundaries (docs/units-and-history.md): every previous-year plan whose unit, carried forward to
    today (within the new year), is `unit` is a source — Quảng Hòa's 2020 plan starts from Phục Hòa's and
    Quảng Uyên's 2019 targets, added up. Indicators, areas and movements are matched by code,
    number and name, so a plan crosses into the next program (2020 → 2021) too."""
    program = program_for_year(year)
    if program is None:
        raise ValidationError(_("Không có chương trình nào cho năm %(year)s.") % {"year": year})
    if Plan.objects.filter(unit=unit, program=program, year=year).exists():
        raise ValidationError(_("%(unit)s đã có kế hoạch năm %(year)s.") % {"unit": unit, "year": year})
    day = _carry_day(program, year)
    graph = UnitGraph.load()
    sources = [
        p
        for p in Plan.objects.filter(year=year - 1).select_related("unit", "program")
        if graph.carry_forward(p.unit_id, day) == unit.pk
    ]
    if not sources:
        raise ValidationError(
            _("Không có kế hoạch năm %(year)s để sao chép cho %(unit)s.") % {"year": year - 1, "unit": unit}
        )
    indicators = {i.code: i.pk for i in Indicator.objects.filter(program=program)}
    areas = {a.number: a.pk for a in ContentArea.objects.filter(program=program)}
    movements = {
        (m.content_area.number, m.name): m.pk
        for m in Movement.objects.filter(content_area__program=program).select_related("content_area")
    }
    values: dict[tuple, int] = defaultdict(int)
    for target in Target.objects.filter(plan__in=sources).select_related(
        "indicator", "content_area", "movement__content_area"
    ):
        indicator = indicators.get(target.indicator.code)
        area = areas.get(target.content_area.number) if target.content_area_id else None
        movement = (
            movements.get((target.movement.content_area.number, target.movement.name))
            if target.movement_id
            else None
        )
        if (
            indicator is None
            or (target.content_area_id and area is None)
            or (target.movement_id and movement is None)
        ):
            continue  # the new program dropped it
        values[(indicator, area, movement)] += target.value
    own = next((p for p in sources if p.unit_id == unit.pk), sources[0])
    plan = Plan.objects.create(
        unit=unit,
        program=program,
        year=year,
        title=_("Kế hoạch thực hiện Chương trình hành động vì trẻ em năm %(year)s") % {"year": year},
        copied_from=own,
        created_by=by,
    )
    set_targets(plan, dict(values))
    return plan


def plan_for_report(unit, period) -> Plan | None:
    """The plan a report of `unit` for `period` compares with: the year's plan, or for the
    program's mid-term and final reviews the whole-program plan."""
    year = None if period.kind in ("midterm", "final") else period.year
    return (
        Plan.objects.filter(unit=unit, program=period.program)
        .filter(Q(year=year) if year else Q(year__isnull=True))
        .select_related("unit", "program")
        .first()
    )


def report_section(unit, period, data):
    """ "Target / actual / %" in a report: the actual is the report's own figure for the target's
    indicator (and area or movement), computed on the report's rows, so it equals the figure the
    report shows."""
    from reports.extras import ReportSection

    from .models import Target

    year = None if period.kind in ("midterm", "final") else period.year
    # The plan and its targets in one query (a report page's queries are counted).
    targets = list(
        Target.objects.filter(plan__unit=unit, plan__program=period.program)
        .filter(Q(plan__year=year) if year else Q(plan__year__isnull=True))
        .select_related("plan", "plan__program", "indicator", "content_area", "movement")
    )
    if not targets:
        return None
    plan = targets[0].plan
    targets = [t for t in targets if t.plan_id == plan.pk]
    rows = []
    for t in targets:
        if t.movement_id:
            actual = data.movement_total(t.indicator_id, t.movement_id)
        else:
            actual = data.total(t.indicator_id, content_area=t.content_area_id)
        # Rounded down like the progress pages: 100 % only once the target is met.
        percent = 100 * actual // t.value if t.value else None
        rows.append(
            [
                str(t.indicator),
                t.scope_label or _("Toàn kế hoạch"),
                t.value,
                actual,
                "" if percent is None else f"{percent}%",
            ]
        )
    return ReportSection(
        title=_("Kết quả so với chỉ tiêu kế hoạch (%(span)s)") % {"span": plan.span_label},
        headers=[_("Chỉ tiêu"), _("Phạm vi"), _("Chỉ tiêu kế hoạch"), _("Thực hiện"), _("Tỷ lệ (%)")],
        rows=rows,
    )
