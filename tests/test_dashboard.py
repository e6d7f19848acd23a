"""The dashboard: figures by content area and year, by reporting unit, the trend
across years on today's boundaries, the current period's reporting status — all from the roll-up."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from activities.models import Activity
from activities.testing import load_programs
from childprog.guideline import open_period
from childprog.models import ContentArea, Indicator
from childprog.periods import period_bounds
from reports.dashboard import dashboard_data
from reports.rollup import rollup
from tests.conftest import d


def program_2021():
    """Periods of 2021 belong to the 2021–2030 program (a period lies inside its program's years)."""
    return load_programs()[1]


@pytest.fixture
def today():
    with time_machine.travel(datetime(2021, 6, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield d("01/06/2021")


def record(program, unit, day, children, area=2):
    a = Activity.objects.create(
        program=program,
        unit=unit,
        content_area=ContentArea.objects.get(program=program, number=area),
        title="Trung thu",
        start_date=day,
        end_date=day,
    )
    a.set_figures({(Indicator.objects.get(program=program, code="children").pk, None): children})
    return a


@pytest.fixture
def records(program, units):
    record(program, units["thong-nong"], d("10/02/2019"), 80, area=1)  # Thông Nông, merged into Hà Quảng
    record(program, units["ha-quang"], d("01/06/2020"), 90, area=1)
    record(program, units["quang-hoa"], d("01/03/2020"), 50)
    record(program, units["phuc-hoa"], d("10/12/2019"), 10)  # Phục Hòa, now part of Quảng Hòa


def test_the_trend_uses_todays_boundaries(today, records, units):
    data = dashboard_data(units["ha-quang"])
    assert data["years"] == [2016, 2017, 2018, 2019, 2020, 2021]
    assert {t["year"]: t["children"] for t in data["trend"]}[2019] == 80  # Thông Nông's record
    assert {t["year"]: t["children"] for t in data["trend"]}[2020] == 90


def test_the_province_sees_every_district_by_content_area_and_year(today, records, units):
    data = dashboard_data(None)
    by_area = {n: values for n, _name, values in data["area_rows"]}
    assert by_area[1][data["years"].index(2019)] == 80
    assert by_area[2][data["years"].index(2019)] == 10
    assert by_area[2][data["years"].index(2020)] == 50


def test_this_years_figures_by_reporting_unit(today, program, units):
    record(program, units["quang-hoa"], d("01/05/2021"), 7)
    by_row = dict(dashboard_data(None)["by_row"])
    assert by_row["Huyện Đoàn Quảng Hòa"] == 7
    assert "Huyện Đoàn Phục Hòa" not in by_row


def test_provincial_staff_see_the_current_periods_reporting_status(today, program, provincial, client_for):
    open_period(program_2021(), "half", 2021, by=provincial)
    page = client_for("provincial").get(reverse("reports:dashboard")).content.decode()
    assert "6 tháng 2021" in page and "0/10 (0%)" in page


def test_a_district_officer_sees_their_district(today, records, client_for):
    page = client_for("officer_ha_quang").get(reverse("reports:dashboard")).content.decode()
    assert "Tổng quan: Huyện Đoàn Hà Quảng" in page
    assert "Huyện Đoàn Quảng Hòa" not in page


def test_every_chart_has_its_table(today, records, client_for):
    page = client_for("provincial").get(reverse("reports:dashboard")).content.decode()
    for canvas in ("trend", "areas", "rows"):
        assert f'<canvas id="{canvas}"' in page
    assert page.count("<table") >= 3


def many_records(program, units, n):
    """n records spread over every unit and the six years shown, in two content areas."""
    rng = random.Random(n)
    pool = [u for u in units.values() if u.parent_id is not None]
    made = 0
    while made < n:
        unit = rng.choice(pool)
        day = d("01/01/2016") + timedelta(days=rng.randrange(5 * 365 + 150))
        if unit.is_valid_on(day):
            record(program, unit, day, rng.randrange(1, 500), area=rng.choice([1, 2]))
            made += 1


@pytest.mark.parametrize("n", [5, 120])
def test_the_dashboard_has_the_same_few_queries_whatever_the_data(
    today, program, units, provincial, client_for, django_assert_max_num_queries, n
):
    many_records(program, units, n)
    open_period(program_2021(), "half", 2021, by=provincial)
    client = client_for("provincial")
    client.get(reverse("reports:dashboard"))
    # +1: the menu asks once whether a returned report waits for the user.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reports:dashboard")).status_code == 200


def test_every_year_shown_equals_that_years_rollup(today, program, units):
    """The years come from one grouped query; each must equal the full roll-up of its year on
    today's boundaries, by content area and by reporting row."""
    many_records(program, units, 60)
    children = Indicator.objects.get(program=program, code="children").pk
    for unit in (None, units["quang-hoa"], units["ha-quang"]):
        data = dashboard_data(unit)
        shown = data["unit"]
        by_area = {n: values for n, _name, values in data["area_rows"]}
        for i, t in enumerate(data["trend"]):
            r = rollup(shown, *period_bounds("year", t["year"]), as_of=today)
            assert t["children"] == r.total(children)
            for area in ContentArea.objects.filter(program=program):
                assert by_area[area.number][i] == r.total(children, content_area=area)
        r = rollup(shown, *period_bounds("year", data["this_year"]), as_of=today)
        assert data["by_row"] == [(row.name, r.total(children, row=row.id)) for row in r.rows]


def test_a_report_not_yet_due_is_not_shown_as_missing(program, provincial, client_for):
    with time_machine.travel(datetime(2021, 6, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        open_period(program_2021(), "half", 2021, by=provincial, due_date=d("20/06/2021"))
        page = client_for("provincial").get(reverse("reports:dashboard")).content.decode()
    assert "Chưa đến hạn" in page and "Chưa nộp" not in page
    assert "text-bg-danger" not in page
    with time_machine.travel(datetime(2021, 6, 21, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        page = client_for("provincial").get(reverse("reports:dashboard")).content.decode()
    assert "Chưa nộp" in page and "Chưa đến hạn" not in page
    assert "text-bg-danger" in page


def test_a_new_changed_or_deleted_record_shows_at_once(today, program, units):
    def year_2021():
        return {t["year"]: t["children"] for t in dashboard_data(None)["trend"]}[2021]

    assert year_2021() == 0
    a = record(program, units["hoa-an"], d("01/05/2021"), 30)
    assert year_2021() == 30  # the cached figures of the empty year are not reused
    a.set_figures({(Indicator.objects.get(program=program, code="children").pk, None): 12})
    assert year_2021() == 12
    a.delete()
    assert year_2021() == 0
