"""A record's figures carry copies of its unit, end date and content area (the roll-up reads the
copies alone). Whichever way a record changes — the edit form, the service, the import, the admin,
a plain queryset update — its figures follow it, so a roll-up never counts a figure on a date,
a unit or an area its record no longer has."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from activities import services
from activities.imports import import_activities
from activities.models import Activity, Figure
from activities.testing import area_on, load_programs, make_activity
from childprog.models import Role
from tests.conftest import d, make_user
from tests.test_activity_edit import edit_data
from tests.test_activity_import import good_rows, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programs(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return load_programs()


@pytest.fixture
def activity(officer_ha_quang, units):
    return make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"), title="Vui Tết thiếu nhi")


def copies(activity):
    """The (unit, end date, area) each figure of the record carries, and the record's own."""
    activity = Activity.objects.get(pk=activity.pk)
    own = (activity.unit_id, activity.end_date, activity.content_area_id)
    carried = set(
        Figure.objects.filter(activity=activity).values_list("unit_id", "end_date", "content_area_id")
    )
    return own, carried


def assert_figures_follow(activity):
    own, carried = copies(activity)
    assert carried == {own}


def test_the_edit_form(client_for, activity, units):
    data = edit_data(activity, end_date="03/06/2022", start_date="03/06/2022", unit=units["ha-quang-tt"].pk)
    assert (
        client_for("officer_ha_quang").post(reverse("activities:edit", args=[activity.pk]), data).status_code
        == 302
    )
    assert copies(activity)[0][:2] == (units["ha-quang-tt"].pk, d("03/06/2022"))
    assert_figures_follow(activity)


def test_the_service(activity, officer_ha_quang, units):
    data = services.RecordData(
        unit=activity.unit,
        content_area=area_on(d("05/06/2022"), 4),
        movement=None,
        title=activity.title,
        start_date=d("05/06/2022"),
        end_date=d("05/06/2022"),
        figures={("children", None): 10},
    )
    services.update_activity(activity, by=officer_ha_quang, expected_version=activity.version, data=data)
    assert copies(activity)[0][2] == area_on(d("05/06/2022"), 4).pk
    assert_figures_follow(activity)


def test_the_import(officer_ha_quang):
    assert import_activities(xlsx(good_rows()), "a.xlsx", by=officer_ha_quang).created == 3
    for activity in Activity.objects.all():
        assert_figures_follow(activity)


def test_the_admins_history_revert(client, activity, officer_ha_quang, units):
    first = activity.history.earliest()
    Activity.objects.filter(pk=activity.pk).update(end_date=d("09/06/2022"))
    admin = make_user("quantri", None, Role.PROVINCIAL_STAFF, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:activities_activity_simple_history", args=[activity.pk, first.history_id])
    assert client.post(url, {"_save": "1"}).status_code == 302
    assert copies(activity)[0][1] == d("01/06/2022")
    assert_figures_follow(activity)


def test_a_plain_save(activity, units):
    activity = Activity.objects.get(pk=activity.pk)
    activity.unit = units["ha-quang-tt"]
    activity.save()
    assert_figures_follow(activity)


def test_a_queryset_update(activity, units):
    Activity.objects.filter(pk=activity.pk).update(end_date=F("end_date") + timedelta(days=2))
    assert copies(activity)[0][1] == d("03/06/2022")
    assert_figures_follow(activity)
    Activity.objects.filter(pk=activity.pk).update(unit=units["ha-quang-tt"])
    assert_figures_follow(activity)


def test_a_bulk_update(activity):
    activity = Activity.objects.get(pk=activity.pk)
    activity.end_date = d("04/06/2022")
    Activity.objects.bulk_update([activity], ["end_date"])
    assert_figures_follow(activity)


def test_an_update_that_leaves_the_copied_fields_alone_costs_one_query(activity, django_assert_num_queries):
    with django_assert_num_queries(1):
        Activity.objects.filter(pk=activity.pk).update(title="Vui Tết thiếu nhi 1/6")


def test_the_copies_cannot_be_changed_on_the_figures_alone(activity):
    with pytest.raises(TypeError):
        Figure.objects.filter(activity=activity).update(end_date=d("09/09/2022"))
    assert_figures_follow(activity)
