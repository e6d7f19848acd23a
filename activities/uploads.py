"""Photos and documents of records: checked from their content, never from their name.

Photos (JPEG, PNG, WebP) are decoded and re-encoded with Pillow, which drops EXIF and so the GPS
position (docs/childrens-data.md), and get a thumbnail. Documents are PDF, DOCX or
XLSX, recognised by the PDF header or the zip's [Content_Types].xml. Anything else — notably an
HTML or SVG file renamed .jpg, which a browser would run — is refused with a clear message.
Files are stored under the private MEDIA_ROOT and served by views that check access."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from childprog import files

from .models import Attachment

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
    files.check_size(upload)
    data = upload.read()
    kind = files.detect(data, name)
    if kind in (files.PDF, files.DOCX, files.XLSX):
        return CheckedUpload(Attachment.Kind.DOCUMENT, kind.content_type, kind.extension, name, data)
    if data.startswith(b"PK\x03\x04"):
        _refuse(
            _("Tệp “%(name)s” là tệp nén nhưng không phải DOCX hay XLSX (tệp có macro không được nhận)."),
            name,
        )
    head = data[:1024].lstrip().lower()
    if any(marker in head for marker in _MARKUP):
        _refuse(
            _(
                "Tệp “%(name)s” là trang HTML hoặc hình SVG (dù tên tệp thế nào): không nhận vì có thể chứa mã độc."
            ),
            name,
        )
    return _photo(data, name)


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
    kind = files.detect(data)
    if kind is None or not kind.is_photo or fmt not in {"JPEG", "PNG", "WEBP"}:
        _refuse(_("Ảnh “%(name)s” không phải JPEG, PNG hay WebP."), name)
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
        Attachment.Kind.PHOTO, kind.content_type, kind.extension, name, out.getvalue(), thumb_out.getvalue()
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
