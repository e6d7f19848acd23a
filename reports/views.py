"""Thin views: fetch for this user (404 when not theirs), validate, call a workflow function."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from childprog.access import access_for
from childprog.guideline import open_period
from childprog.models import Period, Unit

from . import workflow
from .dashboard import dashboard_data
from .documents import common as doc_common
from .documents import docx as docx_doc
from .documents import jobs as doc_jobs
from .documents import pdf as pdf_doc
from .documents import xlsx as xlsx_doc
from .figures import report_figures, view_of
from .forms import NarrativeForm, OpenPeriodForm, ReasonForm, ReturnForm, ScanForm
from .models import GrassrootsRequest, Notification, Report, ReportEvent
from .status import reporting_status


def _report_for(request, pk) -> Report:
    report = Report.objects.visible_to(request.user).for_pages().filter(pk=pk).first()
    if report is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return report


def _officer_or_staff(request):
    access = access_for(request.user)
    if not (access.is_provincial or access.officer_units):
        raise PermissionDenied(_("Trang này dành cho cán bộ Đoàn."))
    return access


def _step(request, pk, action, func, success, *, form=None, invalid="", arguments=None):
    """One workflow step of a report. Refused, with the reason, unless `available_actions` opens
    `action` (the same answer that decides the page's buttons); then the form, then the step."""
    report = _report_for(request, pk)
    actions = workflow.available_actions(report, request.user)
    if not actions.allows(action):
        messages.error(request, actions.refusals[action])
    elif form is not None and not form.is_valid():
        messages.error(request, invalid)
    else:
        try:
            func(report, by=request.user, **(arguments(form) if arguments else {}))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    return redirect("reports:detail", pk=report.pk)


# -- periods -------------------------------------------------------------------------------------
@login_required
def index(request):
    access = access_for(request.user)
    if access.is_reader and not access.is_provincial and not access.officer_units:
        reports = Report.objects.visible_to(request.user).for_pages()
        return render(request, "reports/reader.html", {"reports": reports})
    _officer_or_staff(request)
    form = OpenPeriodForm() if access.is_provincial else None
    return _render_index(request, access, form)


def _render_index(request, access, form, status=200):
    periods = Paginator(Period.objects.select_related("program").order_by("-end", "kind"), 25).get_page(
        request.GET.get("page")
    )
    mine = {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(period__in=list(periods), unit__in=access.officer_units)
    }
    rows = [
        (p, [(u, mine.get((p.pk, u.pk))) for u in access.officer_units if u.is_valid_on(p.end)])
        for p in periods
    ]
    context = {"periods": periods, "rows": rows, "form": form}
    return render(request, "reports/index.html", context, status=status)


@login_required
@require_POST
def period_open(request):
    access = _officer_or_staff(request)
    if not access.is_provincial:
        raise PermissionDenied(_("Chỉ cán bộ Tỉnh Đoàn mở kỳ báo cáo."))
    form = OpenPeriodForm(request.POST)
    if not form.is_valid():
        # The form re-renders open, with what was typed and the message next to the field.
        return _render_index(request, access, form)
    data = form.cleaned_data
    try:
        period = open_period(
            data["program"],
            data["kind"],
            data["year"],
            data["number"] or 1,
            due_date=data["due_date"],
            by=request.user,
        )
    except ValidationError as e:
        form.add_error(None, e)
        return _render_index(request, access, form)
    messages.success(request, _("Đã mở kỳ %(p)s.") % {"p": period.label})
    return redirect("reports:period", pk=period.pk)


@login_required
def period_detail(request, pk):
    access = _officer_or_staff(request)
    period = get_object_or_404(Period.objects.select_related("program"), pk=pk)
    status = reporting_status(period) if access.is_provincial else None
    provincial = Report.objects.filter(period=period, unit__parent__isnull=True).first()
    units = [u for u in access.officer_units if u.is_valid_on(period.end)]
    actions = workflow.period_actions(period, request.user, units)
    mine = [
        (u, Report.objects.filter(period=period, unit=u).first(), actions.allows(workflow.asking(u)))
        for u in units
    ]
    district_status = []
    for unit in access.officer_units:
        if (
            unit.level == unit.DISTRICT_LEVEL
            and GrassrootsRequest.objects.filter(period=period, district=unit).exists()
        ):
            district_status.append((unit, reporting_status(period, unit)))
    return render(
        request,
        "reports/period.html",
        {
            "period": period,
            "actions": actions,
            "status": status,
            "provincial": provincial,
            "mine": mine,
            "district_status": district_status,
        },
    )


@login_required
@require_POST
def period_lock(request, pk):
    period = get_object_or_404(Period, pk=pk)
    unlock = bool(request.POST.get("unlock"))
    actions = workflow.period_actions(period, request.user)
    action = workflow.UNLOCK if unlock else workflow.LOCK
    if not actions.allows(action):
        messages.error(request, actions.refusals[action])
        return redirect("reports:period", pk=pk)
    func = workflow.unlock_period if unlock else workflow.lock_period
    try:
        func(period, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:period", pk=pk)


@login_required
@require_POST
def ask_grassroots(request, pk, unit_pk):
    period = get_object_or_404(Period, pk=pk)
    access = access_for(request.user)
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not access.can_see_unit(unit.pk):
        raise Http404
    actions = workflow.period_actions(period, request.user, [unit])
    if not actions.allows(workflow.asking(unit)):
        raise PermissionDenied(actions.refusals[workflow.asking(unit)])
    GrassrootsRequest.objects.get_or_create(
        period=period, district=unit, defaults={"requested_by": request.user}
    )
    messages.success(request, _("Đã yêu cầu các Đoàn cơ sở báo cáo kỳ này."))
    return redirect("reports:period", pk=pk)


@login_required
@require_POST
def report_open(request, pk, unit_pk):
    period = get_object_or_404(Period, pk=pk)
    access = _officer_or_staff(request)
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None or not access.can_see_unit(unit.pk):
        raise Http404
    try:
        report = workflow.get_or_open_report(period=period, unit=unit, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:period", pk=pk)
    return redirect("reports:detail", pk=report.pk)


# -- a report ------------------------------------------------------------------------------------
@login_required
def detail(request, pk):
    report = _report_for(request, pk)
    actions = workflow.available_actions(report, request.user)
    events = list(report.events.select_related("by"))
    context = {
        "report": report,
        "actions": actions,
        "figures": report_figures(report, with_heading=False),
        "form": NarrativeForm(instance=report, initial={"version": report.version}) if actions.save else None,
        "return_form": ReturnForm() if actions.return_ else None,
        "reason_form": ReasonForm(),
        "scan_form": ScanForm(),
        "events": events,
        # Only a reopened report has earlier approved copies: others spend no query on them.
        "approved_copies": report.approved_copies.select_related("approved_by", "reopened_by")
        if any(e.action == ReportEvent.Action.REOPEN for e in events)
        else [],
        "pdf_available": pdf_doc.available(),
    }
    return render(request, "reports/report.html", context)


@login_required
def approved_copy(request, pk, sequence):
    """An earlier approved version of a report, exactly as it was approved (no "Hiện tại")."""
    report = _report_for(request, pk)
    copy = get_object_or_404(
        report.approved_copies.select_related("approved_by", "reopened_by"), sequence=sequence
    )
    figures = view_of(copy.document)
    figures.approved = figures.frozen = True
    context = {"report": report, "copy": copy, "figures": figures}
    return render(request, "reports/approved_copy.html", context)


@login_required
@require_POST
def save(request, pk):
    """The form's save button and the autosave while typing (htmx: answers a status fragment)."""
    report = _report_for(request, pk)
    report, error = _save_narrative(request, report)
    if request.headers.get("HX-Request") == "true":
        response = render(request, "reports/_autosave.html", {"report": report, "error": error})
        if error:
            response.status_code = 409
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã lưu bản nháp."))
    return redirect("reports:detail", pk=pk)


def _save_narrative(request, report):
    """Saves the narrative form posted with the request: (the report, an error message or None)."""
    actions = workflow.available_actions(report, request.user)
    if not actions.save:
        return report, actions.refusals[workflow.SAVE]
    form = NarrativeForm(request.POST, instance=report)
    if not form.is_valid():
        return report, " ".join(m for errors in form.errors.values() for m in errors) or _(
            "Nội dung chưa hợp lệ."
        )
    try:
        report = workflow.save_draft(
            report, by=request.user, data=form.cleaned_data, version=form.cleaned_data.get("version")
        )
    except ValidationError as exc:
        return report, " ".join(exc.messages)
    return report, None


@login_required
@require_POST
def submit(request, pk):
    """Sends the report. Pressed under the narrative form, it saves what was typed first, so the
    report sent is the one on the screen, even if the autosave has not caught up."""
    if "version" in request.POST:
        _report, error = _save_narrative(request, _report_for(request, pk))
        if error:
            messages.error(request, error)
            return redirect("reports:detail", pk=pk)
    return _step(request, pk, workflow.SUBMIT, workflow.submit_report, _("Đã gửi báo cáo."))


@login_required
@require_POST
def withdraw(request, pk):
    return _step(request, pk, workflow.WITHDRAW, workflow.withdraw_report, _("Đã rút lại báo cáo."))


@login_required
@require_POST
def approve(request, pk):
    return _step(request, pk, workflow.APPROVE, workflow.approve_report, _("Đã duyệt báo cáo."))


@login_required
@require_POST
def return_(request, pk):
    return _step(
        request,
        pk,
        workflow.RETURN,
        workflow.return_report,
        _("Đã trả lại báo cáo."),
        form=ReturnForm(request.POST),
        invalid=_("Hãy ghi lý do trả lại."),
        arguments=lambda form: {"reason": form.cleaned_data["reason"], "section_notes": form.section_notes()},
    )


@login_required
@require_POST
def reopen(request, pk):
    return _step(
        request,
        pk,
        workflow.REOPEN,
        workflow.reopen_report,
        _("Đã mở lại báo cáo."),
        form=ReasonForm(request.POST),
        invalid=_("Hãy ghi lý do mở lại (lý do được lưu giữ)."),
        arguments=lambda form: {"reason": form.cleaned_data["reason"]},
    )


@login_required
@require_POST
def upload_scan(request, pk):
    return _step(
        request,
        pk,
        workflow.SCAN,
        workflow.attach_signed_scan,
        _("Đã tải bản ký."),
        form=ScanForm(request.POST, request.FILES),
        invalid=_("Hãy chọn tệp bản ký."),
        arguments=lambda form: {"upload": form.cleaned_data["scan"]},
    )


def _signed_scan(field) -> FileResponse:
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True)


@login_required
def scan(request, pk):
    return _signed_scan(_report_for(request, pk).signed_scan)


@login_required
def approved_copy_scan(request, pk, sequence):
    """The signed scan of an earlier approved version, for whoever may read the report."""
    copy = get_object_or_404(_report_for(request, pk).approved_copies, sequence=sequence)
    return _signed_scan(copy.signed_scan)


@login_required
def records(request, pk):
    """Drill-down: the records behind a total of the report (live roll-up of its period)."""
    report = _report_for(request, pk)
    access = access_for(request.user)
    if not workflow.available_actions(report, request.user).records:
        raise Http404
    from .rollup import rollup_for_period

    r = rollup_for_period(report.unit, report.period)
    params = {
        k: int(v) for k, v in request.GET.items() if k in ("row", "content_area", "indicator") and v.isdigit()
    }
    qs = access.scope(r.records(**params))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "reports/records.html", {"report": report, "page": page})


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(report, ext):
    return doc_common.filename(report, ext)


@login_required
def download_xlsx(request, pk):
    report = _report_for(request, pk)
    return _download(
        xlsx_doc.render(report),
        _filename(report, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _document_job(request, report, fmt):
    """The provincial report's document is made by a background job (POST starts it, or finds the
    one already running); a GET, from a bookmark, asks first."""
    if request.method != "POST":
        return render(request, "reports/document_job.html", {"report": report, "fmt": fmt})
    job = doc_jobs.start(report, fmt, by=request.user, language=get_language())
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def download_docx(request, pk):
    report = _report_for(request, pk)
    if doc_jobs.runs_as_job(report):
        return _document_job(request, report, "docx")
    return _download(
        docx_doc.render(report),
        _filename(report, "docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
@require_http_methods(["GET", "POST"])
def download_pdf(request, pk):
    report = _report_for(request, pk)
    if doc_jobs.runs_as_job(report) and pdf_doc.available():
        return _document_job(request, report, "pdf")
    try:
        content = pdf_doc.render(report)
    except pdf_doc.PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reports:detail", pk=pk)
    return _download(content, _filename(report, "pdf"), "application/pdf")


# -- notifications and dashboard -----------------------------------------------------------------
@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user).select_related("report")[:100]
    return render(request, "reports/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("reports:notifications")


@login_required
def dashboard(request):
    access = _officer_or_staff(request)
    unit = None
    if not access.is_provincial:
        unit = access.primary_unit
    return render(request, "reports/dashboard.html", dashboard_data(unit))
