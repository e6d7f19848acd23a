"""Photos and documents of records: type from content, size limit, EXIF/GPS removed, private."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities.models import Attachment
from activities.testing import load_programs, make_activity
from activities.uploads import check_upload
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg_with_gps(size=(1600, 1200)):
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (22.0, 40.0, 0.0)}  # GPS info
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def office_zip(main_type):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{main_type}"/></Types>')
    return out.getvalue()


def test_a_photo_is_re_encoded_without_exif_and_thumbnailed():
    checked = check_upload(upload("anh.jpg", jpeg_with_gps(), "image/jpeg"))
    assert checked.kind == "photo" and checked.content_type == "image/jpeg"
    image = Image.open(io.BytesIO(checked.content))
    assert not image.getexif()
    assert max(Image.open(io.BytesIO(checked.thumbnail)).size) <= 480


@pytest.mark.parametrize(
    "name, content",
    [
        ("anh.jpg", b"<html><script>alert(1)</script></html>"),
        ("anh.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("anh.jpg", b"  <svg onload=alert(1)>"),
    ],
)
def test_a_renamed_html_or_svg_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content, "image/jpeg"))
    assert "HTML hoặc hình SVG" in error.value.messages[0]


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        check_upload(upload("lon.pdf", b"%PDF-1.4" + b"0" * 2048))
    assert "quá giới hạn" in error.value.messages[0]


def test_documents_are_recognised_from_their_content():
    assert check_upload(upload("bao-cao.bin", b"%PDF-1.7\n...")).extension == ".pdf"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert check_upload(upload("x.pdf", office_zip(docx))).extension == ".docx"
    assert check_upload(upload("x.pdf", office_zip(xlsx))).extension == ".xlsx"
    with pytest.raises(ValidationError):
        check_upload(upload("x.docx", office_zip("application/vnd.ms-word.document.macroEnabled.main+xml")))
    with pytest.raises(ValidationError):
        check_upload(upload("x.exe", b"MZ\x90\x00"))


def test_files_are_served_only_to_those_who_see_the_record(client_for, officer_ha_quang, units):
    load_programs()
    activity = make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
    response = client_for("officer_ha_quang").post(
        reverse("activities:attachment_add", args=[activity.pk]),
        {"files": [upload("a.jpg", jpeg_with_gps())]},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (
        client_for("officer_ha_quang").get(reverse("activities:file", args=[attachment.pk])).status_code
        == 200
    )
    assert (
        client_for("officer_ha_quang").get(reverse("activities:thumb", args=[attachment.pk])).status_code
        == 200
    )
    assert (
        client_for("officer_quang_hoa").get(reverse("activities:file", args=[attachment.pk])).status_code
        == 404
    )
    assert client_for("anonymous").get(reverse("activities:file", args=[attachment.pk])).status_code == 302
    assert (
        client_for("anonymous").get(reverse("activities:news_photo", args=[attachment.pk])).status_code == 404
    )


def test_the_record_form_refuses_a_renamed_html_next_to_the_field(client_for, units):
    load_programs()
    from activities.testing import area_on

    data = {
        "unit": units["ha-quang"].pk,
        "content_area": area_on(d("01/06/2022"), 2).pk,
        "title": "Có tệp xấu",
        "start_date": "01/06/2022",
        "end_date": "01/06/2022",
        "files": [upload("anh.jpg", b"<html></html>")],
    }
    response = client_for("officer_ha_quang").post(reverse("activities:create"), data)
    assert "HTML" in response.context["form"].errors["files"][0]
