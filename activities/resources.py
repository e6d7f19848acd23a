"""The columns of a record file and the import template (XLSX with Vietnamese headers).

The import itself (check once, confirm, bulk write) is activities.imports and the exports are
activities.exports; both read the columns defined here."""

from __future__ import annotations

import io

import tablib
from django.utils.translation import gettext as _
from import_export import resources
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from childprog.access import access_for
from childprog.models import ContentArea, Movement, Program

from .models import Activity
from .services import ProgramCatalogue

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
    """The admin's export: the same columns and rows as the list's export."""

    class Meta:
        model = Activity

    def export(self, queryset=None, **kwargs):
        from .exports import columns, rows

        queryset = self.get_queryset() if queryset is None else queryset
        figures = figure_columns()
        data = tablib.Dataset(headers=[c.header for c in columns(figures)], title=str(_("Hoạt động")))
        for row in rows(queryset.order_by("-end_date", "-pk"), figures):
            data.append(row)
        return data
