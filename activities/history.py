"""A record's change history as people read it: who changed which field from what to what, when.

Diffs are computed in memory from the record's historical rows (one query), with the names behind
foreign keys and figure codes looked up once per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from childprog.formats import format_number
from childprog.models import ContentArea, Movement, Program, Unit

from .models import Activity
from .selectors import indicator_names

HIDDEN = {"version", "updated_at", "updated_by", "created_at", "created_by", "figures_snapshot"}
# Derived keys are not kept in the history (see Activity.history).
HIDDEN |= {"search_text", "title_sort", "unit_sort", "submission_key"}
LOOKUPS = {"unit": Unit, "content_area": ContentArea, "movement": Movement, "program": Program}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: object
    kind: str
    reason: str
    changes: list[Change]


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return format_number(value)
    return str(value)


class _Names:
    def __init__(self, records):
        self.objects = {}
        for field, model in LOOKUPS.items():
            ids = {getattr(r, f"{field}_id") for r in records} - {None}
            self.objects[field] = {o.pk: str(o) for o in model.objects.filter(pk__in=ids)}
        self.indicators = indicator_names()
        self.groups = {}
        from childprog.models import TargetGroup

        for code, name in TargetGroup.objects.values_list("code", "name"):
            self.groups.setdefault(code, name)

    def value(self, field, raw):
        if field in self.objects and raw is not None:
            return self.objects[field].get(raw, str(raw))
        return _show(raw)

    def figure(self, key):
        code, _sep, group = key.partition("/")
        name = self.indicators.get(code, (code,))[0]
        return f"{name} — {self.groups.get(group, group)}" if group else name


def _field_changes(new, old, names: _Names) -> list[Change]:
    out = []
    for field in Activity._meta.concrete_fields:
        if field.name in HIDDEN or field.name == "id":
            continue
        attr = field.attname
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            key = field.name
            out.append(Change(str(field.verbose_name), names.value(key, a), names.value(key, b)))
    before, after = old.figures_snapshot or {}, new.figures_snapshot or {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            out.append(Change(names.figure(key), _show(before.get(key)), _show(after.get(key))))
    return out


def change_history(activity: Activity) -> list[Entry]:
    """Newest first."""
    records = list(activity.history.select_related("history_user").order_by("history_date", "history_id"))
    names = _Names(records)
    entries = []
    previous = None
    for record in records:
        if previous is None:
            changes = []
            kind = _("Tạo mới")
        else:
            changes = _field_changes(record, previous, names)
            kind = _("Xóa") if record.history_type == "-" else _("Sửa")
        entries.append(
            Entry(record.history_date, record.history_user, kind, record.history_change_reason or "", changes)
        )
        previous = record
    return entries[::-1]


def changes_since(current: Activity, version: int) -> list[Change]:
    """What was saved after `version` (shown to the person whose save was refused)."""
    records = list(current.history.order_by("history_date", "history_id"))
    base = next((r for r in reversed(records) if r.version == version), records[0] if records else None)
    if base is None or not records:
        return []
    return _field_changes(records[-1], base, _Names([base, records[-1]]))
