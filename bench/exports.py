"""Benchmark (outside CI): exports of every record on PostgreSQL, as the background job runs them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/childprog_bench .venv/bin/python bench/exports.py

Uses the records that bench/rollup.py generated (1,000,000 by default). For CSV and XLSX in turn,
each in a fresh process so that peak memory is its own: time to the first CSV line (what a
streamed download waits for), then the whole job (rows/s, peak RSS, file size). Goals: CSV
≥ 20,000 rows/s, peak memory < 150 MB whatever the size; XLSX completes up to Excel's limit.
"""

import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childprog.settings")


def run(fmt: str):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://..."
    call_command("migrate", verbosity=0)
    from activities import exports
    from activities.models import Activity
    from activities.resources import figure_columns
    from childprog.models import Membership, Role, Unit, User
    from childprog.tabular import csv_lines
    from jobs.models import Job

    user, created = User.objects.get_or_create(username="bench-export")
    if created:
        Membership.objects.create(user=user, unit=Unit.objects.get(parent=None), role=Role.PROVINCIAL_STAFF)
    qs = exports.filtered_records(user, {})
    total = qs.count()
    if fmt == "csv":
        start = time.perf_counter()
        figures = figure_columns()
        lines = csv_lines(exports.columns(figures), exports.rows(qs, figures))
        next(lines), next(lines)
        print(
            f"  CSV first line after {time.perf_counter() - start:.2f} s (goal: streams from the first second)"
        )
        lines.close()
    job = Job.objects.create(owner=user, kind="bench", title="bench", params={"format": fmt, "query": ""})
    start = time.perf_counter()
    exports.export_records.call(str(job.pk))
    seconds = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    size = job.file_path.stat().st_size
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(
        f"  {fmt.upper()} job: {total:,} rows in {seconds:.1f} s = {total / seconds:,.0f} rows/s "
        f"(this process's CPU: {cpu:.1f} s = {total / cpu:,.0f} rows per CPU-second; on a shared machine "
        f"the wall time includes waiting for a core); peak RSS {usage.ru_maxrss / 1024:.0f} MB; "
        f"file {size / 1e6:.0f} MB"
    )
    job.file_path.unlink()
    assert Activity.objects.count() == total


def main():
    print("command: DATABASE_URL=... .venv/bin/python bench/exports.py")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    for fmt in ("csv", "xlsx"):
        subprocess.run([sys.executable, __file__, fmt], check=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run(sys.argv[1])
    else:
        main()
