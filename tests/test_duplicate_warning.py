"""The likely-duplicate question: same unit (or its parent or child), same dates and a similar title,
read without diacritics, whether or not a movement was chosen."""

import pytest
from django.core.exceptions import ValidationError

from activities.services import RecordData, record_activity, similar_titles
from activities.testing import area_on, load_programs, make_activity
from tests.conftest import d


@pytest.fixture(autouse=True)
def programs(db):
    return load_programs()


SEPT_20 = d("20/09/2023")


def retyped(unit, title, day=SEPT_20):
    return RecordData(
        unit=unit,
        content_area=area_on(day, 2),
        movement=None,
        title=title,
        start_date=day,
        end_date=day,
        figures={},
    )


def test_titles_are_compared_without_diacritics_case_or_spacing():
    assert similar_titles("Trao quà Trung thu cho trẻ em Xuân Hòa", "trao qua trung thu  cho tre em xuan hoa")
    assert similar_titles("Trao quà Trung thu", "Trao quà Trung thu cho trẻ em Xuân Hòa")
    assert not similar_titles("Trao quà Trung thu", "Tập huấn kỹ năng phòng chống đuối nước")


def test_an_activity_retyped_without_accents_and_without_movement_is_questioned(officer_ha_quang, units):
    make_activity(officer_ha_quang, units["ha-quang"], d("20/09/2023"), title="Trao quà Trung thu cho trẻ em")
    with pytest.raises(ValidationError) as error:
        record_activity(
            by=officer_ha_quang, data=retyped(units["ha-quang-tt"], "trao qua trung thu cho tre em")
        )
    assert "Có thể trùng" in error.value.message_dict["confirm_duplicate"][0]
    record_activity(
        by=officer_ha_quang,
        data=retyped(units["ha-quang-tt"], "trao qua trung thu cho tre em"),
        confirm_duplicate=True,
    )


@pytest.mark.parametrize(
    "unit, title, day",
    [
        ("ha-quang", "Tập huấn kỹ năng phòng chống đuối nước", d("20/09/2023")),  # another activity
        ("ha-quang", "Trao quà Trung thu cho trẻ em", d("21/09/2023")),  # another day
        ("quang-hoa", "Trao quà Trung thu cho trẻ em", d("20/09/2023")),  # another district
    ],
)
def test_other_activities_are_saved_without_a_question(provincial, units, unit, title, day):
    make_activity(provincial, units["ha-quang"], d("20/09/2023"), title="Trao quà Trung thu cho trẻ em")
    record_activity(by=provincial, data=retyped(units[unit], title, day))
