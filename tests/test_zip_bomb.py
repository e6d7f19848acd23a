"""An Office file is a zip: one that would expand far beyond its size (a zip bomb) is refused with a
clear message before anything is decompressed, and nothing is saved (childprog/files.py)."""

import io
import os
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, Attachment
from activities.testing import load_programs, make_activity
from childprog import files
from library.models import Document
from library.uploads import docx_text

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = (
    f'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/></Types>'
)


def bomb(expanded_mb, *, member="word/document.xml", filler=b" "):
    """A Word-looking archive a few kilobytes big whose `member` expands to `expanded_mb` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if member != "[Content_Types].xml":
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open(member, "w", force_zip64=True) as part:
            if member == "[Content_Types].xml":
                part.write(CONTENT_TYPES.encode())
            chunk = filler * (1024 * 1024 // len(filler))
            for _ in range(expanded_mb):
                part.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def content_types_bomb():
    # The shape seen in the wild: [Content_Types].xml itself, read to know the file's type,
    # expands to more than the whole allowance (100 MB) from about a hundred kilobytes.
    return bomb(101, member="[Content_Types].xml")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return [name for _, _, names in os.walk(root) for name in names]


def test_a_bomb_in_the_part_that_names_the_type_is_refused_before_it_is_expanded(content_types_bomb):
    assert len(content_types_bomb) < 200 * 1024
    with pytest.raises(ValidationError, match="tệp nén bất thường") as refused:
        files.detect(content_types_bomb, "ke-hoach.docx")
    assert refused.value.code == "zip_bomb"
    assert "ke-hoach.docx" in refused.value.messages[0]


def test_a_member_expanding_hundreds_of_times_its_size_is_refused():
    data = bomb(3)  # 3 MB of spaces from a few kilobytes: a ratio far beyond any real document
    assert len(data) < 20 * 1024
    with pytest.raises(ValidationError, match="tệp nén bất thường"):
        files.detect(data)


def test_the_total_expanded_size_is_bounded_even_at_plausible_ratios(settings):
    settings.UPLOAD_MAX_EXPANDED_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for n in range(3):  # incompressible parts: ratio 1, but 1.5 MB in all
            archive.writestr(f"word/media/image{n}.bin", os.urandom(512 * 1024))
    with pytest.raises(ValidationError, match="tệp nén bất thường"):
        files.detect(out.getvalue())


def test_an_archive_of_too_many_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for n in range(files.ZIP_MAX_ENTRIES):
            archive.writestr(f"p/{n}", b"")
    with pytest.raises(ValidationError, match="tệp nén bất thường"):
        files.detect(out.getvalue())


def test_real_office_files_still_pass():
    from docx import Document as WordDocument
    from openpyxl import Workbook

    for document in (WordDocument(), Workbook()):
        out = io.BytesIO()
        document.save(out)
        assert files.detect(out.getvalue()) in (files.DOCX, files.XLSX)


def test_the_word_text_extraction_measures_the_archive_first():
    with pytest.raises(ValidationError, match="tệp nén bất thường"):
        docx_text(SimpleUploadedFile("kh.docx", bomb(3)))


def test_the_library_refuses_a_bomb_and_saves_nothing(client_for, units, content_types_bomb, private_media):
    data = {
        "unit": units["ha-quang"].pk,
        "kind": "KH",
        "number": "7",
        "symbol": "HĐTN",
        "issued_on": "15/01/2025",
        "title": "Kế hoạch năm 2025",
        "text": "",
        "file": SimpleUploadedFile("kh.docx", content_types_bomb),
    }
    response = client_for("officer_ha_quang").post(reverse("library:create"), data)
    assert response.status_code == 200
    assert "tệp nén bất thường" in str(response.context["form"].errors["file"])
    assert response.context["form"]["title"].value() == "Kế hoạch năm 2025"
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_a_record_attachment_bomb_is_refused_and_nothing_is_saved(
    client_for, units, officer_ha_quang, private_media
):
    load_programs()
    activity = make_activity(officer_ha_quang, units["ha-quang"], date(2024, 6, 1))
    response = client_for("officer_ha_quang").post(
        reverse("activities:attachment_add", args=[activity.pk]),
        {"files": SimpleUploadedFile("bang-tinh.xlsx", bomb(3))},
        follow=True,
    )
    assert "tệp nén bất thường" in response.content.decode()
    assert not Attachment.objects.exists()
    assert Activity.objects.count() == 1
    assert stored_files(private_media) == []


# -- the imports: the activity import and the admin's unit import measure the archive too --------
def sheet_bomb():
    """An Excel-looking archive whose sheet expands to 3 MB of spaces from a few kilobytes."""
    return bomb(3, member="xl/worksheets/sheet1.xml")


def test_the_activity_import_refuses_a_bomb_with_the_upload_message(client_for, units, private_media):
    response = client_for("officer_ha_quang").post(
        reverse("activities:import"), {"file": SimpleUploadedFile("hoat-dong.xlsx", sheet_bomb())}
    )
    assert response.status_code == 200
    [(_line, message)] = response.context["result"].errors
    assert "tệp nén bất thường" in message and "hoat-dong.xlsx" in message
    assert not Activity.objects.exists()
    assert stored_files(private_media) == []


@pytest.mark.parametrize("model", ["unit", "indicator", "targetgroup"])
def test_the_admin_imports_refuse_a_bomb_before_reading_it(client, db, model):
    import re

    from childprog.models import Indicator, TargetGroup, Unit, User

    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", "x"))
    url = reverse(f"admin:childprog_{model}_import")
    page = client.get(url).content.decode()
    xlsx_choice = re.search(r'<option value="(\d+)">xlsx</option>', page).group(1)
    response = client.post(
        url,
        {
            "import_file": SimpleUploadedFile("don-vi.xlsx", sheet_bomb()),
            "format": xlsx_choice,
            "resource": "0",
        },
    )
    assert response.status_code == 200
    assert "tệp nén bất thường" in str(response.context["form"].errors["import_file"])
    assert not Unit.objects.exists() and not Indicator.objects.exists() and not TargetGroup.objects.exists()


def test_the_unit_import_command_refuses_a_bomb(db, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(sheet_bomb())
    with pytest.raises(CommandError, match="tệp nén bất thường"):
        call_command("import_units", str(path))
