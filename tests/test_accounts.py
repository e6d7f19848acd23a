"""Accounts inside the portal: who may create, deactivate, reassign, reset passwords."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from childprog import accounts
from childprog.models import Membership, Role, User
from tests.conftest import make_user


@pytest.fixture
def ta_lung(units):
    """A grassroots officer of Quảng Hòa (thị trấn Tà Lùng)."""
    return make_user("talung", units["quang-hoa-ta-lung"], Role.GRASSROOTS_OFFICER)


def create(by, unit, role=Role.GRASSROOTS_OFFICER, username="moi"):
    return accounts.create_officer(by=by, username=username, full_name="Cán bộ Mới", unit=unit, role=role)


def login(username, password):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


# -- creating ------------------------------------------------------------------------------------
def test_provincial_staff_create_a_district_officer_with_a_temporary_password(provincial, units):
    user, password = create(provincial, units["quang-hoa"], Role.DISTRICT_OFFICER)
    assert user.must_change_password
    assert user.check_password(password)
    assert password not in user.password  # stored hashed only
    assert list(user.memberships.values_list("unit__code", "role")) == [("quang-hoa", Role.DISTRICT_OFFICER)]


def test_provincial_staff_create_a_report_reader_at_the_province(provincial, units):
    user, _ = create(provincial, units["cao-bang"], Role.REPORT_READER)
    assert user.memberships.get().role == Role.REPORT_READER


def test_district_officer_creates_an_officer_of_its_grassroots_unit(officer_ha_quang, units):
    user, _ = create(officer_ha_quang, units["ha-quang-thong-nong"])
    assert user.memberships.get().unit == units["ha-quang-thong-nong"]


def test_district_officer_cannot_create_a_district_officer(officer_ha_quang, units):
    with pytest.raises(ValidationError) as error:
        create(officer_ha_quang, units["ha-quang-thong-nong"], Role.DISTRICT_OFFICER)
    assert "role" in error.value.message_dict


@pytest.mark.parametrize("code", ["quang-hoa-ta-lung", "ha-quang", "cao-bang"])
def test_district_officer_cannot_create_accounts_outside_its_grassroots_units(officer_ha_quang, units, code):
    with pytest.raises(ValidationError) as error:
        create(officer_ha_quang, units[code])
    assert "unit" in error.value.message_dict
    assert not User.objects.filter(username="moi").exists()


def test_no_account_is_created_in_an_ended_unit(provincial, units):
    with pytest.raises(ValidationError, match="đã kết thúc"):
        create(provincial, units["thong-nong-tt"])


def test_a_role_must_suit_the_level_of_the_unit(provincial, units):
    with pytest.raises(ValidationError, match="Huyện Đoàn"):
        create(provincial, units["ha-quang-tt"], Role.DISTRICT_OFFICER)


@pytest.mark.parametrize("persona", ["grassroots", "reader"])
def test_grassroots_officers_and_readers_create_no_account(personas, units, persona):
    with pytest.raises(PermissionDenied):
        create(personas[persona], units["ha-quang-tt"])


def test_a_taken_username_is_refused_whatever_its_case(provincial, units, grassroots):
    with pytest.raises(ValidationError) as error:
        create(provincial, units["ha-quang-tt"], username="XuanHoa")
    assert "username" in error.value.message_dict


# -- who may be managed --------------------------------------------------------------------------
def test_district_officer_manages_only_users_placed_in_its_grassroots_units(
    officer_ha_quang, grassroots, ta_lung, provincial, officer_quang_hoa, reader
):
    assert list(accounts.manageable_users(officer_ha_quang)) == [grassroots]


def test_a_user_holding_a_place_outside_the_district_is_not_the_districts_to_manage(
    officer_ha_quang, grassroots, units
):
    Membership.objects.create(user=grassroots, unit=units["cao-bang"], role=Role.REPORT_READER)
    with pytest.raises(PermissionDenied):
        accounts.reset_password(by=officer_ha_quang, user=grassroots)


def test_provincial_staff_manage_everyone_but_admins_and_themselves(provincial, personas):
    admin = User.objects.create_superuser("quantri", password="x")
    managed = set(accounts.manageable_users(provincial))
    assert admin not in managed and provincial not in managed
    assert {p for p in personas.values() if p and p != provincial} <= managed


@pytest.mark.parametrize(
    "rule",
    [
        lambda by, user: accounts.reset_password(by=by, user=user),
        lambda by, user: accounts.deactivate_user(by=by, user=user),
        lambda by, user: accounts.reassign_user(
            by=by, user=user, unit=user.memberships.get().unit, role="grassroots"
        ),
    ],
    ids=["reset", "deactivate", "reassign"],
)
def test_district_officer_cannot_touch_another_districts_or_the_provinces_users(
    officer_ha_quang, ta_lung, provincial, officer_quang_hoa, rule
):
    for user in (ta_lung, provincial, officer_quang_hoa, officer_ha_quang):
        with pytest.raises(PermissionDenied):
            rule(officer_ha_quang, user)


# -- deactivating --------------------------------------------------------------------------------
def test_a_deactivated_officer_cannot_log_in_and_reactivated_can(officer_quang_hoa, ta_lung):
    from tests.conftest import PASSWORD

    accounts.deactivate_user(by=officer_quang_hoa, user=ta_lung)
    client, response = login("talung", PASSWORD)
    assert response.status_code == 200  # the form again, with its message
    assert "_auth_user_id" not in client.session

    accounts.reactivate_user(by=officer_quang_hoa, user=ta_lung)
    _, response = login("talung", PASSWORD)
    assert response.status_code == 302


def test_deactivating_ends_the_open_session(provincial, grassroots):
    client = Client()
    client.force_login(grassroots)
    accounts.deactivate_user(by=provincial, user=grassroots)
    assert client.get(reverse("home")).status_code == 302


# -- reassigning ---------------------------------------------------------------------------------
def test_reassigning_replaces_every_former_place(provincial, grassroots, units):
    Membership.objects.create(
        user=grassroots, unit=units["ha-quang-thong-nong"], role=Role.GRASSROOTS_OFFICER
    )
    accounts.reassign_user(by=provincial, user=grassroots, unit=units["quang-hoa-ta-lung"], role="grassroots")
    assert list(grassroots.memberships.values_list("unit__code", flat=True)) == ["quang-hoa-ta-lung"]


def test_an_officer_of_an_ended_unit_reads_only_until_given_a_new_unit(reformed_units):
    from childprog.access import access_for

    # Not the `provincial` persona: it loads the unreformed units, which would mix with these.
    provincial = make_user("tinh", reformed_units["cao-bang"], Role.PROVINCIAL_STAFF)
    officer = make_user("cu", reformed_units["ha-quang-tt"], Role.GRASSROOTS_OFFICER)
    assert not access_for(officer).recordable_units().exists()

    accounts.reassign_user(
        by=provincial, user=officer, unit=reformed_units["ha-quang-tt-2025"], role=Role.GRASSROOTS_OFFICER
    )
    officer = User.objects.get(pk=officer.pk)  # a fresh access for the new place
    assert access_for(officer).can_record_for(reformed_units["ha-quang-tt-2025"])


def test_district_officer_moves_an_officer_between_its_own_grassroots_units(
    officer_ha_quang, grassroots, units
):
    accounts.reassign_user(
        by=officer_ha_quang, user=grassroots, unit=units["ha-quang-thong-nong"], role=Role.GRASSROOTS_OFFICER
    )
    assert grassroots.memberships.get().unit == units["ha-quang-thong-nong"]


def test_district_officer_cannot_move_its_officer_to_another_district(officer_ha_quang, grassroots, units):
    with pytest.raises(ValidationError):
        accounts.reassign_user(
            by=officer_ha_quang,
            user=grassroots,
            unit=units["quang-hoa-ta-lung"],
            role=Role.GRASSROOTS_OFFICER,
        )
    assert grassroots.memberships.get().unit == units["ha-quang-tt"]


# -- temporary passwords -------------------------------------------------------------------------
def test_temporary_passwords_are_random_and_readable():
    passwords = {accounts.temporary_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(p) == 14 and not set(p) & set("0O1lI") for p in passwords)


def test_a_reset_password_forces_a_change_at_next_login_and_then_works(officer_ha_quang, grassroots):
    password = accounts.reset_password(by=officer_ha_quang, user=grassroots)

    client, response = login("xuanhoa", password)
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Hoa-mai-no-2026", "new_password2": "Hoa-mai-no-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    grassroots.refresh_from_db()
    assert not grassroots.must_change_password

    _, response = login("xuanhoa", password)  # the temporary password was one-time
    assert response.status_code == 200
    _, response = login("xuanhoa", "Hoa-mai-no-2026")
    assert response.status_code == 302


# -- the pages -----------------------------------------------------------------------------------
def test_provincial_staff_create_an_account_and_see_the_password_once(client_for, units):
    client = client_for("provincial")
    response = client.post(
        reverse("accounts:create"),
        {
            "username": "lucha",
            "full_name": "Lục Văn Hà",
            "email": "",
            "unit": units["ha-quang"].pk,
            "role": Role.DISTRICT_OFFICER,
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = response.context["password"]
    assert password in response.content.decode()
    assert User.objects.get(username="lucha").check_password(password)


def test_the_create_form_offers_only_the_managers_units_and_roles(client_for, units):
    form = client_for("officer_ha_quang").get(reverse("accounts:create")).context["form"]
    codes = set(form.fields["unit"].queryset.values_list("code", flat=True))
    assert codes == {
        "ha-quang-tt",
        "ha-quang-thong-nong",
    }  # current grassroots units, not Thông Nông's ended town
    assert [value for value, _ in form.fields["role"].choices] == [Role.GRASSROOTS_OFFICER]


def test_a_bad_create_form_shows_the_reason_next_to_the_field_and_keeps_what_was_typed(client_for, units):
    response = client_for("officer_ha_quang").post(
        reverse("accounts:create"),
        {
            "username": "xuan hoa!",
            "full_name": "Bế Văn Xuân",
            "unit": units["ha-quang-tt"].pk,
            "role": "grassroots",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert "Bế Văn Xuân" in response.content.decode()


def test_a_reset_from_the_account_page_shows_a_new_password(client_for, grassroots):
    response = client_for("officer_ha_quang").post(reverse("accounts:reset_password", args=[grassroots.pk]))
    assert response.status_code == 200
    grassroots.refresh_from_db()
    assert grassroots.must_change_password
    assert grassroots.check_password(response.context["password"])


def test_reassigning_to_a_unit_outside_the_district_re_renders_with_the_reason(client_for, grassroots, units):
    response = client_for("officer_ha_quang").post(
        reverse("accounts:reassign", args=[grassroots.pk]),
        {"unit": units["quang-hoa-ta-lung"].pk, "role": Role.GRASSROOTS_OFFICER},
    )
    assert response.status_code == 200
    assert response.context["place_form"].errors["unit"]
    assert grassroots.memberships.get().unit == units["ha-quang-tt"]


def test_the_account_list_is_searchable(client_for, grassroots, ta_lung):
    page = client_for("provincial").get(reverse("accounts:list"), {"q": "Tà Lùng"}).context["page"]
    assert list(page) == [ta_lung]


def test_the_account_list_takes_a_bounded_number_of_queries(client_for, units, django_assert_max_num_queries):
    for i in range(30):
        make_user(f"cb{i}", units["ha-quang-tt" if i % 2 else "quang-hoa-ta-lung"], Role.GRASSROOTS_OFFICER)
    client = client_for("provincial")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:list"))
    assert len(response.context["page"]) >= 30
