"""Every hand-typed date takes the same forms, and refuses a wrong one with the same message: an
officer who types 15.06.2024 for an activity may type it for a library document, a commendation,
a plan or a period's due date too (childprog.forms.DateField, the locale's input formats)."""

from datetime import date

import pytest
from django.urls import reverse

from activities.filters import ActivityFilter
from activities.forms import ActivityForm
from activities.models import Activity
from activities.testing import load_programs
from childprog.forms import DateField, UnitDateForm
from commendations.forms import CommendationForm
from commendations.models import Commendation
from library.forms import DocumentForm
from library.models import Document
from plans.forms import PlanForm
from reports.forms import OpenPeriodForm
from tests.test_activity_record import post_data
from tests.test_commendations import form_data
from tests.test_library import upload
from tests.test_periods import open_form

pytestmark = pytest.mark.django_db

TYPED = ["15/06/2024", "15-06-2024", "15.06.2024", "2024-06-15"]
MESSAGE = "Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 15/06/2024."


@pytest.mark.parametrize(
    "form_class, name",
    [
        (ActivityForm, "start_date"),
        (ActivityForm, "end_date"),
        (DocumentForm, "issued_on"),
        (CommendationForm, "decision_date"),
        (CommendationForm, "guardian_consent_on"),
        (CommendationForm, "child_consent_on"),
        (PlanForm, "issued_on"),
        (OpenPeriodForm, "due_date"),
        (UnitDateForm, "date"),
    ],
)
def test_every_date_field_is_the_one_date_field(form_class, name):
    assert type(form_class.base_fields[name]) is DateField


def test_the_list_filters_dates_with_it_too():
    assert all(
        isinstance(ActivityFilter.base_filters[name].field, DateField) for name in ("date_from", "date_to")
    )


@pytest.mark.parametrize("typed", TYPED)
def test_each_way_of_typing_a_date_means_the_same_day(typed):
    assert DateField().clean(typed) == date(2024, 6, 15)


@pytest.mark.parametrize("typed", ["31/02/2024", "15/13/2024", "15 tháng 6", "06/15/2024"])
def test_a_wrong_date_is_refused_with_one_message(typed):
    field = DateField()
    with pytest.raises(Exception) as refused:
        field.clean(typed)
    assert refused.value.messages == [MESSAGE]


def test_the_date_shows_back_as_dd_mm_yyyy():
    assert 'value="15/06/2024"' in str(UnitDateForm(initial={"date": date(2024, 6, 15)})["date"])


# -- through the pages that had their own date fields ----------------------------------------
@pytest.mark.parametrize("typed", TYPED)
def test_an_activity_takes_each_way(client_for, units, typed):
    load_programs()
    data = post_data(units["ha-quang-tt"], day="15/06/2024", start_date=typed, end_date=typed)
    assert client_for("officer_ha_quang").post(reverse("activities:create"), data).status_code == 302
    assert Activity.objects.get().end_date == date(2024, 6, 15)


@pytest.mark.parametrize("typed", TYPED)
def test_a_library_document_takes_each_way(client_for, units, typed):
    response = upload(
        client_for("officer_ha_quang"), unit=units["ha-quang"].pk, issued_on=typed, text="Nội dung"
    )
    assert response.status_code == 302
    assert Document.objects.get().issued_on == date(2024, 6, 15)


@pytest.mark.parametrize("typed", TYPED)
def test_a_commendation_takes_each_way(client_for, units, program, typed):
    data = form_data(units["ha-quang"], decision_date=typed, guardian_consent_on=typed, child_age="5")
    assert client_for("officer_ha_quang").post(reverse("commendations:create"), data).status_code == 302
    assert Commendation.objects.get().decision_date == date(2024, 6, 15)


@pytest.mark.parametrize("typed", TYPED)
def test_a_periods_due_date_takes_each_way(client_for, program, typed):
    from childprog.models import Period

    response = client_for("provincial").post(
        reverse("reports:period_open"), open_form(program, due_date=typed)
    )
    assert response.status_code == 302
    assert Period.objects.get().due_date == date(2024, 6, 15)


def test_a_wrong_date_re_renders_each_form_with_what_was_typed(client_for, units, program):
    pages = [
        client_for("officer_ha_quang").post(reverse("library:create"), {"issued_on": "31/02/2024"}),
        client_for("officer_ha_quang").post(
            reverse("commendations:create"), form_data(units["ha-quang"], decision_date="31/02/2024")
        ),
        client_for("provincial").post(
            reverse("reports:period_open"), open_form(program, due_date="31/02/2024")
        ),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert MESSAGE in html and 'value="31/02/2024"' in html
    assert not (Document.objects.exists() or Commendation.objects.exists())
