"""The rows of a report and everything counted on them.

A report is the sum of its rows. Every other number of the report (the area-flag breakdown, the
actuals against plan targets, the commendation counts, the number of activities, the target-group
"of which" lines) is computed from the same rows, never from a separate query over all records:
so each breakdown agrees with the total it breaks down.

    rows = rows_from_rollup(r)           a unit's live rows (its roll-up)
    data = ReportData(rows)
    data.total(indicator, content_area=None, target_group=None)
    data.flag_total(flag, indicator)     by the area flag the record's unit had on its date
    data.movement_total(indicator, movement)
    data.activities(content_area=None, row=None)
    data.counts("commendations")         {name: n} from a registered counter (extras.py)

A submitted report freezes its rows (rows_to_json); the provincial report takes each approved
district report's frozen rows as one row (merge_rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .rollup import Key


def _add(target: dict, key, value):
    target[key] = target.get(key, 0) + value


@dataclass
class Row:
    id: int
    name: str
    code: str = ""
    own: bool = False
    cells: dict[Key, int] = field(default_factory=dict)
    flags: dict[str, dict[Key, int]] = field(default_factory=dict)
    movements: dict[int, dict[Key, int]] = field(default_factory=dict)
    activities: dict[int, int] = field(default_factory=dict)  # content area id → records
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # counter → {name: n}


def rows_from_rollup(r, *, counters=None) -> list[Row]:
    """The roll-up's rows (children valid on as_of, then the unit's own row), each with its
    breakdowns; `counters` are the registered counters (default: every one)."""
    from .extras import report_counts

    counted = report_counts(r) if counters is None else {k: f(r) for k, f in counters.items()}
    out = []
    for info in r.rows:
        out.append(
            Row(
                info.id,
                info.name,
                info.code,
                info.is_own,
                dict(r.by_row.get(info.id, {})),
                {f: dict(c) for f, c in r.by_row_flag.get(info.id, {}).items()},
                {m: dict(c) for m, c in r.by_row_movement.get(info.id, {}).items()},
                dict(r.activity_counts.get(info.id, {})),
                {k: dict(per_row.get(info.id, {})) for k, per_row in counted.items()},
            )
        )
    return out


def merge_rows(rows: list[Row], *, id: int, name: str, code: str = "", own: bool = False) -> Row:
    """Several rows as one (a district's frozen report as one row of the provincial report)."""
    out = Row(id, name, code, own)
    for row in rows:
        for k, v in row.cells.items():
            _add(out.cells, k, v)
        for flag, cells in row.flags.items():
            for k, v in cells.items():
                _add(out.flags.setdefault(flag, {}), k, v)
        for m, cells in row.movements.items():
            for k, v in cells.items():
                _add(out.movements.setdefault(m, {}), k, v)
        for a, n in row.activities.items():
            _add(out.activities, a, n)
        for counter, names in row.counts.items():
            for name_, n in names.items():
                _add(out.counts.setdefault(counter, {}), name_, n)
    return out


def rows_to_json(rows: list[Row]) -> dict:
    """JSON-able (ids, labels, counts; never any person's name). "rows" and "cells" keep the
    layout older snapshots have."""

    def key_order(kv):
        k = kv[0]
        return (k[0], k[1], k[2] or 0)

    return {
        "rows": [{"id": r.id, "name": r.name, "code": r.code, "own": r.own} for r in rows],
        "cells": [[r.id, *k, v] for r in rows for k, v in sorted(r.cells.items(), key=key_order)],
        "flags": [
            [r.id, flag, *k, v]
            for r in rows
            for flag, cells in sorted(r.flags.items())
            for k, v in sorted(cells.items(), key=key_order)
        ],
        "movements": [
            [r.id, m, *k, v]
            for r in rows
            for m, cells in sorted(r.movements.items())
            for k, v in sorted(cells.items(), key=key_order)
        ],
        "activities": [[r.id, a, n] for r in rows for a, n in sorted(r.activities.items())],
        "counts": [
            [r.id, counter, name, n]
            for r in rows
            for counter, names in sorted(r.counts.items())
            for name, n in sorted(names.items())
        ],
    }


def rows_from_json(snapshot: dict) -> list[Row]:
    rows = {
        r["id"]: Row(r["id"], r["name"], r.get("code", ""), r.get("own", False))
        for r in snapshot.get("rows", [])
    }

    def row(rid):
        # Cells of a row the list does not name still count (they are part of the sum).
        return rows.setdefault(rid, Row(rid, ""))

    for rid, a, i, g, v in snapshot.get("cells", []):
        _add(row(rid).cells, Key(a, i, g), v)
    for rid, flag, a, i, g, v in snapshot.get("flags", []):
        _add(row(rid).flags.setdefault(flag, {}), Key(a, i, g), v)
    for rid, m, a, i, g, v in snapshot.get("movements", []):
        _add(row(rid).movements.setdefault(m, {}), Key(a, i, g), v)
    for rid, a, n in snapshot.get("activities", []):
        _add(row(rid).activities, a, n)
    for rid, counter, name, n in snapshot.get("counts", []):
        _add(row(rid).counts.setdefault(counter, {}), name, n)
    return list(rows.values())


@dataclass
class ReportData:
    """A report's rows and the sums over them that every section reads."""

    rows: list[Row]
    ref: object = None  # the program's reference data (reports.tables.Reference), when loaded

    def __post_init__(self):
        self.whole = merge_rows(self.rows, id=0, name="")

    @property
    def totals(self) -> dict[Key, int]:
        return self.whole.cells

    @staticmethod
    def _sum(cells, indicator, content_area=None, target_group=None) -> int:
        ind = getattr(indicator, "pk", indicator)
        area = getattr(content_area, "pk", content_area)
        group = getattr(target_group, "pk", target_group)
        return sum(
            v
            for k, v in cells.items()
            if k.indicator_id == ind
            and k.target_group_id == group
            and (area is None or k.content_area_id == area)
        )

    def total(self, indicator, *, content_area=None, target_group=None) -> int:
        return self._sum(self.whole.cells, indicator, content_area, target_group)

    def flag_total(self, flag, indicator, *, content_area=None) -> int:
        return self._sum(self.whole.flags.get(flag, {}), indicator, content_area)

    def movement_total(self, indicator, movement, *, content_area=None) -> int:
        m = getattr(movement, "pk", movement)
        return self._sum(self.whole.movements.get(m, {}), indicator, content_area)

    def activities(self, *, content_area=None, row=None) -> int:
        source = self.whole if row is None else next((r for r in self.rows if r.id == row), Row(0, ""))
        area = getattr(content_area, "pk", content_area)
        return sum(n for a, n in source.activities.items() if area is None or a == area)

    def counts(self, counter: str) -> dict[str, int]:
        return dict(self.whole.counts.get(counter, {}))


def unit_data(unit, period) -> ReportData:
    """The live rows of `unit`'s roll-up for `period` (a district report's rows while a draft)."""
    from .rollup import rollup_for_period

    return ReportData(rows_from_rollup(rollup_for_period(unit, period)))
