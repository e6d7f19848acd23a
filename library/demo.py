"""Demo data of the library: the seed guideline 39-HD/TĐTN-BTH of 14/04/2014, with its text.
Idempotent."""

from datetime import date
from pathlib import Path

from django.conf import settings

from childprog.models import Program, Unit

from .models import Document

GUIDELINE_FILE = "guideline-39-HD-TDTN-2014.txt"


def guideline_text() -> str:
    for folder in (settings.BASE_DIR.parent / "shared" / "seed", settings.BASE_DIR / "childprog" / "data"):
        if (Path(folder) / GUIDELINE_FILE).exists():
            return (Path(folder) / GUIDELINE_FILE).read_text(encoding="utf-8")
    raise FileNotFoundError(GUIDELINE_FILE)


def seed(stdout):
    document, created = Document.objects.get_or_create(
        unit=Unit.objects.get(code="cao-bang"),
        kind=Document.Kind.GUIDELINE,
        number="39",
        symbol="TĐTN-BTH",
        issued_on=date(2014, 4, 14),
        defaults={
            "title": "Hướng dẫn thực hiện Chương trình Hành động vì trẻ em Cao Bằng giai đoạn 2013 - 2020",
            "program": Program.objects.filter(code="ctr-2013-2020").first(),
            "text": guideline_text(),
        },
    )
    if created:
        stdout.write(f"Thư viện: {document.reference}")
