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

from django import template
from django.utils import timezone

from childprog.formats import format_number

register = template.Library()


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
