"""Benchmark (outside CI): the annual provincial roll-up over 1,000,000 generated records on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/childprog_bench .venv/bin/python bench/rollup.py [N]

Creates the database tables (migrate), loads the units and the guideline, generates N records
(default 1,000,000) with two figures each via COPY, then times rollup(province, year).
Prints the command, the row counts and the machine. Target: under one second.
"""

import io
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childprog.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main():
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://..."
    call_command("migrate", verbosity=0)
    from activities.models import Activity, Figure
    from childprog.demo import seed as seed_core
    from childprog.models import ContentArea, Indicator, Period, Unit
    from reports.rollup import rollup, rollup_for_period

    seed_core(io.StringIO(), reform=True)
    program = __import__("childprog.guideline", fromlist=["load_guideline"]).load_guideline()
    units = list(Unit.objects.values_list("pk", "valid_from", "valid_to"))
    areas = list(ContentArea.objects.filter(program=program).values_list("pk", flat=True))
    children = Indicator.objects.get(program=program, code="children").pk
    money = Indicator.objects.get(program=program, code="money").pk
    existing = Activity.objects.count()
    if existing < N:
        rng = random.Random(1)
        start = date(2014, 1, 1)
        with connection.cursor() as cur:
            cur.execute("SELECT COALESCE(MAX(id), 0) FROM activities_activity")
            next_id = cur.fetchone()[0] + 1
            acts, figs = io.StringIO(), io.StringIO()
            for i in range(N - existing):
                uid, vf, vt = rng.choice(units)
                last = min(vt or date(2025, 12, 31), date(2025, 12, 31))
                first = max(vf, start)
                day = first + timedelta(days=rng.randrange(max(1, (last - first).days + 1)))
                area = rng.choice(areas)
                aid = next_id + i
                acts.write(
                    f"{aid}\t{program.pk}\t{uid}\t{area}\tbench\t{day}\t{day}\t\t\t1\t\tf\tnow\tnow\t{{}}\tbench\tbench\tbench\n"
                )
                figs.write(f"{aid}\t{children}\t{rng.randrange(1, 200)}\t{uid}\t{day}\t{area}\n")
                figs.write(f"{aid}\t{money}\t{rng.randrange(0, 5_000_000)}\t{uid}\t{day}\t{area}\n")
            acts.seek(0)
            figs.seek(0)
            cols = "id, program_id, unit_id, content_area_id, title, start_date, end_date, place, description, version, correction_reason, corrected_after_approval, created_at, updated_at, figures_snapshot, search_text, title_sort, unit_sort"
            with cur.copy(f"COPY activities_activity ({cols}) FROM STDIN") as copy:
                copy.write(acts.read())
            with cur.copy(
                "COPY activities_figure (activity_id, indicator_id, value, unit_id, end_date, content_area_id) FROM STDIN"
            ) as copy:
                copy.write(figs.read())
            cur.execute("ANALYZE activities_figure")
    province = Unit.objects.get(code="cao-bang")
    assert rollup(province, date(2024, 1, 1), date(2024, 12, 31)).totals is not None  # warms the unit graph
    timings = []
    for _ in range(5):
        t = time.perf_counter()
        r = rollup(province, date(2024, 1, 1), date(2024, 12, 31))
        total = r.total(children)
        timings.append(time.perf_counter() - t)
    # The report page's roll-up: the same, in the period's program ids (ProgramKeys: 3 small queries
    # and a content-area filter), so a report compares with another program's year.
    period = Period(program=program, kind="year", year=2024, start=date(2024, 1, 1), end=date(2024, 12, 31))
    report_timings = []
    for _ in range(5):
        t = time.perf_counter()
        report_total = rollup_for_period(province, period).total(children)
        report_timings.append(time.perf_counter() - t)
    print(
        "command:",
        " ".join(["DATABASE_URL=" + os.environ.get("DATABASE_URL", ""), sys.executable, *sys.argv]),
    )
    print(f"records: {Activity.objects.count():,}; figures: {Figure.objects.count():,}")
    print(
        f"machine: {platform.node()} {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, Python {platform.python_version()}, {connection.vendor} {connection.pg_version}"
    )
    print(
        f"annual provincial roll-up 2024: children={total:,}; best {min(timings):.3f}s, median {sorted(timings)[2]:.3f}s"
    )
    print(
        f"annual provincial report roll-up 2024 (rollup_for_period): children={report_total:,}; "
        f"best {min(report_timings):.3f}s, median {sorted(report_timings)[2]:.3f}s"
    )


if __name__ == "__main__":
    main()
