"""Demo reports: periods over several years, district reports in every state, an approved provincial
report. Uses the records that activities/demo.py seeded before. Idempotent."""

from django.utils import timezone

from childprog.guideline import open_period
from childprog.models import Program, Unit, User

from .models import DocumentSigner, Recipient, Report
from .workflow import approve_report, get_or_open_report, return_report, save_draft, submit_report

RECIPIENTS = [
    ("Ban Thường vụ Trung ương Đoàn", "(để báo cáo)"),
    ("UBND tỉnh Cao Bằng", "(để báo cáo)"),
    ("Sở Lao động - Thương binh và Xã hội", "(để phối hợp)"),
    ("Thường trực Tỉnh ủy", "(để báo cáo)"),
    ("Lưu VP", ""),
]

NARRATIVE = {
    "results": "Tổ chức các hoạt động tuyên truyền, thăm tặng quà và sân chơi cho thiếu nhi theo kế hoạch.",
    "shortcomings": "Một số cơ sở vùng sâu báo cáo chậm; kinh phí vận động còn hạn chế.",
    "next_tasks": "Tiếp tục triển khai các phong trào; chuẩn bị Tết Trung thu và Tháng hành động vì trẻ em.",
    "proposals": "Đề nghị Tỉnh Đoàn hỗ trợ tập huấn kỹ năng làm việc với trẻ em cho cán bộ cơ sở.",
}


def _report(period, unit, by, state, staff):
    report = get_or_open_report(period=period, unit=unit, by=by)
    if report.status != Report.Status.DRAFT or report.results:
        return report
    report = save_draft(report, by=by, data=NARRATIVE)
    if state == "draft":
        return report
    report = submit_report(report, by=by)
    if state == "returned":
        return return_report(
            report, by=staff, reason="Đề nghị bổ sung số liệu nội dung 2 theo từng nhóm đối tượng."
        )
    if state == "approved":
        return approve_report(report, by=staff)
    return report


def seed(stdout):
    for order, (name, note) in enumerate(RECIPIENTS):
        Recipient.objects.get_or_create(name=name, defaults={"note": note, "order": order})
    program = (
        Program.objects.filter(code="ctr-2021-2030").first() or Program.objects.order_by("-start").first()
    )
    staff = User.objects.filter(username="tinhdoan").first()
    if program is None or staff is None:
        return
    # District reports are written by their officers, who can do so only while their district
    # exists: with the 2025 reform loaded (seed_demo --reform) the demo has provincial ones only.
    units = {
        u.code: u
        for u in Unit.objects.filter(parent__isnull=True) | Unit.objects.filter(kind__in=["district", "city"])
        if u.is_current
    }
    officers = {u.username: u for u in User.objects.filter(username__in=["hoaan", "haquang", "quanghoa"])}
    # Periods up to the current year, so a newcomer finds the period officers are reporting now.
    this_year = min(timezone.localdate().year, program.end.year)
    for year in range(2021, this_year + 1):
        open_period(program, "year", year, by=staff)
        open_period(program, "half", year, by=staff)
    for year in range(2025, this_year + 1):
        for q in (1, 2, 3, 4):
            open_period(program, "quarter", year, q, by=staff)
    open_period(program, "midterm", 0, by=staff)
    last = open_period(program, "year", 2024, by=staff)
    half = open_period(program, "half", 2024, by=staff)
    for code, username in (("hoa-an", "hoaan"), ("ha-quang", "haquang"), ("quang-hoa", "quanghoa")):
        if code in units and username in officers:
            _report(last, units[code], officers[username], "approved", staff)
    states = {"hoa-an": "submitted", "ha-quang": "returned", "quang-hoa": "draft"}
    for code, username in (("hoa-an", "hoaan"), ("ha-quang", "haquang"), ("quang-hoa", "quanghoa")):
        if code in units and username in officers:
            _report(half, units[code], officers[username], states[code], staff)
    province = Unit.objects.filter(parent__isnull=True).valid_on(last.end).first()
    if province is not None:
        # The signer is data (a fictional name): the document leaves room to sign above it.
        DocumentSigner.objects.get_or_create(
            unit=province, defaults={"title": "BÍ THƯ", "name": "Hoàng Thị Lan"}
        )
        _report(last, province, staff, "approved", staff)
    stdout.write(f"Báo cáo: {Report.objects.count()} báo cáo mẫu, kỳ báo cáo đến năm {this_year}")
