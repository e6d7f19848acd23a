"""Export of records and the import template: XLSX/CSV with Vietnamese headers.

The import itself (check once, confirm, bulk write) is activities.imports; the columns defined
here are the ones it reads. The admin's export goes through the same code."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from django.utils.translation import gettext as _
from import_export import fields, resources
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from childprog.access import access_for
from childprog.models import ContentArea, Movement, Program

from .models import Activity
from .selectors import figures_by_activity
from .services import ProgramCatalogue, ddmmyyyy

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
# Optional: a row in a period whose report is approved is accepted with a reason (activities.imports).
REASON_COLUMN = ("correction_reason", "Lý do điều chỉnh")
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
    headers = [h for _k, h in BASE_COLUMNS] + [REASON_COLUMN[1]] + [h for _k, h in figure_columns()]
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
    for letter in "ABCDEFGHIJ":
        sheet.column_dimensions[letter].width = 22
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


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
