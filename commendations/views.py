"""The register's pages. Every query goes through the one door (access_for): a commendation of
another district is 404 by every URL, filter and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childprog.access import access_for

from .exports import register_xlsx
from .filters import CommendationFilter
from .forms import CommendationForm
from .models import Commendation
from .services import delete_commendation, erase_personal_data, save_commendation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(request, pk, *, write=False):
    return access_for(request.user).get_for_user(Commendation.objects.for_pages(), write=write, pk=pk)


def _filtered(request):
    access = access_for(request.user)
    return CommendationFilter(
        request.GET, queryset=access.scope(Commendation.objects.for_pages()), access=access
    )


@login_required
def commendation_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    can_record = access_for(request.user).recordable_units().exists()
    return render(
        request, "commendations/list.html", {"filter": filterset, "page": page, "can_record": can_record}
    )


@login_required
def commendation_export(request):
    name = f"khen-thuong-{timezone.localdate():%Y%m%d}.xlsx"
    content = register_xlsx(_filtered(request).qs, by=request.user, name=name)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def commendation_detail(request, pk):
    commendation = _get(request, pk)
    return render(
        request,
        "commendations/detail.html",
        {
            "commendation": commendation,
            "activities": access_for(request.user).scope(commendation.activities.select_related("unit")),
            "can_change": access_for(request.user).can_change_unit(commendation.unit),
        },
    )


@login_required
def commendation_create(request):
    access = access_for(request.user)
    if not access.recordable_units().exists():
        raise PermissionDenied(_("Bạn không ghi khen thưởng cho đơn vị nào."))
    form = CommendationForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        commendation = save_commendation(form, by=request.user)
        messages.success(request, _("Đã ghi khen thưởng."))
        return redirect("commendations:detail", pk=commendation.pk)
    return render(request, "commendations/form.html", {"form": form})


@login_required
def commendation_edit(request, pk):
    commendation = _get(request, pk, write=True)
    form = CommendationForm(request.POST or None, instance=commendation, access=access_for(request.user))
    if request.method == "POST" and form.is_valid():
        save_commendation(form, by=request.user)
        messages.success(request, _("Đã lưu."))
        return redirect("commendations:detail", pk=commendation.pk)
    return render(request, "commendations/form.html", {"form": form, "commendation": commendation})


@login_required
@require_POST
def commendation_erase(request, pk):
    commendation = _get(request, pk, write=True)
    if commendation.kind != Commendation.Kind.INDIVIDUAL:
        raise PermissionDenied(_("Chỉ xóa dữ liệu cá nhân của người được khen."))
    erase_personal_data(commendation, by=request.user)
    messages.success(request, _("Đã xóa tên và thông tin cá nhân, kể cả trong lịch sử thay đổi."))
    return redirect("commendations:detail", pk=commendation.pk)


@login_required
@require_POST
def commendation_delete(request, pk):
    commendation = _get(request, pk, write=True)
    delete_commendation(commendation)
    messages.success(request, _("Đã xóa khen thưởng."))
    return redirect("commendations:list")
