"""The signed, stamped scan of an approved report: a real PDF or JPEG, after approval only."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.workflow import approve_report, attach_signed_scan, submit_report

from .test_report_workflow import draft, period  # noqa: F401  (fixtures)


@pytest.fixture
def approved(draft, officer_quang_hoa, provincial, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    submit_report(draft, by=officer_quang_hoa)
    return approve_report(draft, by=provincial)


def test_the_officer_uploads_the_signed_pdf_of_an_approved_report(approved, officer_quang_hoa):
    scan = SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.7\n% signed and stamped")
    report = attach_signed_scan(approved, by=officer_quang_hoa, upload=scan)
    report.refresh_from_db()
    assert report.signed_scan.name.endswith(".pdf")


def test_a_renamed_html_file_is_not_taken_for_a_scan(approved, officer_quang_hoa):
    fake = SimpleUploadedFile("ban-ky.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="PDF hoặc ảnh JPEG"):
        attach_signed_scan(approved, by=officer_quang_hoa, upload=fake)
    approved.refresh_from_db()
    assert not approved.signed_scan


def test_no_scan_before_approval(draft, officer_quang_hoa, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.7\n")
    with pytest.raises(ValidationError, match="sau khi báo cáo được duyệt"):
        attach_signed_scan(draft, by=officer_quang_hoa, upload=scan)
