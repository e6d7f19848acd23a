"""Recording an activity: the form's defaults and the rules next to each field (docs/records.md)."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import restrictions
from activities.models import Activity
from activities.services import RecordData, record_activity
from activities.testing import area_on, load_programs, make_activity, movement_on
from childprog.guideline import open_period
from childprog.models import Program
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programs(units):
    return load_programs()


def post_data(unit, day="20/09/2022", number=2, **extra):
    area = area_on(d(day), number)
    data = {
        "unit": unit.pk,
        "content_area": area.pk,
        "movement": "",
        "title": "Trao quà Trung thu",
        "start_date": day,
        "end_date": day,
        "fig_children": "120",
        "fig_girls": "50",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(extra)
    return data


def test_the_form_defaults_to_the_officers_unit_and_today(client_for, units):
    response = client_for("officer_ha_quang").get(reverse("activities:create"))
    form = response.context["form"]
    assert form["unit"].value() == units["ha-quang"].pk
    assert form["end_date"].value() == timezone.localdate()


def test_it_records_an_activity_with_vietnamese_numbers(client_for, units, officer_ha_quang):
    data = post_data(units["ha-quang-tt"], fig_gift_value="1.500.000", fig_money="2.000.000")
    response = client_for("officer_ha_quang").post(reverse("activities:create"), data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.unit == units["ha-quang-tt"]
    assert activity.program.code == "ctr-2021-2030"
    assert activity.figures_snapshot == {
        "children": 120,
        "girls": 50,
        "gift_value": 1_500_000,
        "money": 2_000_000,
    }
    assert activity.created_by == officer_ha_quang


def test_the_chosen_areas_indicators_come_without_saving(client_for, units):
    area = area_on(d("01/06/2019"), 3)
    response = client_for("officer_ha_quang").get(
        reverse("activities:indicator_fields"), {"content_area": area.pk, "fig_children": "7"}
    )
    html = response.content.decode()
    assert 'name="fig_officers_trained"' in html and 'name="fig_children"' in html
    assert 'name="fig_playgrounds_built"' not in html
    assert 'value="7"' in html


def test_without_javascript_the_refresh_button_shows_the_indicators(client_for, units):
    data = post_data(units["ha-quang"], number=4, _refresh="1")
    response = client_for("officer_ha_quang").post(reverse("activities:create"), data)
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert 'name="fig_playgrounds_built"' in response.content.decode()


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"start_date": "21/09/2022"}, "end_date", "trước ngày bắt đầu"),
        ({"fig_girls": "130"}, "fig_girls", "lớn hơn"),
        ({"fig_children": "-5"}, "fig_children", "âm"),
        ({"fig_children": "mười"}, "fig_children", "không phải là số"),
        ({"fig_children__poor": "200"}, "fig_children__poor", "lớn hơn"),
        (
            {"end_date": "20/09/2019", "start_date": "20/09/2019"},
            "end_date",
            "ngoài thời gian của chương trình",
        ),
        ({"end_date": "20/09/2012", "start_date": "20/09/2012"}, "end_date", "không thuộc chương trình nào"),
    ],
)
def test_a_bad_value_is_explained_next_to_its_field_and_nothing_typed_is_lost(
    client_for, units, extra, field, message
):
    data = post_data(units["ha-quang"], **extra)
    response = client_for("officer_ha_quang").post(reverse("activities:create"), data)
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["title"].value() == "Trao quà Trung thu"
    assert not Activity.objects.exists()


def test_a_unit_outside_the_officers_subtree_is_refused(client_for, units):
    response = client_for("officer_ha_quang").post(reverse("activities:create"), post_data(units["hoa-an"]))
    assert "unit" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_unit_not_valid_on_the_date_is_refused(provincial, units):
    with pytest.raises(ValidationError) as error:
        make_activity(provincial, units["thong-nong"], d("05/03/2020"))
    assert "ngoài khoảng đó" in error.value.message_dict["unit"][0]
    make_activity(provincial, units["thong-nong"], d("28/02/2020"))


def test_a_report_reader_cannot_record(client_for, reader, units):
    assert client_for("reader").get(reverse("activities:create")).status_code == 403
    with pytest.raises(PermissionDenied):
        make_activity(reader, units["ha-quang"], d("01/06/2022"))


def test_a_double_click_saves_one_record(client_for, units):
    client = client_for("officer_ha_quang")
    data = post_data(units["ha-quang"])
    first = client.post(reverse("activities:create"), data)
    second = client.post(reverse("activities:create"), data)
    assert Activity.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_likely_duplicate_must_be_confirmed(officer_ha_quang, units):
    day = d("01/06/2022")
    make_activity(officer_ha_quang, units["ha-quang"], day, movement="Vòng tay bạn bè")
    data = RecordData(
        unit=units["ha-quang-tt"],  # a child of the first record's unit
        content_area=area_on(day, 2),
        movement=movement_on(day, 2, "Vòng tay bạn bè"),
        title="Vòng tay bạn bè thị trấn",
        start_date=day,
        end_date=day,
        figures={},
    )
    with pytest.raises(ValidationError) as error:
        record_activity(by=officer_ha_quang, data=data)
    assert "trùng" in error.value.message_dict["confirm_duplicate"][0]
    record_activity(by=officer_ha_quang, data=data, confirm_duplicate=True)
    assert Activity.objects.count() == 2


def test_the_duplicate_question_is_shown_in_the_form(client_for, officer_ha_quang, units):
    make_activity(officer_ha_quang, units["ha-quang"], d("20/09/2022"), movement="Vòng tay bạn bè")
    movement = movement_on(d("20/09/2022"), 2, "Vòng tay bạn bè")
    data = post_data(units["ha-quang"], movement=movement.pk)
    response = client_for("officer_ha_quang").post(reverse("activities:create"), data)
    assert 'name="confirm_duplicate"' in response.content.decode()
    data["confirm_duplicate"] = "on"
    assert client_for("officer_ha_quang").post(reverse("activities:create"), data).status_code == 302


def test_a_record_in_an_approved_period_needs_a_reason_and_is_flagged(officer_ha_quang, units):
    def approved_2022(unit, day):
        return "Báo cáo năm 2022 đã được duyệt." if day.year == 2022 else None

    restrictions.register_correction_check(approved_2022)
    try:
        with pytest.raises(ValidationError) as error:
            make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
        assert "đã được duyệt" in error.value.message_dict["correction_reason"][0]
        activity = make_activity(
            officer_ha_quang, units["ha-quang"], d("01/06/2022"), correction_reason="Bổ sung hoạt động bị sót"
        )
        assert activity.corrected_after_approval
        assert not make_activity(
            officer_ha_quang, units["ha-quang"], d("01/06/2023")
        ).corrected_after_approval
    finally:
        restrictions.unregister_correction_check(approved_2022)


def test_a_locked_period_is_changed_by_provincial_staff_alone(officer_ha_quang, provincial, units):
    period = open_period(Program.objects.get(code="ctr-2021-2030"), "year", 2022)
    period.locked_at = timezone.now()
    period.save()
    with pytest.raises(ValidationError) as error:
        make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
    assert "khóa" in error.value.messages[0]
    make_activity(provincial, units["ha-quang"], d("01/06/2022"))
