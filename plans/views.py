"""Plans, their targets and progress. Every plan is fetched through the one door (access_for)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childprog.access import access_for
from childprog.models import Unit

from .forms import CopyPlanForm, PlanForm, TargetGridForm
from .models import Plan
from .progress import districts_progress, plan_progress, plan_span
from .services import can_change_plan, copy_plan_forward, planning_units, program_for_year, set_targets


def _get(request, pk):
    return access_for(request.user).get_for_user(Plan.objects.for_pages(), pk=pk)


def _get_for_change(request, pk):
    plan = _get(request, pk)
    if not can_change_plan(access_for(request.user), plan):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị lập kế hoạch được sửa kế hoạch này."))
    return plan


@login_required
def plan_list(request):
    access = access_for(request.user)
    if not (access.officer_units or access.is_provincial):  # report readers read reports only
        raise PermissionDenied(_("Bạn không có quyền xem kế hoạch."))
    plans = access.scope(Plan.objects.for_pages()).order_by("-year", "unit__path")
    units = planning_units(access)
    copy_form = CopyPlanForm(units=units, initial={"year": timezone.localdate().year})
    return render(
        request,
        "plans/list.html",
        {"plans": plans, "can_plan": units.exists(), "copy_form": copy_form},
    )


@login_required
def plan_create(request):
    units = planning_units(access_for(request.user))
    if not units.exists():
        raise PermissionDenied(_("Chỉ cán bộ Tỉnh Đoàn và Huyện, Thành Đoàn lập kế hoạch."))
    form = PlanForm(
        request.POST or None, request.FILES or None, units=units, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        messages.success(request, _("Đã tạo kế hoạch. Hãy nhập các chỉ tiêu."))
        return redirect("plans:targets", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form})


@login_required
def plan_edit(request, pk):
    plan = _get_for_change(request, pk)
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        instance=plan,
        units=planning_units(access_for(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "plan": plan})


@login_required
def plan_targets(request, pk):
    plan = _get_for_change(request, pk)
    form = TargetGridForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        set_targets(plan, form.values())
        messages.success(request, _("Đã lưu chỉ tiêu."))
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/targets.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request, pk):
    """The progress page: each target, actual to date, percentage and pace."""
    plan = _get(request, pk)
    today = timezone.localdate()
    start, end = plan_span(plan)
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "rows": plan_progress(plan, today=today),
            "start": start,
            "end": end,
            "today": min(today, end),
            "started": today >= start,
            "can_change": can_change_plan(access_for(request.user), plan),
        },
    )


@login_required
def plan_file(request, pk):
    plan = _get(request, pk)
    if not plan.file:
        raise Http404(_("Kế hoạch này không có văn bản đính kèm."))
    extension = plan.file.name.rsplit(".", 1)[-1]
    name = f"{slugify(plan.number or plan.title)[:60] or 'ke-hoach'}.{extension}"
    return FileResponse(plan.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def plan_copy(request):
    access = access_for(request.user)
    form = CopyPlanForm(request.POST, units=planning_units(access))
    if not form.is_valid():
        messages.error(request, _("Hãy chọn đơn vị và năm hợp lệ."))
        return redirect("plans:list")
    try:
        plan = copy_plan_forward(
            unit=form.cleaned_data["unit"], year=form.cleaned_data["year"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:list")
    messages.success(request, _("Đã sao chép chỉ tiêu năm trước: hãy điều chỉnh."))
    return redirect("plans:targets", pk=plan.pk)


@login_required
@require_POST
def plan_delete(request, pk):
    plan = _get_for_change(request, pk)
    plan.delete()
    messages.success(request, _("Đã xóa kế hoạch."))
    return redirect("plans:list")


@login_required
def districts_overview(request):
    """For provincial staff: every district's progress side by side, those behind pace first."""
    access = access_for(request.user)
    if not access.is_provincial:
        raise PermissionDenied(_("Trang này dành cho cán bộ Tỉnh Đoàn."))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    program = program_for_year(year)
    province = (
        Unit.objects.filter(parent__isnull=True, kind=Unit.Kind.PROVINCE).order_by("valid_from").first()
    )
    units = districts_progress(province, program, year, today=today) if program and province else []
    columns = []  # every (indicator, scope) some district targets, in a stable order
    for u in units:
        for row in u.rows:
            key = (row.indicator.pk, row.scope)
            if key not in [c[0] for c in columns]:
                columns.append((key, row))
    grid = [
        (u, [next((r for r in u.rows if (r.indicator.pk, r.scope) == key), None) for key, _ in columns])
        for u in units
    ]
    years = sorted(
        {p.year for p in Plan.objects.filter(year__isnull=False).only("year")} | {today.year}, reverse=True
    )
    return render(
        request,
        "plans/overview.html",
        {
            "year": year,
            "years": years,
            "program": program,
            "grid": grid,
            "columns": [c[1] for c in columns],
            "province": province,
        },
    )
