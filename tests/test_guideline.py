"""The program's reference data comes from Guideline 39-HD/TĐTN-BTH, and copies into a new program."""

import io
from datetime import date

from django.core.management import call_command

from childprog.guideline import copy_program, load_guideline
from childprog.models import ContentArea, Indicator, Program


def test_the_guideline_gives_four_content_areas_with_their_movements_and_indicators(db):
    program = load_guideline()
    areas = list(program.content_areas.order_by("number"))
    assert [a.number for a in areas] == [1, 2, 3, 4]
    assert "Hũ gạo tình thương" in {m.name for m in areas[1].movements.all()}
    assert "Đêm hội trăng rằm" in {m.name for m in areas[3].movements.all()}
    core = {i.code: i for i in program.indicators.filter(content_area__isnull=True)}
    assert {"children", "girls", "ethnic_children", "participants", "gifts", "gift_value", "money"} <= set(
        core
    )
    assert core["girls"].part_of == core["children"]
    assert core["money"].measure == Indicator.Measure.VND
    assert program.target_groups.count() == 8


def test_loading_the_guideline_twice_changes_nothing(db):
    call_command("load_guideline", stdout=io.StringIO())
    counts = (Program.objects.count(), ContentArea.objects.count(), Indicator.objects.count())
    call_command("load_guideline", stdout=io.StringIO())
    assert (Program.objects.count(), ContentArea.objects.count(), Indicator.objects.count()) == counts


def test_a_programs_structure_copies_into_a_new_program(db):
    old = load_guideline()
    new = copy_program(
        old, code="ctr-2021-2030", name="2021-2030", start=date(2021, 1, 1), end=date(2030, 12, 31)
    )
    assert new.copied_from == old
    assert new.content_areas.count() == 4
    assert new.indicators.count() == old.indicators.count()
    girls = new.indicators.get(code="girls")
    assert girls.part_of == new.indicators.get(code="children")
    assert new.indicators.get(code="courses").content_area.program == new
    assert set(new.target_groups.values_list("code", flat=True)) == set(
        old.target_groups.values_list("code", flat=True)
    )
    assert Movement_count(new) == Movement_count(old)


def Movement_count(program):
    return sum(a.movements.count() for a in program.content_areas.all())
