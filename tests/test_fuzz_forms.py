"""Generated input on the forms people type into: the record form, the plan targets grid, the
commendation form and the library upload. Whatever comes — huge and non-finite numbers, years 1
and 9999, odd Unicode, foreign ids, bytes that are no file — the answer is never a 500 (the test
client raises it) and a refused form saves nothing."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Activity, Figure
from activities.testing import area_on, load_programs
from childprog.models import Indicator
from commendations.models import Commendation
from library.models import Document
from plans.models import Plan, Target
from tests.conftest import d

pytestmark = pytest.mark.django_db

# Few examples: the forms run whole requests; CI stays quick. Shrinking is off for the same reason.
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=("explicit", "reuse", "generate"),
)

numbers = st.one_of(
    st.sampled_from(
        ["NaN", "sNaN", "-Infinity", "Infinity", "1e30", "9" * 40, str(2**63), "-1", "1,5", "1.500.000"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30),
)
dates = st.one_of(
    st.sampled_from(["01/01/0001", "31/12/9999", "29/02/2021", "00/00/0000", "2022-06-01", "", "1/6"]),
    st.dates().map(lambda x: f"{x.day:02d}/{x.month:02d}/{x.year:04d}"),
    st.text(max_size=12),
)
texts = st.one_of(
    st.text(max_size=400), st.sampled_from(["\u200b", "\x00", "<script>alert(1)</script>", "A" * 5000])
)
ids = st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), st.text(max_size=8))


@pytest.fixture
def records(units):
    load_programs()
    return units


@FUZZ
@given(figure=numbers, other=numbers, start=dates, end=dates, title=texts, unit=st.one_of(st.none(), ids))
def test_the_record_form_never_fails_and_a_refusal_saves_nothing(
    client_for, records, figure, other, start, end, title, unit
):
    data = {
        "unit": unit or records["ha-quang"].pk,
        "content_area": area_on(d("20/09/2022"), 2).pk,
        "title": title,
        "start_date": start,
        "end_date": end,
        "fig_children": figure,
        "fig_girls": other,
        "fig_gift_value": figure,
        "submission_key": str(uuid.uuid4()),
    }
    before = (Activity.objects.count(), Figure.objects.count())
    response = client_for("officer_ha_quang").post(reverse("activities:create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (Activity.objects.count(), Figure.objects.count()) == before


@FUZZ
@given(values=st.lists(numbers, min_size=1, max_size=4), movement=ids)
def test_the_plan_targets_never_fail_and_a_refusal_saves_nothing(
    client_for, units, program, values, movement
):
    plan, _ = Plan.objects.get_or_create(unit=units["ha-quang"], program=program, year=2019, title="Kế hoạch")
    indicators = list(Indicator.objects.filter(program=program)[: len(values)])
    data = {f"t_{ind.pk}_0": value for ind, value in zip(indicators, values, strict=False)}
    data |= {"m0_movement": movement, "m0_indicator": indicators[0].pk, "m0_value": values[0]}
    before = sorted(Target.objects.values_list("indicator_id", "value"))
    response = client_for("officer_ha_quang").post(reverse("plans:targets", args=[plan.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert sorted(Target.objects.values_list("indicator_id", "value")) == before


@FUZZ
@given(day=dates, age=numbers, name=texts, consent=dates, activity=ids)
def test_the_commendation_form_never_fails_and_a_refusal_saves_nothing(
    client_for, units, program, day, age, name, consent, activity
):
    data = {
        "unit": units["ha-quang"].pk,
        "decision_number": "20-QĐ/HĐTN",
        "decision_date": day,
        "level": "district",
        "form": "certificate_of_merit",
        "kind": "individual",
        "recipient_name": name,
        "reason": "Tấm gương",
        "is_child": "on",
        "child_age": age,
        "guardian_consent_on": consent,
        "activities": activity,
    }
    before = Commendation.objects.count()
    response = client_for("officer_ha_quang").post(reverse("commendations:create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Commendation.objects.count() == before


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([b"%PDF-1.7", b"PK\x03\x04garbage", b"PK\x05\x06" + b"\x00" * 18, b"\xff\xd8\xff"]),
    ),
    name=st.text(min_size=1, max_size=120).filter(lambda n: "\x00" not in n),
    day=dates,
)
def test_the_library_upload_never_fails_and_a_refusal_saves_nothing(
    client_for, units, settings, tmp_path, content, name, day
):
    settings.MEDIA_ROOT = tmp_path
    data = {
        "unit": units["ha-quang"].pk,
        "kind": "KH",
        "number": "7",
        "symbol": "HĐTN",
        "issued_on": day,
        "title": "Kế hoạch",
        "text": "",
        "file": SimpleUploadedFile(name, content),
    }
    before = Document.objects.count()
    response = client_for("officer_ha_quang").post(reverse("library:create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Document.objects.count() == before
