"""Helpers for tests (and the benchmark): both programs, and records made through the services."""

from __future__ import annotations

from datetime import date

from childprog.guideline import copy_program, load_guideline
from childprog.models import ContentArea, Movement, Program, program_on

from .services import RecordData, record_activity


def load_programs() -> tuple[Program, Program]:
    """The guideline's 2013–2020 program and its 2021–2030 copy, as the demo has them."""
    first = load_guideline()
    second = Program.objects.filter(code="ctr-2021-2030").first() or copy_program(
        first,
        code="ctr-2021-2030",
        name="Chương trình 2021 - 2030",
        start=date(2021, 1, 1),
        end=date(2030, 12, 31),
    )
    return first, second


def area_on(day: date, number: int) -> ContentArea:
    return ContentArea.objects.get(program=program_on(day), number=number)


def movement_on(day: date, number: int, name: str) -> Movement:
    return Movement.objects.get(content_area=area_on(day, number), name=name)


def make_activity(
    by, unit, day: date, *, number=2, title="Trao quà Trung thu", movement=None, figures=None, **extra
):
    data = RecordData(
        unit=unit,
        content_area=area_on(day, number),
        movement=movement_on(day, number, movement) if movement else None,
        title=title,
        start_date=extra.pop("start_date", day),
        end_date=day,
        place=extra.pop("place", ""),
        description=extra.pop("description", ""),
        figures=figures if figures is not None else {("children", None): 100, ("girls", None): 40},
    )
    return record_activity(by=by, data=data, confirm_duplicate=True, **extra)
