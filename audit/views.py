"""The audit log in the portal: read only, for admins and provincial staff."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from childprog.access import access_for

from .filters import EntryFilter
from .models import Entry

PAGE_SIZE = 50


@login_required
@require_GET
def entry_list(request):
    if not access_for(request.user).can_read_audit_log:
        raise PermissionDenied(_("Chỉ quản trị viên và cán bộ Tỉnh Đoàn xem nhật ký hoạt động."))
    filterset = EntryFilter(request.GET, queryset=Entry.objects.all())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"filter": filterset, "page": page})
