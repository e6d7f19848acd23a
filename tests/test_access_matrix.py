"""Who gets what from the core pages: home, units, sign-in, password, accounts.

Other apps add their own matrix files built on tests/matrix.py."""

import pytest
from django.urls import reverse

from childprog.models import Membership, Role, User
from tests.conftest import make_user
from tests.matrix import Case, base_world, check, expect, matrix

MANAGERS = {"provincial": 200, "officer_ha_quang": 200, "officer_quang_hoa": 200}


def password_of(user):
    return User.objects.get(pk=user.pk).password


def is_active(user):
    return User.objects.get(pk=user.pk).is_active


def account(name, action="detail"):
    return lambda w: reverse(f"accounts:{action}", args=[getattr(w, name).pk])


CASES = [
    Case("home", lambda w: reverse("home"), expect(200)),
    Case("units today", lambda w: reverse("units"), expect(200)),
    Case("units on 15/02/2020", lambda w: reverse("units") + "?date=15/02/2020", expect(200)),
    Case("units on a bad date", lambda w: reverse("units") + "?date=31/02/2020", expect(200)),
    Case("login", lambda w: reverse("login"), expect(302, anonymous=200)),
    Case("password change", lambda w: reverse("password_change"), expect(200)),
    Case("account list", lambda w: reverse("accounts:list"), expect(403, **MANAGERS)),
    Case("account create form", lambda w: reverse("accounts:create"), expect(403, **MANAGERS)),
    # Xuân Hòa's grassroots officer belongs to Hà Quảng: another district's ids reveal nothing.
    Case(
        "Xuân Hòa officer's account",
        account("grassroots"),
        expect(403, **MANAGERS | dict(officer_quang_hoa=404)),
    ),
    Case(
        "Tà Lùng officer's account", account("ta_lung"), expect(403, **MANAGERS | dict(officer_ha_quang=404))
    ),
    # Nobody below the province manages a provincial account; nobody manages their own here.
    Case("provincial staff's account", account("provincial"), expect(403, **dict.fromkeys(MANAGERS, 404))),
    Case(
        "Hà Quảng officer's account",
        account("officer_ha_quang"),
        expect(403, **MANAGERS | dict(officer_ha_quang=404, officer_quang_hoa=404)),
    ),
    Case(
        "reset Xuân Hòa officer's password",
        account("grassroots", "reset_password"),
        expect(403, **MANAGERS | dict(officer_quang_hoa=404)),
        method="post",
        effect=lambda w: password_of(w.grassroots),
        changes={"provincial", "officer_ha_quang"},
    ),
    Case(
        "reset provincial staff's password",
        account("provincial", "reset_password"),
        expect(403, **dict.fromkeys(MANAGERS, 404)),
        method="post",
        effect=lambda w: password_of(w.provincial),
    ),
    Case(
        "deactivate Tà Lùng officer",
        account("ta_lung", "deactivate"),
        expect(403, provincial=302, officer_quang_hoa=302, officer_ha_quang=404),
        method="post",
        effect=lambda w: is_active(w.ta_lung),
        changes={"provincial", "officer_quang_hoa"},
    ),
    Case(
        "reactivate Tà Lùng officer",
        account("ta_lung", "reactivate"),
        expect(403, provincial=302, officer_quang_hoa=302, officer_ha_quang=404),
        method="post",
        setup=lambda w: User.objects.filter(pk=w.ta_lung.pk).update(is_active=False),
        effect=lambda w: is_active(w.ta_lung),
        changes={"provincial", "officer_quang_hoa"},
    ),
    Case(
        "reassign Xuân Hòa officer",
        account("grassroots", "reassign"),
        expect(403, provincial=302, officer_ha_quang=302, officer_quang_hoa=404),
        method="post",
        data=lambda w: {"unit": w.units["ha-quang-thong-nong"].pk, "role": Role.GRASSROOTS_OFFICER},
        effect=lambda w: list(
            Membership.objects.filter(user=w.grassroots).values_list("unit__code", flat=True)
        ),
        changes={"provincial", "officer_ha_quang"},
    ),
    # Actions are POST-only: a link or a prefetch never changes an account.
    Case("reset by GET", account("grassroots", "reset_password"), expect(405, anonymous=405)),
    Case("deactivate by GET", account("grassroots", "deactivate"), expect(405, anonymous=405)),
]


@pytest.fixture
def world(units, personas):
    world = base_world(units, personas)
    world.ta_lung = make_user("talung", units["quang-hoa-ta-lung"], Role.GRASSROOTS_OFFICER)
    return world


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)
