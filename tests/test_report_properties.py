"""Generated records, area flags and approvals: every breakdown of the provincial report agrees with
its total, and an approved report's documents do not move in their frozen parts whatever happens
afterwards (docs/reports.md)."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childprog.guideline import open_period
from childprog.models import Indicator, UnitFlag
from plans.models import Plan, Target
from reports.documents import docx as docx_doc
from reports.documents import xlsx as xlsx_doc
from reports.figures import report_figures
from reports.models import Report
from reports.workflow import get_or_open_report
from tests.test_report_consistency import docx_frozen_text, record, send, values, xlsx_frozen

DISTRICTS = ["ha-quang", "quang-hoa", "hoa-an", "trung-khanh"]
DAYS = [date(2020, 1, 1) + timedelta(days=n) for n in range(0, 366, 17)]

# A few examples each run (each one approves several reports and renders their documents).
pytestmark = pytest.mark.slow

records_st = st.lists(
    st.tuples(
        st.sampled_from([*DISTRICTS, "cao-bang", "ha-quang-tt"]),
        st.integers(1, 4),
        st.integers(0, 900),
        st.sampled_from(DAYS),
    ),
    min_size=1,
    max_size=10,
)


@pytest.fixture
def setting(program, units, provincial):
    period = open_period(program, "year", 2020, by=provincial)
    children = Indicator.objects.get(program=program, code="children")
    return {"period": period, "children": children, "program": program, "units": units, "staff": provincial}


def children_total(fig, children):
    return sum(
        v for k, v in fig.totals.items() if k.indicator_id == children.pk and k.target_group_id is None
    )


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    records=records_st,
    flagged=st.sets(st.sampled_from([*DISTRICTS, "ha-quang-tt"])),
    approved=st.sets(st.sampled_from(DISTRICTS)),
    later=records_st,
    target=st.integers(1, 5000),
)
def test_breakdowns_agree_with_totals_and_approved_documents_stay(
    setting, records, flagged, approved, later, target
):
    period, children, program = setting["period"], setting["children"], setting["program"]
    units, staff = setting["units"], setting["staff"]
    with transaction.atomic():
        for code in flagged:
            UnitFlag.objects.create(unit=units[code], flag=UnitFlag.Flag.BORDER, valid_from=date(2013, 1, 1))
        for i, (code, area, n, day) in enumerate(records):
            record(program, units[code], day, n, area=area, title=f"Hoạt động {i}")
        plan = Plan.objects.create(unit=units["cao-bang"], program=program, year=2020, title="Kế hoạch")
        Target.objects.create(plan=plan, indicator=children, value=target)
        for code in sorted(approved):
            send(period, units[code], staff, staff)

        report = get_or_open_report(period=period, unit=units["cao-bang"], by=staff)
        fig = report_figures(report)
        counted = {code for code in approved} | {"cao-bang"}
        rows_of = {"ha-quang-tt": "ha-quang"}
        mine = [r for r in records if rows_of.get(r[0], r[0]) in counted]
        total = children_total(fig, children)
        assert total == sum(n for _c, _a, n, _d in mine)
        # Every row adds up to the total; every breakdown stays within it.
        assert sum(cells[0].value for _row, cells in fig.matrix) == total
        flags = (
            {r[0]: r[1] for r in values(s)} if (s := _section(fig, "Kết quả theo đặc điểm địa bàn")) else {}
        )
        assert flags.get("Biên giới", 0) <= total
        # A record counts under the flag its own unit has (a district's flag is not its communes').
        assert flags.get("Biên giới", 0) == sum(n for c, _a, n, _d in mine if c in flagged)
        assert values(_section(fig, "Kết quả so với chỉ tiêu"))[0][3] == total
        assert sum(a.activities for a in fig.areas) == len(mine)
        for area in fig.areas:
            for line in area.lines:
                assert all(v <= line.value for _n, v, _c in line.groups)

        report = send(period, units["cao-bang"], staff, staff)
        frozen = (
            report.document,
            docx_frozen_text(docx_doc.render(report)),
            xlsx_frozen(xlsx_doc.render(report)),
        )
        # Whatever happens afterwards: more records, flags withdrawn, targets changed.
        for i, (code, area, n, day) in enumerate(later):
            record(program, units[code], day, n + 1, area=area, title=f"Sau {i}")
        UnitFlag.objects.all().delete()
        Target.objects.update(value=target + 7)
        report = Report.objects.get(pk=report.pk)
        assert (
            report.document,
            docx_frozen_text(docx_doc.render(report)),
            xlsx_frozen(xlsx_doc.render(report)),
        ) == frozen
        transaction.set_rollback(True)


def _section(fig, title):
    return next((s for s in fig.sections if s.title.startswith(title)), None)
