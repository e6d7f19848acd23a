"""A report a province can sign: every number agrees with every other (the report is the sum of its
rows), last year compares like with like, approval freezes the whole document, reports are sent
from the period's last day and approved after it, and they count activities."""

import re
from io import BytesIO

import pytest
from django.test import override_settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from activities.models import Activity
from childprog.guideline import open_period
from childprog.models import ContentArea, Indicator, UnitFlag
from commendations.models import Commendation
from plans.models import Plan, Target
from reports.documents import docx as docx_doc
from reports.documents import xlsx as xlsx_doc
from reports.figures import report_figures
from reports.models import DocumentSigner, Recipient, Report
from reports.workflow import approve_report, get_or_open_report, save_draft, submit_report
from tests.conftest import d


def record(program, unit, day, children, *, area=1, title="Hoạt động"):
    area = ContentArea.objects.get(program=program, number=area)
    ind = Indicator.objects.get(program=program, code="children")
    a = Activity.objects.create(
        program=program, unit=unit, content_area=area, title=title, start_date=day, end_date=day
    )
    a.set_figures({(ind.pk, None): children})
    return a


def send(period, unit, by, approver=None):
    report = get_or_open_report(period=period, unit=unit, by=by)
    report = save_draft(report, by=by, data={"results": "Đã tổ chức các hoạt động."})
    report = submit_report(report, by=by)
    return approve_report(report, by=approver) if approver else report


def section(fig, title):
    return next((s for s in fig.sections if s.title.startswith(title)), None)


def values(sec):
    return [[c.value for c in row] for row in sec.rows]


@pytest.fixture
def world(program, units, provincial, officer_ha_quang, officer_quang_hoa):
    """2020: Hà Quảng (border) and Quảng Hòa record; a plan and commendations for the province."""
    period = open_period(program, "year", 2020, by=provincial)
    UnitFlag.objects.create(unit=units["ha-quang"], flag=UnitFlag.Flag.BORDER, valid_from=d("01/01/2013"))
    UnitFlag.objects.create(unit=units["quang-hoa"], flag=UnitFlag.Flag.BORDER, valid_from=d("01/01/2013"))
    record(program, units["ha-quang"], d("10/05/2020"), 100)
    record(program, units["ha-quang"], d("11/05/2020"), 20, area=2)
    record(program, units["quang-hoa"], d("12/05/2020"), 5000)
    record(program, units["cao-bang"], d("13/05/2020"), 7)
    plan = Plan.objects.create(unit=units["cao-bang"], program=program, year=2020, title="Kế hoạch 2020")
    Target.objects.create(
        plan=plan, indicator=Indicator.objects.get(program=program, code="children"), value=1000
    )
    for unit in (units["ha-quang"], units["quang-hoa"]):
        Commendation.objects.create(
            unit=unit,
            form=Commendation.Form.values[0],
            kind=Commendation.Kind.COLLECTIVE,
            recipient_name="Chi đoàn",
            decision_date=d("01/06/2020"),
        )
    return {"period": period}


def provincial_report(world, units, provincial):
    return get_or_open_report(period=world["period"], unit=units["cao-bang"], by=provincial)


# -- rule 1: a report is the sum of its rows ------------------------------------------------------
def test_every_breakdown_of_the_provincial_report_counts_only_its_rows(
    world, units, provincial, officer_ha_quang
):
    send(world["period"], units["ha-quang"], officer_ha_quang, provincial)  # Quảng Hòa not approved
    fig = report_figures(provincial_report(world, units, provincial))
    children = Indicator.objects.get(program=world["period"].program, code="children")
    total = sum(
        v for k, v in fig.totals.items() if k.indicator_id == children.pk and k.target_group_id is None
    )
    assert total == 127  # Hà Quảng's 120 and the province's own 7; Quảng Hòa's 5,000 wait
    assert values(section(fig, "Kết quả theo đặc điểm địa bàn"))[0][:2] == ["Biên giới", 120]
    assert values(section(fig, "Kết quả so với chỉ tiêu"))[0][2:] == [1000, 127, "12%"]
    assert values(section(fig, "Khen thưởng"))[0][1] == 1
    assert values(section(fig, "Số hoạt động"))[-1][-1] == 3
    assert sum(a.activities for a in fig.areas) == 3


# -- rule 2: last year on the same rows, in the same state ----------------------------------------
def test_last_year_compares_approved_figures_of_the_same_districts(
    program, units, provincial, officer_ha_quang, officer_quang_hoa
):
    last = open_period(program, "year", 2019, by=provincial)
    record(program, units["ha-quang"], d("10/05/2019"), 300)
    record(program, units["quang-uyen"], d("10/05/2019"), 4000)
    send(last, units["ha-quang"], officer_ha_quang, provincial)
    record(program, units["ha-quang"], d("20/05/2019"), 55)  # after approval: not in approved figures
    period = open_period(program, "year", 2020, by=provincial)
    record(program, units["ha-quang"], d("10/05/2020"), 200)
    send(period, units["ha-quang"], officer_ha_quang, provincial)
    report = get_or_open_report(period=period, unit=units["cao-bang"], by=provincial)
    fig = report_figures(report)
    line = next(line for a in fig.areas for line in a.lines if line.name == "Số trẻ em được hưởng lợi")
    assert (line.value, line.previous) == (200, 300)
    page = provincial_page(report, provincial)
    assert "số liệu đã duyệt năm trước" in page and "01/01/2019 – 31/12/2019" in page


def provincial_page(report, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("reports:detail", args=[report.pk])).content.decode()


# -- rule 3: approval freezes the whole report ----------------------------------------------------
def docx_frozen_text(content: bytes) -> list[str]:
    """Every text of the DOCX, without what it marks as current since approval."""
    doc = Document(BytesIO(content))
    current = re.compile(r" \(Hiện tại: [^)]*\)")
    out = [current.sub("", p.text) for p in doc.paragraphs if not p.text.startswith(("(*)", "- "))]
    for table in doc.tables:
        last_current = table.rows[0].cells[-1].text == "Hiện tại (*)"
        for row in table.rows:
            cells = row.cells[:-1] if last_current else row.cells
            out.extend(current.sub("", c.text) for c in cells)
    return out


def xlsx_frozen(content: bytes) -> list:
    wb = load_workbook(BytesIO(content))
    ws = wb["Tổng hợp"]
    out = []
    for row in ws.iter_rows(min_row=1, values_only=True):
        if str(row[1] or "").startswith("Hiện tại:"):
            break  # the list of changes since approval follows
        if row[1] != "   Hiện tại":
            out.append(row[:4])
    while out and not any(out[-1]):
        out.pop()
    return out


def test_after_approval_changes_underneath_show_beside_never_in_place(
    world, units, provincial, officer_ha_quang, program, client_for
):
    send(world["period"], units["ha-quang"], officer_ha_quang, provincial)
    DocumentSigner.objects.create(unit=units["cao-bang"], title="PHÓ BÍ THƯ", name="Nông Thị Hạnh")
    Recipient.objects.create(name="UBND tỉnh Cao Bằng", note="(để báo cáo)")
    report = send(world["period"], units["cao-bang"], provincial, provincial)
    frozen_doc = dict(report.document)
    before_docx = docx_frozen_text(docx_doc.render(report))
    before_xlsx = xlsx_frozen(xlsx_doc.render(report))
    assert "PHÓ BÍ THƯ\n(Ký, ghi rõ họ tên, đóng dấu)" in "\n".join(before_docx)
    assert "Nông Thị Hạnh" in "\n".join(before_docx)

    # Everything underneath moves: records, plan targets, commendations, flags, recipients, signer.
    record(program, units["ha-quang"], d("15/05/2020"), 900)
    record(program, units["cao-bang"], d("16/05/2020"), 5)
    Target.objects.update(value=400)
    Commendation.objects.all().delete()
    UnitFlag.objects.all().delete()
    Recipient.objects.update(name="Văn phòng UBND tỉnh")
    DocumentSigner.objects.update(name="Người khác")

    report = Report.objects.get(pk=report.pk)
    assert report.document == frozen_doc
    assert docx_frozen_text(docx_doc.render(report)) == before_docx
    assert xlsx_frozen(xlsx_doc.render(report)) == before_xlsx
    fig = report_figures(report)
    plan = values(section(fig, "Kết quả so với chỉ tiêu"))[0]
    assert plan[2:] == [1000, 127, "12%"]  # frozen, not 400 / 132 / 33%
    current = [c.current for c in section(fig, "Kết quả so với chỉ tiêu").rows[0]]
    assert current[2:] == [400, 132, "33%"]
    assert any("Kết quả so với chỉ tiêu" in c for c in fig.changes)
    page = client_for("provincial").get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Hiện tại" in page and 'id="changes"' in page
    docx_text = "\n".join(p.text for p in Document(BytesIO(docx_doc.render(report))).paragraphs)
    assert "(*) Hiện tại" in docx_text


# -- rule 4: timing ------------------------------------------------------------------------------
def test_a_report_is_sent_from_the_periods_last_day_and_approved_after_it(
    program, units, provincial, officer_ha_quang, client_for
):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from activities.testing import load_programs

    today = timezone.localdate()
    period = open_period(load_programs()[1], "year", today.year, by=provincial)
    report = get_or_open_report(period=period, unit=units["ha-quang"], by=officer_ha_quang)
    report = save_draft(report, by=officer_ha_quang, data={"results": "Nội dung."})
    with pytest.raises(ValidationError, match=f"gửi được từ ngày {period.end:%d/%m/%Y}"):
        submit_report(report, by=officer_ha_quang)
    page = client_for("officer_ha_quang").get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert f"báo cáo gửi được từ ngày {period.end:%d/%m/%Y}" in page
    days = (period.end - today).days
    with override_settings(REPORT_SUBMIT_DAYS_EARLY=days):
        report = submit_report(report, by=officer_ha_quang)
    with pytest.raises(ValidationError, match="được duyệt từ ngày"):
        approve_report(report, by=provincial)
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED


# -- rule 8: activities counted, in the page and every document ---------------------------------
def test_reports_count_activities_per_area_and_row_everywhere(
    world, units, provincial, officer_ha_quang, client_for
):
    report = send(world["period"], units["ha-quang"], officer_ha_quang, provincial)
    fig = report_figures(report)
    assert [a.activities for a in fig.areas][:2] == [1, 1]
    page = client_for("provincial").get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Số hoạt động đã tổ chức theo nội dung" in page and "Số hoạt động" in page
    docx = Document(BytesIO(docx_doc.render(report)))
    assert any("(số hoạt động: 1)" in p.text for p in docx.paragraphs)
    wb = load_workbook(BytesIO(xlsx_doc.render(report)))
    assert ["Số hoạt động", 1] in [[r[1], r[2]] for r in wb["Tổng hợp"].iter_rows(values_only=True)]


# -- the pages' queries --------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["district", "province_draft", "province_approved"])
def test_report_pages_have_bounded_queries(
    world, units, provincial, officer_ha_quang, client_for, django_assert_max_num_queries, which
):
    district = send(world["period"], units["ha-quang"], officer_ha_quang, provincial)
    report = district
    if which != "district":
        report = provincial_report(world, units, provincial)
    if which == "province_approved":
        report = send(world["period"], units["cao-bang"], provincial, provincial)
        record(world["period"].program, units["cao-bang"], d("15/05/2020"), 5)  # a change to show
    client = client_for("provincial")
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)  # the unit graph is built once and cached
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
