"""One period per program, kind and span: duplicates in older data are merged, then refused.

Older data holds annual (six-monthly, nine-monthly) periods opened as numbers 2..12 with the same
dates as number 1. The migration keeps the lowest id, moves the others' reports to it and refuses
to guess where two reports of one unit both hold work.
"""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from childprog.models import Period
from childprog.period_merge import MergeRefused, PeriodRow, ReportRow, plan_merge
from reports.models import GrassrootsRequest
from reports.models import Report as LiveReport

Y2020 = (date(2020, 1, 1), date(2020, 12, 31))


def annual(pid, program=1, span=Y2020):
    return PeriodRow(pid, program, "year", *span)


def report(rid, period, unit=10, status="draft", empty=False):
    return ReportRow(rid, period, unit, status, empty)


# -- the plan, on plain rows ------------------------------------------------------------------------
def test_periods_with_the_same_dates_merge_into_the_lowest_id():
    plan = plan_merge([annual(7), annual(3), annual(5)], [])
    assert plan.kept == {7: 3, 5: 3}


def test_periods_of_other_dates_programs_or_kinds_stay_apart():
    periods = [
        annual(1),
        annual(2, program=2),
        annual(3, span=(date(2019, 12, 15), date(2020, 12, 14))),
        PeriodRow(4, 1, "half", date(2020, 1, 1), date(2020, 6, 30)),
        PeriodRow(5, 1, "nine", date(2020, 1, 1), date(2020, 9, 30)),
    ]
    assert not plan_merge(periods, [])


def test_a_duplicates_report_moves_to_the_kept_period():
    plan = plan_merge([annual(1), annual(2)], [report(20, 2, unit=10), report(21, 1, unit=11)])
    assert plan.move == {20: 1} and plan.delete == []


def test_the_report_furthest_in_the_workflow_stays_and_an_empty_draft_goes():
    plan = plan_merge([annual(1), annual(2)], [report(20, 1, empty=True), report(21, 2, status="approved")])
    assert plan.delete == [20] and plan.move == {21: 1}

    plan = plan_merge([annual(1), annual(2)], [report(20, 1, status="submitted"), report(21, 2, empty=True)])
    assert plan.delete == [21] and plan.move == {}


def test_of_two_drafts_the_one_with_text_stays():
    plan = plan_merge([annual(1), annual(2)], [report(20, 1, empty=True), report(21, 2)])
    assert plan.delete == [20] and plan.move == {21: 1}


def test_three_copies_keep_one_report_per_unit():
    plan = plan_merge(
        [annual(1), annual(2), annual(3)],
        [report(20, 1, empty=True), report(21, 2, status="approved"), report(22, 3, empty=True)],
    )
    assert sorted(plan.delete) == [20, 22] and plan.move == {21: 1}


@pytest.mark.parametrize(
    ("kept", "other"),
    [
        (report(20, 1, status="approved"), report(21, 2, status="approved")),
        (report(20, 1, status="submitted"), report(21, 2, status="draft")),  # a draft with text
        (report(20, 1, status="approved"), report(21, 2, status="returned", empty=True)),
    ],
)
def test_two_reports_of_one_unit_that_both_hold_work_stop_the_merge(kept, other):
    with pytest.raises(MergeRefused, match=r"id=20.*id=21|id=21.*id=20"):
        plan_merge([annual(1), annual(2)], [kept, other])


# -- the database ---------------------------------------------------------------------------------
def test_the_database_refuses_a_second_period_with_the_same_dates(program):
    Period.objects.create(
        program=program,
        kind="year",
        year=2020,
        number=1,
        start=Y2020[0],
        end=Y2020[1],
        due_date=date(2021, 1, 5),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(
            program=program,
            kind="year",
            year=2020,
            number=2,
            start=Y2020[0],
            end=Y2020[1],
            due_date=date(2021, 1, 5),
        )


BEFORE = [("childprog", "0002_vietnamese_labels_and_program_rules"), ("reports", "0002_document_and_signer")]
AFTER = [("childprog", "0004_one_period_per_span")]


@pytest.fixture
def before_the_constraint(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    yield apps
    # What a refused merge left behind would refuse again on the way back to the latest schema.
    apps.get_model("reports", "Report").objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_world(apps):
    Program = apps.get_model("childprog", "Program")
    Unit = apps.get_model("childprog", "Unit")
    Period_ = apps.get_model("childprog", "Period")
    Report = apps.get_model("reports", "Report")
    program = Program.objects.create(code="p", name="P", start=date(2013, 1, 1), end=date(2020, 12, 31))
    unit = Unit.objects.create(code="d", name="D", kind="district", valid_from=date(2013, 1, 1), path="d/")
    other = Unit.objects.create(code="e", name="E", kind="district", valid_from=date(2013, 1, 1), path="e/")
    periods = [
        Period_.objects.create(
            program=program,
            kind="year",
            year=2020,
            number=n,
            start=Y2020[0],
            end=Y2020[1],
            due_date=date(2021, 1, 5),
        )
        for n in (1, 2, 3)
    ]
    return program, unit, other, periods, Report


def test_the_migration_merges_duplicates_and_keeps_every_report_with_work(before_the_constraint):
    apps = before_the_constraint
    _program, unit, other, (kept, dup2, dup3), Report = _old_world(apps)
    empty = Report.objects.create(period=kept, unit=unit)
    approved = Report.objects.create(period=dup2, unit=unit, status="approved", results="Đã duyệt", number=4)
    moved = Report.objects.create(period=dup3, unit=other, status="submitted", results="Chờ duyệt")
    apps.get_model("reports", "GrassrootsRequest").objects.create(period=dup2, district=unit)
    apps.get_model("reports", "GrassrootsRequest").objects.create(period=kept, district=unit)
    Period_ = apps.get_model("childprog", "Period")
    Period_.objects.filter(pk=dup3.pk).update(locked_at="2021-01-10T00:00:00Z")

    MigrationExecutor(connection).migrate(AFTER)

    assert list(Period.objects.values_list("pk", flat=True)) == [kept.pk]
    assert Period.objects.get().is_locked  # a lock on any copy stays
    assert dict(LiveReport.objects.values_list("pk", "period_id")) == {
        approved.pk: kept.pk,
        moved.pk: kept.pk,
    }
    assert not LiveReport.objects.filter(pk=empty.pk).exists()
    assert GrassrootsRequest.objects.filter(period_id=kept.pk, district_id=unit.pk).count() == 1


def test_the_migration_stops_with_a_message_rather_than_lose_work(before_the_constraint):
    apps = before_the_constraint
    _program, unit, _other, (kept, dup2, _dup3), Report = _old_world(apps)
    Report.objects.create(period=kept, unit=unit, status="approved", results="Bản một")
    Report.objects.create(period=dup2, unit=unit, status="submitted", results="Bản hai")
    with pytest.raises(MergeRefused, match="đều đã có nội dung"):
        MigrationExecutor(connection).migrate(AFTER)


def test_a_duplicates_requests_to_grassroots_units_and_reminders_move_to_the_kept_period(
    before_the_constraint,
):
    # Both point at a period with no name for the way back (related_name "+"): they move all the same.
    apps = before_the_constraint
    _program, unit, other, (kept, dup2, dup3), _Report = _old_world(apps)
    apps.get_model("reports", "GrassrootsRequest").objects.create(period=dup3, district=other)
    apps.get_model("reports", "ReminderLog").objects.create(period=dup2, unit=unit, day=date(2021, 1, 3))

    MigrationExecutor(connection).migrate(AFTER)

    from reports.models import ReminderLog

    assert list(GrassrootsRequest.objects.values_list("period_id", "district_id")) == [(kept.pk, other.pk)]
    assert list(ReminderLog.objects.values_list("period_id", "unit_id")) == [(kept.pk, unit.pk)]
