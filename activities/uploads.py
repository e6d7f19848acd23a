"""Photos and documents of records: checked from their content, never from their name.

Photos (JPEG, PNG, WebP) are decoded and re-encoded with Pillow, which drops EXIF and so the GPS
position (DOMAIN.md "Children's personal data"), and get a thumbnail. Documents are PDF, DOCX or
XLSX, recognised by the PDF header or the zip's [Content_Types].xml. Anything else — notably an
HTML or SVG file renamed .jpg, which a browser would run — is refused with a clear message.
Files are stored under the private MEDIA_ROOT and served by views that check access."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import Attachment

PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
}
MAX_PHOTO_SIDE = 2560
THUMBNAIL_SIDE = 480
_MARKUP = (b"<svg", b"<html", b"<!doctype", b"<?xml", b"<script", b"<body", b"<head")


@dataclass
class CheckedUpload:
    kind: str
    content_type: str
    extension: str
    original_name: str
    content: bytes
    thumbnail: bytes | None = None


def _refuse(message, name):
    raise ValidationError(message % {"name": name}, code="upload")


def check_upload(upload) -> CheckedUpload:
    """Read an uploaded file and return what will be stored, or raise ValidationError."""
    name = Path(upload.name or "tep").name
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s MB, quá giới hạn %(max)s MB.")
            % {
                "name": name,
                "size": f"{upload.size / 1048576:.1f}".replace(".", ","),
                "max": settings.UPLOAD_MAX_BYTES // 1048576,
            },
            code="upload",
        )
    data = upload.read()
    if data.startswith(b"%PDF-"):
        return CheckedUpload(Attachment.Kind.DOCUMENT, "application/pdf", ".pdf", name, data)
    if data.startswith(b"PK\x03\x04"):
        return _office_document(data, name)
    head = data[:1024].lstrip().lower()
    if any(marker in head for marker in _MARKUP):
        _refuse(
            _(
                "Tệp “%(name)s” là trang HTML hoặc hình SVG (dù tên tệp thế nào): không nhận vì có thể chứa mã độc."
            ),
            name,
        )
    return _photo(data, name)


def _office_document(data: bytes, name: str) -> CheckedUpload:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        _refuse(_("Tệp “%(name)s” không phải tài liệu Word (DOCX) hay Excel (XLSX) hợp lệ."), name)
    for marker, (content_type, extension) in OFFICE_TYPES.items():
        if marker in types:
            return CheckedUpload(Attachment.Kind.DOCUMENT, content_type, extension, name, data)
    _refuse(
        _("Tệp “%(name)s” là tệp nén nhưng không phải DOCX hay XLSX (tệp có macro không được nhận)."), name
    )


def _photo(data: bytes, name: str) -> CheckedUpload:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        _refuse(
            _("Không nhận ra tệp “%(name)s”: chỉ nhận ảnh JPEG, PNG, WebP và tài liệu PDF, DOCX, XLSX."), name
        )
    if fmt not in PHOTO_FORMATS:
        _refuse(_("Ảnh “%(name)s” không phải JPEG, PNG hay WebP."), name)
    content_type, extension = PHOTO_FORMATS[fmt]
    # Turn the pixels upright before the EXIF (with its orientation and GPS) is dropped.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    if fmt != "PNG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    # Saving without exif= writes no EXIF block: location and camera data are gone.
    image.save(out, format=fmt, **({"quality": 85} if fmt != "PNG" else {"optimize": True}))
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    if thumb.mode not in ("RGB", "L"):
        thumb = thumb.convert("RGB")
    thumb_out = io.BytesIO()
    thumb.save(thumb_out, format="JPEG", quality=80)
    return CheckedUpload(
        Attachment.Kind.PHOTO, content_type, extension, name, out.getvalue(), thumb_out.getvalue()
    )


def store_upload(
    activity, upload: CheckedUpload, *, by, caption: str = "", shows_children: bool = False
) -> Attachment:
    attachment = Attachment(
        activity=activity,
        kind=upload.kind,
        original_name=upload.original_name[:255],
        content_type=upload.content_type,
        extension=upload.extension,
        size=len(upload.content),
        caption=caption,
        shows_children=shows_children,
        uploaded_by=by,
    )
    attachment.file.save("f" + upload.extension, ContentFile(upload.content), save=False)
    if upload.thumbnail is not None:
        attachment.thumbnail.save("t.jpg", ContentFile(upload.thumbnail), save=False)
    attachment.save()
    return attachment
