"""Figures laid out as tables for the report page, XLSX and DOCX alike (one layout, three outputs)."""

from __future__ import annotations

from dataclasses import dataclass

from childprog.formats import format_number
from childprog.models import ContentArea, Indicator, TargetGroup

from .rollup import Key

# The indicators shown in the summary matrix (one column each), by code.
SUMMARY_CODES = ["children", "girls", "ethnic_children", "participants", "gifts", "money"]


@dataclass
class Reference:
    areas: list[ContentArea]
    indicators: list[Indicator]
    groups: dict[int, TargetGroup]

    @classmethod
    def load(cls, program) -> Reference:
        return cls.load_with_keys(program)[0]

    @classmethod
    def load_with_keys(cls, program):
        """The program's reference data and the keys translating every program's ids into it
        (rollup.ProgramKeys), from the same three queries."""
        from .rollup import ProgramKeys

        areas = list(ContentArea.objects.all())
        indicators = list(Indicator.objects.all())
        groups = list(TargetGroup.objects.all())

        def translate(objs, name):
            mine = {getattr(o, name): o.pk for o in objs if o.program_id == program.pk}
            return {o.pk: mine[getattr(o, name)] for o in objs if getattr(o, name) in mine}

        keys = ProgramKeys(
            translate(areas, "number"), translate(indicators, "code"), translate(groups, "code")
        )
        number = {a.pk: a.number for a in areas}
        ref = cls(
            sorted((a for a in areas if a.program_id == program.pk), key=lambda a: a.number),
            sorted(
                (i for i in indicators if i.program_id == program.pk),
                key=lambda i: (number.get(i.content_area_id, 0), i.order),
            ),
            {g.pk: g for g in groups if g.program_id == program.pk},
        )
        return ref, keys

    def indicators_of(self, area):
        return [i for i in self.indicators if i.content_area_id in (None, area.pk)]

    @property
    def summary_indicators(self):
        by_code = {i.code: i for i in self.indicators}
        return [by_code[c] for c in SUMMARY_CODES if c in by_code]


def sum_over_areas(cells: dict[Key, int], indicator_id: int) -> int:
    return sum(v for k, v in cells.items() if k.indicator_id == indicator_id and k.target_group_id is None)


def vnd(value) -> str:
    """1500000 → "1.500.000" (Vietnamese thousands separators)."""
    return format_number(int(value))
