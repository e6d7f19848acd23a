"""The `vn` template filters: numbers, money and dates the Vietnamese way."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from childprog.templatetags.vn import number, vnd, vndate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1500000, "1.500.000 đ"),
        (Decimal("1500000.40"), "1.500.000 đ"),
        (Decimal("999.5"), "1.000 đ"),
        (0, "0 đ"),
        (-25000, "-25.000 đ"),
        (None, ""),
        ("", ""),
    ],
)
def test_vnd(value, expected):
    assert vnd(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, "1.234.567"),
        (999, "999"),
        (1000, "1.000"),
        (2.5, "2,5"),
        (Decimal("12345.678"), "12.345,678"),
        (Decimal("10.00"), "10"),
        (-1000000, "-1.000.000"),
        ("1500", "1.500"),
        ("không rõ", "không rõ"),
        (None, ""),
    ],
)
def test_number(value, expected):
    assert number(value) == expected


def test_number_with_fixed_decimals():
    assert number(Decimal("2.5"), 2) == "2,50"
    assert number(1234.567, 1) == "1.234,6"


def test_vndate():
    assert vndate(date(2020, 2, 29)) == "29/02/2020"
    assert vndate(None) == ""


def test_vndate_shows_an_aware_datetime_in_local_time():
    moment = datetime(2026, 6, 30, 18, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on 1 July in Cao Bằng
    assert vndate(moment) == "01/07/2026"
    assert vndate(moment, True) == "01/07/2026 01:30"


def test_the_filters_load_in_templates():
    html = Template("{% load vn %}{{ a|vnd }} · {{ b|number }} · {{ c|vndate }}").render(
        Context({"a": 1500000, "b": 2000, "c": date(2025, 7, 1)})
    )
    assert html == "1.500.000 đ · 2.000 · 01/07/2025"
