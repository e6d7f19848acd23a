"""The provincial report, compiled for a period from the approved reports of the units that report
the period (docs/units-and-history.md: units valid on the period's last day, directly under the
province) plus the
province's own records (its own row of the roll-up)."""

from __future__ import annotations

from dataclasses import dataclass, field

from childprog.models import Period, Unit

from .models import Report
from .rollup import Key, rollup_for_period, snapshot_totals


@dataclass
class UnitPart:
    unit_id: int
    name: str
    report: Report | None
    cells: dict[Key, int] = field(default_factory=dict)

    @property
    def is_missing(self):
        return self.report is None


@dataclass
class Compiled:
    period: Period
    province: Unit
    parts: list[UnitPart]
    own: dict[Key, int]

    @property
    def reported(self):
        return [p for p in self.parts if not p.is_missing]

    @property
    def missing(self):
        return [p for p in self.parts if p.is_missing]

    @property
    def totals(self) -> dict[Key, int]:
        out: dict[Key, int] = dict(self.own)
        for part in self.reported:
            for key, value in part.cells.items():
                out[key] = out.get(key, 0) + value
        return out

    def to_snapshot(self) -> dict:
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "rows": [{"id": p.unit_id, "name": p.name, "own": False} for p in self.reported]
            + [{"id": self.province.pk, "name": self.province.name, "own": True}],
            "missing": [{"id": p.unit_id, "name": p.name} for p in self.missing],
            "cells": [[p.unit_id, *k, v] for p in self.reported for k, v in p.cells.items()]
            + [[self.province.pk, *k, v] for k, v in self.own.items()],
        }


def province_of(period: Period) -> Unit:
    return Unit.objects.filter(parent__isnull=True).valid_on(period.end).order_by("pk").first()


def compile_provincial(period: Period) -> Compiled:
    """A bounded number of queries: the roll-up (own records), the approved reports."""
    province = province_of(period)
    r = rollup_for_period(province, period)
    approved = {
        rep.unit_id: rep
        for rep in Report.objects.filter(period=period, status=Report.Status.APPROVED).select_related("unit")
    }
    parts = []
    for row in r.rows:
        if row.is_own:
            continue
        report = approved.get(row.id)
        cells: dict[Key, int] = {}
        if report is not None:
            for (_row, key), value in snapshot_totals(report.snapshot or {}).items():
                cells[key] = cells.get(key, 0) + value
        parts.append(UnitPart(row.id, row.name, report, cells))
    return Compiled(period, province, parts, dict(r.by_row.get(province.pk, {})))
