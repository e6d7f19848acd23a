"""Numbers, money and dates the Vietnamese way, for every app's templates: `{% load vn %}`.

    {{ 1500000|vnd }}      → 1.500.000 đ
    {{ 2.5|number }}       → 2,5
    {{ 1234567|number }}   → 1.234.567
    {{ some_date|vndate }} → 28/11/2026

Formatting does not depend on the active language: official documents and reports read the same
to every reader. Empty values render as an empty string, so a missing figure stays visibly blank
rather than turning into a misleading 0.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()

THOUSANDS = "."
DECIMAL = ","


def format_number(value, decimals=None) -> str:
    """`value` with dot thousands and a decimal comma; `decimals` digits when given, else as many
    as the value needs (trailing zeros dropped). Text that is not a number passes through."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-int(decimals)))
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + THOUSANDS.join(groups)
    return f"{text}{DECIMAL}{fraction}" if fraction else text


@register.filter
def number(value, decimals=None):
    """1234567 → "1.234.567"; 2.5 → "2,5"; `|number:2` forces two decimals."""
    return format_number(value, decimals)


@register.filter
def vnd(value):
    """An amount of money in đồng, rounded to the đồng: 1500000 → "1.500.000 đ"."""
    text = format_number(value, 0)
    # A plain space, so "1.500.000 đ" reads the same in HTML, exports and tests; `.num` cells
    # (portal.css) keep it on one line.
    return f"{text} đ" if text and text[-1].isdigit() else text


@register.filter
def vndate(value, with_time=False):
    """A date as dd/mm/yyyy (a datetime in local time; `|vndate:True` adds hh:mm)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
