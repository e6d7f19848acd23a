"""Rows per second and peak memory of the activity import, at 20,000 and 100,000 rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/childprog_bench_import \\
        .venv/bin/python bench/import_activities.py [rows ...]

Uses the database named by DATABASE_URL (migrated and seeded with the demo first; the imported
rows are left in place, each run uses new keys). Each file spreads its rows over every unit valid
on each day and over eleven years of days (both programs, the 2020 merges), with a filled "Lý do
điều chỉnh" so that rows in the demo's approved periods go through the correction path.

Each size runs in a fresh process, the way a request or a job would: the upload's check (read the
file once, every row rule, the database checks once per file), keeping the checked rows, and the
confirm (claim, bulk write of records, figures and history). Prints the seconds of each step,
rows/s over all three, the queries of the check and the process's peak RSS, beside the goals."""

import io
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childprog.settings")

GOAL_ROWS_PER_S = 4000
GOAL_PEAK_MB = 300
FIRST_DAY, DAYS = date(2014, 1, 1), 11 * 365  # 2014 to 2024


def setup():
    import django

    django.setup()


def build_file(rows: int, run: str, path: Path) -> None:
    from openpyxl import Workbook

    from activities.resources import BASE_COLUMNS, REASON_COLUMN, figure_columns
    from childprog.models import Movement, Program, Unit

    headers = [h for _k, h in BASE_COLUMNS] + [REASON_COLUMN[1]] + [h for _k, h in figure_columns()]
    index = {h: i for i, h in enumerate(headers)}
    units = list(Unit.objects.exclude(kind="province").order_by("path"))
    program = Program.objects.order_by("-start").first()
    movements = list(
        Movement.objects.filter(content_area__program=program, content_area__number=2).values_list(
            "name", flat=True
        )
    )
    by_day = {}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoạt động")
    sheet.append(headers)
    for i in range(rows):
        day = FIRST_DAY + timedelta(days=(i * 7) % DAYS)
        if day not in by_day:
            by_day[day] = [u.code for u in units if u.is_valid_on(day)]
        valid = by_day[day]
        text = day.strftime("%d/%m/%Y")
        row = [None] * len(headers)
        row[index["Mã dòng"]] = f"bench-{run}-{i}"
        row[index["Mã đơn vị"]] = valid[(i * 13) % len(valid)]
        row[index["Nội dung"]] = "2. Phúc lợi xã hội"
        row[index["Phong trào, mô hình"]] = movements[i % len(movements)]
        row[index["Tên hoạt động"]] = f"Trao quà cho trẻ em có hoàn cảnh khó khăn {i}"
        row[index["Ngày bắt đầu"]] = text
        row[index["Ngày kết thúc"]] = text
        row[index["Địa điểm"]] = "Nhà văn hóa xóm"
        row[index["Lý do điều chỉnh"]] = "Bổ sung theo sổ theo dõi của đơn vị"
        row[index["Số trẻ em được hưởng lợi"]] = "1.200"
        row[index["Trong đó: trẻ em gái"]] = 600
        row[index["Giá trị quà (đồng)"]] = "1.500.000"
        sheet.append(row)
    workbook.save(path)


def measure(path: Path, rows: int) -> dict:
    """In a fresh process: check, keep, confirm; the figures as JSON on stdout."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from activities import imports
    from activities.models import Activity
    from childprog.models import User

    user = User.objects.get(username="tinhdoan")
    before = Activity.objects.count()
    backend = _backend_pid(connection)
    cpu0 = _cpu_seconds(os.getpid()), _cpu_seconds(backend)
    t0 = time.perf_counter()
    data = path.read_bytes()
    with CaptureQueriesContext(connection) as queries:
        checked = imports.check_import(data, path.name, by=user)
    t1 = time.perf_counter()
    assert checked.ok, checked.errors[:5]
    pending = imports.save_pending(checked, by=user, data=data, name=path.name)
    corrections, duplicates = checked.corrections, len(checked.duplicates)
    del checked, data
    t2 = time.perf_counter()
    created = imports.confirm_pending(imports.load_pending(pending.token, by=user), by=user)
    t3 = time.perf_counter()
    cpu1 = _cpu_seconds(os.getpid()), _cpu_seconds(backend)
    assert created == rows and Activity.objects.count() == before + rows
    return {
        "cpu_python": cpu1[0] - cpu0[0],
        "cpu_postgres": (cpu1[1] - cpu0[1]) if backend else None,
        "check": t1 - t0,
        "keep": t2 - t1,
        "confirm": t3 - t2,
        "check_queries": len(queries.captured_queries),
        "corrections": corrections,
        "duplicates": duplicates,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _backend_pid(connection):
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _cpu_seconds(pid) -> float:
    """User + system CPU seconds of a local process (the server's backend too, when the database
    runs on this machine): on a shared machine, CPU time says what an idle one would take."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        setup()
        print(json.dumps(measure(Path(sys.argv[2]), int(sys.argv[3]))))
        return
    setup()
    from django.core.management import call_command
    from django.db import connection

    from childprog import demo

    sizes = [int(a) for a in sys.argv[1:]] or [20_000, 100_000]
    call_command("migrate", verbosity=0)
    demo.seed(io.StringIO())
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"database: {connection.vendor}  ({connection.settings_dict.get('NAME')})")
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for rows in sizes:
        path = Path(f"/tmp/bench-import-{rows}.xlsx")
        build_file(rows, str(int(time.time())), path)
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(path), str(rows)], capture_output=True, text=True
        )
        if out.returncode:
            print(out.stderr[-3000:])
            raise SystemExit(out.returncode)
        m = json.loads(out.stdout.strip().splitlines()[-1])
        total = m["check"] + m["keep"] + m["confirm"]
        rate = rows / total
        print(
            f"{rows:>7} rows ({path.stat().st_size / 1e6:.1f} MB XLSX, {m['corrections']} corrections, "
            f"{m['duplicates']} likely duplicates): check {m['check']:.1f} s ({m['check_queries']} queries), "
            f"keep {m['keep']:.1f} s, confirm {m['confirm']:.1f} s"
        )
        if m["cpu_postgres"] is not None:
            cpu = m["cpu_python"] + m["cpu_postgres"]
            print(
                f"        CPU: Python {m['cpu_python']:.1f} s + PostgreSQL backend {m['cpu_postgres']:.1f} s "
                f"= {rows / cpu:,.0f} rows per CPU-second (what an idle machine would do, one core)"
            )
        print(
            f"        {rate:,.0f} rows/s (goal ≥ {GOAL_ROWS_PER_S:,}: {'ok' if rate >= GOAL_ROWS_PER_S else 'MISSED'}); "
            f"peak RSS {m['peak_mb']:.0f} MB (goal < {GOAL_PEAK_MB}: {'ok' if m['peak_mb'] < GOAL_PEAK_MB else 'MISSED'})"
        )
        path.unlink()


if __name__ == "__main__":
    main()
