"""The report workflow: submit, withdraw, return, approve, reopen — and the refusals."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import Activity
from childprog.guideline import open_period
from childprog.models import ContentArea, Indicator
from reports.compile import compile_provincial
from reports.corrections import approved_report_covering
from reports.figures import report_figures
from reports.models import Notification, Report, ReportEvent
from reports.rollup import Key
from reports.status import reporting_status
from reports.workflow import (
    approve_report,
    get_or_open_report,
    reopen_report,
    return_report,
    save_draft,
    submit_report,
    withdraw_report,
)
from tests.conftest import d


@pytest.fixture
def period(program, provincial):
    return open_period(program, "year", 2020, due_date=d("05/01/2021"), by=provincial)


@pytest.fixture
def children(program):
    return Indicator.objects.get(program=program, code="children")


def record(program, unit, day, value, area=2):
    area = ContentArea.objects.get(program=program, number=area)
    a = Activity.objects.create(
        program=program, unit=unit, content_area=area, title="Trung thu", start_date=day, end_date=day
    )
    a.set_figures({(Indicator.objects.get(program=program, code="children").pk, None): value})
    return a


@pytest.fixture
def draft(period, units, officer_quang_hoa, program):
    record(program, units["quang-hoa"], d("01/06/2020"), 50)
    record(program, units["phuc-hoa"], d("10/01/2020"), 20)  # carried forward into Quảng Hòa
    report = get_or_open_report(period=period, unit=units["quang-hoa"], by=officer_quang_hoa)
    return save_draft(report, by=officer_quang_hoa, data={"results": "Tổ chức Trung thu cho 70 cháu."})


def test_submit_freezes_the_figures_and_the_narrative(draft, officer_quang_hoa, children):
    report = submit_report(draft, by=officer_quang_hoa)
    assert report.status == Report.Status.SUBMITTED
    assert report.snapshot["narrative"]["results"] == "Tổ chức Trung thu cho 70 cháu."
    area2 = ContentArea.objects.get(program=report.period.program, number=2)
    assert report_figures(report).totals == {Key(area2.pk, children.pk, None): 70}


def test_it_refuses_a_double_submit(draft, officer_quang_hoa):
    submit_report(draft, by=officer_quang_hoa)
    with pytest.raises(ValidationError, match="đã được gửi"):
        submit_report(draft, by=officer_quang_hoa)
    assert ReportEvent.objects.filter(report=draft, action="submit").count() == 1


def test_it_refuses_to_approve_a_draft(draft, provincial):
    with pytest.raises(ValidationError, match="chưa được gửi"):
        approve_report(draft, by=provincial)
    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT and draft.number is None


def test_a_district_officer_cannot_approve(draft, officer_quang_hoa, officer_ha_quang):
    submit_report(draft, by=officer_quang_hoa)
    for officer in (officer_quang_hoa, officer_ha_quang):
        with pytest.raises(ValidationError, match="cấp trên"):
            approve_report(draft, by=officer)
    draft.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED


def test_the_officer_withdraws_before_review(draft, officer_quang_hoa):
    submit_report(draft, by=officer_quang_hoa)
    report = withdraw_report(draft, by=officer_quang_hoa)
    assert report.status == Report.Status.DRAFT and report.snapshot is None


def test_it_returns_a_report_with_a_reason_and_tells_the_officer(draft, officer_quang_hoa, provincial):
    submit_report(draft, by=officer_quang_hoa)
    with pytest.raises(ValidationError, match="lý do"):
        return_report(draft, by=provincial, reason="  ")
    report = return_report(
        draft, by=provincial, reason="Thiếu phần đề xuất", section_notes={"proposals": "Bổ sung"}
    )
    assert report.status == Report.Status.RETURNED
    assert report.section_notes == {"proposals": "Bổ sung"}
    assert Notification.objects.filter(
        user=officer_quang_hoa, message__contains="Thiếu phần đề xuất"
    ).exists()
    report = save_draft(report, by=officer_quang_hoa, data={"proposals": "Đề nghị hỗ trợ kinh phí."})
    assert submit_report(report, by=officer_quang_hoa).status == Report.Status.SUBMITTED


def test_approval_numbers_the_report_from_the_units_register(
    draft, officer_quang_hoa, provincial, period, units
):
    submit_report(draft, by=officer_quang_hoa)
    report = approve_report(draft, by=provincial)
    assert report.number == 1 and report.document_number == "1-BC/HĐTN"
    other = get_or_open_report(
        period=open_period(period.program, "half", 2020), unit=units["quang-hoa"], by=officer_quang_hoa
    )
    save_draft(other, by=officer_quang_hoa, data={"results": "x"})
    submit_report(other, by=officer_quang_hoa)
    assert approve_report(other, by=provincial).document_number == "2-BC/HĐTN"
    assert Notification.objects.filter(user=officer_quang_hoa, message__contains="đã được duyệt").count() == 2


def test_an_approved_report_never_changes(draft, officer_quang_hoa, provincial):
    submit_report(draft, by=officer_quang_hoa)
    approve_report(draft, by=provincial)
    with pytest.raises(ValidationError):
        save_draft(draft, by=officer_quang_hoa, data={"results": "sửa"})
    with pytest.raises(ValidationError):
        submit_report(draft, by=officer_quang_hoa)
    with pytest.raises(ValidationError):
        approve_report(draft, by=provincial)
    draft.refresh_from_db()
    assert draft.results == "Tổ chức Trung thu cho 70 cháu."


def test_reopening_needs_a_written_reason_and_keeps_it(draft, officer_quang_hoa, provincial):
    submit_report(draft, by=officer_quang_hoa)
    approve_report(draft, by=provincial)
    with pytest.raises(ValidationError):
        reopen_report(draft, by=provincial, reason="")
    with pytest.raises(ValidationError):
        reopen_report(draft, by=officer_quang_hoa, reason="tự mở")
    report = reopen_report(draft, by=provincial, reason="Sai số liệu nội dung 2")
    assert report.status == Report.Status.RETURNED
    assert ReportEvent.objects.get(report=report, action="reopen").reason == "Sai số liệu nội dung 2"


def test_a_later_correction_shows_beside_the_frozen_figures(
    draft, officer_quang_hoa, provincial, program, units
):
    submit_report(draft, by=officer_quang_hoa)
    approve_report(draft, by=provincial)
    assert approved_report_covering(units["quang-hoa-ta-lung"], d("01/07/2020"))
    assert approved_report_covering(units["ha-quang"], d("01/07/2020")) is None
    record(program, units["quang-hoa"], d("02/07/2020"), 5)
    figures = report_figures(Report.objects.get(pk=draft.pk))
    changed = [line for area in figures.areas for line in area.lines if line.changed]
    assert [(line.value, line.current) for line in changed] == [(70, 75)]


def test_the_provincial_report_takes_approved_district_reports_and_lists_the_missing(
    draft, officer_quang_hoa, provincial, period, children
):
    submit_report(draft, by=officer_quang_hoa)
    compiled = compile_provincial(period)
    assert not compiled.reported  # submitted is not approved
    approve_report(draft, by=provincial)
    compiled = compile_provincial(period)
    assert [p.name for p in compiled.reported] == ["Huyện Đoàn Quảng Hòa"]
    assert sum(v for k, v in compiled.totals.items() if k.indicator_id == children.pk) == 70
    assert "Huyện Đoàn Hà Quảng" in [p.name for p in compiled.missing]
    assert len(compiled.parts) == 10


def test_who_has_reported_counts_expected_units_only(draft, officer_quang_hoa, period):
    with time_machine.travel(datetime(2021, 1, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        submit_report(draft, by=officer_quang_hoa)
    status = reporting_status(period)
    assert len(status.expected) == 10  # districts valid on 31/12/2020
    assert status.completeness == 10
    states = {e.name: e.state for e in status.expected}
    assert states["Huyện Đoàn Quảng Hòa"] == "on_time"
    assert states["Huyện Đoàn Hà Quảng"] == "missing"
    assert "Huyện Đoàn Phục Hòa" not in states


def test_a_report_sent_after_the_due_date_is_late(draft, officer_quang_hoa, period):
    submit_report(draft, by=officer_quang_hoa)  # today, years after 05/01/2021
    assert {e.name: e.state for e in reporting_status(period).expected}["Huyện Đoàn Quảng Hòa"] == "late"


def test_a_grassroots_unit_reports_only_when_its_district_asks(period, grassroots, units):
    with pytest.raises(ValidationError, match="chưa yêu cầu"):
        get_or_open_report(period=period, unit=units["ha-quang-tt"], by=grassroots)


def test_a_returned_report_shows_live_figures_again_and_the_next_submit_freezes_them(
    draft, officer_quang_hoa, provincial, program, units, children
):
    submit_report(draft, by=officer_quang_hoa)
    report = return_report(draft, by=provincial, reason="Thiếu hoạt động Trung thu ở xã Tà Lùng")
    record(program, units["quang-hoa-ta-lung"], d("15/09/2020"), 30)
    figures = report_figures(report)
    assert not figures.frozen and sum(figures.totals.values()) == 100
    report = submit_report(report, by=officer_quang_hoa)
    assert report_figures(report).frozen and sum(report_figures(report).totals.values()) == 100


def test_sending_from_the_form_sends_what_was_typed_even_before_the_autosave(draft, client_for):
    """The send button submits the narrative form: the text on the screen is saved, then sent."""
    page = client_for("officer_quang_hoa").get(reverse("reports:detail", args=[draft.pk])).content.decode()
    assert f'form="narrative-form" formaction="{reverse("reports:submit", args=[draft.pk])}"' in page
    client_for("officer_quang_hoa").post(
        reverse("reports:submit", args=[draft.pk]),
        {"results": "Trung thu cho 70 cháu, thêm 10 cháu ở Tà Lùng.", "version": draft.version},
    )
    draft.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED
    assert draft.snapshot["narrative"]["results"] == "Trung thu cho 70 cháu, thêm 10 cháu ở Tà Lùng."


def test_sending_over_someone_elses_newer_text_is_refused_and_nothing_is_sent(
    draft, client_for, officer_quang_hoa
):
    stale = draft.version
    save_draft(draft, by=officer_quang_hoa, data={"results": "Bản của người kia."}, version=stale)
    response = client_for("officer_quang_hoa").post(
        reverse("reports:submit", args=[draft.pk]),
        {"results": "Bản cũ của tôi.", "version": stale},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT and draft.results == "Bản của người kia."
    assert "Báo cáo vừa được người khác lưu" in response.content.decode()


def test_the_save_button_pressed_while_the_autosave_of_the_same_text_arrives_is_no_conflict(
    draft, officer_quang_hoa
):
    typed = {"results": "Trung thu cho 70 cháu và 10 cháu ở Tà Lùng."}
    stale = draft.version
    autosaved = save_draft(draft, by=officer_quang_hoa, data=typed, version=stale)
    button = save_draft(
        draft, by=officer_quang_hoa, data=typed, version=stale
    )  # the same text, the old version
    assert button.results == typed["results"] and button.version == autosaved.version
    with pytest.raises(ValidationError, match="vừa được người khác lưu"):
        save_draft(draft, by=officer_quang_hoa, data={"results": "Khác hẳn."}, version=stale)
