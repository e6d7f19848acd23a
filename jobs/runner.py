"""Running a job: the one decorator that turns a function into a queued task, and `start_job`.

A job function has the signature `f(job, progress) -> dict | None`. It may write its file at
`job.output_path()` and set `job.filename`; what it returns is kept as the job's result. It calls
`progress(done, total)` as it goes (written to the database at most every PROGRESS_EVERY seconds,
so progress costs nothing measurable). A `JobError` ends the job with its message for the user;
any other exception ends it with a generic message and is logged with its traceback."""

from __future__ import annotations

import functools
import logging
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from .models import Job

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds


class JobError(Exception):
    """A failure the user can act on; its message is shown on the job's page."""


def job_task(func):
    @functools.wraps(func)
    def run(job_id: str):
        job = Job.objects.select_related("owner").get(pk=job_id)
        if job.finished:  # a queue may deliver a job twice; the first run's result stands
            return
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
        last = 0.0

        def progress(done: int, total: int | None = None):
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY:
                last = now
                fields = {"done": done} if total is None else {"done": done, "total": total}
                Job.objects.filter(pk=job.pk).update(**fields)

        try:
            with override(job.params.get("language", "vi")):
                result = func(job, progress)
        except JobError as error:
            _finish(job, Job.Status.FAILED, message=str(error))
        except Exception:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            with override(job.params.get("language", "vi")):
                message = _("Công việc gặp lỗi ngoài dự kiến. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên.")
            _finish(job, Job.Status.FAILED, message=message)
        else:
            path = job.output_path()
            file = str(path.relative_to(path.parents[1])) if path.exists() else ""
            _finish(job, Job.Status.DONE, result=result or {}, file=file)

    return task(run)


def _finish(job: Job, status, **fields):
    Job.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), filename=job.filename, **fields
    )


def start_job(job_task_, *, owner, kind: str, title: str, params: dict | None = None) -> Job:
    """Record the job and queue it once the row is committed, so a worker in another process
    always finds it."""
    job = Job.objects.create(owner=owner, kind=kind, title=title, params=params or {})
    transaction.on_commit(lambda: job_task_.enqueue(str(job.pk)))
    return job
