"""Bench data (outside CI): the demo data plus N generated records shaped like the real thing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/childprog_bench .venv/bin/python bench/data.py [N]

On PostgreSQL only. Migrates, loads the demo data (units with the 2020 and 2025 changes, both
programs, area flags, the demo users and reports), then adds generated records until the database
holds N (default 1,000,000): twelve years up to today, inserted in date order, each under the
program whose dates cover it, logged by a unit valid on its date, with the "children reached"
figure, its girls / ethnic-minority parts, one target-group "of which" figure and an indicator of
its content area; the search and sort keys written as a save would. Bulk COPY, in minutes.
Running it again with the same N does nothing.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childprog.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/childprog_bench")


def ensure_database(url: str):
    """Create the bench database when it does not exist yet (a clean machine runs `make bench`)."""
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if os.environ["DATABASE_URL"].startswith("postgres"):
    ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

YEARS = 12
CHUNK = 100_000
NULL = r"\N"  # COPY's null
TITLES = {
    1: [
        "Tuyên truyền về quyền trẻ em",
        "Truyền thông phòng chống xâm hại trẻ em",
        "Hội nghị vận động chính sách",
    ],
    2: ["Trao học bổng cho học sinh nghèo", "Tặng quà trẻ em có hoàn cảnh khó khăn", "Vận động ủng hộ áo ấm"],
    3: ["Tập huấn kỹ năng cho phụ trách Đội", "Bồi dưỡng cán bộ Đoàn làm công tác thiếu nhi"],
    4: ["Sân chơi cuối tuần cho thiếu nhi", "Đêm hội trăng rằm", "Ngày hội thiếu nhi vui khỏe"],
}


def bench_database_url() -> str:
    return os.environ["DATABASE_URL"]


def ensure_demo():
    from childprog.models import User

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="tinhdoan").exists():
        call_command("seed_demo", reform=True, force=True, stdout=io.StringIO())


def ensure_records(n: int, *, stdout=sys.stdout) -> float:
    """Generate records until there are n; returns the seconds it took (0 when nothing to do)."""
    from activities.models import Activity
    from childprog.models import ContentArea, Indicator, Movement, Program, TargetGroup, Unit
    from childprog.text import search_key, sort_key

    existing = Activity.objects.count()
    if existing >= n:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(8)
    today = date.today()
    first = date(today.year - YEARS + 1, 1, 1)
    days = (today - first).days + 1
    # Date order: draw every date first, then walk them sorted, as a province logs over time.
    dates = sorted(first + timedelta(days=rng.randrange(days)) for _ in range(n - existing))
    programs = list(Program.objects.order_by("start"))
    areas = {(a.program_id, a.number): a for a in ContentArea.objects.all()}
    movements: dict[int, list] = {}
    for m in Movement.objects.all():
        movements.setdefault(m.content_area_id, []).append(m)
    indicators = {(i.program_id, i.code): i for i in Indicator.objects.all()}
    by_area: dict[int, list] = {}
    for i in Indicator.objects.filter(content_area__isnull=False):
        by_area.setdefault(i.content_area_id, []).append(i)
    groups = {p.pk: list(TargetGroup.objects.filter(program=p)) for p in programs}
    units = list(Unit.objects.exclude(kind=Unit.Kind.PROVINCE))
    pools: dict[date, list] = {}
    unit_keys = {u.pk: (u.name, sort_key(u.name)) for u in units}

    def pool(day):
        # The units valid on a day change only on a few dates: cache per (valid set) boundary.
        key = max((b for b in boundaries if b <= day), default=first)
        if key not in pools:
            pools[key] = [u for u in units if u.is_valid_on(day)]
        return pools[key]

    boundaries = sorted(
        {u.valid_from for u in units} | {u.valid_to + timedelta(days=1) for u in units if u.valid_to}
    )
    acts_cols = (
        "id, program_id, unit_id, content_area_id, movement_id, title, start_date, end_date, place, "
        "description, version, correction_reason, corrected_after_approval, created_at, updated_at, "
        "figures_snapshot, search_text, title_sort, unit_sort"
    )
    fig_cols = "activity_id, indicator_id, target_group_id, value, unit_id, end_date, content_area_id"
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM activities_activity")
        next_id = cur.fetchone()[0] + 1
        for offset in range(0, len(dates), CHUNK):
            acts, figs = io.StringIO(), io.StringIO()
            for j, day in enumerate(dates[offset : offset + CHUNK]):
                aid = next_id + offset + j
                program = next(p for p in reversed(programs) if p.start <= day)
                unit = rng.choice(pool(day))
                number = rng.choice([1, 2, 2, 3, 4, 4])
                area = areas[(program.pk, number)]
                movement = rng.choice(movements.get(area.pk, [None]))
                title = f"{rng.choice(TITLES[number])} {day.month}/{day.year}"
                if movement is not None and rng.random() < 0.5:
                    title = f"{movement.name} năm {day.year}"
                children = rng.randrange(5, 400)
                girls = children * rng.randrange(35, 60) // 100
                ethnic = children * rng.randrange(50, 95) // 100
                group = rng.choice(groups[program.pk])
                in_group = children * rng.randrange(5, 60) // 100
                extra = rng.choice(by_area.get(area.pk, [None]) or [None])
                extra_value = rng.randrange(1, 30) if extra else 0
                snapshot = {"children": children, "girls": girls, "ethnic_children": ethnic}
                snapshot[f"children/{group.code}"] = in_group
                values = [
                    (indicators[(program.pk, "children")].pk, None, children),
                    (indicators[(program.pk, "girls")].pk, None, girls),
                    (indicators[(program.pk, "ethnic_children")].pk, None, ethnic),
                    (indicators[(program.pk, "children")].pk, group.pk, in_group),
                ]
                if extra:
                    values.append((extra.pk, None, extra_value))
                    snapshot[extra.code] = extra_value
                if number == 2:
                    money = rng.randrange(1, 500) * 10_000
                    values.append((indicators[(program.pk, "money")].pk, None, money))
                    snapshot["money"] = money
                unit_name, unit_sort = unit_keys[unit.pk]
                # The record's search text as Activity.save writes it (place and description empty).
                search = search_key(title, unit_name, movement.name if movement else "")
                acts.write(
                    f"{aid}\t{program.pk}\t{unit.pk}\t{area.pk}\t{movement.pk if movement else NULL}\t"
                    f"{title}\t{day}\t{day}\t\t\t1\t\tf\tnow\tnow\t{json.dumps(snapshot)}\t"
                    f"{search}\t{sort_key(title)}\t{unit_sort}\n"
                )
                for indicator_id, group_id, value in values:
                    g = NULL if group_id is None else group_id
                    figs.write(f"{aid}\t{indicator_id}\t{g}\t{value}\t{unit.pk}\t{day}\t{area.pk}\n")
            with cur.copy(f"COPY activities_activity ({acts_cols}) FROM STDIN") as copy:
                copy.write(acts.getvalue())
            with cur.copy(f"COPY activities_figure ({fig_cols}) FROM STDIN") as copy:
                copy.write(figs.getvalue())
            print(f"  {offset + CHUNK:,} records written", file=stdout, flush=True)
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('activities_activity', 'id'), MAX(id)) FROM activities_activity"
        )
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('activities_figure', 'id'), MAX(id)) FROM activities_figure"
        )
        cur.execute("ANALYZE activities_activity")
        cur.execute("ANALYZE activities_figure")
    return time.perf_counter() - started


def row_counts() -> str:
    from activities.models import Activity, Figure
    from childprog.models import Unit

    return f"records: {Activity.objects.count():,}; figures: {Figure.objects.count():,}; units: {Unit.objects.count()}"


def main():
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://..."
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    ensure_demo()
    seconds = ensure_records(n)
    print(f"generated in {seconds:.0f}s; {row_counts()}")


if __name__ == "__main__":
    main()
