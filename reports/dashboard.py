"""Dashboard figures: by content area and year, by district, the trend across years on today's
boundaries, the current period's reporting status — every number from the roll-up."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from activities.selectors import records_stamp
from childprog.models import ContentArea, Indicator, Period, Program, Unit
from childprog.periods import period_bounds

from .rollup import RollUp
from .status import reporting_status

YEARS_SHOWN = 6


def dashboard_data(unit: Unit | None) -> dict:
    today = timezone.localdate()
    if unit is None:
        unit = Unit.objects.filter(parent__isnull=True).valid_on(today).order_by("pk").first()
    # The trend uses today's boundaries: every year's records attributed to today's structure.
    as_of = min(today, unit.valid_to) if unit.valid_to else today
    years = list(range(as_of.year - YEARS_SHOWN + 1, as_of.year + 1))
    # The figures change only when records, figures or units do: computed once per state of the
    # data (a province's six years are hundreds of thousands of figures); the reporting status
    # below is read fresh each time.
    key = f"dashboard-{unit.pk}-{as_of}-{records_stamp()}"
    figures = cache.get(key)
    if figures is None:
        figures = _figures(unit, as_of, years)
        cache.set(key, figures, settings.LIST_SUMMARY_SECONDS)
    trend, area_rows, by_row, shown_year = figures
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


def _figures(unit: Unit, as_of, years: list[int]):
    # "Children reached" of every program (each program has its own indicator rows).
    ids = list(Indicator.objects.filter(code="children").values_list("pk", flat=True))
    # Every year shown, by reporting row and content area, in one grouped query.
    r = RollUp(unit, period_bounds("year", years[0])[0], period_bounds("year", years[-1])[1], as_of=as_of)
    per_year = r.by_year(ids)
    # Content areas are per program; show them by number so both programs line up.
    areas = list(ContentArea.objects.values_list("pk", "number", "short_name"))
    area_numbers = {pk: n for pk, n, _ in areas}
    area_names = {n: name for _, n, name in areas}
    by_area: dict[int, dict[int, int]] = {}
    trend = []
    for year in years:
        value = 0
        for cells in per_year.get(year, {}).values():
            for key, v in cells.items():
                value += v
                per_area = by_area.setdefault(area_numbers[key.content_area_id], {})
                per_area[year] = per_area.get(year, 0) + v
        trend.append({"year": year, "children": value})
    area_rows = [
        (n, area_names.get(n, n), [by_area.get(n, {}).get(y, 0) for y in years]) for n in sorted(area_names)
    ]
    # Early in a year nothing is logged yet: show the last year that has figures.
    shown_year = next((t["year"] for t in reversed(trend) if t["children"]), as_of.year)
    shown = per_year.get(shown_year, {})
    by_row = [(row.name, sum(shown.get(row.id, {}).values())) for row in r.rows]
    return trend, area_rows, by_row, shown_year
