"""Bench (outside CI): the time and the queries of every page a user opens, through Django's test
client, at the sizes of the databases given (e.g. the demo data and 1,000,000 records).

    .venv/bin/python bench/pages.py postgres://…/childprog_bench_1k postgres://…/childprog_bench

Each database is prepared by bench/data.py. Each page is opened once to warm the caches, then
RUNS times; the median and the best server times are printed beside the goal (300 ms, 15 queries).
Runs as DEBUG=0, as in production.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
GOAL_MS, GOAL_QUERIES = 300, 15


def pages():
    """(label, username, url) of every page measured, found in the bench data."""
    from django.urls import reverse

    from activities.models import Activity
    from childprog.models import Period, Unit
    from plans.models import Plan
    from reports.models import Report

    ha_quang = Unit.objects.get(code="ha-quang")
    year = Period.objects.filter(kind="year").order_by("-end").first()
    out = [
        ("dashboard, provincial staff", "tinhdoan", reverse("reports:dashboard")),
        ("dashboard, district officer", "haquang", reverse("reports:dashboard")),
        ("activity list, provincial staff", "tinhdoan", reverse("activities:list")),
        ("activity list, district officer", "haquang", reverse("activities:list")),
        ("activity list sorted by title", "tinhdoan", reverse("activities:list") + "?sort=title"),
        ("activity list sorted by unit", "tinhdoan", reverse("activities:list") + "?sort=unit"),
        ("activity list, oldest first", "tinhdoan", reverse("activities:list") + "?sort=end_date"),
        ("activity list, search 'trung thu'", "tinhdoan", reverse("activities:list") + "?q=trung+thu"),
        (
            "activity list, one district",
            "tinhdoan",
            reverse("activities:list") + f"?unit={ha_quang.pk}&subtree=1",
        ),
        ("activity list, content area 2", "tinhdoan", reverse("activities:list") + "?content_area=2"),
        ("activity list, page 20", "tinhdoan", reverse("activities:list") + "?page=20"),
    ]
    if year:
        out.append(("activity list, one year", "tinhdoan", reverse("activities:list") + f"?period={year.pk}"))
        out.append(("period's reporting status", "tinhdoan", reverse("reports:period", args=[year.pk])))
    latest = Activity.objects.order_by("-end_date", "-pk").first()
    out.append(("activity detail", "tinhdoan", reverse("activities:detail", args=[latest.pk])))
    district = Report.objects.filter(unit__parent__isnull=False).order_by("-period__end").first()
    if district:
        out.append(("district report", "tinhdoan", reverse("reports:detail", args=[district.pk])))
    province = Report.objects.filter(unit__parent__isnull=True).order_by("-period__end").first()
    if province:
        out.append(("provincial report", "tinhdoan", reverse("reports:detail", args=[province.pk])))
    plan = Plan.objects.order_by("-pk").first()
    if plan:
        user = "tinhdoan"
        out.append(("plan progress", user, reverse("plans:detail", args=[plan.pk])))
    out.append(("districts' plan progress", "tinhdoan", reverse("plans:overview")))
    return out


def measure():
    """Runs inside a child process bound to one DATABASE_URL; prints one line per page."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childprog.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from childprog.models import User

    call_command("collectstatic", interactive=False, verbosity=0)
    from activities.models import Activity

    print(f"# {Activity.objects.count():,} records")
    clients = {}
    for label, username, url in pages():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        times, queries = [], 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t)
            queries = max(queries, len(captured))
        median = statistics.median(times) * 1000
        ok = "ok" if median < GOAL_MS and queries <= GOAL_QUERIES else "OVER"
        print(
            f"{label:38s} median {median:7.0f} ms  best {min(times) * 1000:7.0f} ms  "
            f"{queries:3d} queries  (goal < {GOAL_MS} ms, <= {GOAL_QUERIES})  {ok}   {url}",
            flush=True,
        )


def main():
    urls = sys.argv[1:] or [
        "postgres://postgres@127.0.0.1:5432/childprog_bench_1k",
        "postgres://postgres@127.0.0.1:5432/childprog_bench",
    ]
    print("command:", " ".join([sys.executable, *sys.argv]))
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "testserver,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": "/tmp/childprog-bench-static",
        "AXES_ENABLED": "0",
    }
    for url in urls:
        print(f"\n## {url.rsplit('/', 1)[-1]}", flush=True)
        subprocess.run([sys.executable, __file__, "--measure"], env={**env, "DATABASE_URL": url}, check=True)


if __name__ == "__main__":
    if "--measure" in sys.argv:
        measure()
    else:
        main()
