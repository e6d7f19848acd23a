from django.db.models import Q
from django.utils.functional import SimpleLazyObject, cached_property

from childprog.access import access_for

from .models import Report


def returned_reports(access) -> list[Report]:
    """The returned reports this user is the one to fix: those of the units they are officer of
    (provincial staff fix the province's own report). Checked on every page, so one query."""
    if not access.is_authenticated or not (access.officer_units or access.is_provincial):
        return []
    units = Q(unit__in=[u.pk for u in access.officer_units])
    if access.is_provincial:
        units |= Q(unit__parent__isnull=True)
    return list(
        Report.objects.for_pages().filter(units, status=Report.Status.RETURNED).order_by("-period__end")
    )


class _Attention:
    def __init__(self, request):
        self.request = request

    @cached_property
    def returned_reports(self):
        return returned_reports(access_for(self.request.user))


def attention(request):
    """`attention` in every template: what waits for this user (the menu's badge, the home page).
    Nothing is queried unless a template asks."""
    return {"attention": SimpleLazyObject(lambda: _Attention(request))}
