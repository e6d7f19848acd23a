"""The roll-up against a plain summation, on generated records.

Records fall on boundary days (first and last days of months, quarters and years, the 14th and 15th
of the Decree 09 cut-off, 29/02, the days units ended or began) and on ended, merged and moved units
of the real unit files. The reference applies the attribution rule
(docs/units-and-history.md) record by record, with no SQL: carry
the record's unit forward to the period's last day, keep it when it lies in the reporting unit's
subtree as it stands that day, and find its row by path among the reporting children valid that day.
"""

import calendar
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Activity, Figure
from childprog.history import UnitGraph
from childprog.models import ContentArea, Indicator, TargetGroup
from childprog.periods import CALENDAR, DECREE_09, period_bounds, previous_year
from reports.rollup import Key, rollup

# Units whose history makes the rule matter: merged in 2020 (Phục Hòa, Quảng Uyên, Thông Nông, Trà
# Lĩnh and their communes), their successors, and the 2025 reform (Hòa An's town moved, districts ended).
INTERESTING = [
    "cao-bang",
    "phuc-hoa",
    "phuc-hoa-ta-lung",
    "quang-uyen",
    "quang-hoa",
    "quang-hoa-ta-lung",
    "thong-nong",
    "ha-quang",
    "ha-quang-tt",
    "tra-linh",
    "trung-khanh",
    "hoa-an",
    "hoa-an-tt",
    "hoa-an-tt-2025",
    "tp-cao-bang",
]
YEARS = [2019, 2020, 2021, 2024, 2025]
REPORTERS = ["cao-bang", "quang-hoa", "ha-quang", "trung-khanh", "hoa-an", "hoa-an-tt", "hoa-an-tt-2025"]


def boundary_days(year: int) -> list[date]:
    days = set()
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        days.update(date(year, month, d) for d in (1, 14, 15, last))
    if calendar.isleap(year):
        days.add(date(year, 2, 28))
    # The days the unit files change: 29/02–01/03/2020 and 30/06–01/07/2025 fall on these already.
    return sorted(days)


DAYS = sorted(d for y in YEARS + [y - 1 for y in YEARS] for d in boundary_days(y))


def days_around(start, end):
    """Boundary days in this period, the same period last year, and a few weeks either side of both:
    most records land where they count, some just outside."""
    prev_start, prev_end = previous_year((start, end))
    return [
        d
        for d in DAYS
        if prev_start - timedelta(days=40) <= d <= prev_end + timedelta(days=40)
        or start - timedelta(days=40) <= d <= end + timedelta(days=40)
    ]


def attributed_row(graph, unit_id, rec, as_of):
    """The row of unit_id's report (ending as_of) that the record counts in, or None: the
    rule applied to one record."""
    root = graph.nodes[unit_id]
    target = graph.nodes[graph.carry_forward(rec["unit"], as_of)]
    if not (target.path.startswith(root.path) and target.is_valid_on(as_of)):
        return None
    rows = [c for c in graph.children.get(unit_id, []) if graph.nodes[c].is_valid_on(as_of)]
    return next((c for c in rows if target.path.startswith(graph.nodes[c].path)), unit_id)


def expected_sums(graph, unit_id, start, end, records, *, as_of=None):
    """{(row id, Key): value} for records dated start..end, attributed on as_of (default: end)."""
    out: dict[tuple[int, Key], int] = {}
    for rec in records:
        if not start <= rec["day"] <= end:
            continue
        row = attributed_row(graph, unit_id, rec, as_of or end)
        if row is None:
            continue
        for key, value in rec["figures"].items():
            out[(row, key)] = out.get((row, key), 0) + value
    return out


def actual_sums(r):
    return {(row, key): v for row, cells in r.by_row.items() for key, v in cells.items() if v}


@pytest.fixture
def world(reformed_units, program):
    graph = UnitGraph.load()
    return {
        "units": reformed_units,
        "graph": graph,
        "program": program,
        "areas": list(ContentArea.objects.filter(program=program)),
        "indicators": list(Indicator.objects.filter(program=program, code__in=["children", "money"])),
        "group": TargetGroup.objects.filter(program=program).first(),
        "unit_ids": [u.pk for u in reformed_units.values()],
    }


@st.composite
def record_plan(draw, world, days):
    """A record: a boundary day (of `days`), a unit valid that day (biased to the ones with a history), a content
    area, a value for each of two indicators and an "of which" count for one target group."""
    day = draw(st.sampled_from(days))
    graph = world["graph"]
    interesting = [world["units"][c].pk for c in INTERESTING if world["units"][c].is_valid_on(day)]
    valid = [u for u in world["unit_ids"] if graph.nodes[u].is_valid_on(day)]
    unit = draw(st.sampled_from(interesting) | st.sampled_from(valid))
    area = draw(st.sampled_from(world["areas"]))
    children, money = world["indicators"]
    n = draw(st.integers(1, 500))
    figures = {
        Key(area.pk, children.pk, None): n,
        Key(area.pk, money.pk, None): draw(st.integers(0, 5_000_000)),
        Key(area.pk, children.pk, world["group"].pk): draw(st.integers(0, n)),
    }
    return {"day": day, "unit": unit, "area": area.pk, "figures": {k: v for k, v in figures.items() if v}}


@st.composite
def report_plan(draw):
    kind = draw(st.sampled_from(["month", "quarter", "half", "nine", "year"]))
    number = draw(st.integers(1, 12 if kind == "month" else 4 if kind == "quarter" else 1))
    return kind, draw(st.sampled_from(YEARS)), number, draw(st.sampled_from([CALENDAR, DECREE_09]))


def store(world, records):
    activities = Activity.objects.bulk_create(
        Activity(
            program=world["program"],
            unit_id=rec["unit"],
            content_area_id=rec["area"],
            title=f"Hoạt động {i}",
            start_date=rec["day"],
            end_date=rec["day"],
        )
        for i, rec in enumerate(records)
    )
    Figure.objects.bulk_create(
        Figure(
            activity=a,
            indicator_id=key.indicator_id,
            target_group_id=key.target_group_id,
            value=value,
            unit_id=rec["unit"],
            end_date=rec["day"],
            content_area_id=rec["area"],
        )
        for a, rec in zip(activities, records, strict=True)
        for key, value in rec["figures"].items()
    )


def reporter_for(world, code, end):
    """The reporting unit as it stands on the period's last day (carried forward when it has ended
    by then); the province when it did not exist yet."""
    graph = world["graph"]
    node = graph.nodes[graph.carry_forward(world["units"][code].pk, end)]
    return world["units"][node.code if node.is_valid_on(end) else "cao-bang"]


# The world (units, reference data) is read-only, and each example rolls back what it stored: the
# function-scoped fixture need not be rebuilt between examples.
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=report_plan(), reporter=st.sampled_from(REPORTERS), data=st.data())
def test_the_roll_up_equals_a_plain_summation(world, plan, reporter, data):
    start, end = period_bounds(*plan)
    records = data.draw(st.lists(record_plan(world, days_around(start, end)), min_size=1, max_size=25))
    with transaction.atomic():
        store(world, records)
        unit = reporter_for(world, reporter, end)
        r = rollup(unit, start, end)
        expected = expected_sums(world["graph"], unit.pk, start, end, records)
        assert actual_sums(r) == expected
        # Every total drills down to exactly the records behind it.
        counted = {
            f"Hoạt động {i}"
            for i, rec in enumerate(records)
            if start <= rec["day"] <= end and attributed_row(world["graph"], unit.pk, rec, end) is not None
        }
        assert {a.title for a in r.records()} == counted
        # Last year's figures, on this period's boundaries, attributed to this report's rows.
        prev_start, prev_end = previous_year((start, end))
        assert (r.previous.start, r.previous.end) == (prev_start, prev_end)
        assert actual_sums(r.previous) == expected_sums(
            world["graph"], unit.pk, prev_start, prev_end, records, as_of=end
        )
        transaction.set_rollback(True)
