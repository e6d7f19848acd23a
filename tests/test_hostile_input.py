"""What an attacker or a careless officer types never gives a 500 and never saves half a record:
non-finite and huge numbers, implausible dates, years outside every program, a form sent twice at
once, an edit that leaves out its version."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from activities import services
from activities.models import Activity, Figure
from activities.testing import area_on, load_programs, make_activity
from childprog.dates import FIGURE_MAX, parse_figure
from childprog.formats import format_number
from commendations.models import Commendation
from plans.models import Plan, Target
from tests.conftest import d

pytestmark = pytest.mark.django_db

HOSTILE_NUMBERS = [
    "NaN",
    "sNaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1e30",
    "99999999999999999999",
    str(2**63),
]


@pytest.fixture(autouse=True)
def programs(units):
    return load_programs()


def record_data(unit, **extra):
    area = area_on(d("20/09/2022"), 2)
    data = {
        "unit": unit.pk,
        "content_area": area.pk,
        "movement": "",
        "title": "Trao quà Trung thu",
        "start_date": "20/09/2022",
        "end_date": "20/09/2022",
        "fig_children": "120",
        "fig_girls": "50",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(extra)
    return data


# -- figures ------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", HOSTILE_NUMBERS)
def test_a_non_finite_or_huge_figure_is_refused_on_the_record_form(client_for, units, typed):
    response = client_for("officer_ha_quang").post(
        reverse("activities:create"), record_data(units["ha-quang"], fig_gift_value=typed)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["fig_gift_value"]
    assert form["fig_gift_value"].value() == typed and form["title"].value() == "Trao quà Trung thu"
    assert not Activity.objects.exists() and not Figure.objects.exists()


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "1e30", str(2**63)])
def test_a_hostile_figure_is_refused_on_the_edit_form_and_the_record_is_unchanged(
    client_for, units, officer_ha_quang, typed
):
    activity = make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
    before = sorted(Figure.objects.values_list("indicator_id", "value"))
    data = record_data(units["ha-quang"], fig_children=typed, version=activity.version)
    data.update(content_area=activity.content_area_id, start_date="01/06/2022", end_date="01/06/2022")
    response = client_for("officer_ha_quang").post(reverse("activities:edit", args=[activity.pk]), data)
    assert response.status_code == 200
    assert response.context["form"]["fig_children"].value() == typed
    activity.refresh_from_db()
    assert activity.version == 1 and sorted(Figure.objects.values_list("indicator_id", "value")) == before


def test_the_largest_plausible_figure_is_accepted_and_one_more_is_refused(client_for, units):
    client = client_for("officer_ha_quang")
    too_big = client.post(
        reverse("activities:create"), record_data(units["ha-quang"], fig_gift_value=str(FIGURE_MAX + 1))
    )
    assert "quá lớn" in " ".join(too_big.context["form"].errors["fig_gift_value"])
    ok = client.post(
        reverse("activities:create"), record_data(units["ha-quang"], fig_gift_value=format_number(FIGURE_MAX))
    )
    assert ok.status_code == 302
    assert Activity.objects.get().figures_snapshot["gift_value"] == FIGURE_MAX


@pytest.mark.parametrize("typed", HOSTILE_NUMBERS)
def test_a_hostile_target_is_refused_on_the_plan_grid_and_nothing_is_saved(client_for, units, program, typed):
    from childprog.models import Indicator

    plan = Plan.objects.create(unit=units["ha-quang"], program=program, year=2019, title="Kế hoạch 2019")
    children = Indicator.objects.get(program=program, code="children")
    money = Indicator.objects.get(program=program, code="money")
    response = client_for("officer_ha_quang").post(
        reverse("plans:targets", args=[plan.pk]), {f"t_{children.pk}_0": "2.000", f"t_{money.pk}_0": typed}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{typed}"' in page and 'value="2.000"' in page
    assert not Target.objects.exists()


def test_parse_figure_is_the_one_rule_for_every_form():
    assert parse_figure("1.500.000") == 1_500_000
    assert parse_figure("") is None
    for typed in HOSTILE_NUMBERS:
        with pytest.raises(Exception) as refused:
            parse_figure(typed)
        assert type(refused.value).__name__ == "ValidationError"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10**28, "10.000.000.000.000.000.000.000.000.000"),
        (99_999_999_999_999_999_999_999_999_999_999, "99.999.999.999.999.999.999.999.999.999.999"),
        (Decimal("12345678901234567890123456789.25"), "12.345.678.901.234.567.890.123.456.789,25"),
        (2**63, "9.223.372.036.854.775.808"),
    ],
)
def test_the_formatter_writes_numbers_beyond_28_digits_exactly(value, expected):
    assert format_number(value) == expected


def test_the_formatter_keeps_decimals_on_huge_numbers_and_passes_absurd_ones_through():
    assert format_number(10**30, 2).endswith(".000,00")
    assert format_number(Decimal("1e500")) == "1E+500"


# -- dates and years ----------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2012, 2031])
def test_a_plan_year_outside_every_program_is_explained(client_for, units, year):
    response = client_for("officer_ha_quang").post(
        reverse("plans:create"), {"unit": units["ha-quang"].pk, "year": year, "title": "Kế hoạch"}
    )
    assert response.status_code == 200
    assert "Không có chương trình nào cho năm này" in " ".join(response.context["form"].errors["year"])
    assert response.context["form"]["title"].value() == "Kế hoạch"
    assert not Plan.objects.exists()


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/9999"])
def test_a_commendation_dated_at_the_ends_of_the_calendar_is_refused(client_for, units, day):
    from tests.test_commendations import form_data

    response = client_for("officer_ha_quang").post(
        reverse("commendations:create"), form_data(units["ha-quang"], decision_date=day)
    )
    assert response.status_code == 200
    assert "ngoài khoảng hợp lý" in " ".join(response.context["form"].errors["decision_date"])
    assert response.context["form"]["recipient_name"].value() == "Lò Văn Nhỏ"
    assert not Commendation.objects.exists()


def test_a_record_dated_in_year_one_is_refused(client_for, units):
    response = client_for("officer_ha_quang").post(
        reverse("activities:create"),
        record_data(units["ha-quang"], start_date="01/01/0001", end_date="01/01/0001"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    assert not Activity.objects.exists()


# -- the same form twice at once ----------------------------------------------------------------
def test_the_second_of_two_simultaneous_submissions_gets_the_first_ones_record(
    client_for, units, officer_ha_quang, monkeypatch
):
    """The other request saves between this one's check for the key and its insert: the unique
    key refuses the insert, and this request answers with the record already saved."""
    data = record_data(units["ha-quang"])
    original = services._check_duplicates
    other = {}

    def the_other_request_commits_now(*args, **kwargs):
        result = original(*args, **kwargs)  # this request's checks pass: nothing is saved yet
        monkeypatch.setattr(services, "_check_duplicates", original)
        other["activity"] = services.record_activity(
            by=officer_ha_quang,
            data=services.RecordData(
                unit=units["ha-quang"],
                content_area=area_on(d("20/09/2022"), 2),
                movement=None,
                title="Trao quà Trung thu",
                start_date=d("20/09/2022"),
                end_date=d("20/09/2022"),
                figures={("children", None): 120, ("girls", None): 50},
            ),
            submission_key=uuid.UUID(data["submission_key"]),
        )
        return result

    monkeypatch.setattr(services, "_check_duplicates", the_other_request_commits_now)
    response = client_for("officer_ha_quang").post(reverse("activities:create"), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("activities:detail", args=[other["activity"].pk]))
    assert Activity.objects.count() == 1


# -- the lost-update check cannot be skipped ----------------------------------------------------
def test_an_edit_without_its_version_is_refused(client_for, units, officer_ha_quang):
    activity = make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"), title="Vui Tết thiếu nhi")
    data = record_data(units["ha-quang"], title="Đã bị ghi đè")
    data.update(content_area=activity.content_area_id, start_date="01/06/2022", end_date="01/06/2022")
    data.pop("submission_key")
    response = client_for("officer_ha_quang").post(reverse("activities:edit", args=[activity.pk]), data)
    assert response.status_code == 200
    assert "phiên bản" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Vui Tết thiếu nhi" and activity.version == 1
