"""Checking an uploaded document by its content, not by its name or the browser's word.

A file named .pdf that is really an executable, or a .docx that is not a Word document, is refused
before it reaches MEDIA_ROOT. Plans and other apps that take document attachments use this too.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF, DOCX = "pdf", "docx"


def sniff_document(uploaded) -> str | None:
    """ "pdf" or "docx" from the file's content, or None when it is neither."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def validate_document(uploaded) -> str:
    """Raise ValidationError unless `uploaded` is a PDF or DOCX within the size limit; return its
    type. The stored name gets the extension of the real type."""
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tối đa %(max)s.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    kind = sniff_document(uploaded)
    if kind is None:
        raise ValidationError(_("Chỉ nhận văn bản PDF hoặc Word (.docx); tệp này không phải PDF hay DOCX."))
    stem = uploaded.name.rsplit(".", 1)[0] if "." in uploaded.name else uploaded.name
    uploaded.name = f"{stem[:80]}.{kind}"
    return kind


def docx_text(uploaded) -> str:
    """The paragraphs of a Word document as plain text (for the readable page)."""
    from docx import Document as WordDocument

    uploaded.seek(0)
    try:
        return "\n".join(p.text for p in WordDocument(uploaded).paragraphs)
    finally:
        uploaded.seek(0)
