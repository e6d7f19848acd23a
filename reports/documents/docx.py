"""The report as DOCX in the official format (docs/documents.md): heading
block, number, place and date, title, narrative, figures tables, "Nơi nhận:", signature block;
Times New Roman 13 pt, A4, margins 20/20/20/30 mm."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..figures import report_figures
from ..tables import vnd

FONT = "Times New Roman"
# A4 less the 30 mm left and 20 mm right margins.
TEXT_WIDTH_MM = 160
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _paragraph(
    container,
    text="",
    *,
    bold=False,
    italic=False,
    underline=False,
    size=13,
    align=None,
    space_after=4,
    heading=False,
):
    p = container.add_paragraph()
    # A heading stays on the page of what it introduces.
    p.paragraph_format.keep_with_next = heading
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return p


def _cell_text(
    cell, text, *, bold=False, italic=False, underline=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER
):
    p = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return p


def _setup(doc):
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = section.right_margin = Mm(20)
    section.left_margin = Mm(30)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East-Asian and complex-script font slots too, or Word falls back for Vietnamese marks.
    fonts = style.element.rPr.rFonts
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_widths(table, widths_mm):
    """Fixed column widths that Word and LibreOffice both honour: autofit off, the grid columns and
    every cell of each column set (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _default_widths(n: int) -> list[float]:
    """The first column (names) gets a third of the line or more, the figures share the rest."""
    if n == 1:
        return [TEXT_WIDTH_MM]
    first = max(TEXT_WIDTH_MM / 3, 48 if n > 4 else 0)
    return [first] + [(TEXT_WIDTH_MM - first) / (n - 1)] * (n - 1)


def _figures_table(doc, headers, rows, widths=None):
    size = 12 if len(headers) <= 4 else 10.5  # wide tables (units × indicators) in a smaller size
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, bold=True, size=size)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # The header row repeats on every page the table runs over.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            text = vnd(value) if isinstance(value, int) else ("" if value is None else str(value))
            align = WD_ALIGN_PARAGRAPH.RIGHT if isinstance(value, int) else WD_ALIGN_PARAGRAPH.LEFT
            p = _cell_text(cell, text.lstrip(), size=size, align=align)
            # "   trong đó: ..." lines are indented as a paragraph, not with spaces.
            p.paragraph_format.left_indent = Mm(2 * (len(text) - len(text.lstrip())))
    _set_widths(table, widths or _default_widths(len(headers)))
    _paragraph(doc, "", space_after=0)
    return table


def _with_current(value, current):
    """A frozen value with, when it has changed since approval, the current one beside it."""
    if current is None:
        return value
    return f"{vnd(value) if isinstance(value, int) else value} (Hiện tại: {vnd(current) if isinstance(current, int) else current})"


def render(report) -> bytes:
    fig = report_figures(report)
    head = fig.heading
    doc = Document()
    _setup(doc)

    block = doc.add_table(rows=1, cols=2)
    left, right = block.rows[0].cells
    _set_widths(block, [68, TEXT_WIDTH_MM - 68])
    if head["issuer_parent"]:
        _cell_text(left, head["issuer_parent"], size=13)
    _cell_text(left, head["issuer"], bold=True, size=13)
    _cell_text(left, "***", size=13)
    _cell_text(left, head["number"], size=13)
    _cell_text(right, "ĐOÀN TNCS HỒ CHÍ MINH", bold=True, underline=True, size=14)
    _cell_text(right, "")
    _cell_text(right, head["place_date"], italic=True, size=13)

    _paragraph(doc, "")
    _paragraph(doc, head["title"], bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(doc, head["subtitle"], bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)

    changed = fig.has_changes
    for i, (_field, label, text) in enumerate(fig.narrative):
        _paragraph(doc, f"{ROMAN[i]}. {str(label).upper()}", bold=True, heading=True)
        for para in (text or "").splitlines() or [""]:
            if para.strip():
                p = _paragraph(doc, para.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
                p.paragraph_format.first_line_indent = Mm(10)
        if i == 0:
            _paragraph(doc, "Kết quả cụ thể theo từng nội dung:", italic=True, heading=True)
            for area in fig.areas:
                if not area.lines:
                    continue
                count = _with_current(area.activities, area.activities_current)
                count = vnd(count) if isinstance(count, int) else count
                _paragraph(
                    doc,
                    f"{area.number}. {area.name} (số hoạt động: {count})",
                    bold=True,
                    italic=True,
                    heading=True,
                )
                # The "Hiện tại" column only in a table whose own figures changed since approval.
                current = area.has_current_column
                rows = []
                for line in area.lines:
                    row = [line.name, line.value, line.previous]
                    rows.append([*row, line.current] if current else row)
                    for n, v, cur in line.groups:
                        row = [f"   trong đó: {n}", v, None]
                        rows.append([*row, cur] if current else row)
                headers = ["Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước"]
                widths = [95, 30, 35]
                if current:
                    headers, widths = [*headers, "Hiện tại (*)"], [75, 28, 30, 27]
                _figures_table(doc, headers, rows, widths)
            if fig.previous_note:
                _paragraph(doc, fig.previous_note, italic=True, size=11)

    n = len(fig.narrative)
    if len(fig.matrix) > 1 or fig.missing:
        _paragraph(doc, f"{ROMAN[n]}. SỐ LIỆU THEO ĐƠN VỊ", bold=True, heading=True)
        rows = [
            [row["name"] + (" (số liệu của đơn vị)" if row["own"] else "")]
            + [_with_current(c.value, c.current) for c in cells]
            for row, cells in fig.matrix
        ]
        # Amounts in đồng need the widest columns ("110.000.000"), names the first.
        measures = fig.matrix_measures or ["count"] * (len(fig.matrix_headers) - 1)
        wide = sum(1 for m in measures if m == "vnd")
        other = (TEXT_WIDTH_MM - 34 - 25 * wide) / max(1, len(measures) - wide)
        widths = [34] + [25 if m == "vnd" else other for m in measures]
        _figures_table(doc, fig.matrix_headers, rows, widths)
        if fig.missing:
            _paragraph(doc, "Đơn vị chưa có báo cáo được duyệt: " + ", ".join(fig.missing), italic=True)
        n += 1
    for section in fig.sections:
        _paragraph(doc, f"{ROMAN[n]}. {section.title.upper()}", bold=True, heading=True)
        rows = [[_with_current(c.value, c.current) for c in r] for r in section.rows]
        _figures_table(doc, section.headers, rows)
        n += 1
    if changed:
        _paragraph(
            doc,
            "(*) Hiện tại: số liệu thay đổi sau khi báo cáo được duyệt, không thuộc văn bản đã duyệt:",
            italic=True,
            size=11,
        )
        for c in fig.changes:
            _paragraph(doc, f"- {c}", italic=True, size=11, space_after=0)

    sign = doc.add_table(rows=1, cols=2)
    # "Nơi nhận" and the signature stay together on one page.
    sign.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = sign.rows[0].cells
    _set_widths(sign, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    _cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    recipients = head["recipients"]
    for i, r in enumerate(recipients, start=1):
        end = "." if i == len(recipients) else ";"
        _cell_text(left, f"- {r}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(right, head["signer_capacity"], bold=True, size=13)
    _cell_text(right, head["signer_title"], bold=True, size=13)
    _cell_text(right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=11)
    # Room for the signature and the seal.
    for _ in range(4):
        _cell_text(right, "")
    _cell_text(right, head["signer_name"] or "", bold=True, size=13)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
