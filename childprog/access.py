"""The one door: what a user may see and change (docs/visibility.md).

Every view, export, filter and admin page that shows units' data goes through `access_for(user)`
and its `scope()` / `get_for_user()`; nothing else decides visibility.

- Admins and provincial staff see everything; provincial staff record for any current unit.
- An officer of unit U sees the records of U's subtree and of every unit carried forward into it,
  and records for the units of U's current subtree, on dates those units were valid.
- An officer whose unit has ended keeps read-only access to its history.
- A report reader sees approved provincial reports only, no records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .history import UnitGraph
from .models import Membership, Role, Unit

OFFICER_ROLES = {Role.PROVINCIAL_STAFF, Role.DISTRICT_OFFICER, Role.GRASSROOTS_OFFICER}


@dataclass
class Access:
    user: object
    memberships: list[Membership]

    @cached_property
    def graph(self) -> UnitGraph:
        return UnitGraph.load()

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated and self.user.is_active)

    @cached_property
    def is_admin(self) -> bool:
        return self.is_authenticated and self.user.is_superuser

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    @cached_property
    def is_provincial(self) -> bool:
        """Sees and records everything, reviews reports, opens periods."""
        return self.is_admin or Role.PROVINCIAL_STAFF in self.roles()

    @cached_property
    def is_reader(self) -> bool:
        return Role.REPORT_READER in self.roles()

    @cached_property
    def officer_units(self) -> list[Unit]:
        return [m.unit for m in self.memberships if m.role in OFFICER_ROLES]

    @property
    def primary_unit(self) -> Unit | None:
        units = self.officer_units or [m.unit for m in self.memberships]
        current = [u for u in units if u.is_current]
        return (current or units or [None])[0]

    # -- seeing --------------------------------------------------------------------------------
    @cached_property
    def visible_unit_ids(self) -> set[int] | None:
        """None means every unit."""
        if self.is_provincial:
            return None
        ids: set[int] = set()
        for unit in self.officer_units:
            ids |= self.graph.visible_from(unit.pk)
        return ids

    def can_see_unit(self, unit_id: int) -> bool:
        visible = self.visible_unit_ids
        return visible is None or unit_id in visible

    def scope(self, queryset, unit_field: str = "unit"):
        """The rows of `queryset` this user may read, by the unit they belong to."""
        if not self.is_authenticated:
            return queryset.none()
        visible = self.visible_unit_ids
        if visible is None:
            return queryset
        return queryset.filter(**{f"{unit_field}__in": visible})

    # -- the library ---------------------------------------------------------------------------
    @cached_property
    def library_unit_ids(self) -> set[int] | None:
        """Units whose library documents this user reads besides the province's (None: all).
        A unit's documents are read in its subtree and by the units above it: the district's
        plan by its grassroots officers, a commune's documents by its district."""
        if self.is_provincial:
            return None
        ids = set(self.visible_unit_ids or ())
        for unit in self.officer_units:
            node = self.graph.nodes.get(unit.pk)
            while node is not None:
                ids.add(node.id)
                node = self.graph.nodes.get(node.parent_id) if node.parent_id else None
        return ids

    def library_scope(self, queryset, unit_field: str = "unit"):
        """The library documents this user reads: the province's (its guidelines) for everyone
        logged in; other units' by library_unit_ids."""
        if not self.is_authenticated:
            return queryset.none()
        ids = self.library_unit_ids
        if ids is None:
            return queryset
        return queryset.filter(Q(**{f"{unit_field}__parent__isnull": True}) | Q(**{f"{unit_field}__in": ids}))

    def get_for_user(self, queryset, *, unit_field: str = "unit", write: bool = False, **lookup):
        """Fetch one object for this user: 404 when it is not theirs to see (so another district's
        ids reveal nothing), PermissionDenied when they may only read it and asked to write."""
        obj = self.scope(queryset, unit_field).filter(**lookup).first()
        if obj is None:
            raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
        if write:
            unit = obj
            for part in unit_field.split("__"):
                unit = getattr(unit, part)
            if not self.can_change_unit(unit):
                raise PermissionDenied(_("Bạn chỉ được xem, không được sửa dữ liệu này."))
        return obj

    # -- changing ------------------------------------------------------------------------------
    @cached_property
    def recording_roots(self) -> list[Unit]:
        """Units whose current subtree this user records for (ended units record nothing)."""
        if self.is_provincial:
            return list(Unit.objects.filter(parent__isnull=True))
        today = timezone.localdate()
        return [u for u in self.officer_units if u.is_valid_on(today)]

    def can_record_for(self, unit: Unit, day: date | None = None) -> bool:
        """May record for `unit` (on `day`, when given: the unit must be valid that day)."""
        if day is not None and not unit.is_valid_on(day):
            return False
        return any(unit.path.startswith(root.path) for root in self.recording_roots)

    def can_change_unit(self, unit: Unit) -> bool:
        """May change existing data of `unit`: the unit, or the unit it was carried into, lies in
        one of the user's current subtrees (Hà Quảng's officer corrects Thông Nông's records)."""
        if self.is_provincial:
            return True
        lineage = self.graph.lineage(unit.pk)
        return any(
            self.graph.nodes[x].path.startswith(root.path) for root in self.recording_roots for x in lineage
        )

    def recordable_units(self):
        """Units this user may pick when recording, as a queryset (valid today or in the past)."""
        if not self.recording_roots:
            return Unit.objects.none()
        q = Q()
        for root in self.recording_roots:
            q |= Q(path__startswith=root.path)
        return Unit.objects.filter(q)

    def can_publish_for(self, unit: Unit) -> bool:
        """May publish or withdraw public news of `unit`'s records: provincial staff any; a
        district officer those of its own unit while that unit is current (an ended unit's
        officer only reads its history)."""
        if self.is_provincial:
            return True
        today = timezone.localdate()
        return any(
            u.pk == unit.pk and u.level == Unit.DISTRICT_LEVEL and u.is_valid_on(today)
            for u in self.officer_units
        )

    def can_ask_grassroots(self, unit: Unit) -> bool:
        """May ask the grassroots units of `unit` to report to it: a district-level unit only, by
        its own officer while it is current. Whether a district collects its communes' reports is
        the district's decision; the province reads what the districts send."""
        if unit.level != Unit.DISTRICT_LEVEL:
            return False
        today = timezone.localdate()
        return any(
            m.role == Role.DISTRICT_OFFICER and m.unit.pk == unit.pk and m.unit.is_valid_on(today)
            for m in self.memberships
        )

    # -- reports -------------------------------------------------------------------------------
    # Who may act on a report; which actions its state and the calendar open is reports.workflow's.
    def may_write_report(self, report) -> bool:
        """Officers of the report's unit (its current subtree, on the period's last day) and
        provincial staff write a unit's report; only provincial staff write the province's."""
        if report.is_provincial:
            return self.is_provincial
        return self.is_provincial or self.can_record_for(report.unit, report.period.end)

    def may_review_report(self, report) -> bool:
        """Provincial staff review every report; a district officer reviews its grassroots
        units' (the units whose accounts it manages), never its own or another district's."""
        if self.is_provincial:
            return True
        if report.is_provincial or report.unit.level <= Unit.DISTRICT_LEVEL:
            return False
        return self.can_manage_accounts_of(report.unit)

    @property
    def may_reopen_reports(self) -> bool:
        """Reopening an approved report (with a reason) is the province's alone."""
        return self.is_provincial

    @property
    def may_lock_periods(self) -> bool:
        """Locking and unlocking a period's figures is the province's alone."""
        return self.is_provincial

    @property
    def may_read_report_records(self) -> bool:
        """A report reader reads reports, never the records behind their totals."""
        return self.is_authenticated and (self.is_provincial or not self.is_reader)

    # -- managing accounts ---------------------------------------------------------------------
    def can_manage_accounts_of(self, unit: Unit) -> bool:
        """Provincial staff manage officers of any unit; a district officer those of its own
        current grassroots units (not of itself, not of other districts)."""
        if self.is_provincial:
            return True
        today = timezone.localdate()
        return any(
            m.role == Role.DISTRICT_OFFICER
            and m.unit.is_valid_on(today)
            and unit.path.startswith(m.unit.path)
            and unit.pk != m.unit.pk
            for m in self.memberships
        )

    def manageable_units(self):
        if self.is_provincial:
            return Unit.objects.all()
        q = Q(pk__in=[])
        today = timezone.localdate()
        for m in self.memberships:
            if m.role == Role.DISTRICT_OFFICER and m.unit.is_valid_on(today):
                q |= Q(path__startswith=m.unit.path) & ~Q(pk=m.unit.pk)
        return Unit.objects.filter(q)

    @property
    def can_manage_accounts(self) -> bool:
        return self.is_provincial or any(
            m.role == Role.DISTRICT_OFFICER and m.unit.is_current for m in self.memberships
        )

    # -- the audit log -------------------------------------------------------------------------
    @property
    def can_read_audit_log(self) -> bool:
        """Admins and provincial staff read the audit log (in the portal and the admin); nobody
        changes it."""
        return self.is_authenticated and self.is_provincial

    # -- background jobs -----------------------------------------------------------------------
    def may_read_job(self, job) -> bool:
        """A job's progress and file are its owner's alone: an export holds what the owner could
        see when it ran, and nobody else's scope is the same."""
        return self.is_authenticated and job.owner_id == self.user.pk


def access_for(user) -> Access:
    """The access of `user`, computed once per request (memoised on the user object)."""
    cached = getattr(user, "_childprog_access", None)
    if cached is not None:
        return cached
    memberships = []
    if user is not None and user.is_authenticated:
        memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    access = Access(user, memberships)
    if user is not None:
        user._childprog_access = access
    return access
