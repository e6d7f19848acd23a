"""Plans with targets: the pace computation, progress from the reports' roll-up, districts side by
side, copying forward onto successors, and the "target / actual / %" report section."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from activities.models import Activity
from childprog.guideline import open_period
from childprog.models import Indicator
from plans.models import Plan, Target
from plans.progress import (
    BEHIND,
    DONE,
    NOT_STARTED,
    ON_TRACK,
    districts_progress,
    elapsed_share,
    pace,
    plan_progress,
    status,
)
from plans.services import copy_plan_forward, report_section, set_targets
from reports.data import unit_data


# -- the pace, a plain function ------------------------------------------------------------------
def test_elapsed_share_of_a_year():
    start, end = date(2019, 1, 1), date(2019, 12, 31)
    assert elapsed_share(start, end, date(2018, 12, 31)) == 0
    assert elapsed_share(start, end, date(2019, 1, 1)) == pytest.approx(1 / 365)
    assert elapsed_share(start, end, date(2019, 7, 2)) == pytest.approx(183 / 365)
    assert elapsed_share(start, end, date(2020, 3, 1)) == 1


def test_pace_is_actual_over_the_share_of_the_target_due_by_now():
    assert pace(50, 100, 0.5) == 1.0
    assert pace(25, 100, 0.5) == 0.5
    assert pace(80, 100, 0.4) == 2.0
    assert pace(10, 0, 0.5) is None and pace(10, 100, 0) is None


@pytest.mark.parametrize(
    "actual, target, share, expected",
    [(100, 100, 0.5, DONE), (50, 100, 0.5, ON_TRACK), (49, 100, 0.5, BEHIND), (0, 100, 0, NOT_STARTED)],
)
def test_status(actual, target, share, expected):
    assert status(actual, target, share) == expected


# -- progress from the roll-up --------------------------------------------------------------------
def record(program, unit, day, values, area_number=2, movement=None):
    area = program.content_areas.get(number=area_number)
    activity = Activity.objects.create(
        program=program,
        unit=unit,
        content_area=area,
        movement=movement,
        title="Trao quà",
        start_date=day,
        end_date=day,
    )
    indicators = {i.code: i.pk for i in Indicator.objects.filter(program=program)}
    activity.set_figures({(indicators[code], None): v for code, v in values.items()})
    return activity


def make_plan(unit, program, year, targets, **extra):
    plan = Plan.objects.create(unit=unit, program=program, year=year, title=f"Kế hoạch {year}", **extra)
    indicators = {i.code: i.pk for i in Indicator.objects.filter(program=program)}
    set_targets(plan, {(indicators[code], area, mov): v for (code, area, mov), v in targets.items()})
    return plan


@pytest.fixture
def ha_quang_2019(units, program):
    plan = make_plan(
        units["ha-quang"], program, 2019, {("children", None, None): 1000, ("gifts", None, None): 100}
    )
    record(program, units["ha-quang-tt"], date(2019, 3, 1), {"children": 300, "gifts": 60})
    record(program, units["thong-nong"], date(2019, 5, 1), {"children": 100})  # before the 2020 merge
    record(program, units["quang-hoa"], date(2020, 5, 1), {"children": 999})  # another district
    return plan


def test_progress_counts_the_subtree_and_moves_as_activities_are_recorded(ha_quang_2019, units, program):
    rows = {r.indicator.code: r for r in plan_progress(ha_quang_2019, today=date(2019, 7, 2))}
    # Thông Nông is not under Hà Quảng in 2019: it still reported on its own then.
    assert rows["children"].actual == 300 and rows["children"].percent == 30
    assert rows["children"].status == BEHIND
    assert rows["gifts"].actual == 60 and rows["gifts"].status == ON_TRACK
    record(program, units["ha-quang"], date(2019, 6, 30), {"children": 400})
    rows = {r.indicator.code: r for r in plan_progress(ha_quang_2019, today=date(2019, 7, 2))}
    assert rows["children"].actual == 700 and rows["children"].status == ON_TRACK


def test_progress_by_content_area_and_movement(units, program):
    area4 = program.content_areas.get(number=4)
    movement = area4.movements.get(name="Sân chơi ngày hè")
    plan = make_plan(
        units["quang-hoa"],
        program,
        2021 if program.end.year >= 2021 else 2020,
        {("children", area4.pk, None): 500, ("children", None, movement.pk): 200},
    )
    record(program, units["quang-hoa"], date(2020, 6, 1), {"children": 150}, area_number=4, movement=movement)
    record(program, units["quang-hoa"], date(2020, 7, 1), {"children": 90}, area_number=4)
    record(program, units["quang-hoa"], date(2020, 7, 1), {"children": 1000}, area_number=2)
    rows = {r.scope: r.actual for r in plan_progress(plan, today=date(2020, 12, 31))}
    assert rows == {str(area4): 240, str(movement): 150}


def test_districts_side_by_side_behind_pace_first(units, program):
    make_plan(units["ha-quang"], program, 2019, {("children", None, None): 100})
    make_plan(units["hoa-an"], program, 2019, {("children", None, None): 100})
    record(program, units["ha-quang"], date(2019, 2, 1), {"children": 90})
    record(program, units["hoa-an"], date(2019, 2, 1), {"children": 10})
    board = districts_progress(units["cao-bang"], program, 2019, today=date(2019, 6, 30))
    assert [u.name for u in board[:2]] == ["Huyện Đoàn Hòa An", "Huyện Đoàn Hà Quảng"]
    assert board[0].behind == 1 and board[1].behind == 0
    assert all(u.plan is None for u in board[2:])


# -- copying forward -----------------------------------------------------------------------------
def test_quang_hoa_2020_starts_from_phuc_hoa_and_quang_uyen_2019(units, program, officer_quang_hoa):
    make_plan(units["phuc-hoa"], program, 2019, {("children", None, None): 300, ("gifts", None, None): 20})
    make_plan(units["quang-uyen"], program, 2019, {("children", None, None): 200})
    make_plan(units["ha-quang"], program, 2019, {("children", None, None): 999})
    plan = copy_plan_forward(unit=units["quang-hoa"], year=2020, by=officer_quang_hoa)
    values = {t.indicator.code: t.value for t in plan.targets.select_related("indicator")}
    assert values == {"children": 500, "gifts": 20}
    assert plan.copied_from.year == 2019


def test_copying_twice_or_from_nothing_is_refused_with_a_reason(units, program, officer_quang_hoa):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Không có kế hoạch năm 2019"):
        copy_plan_forward(unit=units["quang-hoa"], year=2020, by=officer_quang_hoa)
    make_plan(units["quang-hoa"], program, 2020, {("children", None, None): 1})
    with pytest.raises(ValidationError, match="đã có kế hoạch"):
        copy_plan_forward(unit=units["quang-hoa"], year=2020, by=officer_quang_hoa)


def test_the_copy_page_creates_the_plan_and_opens_its_targets(client_for, units, program):
    make_plan(units["ha-quang"], program, 2019, {("children", None, None): 700})
    response = client_for("officer_ha_quang").post(
        reverse("plans:copy"), {"unit": units["ha-quang"].pk, "year": 2020}
    )
    plan = Plan.objects.get(year=2020)
    assert response["Location"] == reverse("plans:targets", args=[plan.pk])
    assert Target.objects.get(plan=plan).value == 700


# -- entering a plan ----------------------------------------------------------------------------
def test_a_district_officer_enters_the_years_plan_and_targets(client_for, units, program):
    client = client_for("officer_ha_quang")
    with time_machine.travel(date(2019, 2, 1)):
        response = client.post(
            reverse("plans:create"),
            {
                "unit": units["ha-quang"].pk,
                "year": 2019,
                "number": "12-KH/HĐTN",
                "issued_on": "15/01/2019",
                "title": "Kế hoạch 2019",
            },
        )
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:targets", args=[plan.pk]) and plan.program == program
    children = Indicator.objects.get(program=program, code="children")
    money = Indicator.objects.get(program=program, code="money")
    area4 = program.content_areas.get(number=4)
    response = client.post(
        reverse("plans:targets", args=[plan.pk]),
        {
            f"t_{children.pk}_0": "2.000",
            f"t_{money.pk}_0": "150.000.000",
            f"t_{children.pk}_{area4.pk}": "800",
        },
    )
    assert response.status_code == 302
    assert {
        (t.indicator.code, t.content_area_id, t.value) for t in plan.targets.select_related("indicator")
    } == {
        ("children", None, 2000),
        ("money", None, 150_000_000),
        ("children", area4.pk, 800),
    }
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "150.000.000" in page


def test_a_bad_target_is_shown_next_to_its_field(client_for, units, program):
    plan = make_plan(units["ha-quang"], program, 2019, {})
    children = Indicator.objects.get(program=program, code="children")
    response = client_for("officer_ha_quang").post(
        reverse("plans:targets", args=[plan.pk]), {f"t_{children.pk}_0": "hai nghìn"}
    )
    assert response.status_code == 200
    assert "Hãy nhập một số" in response.content.decode() and 'value="hai nghìn"' in response.content.decode()


def test_an_officer_cannot_plan_for_another_district(client_for, units, program):
    response = client_for("officer_ha_quang").post(
        reverse("plans:create"), {"unit": units["quang-hoa"].pk, "year": 2019, "title": "x"}
    )
    assert "unit" in response.context["form"].errors


def test_a_plan_document_must_really_be_a_pdf_or_docx(client_for, units, program):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for("officer_ha_quang").post(
        reverse("plans:create"),
        {
            "unit": units["ha-quang"].pk,
            "year": 2019,
            "title": "x",
            "file": SimpleUploadedFile("kh.pdf", b"<html>"),
        },
    )
    assert "file" in response.context["form"].errors and not Plan.objects.exists()


# -- the report section ---------------------------------------------------------------------------
def test_the_report_shows_target_actual_and_percent_for_the_periods_year(ha_quang_2019, units, program):
    record(program, units["ha-quang"], date(2019, 8, 1), {"children": 200})
    quarter = open_period(program, "quarter", 2019, 1)
    section = report_section(units["ha-quang"], quarter, unit_data(units["ha-quang"], quarter))
    assert section.headers[2:] == ["Chỉ tiêu kế hoạch", "Thực hiện", "Tỷ lệ (%)"]
    rows = {row[0]: row[2:] for row in section.rows}
    # The actual is the report's own figure for its period: Q1's 300, not August's.
    assert rows["Số trẻ em được hưởng lợi"] == [1000, 300, "30%"]
    year = open_period(program, "year", 2019)
    annual = report_section(units["ha-quang"], year, unit_data(units["ha-quang"], year))
    assert {row[0]: row[2:] for row in annual.rows}["Số trẻ em được hưởng lợi"] == [1000, 500, "50%"]
    assert report_section(units["quang-hoa"], year, unit_data(units["quang-hoa"], year)) is None


@pytest.mark.parametrize("extra", [0, 40])
def test_the_progress_page_has_bounded_queries(
    client_for, ha_quang_2019, units, program, django_assert_max_num_queries, extra
):
    for i in range(extra):  # more records, over more units and months: the same queries
        unit = units[["ha-quang-tt", "ha-quang", "thong-nong"][i % 3]]
        record(program, unit, date(2019, 1 + i % 12, 1 + i % 28), {"children": i + 1, "gifts": 1})
    client = client_for("officer_ha_quang")
    client.get(reverse("plans:detail", args=[ha_quang_2019.pk]))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("plans:detail", args=[ha_quang_2019.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("plans:list")).status_code == 200


def test_the_overview_has_bounded_queries_whatever_the_number_of_plans(
    client_for, units, program, django_assert_max_num_queries
):
    for code in ("ha-quang", "hoa-an", "bao-lac", "quang-hoa"):
        make_plan(units[code], program, 2019, {("children", None, None): 100, ("gifts", None, None): 5})
        record(program, units[code], date(2019, 6, 1), {"children": 10})
    client = client_for("provincial")
    client.get(reverse("plans:overview"), {"year": 2019})
    with django_assert_max_num_queries(15):
        response = client.get(reverse("plans:overview"), {"year": 2019})
    assert "Huyện Đoàn Bảo Lạc" in response.content.decode()
