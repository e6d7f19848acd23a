"""The provincial report's DOCX and PDF, made by a background job: the province's document rolls
up every district and its PDF waits for LibreOffice, which together can outlast a server's
timeout. The job's page shows its progress (figures and document, then the conversion) and the
file to download; a district's documents stay quick enough to answer in the request."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.runner import JobError, job_task, start_job

from ..models import Report
from . import docx, pdf
from .common import filename

KIND = "reports.document"
FORMATS = ("docx", "pdf")


def runs_as_job(report) -> bool:
    return report.is_provincial


def start(report, fmt: str, *, by, language: str) -> Job:
    """The job making `fmt` of `report` for `by`: one already queued or running for the same
    document is reused, so a second click does not make it twice."""
    params = {"report": report.pk, "format": fmt}
    waiting = Job.objects.filter(
        owner=by, kind=KIND, params__report=report.pk, params__format=fmt, finished_at__isnull=True
    ).first()
    if waiting is not None:
        return waiting
    title = _("%(fmt)s báo cáo %(unit)s — %(period)s") % {
        "fmt": fmt.upper(),
        "unit": report.unit.name,
        "period": report.period.label,
    }
    return start_job(make_document, owner=by, kind=KIND, title=title, params=params | {"language": language})


@job_task
def make_document(job, progress):
    fmt = job.params["format"]
    # What the owner may see when the job runs, not when it was asked.
    report = Report.objects.visible_to(job.owner).for_pages().filter(pk=job.params["report"]).first()
    if report is None or fmt not in FORMATS:
        raise JobError(_("Không tìm thấy báo cáo hoặc bạn không còn quyền xem báo cáo này."))
    steps = 2 if fmt == "pdf" else 1
    progress(0, steps)
    content = docx.render(report)
    if fmt == "pdf":
        progress(1)
        try:
            content = pdf.docx_to_pdf(content)
        except pdf.PdfUnavailable as error:
            raise JobError(str(error)) from error
    out = job.output_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    job.filename = filename(report, fmt)
    return {"next_url": reverse("reports:detail", args=[report.pk]), "next_label": _("Về trang báo cáo")}
