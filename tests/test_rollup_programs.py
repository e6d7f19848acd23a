"""Across programs ("so với cùng kỳ"): the 2021–2030 program is a copy of the 2013–2020 one
with new ids for content areas, indicators and target groups; a 2021 report compares with 2020's
records by content area number and indicator code, never by ids."""

from datetime import date

import pytest
from django.urls import reverse

from activities.models import Activity
from childprog.guideline import copy_program, open_period
from childprog.models import ContentArea, Indicator, TargetGroup
from reports.figures import report_figures
from reports.rollup import rollup_for_period
from reports.workflow import get_or_open_report
from tests.conftest import d


@pytest.fixture
def programs(program):
    new = copy_program(
        program,
        code="ctr-2021-2030",
        name="Chương trình hành động vì trẻ em tỉnh Cao Bằng giai đoạn 2021 - 2030",
        start=date(2021, 1, 1),
        end=date(2030, 12, 31),
    )
    return program, new


def of(program, number=2):
    area = ContentArea.objects.get(program=program, number=number)
    children = Indicator.objects.get(program=program, code="children")
    poor = TargetGroup.objects.get(program=program, code="poor")
    return area, children, poor


def record(program, unit, day, value, poor=0):
    area, children, group = of(program)
    a = Activity.objects.create(
        program=program,
        unit=unit,
        content_area=area,
        title="Giúp bạn đến trường",
        start_date=day,
        end_date=day,
    )
    a.set_figures({(children.pk, None): value, (children.pk, group.pk): poor})
    return a


def test_last_years_figure_comes_from_the_previous_program(programs, units, provincial):
    old, new = programs
    record(old, units["ha-quang"], d("20/05/2020"), 40, poor=12)
    record(new, units["ha-quang"], d("20/05/2021"), 25)
    period = open_period(new, "year", 2021, by=provincial)
    r = rollup_for_period(units["ha-quang"], period)
    area, children, poor = of(new)
    assert r.total(children, content_area=area) == 25
    assert r.previous.total(children, content_area=area) == 40
    assert r.previous.total(children, content_area=area, target_group=poor) == 12
    # The drill-down of last year's total finds the old program's record.
    assert [a.end_date for a in r.previous.records(content_area=area, indicator=children)] == [
        d("20/05/2020")
    ]


def test_the_2021_report_shows_2020_as_last_years_figure(programs, units, provincial, client_for):
    old, new = programs
    record(old, units["ha-quang"], d("20/05/2020"), 1240)
    record(new, units["ha-quang"], d("20/05/2021"), 25)
    period = open_period(new, "year", 2021, by=provincial)
    report = get_or_open_report(period=period, unit=units["ha-quang"], by=provincial)
    area, children, _poor = of(new)
    line = next(
        line
        for table in report_figures(report).areas
        if table.id == area.pk
        for line in table.lines
        if line.indicator == children.pk
    )
    assert (line.value, line.previous) == (25, 1240)
    page = client_for("provincial").get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "1.240" in page


def test_a_decree_09_year_takes_in_the_previous_programs_last_fortnight(programs, units, provincial):
    old, new = programs
    new.boundaries = "decree09"
    new.save()
    record(old, units["ha-quang"], d("20/12/2020"), 7)  # 15/12/2020 opens the 2021 Decree 09 year
    record(old, units["ha-quang"], d("14/12/2020"), 100)  # closes 2020's
    period = open_period(new, "year", 2021, by=provincial)
    assert (period.start, period.end) == (d("15/12/2020"), d("14/12/2021"))
    r = rollup_for_period(units["ha-quang"], period)
    area, children, _poor = of(new)
    assert r.total(children, content_area=area) == 7
    assert r.previous.total(children, content_area=area) == 100
