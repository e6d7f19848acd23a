"""Demo commendations of Hòa An and Hà Quảng: collectives, an adult, and one child with the
guardian's and the child's consent recorded. Idempotent (keyed by decision number)."""

from datetime import date

from activities.models import Activity
from childprog.models import Unit, User

from .models import Commendation

DEMO = [
    (
        "quang-hoa",
        "09-QĐ/HĐTN",
        date(2024, 5, 31),
        "district",
        "certificate_of_merit",
        "collective",
        "Liên đội Trường TH Tà Lùng",
        "Đoàn thị trấn Tà Lùng",
        "Tổ chức tốt Ngày hội thiếu nhi vui khỏe năm 2024",
        None,
    ),
    (
        "quang-hoa",
        "09-QĐ/HĐTN",
        date(2024, 5, 31),
        "district",
        "certificate_of_merit",
        "individual",
        "Lương Thị Hoa",
        "Liên đội Trường TH Tà Lùng",
        "Đội viên tiêu biểu, giúp bạn vượt khó năm học 2023-2024",
        (11, date(2024, 5, 20), date(2024, 5, 20)),
    ),
    # unit, decision, date, level, form, kind, name, recipient's unit, reason, child (age, guardian, child consent)
    (
        "hoa-an",
        "25-QĐ/HĐTN",
        date(2025, 6, 5),
        "district",
        "certificate_of_merit",
        "collective",
        "Đoàn thị trấn Nước Hai",
        "",
        "Tổ chức tốt Tết thiếu nhi 1/6 và sân chơi hè cho thiếu nhi năm 2025",
        None,
    ),
    (
        "hoa-an",
        "25-QĐ/HĐTN",
        date(2025, 6, 5),
        "district",
        "certificate_of_merit",
        "individual",
        "Hoàng Thị Mai",
        "Liên đội Trường TH Nước Hai",
        "Tổng phụ trách Đội tiêu biểu năm học 2024-2025",
        None,
    ),
    (
        "hoa-an",
        "31-QĐ/HĐTN",
        date(2025, 8, 20),
        "district",
        "certificate_of_merit",
        "individual",
        "Nông Văn Khánh",
        "Liên đội Trường TH Dân Chủ",
        "Cháu ngoan Bác Hồ tiêu biểu, vượt khó học giỏi năm học 2024-2025",
        (10, date(2025, 8, 12), date(2025, 8, 12)),
    ),
    (
        "ha-quang",
        "18-QĐ/HĐTN",
        date(2025, 9, 30),
        "district",
        "certificate_of_merit",
        "collective",
        "Chi đoàn xóm Nà Sác",
        "Đoàn xã Trường Hà",
        "Thực hiện tốt mô hình “Hũ gạo tình thương”",
        None,
    ),
    (
        "cao-bang",
        "112-QĐ/TĐTN",
        date(2025, 12, 10),
        "province",
        "diploma_of_merit",
        "collective",
        "Huyện Đoàn Hòa An",
        "",
        "Hoàn thành xuất sắc Chương trình hành động vì trẻ em năm 2025",
        None,
    ),
]


def seed(stdout):
    units = {u.code: u for u in Unit.objects.filter(code__in={row[0] for row in DEMO})}
    author = User.objects.filter(username="tinhdoan").first()
    made = 0
    for code, number, day, level, form, kind, name, recipient_unit, reason, child in DEMO:
        if (
            code not in units
            or Commendation.objects.filter(decision_number=number, recipient_name=name).exists()
        ):
            continue
        age, guardian_on, child_on = child or (None, None, None)
        commendation = Commendation.objects.create(
            unit=units[code],
            decision_number=number,
            decision_date=day,
            level=level,
            form=form,
            kind=kind,
            recipient_name=name,
            recipient_unit=recipient_unit,
            reason=reason,
            is_child=child is not None,
            child_age=age,
            guardian_consent_on=guardian_on,
            child_consent_on=child_on,
            created_by=author,
        )
        linked = Activity.objects.filter(
            unit__path__startswith=units[code].path,
            content_area__number=4,
            end_date__lte=day,
            end_date__gte=date(day.year, 1, 1),
        ).order_by("-end_date")[:1]
        commendation.activities.set(linked)
        made += 1
    stdout.write(f"commendations: {made} khen thưởng mẫu mới")
