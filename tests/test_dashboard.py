"""The dashboard: figures by content area and year, by reporting unit, the trend
across years on today's boundaries, the current period's reporting status — all from the roll-up."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from activities.models import Activity
from childprog.guideline import open_period
from childprog.models import ContentArea, Indicator
from reports.dashboard import dashboard_data
from tests.conftest import d


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
    open_period(program, "half", 2021, by=provincial)
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


def test_the_dashboard_has_bounded_queries(today, records, client_for, django_assert_max_num_queries):
    client = client_for("provincial")
    client.get(reverse("reports:dashboard"))
    # +1: the menu asks once whether a returned report waits for the user.
    with django_assert_max_num_queries(31):
        assert client.get(reverse("reports:dashboard")).status_code == 200
