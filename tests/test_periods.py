"""Reporting periods (docs/periods.md): calendar boundaries and the Decree 09/2019
cut-off on the 14th; opening and locking periods through the pages (provincial staff only)."""

import pytest
from django.urls import reverse

from childprog.models import Period
from childprog.periods import (
    CALENDAR,
    DECREE_09,
    FINAL,
    MIDTERM,
    period_bounds,
    previous_year,
    program_review_bounds,
)
from tests.conftest import d


@pytest.mark.parametrize(
    "kind,year,number,boundaries,first,last",
    [
        ("month", 2024, 1, CALENDAR, "01/01/2024", "31/01/2024"),
        ("month", 2020, 2, CALENDAR, "01/02/2020", "29/02/2020"),
        ("month", 2021, 2, CALENDAR, "01/02/2021", "28/02/2021"),
        ("month", 2024, 12, CALENDAR, "01/12/2024", "31/12/2024"),
        ("quarter", 2024, 1, CALENDAR, "01/01/2024", "31/03/2024"),
        ("quarter", 2024, 2, CALENDAR, "01/04/2024", "30/06/2024"),
        ("quarter", 2024, 4, CALENDAR, "01/10/2024", "31/12/2024"),
        ("half", 2024, 1, CALENDAR, "01/01/2024", "30/06/2024"),
        ("nine", 2024, 1, CALENDAR, "01/01/2024", "30/09/2024"),
        ("year", 2024, 1, CALENDAR, "01/01/2024", "31/12/2024"),
        # Decree 09: figures close on the 14th; a January period starts in the previous year.
        ("month", 2024, 1, DECREE_09, "15/12/2023", "14/01/2024"),
        ("month", 2024, 3, DECREE_09, "15/02/2024", "14/03/2024"),
        ("month", 2024, 12, DECREE_09, "15/11/2024", "14/12/2024"),
        ("quarter", 2024, 1, DECREE_09, "15/12/2023", "14/03/2024"),
        ("quarter", 2024, 2, DECREE_09, "15/03/2024", "14/06/2024"),
        ("quarter", 2024, 4, DECREE_09, "15/09/2024", "14/12/2024"),
        ("half", 2024, 1, DECREE_09, "15/12/2023", "14/06/2024"),
        ("nine", 2024, 1, DECREE_09, "15/12/2023", "14/09/2024"),
        ("year", 2024, 1, DECREE_09, "15/12/2023", "14/12/2024"),
    ],
)
def test_period_bounds(kind, year, number, boundaries, first, last):
    assert period_bounds(kind, year, number, boundaries) == (d(first), d(last))


@pytest.mark.parametrize("kind,number", [("month", 13), ("month", 0), ("quarter", 5), ("week", 1)])
def test_it_refuses_a_period_that_does_not_exist(kind, number):
    with pytest.raises(ValueError):
        period_bounds(kind, 2024, number)


def test_consecutive_decree_09_months_leave_no_gap_and_no_overlap():
    for boundaries in (CALENDAR, DECREE_09):
        ends = [period_bounds("month", 2024, m, boundaries) for m in range(1, 13)]
        for (_s1, e1), (s2, _e2) in zip(ends, ends[1:], strict=False):
            assert (s2 - e1).days == 1
    # December's Decree 09 month ends the day before next year's January starts.
    assert (
        period_bounds("month", 2025, 1, DECREE_09)[0] - period_bounds("month", 2024, 12, DECREE_09)[1]
    ).days == 1


@pytest.mark.parametrize(
    "kind,boundaries,first,last",
    [
        (MIDTERM, CALENDAR, "01/01/2013", "31/12/2016"),
        (FINAL, CALENDAR, "01/01/2013", "31/12/2020"),
        (MIDTERM, DECREE_09, "15/12/2012", "14/12/2016"),
        (FINAL, DECREE_09, "15/12/2012", "14/12/2020"),
    ],
)
def test_program_reviews_of_the_2013_2020_program(kind, boundaries, first, last):
    assert program_review_bounds(kind, d("01/01/2013"), d("31/12/2020"), boundaries) == (d(first), d(last))


def test_the_2021_2030_program_midterm_review_ends_with_2025():
    assert program_review_bounds(MIDTERM, d("01/01/2021"), d("31/12/2030")) == (
        d("01/01/2021"),
        d("31/12/2025"),
    )


@pytest.mark.parametrize(
    "bounds,previous",
    [
        (("01/01/2021", "31/12/2021"), ("01/01/2020", "31/12/2020")),
        (("15/12/2020", "14/12/2021"), ("15/12/2019", "14/12/2020")),
        (("15/12/2023", "14/01/2024"), ("15/12/2022", "14/01/2023")),  # across the new year
        (("01/02/2020", "29/02/2020"), ("01/02/2019", "28/02/2019")),  # 29/02 has no twin
        (("01/02/2021", "28/02/2021"), ("01/02/2020", "28/02/2020")),
    ],
)
def test_the_same_period_of_the_previous_year(bounds, previous):
    assert previous_year((d(bounds[0]), d(bounds[1]))) == (d(previous[0]), d(previous[1]))


# -- the pages -----------------------------------------------------------------------------------
def open_form(program, **extra):
    return {
        "program": program.pk,
        "kind": "quarter",
        "year": 2020,
        "number": 1,
        "due_date": "20/04/2020",
    } | extra


def test_provincial_staff_open_a_period_on_the_programs_boundaries(client_for, program):
    program.boundaries = DECREE_09
    program.save()
    response = client_for("provincial").post(reverse("reports:period_open"), open_form(program))
    period = Period.objects.get(program=program, kind="quarter", year=2020, number=1)
    assert response.status_code == 302 and response["Location"] == reverse("reports:period", args=[period.pk])
    assert (period.start, period.end, period.due_date) == (d("15/12/2019"), d("14/03/2020"), d("20/04/2020"))


def test_opening_an_open_period_again_makes_no_second_one(client_for, program):
    client = client_for("provincial")
    client.post(reverse("reports:period_open"), open_form(program))
    client.post(reverse("reports:period_open"), open_form(program))
    assert Period.objects.filter(program=program).count() == 1


def test_a_bad_period_is_refused_with_a_message_next_to_the_field(client_for, program):
    response = client_for("provincial").post(
        reverse("reports:period_open"), open_form(program, number=5, due_date="31/02/2020")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quý chỉ từ 1 đến 4." in page
    assert 'value="31/02/2020"' in page  # what was typed stays in the form
    assert not Period.objects.exists()


@pytest.mark.parametrize("persona", ["officer_ha_quang", "grassroots", "reader"])
def test_only_provincial_staff_open_periods(client_for, program, persona):
    response = client_for(persona).post(reverse("reports:period_open"), open_form(program))
    assert response.status_code == 403
    assert not Period.objects.exists()


def test_the_open_form_is_shown_to_provincial_staff_only(client_for, program):
    assert "Mở kỳ báo cáo mới" in client_for("provincial").get(reverse("reports:index")).content.decode()
    assert (
        "Mở kỳ báo cáo mới"
        not in client_for("officer_ha_quang").get(reverse("reports:index")).content.decode()
    )


@pytest.fixture
def period(program, provincial):
    from childprog.guideline import open_period

    return open_period(program, "year", 2020, by=provincial)


def test_provincial_staff_lock_and_unlock_a_periods_figures(client_for, period, provincial):
    client = client_for("provincial")
    client.post(reverse("reports:period_lock", args=[period.pk]))
    period.refresh_from_db()
    assert period.is_locked and period.locked_by == provincial
    page = client.get(reverse("reports:period", args=[period.pk])).content.decode()
    assert "Đã khóa số liệu" in page and "Mở khóa số liệu" in page
    client.post(reverse("reports:period_lock", args=[period.pk]), {"unlock": "1"})
    period.refresh_from_db()
    assert not period.is_locked


def test_locking_a_locked_period_says_so(client_for, period):
    client = client_for("provincial")
    client.post(reverse("reports:period_lock", args=[period.pk]))
    response = client.post(reverse("reports:period_lock", args=[period.pk]), follow=True)
    assert "Kỳ này đã khóa số liệu." in response.content.decode()


@pytest.mark.parametrize("persona", ["officer_ha_quang", "grassroots", "reader"])
def test_only_provincial_staff_lock_a_period(client_for, period, persona):
    client_for(persona).post(reverse("reports:period_lock", args=[period.pk]))
    period.refresh_from_db()
    assert not period.is_locked


def test_a_district_officer_cannot_unlock_a_locked_period(client_for, period):
    client_for("provincial").post(reverse("reports:period_lock", args=[period.pk]))
    client_for("officer_ha_quang").post(reverse("reports:period_lock", args=[period.pk]), {"unlock": "1"})
    period.refresh_from_db()
    assert period.is_locked


@pytest.mark.parametrize(
    ("kind", "number", "message"),
    [
        ("half", 2, "Báo cáo 6 tháng chỉ có kỳ số 1"),
        ("nine", 2, "Báo cáo 9 tháng chỉ có kỳ số 1."),
        ("year", 12, "Báo cáo năm chỉ có kỳ số 1."),
        ("quarter", 5, "Quý chỉ từ 1 đến 4."),
    ],
)
def test_the_open_form_checks_the_number_for_every_kind(client_for, program, kind, number, message):
    response = client_for("provincial").post(
        reverse("reports:period_open"), open_form(program, kind=kind, number=number)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Period.objects.exists()


def test_the_open_form_shows_the_services_message_for_a_period_outside_the_program(client_for, program):
    response = client_for("provincial").post(
        reverse("reports:period_open"), open_form(program, kind="year", year=2025, due_date="05/01/2026")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Năm 2025 nằm ngoài chương trình" in page
    assert 'value="2025"' in page and 'value="05/01/2026"' in page  # what was typed stays
    assert not Period.objects.exists()


# -- a period lies inside its program's years (the service's rule, whoever calls it) ---------------
def test_opening_a_period_outside_the_programs_years_is_refused(program):
    from django.core.exceptions import ValidationError

    from childprog.guideline import open_period

    with pytest.raises(ValidationError, match="Năm 2021 nằm ngoài chương trình"):
        open_period(program, "quarter", 2021, 1)
    with pytest.raises(ValidationError, match="Năm 2012 nằm ngoài chương trình"):
        open_period(program, "year", 2012)
    assert not Period.objects.exists()


def test_a_period_must_share_days_with_a_program_that_starts_mid_year(db):
    from django.core.exceptions import ValidationError

    from childprog.guideline import open_period
    from childprog.models import Program

    program = Program.objects.create(code="p-2021", name="P 2021", start=d("01/07/2021"), end=d("31/12/2030"))
    with pytest.raises(ValidationError, match="01/01/2021 – 31/01/2021 nằm ngoài thời gian"):
        open_period(program, "month", 2021, 1)
    assert open_period(program, "month", 2021, 7).start == d("01/07/2021")
    # On Decree 09 boundaries the first year's annual period starts before the program: it counts.
    program.boundaries = DECREE_09
    assert open_period(program, "year", 2021).start == d("15/12/2020")


def test_a_periods_own_validation_refuses_it_outside_the_programs_years(program):
    from django.core.exceptions import ValidationError

    period = Period(
        program=program,
        kind="year",
        year=2025,
        number=1,
        start=d("01/01/2025"),
        end=d("31/12/2025"),
        due_date=d("05/01/2026"),
    )
    with pytest.raises(ValidationError, match="Năm 2025 nằm ngoài chương trình"):
        period.full_clean()


def test_a_period_is_its_dates_whatever_number_it_was_opened_under(program):
    from childprog.guideline import open_period

    old = Period.objects.create(
        program=program,
        kind="year",
        year=2020,
        number=3,
        start=d("01/01/2020"),
        end=d("31/12/2020"),
        due_date=d("05/01/2021"),
    )
    assert open_period(program, "year", 2020) == old
    assert Period.objects.count() == 1


def test_one_annual_period_a_year_whatever_number_is_asked(program):
    from childprog.guideline import open_period

    assert open_period(program, "year", 2020, 1) == open_period(program, "year", 2020, 2)
    assert Period.objects.filter(program=program, kind="year", year=2020).count() == 1
