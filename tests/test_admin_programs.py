"""Programs and their reference data in the admin: programs never overlap, copying a structure asks
for the new program, and an indicator's content area and parent belong to its own program."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from childprog.guideline import copy_program, load_guideline
from childprog.models import ContentArea, Indicator, Program, program_on

CHANGELIST = "/quan-tri/childprog/program/"


@pytest.fixture
def programs(db):
    first = load_guideline()
    second = copy_program(
        first,
        code="ctr-2021-2030",
        name="Chương trình hành động vì trẻ em tỉnh Cao Bằng giai đoạn 2021 - 2030",
        start=date(2021, 1, 1),
        end=date(2030, 12, 31),
    )
    return first, second


def copy_action(client, source, **fields):
    data = {"action": "copy_structure", "_selected_action": [source.pk]}
    if fields:
        data |= {"apply": "1", **fields}
    return client.post(CHANGELIST, data)


def test_copying_a_structure_first_asks_for_the_new_programs_code_name_and_years(admin_client, programs):
    first, second = programs
    page = copy_action(admin_client, first)
    assert page.status_code == 200
    body = page.content.decode()
    assert Program.objects.count() == 2, "asking saves nothing"
    # The suggestion follows the last program and keeps the source's full name.
    assert 'name="code" value="ctr-2031-2038"' in body
    assert "Chương trình hành động vì trẻ em tỉnh Cao Bằng giai đoạn 2031 - 2038" in body
    assert 'name="start_year" value="2031"' in body and 'name="end_year" value="2038"' in body


def test_the_copy_makes_the_program_the_admin_asked_for(admin_client, programs):
    first, second = programs
    response = copy_action(
        admin_client,
        second,
        code="ctr-2031-2035",
        name="Chương trình 2031 - 2035",
        start_year="2031",
        end_year="2035",
    )
    assert response.status_code == 302
    new = Program.objects.get(code="ctr-2031-2035")
    assert (new.name, new.start, new.end, new.copied_from) == (
        "Chương trình 2031 - 2035",
        date(2031, 1, 1),
        date(2035, 12, 31),
        second,
    )
    assert new.indicators.count() == second.indicators.count()


def test_a_copy_that_overlaps_a_program_is_refused_with_the_reason_and_saves_nothing(admin_client, programs):
    first, second = programs
    page = copy_action(
        admin_client,
        first,
        code="ctr-2021-2028",
        name="Chương trình 2021 - 2028",
        start_year="2021",
        end_year="2028",
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "trùng với chương trình ctr-2021-2030" in body
    assert 'value="ctr-2021-2028"' in body, "what was typed is shown again"
    assert not Program.objects.filter(code="ctr-2021-2028").exists()
    assert ContentArea.objects.count() == 8


def test_a_program_ending_before_it_starts_is_refused(admin_client, programs):
    page = admin_client.post(
        "/quan-tri/childprog/program/add/",
        {
            "code": "nguoc",
            "name": "Ngược",
            "start": "01/01/2040",
            "end": "31/12/2039",
            "boundaries": "calendar",
        },
    )
    assert page.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page.content.decode()
    assert not Program.objects.filter(code="nguoc").exists()


def test_editing_a_programs_dates_into_another_is_refused(admin_client, programs):
    first, _second = programs
    page = admin_client.post(
        f"/quan-tri/childprog/program/{first.pk}/change/",
        {
            "code": first.code,
            "name": first.name,
            "start": "01/01/2013",
            "end": "31/12/2021",
            "boundaries": first.boundaries,
        },
    )
    assert page.status_code == 200
    assert "mỗi ngày chỉ thuộc một chương trình" in page.content.decode()
    first.refresh_from_db()
    assert first.end == date(2020, 12, 31)


def test_the_service_refuses_an_overlap_and_a_reversed_range(programs):
    first, _second = programs
    with pytest.raises(ValidationError, match="trùng với chương trình ctr-2021-2030"):
        copy_program(first, code="x", name="X", start=date(2030, 1, 1), end=date(2031, 12, 31))
    with pytest.raises(ValidationError):
        copy_program(first, code="y", name="Y", start=date(2040, 1, 1), end=date(2039, 1, 1))
    assert Program.objects.count() == 2


def test_every_day_belongs_to_at_most_one_program(programs):
    first, second = programs
    assert program_on(date(2020, 12, 31)) == first
    assert program_on(date(2021, 1, 1)) == second
    assert program_on(date(2031, 1, 1)) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's")
def test_postgresql_itself_refuses_overlapping_programs(programs):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(code="chong", name="Chồng", start=date(2030, 6, 1), end=date(2032, 1, 1))


def test_the_database_refuses_a_program_ending_before_it_starts(programs):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(code="nguoc", name="Ngược", start=date(2050, 1, 1), end=date(2049, 1, 1))


def test_program_on_refuses_to_guess_between_two_programs(programs, monkeypatch):
    # Were the rule ever bypassed, program_on must not let row order pick the program.
    first, second = programs
    monkeypatch.setattr(Program, "clean", lambda self: None)
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL refuses the overlapping row itself")
    Program.objects.create(code="chong", name="Chồng", start=date(2030, 6, 1), end=date(2032, 1, 1))
    with pytest.raises(Program.MultipleObjectsReturned):
        program_on(date(2030, 7, 1))


def test_an_indicator_cannot_take_another_programs_content_area_or_parent(admin_client, programs):
    first, second = programs
    area_2013 = first.content_areas.get(number=1)
    children_2013 = first.indicators.get(code="children")
    page = admin_client.post(
        "/quan-tri/childprog/indicator/add/",
        {
            "program": second.pk,
            "content_area": area_2013.pk,
            "code": "moi",
            "name": "Chỉ tiêu mới",
            "measure": "count",
            "part_of": children_2013.pk,
            "order": "0",
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "thuộc chương trình khác (ctr-2013-2020)" in body
    assert not Indicator.objects.filter(code="moi").exists()


def test_content_area_and_parent_choices_name_their_program(admin_client, programs):
    page = admin_client.get("/quan-tri/childprog/indicator/add/").content.decode()
    areas = re.search(r'<select name="content_area".*?</select>', page, re.S).group(0)
    assert "ctr-2013-2020 · 1. Truyền thông, vận động" in areas
    assert "ctr-2021-2030 · 1. Truyền thông, vận động" in areas
    parents = re.search(r'<select name="part_of".*?</select>', page, re.S).group(0)
    assert "ctr-2021-2030 · Số trẻ em được hưởng lợi (children)" in parents
