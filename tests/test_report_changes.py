"""After approval: what changed shows only where it changed, and re-approval keeps what was signed.

An approved report's page shows the frozen figures and, beside them, the live ones as "Hiện tại"
in the tables whose numbers differ, each marked and with its own list of changes. Reopening and
approving again stores a new document; the previous approved document is kept as it was and the
report's page links to it.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.figures import report_figures
from reports.models import ApprovedCopy, Report
from reports.workflow import approve_report, attach_signed_scan, reopen_report, submit_report
from tests.conftest import d
from tests.test_report_workflow import children, draft, period, record  # noqa: F401 (fixtures)


@pytest.fixture
def approved(draft, officer_quang_hoa, provincial, program, units):  # noqa: F811
    record(program, units["quang-hoa"], d("01/03/2020"), 12, area=1)
    submit_report(draft, by=officer_quang_hoa)
    return approve_report(draft, by=provincial)


def page_of(client_for, report):
    return client_for("provincial").get(reverse("reports:detail", args=[report.pk])).content.decode()


def area_table(page, number):
    """The HTML of content area `number`'s title and table (up to the next area's title)."""
    start = page.index(f">{number}. ", page.index('id="area-'))
    end = page.find('<h3 class="h6 mt-3" id="area-', start)
    return page[start : end if end != -1 else len(page)]


# -- "Hiện tại" only where something changed --------------------------------------------------------
def test_without_changes_no_table_has_a_current_column(approved, client_for):
    page = page_of(client_for, approved)
    assert "Hiện tại" not in page
    assert 'id="changes"' not in page and "changed-mark" not in page


def test_only_the_table_whose_figures_moved_shows_the_current_column(approved, program, units, client_for):
    record(program, units["quang-hoa"], d("02/07/2020"), 5, area=2)  # after approval, area 2 only
    fig = report_figures(Report.objects.get(pk=approved.pk))
    by_number = {a.number: a for a in fig.areas}
    assert by_number[2].has_current_column and not by_number[1].has_current_column
    assert by_number[1].changes == []
    assert "Số trẻ em được hưởng lợi: 70 → 75" in by_number[2].changes

    page = page_of(client_for, approved)
    area1, area2 = area_table(page, 1), area_table(page, 2)
    assert "Hiện tại" not in area1 and "changed-mark" not in area1
    assert re.search(r"<th[^>]*>Hiện tại</th>", area2)
    assert "changed-mark" in area2 and "Số trẻ em được hưởng lợi: 70 → 75" in area2
    # The summary on top names the changed tables and links to them; area 1 is not among them.
    summary = page[page.index('id="changes"') : page.index("</div>", page.index('id="changes"'))]
    assert f'href="#area-{by_number[2].id}"' in summary
    assert f'href="#area-{by_number[1].id}"' not in summary


# -- re-approval keeps the previous copy ------------------------------------------------------------
def reapprove(report, officer, provincial, reason="Bổ sung hoạt động tháng 12"):
    reopen_report(report, by=provincial, reason=reason)
    submit_report(report, by=officer)
    return approve_report(report, by=provincial)


def test_reapproval_keeps_the_previously_approved_document_as_it_was(
    approved, officer_quang_hoa, provincial, program, units
):
    first = dict(approved.document)
    record(program, units["quang-hoa"], d("15/12/2020"), 30)
    report = reapprove(approved, officer_quang_hoa, provincial)
    assert report.status == Report.Status.APPROVED and report.document != first

    copy = report.approved_copies.get()
    assert copy.sequence == 1 and copy.document == first
    assert copy.document_number == report.document_number  # the report keeps its number
    assert copy.reopen_reason == "Bổ sung hoạt động tháng 12" and copy.reopened_by == provincial

    # A second round adds a second copy; the first stays untouched.
    report = reapprove(report, officer_quang_hoa, provincial, reason="Sửa lần hai")
    assert [c.sequence for c in report.approved_copies.all()] == [1, 2]
    assert report.approved_copies.get(sequence=1).document == first


def test_an_approved_copy_never_changes(approved, officer_quang_hoa, provincial):
    report = reapprove(approved, officer_quang_hoa, provincial)
    copy = ApprovedCopy.objects.get(report=report)
    copy.document = {"areas": []}
    with pytest.raises(ValueError, match="never changed"):
        copy.save()
    assert ApprovedCopy.objects.get(pk=copy.pk).document != {"areas": []}


def test_the_report_page_links_to_the_previous_copy_and_it_shows_the_old_figures(
    approved, officer_quang_hoa, provincial, program, units, client_for
):
    record(program, units["quang-hoa"], d("15/12/2020"), 30)
    report = reapprove(approved, officer_quang_hoa, provincial)
    page = page_of(client_for, report)
    url = reverse("reports:approved_copy", args=[report.pk, 1])
    assert f'href="{url}"' in page and "Bổ sung hoạt động tháng 12" in page

    copy_page = client_for("provincial").get(url).content.decode()
    assert "Bản đã duyệt lần 1" in copy_page
    area2 = area_table(copy_page, 2)
    assert ">70<" in area2 and ">100<" not in area2  # as approved the first time, not 70 + 30
    assert "Hiện tại" not in copy_page
    assert (
        client_for("provincial").get(reverse("reports:approved_copy", args=[report.pk, 2])).status_code == 404
    )


def test_another_districts_officer_cannot_read_the_previous_copy(
    approved, officer_quang_hoa, provincial, client_for
):
    report = reapprove(approved, officer_quang_hoa, provincial)
    url = reverse("reports:approved_copy", args=[report.pk, 1])
    assert client_for("officer_ha_quang").get(url).status_code == 404
    assert client_for("officer_quang_hoa").get(url).status_code == 200


def test_a_signed_scan_stays_with_the_approved_copy_it_signed(
    approved, officer_quang_hoa, provincial, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attach_signed_scan(approved, by=provincial, upload=SimpleUploadedFile("ky.pdf", pdf))
    approved.refresh_from_db()
    signed = approved.signed_scan.name

    report = reapprove(approved, officer_quang_hoa, provincial)
    # The new approval is not signed yet: its page offers no scan, and a new one may be uploaded.
    assert not Report.objects.get(pk=report.pk).signed_scan
    client = client_for("provincial")
    assert reverse("reports:scan", args=[report.pk]) not in page_of(client_for, report)
    assert 'id="id_scan"' in page_of(client_for, report)

    copy = report.approved_copies.get()
    assert copy.signed_scan.name == signed
    scan_url = reverse("reports:approved_copy_scan", args=[report.pk, copy.sequence])
    copy_page = client.get(reverse("reports:approved_copy", args=[report.pk, copy.sequence]))
    assert scan_url in copy_page.content.decode()
    assert b"".join(client.get(scan_url).streaming_content) == pdf
