"""Import and export of units (django-import-export), used by the admin and `import_units`.

The whole file is checked against the units already saved before any row is written
(`check_unit_rows`); a file with one bad row is refused whole, with each bad row's line and reason.
Rows that already exist are updated by code; unchanged rows are skipped, so importing a file
twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.resources import Diff

from audit.log import Action, record

from . import files
from .dates import parse_date
from .models import Succession, Unit

COLUMNS = ["code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_codes", "note"]
# Optional columns: imported when the file has them (the province's files don't).
OPTIONAL_COLUMNS = ["heading", "symbol"]
REQUIRED_COLUMNS = [c for c in COLUMNS if c not in ("successor_codes", "note")]
LINE = "_line"  # the row's line in the file (the header is line 1)


def _codes(value) -> list[str]:
    return [c.strip() for c in str(value or "").split(";") if c.strip()]


def check_unit_rows(rows: list[dict]) -> dict[int, list[str]]:
    """Check a whole file of unit rows against itself and the saved units.

    `rows` are dicts with the file's columns and LINE. Returns {line: [reasons]} for every bad row;
    an empty dict means the file may be imported."""
    errors: dict[int, list[str]] = {}

    def fail(row, message):
        errors.setdefault(row[LINE], []).append(message)

    saved = {u.code: u for u in Unit.objects.select_related("parent")}
    kinds = set(Unit.Kind.values)
    # The state after import: saved rows overlaid by the file's rows.
    merged: dict[str, dict] = {
        code: {
            "parent": u.parent.code if u.parent_id else "",
            "from": u.valid_from,
            "to": u.valid_to,
            "successors": [],
        }
        for code, u in saved.items()
    }
    for pred, succ in Succession.objects.filter(is_primary=True).values_list(
        "predecessor__code", "successor__code"
    ):
        merged[pred]["successors"] = [succ]

    seen_lines: dict[str, int] = {}
    parsed = []
    for row in rows:
        code = str(row.get("code") or "").strip()
        ok = True
        if not code:
            fail(row, _("Thiếu mã đơn vị."))
            continue
        if code in seen_lines:
            fail(row, _("Mã {code} trùng với dòng {line}.").format(code=code, line=seen_lines[code]))
            continue
        seen_lines[code] = row[LINE]
        if not str(row.get("name") or "").strip():
            fail(row, _("Thiếu tên đơn vị."))
        if str(row.get("kind") or "").strip() not in kinds:
            fail(row, _("Loại đơn vị không hợp lệ: “{kind}”.").format(kind=row.get("kind")))
        try:
            valid_from = parse_date(row.get("valid_from"))
            valid_to = parse_date(row.get("valid_to"))
        except ValueError as e:
            fail(row, _("Ngày không hợp lệ: “{value}” (dùng dd/mm/yyyy).").format(value=e))
            continue
        if valid_from is None:
            fail(row, _("Thiếu ngày bắt đầu hiệu lực."))
            ok = False
        elif valid_to is not None and valid_to < valid_from:
            fail(row, _("Ngày kết thúc trước ngày bắt đầu."))
            ok = False
        parent = str(row.get("parent_code") or "").strip()
        if code in saved and (merged[code]["parent"] or "") != parent:
            fail(
                row,
                _(
                    "Không được đổi đơn vị cấp trên của {code}: hãy kết thúc đơn vị và tạo đơn vị kế thừa."
                ).format(code=code),
            )
        merged[code] = {
            "parent": parent,
            "from": valid_from,
            "to": valid_to,
            "successors": _codes(row.get("successor_codes")),
        }
        if ok:
            parsed.append((row, code))

    for row, code in parsed:
        state = merged[code]
        parent = state["parent"]
        if parent:
            if parent == code:
                fail(row, _("Đơn vị không thể là cấp trên của chính nó."))
            elif parent not in merged:
                fail(row, _("Không có đơn vị cấp trên mã “{code}”.").format(code=parent))
            else:
                p = merged[parent]
                if (
                    p["from"]
                    and state["from"]
                    and (
                        p["from"] > state["from"]
                        or (p["to"] is not None and (state["to"] is None or state["to"] > p["to"]))
                    )
                ):
                    fail(
                        row,
                        _("Đơn vị cấp trên {code} không có hiệu lực suốt thời gian của đơn vị này.").format(
                            code=parent
                        ),
                    )
                # A cycle in the parent chain.
                chain, cur = {code}, parent
                while cur and cur in merged:
                    if cur in chain:
                        fail(row, _("Vòng lặp trong quan hệ cấp trên."))
                        break
                    chain.add(cur)
                    cur = merged[cur]["parent"]
        for succ in state["successors"] or []:
            if succ == code or succ not in merged:
                fail(row, _("Không có đơn vị kế thừa mã “{code}”.").format(code=succ))
                continue
            if state["to"] is None:
                fail(row, _("Đơn vị còn hiệu lực không thể có đơn vị kế thừa."))
                break
            s = merged[succ]
            next_day = state["to"] + timedelta(days=1)
            if s["from"] is None:
                continue
            if s["from"] > next_day or (s["to"] is not None and s["to"] < next_day):
                fail(
                    row,
                    _("Đơn vị kế thừa {code} phải có hiệu lực từ ngày {day:%d/%m/%Y}.").format(
                        code=succ, day=next_day
                    ),
                )
            elif state["from"] and state["from"] < s["from"] < next_day:
                fail(row, _("Đơn vị kế thừa {code} trùng thời gian với đơn vị này.").format(code=succ))
        # A cycle through primary successors.
        chain, cur = [code], (state["successors"] or [None])[0]
        while cur and cur in merged:
            if cur in chain:
                fail(row, _("Vòng lặp trong quan hệ kế thừa."))
                break
            chain.append(cur)
            cur = (merged[cur]["successors"] or [None])[0]
    return errors


def keep_recorded_history(rows: list[dict]) -> None:
    """What a file leaves empty is "not stated here", not "erase": re-importing the 2014 list
    after the 2025 reform must not reopen the districts. Notes accumulate a unit's story, so each
    file's note is kept once, and importing either file again changes nothing."""
    saved = {u.code: u for u in Unit.objects.prefetch_related("succession_out__successor")}
    for row in rows:
        unit = saved.get(str(row.get("code") or "").strip())
        if unit is None:
            continue
        if unit.valid_to and not str(row.get("valid_to") or "").strip():
            row["valid_to"] = unit.valid_to.isoformat()
            if not str(row.get("successor_codes") or "").strip():
                succ = sorted(unit.succession_out.all(), key=lambda s: (not s.is_primary, s.pk))
                row["successor_codes"] = ";".join(s.successor.code for s in succ)
        note = str(row.get("note") or "").strip()
        if unit.note and note not in unit.note:
            row["note"] = f"{unit.note}\n{note}"
        elif unit.note:
            row["note"] = unit.note


class UnitDiff(Diff):
    """The preview's before/after, with the successor codes: successions are written after the
    rows (they link rows of the same file), so the instance alone cannot show them."""

    def __init__(self, resource, instance, new):
        self.new = new
        self.left = self._values(resource, instance, saved_successors(instance) if not new else "")
        self.right = []

    def compare_with(self, resource, instance):
        row = resource.current_row or {}
        self.right = self._values(resource, instance, ";".join(_codes(row.get("successor_codes"))))

    @staticmethod
    def _values(resource, instance, successors):
        return [
            successors if f.column_name == "successor_codes" else f.export(instance)
            for f in resource.get_import_fields()
        ]


def saved_successors(unit) -> str:
    if unit is None or not unit.pk:
        return ""
    succ = sorted(unit.succession_out.all(), key=lambda s: (not s.is_primary, s.pk))
    return ";".join(s.successor.code for s in succ)


def kind_code(value) -> str:
    """A unit kind from a file: its code ("commune") or its label in any of the portal's languages
    ("Đoàn xã", as the admin's export writes it). Anything else is returned as it is, to be refused
    by check_unit_rows."""
    text = str(value or "").strip()
    if text in Unit.Kind.values:
        return text
    for code, label in _kind_labels().items():
        if text.casefold() in label:
            return code
    return text


def _kind_labels() -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {code: set() for code in Unit.Kind.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in Unit.Kind.choices:
                labels[code].add(str(label).casefold())
    return labels


class KindWidget(widgets.Widget):
    """Exports the kind as an admin reads it (its label); imports a label or a code."""

    def clean(self, value, row=None, **kwargs):
        return kind_code(value)

    def render(self, value, obj=None, **kwargs):
        return str(Unit.Kind(value).label) if value in Unit.Kind.values else (value or "")


class DayWidget(widgets.DateWidget):
    """Shows and exports dd/mm/yyyy, as the portal does; reads that or ISO (before_import turns
    every accepted form into ISO)."""

    def __init__(self):
        super().__init__()
        self.formats = ("%d/%m/%Y", "%Y-%m-%d")

    def render(self, value, obj=None, **kwargs):
        # An open-ended row's empty end date stays an empty cell (escaping formulae on export
        # would otherwise write the text "None").
        return "" if value is None else super().render(value, obj, **kwargs)


class UnitResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code")
    name = fields.Field(attribute="name", column_name="name")
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    parent_code = fields.Field(
        attribute="parent", column_name="parent_code", widget=widgets.ForeignKeyWidget(Unit, "code")
    )
    valid_from = fields.Field(attribute="valid_from", column_name="valid_from", widget=DayWidget())
    valid_to = fields.Field(attribute="valid_to", column_name="valid_to", widget=DayWidget())
    successor_codes = fields.Field(column_name="successor_codes", readonly=True)
    note = fields.Field(attribute="note", column_name="note")
    heading = fields.Field(attribute="heading", column_name="heading")
    symbol = fields.Field(attribute="symbol", column_name="symbol")

    class Meta:
        model = Unit
        import_id_fields = ["code"]
        fields = COLUMNS + OPTIONAL_COLUMNS
        export_order = COLUMNS + OPTIONAL_COLUMNS
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def dehydrate_successor_codes(self, unit):
        return saved_successors(unit)

    def get_diff_class(self):
        return UnitDiff

    def get_queryset(self):
        return Unit.objects.select_related("parent").prefetch_related("succession_out__successor")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.errors_by_line: dict[int, list[str]] = {}
        self.import_rows: list[dict] = []
        self.current_row: dict | None = None

    def before_import(self, dataset, **kwargs):
        headers = [str(h or "").strip() for h in (dataset.headers or [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in headers]
        if missing:
            # A file-level error: no row is read (django-import-export goes on to the rows after
            # this hook fails, so leave it none), and the message names the columns.
            dataset.wipe()
            raise ValidationError(_("Thiếu cột: {cols}.").format(cols=", ".join(missing)))
        dataset.headers = headers
        # Normalise dates to ISO so both dd/mm/yyyy and Excel dates import.
        rows = []
        for i, values in enumerate(dataset.dict, start=2):
            # Empty spreadsheet cells arrive as None; the model's text fields want "".
            row = {k: ("" if v is None else v) for k, v in values.items()}
            row["kind"] = kind_code(row.get("kind"))
            row[LINE] = i
            rows.append(row)
        keep_recorded_history(rows)
        self.errors_by_line = check_unit_rows(rows)
        if not self.errors_by_line:
            for row in rows:
                for col in ("valid_from", "valid_to"):
                    d = parse_date(row.get(col))
                    row[col] = d.isoformat() if d else ""
        # Parents before children, whatever the file's order (stable, so an ordered file keeps it).
        in_file = {str(r.get("code") or "").strip(): r for r in rows}

        def depth(r, seen=()):
            p = str(r.get("parent_code") or "").strip()
            return 0 if p not in in_file or p in seen else 1 + depth(in_file[p], (*seen, p))

        rows.sort(key=depth)
        dataset.headers = None
        dataset.wipe()
        cols = headers + [LINE]
        dataset.headers = cols
        for r in rows:
            dataset.append([r.get(c, "") for c in cols])
        self.import_rows = rows

    def before_import_row(self, row, **kwargs):
        self.current_row = row
        reasons = self.errors_by_line.get(row[LINE])
        if reasons:
            raise ValidationError(" ".join(reasons))  # shown beside the row's file line

    def after_import_row(self, row, row_result, **kwargs):
        # The preview numbers rows by the file's line, not by the parents-first import order.
        row_result.line = row[LINE]

    def import_row(self, row, instance_loader, **kwargs):
        if self.errors_by_line and not self.errors_by_line.get(row[LINE]):
            # The file is refused as a whole: don't write the good rows either.
            result = self.get_row_result_class()()
            result.import_type = result.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Refused rows are numbered by their place in the parents-first order: give each its
        # line in the file, which is what the admin sees in the file.
        for invalid in result.invalid_rows:
            invalid.line = self.import_rows[invalid.number - 1][LINE]
        if self.errors_by_line or result.has_errors():
            return
        # An import that changes no unit (the same file again) is no unit change: not recorded.
        if not kwargs.get("dry_run") and (result.totals["new"] or result.totals["update"]):
            totals = _("thêm %(new)s, cập nhật %(update)s, không đổi %(skip)s") % result.totals
            record(Action.UNIT_IMPORT, kwargs.get("file_name") or "", by=kwargs.get("user"), detail=totals)
        ids = dict(Unit.objects.values_list("code", "id"))
        for row in self.import_rows:
            pred = ids[str(row["code"]).strip()]
            wanted = _codes(row.get("successor_codes"))
            current = {s.successor_id: s for s in Succession.objects.filter(predecessor_id=pred)}
            wanted_ids = [ids[c] for c in wanted]
            for sid, s in current.items():
                if sid not in wanted_ids:
                    s.delete()
            # Clear a changed primary first: one primary per predecessor is a DB constraint.
            for sid, s in current.items():
                if s.is_primary and wanted_ids and sid != wanted_ids[0] and sid in wanted_ids:
                    s.is_primary = False
                    s.save(update_fields=["is_primary"])
            for i, sid in enumerate(wanted_ids):
                s = current.get(sid)
                if s is None:
                    Succession.objects.create(predecessor_id=pred, successor_id=sid, is_primary=i == 0)
                elif s.is_primary != (i == 0):
                    s.is_primary = i == 0
                    s.save(update_fields=["is_primary"])


def read_dataset(path_or_file, name: str | None = None):
    """A tablib Dataset from a CSV or XLSX file (by extension)."""
    import tablib

    name = name or str(path_or_file)
    if name.lower().endswith(".xlsx"):
        data = path_or_file.read() if hasattr(path_or_file, "read") else Path(path_or_file).read_bytes()
        files.check_archive(data, Path(name).name).close()  # before openpyxl expands anything
        return tablib.Dataset().load(data, format="xlsx")
    if hasattr(path_or_file, "read"):
        text = path_or_file.read()
        text = text.decode("utf-8-sig") if isinstance(text, bytes) else text
    else:
        text = Path(path_or_file).read_text(encoding="utf-8-sig")
    return tablib.Dataset().load(text, format="csv")


def import_units(dataset, *, dry_run=False, name: str = "", by=None):
    """Import a dataset of units: all or nothing. Returns (result, errors_by_line)."""
    resource = UnitResource()
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        file_name=name,
        user=by,
    )
    errors = dict(getattr(resource, "errors_by_line", {}) or {})
    for base in result.base_errors:
        errors.setdefault(0, []).extend(_messages(base.error))
    for line, row_errors in result.row_errors():
        for e in row_errors:
            errors.setdefault(line + 1, []).extend(_messages(e.error))
    return result, errors


def _messages(error) -> list[str]:
    """The plain messages of an error ("Thiếu cột: …", not "['Thiếu cột: …']")."""
    return list(error.messages) if isinstance(error, ValidationError) else [str(error)]
