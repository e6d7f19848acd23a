"""A job's page (with a progress bar that htmx refreshes) and its file. Only the owner sees either."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from childprog.access import access_for

from .models import Job


def _get_job(request, pk) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if not access_for(request.user).may_read_job(job):
        raise Http404
    return job


@login_required
@require_GET
def job_detail(request, pk):
    job = _get_job(request, pk)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def job_download(request, pk):
    job = _get_job(request, pk)
    path = job.file_path
    if job.status != Job.Status.DONE or path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.filename or path.name)


@login_required
@require_GET
def job_list(request):
    jobs = Job.objects.filter(owner=request.user)[:30]
    return render(request, "jobs/list.html", {"jobs": jobs})
