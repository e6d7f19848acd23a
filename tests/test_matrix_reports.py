"""Every reports page × every persona (tests/matrix.py), and query counts on the report pages."""

import pytest
from django.urls import reverse

from childprog.guideline import open_period
from childprog.models import Period
from reports.copies import keep_approved_copy
from reports.models import Report
from reports.workflow import approve_report, get_or_open_report, save_draft, submit_report
from tests.matrix import Case, base_world, check, expect, matrix


@pytest.fixture
def world(units, personas, program):
    world = base_world(units, personas)
    world.period = open_period(program, "year", 2020, by=personas["provincial"])
    report = get_or_open_report(period=world.period, unit=units["ha-quang"], by=personas["officer_ha_quang"])
    save_draft(report, by=personas["officer_ha_quang"], data={"results": "Kết quả"})
    world.report = submit_report(report, by=personas["officer_ha_quang"])
    province = get_or_open_report(period=world.period, unit=units["cao-bang"], by=personas["provincial"])
    save_draft(province, by=personas["provincial"], data={"results": "Tỉnh"})
    submit_report(province, by=personas["provincial"])
    world.provincial_report = approve_report(province, by=personas["provincial"])
    # An earlier approved version, as a reopening files it (reports/copies.py).
    keep_approved_copy(world.provincial_report, by=personas["provincial"], reason="Sửa")
    return world


def status_of(report):
    return Report.objects.get(pk=report.pk).status


def detail(name):
    return lambda w: reverse(f"reports:{name}", args=[w.report.pk])


HA_QUANG_ONLY = expect(404, provincial=200, officer_ha_quang=200)
CASES = [
    Case("index", lambda w: reverse("reports:index"), expect(200)),
    Case("period", lambda w: reverse("reports:period", args=[w.period.pk]), expect(200, reader=403)),
    Case("Hà Quảng's report", detail("detail"), HA_QUANG_ONLY),
    Case("its XLSX", detail("xlsx"), HA_QUANG_ONLY),
    Case("its DOCX", detail("docx"), HA_QUANG_ONLY),
    Case("its records", detail("records"), HA_QUANG_ONLY),
    Case(
        "the approved provincial report",
        lambda w: reverse("reports:detail", args=[w.provincial_report.pk]),
        expect(404, provincial=200, reader=200),
    ),
    Case(
        "its previous approved copy (provincial)",
        lambda w: reverse("reports:approved_copy", args=[w.provincial_report.pk, 1]),
        expect(404, provincial=200, reader=200),
    ),
    Case(
        "its DOCX (provincial)",
        lambda w: reverse("reports:docx", args=[w.provincial_report.pk]),
        expect(404, provincial=200, reader=200),
    ),
    Case("dashboard", lambda w: reverse("reports:dashboard"), expect(200, reader=403)),
    Case("notifications", lambda w: reverse("reports:notifications"), expect(200)),
    Case(
        "approve (POST)",
        detail("approve"),
        expect(404, provincial=302, officer_ha_quang=302),
        method="post",
        effect=lambda w: status_of(w.report),
        changes={"provincial"},
    ),
    Case(
        "return (POST)",
        detail("return"),
        expect(404, provincial=302, officer_ha_quang=302),
        method="post",
        data={"reason": "Thiếu số liệu"},
        effect=lambda w: status_of(w.report),
        changes={"provincial"},
    ),
    # A submitted report is not a draft: nobody saves over it.
    Case(
        "save (POST)",
        detail("save"),
        expect(404, provincial=302, officer_ha_quang=302),
        method="post",
        data=lambda w: {"results": "Ghi đè", "version": w.report.version},
        effect=lambda w: Report.objects.get(pk=w.report.pk).results,
    ),
    Case(
        "open a period (POST)",
        lambda w: reverse("reports:period_open"),
        expect(403, provincial=302),
        method="post",
        data=lambda w: {"program": w.period.program_id, "kind": "year", "year": 2019, "number": 1},
        effect=lambda w: Period.objects.count(),
        changes={"provincial"},
    ),
]


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)


def test_a_district_officer_approving_is_refused_with_a_message(world, client_for):
    response = client_for("officer_ha_quang").post(
        reverse("reports:approve", args=[world.report.pk]), follow=True
    )
    assert "Chỉ cán bộ cấp trên được duyệt báo cáo." in response.content.decode()
    world.report.refresh_from_db()
    assert world.report.status == Report.Status.SUBMITTED


def test_staff_return_it_with_a_reason_and_the_officer_sees_it(world, client_for):
    client_for("provincial").post(
        reverse("reports:return", args=[world.report.pk]), {"reason": "Bổ sung số liệu"}
    )
    page = (
        client_for("officer_ha_quang").get(reverse("reports:detail", args=[world.report.pk])).content.decode()
    )
    assert "Bổ sung số liệu" in page and "Gửi báo cáo" in page


def test_autosave_answers_a_fragment_and_refuses_a_stale_version(world, client_for):
    world.report.refresh_from_db()
    client = client_for("provincial")
    client.post(reverse("reports:return", args=[world.report.pk]), {"reason": "Sửa"})
    world.report.refresh_from_db()
    officer = client_for("officer_ha_quang")
    url = reverse("reports:save", args=[world.report.pk])
    ok = officer.post(url, {"results": "Mới", "version": world.report.version}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "Đã lưu nháp" in ok.content.decode()
    stale = officer.post(url, {"results": "Cũ", "version": world.report.version}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    world.report.refresh_from_db()
    assert world.report.results == "Mới"


@pytest.mark.parametrize("name", ["index", "dashboard"])
def test_list_pages_have_bounded_queries(world, client_for, django_assert_max_num_queries, name):
    client = client_for("provincial")
    client.get(reverse(f"reports:{name}"))
    with django_assert_max_num_queries(40):
        assert client.get(reverse(f"reports:{name}")).status_code == 200


def test_report_pages_have_bounded_queries(world, client_for, django_assert_max_num_queries):
    client = client_for("provincial")
    for report in (world.report, world.provincial_report):
        client.get(reverse("reports:detail", args=[report.pk]))
        # A constant: figures, sections (targets, commendations, area flags), history, forms.
        with django_assert_max_num_queries(35):
            assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("reports:period", args=[world.period.pk])).status_code == 200
