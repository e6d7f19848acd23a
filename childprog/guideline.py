"""The program's reference data, from Guideline 39-HD/TĐTN-BTH of 14/04/2014 (Section II), and
copying a program's structure into a new program (the 2021–2030 program was made that way)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from .models import ContentArea, Indicator, Movement, Program, TargetGroup

PROGRAM_2013 = {
    "code": "ctr-2013-2020",
    "name": "Chương trình hành động vì trẻ em tỉnh Cao Bằng giai đoạn 2013 - 2020",
    "start": date(2013, 1, 1),
    "end": date(2020, 12, 31),
    "source_document": "Chương trình số 3997/CTr-UBND; Hướng dẫn số 39 HD/TĐTN-BTH ngày 14/4/2014",
}

# (number, short name, full name, [(kind, movement name)], [(code, name, measure)])
CONTENT_AREAS = [
    (
        1,
        "Truyền thông, vận động",
        "Đẩy mạnh các hoạt động truyền thông vận động chính sách, vận động xã hội và chuyển đổi "
        "hành vi thực hiện quyền trẻ em và các mục tiêu trẻ em",
        [
            ("subkind", "Tuyên truyền vận động chính sách"),
            ("subkind", "Tuyên truyền vận động xã hội hóa"),
            ("subkind", "Tuyên truyền thay đổi hành vi"),
        ],
        [
            ("sessions", "Số buổi tuyên truyền", "count"),
            ("people_reached", "Số lượt người được tuyên truyền", "people"),
            ("articles", "Số tin, bài đăng tải", "count"),
        ],
    ),
    (
        2,
        "Phúc lợi xã hội",
        "Thực hiện chính sách phúc lợi xã hội dành cho trẻ em",
        [
            ("movement", "Vòng tay bạn bè"),
            ("movement", "Hũ gạo tình thương"),
            ("movement", "Quỹ vì bạn nghèo"),
            ("movement", "Thắp sáng ước mơ thiếu nhi Việt Nam"),
            ("movement", "Giúp bạn đến trường"),
            ("event", "Thăm, tặng quà Tết thiếu nhi 1/6"),
            ("event", "Thăm, tặng quà Trung thu"),
            ("model", "Bạn giúp bạn"),
            ("model", "Phụ trách tình nguyện"),
            ("subkind", "Giúp trẻ em tiếp cận y tế, giáo dục, dinh dưỡng, nhà ở, vệ sinh"),
        ],
        [
            ("scholarships", "Số suất học bổng", "count"),
            ("children_supported", "Số trẻ em được hỗ trợ thường xuyên", "people"),
        ],
    ),
    (
        3,
        "Năng lực cán bộ Đoàn, Đội",
        "Nâng cao năng lực đội ngũ cán bộ Đoàn, Đội làm việc với trẻ em",
        [
            ("event", "Tập huấn kỹ năng làm việc với trẻ em"),
            ("event", "Tập huấn về quyền trẻ em, bảo vệ trẻ em"),
        ],
        [
            ("courses", "Số lớp tập huấn", "count"),
            ("officers_trained", "Số cán bộ Đoàn, Đội được tập huấn", "people"),
        ],
    ),
    (
        4,
        "Sân chơi, giáo dục",
        "Tổ chức các hoạt động tạo sân chơi giáo dục lành mạnh, bổ ích cho trẻ em",
        [
            ("movement", "Đại hội Cháu ngoan Bác Hồ"),
            ("movement", "Thắp sáng ước mơ tuổi trẻ Việt Nam"),
            ("event", "Tết thiếu nhi 1/6"),
            ("event", "Sân chơi ngày hè"),
            ("event", "Đêm hội trăng rằm"),
            ("model", "Kết nghĩa, đỡ đầu trung tâm bảo trợ, phục hồi chức năng"),
            ("event", "Thăm hỏi, tặng quà trẻ em khuyết tật, mồ côi, con gia đình chính sách"),
        ],
        [
            ("events", "Số hoạt động, sân chơi tổ chức", "count"),
            ("playgrounds_built", "Số sân chơi, điểm vui chơi được xây dựng", "count"),
            ("centres_twinned", "Số trung tâm, trường được kết nghĩa, đỡ đầu", "count"),
        ],
    ),
]

# The core indicators every content area records: (code, name, measure, part_of, by_target_group)
CORE_INDICATORS = [
    ("children", "Số trẻ em được hưởng lợi", "people", None, True),
    ("girls", "Trong đó: trẻ em gái", "people", "children", False),
    ("ethnic_children", "Trong đó: trẻ em dân tộc thiểu số", "people", "children", False),
    ("participants", "Số đoàn viên, thanh niên, người lớn tham gia", "people", None, False),
    ("gifts", "Số suất quà", "count", None, False),
    ("gift_value", "Giá trị quà (đồng)", "vnd", None, False),
    ("money", "Tiền và hiện vật vận động được (đồng)", "vnd", None, False),
]

TARGET_GROUPS = [
    ("especially_difficult", "Trẻ em có hoàn cảnh đặc biệt khó khăn"),
    ("poor", "Trẻ em nghèo"),
    ("low_income", "Trẻ em gia đình thu nhập thấp"),
    ("ethnic_minority", "Trẻ em dân tộc thiểu số"),
    ("remote_border", "Trẻ em vùng sâu, vùng xa, biên giới"),
    ("disabled", "Trẻ em khuyết tật"),
    ("orphans", "Trẻ em mồ côi"),
    ("policy_families", "Con em gia đình chính sách"),
]


@transaction.atomic
def load_guideline() -> Program:
    """Create (or complete) the 2013–2020 program from the guideline. Idempotent."""
    program, _ = Program.objects.get_or_create(code=PROGRAM_2013["code"], defaults=PROGRAM_2013)
    for order, (code, name, measure, part_of, by_group) in enumerate(CORE_INDICATORS):
        Indicator.objects.get_or_create(
            program=program,
            code=code,
            defaults={
                "name": name,
                "measure": measure,
                "order": order,
                "by_target_group": by_group,
                "part_of": Indicator.objects.get(program=program, code=part_of) if part_of else None,
            },
        )
    for number, short, name, movements, indicators in CONTENT_AREAS:
        area, _ = ContentArea.objects.get_or_create(
            program=program, number=number, defaults={"name": name, "short_name": short}
        )
        for order, (kind, mname) in enumerate(movements):
            Movement.objects.get_or_create(
                content_area=area, name=mname, defaults={"kind": kind, "order": order}
            )
        for order, (code, iname, measure) in enumerate(indicators, start=10):
            Indicator.objects.get_or_create(
                program=program,
                code=code,
                defaults={"name": iname, "measure": measure, "content_area": area, "order": order},
            )
    for order, (code, name) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.get_or_create(program=program, code=code, defaults={"name": name, "order": order})
    return program


@transaction.atomic
def copy_program(source: Program, *, code: str, name: str, start: date, end: date) -> Program:
    """A new program with the structure of `source`: content areas, movements, indicators and
    target groups. Records are not copied; they belong to the program whose dates cover them.

    Raises ValidationError (nothing saved) when the code is taken, the dates are reversed or they
    overlap another program's: every day belongs to one program at most."""
    new = Program(
        code=code.strip(),
        name=name.strip(),
        start=start,
        end=end,
        boundaries=source.boundaries,
        copied_from=source,
    )
    new.full_clean()
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as e:
        # Another program was saved over the same dates meanwhile (PostgreSQL's exclusion
        # constraint): the same answer as clean() would have given.
        new.pk = None
        new.full_clean()
        raise ValidationError(gettext("Thời gian này trùng với một chương trình khác.")) from e
    areas = {}
    for area in source.content_areas.all():
        areas[area.pk] = ContentArea.objects.create(
            program=new,
            number=area.number,
            name=area.name,
            short_name=area.short_name,
            description=area.description,
        )
        Movement.objects.bulk_create(
            Movement(content_area=areas[area.pk], kind=m.kind, name=m.name, order=m.order)
            for m in area.movements.all()
        )
    copied = {}
    # Parents first, so "of which" indicators point at their copied parent.
    for ind in sorted(source.indicators.all(), key=lambda i: (i.part_of_id is not None, i.pk)):
        copied[ind.pk] = Indicator.objects.create(
            program=new,
            content_area=areas.get(ind.content_area_id),
            code=ind.code,
            name=ind.name,
            measure=ind.measure,
            part_of=copied.get(ind.part_of_id),
            by_target_group=ind.by_target_group,
            order=ind.order,
        )
    TargetGroup.objects.bulk_create(
        TargetGroup(program=new, code=g.code, name=g.name, order=g.order) for g in source.target_groups.all()
    )
    return new


def open_period(program: Program, kind: str, year: int, number: int = 1, *, due_date=None, by=None):
    """Open (or return the already opened) period of a program, with boundaries computed from the
    program's rule. The due date defaults to five days after the period's last day.

    Raises ValidationError (nothing saved) when the period lies outside the program's years. A
    period is its dates: asking again for the same span returns the period already opened, even if
    it was opened under another number."""
    from datetime import timedelta

    from .models import Period
    from .periods import period_bounds, program_review_bounds

    if kind in (Period.Kind.MIDTERM, Period.Kind.FINAL):
        start, end = program_review_bounds(kind, program.start, program.end, program.boundaries)
        year, number = end.year, 1
    else:
        if kind not in (Period.Kind.MONTHLY, Period.Kind.QUARTERLY):
            number = 1  # one six-month, nine-month or annual period a year: the number is not a span
        start, end = period_bounds(kind, year, number, program.boundaries)
    message = program.period_outside(kind, year, start, end)
    if message:
        raise ValidationError(message)
    try:
        with transaction.atomic():
            period, _ = Period.objects.get_or_create(
                program=program,
                kind=kind,
                start=start,
                end=end,
                defaults={
                    "year": year,
                    "number": number,
                    "due_date": due_date or end + timedelta(days=5),
                    "opened_by": by,
                },
            )
    except IntegrityError:
        # Opened at the same moment by someone else (the unique span): theirs is the period.
        # Or opened under this number before the program's boundaries were changed: that one.
        period = Period.objects.filter(
            program=program, kind=kind, start=start, end=end
        ).first() or Period.objects.get(program=program, kind=kind, year=year, number=number)
    return period
