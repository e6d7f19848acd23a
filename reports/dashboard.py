"""Dashboard figures: by content area and year, by district, the trend across years on today's
boundaries, the current period's reporting status — every number from the roll-up."""

from __future__ import annotations

from django.utils import timezone

from childprog.models import ContentArea, Indicator, Period, Program, Unit
from childprog.periods import period_bounds

from .rollup import rollup
from .status import reporting_status
from .tables import sum_over_areas

YEARS_SHOWN = 6


def dashboard_data(unit: Unit | None) -> dict:
    today = timezone.localdate()
    if unit is None:
        unit = Unit.objects.filter(parent__isnull=True).valid_on(today).order_by("pk").first()
    # The trend uses today's boundaries: every year's records attributed to today's structure.
    as_of = min(today, unit.valid_to) if unit.valid_to else today
    years = list(range(as_of.year - YEARS_SHOWN + 1, as_of.year + 1))
    trend = []
    # "Children reached" of every program (each program has its own indicator rows).
    ids = list(Indicator.objects.filter(code="children").values_list("pk", flat=True))
    by_area_year: dict[int, dict[int, int]] = {}
    for year in years:
        r = rollup(unit, *period_bounds("year", year), as_of=as_of)
        value = sum(sum_over_areas(r.totals, i) for i in ids)
        trend.append({"year": year, "children": value})
        for key, v in r.totals.items():
            if key.indicator_id in ids and key.target_group_id is None:
                by_area_year.setdefault(key.content_area_id, {}).setdefault(year, 0)
                by_area_year[key.content_area_id][year] += v
    # Content areas are per program; show them by number so both programs line up.
    area_numbers = dict(ContentArea.objects.values_list("pk", "number"))
    area_names = {n: s for n, s in ContentArea.objects.values_list("number", "short_name")}
    by_area = {}
    for area_id, per_year in by_area_year.items():
        n = area_numbers[area_id]
        for y, v in per_year.items():
            by_area.setdefault(n, {}).setdefault(y, 0)
            by_area[n][y] += v
    area_rows = [
        (n, area_names.get(n, n), [by_area.get(n, {}).get(y, 0) for y in years]) for n in sorted(area_names)
    ]
    # Early in a year nothing is logged yet: show the last year that has figures.
    shown_year = next((t["year"] for t in reversed(trend) if t["children"]), as_of.year)
    this_year = rollup(unit, *period_bounds("year", shown_year), as_of=as_of)
    by_row = [
        (row.name, sum(sum_over_areas(this_year.by_row.get(row.id, {}), i) for i in ids))
        for row in this_year.rows
    ]
    current = Period.objects.filter(start__lte=today).select_related("program").order_by("-end").first()
    status = reporting_status(current) if current and unit.parent_id is None else None
    return {
        "unit": unit,
        "years": years,
        "trend": trend,
        "area_rows": area_rows,
        "by_row": by_row,
        "this_year": shown_year,
        "current": current,
        "status": status,
        "program": Program.objects.order_by("-start").first(),
    }
