"""Figures laid out as tables for the report page, XLSX and DOCX alike (one layout, three outputs)."""

from __future__ import annotations

from dataclasses import dataclass, field

from childprog.formats import format_number
from childprog.models import ContentArea, Indicator, TargetGroup

from .rollup import Key

# The indicators shown in the summary matrix (one column each), by code.
SUMMARY_CODES = ["children", "girls", "ethnic_children", "participants", "gifts", "money"]


@dataclass
class Line:
    indicator: Indicator
    value: int
    previous: int | None = None
    current: int | None = None  # live value when it differs from a frozen one
    groups: list[tuple[str, int]] = field(default_factory=list)

    @property
    def changed(self):
        return self.current is not None and self.current != self.value


@dataclass
class AreaTable:
    area: ContentArea
    lines: list[Line]


@dataclass
class Reference:
    areas: list[ContentArea]
    indicators: list[Indicator]
    groups: dict[int, TargetGroup]

    @classmethod
    def load(cls, program) -> Reference:
        return cls(
            list(ContentArea.objects.filter(program=program)),
            list(Indicator.objects.filter(program=program).order_by("content_area__number", "order")),
            {g.pk: g for g in TargetGroup.objects.filter(program=program)},
        )

    def indicators_of(self, area):
        return [i for i in self.indicators if i.content_area_id in (None, area.pk)]

    @property
    def summary_indicators(self):
        by_code = {i.code: i for i in self.indicators}
        return [by_code[c] for c in SUMMARY_CODES if c in by_code]


def area_tables(ref: Reference, cells: dict[Key, int], *, previous=None, current=None, all_lines=False):
    """Per content area: every indicator with a value (or all, with all_lines), with the same
    period last year and, for frozen figures, the live value beside them."""
    out = []
    for area in ref.areas:
        lines = []
        for ind in ref.indicators_of(area):
            key = Key(area.pk, ind.pk, None)
            value = cells.get(key, 0)
            prev = previous.get(key, 0) if previous is not None else None
            live = current.get(key, 0) if current is not None else None
            if not (value or prev or live or all_lines):
                continue
            groups = [
                (ref.groups[k.target_group_id].name, v)
                for k, v in sorted(cells.items(), key=lambda kv: kv[0].target_group_id or 0)
                if k.content_area_id == area.pk and k.indicator_id == ind.pk and k.target_group_id and v
            ]
            lines.append(Line(ind, value, prev, live, groups))
        out.append(AreaTable(area, lines))
    return out


def sum_over_areas(cells: dict[Key, int], indicator_id: int) -> int:
    return sum(v for k, v in cells.items() if k.indicator_id == indicator_id and k.target_group_id is None)


def vnd(value) -> str:
    """1500000 → "1.500.000" (Vietnamese thousands separators)."""
    return format_number(int(value))
