"""Demo records from 2014 up to today: deterministic (fixed random seed), idempotent (external keys
"demo:..."), across the four content areas and the demo units, through the 2020 merges (records on
Phục Hòa, Quảng Uyên, Thông Nông, Trà Lĩnh before 01/03/2020, on Quảng Hòa after)."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from childprog.models import ContentArea, Movement, Program, Unit, User

from .imports import bulk_create_records
from .models import Activity, NewsPost
from .services import ProgramCatalogue, figure_values
from .uploads import check_upload, store_upload

SEED = 2014
PER_YEAR = 190
FIRST_YEAR = 2014
PLACES = [
    "Nhà văn hóa xóm",
    "Trường Tiểu học",
    "Trường PTDT bán trú",
    "Sân vận động",
    "Điểm trường",
    "Nhà sinh hoạt cộng đồng",
]
TITLES = {
    1: [
        "Tuyên truyền Luật Trẻ em năm {y}",
        "Truyền thông phòng, chống xâm hại trẻ em",
        "Tuyên truyền phòng chống đuối nước cho trẻ em",
        "Nói chuyện chuyên đề về quyền trẻ em",
        "Tuyên truyền phòng chống tảo hôn",
    ],
    2: [
        "{m}",
        "Trao quà cho trẻ em có hoàn cảnh khó khăn",
        "{m} năm học {y}-{y1}",
        "Trao học bổng cho học sinh nghèo vượt khó",
    ],
    3: [
        "Tập huấn kỹ năng công tác Đội năm {y}",
        "Tập huấn kỹ năng làm việc với trẻ em",
        "Bồi dưỡng Tổng phụ trách Đội",
    ],
    4: [
        "{m} năm {y}",
        "Vui Tết Trung thu cho thiếu nhi",
        "Ngày hội thiếu nhi vui khỏe",
        "Khai mạc sân chơi hè {y}",
    ],
}


# Seasonal activities happen in their season: Mid-Autumn in September, Children's Day around 1/6,
# summer playgrounds in June–August. (words in the title or movement, first day, span in days)
SEASONS = [
    (("Trung thu", "trăng rằm"), (9, 1), 35),
    (("1/6", "vui khỏe"), (5, 25), 12),
    ((" hè",), (6, 1), 75),
]


def _in_season(text: str, end: date) -> date:
    for words, (month, day), span in SEASONS:
        if any(w in text for w in words):
            return date(end.year, month, day) + timedelta(days=end.toordinal() % span)
    return end


def _figures(rng: random.Random, area: int, catalogue: ProgramCatalogue) -> dict:
    children = rng.randrange(30, 600)
    figures = {
        ("children", None): children,
        ("girls", None): round(children * rng.uniform(0.42, 0.55)),
        ("ethnic_children", None): round(children * rng.uniform(0.8, 0.98)),
        ("participants", None): rng.randrange(8, 90),
    }
    groups = list(catalogue.groups)
    for group in rng.sample(groups, rng.randrange(0, 3)):
        figures[("children", group)] = round(children * rng.uniform(0.05, 0.6))
    if area == 1:
        figures[("sessions", None)] = rng.randrange(1, 6)
        figures[("people_reached", None)] = rng.randrange(80, 1200)
        figures[("articles", None)] = rng.randrange(0, 4)
    elif area == 2:
        gifts = rng.randrange(10, 200)
        figures[("gifts", None)] = gifts
        figures[("gift_value", None)] = gifts * rng.choice([100_000, 200_000, 300_000, 500_000])
        figures[("money", None)] = rng.randrange(5, 200) * 500_000
        figures[("scholarships", None)] = rng.randrange(0, 30)
        figures[("children_supported", None)] = rng.randrange(0, 20)
    elif area == 3:
        figures[("courses", None)] = rng.randrange(1, 3)
        figures[("officers_trained", None)] = rng.randrange(20, 120)
    else:
        figures[("events", None)] = rng.randrange(1, 5)
        figures[("playgrounds_built", None)] = rng.choice([0, 0, 0, 1])
        figures[("centres_twinned", None)] = rng.choice([0, 0, 0, 0, 1])
        figures[("gifts", None)] = rng.randrange(0, 150)
    return {k: v for k, v in figures.items() if k[0] in catalogue.indicators and v}


def seed(stdout):
    rng = random.Random(SEED)
    author = User.objects.filter(username="tinhdoan").first()
    units = [u for u in Unit.objects.exclude(kind=Unit.Kind.PROVINCE).order_by("path")]
    programs = list(Program.objects.order_by("start"))
    if not units or not programs:
        stdout.write("activities: chưa có đơn vị hoặc chương trình, bỏ qua dữ liệu mẫu")
        return
    areas = {(a.program_id, a.number): a for a in ContentArea.objects.all()}
    movements: dict[int, list[Movement]] = {}
    for m in Movement.objects.order_by("order"):
        movements.setdefault(m.content_area_id, []).append(m)
    catalogues = {p.pk: ProgramCatalogue.load(p) for p in programs}
    existing = set(
        Activity.objects.filter(external_key__startswith="demo:").values_list("external_key", flat=True)
    )
    today = timezone.localdate()
    to_create, values = [], []
    # Every year from the program's start up to today, so the current year has records too.
    for year in range(FIRST_YEAR, today.year + 1):
        for i in range(PER_YEAR):
            # Draw everything whether or not the record exists, so the sequence never shifts.
            end = date(year, 1, 1) + timedelta(days=rng.randrange(0, 365))
            length = rng.choice([0, 0, 0, 1, 2, 6])
            number = rng.choice([1, 2, 2, 4, 4, 3])
            pick, which = rng.random(), rng.random()
            key = f"demo:{year}:{i:03d}"
            if end > today:
                continue
            valid = [u for u in units if u.is_valid_on(end)]
            districts = [u for u in valid if u.level == Unit.DISTRICT_LEVEL]
            grassroots = [u for u in valid if u.level != Unit.DISTRICT_LEVEL]
            # After the 2025 reform there are no districts: communes record for themselves.
            pool = districts if districts and (pick < 0.65 or not grassroots) else grassroots
            unit = pool[int(which * len(pool))]
            program = next(p for p in reversed(programs) if p.start <= end <= p.end)
            area = areas[(program.pk, number)]
            movement = rng.choice(movements.get(area.pk, [None]))
            title = rng.choice(TITLES[number]).format(
                y=year, y1=year + 1, m=movement.name if movement else ""
            )
            if movement is not None and _in_season(movement.name, end) != end:
                title = f"{movement.name} năm {year}"
            seasonal = _in_season(f"{title} {movement.name if movement else ''}", end)
            if seasonal <= today and unit.is_valid_on(seasonal):
                end = seasonal
            figures = _figures(rng, number, catalogues[program.pk])
            place = f"{rng.choice(PLACES)}, {unit.name.split(' ', 2)[-1]}"
            if key in existing:
                continue
            by_id, snapshot = figure_values(catalogues[program.pk], figures)
            to_create.append(
                Activity(
                    program=program,
                    unit=unit,
                    content_area=area,
                    movement=movement,
                    title=title,
                    start_date=end - timedelta(days=length),
                    end_date=end,
                    place=place,
                    description="",
                    external_key=key,
                    figures_snapshot=snapshot,
                )
            )
            values.append(by_id)
    created = bulk_create_records(to_create, values, by=author) if to_create else 0
    stdout.write(f"activities: {created} hoạt động mẫu mới ({len(existing)} đã có)")
    _publish_some(author)


def _demo_photo(label: str, color: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (960, 640), color)
    draw = ImageDraw.Draw(image)
    for y in range(0, 640, 40):
        draw.line([(0, y), (960, y + 200)], fill=tuple(min(c + 25, 255) for c in color), width=8)
    draw.text((40, 560), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"{label}.jpg", out.getvalue(), content_type="image/jpeg")


def _publish_some(author):
    """A few published news posts (area 4 and 2 records of recent years), each with one photo
    without children, so the public page has something to show."""
    if NewsPost.objects.filter(activity__external_key__startswith="demo:").exists():
        return
    picks = Activity.objects.filter(
        external_key__startswith="demo:", content_area__number__in=[2, 4]
    ).order_by("-end_date", "pk")[:8]
    colors = [(46, 125, 50), (21, 101, 192), (198, 40, 40), (239, 108, 0)]
    for n, activity in enumerate(picks):
        photo = store_upload(activity, check_upload(_demo_photo(f"anh-{n + 1}", colors[n % 4])), by=author)
        post = NewsPost.objects.create(
            activity=activity,
            public_text=f"{activity.unit.name} tổ chức “{activity.title}” ngày {activity.end_date:%d/%m/%Y}, "
            "mang lại niềm vui và sự quan tâm thiết thực cho các em thiếu nhi trên địa bàn.",
            published_by=author,
            published_at=timezone.make_aware(
                timezone.datetime.combine(activity.end_date, timezone.datetime.min.time())
            )
            + timedelta(hours=17),
        )
        post.photos.set([photo])
