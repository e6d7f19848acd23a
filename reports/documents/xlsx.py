"""The report's figures as XLSX: numbers as numbers, Vietnamese headers, A4 print setup."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..figures import report_figures

NUMBER_FORMAT = "#,##0"
BOLD = Font(bold=True)


def _setup(ws, widths):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _header(ws, values):
    ws.append(values)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def render(report) -> bytes:
    fig = report_figures(report)
    head = fig.heading
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    _setup(ws, [8, 50, 18, 18, 18, 14])
    ws.append([head["issuer"]])
    ws.append([head["subtitle"]])
    ws["A1"].font = ws["A2"].font = BOLD
    ws.append([])
    _header(ws, ["Nội dung", "Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "Hiện tại (sau khi duyệt)"])
    ws.print_title_rows = f"{ws.max_row}:{ws.max_row}"
    for area in fig.areas:
        ws.append([area.number, "Số hoạt động", area.activities, None, area.activities_current])
        for line in area.lines:
            ws.append([area.number, line.name, line.value, line.previous, line.current])
            for name, value, current in line.groups:
                ws.append([area.number, f"   trong đó: {name}", value, None, current])
    for row in ws.iter_rows(min_row=5, min_col=3, max_col=5):
        for cell in row:
            cell.number_format = NUMBER_FORMAT
    if fig.previous_note:
        ws.append([])
        ws.append([None, fig.previous_note])
    if fig.has_changes:
        ws.append([])
        ws.append(
            [None, "Hiện tại: số liệu thay đổi sau khi báo cáo được duyệt (không thuộc báo cáo đã duyệt):"]
        )
        for c in fig.changes:
            ws.append([None, c])

    by_unit = wb.create_sheet("Theo đơn vị")
    _setup(by_unit, [40] + [16] * (len(fig.matrix_headers) - 1))
    _header(by_unit, fig.matrix_headers)
    by_unit.print_title_rows = "1:1"
    for row, cells in fig.matrix:
        by_unit.append(
            [row["name"] + (" (số liệu của đơn vị)" if row["own"] else "")] + [c.value for c in cells]
        )
        if any(c.changed for c in cells):
            by_unit.append(["   Hiện tại"] + [c.current if c.changed else None for c in cells])
    for row in by_unit.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = NUMBER_FORMAT
    if fig.missing:
        by_unit.append([])
        by_unit.append(["Đơn vị chưa có báo cáo được duyệt:"])
        for m in fig.missing:
            by_unit.append([m])

    for section in fig.sections:
        ws2 = wb.create_sheet(section.title[:31])
        _setup(ws2, [30] * max(1, len(section.headers)))
        _header(ws2, section.headers)
        for r in section.rows:
            ws2.append([c.value for c in r])
            if any(c.changed for c in r):
                ws2.append(["   Hiện tại"] + [c.current if c.changed else None for c in r[1:]])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
