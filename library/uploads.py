"""Checking an uploaded document by its content, not by its name or the browser's word.

A file named .pdf that is really an executable, or a .docx that is not a Word document, is refused
before it reaches MEDIA_ROOT. Plans and other apps that take document attachments use this too.
"""

import io

from django.utils.translation import gettext as _

from childprog import files


def validate_document(uploaded) -> files.FileType:
    """Raise ValidationError unless `uploaded` is a PDF or DOCX within the size limit; return its
    type. The stored name gets the extension of the real type."""
    _data, kind = files.read_checked(
        uploaded,
        {files.PDF, files.DOCX},
        _("Chỉ nhận văn bản PDF hoặc Word (.docx); tệp này không phải PDF hay DOCX."),
    )
    stem = uploaded.name.rsplit(".", 1)[0] if "." in uploaded.name else uploaded.name
    uploaded.name = f"{stem[:80]}{kind.extension}"
    return kind


def docx_text(uploaded) -> str:
    """The paragraphs of a Word document as plain text (for the readable page). The archive is
    measured first: python-docx expands every part of it in memory."""
    from docx import Document as WordDocument

    uploaded.seek(0)
    try:
        data = uploaded.read()
        files.check_archive(data, uploaded.name).close()
        return "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)
    finally:
        uploaded.seek(0)
