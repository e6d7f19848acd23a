"""shared/data/golden-rollup.md, loaded and asserted as it stands: a specification, not a formality.

The records, the figures and the ids come from the repository's copy of the file (tests/golden.py
reads it; test_shared_data.py checks the copy is the shared file), so the tests are the file.
"""

from datetime import date, timedelta

import pytest
from django.utils.text import slugify

from activities.models import Activity
from childprog.access import access_for
from childprog.models import ContentArea, Indicator, Role, Succession, Unit
from childprog.periods import (
    ANNUAL,
    CALENDAR,
    DECREE_09,
    MONTHLY,
    NINE_MONTHLY,
    QUARTERLY,
    SIX_MONTHLY,
    period_bounds,
)
from reports.rollup import rollup
from tests import golden as golden_md
from tests.conftest import make_user

GOLDEN = golden_md.load()
REPORTS = {report.label: report for report in GOLDEN.reports}


@pytest.fixture
def golden(reformed_units, program):
    """Both unit files, then the thirteen records of the file's first table."""
    children = Indicator.objects.get(program=program, code="children")
    money = Indicator.objects.get(program=program, code="money")
    areas = {a.number: a for a in ContentArea.objects.filter(program=program)}
    records = {}
    for record in GOLDEN.records:
        activity = Activity.objects.create(
            program=program,
            unit=reformed_units[record.unit_code],
            content_area=areas[record.area],
            title=record.id,
            start_date=record.day,
            end_date=record.day,
        )
        activity.set_figures(
            {(children.pk, None): record.figures.children, (money.pk, None): record.figures.money}
        )
        records[record.id] = activity
    (province,) = [u for u in reformed_units.values() if u.parent_id is None]
    return {
        "units": reformed_units,
        "province": province,
        "children": children,
        "money": money,
        "areas": areas,
        "records": records,
    }


# -- reading the file's names against the units ----------------------------------------------
def unit_named(golden, name, on=None):
    """A unit of the file's prose: "the province", or a unit directly under it ("Quảng Hòa" is
    Huyện Đoàn Quảng Hòa), valid on `on` when given (after 2025 thị trấn Quảng Uyên is under the
    province too)."""
    if name == golden_md.THE_PROVINCE:
        return golden["province"]
    found = [
        u
        for u in golden["units"].values()
        if u.parent_id == golden["province"].pk
        and u.name.endswith(f" {name}")
        and (on is None or u.is_valid_on(on))
    ]
    assert len(found) == 1, f"{name!r} names {len(found)} units under the province on {on}: {found}"
    return found[0]


def row_for(r, item):
    """The roll-up row a table item names: the own row, the code in parentheses, or the one row
    whose name ends with the given name."""
    if item.is_own:
        return next(row for row in r.rows if row.is_own)
    if item.code:
        found = [row for row in r.rows if row.code == item.code]
        assert found, f"no row {item.code} in the roll-up"
        assert found[0].name.endswith(item.name), (found[0].name, item.name)
        return found[0]
    found = [row for row in r.rows if not row.is_own and row.name.endswith(f" {item.name}")]
    assert len(found) == 1, f"{item.name!r} names {len(found)} rows of the roll-up"
    return found[0]


def figures(r, golden, **narrow):
    return golden_md.Figures(r.total(golden["children"], **narrow), r.total(golden["money"], **narrow))


def sum_of(ids):
    """Children and money of records, added up from the file's first table."""
    chosen = [rec.figures for rec in GOLDEN.records if rec.id in ids]
    return golden_md.Figures(sum(f.children for f in chosen), sum(f.money for f in chosen))


def report_bounds(report):
    """The dates the table writes, which must be what the portal computes for that period."""
    computed = period_bounds(report.kind, report.year, report.number, report.boundaries)
    if report.dates is not None:
        assert computed == report.dates, f"{report.line}: the portal computes {computed}"
        return report.dates
    return computed


def titles(qs):
    return {a.title for a in qs}


# -- "Provincial reports: rows by reporting unit" ----------------------------------------------
@pytest.mark.parametrize("label", REPORTS)
def test_provincial_report_rows_by_reporting_unit(golden, label):
    report = REPORTS[label]
    r = rollup(golden["province"], *report_bounds(report))
    # Keyed by unit code, so a failure names the rows.
    with_figures = {row.code: figures(r, golden, row=row.id) for row in r.rows}
    with_figures = {code: f for code, f in with_figures.items() if f.children or f.money}
    listed = {row_for(r, item).code: item.figures for item in report.rows}
    assert with_figures == listed
    assert figures(r, golden) == report.total
    # The file adds up: its rows make its province total.
    assert (
        golden_md.Figures(
            sum(item.figures.children for item in report.rows),
            sum(item.figures.money for item in report.rows),
        )
        == report.total
    )
    # Every row drills down to the records behind its figures.
    for item in report.rows:
        assert sum_of(titles(r.records(row=row_for(r, item).id))) == item.figures, item


def test_no_row_for_the_merged_districts_in_any_report_of_their_year(golden):
    """The file: "No row for Phục Hòa, Quảng Uyên or Thông Nông appears in any 2020 report: they ended on
    29/02/2020 and their records are reported by their successors."""
    sentence = GOLDEN.no_rows_after_merge
    merged = [unit_named(golden, name, on=sentence.ended) for name in sentence.unit_names]
    assert [u.valid_to for u in merged] == [sentence.ended] * len(merged)
    year = sentence.year
    periods = (
        [(MONTHLY, n) for n in range(1, 13)]
        + [(QUARTERLY, n) for n in range(1, 5)]
        + [(SIX_MONTHLY, 1), (NINE_MONTHLY, 1), (ANNUAL, 1)]
    )
    table = [report_bounds(rep) for rep in GOLDEN.reports if rep.year == year]
    assert table, f"the provincial table has no {year} report"
    every = {period_bounds(kind, year, n, b) for kind, n in periods for b in (CALENDAR, DECREE_09)}
    # A report of a period ending on or before the merge still has them (they were valid that day).
    for bounds in sorted({b for b in every if b[1] > sentence.ended} | set(table)):
        r = rollup(golden["province"], *bounds)
        assert not {row.id for row in r.rows} & {u.pk for u in merged}, bounds
        for unit in merged:  # reported by a successor: a district row, not the province's own
            assert r.attribution[unit.pk] not in (unit.pk, golden["province"].pk), (bounds, unit.code)


def test_no_district_row_in_the_annual_report_after_the_reform(golden):
    """The file: "No district row appears in the 2025 annual report: the district level ended on 30/06/2025;
    Hòa An had no successor, so its own record G10 counts under the province."""
    sentence = GOLDEN.no_district_row
    districts = [u for u in golden["units"].values() if u.level == Unit.DISTRICT_LEVEL]  # with the city
    assert all(u.valid_to is not None for u in districts)
    assert max(u.valid_to for u in districts) == sentence.ended
    hoa_an = unit_named(golden, sentence.without_successor, on=sentence.ended)
    assert not Succession.objects.filter(predecessor=hoa_an).exists()
    annual = [rep for rep in GOLDEN.reports if rep.kind == ANNUAL and rep.year == sentence.year]
    assert annual, f"the provincial table has no {sentence.year} annual report"
    for report in annual:
        r = rollup(golden["province"], *report_bounds(report))
        assert not [row for row in r.rows if golden["units"][row.code].level == Unit.DISTRICT_LEVEL], (
            report.line
        )
        assert sentence.record_id in titles(r.records(row=golden["province"].pk)), report.line


def test_province_row_drills_down_to_its_records(golden):
    r = rollup(golden["province"], *period_bounds(ANNUAL, 2025, 1, CALENDAR))
    assert titles(r.records(row=golden["province"].pk)) == {"G10", "G13"}
    assert titles(r.records(row=golden["units"]["hoa-an-tt-2025"].pk)) == {"G11", "G12"}
    assert titles(r.records(indicator=golden["money"])) == {"G10"}


# -- "By content area, Quảng Hòa, year 2020" ---------------------------------------------------
@pytest.mark.parametrize("line", GOLDEN.by_area.lines, ids=lambda line: line.boundaries)
def test_by_content_area_with_its_records(golden, line):
    unit = unit_named(golden, GOLDEN.by_area.unit_name, on=date(GOLDEN.by_area.year, 12, 31))
    r = rollup(unit, *period_bounds(ANNUAL, GOLDEN.by_area.year, 1, line.boundaries))
    assert line.areas, "no area columns"
    for number, (expected, ids) in line.areas.items():
        area = golden["areas"][number]
        assert figures(r, golden, content_area=area) == expected, f"area {number}"
        assert titles(r.records(content_area=area)) == ids, f"area {number}"
        assert titles(r.records(content_area=area, indicator=golden["children"])) == ids, f"area {number}"
        assert sum_of(ids) == expected, f"area {number}: the file's ids do not add up to its figures"


def test_comparison_with_the_same_period_of_the_previous_year(golden):
    """ "So với cùng kỳ": Quảng Hòa's 2020 compares with its predecessors' rows of the 2019 report,
    on the same boundaries (the table's 2019 dates)."""
    unit = unit_named(golden, GOLDEN.by_area.unit_name, on=date(GOLDEN.by_area.year, 12, 31))
    year = GOLDEN.by_area.year
    for line in GOLDEN.by_area.lines:
        r = rollup(unit, *period_bounds(ANNUAL, year, 1, line.boundaries))
        (last_year,) = [
            rep
            for rep in GOLDEN.reports
            if (rep.kind, rep.year, rep.boundaries) == (ANNUAL, year - 1, line.boundaries)
        ]
        assert (r.previous.start, r.previous.end) == report_bounds(last_year)
        province = rollup(golden["province"], *report_bounds(last_year))
        predecessors = [item for item in last_year.rows if row_for(province, item).id in r.attribution]
        assert predecessors, f"no row of the {year - 1} report is {unit.name}'s predecessor"
        assert figures(r.previous, golden) == golden_md.Figures(
            sum(item.figures.children for item in predecessors),
            sum(item.figures.money for item in predecessors),
        )


# -- "Who sees which records" -------------------------------------------------------------------
@pytest.mark.parametrize("sight", GOLDEN.sights, ids=lambda sight: slugify(sight.officer_of))
def test_who_sees_which_records(golden, sight, time_machine):
    unit = unit_named(golden, sight.officer_of)
    if sight.ended is not None:
        assert unit.valid_to == sight.ended
        time_machine.move_to(sight.ended + timedelta(days=1))
    role = Role.PROVINCIAL_STAFF if unit == golden["province"] else Role.DISTRICT_OFFICER
    user = make_user(f"can-bo-{unit.code}", unit, role)
    access = access_for(user)
    visible = titles(access.scope(Activity.objects.all()))
    assert visible == sight.sees
    assert not visible & sight.not_seen
    if sight.read_only:
        assert sight.ended is not None, "a read-only officer's unit has ended"
        # An ended unit's officer reads its history and records nothing, not even on its past days.
        assert not access.can_record_for(unit, sight.ended + timedelta(days=1))
        assert not access.can_record_for(unit, sight.ended)
        assert not access.can_change_unit(unit)


# -- cost ---------------------------------------------------------------------------------------
def test_the_roll_up_takes_the_same_number_of_queries_whatever_the_data(
    golden, django_assert_max_num_queries
):
    province = golden["province"]
    start, end = date(2019, 1, 1), date(2025, 12, 31)
    assert rollup(province, start, end).totals  # warms the unit graph cache
    previous = (date(2018, 1, 1), date(2024, 12, 31))
    # unit graph freshness stamp (2) + this period's grouped query + the previous year's
    with django_assert_max_num_queries(4):
        r = rollup(province, start, end)
        assert r.total(golden["children"]) == sum_of(GOLDEN.ids).children
        assert (
            r.previous.total(golden["children"])
            == sum_of({rec.id for rec in GOLDEN.records if previous[0] <= rec.day <= previous[1]}).children
        )
