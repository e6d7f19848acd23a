"""The report as DOCX in the official format (DOMAIN.md "Official document format"): heading
block, number, place and date, title, narrative, figures tables, "Nơi nhận:", signature block;
Times New Roman 13 pt, A4, margins 20/20/20/30 mm."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..figures import report_figures
from ..tables import vnd
from .common import heading

FONT = "Times New Roman"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _paragraph(
    container, text="", *, bold=False, italic=False, underline=False, size=13, align=None, space_after=4
):
    p = container.add_paragraph()
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


def _figures_table(doc, headers, rows, widths=None):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, bold=True, size=12)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            text = vnd(value) if isinstance(value, int) else ("" if value is None else str(value))
            _cell_text(
                cell,
                text,
                size=12,
                align=WD_ALIGN_PARAGRAPH.RIGHT
                if isinstance(value, int)
                else WD_ALIGN_PARAGRAPH.LEFT
                if i
                else WD_ALIGN_PARAGRAPH.CENTER,
            )
    if widths:
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Mm(w)
    doc.add_paragraph()
    return table


def render(report) -> bytes:
    fig = report_figures(report)
    head = heading(report)
    doc = Document()
    _setup(doc)

    block = doc.add_table(rows=1, cols=2)
    left, right = block.rows[0].cells
    left.width, right.width = Mm(70), Mm(90)
    if head.issuer_parent:
        _cell_text(left, head.issuer_parent, size=13)
    _cell_text(left, head.issuer, bold=True, size=13)
    _cell_text(left, "***", size=13)
    _cell_text(left, head.number, size=13)
    _cell_text(right, "ĐOÀN TNCS HỒ CHÍ MINH", bold=True, underline=True, size=14)
    _cell_text(right, "")
    _cell_text(right, head.place_date, italic=True, size=13)

    _paragraph(doc, "")
    _paragraph(doc, head.title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(doc, head.subtitle, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)

    for i, (_field, label, text) in enumerate(report.narrative()):
        _paragraph(doc, f"{ROMAN[i]}. {str(label).upper()}", bold=True)
        for para in (text or "").splitlines() or [""]:
            if para.strip():
                p = _paragraph(doc, para.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
                p.paragraph_format.first_line_indent = Mm(10)
        if i == 0:
            _paragraph(doc, "Kết quả cụ thể theo từng nội dung:", italic=True)
            for area in fig.areas:
                if not area.lines:
                    continue
                _paragraph(doc, f"{area.area.number}. {area.area.name}", bold=True, italic=True, size=13)
                rows = []
                for line in area.lines:
                    rows.append([line.indicator.name, line.value, line.previous])
                    rows.extend([f"   trong đó: {n}", v, None] for n, v in line.groups)
                _figures_table(doc, ["Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước"], rows, [95, 30, 35])

    n = len(report.SECTIONS)
    if len(fig.rows) > 1 or fig.missing:
        _paragraph(doc, f"{ROMAN[n]}. SỐ LIỆU THEO ĐƠN VỊ", bold=True)
        inds = fig.ref.summary_indicators
        rows = [
            [row.name + (" (số liệu của đơn vị)" if row.own else "")] + values
            for row, values in fig.row_summary()
        ]
        _figures_table(doc, ["Đơn vị"] + [i.name for i in inds], rows)
        if fig.missing:
            _paragraph(
                doc,
                "Đơn vị chưa có báo cáo được duyệt: " + ", ".join(m["name"] for m in fig.missing),
                italic=True,
            )
        n += 1
    for section in fig.sections:
        _paragraph(doc, f"{ROMAN[n]}. {section.title.upper()}", bold=True)
        _figures_table(doc, section.headers, section.rows)
        n += 1

    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(80), Mm(80)
    _cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for r in head.recipients:
        _cell_text(left, f"- {r};", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(right, head.signer_title, bold=True, size=13)
    _cell_text(right, "BÍ THƯ", bold=True, size=13)
    for _ in range(4):
        _cell_text(right, "")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
