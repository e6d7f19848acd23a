"""What a report shows: frozen figures once submitted, live ones while a draft; for an approved
report, what has changed since beside the frozen figures. Shared by the page, XLSX and DOCX."""

from __future__ import annotations

from dataclasses import dataclass, field

from .compile import compile_provincial
from .extras import ReportSection, report_sections
from .rollup import Key, rollup_for_period, snapshot_totals
from .tables import AreaTable, Reference, area_tables


@dataclass
class RowFigures:
    id: int
    name: str
    own: bool
    cells: dict[Key, int]


@dataclass
class ReportFigures:
    ref: Reference
    frozen: bool
    rows: list[RowFigures]
    totals: dict[Key, int]
    areas: list[AreaTable]
    missing: list[dict] = field(default_factory=list)
    corrections: list = field(default_factory=list)
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def has_changes(self):
        return any(line.changed for a in self.areas for line in a.lines)

    def row_summary(self):
        """[(row, [value per summary indicator])] for the matrix of reporting units."""
        inds = self.ref.summary_indicators
        return [
            (
                row,
                [
                    sum(
                        v
                        for k, v in row.cells.items()
                        if k.indicator_id == i.pk and k.target_group_id is None
                    )
                    for i in inds
                ],
            )
            for row in self.rows
        ]


def _rows_from_snapshot(snapshot) -> list[RowFigures]:
    cells = snapshot_totals(snapshot)
    rows = []
    for row in snapshot.get("rows", []):
        mine = {k: v for (r, k), v in cells.items() if r == row["id"]}
        rows.append(RowFigures(row["id"], row["name"], row.get("own", False), mine))
    return rows


def _sum(rows) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for row in rows:
        for k, v in row.cells.items():
            out[k] = out.get(k, 0) + v
    return out


def report_figures(report, *, with_sections=True) -> ReportFigures:
    period = report.period
    ref = Reference.load(period.program)
    live = rollup_for_period(report.unit, period)
    previous = live.previous.totals
    # A returned (or reopened) report is being corrected: it shows live figures again, and the
    # next submit freezes them anew.
    frozen = report.snapshot is not None and not report.is_editable
    missing: list[dict] = []
    corrections = []
    if report.is_provincial:
        compiled = compile_provincial(period) if not frozen else None
        if frozen:
            rows = _rows_from_snapshot(report.snapshot)
            missing = report.snapshot.get("missing", [])
        else:
            rows = [RowFigures(p.unit_id, p.name, False, p.cells) for p in compiled.reported]
            rows.append(RowFigures(report.unit_id, report.unit.name, True, compiled.own))
            missing = [{"id": p.unit_id, "name": p.name} for p in compiled.missing]
        current = compile_provincial(period).totals if report.status == report.Status.APPROVED else None
    else:
        if frozen:
            rows = _rows_from_snapshot(report.snapshot)
        else:
            rows = [RowFigures(r.id, r.name, r.is_own, live.by_row.get(r.id, {})) for r in live.rows]
        current = live.totals if report.status == report.Status.APPROVED else None
        if current is not None:
            corrections = list(
                live.records().filter(corrected_after_approval=True, updated_at__gt=report.approved_at)
            )
    totals = _sum(rows)
    if current is not None and current == totals:
        current = None
    areas = area_tables(ref, totals, previous=previous, current=current)
    sections = report_sections(report.unit, period) if with_sections else []
    return ReportFigures(ref, frozen, rows, totals, areas, missing, corrections, sections)
