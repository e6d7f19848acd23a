"""Sums and counts of records read from the summary tables (docs/tally.md).

FigureTally and RecordTally hold, per unit, half-month, content area (and indicator or
movement), the sums of figure totals and the number of records. Database triggers written in
reports/migrations/0004_tally.py keep them exact on every write; nothing here writes them but
`rebuild`.

A date range is served by the calendar years lying wholly inside it, then the half-months, plus
a live query over the days left at either edge (at most 14 days each side), so any range is
exact:

    part = split(start, end)        # part.years, part.buckets: [(first, last)], part.edges: [(d1, d2)]
    figure_sums(unit_ids, start, end, group=("indicator_id",), ...)   # {group key: (total, figures)}
    record_count(unit_ids, start, end, ...)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from .models import FigureTally, RecordTally

# The bucket of a day, as in the triggers: the 1st to the 14th belong to the 1st, the 15th to
# the month's end to the 15th.


def bucket_of(day: date) -> date:
    return day.replace(day=1 if day.day < 15 else 15)


def next_bucket(day: date) -> date:
    """The first day of the half-month after the one `day` falls in."""
    if day.day < 15:
        return day.replace(day=15)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Split:
    years: tuple[int | None, int | None] | None  # first and last calendar year wholly inside
    buckets: list[tuple[date, date]]  # (first, last) half-months wholly inside, outside those years
    edges: list[tuple[date | None, date | None]]  # day ranges to read live


def _halves(start: date | None, end: date | None) -> tuple[list, list]:
    """The half-months wholly inside [start, end] as one (first, last) pair, and the edge days."""
    first = start if start is None or bucket_of(start) == start else next_bucket(start)
    after = None if end is None else end + timedelta(days=1)
    stop = after if after is None or bucket_of(after) == after else bucket_of(after)  # exclusive
    if first is not None and stop is not None and first >= stop:
        return [], [(start, end)]
    edges = []
    if start is not None and first != start:
        edges.append((start, first - timedelta(days=1)))
    if end is not None and stop != after:
        edges.append((stop, end))
    return [(first, None if stop is None else bucket_of(stop - timedelta(days=1)))], edges


def split(start: date | None, end: date | None) -> Split:
    """[start, end] (either open when None) as whole calendar years, then whole half-months,
    then the edge days."""
    first_year = None if start is None else start.year + (0 if (start.month, start.day) == (1, 1) else 1)
    last_year = None if end is None else end.year - (0 if (end.month, end.day) == (12, 31) else 1)
    if first_year is not None and last_year is not None and first_year > last_year:
        return Split(None, *_halves(start, end))
    buckets, edges = [], []
    if start is not None and start.year < first_year:
        b, e = _halves(start, date(first_year - 1, 12, 31))
        buckets, edges = buckets + b, edges + e
    if end is not None and end.year > last_year:
        b, e = _halves(date(last_year + 1, 1, 1), end)
        buckets, edges = buckets + b, edges + e
    return Split((first_year, last_year), buckets, edges)


def _in_summary(part: Split) -> Q | None:
    """The summary rows of a split: its years' rows and its half-months' rows."""
    q = Q(pk__in=[])
    if part.years is not None:
        first, last = part.years
        years = Q(whole_year=True)
        if first is not None:
            years &= Q(bucket__gte=date(first, 1, 1))
        if last is not None:
            years &= Q(bucket__lte=date(last, 1, 1))
        q |= years
    for first, last in part.buckets:
        halves = Q(whole_year=False)
        if first is not None:
            halves &= Q(bucket__gte=first)
        if last is not None:
            halves &= Q(bucket__lte=last)
        q |= halves
    return None if part.years is None and not part.buckets else q


def _in_days(edge) -> Q:
    start, end = edge
    q = Q()
    if start is not None:
        q &= Q(end_date__gte=start)
    if end is not None:
        q &= Q(end_date__lte=end)
    return q


def _narrow(qs, unit_ids, area_ids, **more):
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    if area_ids is not None:
        qs = qs.filter(content_area_id__in=list(area_ids))
    return qs.filter(**{k: v for k, v in more.items() if v is not None})


def figure_sums(
    unit_ids,
    start: date | None,
    end: date | None,
    *,
    group: tuple[str, ...],
    area_ids=None,
    indicator_ids=None,
    by_year: bool = False,
) -> dict[tuple, tuple[int, int]]:
    """{group values (+ calendar year first when by_year): (sum of totals, number of figures)} of
    the figure totals (no target group) dated start..end, in one query (UNION ALL of the
    summary's buckets and the live edge days). group names columns both tables have: unit_id,
    content_area_id, indicator_id."""
    from activities.models import Figure

    part = split(start, end)
    more = {"indicator_id__in": None if indicator_ids is None else list(indicator_ids)}
    selects = []
    summary = _in_summary(part)
    if summary is not None:
        qs = _narrow(FigureTally.objects.filter(summary), unit_ids, area_ids, **more)
        if by_year:
            qs = qs.annotate(year=ExtractYear("bucket"))
        cols = (("year",) if by_year else ()) + group
        selects.append(qs.values_list(*cols).annotate(t=Sum("total"), n=Sum("figures")).order_by())
    for edge in part.edges:
        qs = _narrow(
            Figure.objects.filter(_in_days(edge), target_group__isnull=True), unit_ids, area_ids, **more
        )
        if by_year:
            qs = qs.annotate(year=ExtractYear("end_date"))
        cols = (("year",) if by_year else ()) + group
        selects.append(qs.values_list(*cols).annotate(t=Sum("value"), n=Count("id")).order_by())
    rows = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    out: dict[tuple, tuple[int, int]] = {}
    for *key, total, figures in rows:
        t, n = out.get(tuple(key), (0, 0))
        out[tuple(key)] = (t + int(total or 0), n + int(figures or 0))
    # A key whose figures were all deleted stays in the summary with nothing in it.
    return {key: value for key, value in out.items() if value[1]}


def record_count(unit_ids, start: date | None, end: date | None, *, area_ids=None, movement_ids=None) -> int:
    """The number of records dated start..end (one query for the buckets, one per edge)."""
    from activities.models import Activity

    part = split(start, end)
    parts = []
    summary = _in_summary(part)
    if summary is not None:
        parts.append((RecordTally.objects.filter(summary), Sum("records")))
    parts += [(Activity.objects.filter(_in_days(edge)), Count("id")) for edge in part.edges]
    count = 0
    for qs, measure in parts:
        qs = _narrow(qs, unit_ids, area_ids)
        if movement_ids is not None:
            qs = qs.filter(movement_id__in=list(movement_ids))
        count += qs.aggregate(n=measure)["n"] or 0
    return count


# -- checking and rebuilding (manage.py tally) -------------------------------------------------
def _bucket_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"reports_bucket({column})"
    return (
        f"date({column}, 'start of month', CASE WHEN CAST(strftime('%d', {column}) AS INTEGER) >= 15 "
        "THEN '+14 days' ELSE '+0 days' END)"
    )


def _live_sql() -> tuple[str, str]:
    levels = [("0", _bucket_sql("end_date")), ("1", _year_sql("end_date"))]
    figures = " UNION ALL ".join(
        f"SELECT unit_id, {flag} AS whole_year, {b} AS bucket, content_area_id, indicator_id, SUM(value) AS total, "
        "COUNT(*) AS figures FROM activities_figure WHERE target_group_id IS NULL GROUP BY 1, 2, 3, 4, 5"
        for flag, b in levels
    )
    records = " UNION ALL ".join(
        f"SELECT unit_id, {flag} AS whole_year, {b} AS bucket, content_area_id, COALESCE(movement_id, 0) AS movement_id, "
        "COUNT(*) AS records FROM activities_activity GROUP BY 1, 2, 3, 4, 5"
        for flag, b in levels
    )
    return figures, records


def _year_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"make_date(extract(year FROM {column})::int, 1, 1)"
    return f"date({column}, 'start of year')"


def differences() -> dict[str, int]:
    """{table: number of keys where the summary and the live sums differ} (zero rows of the
    summary count as absent)."""
    figures, records = _live_sql()
    checks = {
        "figures": (
            figures,
            "SELECT unit_id, CASE WHEN whole_year THEN 1 ELSE 0 END, bucket, content_area_id, indicator_id, total, "
            "figures FROM reports_figuretally "
            "WHERE total <> 0 OR figures <> 0",
        ),
        "records": (
            records,
            "SELECT unit_id, CASE WHEN whole_year THEN 1 ELSE 0 END, bucket, content_area_id, movement_id, records "
            "FROM reports_recordtally "
            "WHERE records <> 0",
        ),
    }
    out = {}
    with connection.cursor() as cursor:
        for name, (live, kept) in checks.items():
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT * FROM ({live}) AS l EXCEPT SELECT * FROM ({kept}) AS k "
                f"UNION ALL SELECT * FROM (SELECT * FROM ({kept}) AS k2 EXCEPT SELECT * FROM ({live}) AS l2) AS d2) AS d"
            )
            out[name] = cursor.fetchone()[0]
    return out


def rebuild():
    """Refill both tables from the records and figures, with writers held off meanwhile."""
    figures, records = _live_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("LOCK TABLE activities_activity, activities_figure IN SHARE MODE")
        cursor.execute("DELETE FROM reports_figuretally")
        cursor.execute("DELETE FROM reports_recordtally")
        cursor.execute(
            "INSERT INTO reports_figuretally (unit_id, whole_year, bucket, content_area_id, indicator_id, total, figures) "
            f"SELECT unit_id, whole_year = 1, bucket, content_area_id, indicator_id, total, figures FROM ({figures}) AS l"
        )
        cursor.execute(
            "INSERT INTO reports_recordtally (unit_id, whole_year, bucket, content_area_id, movement_id, records) "
            f"SELECT unit_id, whole_year = 1, bucket, content_area_id, movement_id, records FROM ({records}) AS l"
        )
