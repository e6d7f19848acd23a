"""Background jobs: a job reports progress, ends with a message the user can act on when it
fails, and old finished jobs are pruned with their files."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job
from jobs.runner import JobError, job_task

pytestmark = pytest.mark.django_db


@job_task
def failing(job, progress):
    progress(1, 4)
    raise JobError("Tệp có 3 dòng lỗi.")


@job_task
def crashing(job, progress):
    raise RuntimeError("bug")


@job_task
def writing(job, progress):
    progress(2, 2)
    job.output_path().parent.mkdir(parents=True, exist_ok=True)
    job.output_path().write_text("ok")
    job.filename = "ket-qua.txt"
    return {"rows": 2}


def new_job(user):
    return Job.objects.create(owner=user, kind="test", title="Thử")


def test_a_job_that_fails_for_a_reason_shows_it(provincial):
    job = new_job(provincial)
    failing.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == "Tệp có 3 dòng lỗi."
    assert (job.done, job.total) == (1, 4)


def test_an_unexpected_error_ends_the_job_with_a_vietnamese_message(provincial):
    job = new_job(provincial)
    crashing.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "ngoài dự kiến" in job.message and "bug" not in job.message


def test_a_finished_job_keeps_its_file_result_and_name(provincial, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = new_job(provincial)
    writing.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result == {"rows": 2} and job.percent == 100
    assert job.file_path.read_text() == "ok" and job.filename == "ket-qua.txt"
    writing.call(str(job.pk))  # delivered twice by a queue: the first result stands
    assert Job.objects.get(pk=job.pk).finished_at == job.finished_at


def test_old_finished_jobs_are_pruned_with_their_files(provincial, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old, recent, running = new_job(provincial), new_job(provincial), new_job(provincial)
    for job in (old, recent):
        writing.call(str(job.pk))
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    old_file = Job.objects.get(pk=old.pk).file_path
    call_command("prune_jobs", "--days", "7")
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not old_file.exists() and Job.objects.get(pk=recent.pk).file_path.exists()
