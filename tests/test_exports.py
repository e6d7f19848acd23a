"""Exports of the records list: small ones answer at once (CSV streamed), large ones run as a
background job with progress and a file to download; text never becomes a spreadsheet formula;
the admin's export has the list's columns."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from activities.testing import load_programs, make_activity
from jobs.models import Job
from tests.conftest import d

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://evil.example","bấm")'


@pytest.fixture(autouse=True)
def programs(units):
    return load_programs()


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    # The worker closes connections that are not in autocommit mode before each task; inside a
    # test's transaction that would close the test's own connection.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    """The database queue's worker, as `make run` starts it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_a_small_csv_export_streams_with_dates_the_vietnamese_way(client_for, provincial, units):
    make_activity(provincial, units["ha-quang"], d("01/06/2022"), title="Trung thu")
    response = client_for("officer_ha_quang").get(reverse("activities:export_csv"))
    assert response.streaming
    rows = csv_rows(response)
    assert len(rows) == 2 and "01/06/2022" in rows[1] and "Trung thu" in rows[1]


def test_text_that_looks_like_a_formula_stays_text(client_for, provincial, units):
    make_activity(provincial, units["ha-quang"], d("01/06/2022"), title=ATTACK, place="+cmd|' /C calc'!A0")
    client = client_for("officer_ha_quang")
    row = csv_rows(client.get(reverse("activities:export_csv")))[1]
    assert "'" + ATTACK in row and "'+cmd|' /C calc'!A0" in row
    sheet = load_workbook(io.BytesIO(client.get(reverse("activities:export_xlsx")).content)).active
    header = [c.value for c in sheet[1]]
    title = sheet.cell(row=2, column=header.index("Tên hoạt động") + 1)
    assert title.value == ATTACK and title.data_type == "s"


def test_xlsx_cells_carry_number_and_date_formats(client_for, provincial, units):
    make_activity(provincial, units["ha-quang"], d("01/06/2022"), figures={("children", None): 1500})
    sheet = load_workbook(
        io.BytesIO(client_for("officer_ha_quang").get(reverse("activities:export_xlsx")).content)
    ).active
    header = [c.value for c in sheet[1]]
    end = sheet.cell(row=2, column=header.index("Ngày kết thúc") + 1)
    children = sheet.cell(row=2, column=header.index("Số trẻ em được hưởng lợi") + 1)
    assert end.number_format == "DD/MM/YYYY" and end.value.date() == d("01/06/2022")
    assert children.value == 1500 and children.number_format == "#,##0"
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("count", [3, 30])
def test_the_export_query_count_does_not_grow_with_records(
    client_for, provincial, units, count, django_assert_max_num_queries
):
    for i in range(count):
        make_activity(provincial, units["ha-quang"], d("01/06/2022"), title=f"Hoạt động {i}")
    client = client_for("officer_ha_quang")
    client.get(reverse("activities:list"))  # warm the unit graph cache
    with django_assert_max_num_queries(16):
        rows = csv_rows(client.get(reverse("activities:export_csv")))
    assert len(rows) == count + 1


def test_a_large_export_runs_as_a_job_its_owner_downloads(
    client_for, provincial, units, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    for i in range(3):
        make_activity(provincial, units["ha-quang"], d("01/06/2022"), title=f"Hà Quảng {i}")
    make_activity(provincial, units["quang-hoa"], d("01/06/2022"), title="Quảng Hòa")
    client = client_for("officer_ha_quang")
    asked = client.get(reverse("activities:export_csv"), {"q": "ha quang"})
    assert asked.status_code == 200 and "3" in asked.content.decode() and not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("activities:export_csv"), {"query": "q=ha+quang"})
    job = Job.objects.get()
    assert started.url == reverse("jobs:detail", args=[job.pk])
    assert "Đang chờ" in client.get(started.url).content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    page = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page and "hx-get" not in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert sorted(r[7] for r in rows[1:]) == ["Hà Quảng 0", "Hà Quảng 1", "Hà Quảng 2"]
    assert download["Content-Disposition"].startswith("attachment")


def test_nobody_else_sees_a_job_or_its_file(
    client_for, provincial, units, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_INLINE_MAX_ROWS = 0
    make_activity(provincial, units["ha-quang"], d("01/06/2022"))
    with django_capture_on_commit_callbacks(execute=True):
        client_for("officer_ha_quang").post(reverse("activities:export_xlsx"), {"query": ""})
    job = Job.objects.get()
    run_worker()
    for persona in ("officer_quang_hoa", "provincial", "reader"):
        client = client_for(persona)
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert str(job.pk) not in client.get(reverse("jobs:list")).content.decode()
    owner = client_for("officer_ha_quang")
    assert owner.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    assert str(job.pk) in owner.get(reverse("jobs:list")).content.decode()


def test_an_xlsx_job_past_excels_row_limit_fails_with_a_reason(
    client_for, provincial, units, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("activities.exports.XLSX_MAX_ROWS", 1)
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_INLINE_MAX_ROWS = 0
    for _i in range(2):
        make_activity(provincial, units["ha-quang"], d("01/06/2022"))
    client = client_for("officer_ha_quang")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:export_xlsx"), {"query": ""})
    run_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "CSV" in job.message
    assert "CSV" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_the_admin_export_has_the_lists_columns(provincial, units):
    from activities import exports
    from activities.models import Activity
    from activities.resources import ActivityResource, figure_columns

    make_activity(provincial, units["ha-quang"], d("01/06/2022"), title=ATTACK)
    data = ActivityResource().export(Activity.objects.all())
    assert data.headers == [c.header for c in exports.columns(figure_columns())]
    assert data[0][7] == ATTACK
