"""The provincial report's page asks the database a fixed number of times (at most 15), however
many districts have reported and however many records they hold: the roll-up and the compiled
district reports are read in bulk, never once per district or per record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childprog.guideline import open_period
from childprog.models import Unit
from reports.workflow import approve_report, get_or_open_report, save_draft, submit_report
from tests.conftest import d
from tests.test_report_consistency import record

pytestmark = pytest.mark.django_db


def province_with(year, n_districts, records_each, program, provincial, *, approved):
    period = open_period(program, "year", year, by=provincial)
    districts = Unit.objects.filter(parent__code="cao-bang").order_by("code")
    districts = [u for u in districts if u.is_valid_on(period.end)][:n_districts]
    assert len(districts) == n_districts
    for unit in districts:
        for i in range(records_each):
            record(program, unit, d(f"10/05/{year}"), 10 + i, area=1 + i % 4)
        report = get_or_open_report(period=period, unit=unit, by=provincial)
        save_draft(report, by=provincial, data={"results": f"{unit.name} đã tổ chức."})
        approve_report(submit_report(report, by=provincial), by=provincial)
    province = get_or_open_report(period=period, unit=Unit.objects.get(code="cao-bang"), by=provincial)
    province = save_draft(province, by=provincial, data={"results": "Toàn tỉnh."})
    if approved:
        province = approve_report(submit_report(province, by=provincial), by=provincial)
        record(program, districts[0], d(f"11/05/{year}"), 3)  # a change since approval, shown beside
    return province


def page_queries(client, report):
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)  # the unit graph is built once and cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("approved", [False, True], ids=["compiled live", "approved"])
def test_the_provincial_report_page_takes_the_same_queries_for_one_district_or_eight(
    program, units, provincial, client_for, approved
):
    client = client_for("provincial")
    small = page_queries(client, province_with(2020, 1, 1, program, provincial, approved=approved))
    large = page_queries(client, province_with(2019, 8, 6, program, provincial, approved=approved))
    assert large == small <= 15
