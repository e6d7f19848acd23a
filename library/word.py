"""A Word file of a document kept as text, in the official layout (docs/documents.md):
Times New Roman 13 pt, A4, margins 20 mm top/bottom/right and 30 mm left, the two-sided
heading, the centred title, the body, and "Nơi nhận" at the foot."""

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .text import structure

FONT = "Times New Roman"


def _paragraph(container, text, *, bold=False, italic=False, size=13, align=None, indent=False):
    p = container.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    p.paragraph_format.space_after = Pt(3)
    return p


def document_docx(text: str) -> bytes:
    doc = structure(text)
    word = WordDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = section.right_margin = Mm(20)
    section.left_margin = Mm(30)
    style = word.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    table = word.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    for n, line in enumerate(doc.issuer):
        p = left.paragraphs[0] if n == 0 else left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.bold = n == 0
        run.font.size = Pt(13 if n == 0 else 12)
    for n, line in enumerate(doc.union):
        p = right.paragraphs[0] if n == 0 else right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if n else WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.bold, run.italic = n == 0, n > 0
        run.font.size = Pt(14 if n == 0 else 13)

    for n, line in enumerate(doc.title):
        _paragraph(word, line, bold=True, size=14 if n == 0 else 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    for block in doc.body:
        if block.kind in ("section", "subsection"):
            _paragraph(word, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        elif block.kind == "list":
            for item in block.items:
                _paragraph(word, f"- {item}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        else:
            _paragraph(word, block.text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    if doc.recipients:
        _paragraph(word, "Nơi nhận:", bold=True, italic=True, size=12)
        for item in doc.recipients:
            _paragraph(word, f"- {item}", size=11)
    out = BytesIO()
    word.save(out)
    return out.getvalue()
