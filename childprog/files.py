"""Knowing an uploaded file by its content, never by its name or the browser's word.

One place for every app that takes files (record photos and documents, library documents, plan
documents, signed report scans): a renamed HTML/SVG or executable is never taken for a PDF, a
photo or an Office document."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    name: str  # pdf, docx, xlsx, jpeg, png, webp
    content_type: str
    extension: str

    @property
    def is_photo(self) -> bool:
        return self.name in {"jpeg", "png", "webp"}


PDF = FileType("pdf", "application/pdf", ".pdf")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
JPEG = FileType("jpeg", "image/jpeg", ".jpg")
PNG = FileType("png", "image/png", ".png")
WEBP = FileType("webp", "image/webp", ".webp")

# The main part an Office file declares in its [Content_Types].xml (macro-enabled files differ).
_OFFICE_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}


def detect(data: bytes) -> FileType | None:
    """The type of a file from its first bytes (and, for Office files, the zip's declared parts)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError):
            return None
        return next((t for marker, t in _OFFICE_MAIN.items() if marker in types), None)
    return None


def check_size(upload) -> None:
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: nặng %(size)s, quá giới hạn %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="upload",
        )


def read_checked(upload, allowed: set[FileType], message: str) -> tuple[bytes, FileType]:
    """The content of an upload within the size limit whose real type is one of `allowed`;
    otherwise ValidationError with `message`."""
    check_size(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = detect(data)
    if kind not in allowed:
        raise ValidationError(message, code="upload")
    return data, kind
