"""Import and export of records: XLSX/CSV with Vietnamese headers.

The import is all-or-nothing: every row is checked (with lookups loaded once, not per row) and any
bad row refuses the whole file with each row's number and reason. Rows carry a stable key
("Mã dòng", or one derived from the row's content) so importing the same file twice creates nothing
new. Writes are bulk inserts. The admin's import/export goes through the same code."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history

from childprog.access import access_for
from childprog.dates import parse_date, parse_number
from childprog.models import ContentArea, Movement, Program, Unit
from childprog.text import normalise

from .models import Activity, Figure
from .restrictions import correction_required
from .selectors import figures_by_activity
from .services import ProgramCatalogue, check_figures, ddmmyyyy, figure_field, figure_values, locked_period

BASE_COLUMNS = [
    ("external_key", "Mã dòng"),
    ("unit", "Mã đơn vị"),
    ("content_area", "Nội dung"),
    ("movement", "Phong trào, mô hình"),
    ("title", "Tên hoạt động"),
    ("start_date", "Ngày bắt đầu"),
    ("end_date", "Ngày kết thúc"),
    ("place", "Địa điểm"),
    ("description", "Mô tả"),
]
BATCH = 2000


def figure_columns() -> list[tuple[str, str]]:
    """(key, Vietnamese header) of every figure column: the latest program's indicators (codes are
    the same in every program), core first; children by target group after the total."""
    program = Program.objects.order_by("-start").first()
    if program is None:
        return []
    catalogue = ProgramCatalogue.load(program)
    indicators = sorted(
        catalogue.indicators.values(),
        key=lambda i: (i.content_area.number if i.content_area_id else 0, i.order),
    )
    out = []
    for indicator in indicators:
        out.append((indicator.code, indicator.name))
        if indicator.by_target_group:
            for group in catalogue.groups.values():
                out.append((f"{indicator.code}/{group.code}", f"{indicator.name} — {group.name}"))
    return out


# -- export -----------------------------------------------------------------------------------
def export_rows(qs):
    """Header row, then one row per record: numbers as numbers, dates as dates."""
    figure_cols = figure_columns()
    header = [_("Mã số"), _("Chương trình")] + [h for _k, h in BASE_COLUMNS[:2]] + [_("Tên đơn vị")]
    header += [h for _k, h in BASE_COLUMNS[2:]] + [h for _k, h in figure_cols]
    header += [_("Người ghi"), _("Điều chỉnh sau khi duyệt")]
    yield header
    qs = qs.select_related("unit", "content_area", "movement", "program", "created_by")
    for start in range(0, qs.count(), BATCH):
        chunk = list(qs[start : start + BATCH])
        figures = figures_by_activity([a.pk for a in chunk])
        for a in chunk:
            values = figures.get(a.pk, {})
            yield [
                a.pk,
                a.program.code,
                a.external_key or "",
                a.unit.code,
                a.unit.name,
                str(a.content_area),
                a.movement.name if a.movement_id else "",
                a.title,
                a.start_date,
                a.end_date,
                a.place,
                a.description,
                *[values.get(key) for key, _h in figure_cols],
                str(a.created_by or ""),
                _("Có") if a.corrected_after_approval else "",
            ]


def write_xlsx(rows, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for i, row in enumerate(rows):
        if i == 0:
            sheet.append(row)
            continue
        cells = []
        for value in row:
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return _with_date_formats(out.getvalue())


def _with_date_formats(data: bytes) -> bytes:
    """write_only sheets cannot style cells cheaply: reopen and give date columns dd/mm/yyyy and
    the header row bold."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, int) and cell.column > 1:  # column A is the record's id
                cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_csv(rows) -> str:
    """UTF-8 with BOM (Excel opens Vietnamese text correctly); dates dd/mm/yyyy."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([ddmmyyyy(v) if isinstance(v, date) else ("" if v is None else v) for v in row])
    return out.getvalue()


# -- the import template ----------------------------------------------------------------------
def import_template(*, by) -> bytes:
    """An XLSX with the Vietnamese headers, one example row, and drop-down lists of the units
    the importer may record for, the content areas and the movements, from the reference data."""
    access = access_for(by)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hoạt động"
    lists = workbook.create_sheet("Danh mục")
    headers = [h for _k, h in BASE_COLUMNS] + [h for _k, h in figure_columns()]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    units = [f"{u.code} — {u.name}" for u in access.recordable_units().order_by("path")]
    program = Program.objects.order_by("-start").first()
    areas = [f"{a.number}. {a.short_name}" for a in ContentArea.objects.filter(program=program)]
    movements = list(Movement.objects.filter(content_area__program=program).values_list("name", flat=True))
    for column, (title, values) in enumerate(
        [("Đơn vị", units), ("Nội dung", areas), ("Phong trào, mô hình", movements)], start=1
    ):
        letter = "ABC"[column - 1]
        lists[f"{letter}1"] = title
        for row, value in enumerate(values, start=2):
            lists[f"{letter}{row}"] = value
    example_unit = units[0] if units else ""
    sheet.append(
        [
            "",
            example_unit,
            areas[0] if areas else "",
            movements[0] if movements else "",
            "Ví dụ: Tuyên truyền Luật Trẻ em",
            "01/06/2025",
            "01/06/2025",
            "Xã ...",
            "",
        ]
    )
    for letter, source, count in zip("BCD", "ABC", [len(units), len(areas), len(movements)], strict=True):
        validation = DataValidation(
            type="list", formula1=f"'Danh mục'!${source}$2:${source}${max(count, 1) + 1}", allow_blank=True
        )
        validation.error = _("Hãy chọn trong danh sách.")
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    for letter in "ABCDEFGHI":
        sheet.column_dimensions[letter].width = 22
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- the import -------------------------------------------------------------------------------
@dataclass
class ImportResult:
    to_create: list[Activity] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    already_imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self):
        return not self.errors


def read_table(data: bytes, filename: str) -> list[tuple[int, dict]]:
    """(spreadsheet row number, {header: value}) for each non-empty row of an XLSX or CSV."""
    if data.startswith(b"PK"):
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
    else:
        text = data.decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        rows = csv.reader(io.StringIO(text), dialect)
    header = None
    out = []
    for number, row in enumerate(rows, start=1):
        if header is None:
            header = [str(c or "").strip() for c in row]
            continue
        if not any(c not in (None, "") and str(c).strip() for c in row):
            continue
        out.append((number, dict(zip(header, row, strict=False))))
    return out


def _header_keys() -> dict[str, str]:
    keys = {}
    for key, header in BASE_COLUMNS + figure_columns():
        keys[normalise(header)] = key
        keys[normalise(key)] = key
    return keys


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class _Lookups:
    """Everything a row needs, loaded once per file."""

    def __init__(self, by):
        self.access = access_for(by)
        self.units = {u.code: u for u in Unit.objects.all()}
        self.programs = list(Program.objects.order_by("-start"))
        self.areas = {(a.program_id, a.number): a for a in ContentArea.objects.select_related("program")}
        self.movements = {
            (m.content_area_id, normalise(m.name)): m for m in Movement.objects.select_related("content_area")
        }
        self.catalogues = {p.pk: ProgramCatalogue.load(p) for p in self.programs}
        self._locked, self._corrections = {}, {}
        self.figure_headers = {}
        for key, header in figure_columns():
            code, _sep, group = key.partition("/")
            self.figure_headers[figure_field(code, group or None)] = header

    def program_on(self, day):
        return next((p for p in self.programs if p.start <= day <= p.end), None)

    def locked(self, day):
        if day not in self._locked:
            self._locked[day] = locked_period(day)
        return self._locked[day]

    def correction(self, unit, day):
        key = (unit.pk, day)
        if key not in self._corrections:
            self._corrections[key] = correction_required(unit, day)
        return self._corrections[key]


def _row_key(values: dict) -> str:
    """A stable key for a row without "Mã dòng": the same row gives the same key next time."""
    basis = "|".join(
        _text(values.get(k)) for k in ("unit", "content_area", "movement", "title", "start_date", "end_date")
    )
    return "auto:" + hashlib.sha1(normalise(basis).encode()).hexdigest()[:32]


def check_import(data: bytes, filename: str, *, by) -> ImportResult:
    """Read and check every row; nothing is written. The result lists what would be created."""
    result = ImportResult()
    try:
        table = read_table(data, filename)
    except Exception:  # any unreadable file is one clear message, not a server error
        result.errors.append((0, _("Không đọc được tệp: hãy dùng tệp XLSX hoặc CSV theo mẫu.")))
        return result
    header_keys = _header_keys()
    lookups = _Lookups(by)
    seen_keys: dict[str, int] = {}
    rows = []
    columns: dict[str, str] = {}  # header as written → column key, worked out once per file
    for number, raw in table:
        for header in raw.keys() - columns.keys():
            columns[header] = header_keys.get(normalise(header), "")
        values = {columns[h]: v for h, v in raw.items() if columns[h]}
        errors, activity, figures = _check_row(values, lookups)
        key = _text(values.get("external_key")) or _row_key(values)
        if key in seen_keys:
            errors.append(_("trùng mã dòng với dòng %(n)s") % {"n": seen_keys[key]})
        seen_keys[key] = number
        if errors:
            result.errors.append((number, "; ".join(errors)))
        else:
            activity.external_key = key
            rows.append((number, activity, figures))
    if not table:
        result.errors.append((0, _("Tệp không có dòng dữ liệu nào.")))
    if result.errors:
        return result
    existing = set()
    keys = list(seen_keys)
    for start in range(0, len(keys), 900):
        existing |= set(
            Activity.objects.filter(external_key__in=keys[start : start + 900]).values_list(
                "external_key", flat=True
            )
        )
    for _number, activity, figures in rows:
        if activity.external_key in existing:
            result.already_imported += 1
        else:
            result.to_create.append(activity)
            result.figures.append(figures)
    return result


def _check_row(values: dict, lookups: _Lookups):
    errors: list[str] = []
    unit_text = _text(values.get("unit")).split(" — ")[0].strip()
    unit = lookups.units.get(unit_text)
    if not unit_text:
        errors.append(_("thiếu mã đơn vị"))
    elif unit is None:
        errors.append(_("không có đơn vị “%(u)s”") % {"u": unit_text})
    elif not lookups.access.can_record_for(unit):
        errors.append(_("đơn vị %(u)s ngoài phạm vi của bạn") % {"u": unit.name})
    days = {}
    for key, label in (("start_date", _("ngày bắt đầu")), ("end_date", _("ngày kết thúc"))):
        try:
            days[key] = parse_date(values.get(key))
        except ValueError:
            errors.append(
                _("%(label)s “%(v)s” không đúng dạng ngày/tháng/năm")
                % {"label": label, "v": _text(values.get(key))}
            )
            continue
        if days[key] is None:
            errors.append(_("thiếu %(label)s") % {"label": label})
    start, end = days.get("start_date"), days.get("end_date")
    if start and end and end < start:
        errors.append(_("ngày kết thúc trước ngày bắt đầu"))
    if unit is not None and end and not unit.is_valid_on(end):
        errors.append(_("đơn vị %(u)s không còn hiệu lực ngày %(d)s") % {"u": unit.name, "d": ddmmyyyy(end)})
    title = _text(values.get("title"))
    if not title:
        errors.append(_("thiếu tên hoạt động"))
    program = lookups.program_on(end) if end else None
    if end and program is None:
        errors.append(_("ngày %(d)s không thuộc chương trình nào") % {"d": ddmmyyyy(end)})
    area = movement = None
    area_text = _text(values.get("content_area"))
    match = re.match(r"\s*(\d+)", area_text)
    if program is not None:
        area = lookups.areas.get((program.pk, int(match.group(1)))) if match else None
        if area is None:
            errors.append(_("không có nội dung “%(a)s”") % {"a": area_text})
    movement_text = _text(values.get("movement"))
    if area is not None and movement_text:
        movement = lookups.movements.get((area.pk, normalise(movement_text)))
        if movement is None:
            errors.append(
                _("phong trào “%(m)s” không thuộc nội dung %(a)s") % {"m": movement_text, "a": area.number}
            )
    figures = {}
    bad_numbers = False  # then "girls above children" would compare with a missing figure
    for key, value in values.items():
        if key in dict(BASE_COLUMNS) or value in (None, ""):
            continue
        code, _sep, group = key.partition("/")
        column = lookups.figure_headers.get(figure_field(code, group or None), key)
        try:
            number = parse_number(value)
        except ValueError:
            errors.append(_("cột “%(c)s”: “%(v)s” không phải là số") % {"c": column, "v": _text(value)})
            bad_numbers = True
            continue
        if number is None:
            continue
        if number != number.to_integral_value():
            errors.append(_("cột “%(c)s”: phải là số nguyên") % {"c": column})
            bad_numbers = True
            continue
        figures[(code, group or None)] = int(number)
    if area is not None and not bad_numbers:
        for field_name, message in check_figures(lookups.catalogues[program.pk], area, figures).items():
            errors.append(f"{lookups.figure_headers.get(field_name, field_name)}: {message}")
    if errors or unit is None or area is None:
        return errors, None, None
    locked = lookups.locked(end)
    if locked is not None and not lookups.access.is_provincial:
        errors.append(_("kỳ %(p)s đã khóa số liệu") % {"p": locked.label})
    reason = lookups.correction(unit, end)
    if reason:
        errors.append(_("%(why)s Hãy sửa từng hoạt động, có ghi lý do.") % {"why": reason})
    values_by_id, snapshot = figure_values(lookups.catalogues[program.pk], figures)
    activity = Activity(
        program=program,
        unit=unit,
        content_area=area,
        movement=movement,
        title=title[:300],
        start_date=start,
        end_date=end,
        place=_text(values.get("place"))[:300],
        description=_text(values.get("description")),
        figures_snapshot=snapshot,
    )
    return errors, activity, values_by_id


@transaction.atomic
def bulk_create_records(activities: list[Activity], figure_values_list: list[dict], *, by) -> int:
    """Insert checked records and their figures in bulk (imports and demo data)."""
    for activity in activities:
        activity.created_by = activity.updated_by = by
        activity.write_text_keys()
    created = bulk_create_with_history(activities, Activity, batch_size=BATCH, default_user=by)
    figures = []
    for activity, values in zip(created, figure_values_list, strict=True):
        figures.extend(activity.build_figures(values))
    Figure.objects.bulk_create(figures, batch_size=BATCH)
    return len(created)


@transaction.atomic
def import_activities(data: bytes, filename: str, *, by) -> ImportResult:
    """Check the whole file, then create every new record, or nothing."""
    result = check_import(data, filename, by=by)
    if result.ok and result.to_create:
        result.created = bulk_create_records(result.to_create, result.figures, by=by)
    return result


class ActivityResource(resources.ModelResource):
    """The admin's export (same Vietnamese headers as the app's list export)."""

    unit_code = fields.Field(attribute="unit__code", column_name="Mã đơn vị")
    unit_name = fields.Field(attribute="unit__name", column_name="Tên đơn vị")
    area = fields.Field(attribute="content_area", column_name="Nội dung")
    movement_name = fields.Field(attribute="movement__name", column_name="Phong trào, mô hình")
    title = fields.Field(attribute="title", column_name="Tên hoạt động")
    start_date = fields.Field(attribute="start_date", column_name="Ngày bắt đầu")
    end_date = fields.Field(attribute="end_date", column_name="Ngày kết thúc")
    place = fields.Field(attribute="place", column_name="Địa điểm")
    figures = fields.Field(attribute="figures_snapshot", column_name="Số liệu")

    class Meta:
        model = Activity
        fields = (
            "id",
            "external_key",
            "unit_code",
            "unit_name",
            "area",
            "movement_name",
            "title",
            "start_date",
            "end_date",
            "place",
            "figures",
        )
