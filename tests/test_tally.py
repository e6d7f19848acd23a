"""The summary tables (reports.tally, docs/tally.md): whatever writes the records and figures —
a save, a plain update(), figure replacement, a delete cascading to figures, a bulk import — the
summary equals the live sums grouped the same way, and the list's and the dashboard's figures
read from it equal those summed from the records. Run on SQLite and on PostgreSQL (the triggers
differ: row-level there, statement-level with transition tables here)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F, Sum
from django.db.models.functions import ExtractYear
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.filters import ActivityFilter
from activities.models import Activity, Figure
from activities.selectors import list_summary, totals
from activities.testing import load_programs
from childprog.access import access_for
from childprog.models import ContentArea, Indicator, Movement, Period, TargetGroup, program_on
from plans.progress import _area_actuals
from reports import tally
from reports.models import FigureTally
from reports.rollup import RollUp, rollup

# Days on both sides of half-month, month, year and program boundaries (the 2013–2020 program
# ends on 31/12/2020; Decree 09 years close on 14 December).
DAYS = [
    date(2020, 12, 1),
    date(2020, 12, 14),
    date(2020, 12, 15),
    date(2020, 12, 31),
    date(2021, 1, 1),
    date(2021, 1, 14),
    date(2021, 1, 15),
    date(2021, 2, 28),
    date(2021, 3, 1),
]
UNITS = ["ha-quang", "ha-quang-tt", "quang-hoa", "thong-nong"]


def test_buckets_are_half_months_and_a_range_splits_into_whole_ones_and_edge_days():
    assert tally.bucket_of(date(2021, 2, 14)) == date(2021, 2, 1)
    assert tally.bucket_of(date(2021, 2, 15)) == date(2021, 2, 15)
    assert tally.next_bucket(date(2020, 12, 20)) == date(2021, 1, 1)
    # A Decree 09 year is whole half-months: nothing read live.
    assert tally.split(date(2019, 12, 15), date(2020, 12, 14)) == tally.Split(
        None, [(date(2019, 12, 15), date(2020, 12, 1))], []
    )
    # Whole calendar years are read from the years' rows.
    assert tally.split(date(2019, 1, 1), date(2021, 12, 31)) == tally.Split((2019, 2021), [], [])
    assert tally.split(date(2021, 1, 3), date(2021, 3, 20)) == tally.Split(
        None,
        [(date(2021, 1, 15), date(2021, 3, 1))],
        [(date(2021, 1, 3), date(2021, 1, 14)), (date(2021, 3, 15), date(2021, 3, 20))],
    )
    assert tally.split(date(2021, 1, 3), date(2021, 1, 20)) == tally.Split(
        None, [], [(date(2021, 1, 3), date(2021, 1, 20))]
    )
    assert tally.split(None, date(2021, 1, 31)) == tally.Split(
        (None, 2020), [(date(2021, 1, 1), date(2021, 1, 15))], []
    )
    assert tally.split(date(2020, 12, 2), None) == tally.Split(
        (2021, None), [(date(2020, 12, 15), date(2020, 12, 15))], [(date(2020, 12, 2), date(2020, 12, 14))]
    )
    assert tally.split(None, None) == tally.Split((None, None), [], [])


@pytest.fixture
def world(units, provincial, officer_ha_quang):
    load_programs()
    return {
        "units": [units[code] for code in UNITS],
        "users": [provincial, officer_ha_quang],
        "groups": list(TargetGroup.objects.order_by("pk")[:2]),
    }


def _new_record(unit, day, number, with_movement, title="Hoạt động"):
    area = ContentArea.objects.get(program=program_on(day), number=number)
    movement = area.movements.order_by("pk").first() if with_movement else None
    return Activity(
        program=area.program,
        unit=unit,
        content_area=area,
        movement=movement,
        title=title,
        start_date=day,
        end_date=day,
    )


def _figure_values(record, values, groups) -> dict:
    indicators = list(Indicator.objects.filter(program=record.program_id).order_by("pk")[: len(values)])
    out = {(i.pk, None): v for i, v in zip(indicators, values, strict=False)}
    if indicators and groups:
        out[(indicators[0].pk, groups[0].pk)] = values[0]
    return out


records = st.integers(0, 30)
operations = st.one_of(
    st.tuples(
        st.just("create"),
        st.integers(0, len(UNITS) - 1),
        st.sampled_from(DAYS),
        st.integers(1, 4),
        st.booleans(),
        st.lists(st.integers(0, 50), max_size=3),
    ),
    # A change through save(): unit, end date, content area and movement.
    st.tuples(
        st.just("edit"),
        records,
        st.integers(0, len(UNITS) - 1),
        st.sampled_from(DAYS),
        st.integers(1, 4),
        st.booleans(),
    ),
    # A plain update() of the dates (the queryset moves the figures' copies).
    st.tuples(st.just("update"), records, st.sampled_from(DAYS)),
    st.tuples(st.just("figures"), records, st.lists(st.integers(0, 50), max_size=3)),
    st.tuples(st.just("value"), records, st.integers(0, 9)),
    st.tuples(st.just("delete"), records),
    st.tuples(st.just("delete_unit"), st.integers(0, len(UNITS) - 1)),
    # A bulk import: records and their figures in two bulk inserts.
    st.tuples(st.just("bulk"), st.integers(0, len(UNITS) - 1), st.sampled_from(DAYS), st.integers(1, 5)),
)


def _apply(op, w):
    kind, *args = op
    existing = list(Activity.objects.order_by("pk"))
    pick = (
        existing[args[0] % len(existing)]
        if existing and kind in ("edit", "update", "figures", "value", "delete")
        else None
    )
    if kind == "create":
        unit, day, number, movement, values = args
        record = _new_record(w["units"][unit], day, number, movement)
        record.save()
        record.set_figures(_figure_values(record, values, w["groups"]))
    elif kind == "edit" and pick:
        unit, day, number, movement = args[1:]
        area = ContentArea.objects.get(program=program_on(day), number=number)
        pick.unit, pick.end_date, pick.start_date = w["units"][unit], day, min(day, pick.start_date)
        pick.content_area, pick.program = area, area.program
        pick.movement = area.movements.order_by("pk").first() if movement else None
        pick.save()
    elif kind == "update" and pick:
        Activity.objects.filter(pk=pick.pk).update(start_date=args[1], end_date=args[1])
    elif kind == "figures" and pick:
        pick.set_figures(_figure_values(pick, args[1], w["groups"]))
    elif kind == "value" and pick:
        Figure.objects.filter(activity=pick).update(value=F("value") + args[1])
    elif kind == "delete" and pick:
        pick.delete()
    elif kind == "delete_unit":
        Activity.objects.filter(unit=w["units"][args[0]]).delete()
    elif kind == "bulk":
        unit, day, n = args
        made = Activity.objects.bulk_create(
            [_new_record(w["units"][unit], day, 1 + i % 4, i % 2 == 0, title=f"Nhập {i}") for i in range(n)]
        )
        Figure.objects.bulk_create(
            [
                f
                for i, r in enumerate(made)
                for f in r.build_figures(_figure_values(r, [i + 1, 7], w["groups"]))
            ]
        )


FILTERS = [
    {},
    {"content_area": "2"},
    {"date_from": "10/12/2020", "date_to": "20/01/2021"},
    {"date_from": "15/12/2020"},
    {"date_from": "01/01/2021"},
    {"date_to": "31/12/2020"},
    {"date_from": "01/12/2020", "date_to": "31/01/2021"},
    {"date_to": "14/01/2021", "content_area": "1"},
    {"movement": None},  # filled in with a real movement's name
    {"unit": None},  # filled in with Hà Quảng's subtree
    {"unit": None, "subtree": "0"},
    {"period": None},
]


def _filters(w):
    movement = Movement.objects.order_by("pk").first().name
    period = Period.objects.get(kind="month", start=date(2020, 12, 15))
    out = []
    for f in FILTERS:
        f = dict(f)
        if "movement" in f:
            f["movement"] = movement
        if "unit" in f:
            f["unit"] = str(w["units"][0].pk)
        if "period" in f:
            f["period"] = str(period.pk)
        out.append(f)
    return out


def _live_by_year(r: RollUp, ids):
    out: dict = {}
    rows = (
        Figure.objects.filter(
            end_date__gte=r.start,
            end_date__lte=r.end,
            unit_id__in=list(r.attribution),
            indicator_id__in=ids,
            target_group__isnull=True,
        )
        .annotate(year=ExtractYear("end_date"))
        .values_list("year", "unit_id", "content_area_id", "indicator_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for year, unit_id, area, indicator, total in rows:
        cells = out.setdefault(year, {}).setdefault(r.attribution[unit_id], {})
        key = (area, indicator, None)
        cells[key] = cells.get(key, 0) + total
    return {
        y: {row: {tuple(k): v for k, v in c.items()} for row, c in rows_.items()} for y, rows_ in out.items()
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operations, max_size=10))
def test_the_summary_equals_the_live_sums_after_any_writes(world, ops):
    Period.objects.get_or_create(
        program=program_on(date(2021, 1, 1)),
        kind="month",
        year=2021,
        number=1,
        defaults={"start": date(2020, 12, 15), "end": date(2021, 1, 14), "due_date": date(2021, 1, 20)},
    )
    with transaction.atomic():
        for op in ops:
            _apply(op, world)
        assert tally.differences() == {"figures": 0, "records": 0}
        for user in world["users"]:
            access = access_for(user)
            for data in _filters(world):
                filterset = ActivityFilter(
                    data, queryset=access.scope(Activity.objects.for_pages()), access=access
                )
                qs = filterset.qs
                assert list_summary(qs, filterset) == (qs.count(), totals(qs)), data
        ids = list(Indicator.objects.filter(code="children").values_list("pk", flat=True))
        province = world["units"][0].parent
        for unit in (province, world["units"][0]):
            r = RollUp(unit, date(2019, 1, 1), date(2021, 12, 31), as_of=date(2021, 6, 1))
            got = {
                y: {row: {tuple(k): v for k, v in c.items()} for row, c in rows.items()}
                for y, rows in r.by_year(ids).items()
            }
            assert got == _live_by_year(r, ids)
        # Plan progress: "up to today" ends mid-half-month.
        for unit in (province, world["units"][0]):
            r = rollup(
                unit,
                date(2020, 12, 3),
                date(2021, 2, 20),
                content_area_ids=list(ContentArea.objects.values_list("pk", flat=True)),
            )
            live = {
                (row, key.content_area_id, key.indicator_id): v
                for row, cells in r.by_row.items()
                for key, v in cells.items()
                if key.target_group_id is None
            }
            targets = [
                SimpleNamespace(indicator_id=i, movement_id=None)
                for i in Indicator.objects.values_list("pk", flat=True)
            ]
            assert _area_actuals(r, targets) == live
        transaction.set_rollback(True)


def test_a_district_officers_totals_cover_only_their_district(world, provincial, officer_ha_quang):
    for code, value in (("ha-quang", 10), ("ha-quang-tt", 5), ("quang-hoa", 1000)):
        record = _new_record(world["units"][UNITS.index(code)], date(2021, 1, 20), 1, False)
        record.save()
        record.set_figures(_figure_values(record, [value], []))

    def summary(user):
        access = access_for(user)
        filterset = ActivityFilter({}, queryset=access.scope(Activity.objects.for_pages()), access=access)
        count, sums = list_summary(filterset.qs, filterset)
        return count, sums[0]["total"]

    assert summary(officer_ha_quang) == (2, 15)
    assert summary(provincial) == (3, 1015)
    # Asking for another district's unit gives nothing, not its figures.
    access = access_for(officer_ha_quang)
    other = world["units"][UNITS.index("quang-hoa")]
    filterset = ActivityFilter(
        {"unit": str(other.pk)}, queryset=access.scope(Activity.objects.for_pages()), access=access
    )
    count, sums = list_summary(filterset.qs, filterset)
    assert (count, sums) == (filterset.qs.count(), totals(filterset.qs))
    assert count == 0 or all(s["total"] != 1000 for s in sums)


def test_the_tally_command_finds_a_summary_gone_wrong_and_rebuilds_it(world):
    record = _new_record(world["units"][0], date(2021, 1, 20), 1, False)
    record.save()
    record.set_figures(_figure_values(record, [10], []))
    call_command("tally")
    FigureTally.objects.update(total=F("total") + 1)
    with pytest.raises(CommandError):
        call_command("tally")
    call_command("tally", rebuild=True)
    assert tally.differences() == {"figures": 0, "records": 0}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_a_copy_into_the_figures_fires_the_triggers(world):
    record = _new_record(world["units"][0], date(2021, 1, 20), 1, False)
    record.save()
    indicator = Indicator.objects.filter(program=record.program_id).order_by("pk").first()
    sql = "COPY activities_figure (activity_id, indicator_id, value, unit_id, end_date, content_area_id) FROM STDIN"
    row = (record.pk, indicator.pk, 42, record.unit_id, record.end_date, record.content_area_id)
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        copy.write_row(row)
    assert FigureTally.objects.get(indicator_id=indicator.pk, whole_year=False).total == 42
    assert tally.differences() == {"figures": 0, "records": 0}


def test_the_dashboard_reads_the_summary_not_the_figures(world, client_for, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    record = _new_record(world["units"][0], date.today() - timedelta(days=1), 1, False)
    record.save()
    record.set_figures(_figure_values(record, [10], []))
    client = client_for("provincial")
    client.get(reverse("reports:dashboard"))
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert not [
        q["sql"] for q in captured if "SUM(" in q["sql"].upper() and '"activities_figure"' in q["sql"]
    ]
