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


# An Office file is a zip archive. A tiny archive can expand to gigabytes (a "zip bomb") and take a
# worker down, so every archive is measured from its directory before anything is decompressed.
# Python's zipfile never yields more than a member's declared size (and fails on a CRC mismatch),
# so bounding the declared sizes bounds what any reader (python-docx, openpyxl) will expand.
ZIP_MAX_ENTRIES = 1000
# Text parts compress 5-20 times, a sheet of repeated values up to ~100; far beyond is a bomb.
ZIP_MAX_RATIO = 200
# The ratio is only judged on members big enough to matter.
ZIP_RATIO_FLOOR = 1024 * 1024
CONTENT_TYPES_MAX_BYTES = 1024 * 1024


def check_archive(data: bytes, name: str = "", *, limit: int | None = None) -> zipfile.ZipFile:
    """The zip archive in `data`, opened, when it stays within the bounds; ValidationError when it
    would expand beyond them. zipfile.BadZipFile when it is not a zip at all. `limit` replaces
    UPLOAD_MAX_EXPANDED_BYTES where a bigger file is expected (the activity import's sheets)."""
    limit = settings.UPLOAD_MAX_EXPANDED_BYTES if limit is None else limit
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    total = 0
    bomb = len(entries) > ZIP_MAX_ENTRIES
    for info in entries:
        total += info.file_size
        if (
            info.file_size > limit
            or total > limit
            or (
                info.file_size > ZIP_RATIO_FLOOR
                and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)
            )
        ):
            bomb = True
        if bomb:
            break
    if bomb:
        archive.close()
        raise ValidationError(
            _(
                "Tệp “%(name)s” là tệp nén bất thường (giải nén ra quá lớn hoặc quá nhiều phần, "
                "giới hạn %(max)s): không nhận. Hãy mở tệp bằng Word hoặc Excel rồi lưu lại."
            )
            % {"name": name or _("tải lên"), "max": filesizeformat(limit)},
            code="zip_bomb",
        )
    return archive


def detect(data: bytes, name: str = "") -> FileType | None:
    """The type of a file from its first bytes (and, for Office files, the zip's declared parts).
    ValidationError for an archive that would expand beyond the bounds (check_archive)."""
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
            with check_archive(data, name) as archive, archive.open("[Content_Types].xml") as part:
                types = part.read(CONTENT_TYPES_MAX_BYTES).decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError, EOFError, NotImplementedError, RuntimeError):
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
    kind = detect(data, upload.name)
    if kind not in allowed:
        raise ValidationError(message, code="upload")
    return data, kind
