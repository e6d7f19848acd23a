"""Pages of activity records. Thin: validate with a form, call a rule in services, render."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from childprog.access import access_for
from childprog.formats import format_number
from childprog.models import ContentArea, Unit
from childprog.tabular import CSV_TYPE, XLSX_TYPE, csv_lines, write_xlsx
from jobs.models import Job
from jobs.runner import start_job

from . import exports, imports, resources, services
from .filters import ActivityFilter
from .forms import ActivityForm, AttachmentForm, ConsentForm, DeleteForm, ImportForm, NewsForm
from .history import change_history, changes_since
from .models import Activity, Attachment, NewsPost
from .selectors import list_summary, with_children
from .uploads import store_upload

PAGE_SIZE = 25


def _require_recorder(request):
    access = access_for(request.user)
    if not (access.is_provincial or access.recording_roots):
        raise PermissionDenied(_("Bạn không có quyền ghi hoạt động."))
    return access


def _require_reader_of_records(request):
    access = access_for(request.user)
    if not (access.is_provincial or access.officer_units):
        raise PermissionDenied(_("Bạn không có quyền xem hoạt động."))
    return access


def _get_activity(request, pk, *, write=False):
    access = access_for(request.user)
    return access.get_for_user(Activity.objects.for_pages(), write=write, pk=pk)


# -- list and exports -------------------------------------------------------------------------
def _filtered(request):
    access = _require_reader_of_records(request)
    return ActivityFilter(request.GET, queryset=access.scope(Activity.objects.for_pages()), access=access)


@login_required
@require_GET
def activity_list(request):
    filterset = _filtered(request)
    qs = filterset.qs
    count, sums = list_summary(qs)
    paginator = Paginator(with_children(qs), PAGE_SIZE)
    paginator.count = count  # known already: no second COUNT over the records
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/list.html",
        {
            "filter": filterset,
            "page": page,
            "totals": sums,
            "count": count,
            "query": query.urlencode(),
            # sort order and subtree have defaults: only the other fields narrow the list
            "query_has_filters": any(v for k, v in query.items() if k not in ("sort", "subtree")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_export(request, fmt):
    """Small exports answer at once (CSV streamed, XLSX written once); larger ones ask to run as
    a background job, so no request outlives the server's timeout."""
    query = (
        request.GET.copy()
        if request.method == "GET"
        else QueryDict(request.POST.get("query", ""), mutable=True)
    )
    query.pop("page", None)
    _require_reader_of_records(request)
    qs = exports.filtered_records(request.user, query)
    if request.method == "POST":
        job = start_job(
            exports.export_records,
            owner=request.user,
            kind="activities.export",
            title=_("Xuất %(fmt)s danh sách hoạt động") % {"fmt": fmt.upper()},
            params={"format": fmt, "query": query.urlencode(), "language": get_language()},
        )
        return redirect("jobs:detail", pk=job.pk)
    count = qs.count()
    if count > settings.EXPORT_INLINE_MAX_ROWS:
        return render(
            request, "activities/export_large.html", {"count": count, "fmt": fmt, "query": query.urlencode()}
        )
    figures = resources.figure_columns()
    columns, rows = exports.columns(figures), exports.rows(qs, figures)
    exports.record_export(request.user, fmt, count)
    if fmt == "xlsx":
        out = io.BytesIO()
        write_xlsx(out, columns, rows, title=_("Hoạt động"))
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(csv_lines(columns, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(fmt)}"'
    return response


# -- record and edit --------------------------------------------------------------------------
@login_required
def activity_create(request):
    access = _require_recorder(request)
    # "Hiện chỉ tiêu" (without JavaScript) re-renders the form with the chosen area's indicators.
    refresh = "_refresh" in request.POST
    form = ActivityForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and not refresh and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.record_activity(
                by=request.user,
                data=form.record_data(),
                confirm_duplicate=data["confirm_duplicate"],
                correction_reason=data["correction_reason"],
                submission_key=data["submission_key"] or uuid.uuid4(),
                files=[],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            _store_files(activity, data["files"], request.user, data["photos_show_children"])
            messages.success(request, _("Đã lưu hoạt động “%(t)s”.") % {"t": activity.title})
            return redirect(reverse("activities:detail", args=[activity.pk]) + "?da-luu=new")
    if refresh:
        form.errors.clear()
    return render(request, "activities/form.html", {"form": form, "draft_key": "new"})


def _store_files(activity, files, user, shows_children):
    for upload in files or []:
        store_upload(activity, upload, by=user, shows_children=shows_children and upload.kind == "photo")


@login_required
@require_GET
def indicator_fields(request):
    """The htmx fragment: movements and indicators of the chosen content area."""
    access = _require_recorder(request)
    instance = None
    if request.GET.get("activity"):
        instance = _get_activity(request, request.GET["activity"])
    form = ActivityForm(request.GET, access=access, instance=instance)
    form.errors.clear()
    return render(request, "activities/_indicators.html", {"form": form})


def _raw(value) -> str:
    """A form value as the form's inputs take it (dates dd/mm/yyyy, objects by pk)."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(getattr(value, "pk", value))


def _take_theirs(post, current: Activity):
    """The submitted data with every field the officer chose to take from the other's save
    (merge_<field>=theirs) replaced by the saved value."""
    theirs = ActivityForm.initial_from(current)
    chosen = [k.removeprefix("merge_") for k, v in post.items() if k.startswith("merge_") and v == "theirs"]
    if not chosen:
        return post
    data = post.copy()
    for name in chosen:
        if name in theirs or name.startswith("fig_"):
            data[name] = _raw(theirs.get(name))
    return data


def _conflict(form, access, error) -> dict:
    """What the other officer saved, and each field where what this officer typed differs from it,
    so they can keep theirs, take the other's, or choose field by field."""
    current = error.current
    theirs = ActivityForm.initial_from(current)
    fields = []
    for name, bound in form.fields.items():
        if name in ("version", "submission_key", "confirm_duplicate", "correction_reason", "files"):
            continue
        if name not in theirs and not name.startswith("fig_"):
            continue
        mine, other = _raw(form.cleaned_data.get(name)), _raw(theirs.get(name))
        if mine == other:
            continue
        if hasattr(bound, "queryset"):
            shown = {str(o.pk): str(o) for o in bound.queryset.filter(pk__in=[x for x in (mine, other) if x])}
            mine_shown, other_shown = shown.get(mine, mine), shown.get(other, other)
        else:
            mine_shown, other_shown = mine, other
        fields.append({"name": name, "label": bound.label, "mine": mine_shown, "theirs": other_shown})
    return {
        "changes": changes_since(current, error.expected_version),
        "current": current,
        "fields": fields,
    }


@login_required
def activity_edit(request, pk):
    activity = _get_activity(request, pk, write=True)
    access = access_for(request.user)
    refresh = "_refresh" in request.POST
    post = _take_theirs(request.POST, activity) if request.method == "POST" else None
    form = ActivityForm(post, request.FILES or None, access=access, instance=activity)
    conflict = None
    if request.method == "POST" and not refresh and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_activity(
                activity,
                by=request.user,
                expected_version=data["version"],
                data=form.record_data(),
                confirm_duplicate=data["confirm_duplicate"],
                correction_reason=data["correction_reason"],
            )
        except services.EditConflict as error:
            conflict = _conflict(form, access, error)
            form.add_error(None, error)
            # Saving again now means "over their save, knowingly": the form carries their version.
            form.data = form.data.copy()
            form.data["version"] = error.current.version
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            _store_files(activity, data["files"], request.user, data["photos_show_children"])
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(reverse("activities:detail", args=[activity.pk]) + f"?da-luu=sua-{activity.pk}")
    if refresh:
        form.errors.clear()
    return render(
        request,
        "activities/form.html",
        {"form": form, "activity": activity, "conflict": conflict, "draft_key": f"sua-{activity.pk}"},
    )


@login_required
def activity_delete(request, pk):
    activity = _get_activity(request, pk, write=True)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_activity(activity, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error.messages)
        else:
            messages.success(
                request, _("Đã xóa hoạt động “%(t)s” (vẫn còn trong lịch sử).") % {"t": activity.title}
            )
            return redirect("activities:list")
    return render(request, "activities/delete.html", {"activity": activity, "form": form})


# -- detail, files, news ----------------------------------------------------------------------
@login_required
@require_GET
def activity_detail(request, pk):
    access = access_for(request.user)
    activity = access.get_for_user(
        Activity.objects.for_pages().select_related("created_by", "updated_by"), pk=pk
    )
    figures = activity.figures.select_related("indicator", "target_group").order_by(
        "indicator__content_area__number", "indicator__order", "target_group__order"
    )
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "figures": figures,
            "attachments": activity.attachments.all(),
            "history": change_history(activity),
            "can_change": access.can_change_unit(activity.unit),
            "can_publish": services.can_publish(request.user, activity),
            "news": NewsPost.objects.filter(activity=activity).first(),
            "attachment_form": AttachmentForm(),
            "clear_draft": request.GET.get("da-luu", ""),
        },
    )


@login_required
@require_POST
def attachment_add(request, pk):
    activity = _get_activity(request, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        _store_files(
            activity, form.cleaned_data["files"], request.user, form.cleaned_data["photos_show_children"]
        )
        messages.success(request, _("Đã thêm tệp."))
    else:
        for error in form.errors.get("files", []):
            messages.error(request, error)
    return redirect("activities:detail", pk=activity.pk)


def _get_attachment(request, pk):
    access = access_for(request.user)
    return access.get_for_user(
        Attachment.objects.select_related("activity__unit"), unit_field="activity__unit", pk=pk
    )


def _file_response(field, attachment, *, as_download):
    path = Path(field.path)
    if not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"), content_type="image/jpeg" if field.name.endswith(".jpg") else attachment.content_type
    )
    disposition = "attachment" if as_download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="tep-{attachment.pk}{path.suffix}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def attachment_file(request, pk, variant="file"):
    """A private file, after the access check (never from a public folder)."""
    attachment = _get_attachment(request, pk)
    field = attachment.thumbnail if variant == "thumb" and attachment.thumbnail else attachment.file
    return _file_response(field, attachment, as_download=not attachment.is_photo)


@login_required
@require_POST
def attachment_consent(request, pk):
    attachment = _get_attachment(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.record_consent(
                attachment,
                by=request.user,
                shows_children=form.cleaned_data["shows_children"],
                consent_recorded=form.cleaned_data["consent_recorded"],
                note=form.cleaned_data["consent_note"],
            )
            messages.success(request, _("Đã cập nhật thông tin ảnh."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("activities:detail", pk=attachment.activity_id)


@login_required
def news_publish(request, pk):
    activity = _get_activity(request, pk)
    if not services.can_publish(request.user, activity):
        raise PermissionDenied(_("Bạn không được đăng tin hoạt động này."))
    post = NewsPost.objects.filter(activity=activity).first()
    initial = {"public_text": post.public_text, "photos": post.photos.all()} if post else {}
    form = NewsForm(request.POST or None, activity=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_news(
                activity,
                by=request.user,
                public_text=form.cleaned_data["public_text"],
                photos=form.cleaned_data["photos"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã đăng tin công khai."))
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/publish.html", {"activity": activity, "form": form, "post": post})


@login_required
@require_POST
def news_unpublish(request, pk):
    activity = _get_activity(request, pk)
    services.unpublish_news(activity, by=request.user)
    messages.success(request, _("Đã gỡ tin khỏi trang công khai."))
    return redirect("activities:detail", pk=activity.pk)


# -- import -----------------------------------------------------------------------------------
@login_required
@require_GET
def import_template(request):
    _require_recorder(request)
    response = HttpResponse(
        resources.import_template(by=request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong.xlsx"'
    return response


@login_required
def import_upload(request):
    """Step 1: upload and check once; show the errors, or a preview of what will be created.
    What the check produced waits under the private media folder for the confirmation. A file
    above IMPORT_INLINE_MAX_ROWS rows is checked by a background job instead, whose page leads
    back to the same errors or preview (import_checked)."""
    _require_recorder(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imports.check_size(upload.size)
        except imports.ImportRefused as refusal:
            context["result"] = imports.CheckResult(errors=[(0, str(refusal))])
            return render(request, "activities/import.html", context)
        data = upload.read()
        rows = imports.count_rows(data)
        if imports.is_large(rows):
            job = start_job(
                imports.check_import_job,
                owner=request.user,
                kind=imports.CHECK_KIND,
                title=_("Kiểm tra tệp nhập “%(name)s”") % {"name": upload.name},
                params={
                    "upload": imports.keep_upload(data),
                    "name": upload.name,
                    "rows": rows,
                    "language": get_language(),
                },
            )
            return redirect("jobs:detail", pk=job.pk)
        result = imports.check_import(data, upload.name, by=request.user)
        context["result"] = result
        if result.ok:
            pending = imports.save_pending(result, by=request.user, data=data, name=upload.name)
            request.session["activity_import"] = {"token": pending.token, "name": upload.name}
            context.update(_pending_context(pending))
    return render(request, "activities/import.html", context)


@login_required
@require_GET
def import_checked(request, pk):
    """Step 1 of a large file, once its check job is done: the same errors or preview as an
    inline check shows, for the job's owner alone."""
    job = get_object_or_404(Job, pk=pk, kind=imports.CHECK_KIND)
    if not access_for(request.user).may_read_job(job):
        raise Http404  # as for every job: nobody else learns it exists
    _require_recorder(request)
    if job.status != Job.Status.DONE:
        return redirect("jobs:detail", pk=job.pk)
    context = {"form": ImportForm()}
    if job.result.get("errors"):
        context["result"] = imports.CheckResult(
            errors=[tuple(e) for e in job.result["errors"]], errors_total=job.result.get("error_count")
        )
        return render(request, "activities/import.html", context)
    token = job.result.get("token", "")
    pending = imports.load_pending(token, by=request.user)
    if pending is None:
        if imports.was_confirmed(token):
            messages.warning(request, imports.already_confirmed_message())
            return redirect("activities:list")
        messages.error(request, imports.expired_message())
        return redirect("activities:import")
    request.session["activity_import"] = {"token": pending.token, "name": job.result.get("name", "")}
    context.update(_pending_context(pending))
    return render(request, "activities/import.html", context)


def _pending_context(pending, **extra):
    return {"token": pending.token, "pending": pending.meta, "preview": pending.meta["preview"], **extra}


@login_required
@require_POST
def import_confirm(request):
    """Step 2: write what the check produced (the file is not read or checked again); many rows
    are written by a background job with progress. A second press of Confirm writes nothing."""
    _require_recorder(request)
    token = request.POST.get("token", "")
    session = request.session.get("activity_import") or {}
    pending = imports.load_pending(token, by=request.user) if session.get("token") == token else None
    if pending is None and session.get("token") == token and imports.was_confirmed(token):
        messages.warning(request, imports.already_confirmed_message())
        return redirect("activities:list")
    if pending is None:
        messages.error(request, imports.expired_message())
        return redirect("activities:import")
    if pending.meta["duplicate_count"] and not request.POST.get("confirm_duplicate"):
        context = _pending_context(pending, form=ImportForm(), duplicate_error=True)
        return render(request, "activities/import.html", context)
    if imports.is_large(pending.meta["rows"]):
        return _confirm_as_job(request, pending)
    try:
        created = imports.confirm_pending(pending, by=request.user)
    except imports.AlreadyConfirmed:
        messages.warning(request, imports.already_confirmed_message())
        return redirect("activities:list")
    except imports.Conflict:
        messages.error(request, imports.conflict_message())
        return redirect("activities:import")
    request.session.pop("activity_import", None)
    messages.success(request, imports.imported_message(created, pending.meta["already_imported"]))
    return redirect("activities:list")


def _confirm_as_job(request, pending):
    """One job per confirmed check: pressing Confirm again, while it waits or runs, leads to the
    same job (two presses at once start two, and the claim lets only one of them write)."""
    started = Job.objects.filter(
        owner=request.user, kind=imports.CONFIRM_KIND, params__token=pending.token
    ).first()
    if started is not None:
        messages.warning(request, imports.already_confirmed_message())
        return redirect("jobs:detail", pk=started.pk)
    job = start_job(
        imports.confirm_import_job,
        owner=request.user,
        kind=imports.CONFIRM_KIND,
        title=_("Nhập %(n)s hoạt động từ tệp “%(name)s”")
        % {"n": format_number(pending.meta["rows"]), "name": pending.meta["name"]},
        params={"token": pending.token, "language": get_language()},
    )
    return redirect("jobs:detail", pk=job.pk)


# -- public news (no login) -------------------------------------------------------------------
@require_GET
def news_list(request):
    posts = NewsPost.objects.select_related("activity__unit", "activity__content_area").prefetch_related(
        "photos"
    )
    districts = Unit.objects.filter(kind__in=[Unit.Kind.DISTRICT, Unit.Kind.CITY]).order_by("path")
    district = request.GET.get("district")
    if district:
        unit = districts.filter(code=district).first()
        if unit is not None:
            posts = posts.filter(activity__unit__path__startswith=unit.path)
    area = request.GET.get("content_area")
    if area and area.isdigit():
        posts = posts.filter(activity__content_area__number=int(area))
    page = Paginator(posts, 10).get_page(request.GET.get("page"))
    areas = list(dict.fromkeys((a.number, a.short_name) for a in ContentArea.objects.order_by("number")))
    return render(
        request,
        "activities/news_list.html",
        {
            "page": page,
            "districts": districts,
            "areas": areas,
            "district": district,
            "area": area,
        },
    )


@require_GET
def news_photo(request, pk, variant="file"):
    """A published photo: public only while it is on a published post and may be published."""
    attachment = get_object_or_404(Attachment, pk=pk, kind=Attachment.Kind.PHOTO, news_posts__isnull=False)
    if not attachment.may_be_published:
        raise Http404
    field = attachment.thumbnail if variant == "thumb" and attachment.thumbnail else attachment.file
    response = _file_response(field, attachment, as_download=False)
    response["Cache-Control"] = "public, max-age=3600"
    return response
