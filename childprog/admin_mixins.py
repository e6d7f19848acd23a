"""What every admin page of the portal shares: unit pickers labelled with code, validity and
parent, and exports whose sheet is named after what it holds."""

import json
import re
import zipfile

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export.forms import ImportForm

from audit.log import Action, record

from . import files
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


def change_text(message) -> str:
    """The admin's change message ("Changed Is active.") as its history page shows it."""
    from django.contrib.admin.models import LogEntry

    return LogEntry(
        change_message=message if isinstance(message, str) else json.dumps(message)
    ).get_change_message()


def changed_fields(message) -> set[str]:
    """The changed fields' labels, as the admin wrote them (in the default language)."""
    if isinstance(message, str):
        return set()
    return {f for part in message for f in part.get("changed", {}).get("fields", [])}


def is_active_label() -> str:
    """How a change message names the user's "active" field (construct_change_message)."""
    from django.contrib.auth import get_user_model
    from django.utils.translation import override

    with override(None):
        return str(capfirst(get_user_model()._meta.get_field("is_active").verbose_name))


class MeasuredImportForm(ImportForm):
    """Every import of the admin (units, indicators, target groups) measures an XLSX (a zip)
    before django-import-export opens it with openpyxl, as every upload of the portal does
    (files.check_archive)."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        head = upload.read(4)
        upload.seek(0)
        if head == b"PK\x03\x04":
            try:
                files.check_archive(upload.read(), upload.name).close()
            except zipfile.BadZipFile:
                pass  # not a zip after all: the format's own reader says what is wrong
            finally:
                upload.seek(0)
        return upload


class AuditedExportMixin:
    """Every export from the admin goes into the audit log: what, how many rows, by whom."""

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        what = str(capfirst(self.model._meta.verbose_name_plural))
        record(
            Action.EXPORT, what, by=request.user, detail=_("%(n)s dòng, từ trang quản trị") % {"n": len(data)}
        )
        return data


class PortalAdminMixin(AuditedExportMixin):
    import_form_class = MeasuredImportForm  # used by the admins that import (ImportExportModelAdmin)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs.setdefault("form_class", UnitLabelChoiceField)
            kwargs.setdefault("queryset", Unit.objects.select_related("parent"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        data.title = sheet_name(self.model)
        return data
