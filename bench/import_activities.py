"""Time the all-or-nothing import of 20,000 activity rows
(officers paste a year of a district's records at once).

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/import_activities.py [rows]

Uses the database named by DATABASE_URL (migrated first; its data is left in place). Prints the
command, the row count, the machine and the seconds for checking and for writing."""

import io
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childprog.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from activities.models import Activity  # noqa: E402
from activities.resources import BASE_COLUMNS, check_import, figure_columns, import_activities  # noqa: E402
from childprog import demo  # noqa: E402
from childprog.models import Unit, User  # noqa: E402


def build_file(rows: int, run: str) -> bytes:
    headers = [h for _k, h in BASE_COLUMNS] + [h for _k, h in figure_columns()]
    index = {h: i for i, h in enumerate(headers)}
    units = [u.code for u in Unit.objects.filter(valid_to__isnull=True).exclude(kind="province")]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoạt động")
    sheet.append(headers)
    for i in range(rows):
        row = [None] * len(headers)
        row[index["Mã dòng"]] = f"bench-{run}-{i}"
        row[index["Mã đơn vị"]] = units[i % len(units)]
        row[index["Nội dung"]] = "2. Phúc lợi xã hội"
        row[index["Phong trào, mô hình"]] = "Vòng tay bạn bè"
        row[index["Tên hoạt động"]] = f"Trao quà cho trẻ em {i}"
        row[index["Ngày bắt đầu"]] = f"{1 + i % 28:02d}/{1 + i % 12:02d}/2023"
        row[index["Ngày kết thúc"]] = f"{1 + i % 28:02d}/{1 + i % 12:02d}/2023"
        row[index["Số trẻ em được hưởng lợi"]] = "1.200"
        row[index["Trong đó: trẻ em gái"]] = 600
        row[index["Giá trị quà (đồng)"]] = "1.500.000"
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    call_command("migrate", verbosity=0)
    demo.seed(io.StringIO())
    user = User.objects.get(username="tinhdoan")
    data = build_file(rows, str(int(time.time())))
    before = Activity.objects.count()
    t0 = time.perf_counter()
    checked = check_import(data, "bench.xlsx", by=user)
    t1 = time.perf_counter()
    assert checked.ok, checked.errors[:5]
    result = import_activities(data, "bench.xlsx", by=user)
    t2 = time.perf_counter()
    assert result.created == rows and Activity.objects.count() == before + rows
    engine = django.db.connection.vendor
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"rows: {rows}  database: {engine}")
    print(
        f"machine: {platform.node()} {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"check only (preview): {t1 - t0:.1f} s")
    print(f"check + write (confirm): {t2 - t1:.1f} s")


if __name__ == "__main__":
    main()
