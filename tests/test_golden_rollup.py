"""shared/data/golden-rollup.md, loaded and asserted as it stands: a specification, not a formality."""

from datetime import date

import pytest

from activities.models import Activity
from childprog.access import access_for
from childprog.models import ContentArea, Indicator, Role
from childprog.periods import CALENDAR, DECREE_09, period_bounds
from reports.rollup import rollup
from tests.conftest import make_user

# id, unit, date, area, children, money
GOLDEN = [
    ("G1", "phuc-hoa", date(2019, 12, 10), 2, 10, 1_000_000),
    ("G2", "phuc-hoa-ta-lung", date(2019, 12, 20), 2, 20, 2_000_000),
    ("G3", "quang-uyen", date(2020, 1, 15), 4, 30, 0),
    ("G4", "phuc-hoa-ta-lung", date(2020, 2, 29), 2, 40, 4_000_000),
    ("G5", "quang-hoa", date(2020, 3, 1), 2, 50, 5_000_000),
    ("G6", "quang-hoa-ta-lung", date(2020, 12, 14), 4, 60, 0),
    ("G7", "quang-hoa-ta-lung", date(2020, 12, 15), 2, 70, 7_000_000),
    ("G8", "thong-nong", date(2020, 2, 10), 1, 80, 0),
    ("G9", "ha-quang", date(2020, 6, 1), 1, 90, 0),
    ("G10", "hoa-an", date(2025, 3, 1), 3, 100, 10_000_000),
    ("G11", "hoa-an-tt", date(2025, 5, 5), 4, 110, 0),
    ("G12", "hoa-an-tt-2025", date(2025, 9, 9), 4, 120, 0),
    ("G13", "cao-bang", date(2025, 12, 1), 1, 130, 0),
]


@pytest.fixture
def golden(reformed_units, program):
    children = Indicator.objects.get(program=program, code="children")
    money = Indicator.objects.get(program=program, code="money")
    areas = {a.number: a for a in ContentArea.objects.filter(program=program)}
    records = {}
    for gid, code, day, area, n_children, amount in GOLDEN:
        activity = Activity.objects.create(
            program=program,
            unit=reformed_units[code],
            content_area=areas[area],
            title=gid,
            start_date=day,
            end_date=day,
        )
        activity.set_figures({(children.pk, None): n_children, (money.pk, None): amount})
        records[gid] = activity
    return {"units": reformed_units, "children": children, "money": money, "areas": areas, "records": records}


def rows_of(r, golden):
    """{row code: (children, money)} for the rows with figures, as the golden tables list them."""
    out = {}
    for row in r.rows:
        c = r.total(golden["children"], row=row.id)
        m = r.total(golden["money"], row=row.id)
        if c or m:
            out["own" if row.is_own else row.code] = (c, m)
    return out


def province_total(r, golden):
    return r.total(golden["children"]), r.total(golden["money"])


CASES = [
    # (kind, year, number, boundaries) → rows, province total
    (("year", 2019, 1, CALENDAR), {"phuc-hoa": (30, 3_000_000)}, (30, 3_000_000)),
    (("year", 2019, 1, DECREE_09), {"phuc-hoa": (10, 1_000_000)}, (10, 1_000_000)),
    (("quarter", 2020, 1, CALENDAR), {"quang-hoa": (120, 9_000_000), "ha-quang": (80, 0)}, (200, 9_000_000)),
    (
        ("quarter", 2020, 1, DECREE_09),
        {"quang-hoa": (140, 11_000_000), "ha-quang": (80, 0)},
        (220, 11_000_000),
    ),
    (("year", 2020, 1, CALENDAR), {"quang-hoa": (250, 16_000_000), "ha-quang": (170, 0)}, (420, 16_000_000)),
    (("year", 2020, 1, DECREE_09), {"quang-hoa": (200, 11_000_000), "ha-quang": (170, 0)}, (370, 11_000_000)),
    (("half", 2025, 1, DECREE_09), {"hoa-an": (210, 10_000_000)}, (210, 10_000_000)),
    (("year", 2025, 1, CALENDAR), {"hoa-an-tt-2025": (230, 0), "own": (230, 10_000_000)}, (460, 10_000_000)),
    (("year", 2025, 1, DECREE_09), {"hoa-an-tt-2025": (230, 0), "own": (230, 10_000_000)}, (460, 10_000_000)),
]


@pytest.mark.parametrize("bounds,rows,total", CASES, ids=["-".join(map(str, c[0])) for c in CASES])
def test_provincial_report_rows_by_reporting_unit(golden, bounds, rows, total):
    start, end = period_bounds(*bounds)
    r = rollup(golden["units"]["cao-bang"], start, end)
    assert rows_of(r, golden) == rows
    assert province_total(r, golden) == total


def test_no_row_for_ended_districts_in_any_2020_report(golden):
    for boundaries in (CALENDAR, DECREE_09):
        for kind, number in (("year", 1), ("quarter", 1), ("half", 1)):
            r = rollup(golden["units"]["cao-bang"], *period_bounds(kind, 2020, number, boundaries))
            codes = {row.code for row in r.rows}
            assert not codes & {"phuc-hoa", "quang-uyen", "thong-nong"}


def test_no_district_row_in_the_2025_annual_report(golden):
    r = rollup(golden["units"]["cao-bang"], *period_bounds("year", 2025, 1, CALENDAR))
    assert not [
        row for row in r.rows if row.code in golden["units"] and golden["units"][row.code].kind == "district"
    ]


@pytest.mark.parametrize(
    "boundaries,area2,area4,records2,records4",
    [
        (CALENDAR, (160, 16_000_000), (90, 0), {"G4", "G5", "G7"}, {"G3", "G6"}),
        (DECREE_09, (110, 11_000_000), (90, 0), {"G2", "G4", "G5"}, {"G3", "G6"}),
    ],
)
def test_quang_hoa_2020_by_content_area(golden, boundaries, area2, area4, records2, records4):
    r = rollup(golden["units"]["quang-hoa"], *period_bounds("year", 2020, 1, boundaries))
    a2, a4 = golden["areas"][2], golden["areas"][4]
    assert (r.total(golden["children"], content_area=a2), r.total(golden["money"], content_area=a2)) == area2
    assert (r.total(golden["children"], content_area=a4), r.total(golden["money"], content_area=a4)) == area4
    assert {a.title for a in r.records(content_area=a2)} == records2
    assert {a.title for a in r.records(content_area=a4, indicator=golden["children"])} == records4


def test_province_row_drills_down_to_its_records(golden):
    r = rollup(golden["units"]["cao-bang"], *period_bounds("year", 2025, 1, CALENDAR))
    province = golden["units"]["cao-bang"]
    assert {a.title for a in r.records(row=province.pk)} == {"G10", "G13"}
    assert {a.title for a in r.records(row=golden["units"]["hoa-an-tt-2025"].pk)} == {"G11", "G12"}
    assert {a.title for a in r.records(indicator=golden["money"])} == {"G10"}


def test_comparison_with_the_same_period_of_the_previous_year(golden):
    r = rollup(golden["units"]["quang-hoa"], *period_bounds("year", 2020, 1, CALENDAR))
    assert r.previous.start == date(2019, 1, 1) and r.previous.end == date(2019, 12, 31)
    assert r.previous.total(golden["children"]) == 30
    assert r.previous.total(golden["money"]) == 3_000_000
    decree = rollup(golden["units"]["quang-hoa"], *period_bounds("year", 2020, 1, DECREE_09))
    assert (decree.previous.start, decree.previous.end) == (date(2018, 12, 15), date(2019, 12, 14))
    assert decree.previous.total(golden["children"]) == 10


@pytest.mark.parametrize(
    "unit_code,seen",
    [
        ("quang-hoa", {"G1", "G2", "G3", "G4", "G5", "G6", "G7"}),
        ("ha-quang", {"G8", "G9"}),
        ("hoa-an", {"G10", "G11"}),
    ],
)
def test_who_sees_which_records(golden, unit_code, seen):
    officer = make_user(f"can-bo-{unit_code}", golden["units"][unit_code], Role.DISTRICT_OFFICER)
    visible = access_for(officer).scope(Activity.objects.all())
    assert {a.title for a in visible} == seen


def test_the_province_sees_all(golden):
    staff = make_user("tinh-doan", golden["units"]["cao-bang"], Role.PROVINCIAL_STAFF)
    assert access_for(staff).scope(Activity.objects.all()).count() == 13


def test_an_ended_unit_officer_reads_but_does_not_change(golden):
    officer = make_user("hoa-an-cu", golden["units"]["hoa-an"], Role.DISTRICT_OFFICER)
    access = access_for(officer)
    assert not access.can_change_unit(golden["units"]["hoa-an"])


def test_the_roll_up_takes_the_same_number_of_queries_whatever_the_data(
    golden, django_assert_max_num_queries
):
    province = golden["units"]["cao-bang"]
    assert rollup(province, date(2019, 1, 1), date(2025, 12, 31)).totals  # warms the unit graph cache
    # unit graph freshness stamp (2) + this period's grouped query + the previous year's
    with django_assert_max_num_queries(4):
        r = rollup(province, date(2019, 1, 1), date(2025, 12, 31))
        assert r.total(golden["children"]) == 910
        assert r.previous.total(golden["children"]) == 450  # G1–G9, dated 2018–2024
