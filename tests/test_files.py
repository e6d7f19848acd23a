"""A file is known by its content, never by its name (childprog/files.py)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook
from PIL import Image

from childprog import files


def saved(obj):
    buf = io.BytesIO()
    obj.save(buf)
    return buf.getvalue()


def image_bytes(fmt):
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, format=fmt)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", files.PDF),
        (image_bytes("JPEG"), files.JPEG),
        (image_bytes("PNG"), files.PNG),
        (image_bytes("WEBP"), files.WEBP),
    ],
    ids=["pdf", "jpeg", "png", "webp"],
)
def test_it_recognises_pdf_and_photos(data, expected):
    assert files.detect(data) == expected


def test_it_recognises_word_and_excel_files():
    assert files.detect(saved(Document())) == files.DOCX
    assert files.detect(saved(Workbook())) == files.XLSX


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"MZ\x90\x00 an executable",
    ],
    ids=["html", "svg", "exe"],
)
def test_a_renamed_file_is_not_taken_for_what_its_name_says(data):
    assert files.detect(data) is None


def test_a_plain_zip_is_not_an_office_file():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    assert files.detect(buf.getvalue()) is None


def test_read_checked_refuses_the_wrong_type_and_a_file_too_large(settings):
    upload = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError, match="chỉ PDF"):
        files.read_checked(upload, {files.PDF}, "chỉ PDF")
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="quá lớn"):
        files.read_checked(SimpleUploadedFile("a.pdf", b"%PDF-1.7 and more"), {files.PDF}, "chỉ PDF")
