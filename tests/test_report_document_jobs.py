"""The provincial report's DOCX and PDF are made by a background job: its button leads to the
job's progress and then to the file, for the one who asked alone. A district's documents still
answer in the request."""

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from childprog.guideline import open_period
from jobs.models import Job
from reports.documents import pdf as pdf_doc
from reports.workflow import approve_report, get_or_open_report, reopen_report, save_draft, submit_report

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def period(program, provincial):
    return open_period(program, "year", 2020, by=provincial)


@pytest.fixture
def province(period, units, provincial):
    report = get_or_open_report(period=period, unit=units["cao-bang"], by=provincial)
    save_draft(report, by=provincial, data={"results": "Toàn tỉnh tổ chức Trung thu cho thiếu nhi."})
    submit_report(report, by=provincial)
    return approve_report(report, by=provincial)


@pytest.fixture
def district(period, units, officer_ha_quang):
    report = get_or_open_report(period=period, unit=units["ha-quang"], by=officer_ha_quang)
    return save_draft(report, by=officer_ha_quang, data={"results": "Hà Quảng tổ chức Trung thu."})


def ask(client, report, fmt, capture):
    with capture(execute=True):
        return client.post(reverse(f"reports:{fmt}", args=[report.pk]))


def test_the_provincial_docx_is_made_in_a_job_and_downloaded_when_done(
    province, client_for, task_worker, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = client_for("provincial")
    page = client.get(reverse("reports:detail", args=[province.pk])).content.decode()
    docx_url = reverse("reports:docx", args=[province.pk])
    assert f'action="{docx_url}"' in page and f'href="{docx_url}"' not in page
    with django_assert_max_num_queries(8):
        started = ask(client, province, "docx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert started.url == reverse("jobs:detail", args=[job.pk])
    assert "progressbar" in client.get(started.url).content.decode()

    task_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    status = client.get(started.url, HTTP_HX_REQUEST="true").content.decode()
    assert (
        reverse("jobs:download", args=[job.pk]) in status
        and reverse("reports:detail", args=[province.pk]) in status
    )
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert (
        download["Content-Disposition"].startswith("attachment")
        and ".docx" in download["Content-Disposition"]
    )
    text = "\n".join(p.text for p in Document(BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert "Toàn tỉnh tổ chức Trung thu cho thiếu nhi." in text


def test_asking_again_while_it_runs_leads_to_the_same_job(
    province, client_for, django_capture_on_commit_callbacks
):
    client = client_for("provincial")
    first = ask(client, province, "docx", django_capture_on_commit_callbacks)
    second = ask(client, province, "docx", django_capture_on_commit_callbacks)
    assert first.url == second.url and Job.objects.count() == 1
    ask(client, province, "pdf", django_capture_on_commit_callbacks)
    assert Job.objects.count() == 2, "the PDF is another document"


def test_a_bookmarked_link_asks_before_starting_anything(province, client_for):
    response = client_for("provincial").get(reverse("reports:docx", args=[province.pk]))
    assert response.status_code == 200 and "Tạo tệp DOCX" in response.content.decode()
    assert not Job.objects.exists()


def test_only_the_one_who_asked_sees_the_job_or_its_file(
    province, client_for, task_worker, django_capture_on_commit_callbacks
):
    ask(client_for("reader"), province, "docx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    task_worker()
    for persona in ("provincial", "officer_ha_quang"):
        other = client_for(persona)
        assert other.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client_for("reader").get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_a_job_for_a_report_its_owner_may_no_longer_read_fails_and_says_why(
    province, provincial, client_for, task_worker, django_capture_on_commit_callbacks
):
    reader = client_for("reader")
    ask(reader, province, "docx", django_capture_on_commit_callbacks)
    reopen_report(province, by=provincial, reason="Bổ sung số liệu")  # readers see approved reports only
    task_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and not job.file
    assert "không còn quyền xem" in reader.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_pdf_that_cannot_be_converted_fails_with_the_reason(
    province, client_for, task_worker, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(pdf_doc, "soffice", lambda: "/usr/bin/soffice")

    def refuse(content):
        raise pdf_doc.PdfUnavailable("Không chuyển được sang PDF. Hãy tải bản DOCX.")

    monkeypatch.setattr(pdf_doc, "docx_to_pdf", refuse)
    client = client_for("provincial")
    ask(client, province, "pdf", django_capture_on_commit_callbacks)
    task_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "Hãy tải bản DOCX" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_district_docx_still_answers_in_the_request(district, client_for):
    response = client_for("officer_ha_quang").get(reverse("reports:docx", args=[district.pk]))
    assert response["Content-Type"] == DOCX_TYPE and not Job.objects.exists()
    assert "Hà Quảng tổ chức Trung thu." in "\n".join(
        p.text for p in Document(BytesIO(response.content)).paragraphs
    )
