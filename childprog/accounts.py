"""Accounts inside the portal: who may create, deactivate, reassign officers and reset passwords.

Provincial staff manage officers of any unit; a district officer manages those of its own
current grassroots units (`Access.can_manage_accounts_of` / `manageable_units`). A manager never
touches a user who holds a place outside the units they manage (a district officer cannot reset
the provincial staff's password), nor their own account (that is the password-change page).

A reset gives a one-time temporary password: generated here, returned once to be shown on the
result page, stored only hashed, and `must_change_password` makes the user change it at the next
login (ForcePasswordChangeMiddleware).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import Action, record

from .access import access_for
from .models import Membership, Role, Unit, User
from .text import search

# No 0/O, 1/l/I: the password is read aloud over the phone or copied from a screen.
TEMP_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMP_PASSWORD_GROUPS = 3
TEMP_PASSWORD_GROUP_LENGTH = 4


def temporary_password() -> str:
    """Like "k7Pq-x3Mz-9TbW": about 70 bits from `secrets`, easy to copy by hand."""
    groups = (
        "".join(secrets.choice(TEMP_PASSWORD_ALPHABET) for _ in range(TEMP_PASSWORD_GROUP_LENGTH))
        for _ in range(TEMP_PASSWORD_GROUPS)
    )
    return "-".join(groups)


# -- reading -------------------------------------------------------------------------------------
def allowed_roles(by) -> list[Role]:
    """The roles `by` may give: provincial staff any, a district officer grassroots officers only."""
    access = access_for(by)
    if access.is_provincial:
        return list(Role)
    if access.can_manage_accounts:
        return [Role.GRASSROOTS_OFFICER]
    return []


def assignable_units(by):
    """Units `by` may give an account in: the current ones among those they manage."""
    return access_for(by).manageable_units().valid_on(timezone.localdate()).order_by("path")


def manageable_users(by):
    """Users whose every place lies among the units `by` manages, with their places preloaded.

    Provincial staff manage every account but the administrators' (and their own); a district
    officer only users placed in its grassroots units and nowhere else."""
    access = access_for(by)
    users = User.objects.exclude(pk=by.pk)
    if not access.can_manage_accounts:
        return users.none()
    if access.is_provincial:
        if not access.is_admin:
            users = users.filter(is_superuser=False)
    else:
        units = access.manageable_units()
        outside = Membership.objects.filter(user=OuterRef("pk")).exclude(unit__in=units)
        users = users.filter(memberships__unit__in=units, is_superuser=False).exclude(Exists(outside))
    return users.distinct().prefetch_related("memberships__unit").order_by("username")


def search_users(users, text: str):
    """The account list's search, diacritic-blind like every list's (childprog.text.search)."""
    fields = ["username", "first_name", "last_name", "email", "memberships__unit__name"]
    return search(users, text, fields).distinct()


# -- checks (inside the transaction of each rule) ------------------------------------------------
def _check_manager(by):
    if not access_for(by).can_manage_accounts:
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản."))


def _check_user(by, user: User) -> User:
    """`user`, locked for the change, when `by` may manage them (PermissionDenied otherwise)."""
    _check_manager(by)
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None or not manageable_users(by).filter(pk=user.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản này."))
    return locked


def check_place(by, unit: Unit, role: str):
    """May `by` give an account the place `role` at `unit`? ValidationError (by field) if not:
    the portal's accounts page and the admin's user pages both ask here."""
    access = access_for(by)
    if not unit.is_valid_on(timezone.localdate()):
        raise ValidationError({"unit": _("Đơn vị %(unit)s đã kết thúc hoạt động.") % {"unit": unit}})
    if not access.can_manage_accounts_of(unit):
        raise ValidationError({"unit": _("Bạn không quản lý tài khoản của %(unit)s.") % {"unit": unit}})
    if role not in allowed_roles(by):
        raise ValidationError({"role": _("Bạn không được giao vai trò này.")})
    if role == Role.DISTRICT_OFFICER and unit.level != Unit.DISTRICT_LEVEL:
        raise ValidationError(
            {"role": _("Cán bộ Huyện/Thành Đoàn phải thuộc một Huyện Đoàn hoặc Thành Đoàn.")}
        )
    if role == Role.GRASSROOTS_OFFICER and unit.level != Unit.GRASSROOTS_LEVEL:
        raise ValidationError({"role": _("Cán bộ Đoàn cơ sở phải thuộc một đơn vị cơ sở.")})
    if role in (Role.PROVINCIAL_STAFF, Role.REPORT_READER) and unit.level != Unit.PROVINCE_LEVEL:
        raise ValidationError({"role": _("Vai trò này chỉ giao tại Tỉnh Đoàn.")})


def check_username(username: str) -> str:
    """The username, stripped, when no account has it yet in any letter case."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("Tên đăng nhập %(name)s đã có người dùng.") % {"name": username}}
        )
    return username


# -- rules ---------------------------------------------------------------------------------------
@transaction.atomic
def create_officer(*, by, username: str, full_name: str, unit: Unit, role: str, email: str = ""):
    """A new account placed at `unit` with `role`. Returns (user, temporary password)."""
    _check_manager(by)
    check_place(by, unit, role)
    username = check_username(username)
    password = temporary_password()
    user = User(
        username=username, first_name=full_name.strip(), email=email.strip(), must_change_password=True
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.create(user=user, unit=unit, role=role)
    record(Action.ACCOUNT_CREATE, user, by=by, detail=f"{Role(role).label}, {unit}")
    return user, password


@transaction.atomic
def deactivate_user(*, by, user: User) -> User:
    """The account can no longer log in (its sessions end too); its history stays."""
    user = _check_user(by, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions(user)
    record(Action.ACCOUNT_DEACTIVATE, user, by=by)
    return user


def end_sessions(user: User) -> int:
    """Delete every open session of `user`. An inactive user's session is merely refused, so it
    would come back to life on reactivation: deactivating ends it for good. Returns how many."""
    from django.contrib.sessions.models import Session

    ended = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def reactivate_user(*, by, user: User) -> User:
    user = _check_user(by, user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(Action.ACCOUNT_REACTIVATE, user, by=by)
    return user


@transaction.atomic
def reassign_user(*, by, user: User, unit: Unit, role: str) -> User:
    """Give `user` a new place, replacing every former one.

    This is also how "a user whose unit has ended keeps read-only access to its history until
    given a new unit" (docs/visibility.md) ends: the new place is current, so they record again."""
    user = _check_user(by, user)
    check_place(by, unit, role)
    user.memberships.all().delete()
    Membership.objects.create(user=user, unit=unit, role=role)
    record(Action.ACCOUNT_REASSIGN, user, by=by, detail=f"{Role(role).label}, {unit}")
    return user


@transaction.atomic
def reset_password(*, by, user: User) -> str:
    """A one-time temporary password, returned to be shown once; the user must change it at the
    next login. Their open sessions end (the session hash changes with the password)."""
    user = _check_user(by, user)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record(Action.ACCOUNT_PASSWORD, user, by=by)
    return password
