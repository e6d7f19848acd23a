"""What every admin page of the portal shares: unit pickers labelled with code, validity and
parent, and exports whose sheet is named after what it holds."""

import re

from django import forms
from django.utils.text import capfirst

from .models import Unit

# Characters Excel refuses in a sheet name, and its length limit.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


class UnitLabelChoiceField(forms.ModelChoiceField):
    """A unit picker whose choices read "Đoàn phường Sông Bằng (song-bang) · 01/01/2013–30/06/2025 ·
    thuộc Thành Đoàn Cao Bằng": the ended row and its successor share a name."""

    def label_from_instance(self, obj):
        return obj.label_with_context()


def sheet_name(model) -> str:
    name = _SHEET_FORBIDDEN.sub(" ", str(capfirst(model._meta.verbose_name_plural)))
    return name[:SHEET_NAME_MAX]


class PortalAdminMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs.setdefault("form_class", UnitLabelChoiceField)
            kwargs.setdefault("queryset", Unit.objects.select_related("parent"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        data.title = sheet_name(self.model)
        return data
