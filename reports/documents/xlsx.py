"""The report's figures as XLSX: numbers as numbers, Vietnamese headers, A4 print setup."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..figures import report_figures
from .common import heading

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
    head = heading(report)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    _setup(ws, [8, 50, 18, 18, 18])
    ws.append([head.issuer])
    ws.append([head.subtitle])
    ws["A1"].font = ws["A2"].font = BOLD
    ws.append([])
    _header(ws, ["Nội dung", "Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "Số hiện tại (sau điều chỉnh)"])
    ws.print_title_rows = f"{ws.max_row}:{ws.max_row}"
    for area in fig.areas:
        for line in area.lines:
            ws.append([area.area.number, line.indicator.name, line.value, line.previous, line.current])
            for name, value in line.groups:
                ws.append([area.area.number, f"   trong đó: {name}", value, None, None])
    for row in ws.iter_rows(min_row=5, min_col=3, max_col=5):
        for cell in row:
            cell.number_format = NUMBER_FORMAT

    by_unit = wb.create_sheet("Theo đơn vị")
    inds = fig.ref.summary_indicators
    _setup(by_unit, [40] + [16] * len(inds))
    _header(by_unit, ["Đơn vị"] + [i.name for i in inds])
    by_unit.print_title_rows = "1:1"
    for row, values in fig.row_summary():
        by_unit.append([row.name + (" (số liệu của đơn vị)" if row.own else "")] + values)
    for row in by_unit.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = NUMBER_FORMAT
    if fig.missing:
        by_unit.append([])
        by_unit.append(["Đơn vị chưa có báo cáo được duyệt:"])
        for m in fig.missing:
            by_unit.append([m["name"]])

    for section in fig.sections:
        ws2 = wb.create_sheet(section.title[:31])
        _setup(ws2, [30] * max(1, len(section.headers)))
        _header(ws2, section.headers)
        for r in section.rows:
            ws2.append(r)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
