"""The roll-up: every indicator of every content area for a unit and a date range, computed by the
database (docs/units-and-history.md).

    from reports.rollup import rollup, rollup_for_period

    r = rollup(unit, start, end)            # records dated start..end, attributed on `end`
    r = rollup_for_period(unit, period)     # the same for a Period
    r.total(indicator)                      # one indicator, every area and row (no target group)
    r.total(indicator, content_area=a, row=unit_id, target_group=g)
    r.totals        {Key(area_id, indicator_id, group_id): value}        whole unit
    r.by_row        {row unit id: {Key: value}}    rows = reporting children, or the unit itself
    r.rows          [RowInfo(id, name, code, is_own)] in tree order, the unit itself last
    r.by_flag       {flag: {Key: value}}  by the area flag the record's unit had on its date
    r.records(row=..., content_area=..., indicator=..., target_group=..., flag=...)
                    the Activity queryset behind any total (drill-down)
    r.previous      the same period of the previous year on this period's boundaries
                    ("so với cùng kỳ"), attributed to this report's rows so columns compare, and
                    in this period's program's ids when last year belonged to another program
    r.to_snapshot() a JSON-able dict of the figures (ids and labels; never any person's name)

The attribution rule (which unit row counts in which reporting row) comes from
childprog.history.UnitGraph.attribution, computed in memory on the unit graph (hundreds of rows).
Records are never walked in Python: one grouped query on Figure (which carries copies of the
record's unit, end date and content area) maps unit ids to reporting rows with a CASE expression
and sums, so the number of queries stays the same whatever the number of records and units.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple

from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import ExtractYear

from childprog.history import UnitGraph
from childprog.models import ContentArea, Indicator, TargetGroup, Unit, UnitFlag
from childprog.periods import previous_year


class Key(NamedTuple):
    content_area_id: int
    indicator_id: int
    target_group_id: int | None


@dataclass(frozen=True)
class RowInfo:
    id: int
    name: str
    code: str
    is_own: bool  # the unit's own records (and those of ended children with no successor)


def _sum_into(target: dict, key: Key, value: int):
    target[key] = target.get(key, 0) + value


@dataclass(frozen=True)
class ProgramKeys:
    """Keys of every program, translated into one program's ids: by content area number, indicator
    code and target group code. The 2021–2030 program is a copy of the 2013–2020 one with new ids,
    so a 2021 report compares with 2020's records ("so với cùng kỳ"), and a Decree 09 year that
    starts on 15/12/2020 takes in the old program's last fortnight."""

    areas: dict[int, int]
    indicators: dict[int, int]
    groups: dict[int, int]

    @classmethod
    def load(cls, program) -> ProgramKeys:
        def translate(rows):
            rows = list(rows)
            mine = {name: pk for pk, prog, name in rows if prog == program.pk}
            return {pk: mine[name] for pk, _prog, name in rows if name in mine}

        return cls(
            translate(ContentArea.objects.values_list("pk", "program_id", "number")),
            translate(Indicator.objects.values_list("pk", "program_id", "code")),
            translate(TargetGroup.objects.values_list("pk", "program_id", "code")),
        )

    def key(self, area: int, indicator: int, group: int | None) -> Key | None:
        """The key in the program's ids, or None when the program has no such indicator or group."""
        if area not in self.areas or indicator not in self.indicators:
            return None
        if group is not None and group not in self.groups:
            return None
        return Key(
            self.areas[area], self.indicators[indicator], None if group is None else self.groups[group]
        )

    @staticmethod
    def sources(mapping: dict[int, int], target: int) -> list[int]:
        """Every id (of any program) that stands for `target`."""
        return [pk for pk, mine in mapping.items() if mine == target] or [target]


class RollUp:
    def __init__(
        self,
        unit: Unit,
        start: date,
        end: date,
        *,
        as_of: date | None = None,
        graph: UnitGraph | None = None,
        attribution: dict[int, int] | None = None,
        content_area_ids: list[int] | None = None,
        keys: ProgramKeys | None = None,
    ):
        self.unit = unit
        self.start, self.end = start, end
        self.as_of = as_of or end
        self.graph = graph or UnitGraph.load()
        # {unit row id: reporting row id} — the attribution rule, carried forward to as_of.
        self.attribution = (
            attribution if attribution is not None else self.graph.attribution(unit.pk, self.as_of)
        )
        # With `keys`, every program's records count, their keys translated into one program's ids.
        self.keys = keys
        self.content_area_ids = list(keys.areas) if keys is not None else content_area_ids

    def _key(self, area, indicator, group) -> Key | None:
        return Key(area, indicator, group) if self.keys is None else self.keys.key(area, indicator, group)

    # -- the queries ---------------------------------------------------------------------------
    def _figures(self):
        from activities.models import Figure

        qs = Figure.objects.filter(
            end_date__gte=self.start, end_date__lte=self.end, unit_id__in=list(self.attribution)
        )
        if self.content_area_ids is not None:
            qs = qs.filter(content_area_id__in=self.content_area_ids)
        return qs

    def _row_case(self):
        groups: dict[int, list[int]] = defaultdict(list)
        for unit_id, row in self.attribution.items():
            groups[row].append(unit_id)
        return Case(
            *[When(unit_id__in=ids, then=Value(row)) for row, ids in groups.items()],
            output_field=IntegerField(),
        )

    @cached_property
    def _combined(self) -> list[tuple]:
        """One query (UNION ALL of three grouped selects), so a report page's count stays small:
        "v" figures by (row, movement, area, indicator, target group); "f" the same by the area
        flag the record's unit had on the record's date (flags carry validity dates, so past
        breakdowns do not drift; a unit with two flags counts under both, each at most the
        total); "a" the number of records by (row, area)."""
        from activities.models import Activity

        if not self.attribution:
            return []
        cols = ("kind", "row", "mv", "flag", "content_area_id", "ind", "grp")
        none_int, none_str = Value(None, output_field=IntegerField()), Value(None, output_field=CharField())
        figures = self._figures().annotate(
            row=self._row_case(), ind=F("indicator_id"), grp=F("target_group_id")
        )
        values = (
            figures.annotate(kind=Value("v"), mv=F("activity__movement_id"), flag=none_str)
            .values_list(*cols)
            .annotate(total=Sum("value"))
            .order_by()
        )
        flags = (
            figures.filter(
                Q(unit__flags__valid_to__isnull=True) | Q(unit__flags__valid_to__gte=F("end_date")),
                unit__flags__valid_from__lte=F("end_date"),
            )
            .annotate(kind=Value("f"), mv=none_int, flag=F("unit__flags__flag"))
            .values_list(*cols)
            .annotate(total=Sum("value"))
            .order_by()
        )
        records = Activity.objects.filter(
            end_date__gte=self.start, end_date__lte=self.end, unit_id__in=list(self.attribution)
        )
        if self.content_area_ids is not None:
            records = records.filter(content_area_id__in=self.content_area_ids)
        counts = (
            records.annotate(
                row=self._row_case(), kind=Value("a"), mv=none_int, flag=none_str, ind=none_int, grp=none_int
            )
            .values_list(*cols)
            .annotate(total=Count("id"))
            .order_by()
        )
        return list(values.union(flags, counts, all=True))

    @cached_property
    def _grouped(self):
        out = []
        for kind, row, movement, _flag, area, indicator, group, total in self._combined:
            if kind != "v":
                continue
            key = self._key(area, indicator, group)
            if key is not None:
                out.append((row, movement, key, int(total)))
        return out

    @cached_property
    def by_row(self) -> dict[int, dict[Key, int]]:
        """(reporting row, area, indicator, target group) → sum."""
        out: dict[int, dict[Key, int]] = {row.id: {} for row in self.rows}
        for row, _movement, key, total in self._grouped:
            _sum_into(out.setdefault(row, {}), key, total)
        return out

    @cached_property
    def by_row_movement(self) -> dict[int, dict[int, dict[Key, int]]]:
        """{row: {movement id: {Key: sum}}} for the records filed under a movement (plan targets
        by movement), from the same query as by_row."""
        out: dict[int, dict[int, dict[Key, int]]] = {}
        for row, movement, key, total in self._grouped:
            if movement is not None:
                _sum_into(out.setdefault(row, {}).setdefault(movement, {}), key, total)
        return out

    @cached_property
    def totals(self) -> dict[Key, int]:
        out: dict[Key, int] = {}
        for cells in self.by_row.values():
            for key, value in cells.items():
                _sum_into(out, key, value)
        return out

    @cached_property
    def by_row_flag(self) -> dict[int, dict[str, dict[Key, int]]]:
        """{row: {flag: {Key: sum}}} by the area flag (remote, border, ...) that the record's unit
        had on the record's date."""
        out: dict[int, dict[str, dict[Key, int]]] = {}
        for kind, row, _movement, flag, a, i, g, t in self._combined:
            if kind != "f":
                continue
            key = self._key(a, i, g)
            if key is not None:
                _sum_into(out.setdefault(row, {}).setdefault(flag, {}), key, int(t))
        return out

    @cached_property
    def by_flag(self) -> dict[str, dict[Key, int]]:
        out: dict[str, dict[Key, int]] = {flag: {} for flag in UnitFlag.Flag.values}
        for flags in self.by_row_flag.values():
            for flag, cells in flags.items():
                for key, value in cells.items():
                    _sum_into(out.setdefault(flag, {}), key, value)
        return out

    @cached_property
    def activity_counts(self) -> dict[int, dict[int, int]]:
        """{row: {content area id: number of records}}: how many activities each reporting row
        organised under each content area."""
        out: dict[int, dict[int, int]] = {}
        for kind, row, _m, _f, area, _i, _g, n in self._combined:
            if kind != "a":
                continue
            if self.keys is not None:
                if area not in self.keys.areas:
                    continue
                area = self.keys.areas[area]
            cells = out.setdefault(row, {})
            cells[area] = cells.get(area, 0) + int(n)
        return out

    @staticmethod
    def _flag_subquery(flag: str, unit_ref: str = "unit_id", day_ref: str = "end_date"):
        return UnitFlag.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef(day_ref)),
            unit_id=OuterRef(unit_ref),
            flag=flag,
            valid_from__lte=OuterRef(day_ref),
        )

    # -- reading -------------------------------------------------------------------------------
    @cached_property
    def rows(self) -> list[RowInfo]:
        """The reporting rows: children valid on as_of (tree order), then the unit's own row."""
        children = self.graph.reporting_children(self.unit.pk, self.as_of)
        rows = [RowInfo(c, self.graph.nodes[c].name, self.graph.nodes[c].code, False) for c in children]
        rows.append(RowInfo(self.unit.pk, self.unit.name, self.unit.code, True))
        return rows

    def by_year(self, indicator_ids: list[int]) -> dict[int, dict[int, dict[Key, int]]]:
        """{calendar year: {reporting row: {Key: value}}} of the given indicators' totals (no target
        group) over start..end, in one grouped query by unit row (mapped to reporting rows here):
        the dashboard's years at once."""
        out: dict[int, dict[int, dict[Key, int]]] = {}
        if not self.attribution:
            return out
        grouped = (
            self._figures()
            .filter(indicator_id__in=indicator_ids, target_group__isnull=True)
            .annotate(year=ExtractYear("end_date"))
            .values_list("year", "unit_id", "content_area_id", "indicator_id")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for year, unit_id, area, indicator, total in grouped:
            key = self._key(area, indicator, None)
            if key is not None:
                row = out.setdefault(year, {}).setdefault(self.attribution[unit_id], {})
                _sum_into(row, key, int(total))
        return out

    def total(self, indicator, *, content_area=None, row=None, target_group=None) -> int:
        """Sum of one indicator (object or id); content_area/row/target_group narrow it. Without a
        target group, the plain total (not the "of which" counts)."""
        ind = getattr(indicator, "pk", indicator)
        area = getattr(content_area, "pk", content_area)
        group = getattr(target_group, "pk", target_group)
        cells = self.totals if row is None else self.by_row.get(getattr(row, "pk", row), {})
        return sum(
            v
            for k, v in cells.items()
            if k.indicator_id == ind
            and k.target_group_id == group
            and (area is None or k.content_area_id == area)
        )

    def records(self, *, row=None, content_area=None, indicator=None, target_group=None, flag=None):
        """The records behind a total (drill-down), as an Activity queryset."""
        from activities.models import Activity, Figure

        unit_ids = [u for u, r in self.attribution.items() if row is None or r == getattr(row, "pk", row)]
        qs = Activity.objects.filter(end_date__gte=self.start, end_date__lte=self.end, unit_id__in=unit_ids)
        if content_area is not None:
            qs = qs.filter(
                content_area_id__in=self._sources("areas", getattr(content_area, "pk", content_area))
            )
        elif self.content_area_ids is not None:
            qs = qs.filter(content_area_id__in=self.content_area_ids)
        if indicator is not None:
            figures = Figure.objects.filter(
                indicator_id__in=self._sources("indicators", getattr(indicator, "pk", indicator))
            )
            group = getattr(target_group, "pk", target_group)
            if group is None:
                figures = figures.filter(target_group__isnull=True)
            else:
                figures = figures.filter(target_group_id__in=self._sources("groups", group))
            qs = qs.filter(pk__in=figures.values("activity_id"))
        if flag is not None:
            qs = qs.filter(Exists(self._flag_subquery(flag, "unit_id", "end_date")))
        return qs.select_related("unit", "content_area", "movement")

    def _sources(self, kind: str, target: int) -> list[int]:
        return [target] if self.keys is None else ProgramKeys.sources(getattr(self.keys, kind), target)

    @cached_property
    def previous(self) -> RollUp:
        """The same period of the previous year, on this period's boundaries (calendar or Decree 09
        dates moved back a year), with last year's records attributed to THIS report's rows, so
        Quảng Hòa's 2020 row compares with Phục Hòa + Quảng Uyên's 2019."""
        start, end = previous_year((self.start, self.end))
        return RollUp(
            self.unit,
            start,
            end,
            as_of=self.as_of,
            graph=self.graph,
            attribution=self.attribution,
            content_area_ids=self.content_area_ids,
            keys=self.keys,
        )

    def to_snapshot(self) -> dict:
        """The figures frozen into a submitted report: ids and labels, values; no names of people."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "rows": [{"id": r.id, "name": r.name, "code": r.code, "own": r.is_own} for r in self.rows],
            "cells": [
                [row, k.content_area_id, k.indicator_id, k.target_group_id, v]
                for row, cells in self.by_row.items()
                for k, v in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0))
            ],
        }


def rollup(unit: Unit, start: date, end: date, *, as_of: date | None = None, content_area_ids=None) -> RollUp:
    """The roll-up of `unit` for records dated start..end, attributed as on `as_of` (default: end;
    pass today for "on today's boundaries")."""
    return RollUp(unit, start, end, as_of=as_of, content_area_ids=content_area_ids)


def rollup_for_period(
    unit: Unit, period, *, as_of: date | None = None, keys: ProgramKeys | None = None
) -> RollUp:
    """The roll-up of `unit` for a Period, in its program's content areas and indicators: records of
    another program (last year's, or the previous program's last days) count under the same area
    number and indicator code."""
    keys = keys or ProgramKeys.load(period.program)
    return RollUp(unit, period.start, period.end, as_of=as_of, keys=keys)


def snapshot_totals(snapshot: dict) -> dict[tuple[int | None, Key], int]:
    """{(row id, Key): value} from a frozen snapshot, for comparing with a live roll-up."""
    return {(row, Key(a, i, g)): v for row, a, i, g, v in snapshot.get("cells", [])}
