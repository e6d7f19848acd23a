"""Benchmark (outside CI): exports of every record on PostgreSQL, as the background job runs them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/childprog_bench .venv/bin/python bench/exports.py

Uses the records that bench/rollup.py generated (1,000,000 by default). It adds a user and its
jobs to that database: run it on a copy (`createdb -T childprog_bench ...`) if others share it.
For CSV and XLSX in turn, each in a fresh process so that peak memory is its own: the time to the
first CSV line (what a streamed download waits for), then the whole job (rows/s, peak RSS, file
size), then, in a third process, whether the XLSX opens (openpyxl, read-only) with every row.
Every figure is printed beside its goal. CPU is given for this process and for its PostgreSQL
backend (when the database runs on this machine): on a shared machine the wall time also counts
waiting for a core, the CPU does not.
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

CSV_FIRST_LINE_SECONDS = 1.0
CSV_ROWS_PER_SECOND = 20_000
PEAK_RSS_MB = 150


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def backend_cpu(connection) -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, if it runs here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        first = time.perf_counter() - start
        print(
            f"  CSV first line after {first:.2f} s "
            f"(goal < {CSV_FIRST_LINE_SECONDS:.0f} s: {met(first < CSV_FIRST_LINE_SECONDS)})"
        )
        lines.close()
    job = Job.objects.create(owner=user, kind="bench", title="bench", params={"format": fmt, "query": ""})
    db_cpu = backend_cpu(connection)
    cpu = time.process_time()
    start = time.perf_counter()
    exports.export_records.call(str(job.pk))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    db_cpu = None if db_cpu is None else backend_cpu(connection) - db_cpu
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.result["rows"] == total == Activity.objects.count()
    size = job.file_path.stat().st_size
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = total / seconds
    db = "n/a (not on this machine)" if db_cpu is None else f"{db_cpu:.1f} s"
    print(f"  {fmt.upper()} job: {total:,} rows in {seconds:.1f} s", end="")
    if fmt == "csv":
        print(f" = {rate:,.0f} rows/s (goal ≥ {CSV_ROWS_PER_SECOND:,}: {met(rate >= CSV_ROWS_PER_SECOND)})")
    else:
        print(f" = {rate:,.0f} rows/s (goal: completes as a job: met)")
    print(f"    CPU: this process {cpu:.1f} s, its PostgreSQL backend {db}")
    print(
        f"    peak RSS {rss:.0f} MB (goal < {PEAK_RSS_MB} MB: {met(rss < PEAK_RSS_MB)}); file {size / 1e6:.0f} MB"
    )
    if fmt == "xlsx":
        subprocess.run([sys.executable, __file__, "open", str(job.file_path), str(total)], check=True)
    job.file_path.unlink()


def open_xlsx(path: str, total: int):
    """The file a user downloads opens, with its header and every record."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    with open(path, "rb") as fh:  # a job's file is named by its id, not ".xlsx"
        book = load_workbook(fh, read_only=True)
        count = sum(1 for _row in book.active.iter_rows(values_only=True))
        book.close()
    ok = count == total + 1
    print(
        f"  XLSX opens (openpyxl, read-only): {count - 1:,} rows besides the header in "
        f"{time.perf_counter() - start:.0f} s (goal {total:,}: {met(ok)})"
    )


def main():
    from openpyxl.xml import LXML

    print("command: DATABASE_URL=... .venv/bin/python bench/exports.py")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"openpyxl writes with lxml: {'yes' if LXML else 'NO (slower)'}")
    for fmt in ("csv", "xlsx"):
        print(f"load average before {fmt.upper()}: {Path('/proc/loadavg').read_text().split()[:3]}")
        subprocess.run([sys.executable, __file__, fmt], check=True)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "open":
        open_xlsx(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1:
        run(sys.argv[1])
    else:
        main()
