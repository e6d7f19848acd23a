"""A report's documents: XLSX with numbers as numbers and Vietnamese headers;
DOCX in the official format, read back through LibreOffice; PDF with an embedded font that has the
Vietnamese marks. The LibreOffice and poppler tests are slow and need the tools."""

import re
import shutil
import subprocess
import tempfile
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from activities.models import Activity
from childprog.guideline import open_period
from childprog.models import ContentArea, Indicator
from reports.documents import docx as docx_doc
from reports.documents import pdf as pdf_doc
from reports.documents import xlsx as xlsx_doc
from reports.workflow import approve_report, get_or_open_report, save_draft, submit_report
from tests.conftest import d, require_tool

NARRATIVE = "Tổ chức Đêm hội trăng rằm cho 1.250 cháu thiếu nhi ở các xã biên giới."


@pytest.fixture
def approved(program, units, officer_quang_hoa, provincial):
    period = open_period(program, "year", 2020, by=provincial)
    area = ContentArea.objects.get(program=program, number=4)
    children = Indicator.objects.get(program=program, code="children")
    money = Indicator.objects.get(program=program, code="money")
    for unit, day, n, amount in (
        (units["quang-hoa"], d("15/09/2020"), 1250, 12_500_000),
        (units["phuc-hoa"], d("10/01/2020"), 30, 0),  # carried forward into Quảng Hòa
    ):
        a = Activity.objects.create(
            program=program,
            unit=unit,
            content_area=area,
            title="Đêm hội trăng rằm",
            start_date=day,
            end_date=day,
        )
        a.set_figures({(children.pk, None): n, (money.pk, None): amount})
    report = get_or_open_report(period=period, unit=units["quang-hoa"], by=officer_quang_hoa)
    report = save_draft(
        report,
        by=officer_quang_hoa,
        data={"results": NARRATIVE, "proposals": "Đề nghị hỗ trợ kinh phí tổ chức Trung thu."},
    )
    submit_report(report, by=officer_quang_hoa)
    return approve_report(report, by=provincial)


# -- XLSX ----------------------------------------------------------------------------------------
def test_xlsx_has_numbers_as_numbers_and_vietnamese_headers(approved):
    wb = load_workbook(BytesIO(xlsx_doc.render(approved)))
    ws = wb["Tổng hợp"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "BCH HUYỆN ĐOÀN QUẢNG HÒA"
    assert rows[3][:4] == ("Nội dung", "Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước")
    children = next(r for r in rows[4:] if r[1] == "Số trẻ em được hưởng lợi")
    money = next(r for r in rows[4:] if r[1] == "Tiền và hiện vật vận động được (đồng)")
    assert children[2] == 1280 and isinstance(children[2], int)
    assert money[2] == 12_500_000 and isinstance(money[2], int)
    assert ws.cell(row=5, column=3).number_format == "#,##0"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4) == "9"  # A4
    by_unit = list(wb["Theo đơn vị"].iter_rows(values_only=True))
    assert by_unit[0][0] == "Đơn vị"


# -- DOCX ----------------------------------------------------------------------------------------
def test_docx_indicator_column_is_wide_on_every_row(approved):
    doc = Document(BytesIO(docx_doc.render(approved)))
    figures = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    assert not figures.autofit
    assert {round(cell.width.mm) for cell in figures.columns[0].cells} == {95}
    assert round(figures.columns[0].width.mm) == 95


def test_docx_page_is_a4_with_the_official_margins(approved):
    section = Document(BytesIO(docx_doc.render(approved))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    assert {round(m.mm) for m in (section.top_margin, section.bottom_margin, section.right_margin)} == {20}


def soffice_to(fmt, content: bytes, tmp: Path) -> Path:
    """Convert with LibreOffice headless, with its own profile so parallel runs don't collide."""
    src = tmp / "bao-cao.docx"
    src.write_bytes(content)
    profile = Path(tempfile.gettempdir()) / f"lo-test-{uuid.uuid4()}"
    try:
        subprocess.run(
            [
                "/usr/bin/soffice",
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                fmt,
                "--outdir",
                str(tmp),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return tmp / f"bao-cao.{fmt.split(':')[0]}"


def squash(text):
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
def test_docx_opens_in_libreoffice_and_reads_as_an_official_report(approved, tmp_path):
    require_tool("/usr/bin/soffice", "the DOCX is checked by converting it with LibreOffice")
    text = squash(soffice_to("txt:Text", docx_doc.render(approved), tmp_path).read_text(encoding="utf-8-sig"))
    assert "TỈNH ĐOÀN CAO BẰNG" in text
    assert "BCH HUYỆN ĐOÀN QUẢNG HÒA" in text
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text
    assert re.search(r"Số: \d+-BC/HĐTN", text)
    assert re.search(r"Cao Bằng, ngày \d{2} tháng \d{2} năm \d{4}", text)
    assert "BÁO CÁO" in text and "Kết quả thực hiện Chương trình hành động vì trẻ em — Năm 2020" in text
    assert NARRATIVE in text
    assert "Số trẻ em được hưởng lợi" in text and "1.280" in text
    assert "Nơi nhận:" in text and "Ban Thường vụ Tỉnh Đoàn Cao Bằng (để báo cáo);" in text
    assert "TM. BAN THƯỜNG VỤ" in text


# -- PDF -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_pdf_embeds_a_font_with_vietnamese_marks_and_reads_right(approved, tmp_path):
    require_tool("/usr/bin/soffice", "the PDF is made by LibreOffice")
    require_tool("pdftotext", "the PDF's text is read back with poppler")
    require_tool("pdffonts", "the PDF's fonts are listed with poppler")
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(pdf_doc.render(approved))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    serif = [line for line in fonts.splitlines()[2:] if "LiberationSerif" in line or "Times" in line]
    assert serif, fonts
    assert all(line.split()[-5] == "yes" for line in serif), fonts  # the "emb" column
    text = squash(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    assert "BCH HUYỆN ĐOÀN QUẢNG HÒA" in text
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text
    assert NARRATIVE in text
    assert "Nơi nhận:" in text


def test_without_libreoffice_the_pdf_link_says_so_plainly(approved, client_for, monkeypatch):
    monkeypatch.setattr(pdf_doc, "soffice", lambda: None)
    client = client_for("provincial")
    page = client.get(reverse("reports:detail", args=[approved.pk])).content.decode()
    assert "máy chủ chưa cài LibreOffice" in page
    response = client.get(reverse("reports:pdf", args=[approved.pk]), follow=True)
    assert "chưa cài LibreOffice" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("reports:detail", args=[approved.pk])
