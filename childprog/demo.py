"""Demo data of the core: the Cao Bằng units, the guideline's program and its 2021–2030 copy, and
one demo user per role. Deterministic and idempotent."""

from datetime import date
from pathlib import Path

from django.conf import settings

from .guideline import copy_program, load_guideline
from .models import Membership, Program, Role, Unit, UnitFlag, User
from .resources import import_units, read_dataset

DEMO_PASSWORD = "demo-CaoBang-2026"
UNITS_FILE = "cao-bang-units.csv"
REFORM_FILE = "cao-bang-reform-2025.csv"

# username, full name, unit code, role
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống", None, None),
    ("tinhdoan", "Nông Thị Lan (Ban Thanh thiếu nhi trường học)", "cao-bang", Role.PROVINCIAL_STAFF),
    ("hoaan", "Hoàng Văn Minh (Huyện Đoàn Hòa An)", "hoa-an", Role.DISTRICT_OFFICER),
    ("haquang", "Lục Thị Hà (Huyện Đoàn Hà Quảng)", "ha-quang", Role.DISTRICT_OFFICER),
    ("quanghoa", "Đàm Văn Phúc (Huyện Đoàn Quảng Hòa)", "quang-hoa", Role.DISTRICT_OFFICER),
    ("nuochai", "Bế Thị Thu (Đoàn thị trấn Nước Hai)", "hoa-an-tt", Role.GRASSROOTS_OFFICER),
    ("ubndtinh", "Văn phòng UBND tỉnh", "cao-bang", Role.REPORT_READER),
]


def data_dir() -> Path:
    """The shared Cao Bằng data files (beside the checkout), or the copies shipped in the repo."""
    for candidate in (settings.BASE_DIR.parent / "shared" / "data", settings.BASE_DIR / "childprog" / "data"):
        if (candidate / UNITS_FILE).exists():
            return candidate
    raise FileNotFoundError(UNITS_FILE)


def seed(stdout, *, reform=False):
    for name in [UNITS_FILE] + ([REFORM_FILE] if reform else []):
        result, errors = import_units(read_dataset(data_dir() / name))
        if errors:
            raise RuntimeError(errors)
        stdout.write(f"{name}: {result.totals['new']} đơn vị mới, {result.totals['update']} cập nhật")
    # The province's document heading as the guideline prints it (docs/documents.md);
    # the province's unit files carry no heading column.
    Unit.objects.filter(code="cao-bang", heading="").update(
        heading="BCH ĐOÀN TỈNH CAO BẰNG", symbol="TĐTN-BTH"
    )
    _seed_area_flags()
    program = load_guideline()
    if not Program.objects.filter(code="ctr-2021-2030").exists():
        copy_program(
            program,
            code="ctr-2021-2030",
            name="Chương trình hành động vì trẻ em tỉnh Cao Bằng giai đoạn 2021 - 2030",
            start=date(2021, 1, 1),
            end=date(2030, 12, 31),
        )
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for _, _, c, _ in DEMO_USERS if c])}
    for username, full_name, unit_code, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": full_name.split(" (")[0],
                "is_staff": role is None,
                "is_superuser": role is None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role:
            Membership.objects.get_or_create(user=user, unit=units[unit_code], role=role)


def print_users(stdout):
    stdout.write(f"\nTài khoản thử (mật khẩu chung: {DEMO_PASSWORD}):")
    for username, full_name, _unit, role in DEMO_USERS:
        stdout.write(f"  {username:<10} {Role(role).label if role else 'Quản trị'} — {full_name}")


# Demo area flags (not an official list): the districts on the border with China and their towns,
# and a few towns on an "especially difficult" list that ended with a revision at the end of 2020.
BORDER = [
    "bao-lam",
    "bao-lac",
    "ha-quang",
    "thong-nong",
    "tra-linh",
    "trung-khanh",
    "ha-lang",
    "phuc-hoa",
    "thach-an",
]
DIFFICULT_UNTIL_2020 = ["bao-lam-tt", "ha-lang-tt", "thong-nong-tt"]


def _seed_area_flags():
    units = Unit.objects.filter(valid_from__lte=date(2013, 1, 1))
    for unit in units:
        district = unit.path.split("/")[1] if unit.depth >= 1 else ""
        if district in BORDER:
            UnitFlag.objects.get_or_create(
                unit=unit,
                flag=UnitFlag.Flag.BORDER,
                valid_from=unit.valid_from,
                defaults={"valid_to": unit.valid_to, "decision": "dữ liệu mẫu"},
            )
        if unit.code in DIFFICULT_UNTIL_2020:
            UnitFlag.objects.get_or_create(
                unit=unit,
                flag=UnitFlag.Flag.DIFFICULT,
                valid_from=date(2016, 1, 1),
                defaults={"valid_to": date(2020, 12, 31), "decision": "dữ liệu mẫu"},
            )
