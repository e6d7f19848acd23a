"""The one rule of visibility (docs/visibility.md), through childprog.access."""

from datetime import date

import pytest
from django.http import Http404

from childprog.access import access_for
from childprog.models import Membership, Role, Unit

from .conftest import d, make_user


def visible_codes(user):
    return set(access_for(user).scope(Unit.objects.all(), unit_field="pk").values_list("code", flat=True))


def test_provincial_staff_see_every_unit(provincial, units):
    assert visible_codes(provincial) == set(units)


def test_a_district_officer_sees_the_predecessors_carried_into_the_district(officer_ha_quang):
    codes = visible_codes(officer_ha_quang)
    assert {"ha-quang", "ha-quang-tt", "thong-nong", "thong-nong-tt", "ha-quang-thong-nong"} <= codes
    assert "quang-hoa" not in codes and "cao-bang" not in codes


def test_quang_hoa_sees_phuc_hoa_and_quang_uyen_but_not_tra_linh(officer_quang_hoa):
    codes = visible_codes(officer_quang_hoa)
    assert {"phuc-hoa", "quang-uyen", "phuc-hoa-ta-lung", "quang-uyen-tt"} <= codes
    assert "tra-linh" not in codes  # its primary successor is Trùng Khánh


def test_a_grassroots_officer_sees_only_its_own_unit(grassroots):
    assert visible_codes(grassroots) == {"ha-quang-tt"}


def test_a_report_reader_and_anonymous_see_no_unit_data(reader, units):
    from django.contrib.auth.models import AnonymousUser

    assert visible_codes(reader) == set()
    assert visible_codes(AnonymousUser()) == set()


def test_get_for_user_is_404_for_another_districts_object(officer_ha_quang, units):
    access = access_for(officer_ha_quang)
    with pytest.raises(Http404):
        access.get_for_user(Unit.objects.all(), unit_field="pk", pk=units["quang-hoa"].pk)
    assert access.get_for_user(Unit.objects.all(), unit_field="pk", pk=units["thong-nong"].pk)


def test_officers_record_for_their_current_subtree_on_valid_dates(officer_ha_quang, units):
    access = access_for(officer_ha_quang)
    assert access.can_record_for(units["ha-quang-tt"], d("01/06/2024"))
    assert not access.can_record_for(units["quang-hoa"], d("01/06/2024"))
    # Thông Nông ended on 29/02/2020: it is Hà Quảng's history, not a unit to record for now...
    assert not access.can_record_for(units["thong-nong"], d("01/06/2024"))
    # ...and its records stay correctable by Hà Quảng's officer.
    assert access.can_change_unit(units["thong-nong"])
    assert not access.can_change_unit(units["quang-hoa"])


def test_an_officer_whose_unit_ended_reads_its_history_and_records_nothing(reformed_units, time_machine):
    time_machine.move_to(date(2026, 1, 5))
    officer = make_user("hoaan", reformed_units["hoa-an"], Role.DISTRICT_OFFICER)
    access = access_for(officer)
    assert "hoa-an-tt" in visible_codes(officer)
    assert "hoa-an-tt-2025" not in visible_codes(officer)
    assert not access.can_record_for(reformed_units["hoa-an-tt"], d("01/03/2025"))
    assert not access.can_change_unit(reformed_units["hoa-an-tt"])
    assert not access.recordable_units().exists()


def test_a_user_of_several_units_sees_all_of_them(units):
    user = make_user("hai-don-vi", units["ha-quang"], Role.DISTRICT_OFFICER)
    Membership.objects.create(user=user, unit=units["quang-hoa"], role=Role.DISTRICT_OFFICER)
    codes = visible_codes(user)
    assert {"thong-nong", "phuc-hoa"} <= codes


def test_district_officers_manage_only_their_grassroots_units_accounts(officer_ha_quang, units):
    access = access_for(officer_ha_quang)
    assert access.can_manage_accounts_of(units["ha-quang-tt"])
    assert not access.can_manage_accounts_of(units["ha-quang"])
    assert not access.can_manage_accounts_of(units["quang-hoa-ta-lung"])


def test_access_costs_a_bounded_number_of_queries(officer_ha_quang, units, django_assert_max_num_queries):
    assert access_for(officer_ha_quang).visible_unit_ids  # warms the unit graph cache
    fresh = type(officer_ha_quang).objects.get(pk=officer_ha_quang.pk)
    with django_assert_max_num_queries(3):
        access = access_for(fresh)
        assert units["thong-nong"].pk in access.visible_unit_ids
        assert access.can_change_unit(units["thong-nong"])
