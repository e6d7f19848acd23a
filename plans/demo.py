"""Demo plans: the province and the demo districts (Hòa An, Hà Quảng, Quảng Hòa) for 2024 and 2025,
with targets set around what the demo records reach (some met, some behind), and their 2026 plans
copied forward from 2025 for the officers to adjust. Deterministic and idempotent."""

from datetime import date

from django.core.exceptions import ValidationError

from childprog.models import Indicator, Unit, User
from reports.rollup import rollup

from .models import Plan
from .progress import plan_span
from .services import copy_plan_forward, program_for_year, set_targets

UNITS = ["cao-bang", "hoa-an", "ha-quang", "quang-hoa"]
RECENT_YEARS, CURRENT = (2024, 2025), 2026
# indicator code → share of the year's actual set as the target (varied so the pages show
# targets met and targets behind)
TARGETS = {"children": 1.1, "gifts": 0.9, "money": 1.25, "sessions": 1.0, "courses": 0.8, "events": 1.15}
NUMBERS = {
    "cao-bang": "05-KH/TĐTN-BTH",
    "hoa-an": "12-KH/HĐTN",
    "ha-quang": "08-KH/HĐTN",
    "quang-hoa": "10-KH/HĐTN",
}


def seed(stdout):
    author = User.objects.filter(username="tinhdoan").first()
    made = sum(_recent_plans(year, author) for year in RECENT_YEARS)
    for unit in Unit.objects.filter(code__in=UNITS).order_by("path"):
        if (
            unit.is_valid_on(date(CURRENT, 1, 1))
            and not Plan.objects.filter(unit=unit, year=CURRENT).exists()
        ):
            try:
                copy_plan_forward(unit=unit, year=CURRENT, by=author)
                made += 1
            except ValidationError:
                pass
    stdout.write(f"plans: {made} kế hoạch mẫu mới")


def _recent_plans(year, author) -> int:
    program = program_for_year(year)
    if program is None:
        return 0
    indicators = {i.code: i for i in Indicator.objects.filter(program=program, code__in=TARGETS)}
    area4 = program.content_areas.filter(number=4).first()
    made = 0
    for n, unit in enumerate(Unit.objects.filter(code__in=UNITS).order_by("path")):
        if not unit.is_valid_on(date(year, 1, 1)):
            continue
        plan, created = Plan.objects.get_or_create(
            unit=unit,
            program=program,
            year=year,
            defaults={
                "number": NUMBERS[unit.code],
                "issued_on": date(year, 1, 15 + n),
                "title": f"Kế hoạch thực hiện Chương trình hành động vì trẻ em năm {year}",
                "created_by": author,
            },
        )
        if not created:
            continue
        start, end = plan_span(plan)
        r = rollup(unit, start, end, content_area_ids=[a.pk for a in program.content_areas.all()])
        values = {}
        for code, factor in TARGETS.items():
            if code in indicators:
                target = _round(max(r.total(indicators[code]), 10) * (factor + 0.05 * n))
                values[(indicators[code].pk, None, None)] = target
        if area4 and "children" in indicators:
            actual = r.total(indicators["children"], content_area=area4)
            values[(indicators["children"].pk, area4.pk, None)] = _round(max(actual, 10) * 1.05)
        set_targets(plan, values)
        made += 1
    return made


def _round(value: float) -> int:
    """Two significant figures, as a plan would write it."""
    value = int(value)
    step = 10 ** max(len(str(value)) - 2, 0)
    return max(step, round(value / step) * step)
