"""The core pages: home, the units tree on a date, sign-in and password, accounts in the portal.

Views validate with a form, call a rule from childprog/accounts.py and render or redirect; what a
user may see comes from childprog/access.py only.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import accounts
from .access import access_for
from .forms import (
    LoginForm,
    OfficerCreateForm,
    PlaceForm,
    PortalPasswordChangeForm,
    SearchForm,
    UnitDateForm,
)
from .history import UnitGraph, UnitNode
from .models import Unit

ACCOUNTS_PER_PAGE = 50


# -- home ----------------------------------------------------------------------------------------
@dataclass
class Place:
    """One of the user's units, as the home page shows it."""

    unit: UnitNode
    role_label: str
    ancestors: list[UnitNode]
    successors: list[UnitNode]
    ended: bool


# (URL name, label, help, who sees it). Later apps add their URLs; a link whose URL does not
# exist yet is left out, so this page never breaks while the portal grows.
NEXT_STEPS = [
    (
        "activities:create",
        gettext_lazy("Ghi một hoạt động"),
        gettext_lazy("Hoạt động vừa tổ chức và số liệu của nó."),
        "record",
    ),
    (
        "activities:list",
        gettext_lazy("Hoạt động đã ghi"),
        gettext_lazy("Xem, sửa, xuất danh sách hoạt động."),
        "see",
    ),
    (
        "reports:index",
        gettext_lazy("Báo cáo định kỳ"),
        gettext_lazy("Lập, nộp và theo dõi báo cáo theo kỳ."),
        "report",
    ),
    (
        "reports:dashboard",
        gettext_lazy("Theo dõi tiến độ"),
        gettext_lazy("Đơn vị nào đã báo cáo, số liệu theo đơn vị, nội dung, kỳ."),
        "see",
    ),
    ("plans:list", gettext_lazy("Kế hoạch năm"), gettext_lazy("Chỉ tiêu năm và tiến độ thực hiện."), "see"),
    (
        "commendations:list",
        gettext_lazy("Khen thưởng"),
        gettext_lazy("Sổ khen thưởng tập thể, cá nhân."),
        "see",
    ),
    (
        "library:list",
        gettext_lazy("Văn bản"),
        gettext_lazy("Hướng dẫn, kế hoạch của Tỉnh Đoàn."),
        "anyone",
    ),
    (
        "units",
        gettext_lazy("Cơ cấu tổ chức"),
        gettext_lazy("Các đơn vị theo từng thời điểm và lịch sử sáp nhập."),
        "anyone",
    ),
    (
        "accounts:list",
        gettext_lazy("Tài khoản"),
        gettext_lazy("Tạo tài khoản, cấp lại mật khẩu tạm, chuyển đơn vị."),
        "accounts",
    ),
]


def _next_steps(access):
    can = {
        "anyone": True,
        "record": bool(access.recording_roots),
        "see": bool(access.officer_units) or access.is_provincial,
        "report": bool(access.officer_units) or access.is_provincial or access.is_reader,
        "accounts": access.can_manage_accounts,
    }
    reads_only = access.is_reader and not access.officer_units and not access.is_provincial
    steps = []
    for name, label, help_text, who in NEXT_STEPS:
        if not can[who]:
            continue
        if reads_only and name == "reports:index":
            # A report reader neither drafts nor submits: say what they can do there.
            help_text = gettext_lazy("Đọc, tải về các báo cáo đã được phê duyệt.")
        try:
            steps.append({"url": reverse(name), "label": label, "help": help_text})
        except NoReverseMatch:
            continue
    return steps


def _places(access, graph: UnitGraph) -> list[Place]:
    today = timezone.localdate()
    places = []
    for membership in access.memberships:
        node = graph.nodes[membership.unit_id]
        codes = node.path.rstrip("/").split("/")[:-1]
        places.append(
            Place(
                unit=node,
                role_label=membership.get_role_display(),
                ancestors=[graph.by_code[c] for c in codes if c in graph.by_code],
                successors=[graph.nodes[s] for s in graph.successors.get(node.id, [])],
                ended=not node.is_valid_on(today),
            )
        )
    return places


@login_required
def home(request):
    access = access_for(request.user)
    places = _places(access, access.graph)
    return render(
        request,
        "childprog/home.html",
        {
            "places": places,
            "read_only": bool(places) and all(p.ended for p in places) and not access.is_provincial,
            "steps": _next_steps(access),
            "kinds": dict(Unit.Kind.choices),
        },
    )


# -- units on a date -----------------------------------------------------------------------------
@dataclass
class TreeNode:
    unit: UnitNode
    kind: str
    ended: bool
    note: str = ""
    predecessors: list[UnitNode] = field(default_factory=list)
    successors: list[tuple[UnitNode, bool, date]] = field(default_factory=list)
    children: list["TreeNode"] = field(default_factory=list)
    ancestors: list[UnitNode] = field(default_factory=list)


def _shown_unit_ids(access, graph: UnitGraph, day) -> set[int]:
    """The units of the tree on `day` this user may see.

    Officers see their subtree and the units carried into it (Hà Quảng's officer sees Thông Nông
    before 2020). Report readers see the province and the units reporting to it directly: the rows
    of the provincial reports they read (districts until 06/2025, communes since)."""
    valid = {i for children in graph.structure_on(day).values() for i in children}
    if access.is_provincial:
        return valid
    shown = set()
    if access.officer_units:
        shown |= valid & access.visible_unit_ids
    if access.is_reader:
        shown |= {i for i in valid if graph.nodes[i].depth <= 1}
    return shown


KIND_ORDER = {kind: i for i, kind in enumerate(Unit.Kind.values)}


def _sort_key(node: UnitNode):
    """Siblings in the order officers expect: the city before the districts, then by name as read
    without diacritics (so "Đ" sorts with "D", not after "Z")."""
    plain = unicodedata.normalize("NFD", node.name.replace("Đ", "D").replace("đ", "d"))
    return (
        node.depth,
        KIND_ORDER.get(node.kind, 99),
        "".join(c for c in plain if not unicodedata.combining(c)),
    )


def _unit_tree(access, graph: UnitGraph, day) -> list[TreeNode]:
    today = timezone.localdate()
    shown = _shown_unit_ids(access, graph, day)
    notes = dict(Unit.objects.filter(pk__in=shown).exclude(note="").values_list("pk", "note"))
    kinds = dict(Unit.Kind.choices)
    predecessors: dict[int, list[UnitNode]] = {}
    for pred, succs in graph.successors.items():
        for s in succs:
            predecessors.setdefault(s, []).append(graph.nodes[pred])
    nodes = {}
    for i in sorted(shown, key=lambda i: _sort_key(graph.nodes[i])):
        n = graph.nodes[i]
        nodes[i] = TreeNode(
            unit=n,
            kind=kinds.get(n.kind, n.kind),
            ended=n.valid_to is not None and n.valid_to < today,
            note=notes.get(i, ""),
            predecessors=sorted(predecessors.get(i, []), key=lambda p: p.path),
            # A successor may be older than the change (Hà Quảng took in Thông Nông): the change
            # took effect the day after the predecessor's last valid day.
            successors=[
                (graph.nodes[s], graph.primary_successor.get(i) == s, n.valid_to + timedelta(days=1))
                for s in graph.successors.get(i, [])
                if n.valid_to is not None
            ],
        )
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        if parent is not None:
            parent.children.append(node)
        else:
            codes = node.unit.path.rstrip("/").split("/")[:-1]
            node.ancestors = [graph.by_code[c] for c in codes if c in graph.by_code]
            roots.append(node)
    return roots


@login_required
def unit_tree(request):
    access = access_for(request.user)
    form = UnitDateForm(request.GET or None)
    day = form.day()
    roots = _unit_tree(access, access.graph, day)
    # An officer of an ended unit sees nothing after its end: point to its last day instead.
    ended = [u.valid_to for u in access.officer_units if u.valid_to is not None and u.valid_to < day]
    return render(
        request,
        "childprog/units.html",
        {
            "form": form,
            "day": day,
            "day_text": day.strftime("%d/%m/%Y"),
            "today": timezone.localdate(),
            "roots": roots,
            "count": _count(roots),
            "last_day": max(ended) if ended and not roots else None,
            "quick_dates": [
                (_("Trước 01/03/2020"), "29/02/2020"),
                (_("Trước 01/07/2025"), "30/06/2025"),
            ],
        },
    )


def _count(nodes):
    return sum(1 + _count(n.children) for n in nodes)


# -- signing in ----------------------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def password_change(request):
    form = PortalPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("home")
    return render(request, "registration/password_change_form.html", {"form": form})


# -- accounts ------------------------------------------------------------------------------------
def account_manager_required(view):
    """Signed in, and allowed to manage some accounts (403 otherwise)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access_for(request.user).can_manage_accounts:
            raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản."))
        return view(request, *args, **kwargs)

    return wrapped


def _managed_user(request, pk):
    """A user this manager may manage; 404 for anyone else, so ids reveal nothing."""
    return get_object_or_404(accounts.manageable_users(request.user), pk=pk)


@account_manager_required
def account_list(request):
    form = SearchForm(request.GET or None)
    users = accounts.manageable_users(request.user)
    if form.is_valid():
        users = accounts.search_users(users, form.cleaned_data["q"])
        if not form.cleaned_data["inactive"]:
            users = users.filter(is_active=True)
    else:
        users = users.filter(is_active=True)
    page = Paginator(users, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "childprog/accounts/list.html", {"form": form, "page": page})


@never_cache
@account_manager_required
def account_create(request):
    form = OfficerCreateForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = accounts.create_officer(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Rendered, not redirected: the password exists only in this response.
            return _temporary_password_page(request, user, password, created=True)
    return render(request, "childprog/accounts/create.html", {"form": form})


def _temporary_password_page(request, user, password, *, created):
    # The views showing it are @never_cache: no browser or proxy keeps a copy.
    return render(
        request,
        "childprog/accounts/temporary_password.html",
        {"account": user, "password": password, "created": created},
    )


def _detail(request, user, place_form=None):
    membership = next(iter(user.memberships.all()), None)  # prefetched by manageable_users
    if place_form is None:
        initial = {"unit": membership.unit_id, "role": membership.role} if membership else {}
        place_form = PlaceForm(by=request.user, initial=initial)
    return render(
        request,
        "childprog/accounts/detail.html",
        {"account": user, "place_form": place_form},
    )


@account_manager_required
def account_detail(request, pk):
    return _detail(request, _managed_user(request, pk))


@require_POST
@account_manager_required
def account_reassign(request, pk):
    user = _managed_user(request, pk)
    form = PlaceForm(request.POST, by=request.user)
    if form.is_valid():
        try:
            accounts.reassign_user(by=request.user, user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã chuyển %(user)s về %(unit)s.") % {"user": user, "unit": form.cleaned_data["unit"]},
            )
            return redirect("accounts:detail", pk=user.pk)
    return _detail(request, user, place_form=form)


@never_cache
@require_POST
@account_manager_required
def account_reset_password(request, pk):
    user = _managed_user(request, pk)
    password = accounts.reset_password(by=request.user, user=user)
    return _temporary_password_page(request, user, password, created=False)


@require_POST
@account_manager_required
def account_deactivate(request, pk):
    user = accounts.deactivate_user(by=request.user, user=_managed_user(request, pk))
    messages.success(request, _("Đã khóa tài khoản %(user)s.") % {"user": user})
    return redirect("accounts:detail", pk=user.pk)


@require_POST
@account_manager_required
def account_reactivate(request, pk):
    user = accounts.reactivate_user(by=request.user, user=_managed_user(request, pk))
    messages.success(request, _("Đã mở lại tài khoản %(user)s.") % {"user": user})
    return redirect("accounts:detail", pk=user.pk)
