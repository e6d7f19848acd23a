"""Large imports leave the request: a file above IMPORT_INLINE_MAX_ROWS rows is checked by a
background job whose page leads to the same errors or preview as an inline check, and confirming
it writes its rows in a job with progress. Small files are checked and written in the request as
before. Only the job's owner sees any of it, and Confirm pressed twice writes once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import imports
from activities.models import Activity
from activities.testing import load_programs
from jobs.models import Job
from tests.test_activity_import import good_rows, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programs(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_INLINE_MAX_ROWS = 3
    return load_programs()


def upload(client, rows, capture):
    with capture(execute=True):
        return client.post(reverse("activities:import"), {"file": SimpleUploadedFile("lon.xlsx", xlsx(rows))})


def finished(job, worker):
    worker()
    job.refresh_from_db()
    return job


def test_a_file_within_the_limit_is_checked_in_the_request_as_before(client_for):
    response = client_for("officer_ha_quang").post(
        reverse("activities:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx(good_rows(3)))}
    )
    assert response.status_code == 200 and len(response.context["preview"]) == 3
    assert not Job.objects.exists()


def test_rows_are_counted_without_reading_cells():
    assert imports.count_rows(xlsx(good_rows(4))) == 4
    assert imports.count_rows("Mã dòng,Tên\nA,x\nB,y".encode()) == 2
    assert imports.count_rows("Mã dòng,Tên\nA,x\nB,y\n".encode()) == 2
    assert imports.count_rows(b"PK not a zip") == 0


def test_a_large_file_is_checked_in_a_job_then_previewed_and_confirmed_in_another(
    client_for, django_capture_on_commit_callbacks, task_worker, django_assert_max_num_queries
):
    client = client_for("officer_ha_quang")
    client.get(reverse("activities:import"))  # the session and the unit graph, once
    with django_assert_max_num_queries(6):
        started = upload(client, good_rows(5), django_capture_on_commit_callbacks)
    check = Job.objects.get()
    assert started.url == reverse("jobs:detail", args=[check.pk])
    assert "progressbar" in client.get(started.url).content.decode()
    assert not Activity.objects.exists()

    assert finished(check, task_worker).status == Job.Status.DONE, check.message
    page = client.get(started.url, HTTP_HX_REQUEST="true").content.decode()
    preview_url = reverse("activities:import_checked", args=[check.pk])
    assert preview_url in page and "Xem trước và xác nhận nhập" in page
    with django_assert_max_num_queries(8):
        preview = client.get(preview_url)
    assert len(preview.context["preview"]) == 5 and "Trao quà 4" in preview.content.decode()
    assert not Activity.objects.exists(), "nothing is written before the confirmation"

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("activities:import_confirm"), {"token": preview.context["token"]})
    write = Job.objects.exclude(pk=check.pk).get()
    assert confirmed.url == reverse("jobs:detail", args=[write.pk]) and write.total == 0
    assert finished(write, task_worker).status == Job.Status.DONE, write.message
    assert Activity.objects.count() == 5 and write.total == 5
    page = client.get(reverse("jobs:detail", args=[write.pk])).content.decode()
    assert "Đã nhập 5 hoạt động mới" in page and reverse("activities:list") in page


def test_a_large_file_with_bad_rows_shows_each_rows_number_and_reason_and_imports_nothing(
    client_for, django_capture_on_commit_callbacks, task_worker
):
    rows = good_rows(6)
    rows[1][1] = "khong-co"  # spreadsheet row 3
    rows[4][5] = "31/02/2022"  # spreadsheet row 6
    client = client_for("officer_ha_quang")
    upload(client, rows, django_capture_on_commit_callbacks)
    check = finished(Job.objects.get(), task_worker)
    assert check.status == Job.Status.DONE
    status = client.get(reverse("jobs:detail", args=[check.pk])).content.decode()
    assert "alert-warning" in status and "Tệp có 2 dòng lỗi: không nhập dòng nào." in status
    page = client.get(reverse("activities:import_checked", args=[check.pk]))
    assert dict(page.context["result"].errors).keys() == {3, 6}
    body = page.content.decode()
    assert "Không nhập: 2 dòng có lỗi." in body and "không có đơn vị" in body and "ngày bắt đầu" in body
    assert "token" not in page.context and not Activity.objects.exists()


def test_nobody_but_the_owner_sees_a_large_check_or_confirms_it(
    client_for, django_capture_on_commit_callbacks, task_worker
):
    owner = client_for("officer_ha_quang")
    upload(owner, good_rows(5), django_capture_on_commit_callbacks)
    check = finished(Job.objects.get(), task_worker)
    token = check.result["token"]
    for persona in ("officer_quang_hoa", "provincial"):
        other = client_for(persona)
        assert other.get(reverse("activities:import_checked", args=[check.pk])).status_code == 404
        assert other.get(reverse("jobs:detail", args=[check.pk])).status_code == 404
        session = other.session
        session["activity_import"] = {"token": token, "name": "lon.xlsx"}
        session.save()
        refused = other.post(reverse("activities:import_confirm"), {"token": token}, follow=True)
        assert "hết hạn" in refused.content.decode()
    assert Job.objects.count() == 1 and not Activity.objects.exists()


def test_confirm_pressed_twice_runs_one_job_and_writes_once(
    client_for, django_capture_on_commit_callbacks, task_worker
):
    client = client_for("officer_ha_quang")
    upload(client, good_rows(5), django_capture_on_commit_callbacks)
    check = finished(Job.objects.get(), task_worker)
    client.get(reverse("activities:import_checked", args=[check.pk]))
    token = check.result["token"]
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("activities:import_confirm"), {"token": token})
        second = client.post(reverse("activities:import_confirm"), {"token": token}, follow=True)
    assert second.redirect_chain[-1][0] == first.url
    assert "đã được xác nhận nhập" in second.content.decode()
    assert Job.objects.filter(kind=imports.CONFIRM_KIND).count() == 1
    task_worker()
    again = client.post(reverse("activities:import_confirm"), {"token": token}, follow=True)
    assert "đã được xác nhận nhập" in again.content.decode()
    assert Activity.objects.count() == 5


def test_two_confirm_jobs_of_one_check_write_once_and_the_second_says_why(
    client_for, officer_ha_quang, django_capture_on_commit_callbacks
):
    result = imports.check_import(xlsx(good_rows(5)), "a.xlsx", by=officer_ha_quang)
    pending = imports.save_pending(result, by=officer_ha_quang, data=b"x", name="a.xlsx")
    jobs = [
        Job.objects.create(
            owner=officer_ha_quang, kind=imports.CONFIRM_KIND, title="x", params={"token": pending.token}
        )
        for _i in range(2)
    ]
    for job in jobs:
        imports.confirm_import_job.call(str(job.pk))
    first, second = (Job.objects.get(pk=j.pk) for j in jobs)
    assert first.status == Job.Status.DONE and second.status == Job.Status.FAILED
    assert "đã được xác nhận nhập" in second.message
    assert Activity.objects.count() == 5


def test_a_check_whose_upload_is_gone_fails_with_a_vietnamese_message(
    client_for, django_capture_on_commit_callbacks, task_worker
):
    client = client_for("officer_ha_quang")
    upload(client, good_rows(5), django_capture_on_commit_callbacks)
    check = Job.objects.get()
    for kept in imports._pending_dir().glob("*.upload"):
        kept.unlink()
    assert finished(check, task_worker).status == Job.Status.FAILED
    page = client.get(reverse("jobs:detail", args=[check.pk])).content.decode()
    assert "Không thành công." in page and "hãy tải tệp lên lại" in page
    assert client.get(reverse("activities:import_checked", args=[check.pk])).url == reverse(
        "jobs:detail", args=[check.pk]
    )


def test_a_large_file_refused_as_a_whole_says_why_on_the_jobs_page(
    client_for, django_capture_on_commit_callbacks, task_worker, settings
):
    settings.IMPORT_MAX_ROWS = 4  # the file is checked in a job, then refused for its size
    client = client_for("officer_ha_quang")
    upload(client, good_rows(5), django_capture_on_commit_callbacks)
    check = finished(Job.objects.get(), task_worker)
    status = client.get(reverse("jobs:detail", args=[check.pk])).content.decode()
    assert "alert-warning" in status and "Tệp có hơn 4 dòng: hãy chia thành nhiều tệp." in status
    assert "1 dòng lỗi" not in status  # the file is refused, not one of its rows
