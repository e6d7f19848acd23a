"""What every document of a report says: heading, number, place and date, title, recipients."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from ..models import DocumentSigner, Recipient

PLACE = "Cao Bằng"
DEFAULT_RECIPIENTS = ["Ban Thường vụ Tỉnh Đoàn (để báo cáo)", "Lưu VP"]


@dataclass
class Heading:
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    subtitle: str
    recipients: list[str]
    signer_capacity: str
    signer_title: str
    signer_name: str


def heading(report) -> Heading:
    unit = report.unit
    day = timezone.localtime(report.approved_at).date() if report.approved_at else None
    if day:
        place_date = f"{PLACE}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    else:
        place_date = f"{PLACE}, ngày .... tháng .... năm ......"
    number = (
        f"Số: {report.document_number}" if report.document_number else f"Số: ....-BC/{unit.document_symbol}"
    )
    # The body directly above the issuer, on the first line (Guideline 29-HD/TWĐTN-VP), e.g.
    # "TỈNH ĐOÀN CAO BẰNG" over "BCH HUYỆN ĐOÀN HÒA AN"; the province has none in this portal.
    parent = unit.parent.name.upper() if unit.parent_id else ""
    if report.is_provincial:
        recipients = [
            str(r) + (f" {r.note}" if r.note else "") for r in Recipient.objects.filter(active=True)
        ]
        recipients = recipients or DEFAULT_RECIPIENTS
    else:
        recipients = [f"Ban Thường vụ {unit.parent.name} (để báo cáo)", "Lưu VP"]
    signer = DocumentSigner.objects.filter(unit=unit).first() or DocumentSigner(unit=unit)
    return Heading(
        issuer_parent=parent,
        issuer=unit.document_heading,
        number=number,
        place_date=place_date,
        title="BÁO CÁO",
        subtitle=(
            f"Kết quả thực hiện Chương trình hành động vì trẻ em — {report.period.label} "
            f"(từ ngày {report.period.start:%d/%m/%Y} đến ngày {report.period.end:%d/%m/%Y})"
        ),
        recipients=recipients,
        signer_capacity=signer.capacity,
        signer_title=signer.title,
        signer_name=signer.name,
    )


def filename(report, ext: str) -> str:
    period = report.period
    return f"bao-cao-{report.unit.code}-{period.kind}-{period.year}-{period.number}.{ext}"
