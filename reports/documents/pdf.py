"""PDF of the report: its DOCX converted by LibreOffice headless (Liberation Serif 2 stands in for
Times New Roman and carries the Vietnamese marks). Each run gets its own LibreOffice profile so
parallel conversions don't fight over one."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from django.utils.translation import gettext as _

from . import docx

TIMEOUT = 120


class PdfUnavailable(Exception):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def docx_to_pdf(content: bytes) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(_("Máy chủ chưa cài LibreOffice nên chưa tạo được PDF. Hãy tải bản DOCX."))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bao-cao.docx"
        src.write_bytes(content)
        profile = Path(tempfile.gettempdir()) / f"lo-{uuid.uuid4()}"
        try:
            subprocess.run(
                [
                    binary,
                    "--headless",
                    f"-env:UserInstallation=file://{profile}",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable(_("Không chuyển được sang PDF. Hãy tải bản DOCX.")) from exc
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        out = Path(tmp) / "bao-cao.pdf"
        if not out.exists():
            raise PdfUnavailable(_("Không chuyển được sang PDF. Hãy tải bản DOCX."))
        return out.read_bytes()


def render(report) -> bytes:
    return docx_to_pdf(docx.render(report))
