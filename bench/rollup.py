"""Benchmark (outside CI): the annual provincial roll-up against one hand-written SQL query
returning the same numbers, side by side in one run, on the bench data (bench/data.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/childprog_bench .venv/bin/python bench/rollup.py [N]

Generates the data first if the database holds fewer than N records (default 1,000,000). Runs the
two alternately (so a busy machine slows both alike), checks they return the same numbers, prints
the best and median times and their ratio (goal: roll-up ≤ 1.2 × the hand query), and writes both
EXPLAIN ANALYZE outputs to bench/explain-rollup-orm.txt and bench/explain-rollup-hand.txt.
"""

import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import data  # noqa: E402  (sets up Django on the bench database)
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

RUNS = 5
YEAR = 2024
GOAL_RATIO = 1.2


def hand_query(unit_id: int, start: date, end: date):
    sql = (HERE / "rollup_hand.sql").read_text()
    params = {"unit": unit_id, "start": start, "end": end}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall(), sql, params


def main():
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://..."
    from childprog.models import Unit
    from reports.rollup import Key, rollup

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    data.ensure_demo()
    data.ensure_records(n)
    province = Unit.objects.get(code="cao-bang")
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    assert rollup(province, start, end).by_row is not None  # warms the unit graph cache and the pages
    hand_query(province.pk, start, end)
    orm_times, hand_times = [], []
    for _ in range(RUNS):
        t = time.perf_counter()
        r = rollup(province, start, end)
        orm = r.by_row
        orm_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        rows, sql, params = hand_query(province.pk, start, end)
        hand_times.append(time.perf_counter() - t)
    hand = {}
    for row, area, indicator, group, total in rows:
        hand.setdefault(row, {})[Key(area, indicator, group)] = int(total)
    same = {k: v for k, v in orm.items() if v} == hand
    grouped = (
        r._figures()
        .values_list("unit_id", "content_area_id", "indicator_id", "target_group_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    (HERE / "explain-rollup-orm.txt").write_text(
        f"-- rollup(province, {start}, {end}).by_row: its one grouped query (unit rows are added into\n"
        "-- reporting rows in Python afterwards)\n" + grouped.explain(analyze=True, buffers=True) + "\n"
    )
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(line for (line,) in cur.fetchall())
    (HERE / "explain-rollup-hand.txt").write_text(
        f"-- bench/rollup_hand.sql for the province, {start} to {end}\n" + plan + "\n"
    )
    ratio_best = min(orm_times) / min(hand_times)
    ratio_median = statistics.median(orm_times) / statistics.median(hand_times)
    print(
        "command:",
        " ".join(["DATABASE_URL=" + os.environ.get("DATABASE_URL", ""), sys.executable, *sys.argv]),
    )
    print(data.row_counts())
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, PostgreSQL {connection.pg_version}"
    )
    print(f"annual provincial roll-up {YEAR}, {RUNS} runs each, alternated; same numbers: {same}")
    print(
        f"  roll-up (reports.rollup): best {min(orm_times) * 1000:.0f} ms, "
        f"median {statistics.median(orm_times) * 1000:.0f} ms"
    )
    print(
        f"  hand-written SQL        : best {min(hand_times) * 1000:.0f} ms, "
        f"median {statistics.median(hand_times) * 1000:.0f} ms"
    )
    ok = "ok" if ratio_median <= GOAL_RATIO else "OVER"
    print(
        f"  ratio roll-up / hand: best {ratio_best:.2f}x, median {ratio_median:.2f}x (goal <= {GOAL_RATIO}x) {ok}"
    )
    if not same:
        sys.exit("the roll-up and the hand-written query disagree")


if __name__ == "__main__":
    main()
