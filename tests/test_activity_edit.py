"""Editing, lost-update protection, change history and deletion of records (docs/records.md)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from activities import services
from activities.history import change_history
from activities.models import Activity
from activities.services import RecordData
from activities.testing import area_on, load_programs, make_activity
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programs(units):
    return load_programs()


@pytest.fixture
def activity(officer_ha_quang, units):
    return make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"), title="Vui Tết thiếu nhi")


def edit_data(activity, **extra):
    data = {
        "unit": activity.unit_id,
        "content_area": activity.content_area_id,
        "movement": "",
        "title": activity.title,
        "start_date": activity.start_date.strftime("%d/%m/%Y"),
        "end_date": activity.end_date.strftime("%d/%m/%Y"),
        "fig_children": "100",
        "fig_girls": "40",
        "version": activity.version,
    }
    data.update(extra)
    return data


def test_an_officer_edits_a_record_and_the_history_shows_who_changed_what(
    client_for, activity, officer_ha_quang
):
    response = client_for("officer_ha_quang").post(
        reverse("activities:edit", args=[activity.pk]),
        edit_data(activity, title="Vui Tết thiếu nhi 1/6", fig_children="150"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.version == 2
    latest = change_history(activity)[0]
    assert latest.who == officer_ha_quang
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes["tên hoạt động"] == ("Vui Tết thiếu nhi", "Vui Tết thiếu nhi 1/6")
    assert changes["Số trẻ em được hưởng lợi"] == ("100", "150")


def test_the_second_of_two_concurrent_saves_is_refused_and_loses_nothing(
    client_for, activity, grassroots, units
):
    first = client_for("officer_ha_quang")
    second = client_for("provincial")
    opened = edit_data(activity)  # both opened the form at version 1
    assert (
        first.post(
            reverse("activities:edit", args=[activity.pk]), {**opened, "place": "Xã Trường Hà"}
        ).status_code
        == 302
    )
    response = second.post(
        reverse("activities:edit", args=[activity.pk]), {**opened, "title": "Tên của người thứ hai"}
    )
    assert response.status_code == 200
    assert response.context["conflict"]["changes"][0].new == "Xã Trường Hà"
    assert response.context["form"]["title"].value() == "Tên của người thứ hai"
    activity.refresh_from_db()
    assert activity.title == "Vui Tết thiếu nhi" and activity.place == "Xã Trường Hà"


def _conflicted(client_for, activity):
    first, second = client_for("officer_ha_quang"), client_for("provincial")
    opened = edit_data(activity)  # both opened the form at version 1
    first.post(reverse("activities:edit", args=[activity.pk]), {**opened, "place": "Xã Trường Hà"})
    typed = {**opened, "title": "Tên của người thứ hai"}
    response = second.post(reverse("activities:edit", args=[activity.pk]), typed)
    return second, typed, response


def test_after_a_conflict_saving_again_saves_over_knowingly_and_history_keeps_both(client_for, activity):
    second, typed, response = _conflicted(client_for, activity)
    # The re-rendered form carries the version the other officer saved, so Save now goes through.
    assert response.context["form"]["version"].value() == 2
    fields = {f["name"]: f for f in response.context["conflict"]["fields"]}
    assert fields["place"]["theirs"] == "Xã Trường Hà" and fields["place"]["mine"] == ""
    rerendered = {**typed, "version": response.context["form"]["version"].value()}
    again = second.post(reverse("activities:edit", args=[activity.pk]), rerendered)
    assert again.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.place, activity.version) == ("Tên của người thứ hai", "", 3)
    history = change_history(activity)
    assert [c.new for c in history[1].changes if c.field == "địa điểm"] == ["Xã Trường Hà"]
    assert [c.new for c in history[0].changes if c.field == "tên hoạt động"] == ["Tên của người thứ hai"]


def test_after_a_conflict_the_officer_merges_field_by_field(client_for, activity):
    second, typed, _response = _conflicted(client_for, activity)
    merged = {**typed, "version": 2, "merge_place": "theirs", "merge_title": "mine"}
    assert second.post(reverse("activities:edit", args=[activity.pk]), merged).status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.place) == ("Tên của người thứ hai", "Xã Trường Hà")


def test_after_a_conflict_the_officer_can_take_the_others_version(client_for, activity):
    _second, _typed, response = _conflicted(client_for, activity)
    page = response.content.decode()
    assert 'id="take-theirs"' in page and reverse("activities:detail", args=[activity.pk]) in page
    assert 'name="merge_place"' in page


def test_the_service_refuses_a_stale_version(activity, officer_ha_quang):
    data = RecordData(
        unit=activity.unit,
        content_area=activity.content_area,
        movement=None,
        title="Mới",
        start_date=activity.start_date,
        end_date=activity.end_date,
    )
    services.update_activity(activity, by=officer_ha_quang, expected_version=1, data=data)
    with pytest.raises(services.EditConflict):
        services.update_activity(Activity.objects.get(), by=officer_ha_quang, expected_version=1, data=data)


def test_an_officer_of_another_district_gets_404_on_every_url(client_for, activity):
    client = client_for("officer_quang_hoa")
    for name in ("detail", "edit", "delete", "publish"):
        assert client.get(reverse(f"activities:{name}", args=[activity.pk])).status_code == 404


def test_moving_a_record_to_another_program_area_is_checked(client_for, activity):
    data = edit_data(activity, content_area=area_on(d("01/06/2019"), 2).pk)
    response = client_for("officer_ha_quang").post(reverse("activities:edit", args=[activity.pk]), data)
    assert "ngoài thời gian của chương trình" in response.context["form"].errors["end_date"][0]


def test_delete_is_confirmed_and_kept_in_history(client_for, activity):
    client = client_for("officer_ha_quang")
    assert client.get(reverse("activities:delete", args=[activity.pk])).status_code == 200
    assert client.post(reverse("activities:delete", args=[activity.pk])).status_code == 302
    assert not Activity.objects.exists()
    assert Activity.history.filter(id=activity.pk, history_type="-").exists()


def test_a_grassroots_officer_cannot_delete_the_districts_record(client_for, activity, grassroots):
    assert client_for("grassroots").post(reverse("activities:delete", args=[activity.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.delete_activity(activity, by=grassroots)


def test_ha_quangs_officer_edits_thong_nongs_2019_record(client_for, provincial, units):
    old = make_activity(provincial, units["thong-nong"], d("10/10/2019"))
    response = client_for("officer_ha_quang").post(
        reverse("activities:edit", args=[old.pk]), edit_data(old, place="Thông Nông")
    )
    assert response.status_code == 302
