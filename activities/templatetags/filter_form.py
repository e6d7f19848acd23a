"""The list's filter fields, written out directly.

A filter form of ten fields, two of them selects of every unit and every period, is rendered on
every view of the list. Through crispy-forms and Django's widget templates each <option> is a
template render, which cost more than the queries of the page; these fields need none of that
flexibility, so they are written here with the same Bootstrap markup (label, control, errors)."""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def plain_field(bound):
    widget = bound.field.widget
    invalid = " is-invalid" if bound.errors else ""
    if isinstance(widget, forms.Select):
        value = bound.value()
        value = "" if value is None else value  # nothing chosen: the empty "Tất cả" choice
        chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) in chosen else "", label)
                for choice, label in bound.field.choices
            ),
        )
        control = format_html(
            '<select name="{}" id="{}" class="form-select{}">{}</select>',
            bound.html_name,
            bound.auto_id,
            invalid,
            options,
        )
    else:
        value = widget.format_value(bound.value())
        control = format_html(
            '<input type="{}" name="{}" id="{}" class="form-control{}" value="{}"{}>',
            widget.input_type,
            bound.html_name,
            bound.auto_id,
            invalid,
            "" if value is None else value,
            format_html(' placeholder="{}"', widget.attrs["placeholder"])
            if widget.attrs.get("placeholder")
            else "",
        )
    errors = format_html_join(
        "", '<div class="invalid-feedback d-block"><strong>{}</strong></div>', ((e,) for e in bound.errors)
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        bound.auto_id,
        bound.auto_id,
        bound.label,
        control,
        errors,
    )
