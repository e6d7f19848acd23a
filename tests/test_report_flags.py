"""Figures by area flag count each record by the flag its unit had on the record's date."""

from activities.models import Activity
from childprog.guideline import open_period
from childprog.models import ContentArea, Indicator, UnitFlag
from reports.data import unit_data
from reports.extras import report_sections
from reports.flags import area_flag_section
from reports.rollup import rollup

from .conftest import d


def record(program, unit, day, children):
    area = ContentArea.objects.get(program=program, number=2)
    activity = Activity.objects.create(
        program=program, unit=unit, content_area=area, title="Trao quà", start_date=day, end_date=day
    )
    activity.set_figures({(Indicator.objects.get(program=program, code="children").pk, None): children})


def test_a_record_counts_under_the_flags_its_unit_had_that_day(units, program):
    UnitFlag.objects.create(unit=units["ha-quang-tt"], flag=UnitFlag.Flag.BORDER, valid_from=d("01/01/2013"))
    UnitFlag.objects.create(
        unit=units["ha-quang"],
        flag=UnitFlag.Flag.DIFFICULT,
        valid_from=d("01/01/2013"),
        valid_to=d("30/06/2019"),
    )
    record(program, units["ha-quang-tt"], d("01/05/2019"), 10)
    record(program, units["ha-quang"], d("01/05/2019"), 20)
    record(program, units["ha-quang"], d("01/08/2019"), 40)  # off the list by then

    r = rollup(units["ha-quang"], d("01/01/2019"), d("31/12/2019"))
    children = Indicator.objects.get(program=program, code="children")

    def flagged(flag):
        return sum(v for k, v in r.by_flag.get(flag, {}).items() if k.indicator_id == children.pk)

    assert flagged(UnitFlag.Flag.BORDER) == 10
    assert flagged(UnitFlag.Flag.DIFFICULT) == 20
    assert flagged(UnitFlag.Flag.REMOTE) == 0
    assert r.total(children) == 70


def test_the_report_shows_a_table_by_area_flag_only_when_records_carry_flags(units, program):
    period = open_period(program, "year", 2019)
    record(program, units["ha-quang-tt"], d("01/05/2019"), 10)
    assert area_flag_section(units["ha-quang"], period, unit_data(units["ha-quang"], period)) is None
    UnitFlag.objects.create(unit=units["ha-quang-tt"], flag=UnitFlag.Flag.BORDER, valid_from=d("01/01/2013"))
    section = area_flag_section(units["ha-quang"], period, unit_data(units["ha-quang"], period))
    assert section.rows == [["Biên giới", 10, 0, 0, 0]]
    assert section in report_sections(units["ha-quang"], period, unit_data(units["ha-quang"], period))
