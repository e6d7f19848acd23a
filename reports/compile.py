"""The provincial report, compiled for a period from the approved reports of the units that report
the period (docs/units-and-history.md: units valid on the period's last day, directly under the
province) plus the province's own records (its own row of the roll-up). Each approved district
report counts as one row: its frozen figures and every breakdown frozen with them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from childprog.models import Period, Unit
from childprog.periods import previous_year

from .data import ReportData, Row, merge_rows, rows_from_json, rows_from_rollup, rows_to_json
from .models import Report
from .rollup import Key, RollUp, rollup_for_period


@dataclass
class UnitPart:
    unit_id: int
    name: str
    report: Report | None
    row: Row | None = None

    @property
    def is_missing(self):
        return self.report is None

    @property
    def cells(self) -> dict[Key, int]:
        return self.row.cells if self.row is not None else {}


@dataclass
class Compiled:
    period: Period
    province: Unit
    parts: list[UnitPart]
    own_row: Row
    rollup: RollUp = field(repr=False)
    last_year_approved: list[Report] = field(default_factory=list, repr=False)

    @property
    def own(self) -> dict[Key, int]:
        return self.own_row.cells

    @property
    def reported(self):
        return [p for p in self.parts if not p.is_missing]

    @property
    def missing(self):
        return [p for p in self.parts if p.is_missing]

    @property
    def rows(self) -> list[Row]:
        return [p.row for p in self.reported] + [self.own_row]

    @property
    def data(self) -> ReportData:
        return ReportData(self.rows)

    @property
    def totals(self) -> dict[Key, int]:
        return self.data.totals

    def to_snapshot(self) -> dict:
        out = rows_to_json(self.rows)
        out.update(
            start=self.period.start.isoformat(),
            end=self.period.end.isoformat(),
            missing=[{"id": p.unit_id, "name": p.name} for p in self.missing],
        )
        return out


def province_of(period: Period) -> Unit:
    return Unit.objects.filter(parent__isnull=True).valid_on(period.end).order_by("pk").first()


def compile_provincial(period: Period, province: Unit | None = None, *, keys=None) -> Compiled:
    """A bounded number of queries: the roll-up (own records), the approved reports."""
    province = province or province_of(period)
    r = rollup_for_period(province, period, keys=keys)
    # The province's own row alone is counted live: the districts' rows come from their reports.
    own_only = RollUp(
        province,
        period.start,
        period.end,
        graph=r.graph,
        attribution={u: row for u, row in r.attribution.items() if row == province.pk},
        keys=r.keys,
    )
    # This period's approved reports and, in the same query, last year's on these boundaries
    # (the provincial report compares like with like: approved figures with approved figures).
    last_start, last_end = previous_year((period.start, period.end))
    approved, last_year = {}, []
    for rep in Report.objects.filter(
        Q(period=period) | Q(period__kind=period.kind, period__start=last_start, period__end=last_end),
        status=Report.Status.APPROVED,
    ).select_related("unit"):
        if rep.period_id == period.pk:
            approved[rep.unit_id] = rep
        else:
            last_year.append(rep)
    parts = []
    own = next(row for row in rows_from_rollup(own_only) if row.own)
    for row in r.rows:
        if row.is_own:
            continue
        report = approved.get(row.id)
        merged = None
        if report is not None:
            merged = merge_rows(
                rows_from_json(report.snapshot or {}), id=row.id, name=row.name, code=row.code
            )
        parts.append(UnitPart(row.id, row.name, report, merged))
    return Compiled(period, province, parts, own, r, last_year)
