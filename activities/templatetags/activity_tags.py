from django import template

from ..forms import format_number

register = template.Library()


@register.filter
def vn_number(value):
    """1500000 → "1.500.000" whatever the interface language: officers read numbers this way."""
    if value in (None, ""):
        return ""
    try:
        return format_number(value)
    except (TypeError, ValueError):
        return value
