"""Users and their places edited in the admin follow the portal's account rules
(childprog/accounts.py): a current unit, a role that fits the unit's level, a first password the
user must change."""

import re

import pytest
from django.test import Client

from childprog.models import Membership, Role, Unit, User

from .conftest import REFORM_CSV, UNITS_CSV, load_units

ADD = "/quan-tri/childprog/user/add/"


@pytest.fixture
def reformed(db):
    return load_units(UNITS_CSV, REFORM_CSV)


@pytest.fixture
def quantri(db):
    return User.objects.create_superuser("quantri", "qt@example.vn", "Quan-tri-2026")


@pytest.fixture
def admin(quantri):
    client = Client()
    client.force_login(quantri)
    return client


def inline_data(user, rows):
    """The change form's POST: the user's fields as they are, and the memberships inline."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, (unit, role) in enumerate(rows):
        data[f"memberships-{i}-unit"] = str(unit.pk)
        data[f"memberships-{i}-role"] = role
        data[f"memberships-{i}-user"] = str(user.pk)
    return data


def test_a_district_officer_cannot_be_placed_at_a_district_that_has_ended(admin, reformed):
    user = User.objects.create_user("minh", password="x")
    page = admin.post(
        f"/quan-tri/childprog/user/{user.pk}/change/",
        inline_data(user, [(reformed["hoa-an"], Role.DISTRICT_OFFICER)]),
    )
    assert page.status_code == 200
    assert "Đơn vị Huyện Đoàn Hòa An đã kết thúc hoạt động." in page.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_a_district_officer_role_cannot_be_given_at_a_ward(admin, reformed):
    user = User.objects.create_user("minh", password="x")
    page = admin.post(
        f"/quan-tri/childprog/user/{user.pk}/change/",
        inline_data(user, [(reformed["tp-song-bang-2025"], Role.DISTRICT_OFFICER)]),
    )
    assert page.status_code == 200
    assert "Cán bộ Huyện/Thành Đoàn phải thuộc một Huyện Đoàn hoặc Thành Đoàn." in page.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_a_right_place_is_saved(admin, reformed):
    user = User.objects.create_user("minh", password="x")
    response = admin.post(
        f"/quan-tri/childprog/user/{user.pk}/change/",
        inline_data(user, [(reformed["tp-song-bang-2025"], Role.GRASSROOTS_OFFICER)]),
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=user).unit.code == "tp-song-bang-2025"


def test_a_user_made_in_the_admin_gets_a_place_and_must_change_the_first_password(admin, reformed):
    response = admin.post(
        ADD,
        {
            "username": "lucha",
            "full_name": "Lục Văn Hà",
            "email": "",
            "unit": reformed["tp-song-bang-2025"].pk,
            "role": Role.GRASSROOTS_OFFICER,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    password = re.search(r'<code id="temp-password"[^>]*>([^<]+)</code>', body).group(1)
    user = User.objects.get(username="lucha")
    assert user.must_change_password and user.check_password(password)
    assert user.memberships.get().role == Role.GRASSROOTS_OFFICER
    # Their first request anywhere is the password change.
    client = Client()
    assert client.login(username="lucha", password=password)
    assert client.get("/").url == "/doi-mat-khau/"


def test_the_add_form_refuses_what_the_accounts_page_refuses(admin, reformed):
    page = admin.post(
        ADD,
        {
            "username": "minh",
            "full_name": "Minh",
            "unit": reformed["hoa-an"].pk,
            "role": Role.DISTRICT_OFFICER,
        },
    )
    assert page.status_code == 200
    assert not User.objects.filter(username="minh").exists()
    # Ended units are not even offered.
    assert f'value="{reformed["hoa-an"].pk}"' not in page.content.decode()
    User.objects.create_user("Minh2", password="x")
    page = admin.post(
        ADD,
        {
            "username": "minh2",
            "full_name": "Minh",
            "unit": reformed["cao-bang"].pk,
            "role": Role.PROVINCIAL_STAFF,
        },
    )
    assert "Tên đăng nhập minh2 đã có người dùng." in page.content.decode()
    assert not User.objects.filter(username="minh2").exists()


def test_a_password_set_by_the_admin_must_be_changed_at_the_next_login(admin, reformed):
    user = User.objects.create_user("minh", password="Mat-khau-cu-2026")
    response = admin.post(
        f"/quan-tri/childprog/user/{user.pk}/password/",
        {"password1": "Tam-thoi-2026-x", "password2": "Tam-thoi-2026-x"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password and user.check_password("Tam-thoi-2026-x")


def test_membership_unit_choices_show_code_and_validity(admin, reformed):
    user = User.objects.create_user("minh", password="x")
    Membership.objects.create(user=user, unit=reformed["tp-song-bang"], role=Role.GRASSROOTS_OFFICER)
    body = admin.get(f"/quan-tri/childprog/user/{user.pk}/change/").content.decode()
    assert "Đoàn phường Sông Bằng (tp-song-bang) · 01/01/2013–30/06/2025" in body
    assert Unit.objects.filter(code="tp-song-bang").exists()
