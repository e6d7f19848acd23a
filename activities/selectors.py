"""Reads for the pages and exports: bounded queries, sums done by the database."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef, Subquery, Sum

from childprog.models import Indicator, Succession, Unit

from .models import Activity, Figure


def with_children(qs):
    """Each record with its "children reached" total, in the same query."""
    children = Figure.objects.filter(
        activity=OuterRef("pk"), indicator__code="children", target_group__isnull=True
    ).values("value")[:1]
    return qs.annotate(children=Subquery(children))


def indicator_names() -> dict[str, tuple[str, str, int]]:
    """{code: (name, measure, order)}: the same codes in every program (programs are copies)."""
    names = {}
    for code, name, measure, area, order in Indicator.objects.order_by("-program__start").values_list(
        "code", "name", "measure", "content_area__number", "order"
    ):
        names.setdefault(code, (name, measure, ((area or 0), order)))
    return names


def totals(qs) -> list[dict]:
    """Sums of the filtered records' figures by indicator (totals only, not "of which" by group,
    which are never added across groups). One grouped query."""
    rows = (
        Figure.objects.filter(activity__in=qs.order_by().values("pk"), target_group__isnull=True)
        .values("indicator__code")
        .annotate(total=Sum("value"))
    )
    names = indicator_names()
    out = []
    for row in rows:
        name, measure, order = names.get(row["indicator__code"], (row["indicator__code"], "count", (99, 0)))
        out.append(
            {
                "code": row["indicator__code"],
                "name": name,
                "measure": measure,
                "total": row["total"],
                "order": order,
            }
        )
    return sorted(out, key=lambda r: r["order"])


def figures_by_activity(activity_ids) -> dict[int, dict[str, int]]:
    """{activity id: {"code" or "code/group": value}} in one query, for exports."""
    out: dict[int, dict[str, int]] = {}
    for activity_id, code, group, value in Figure.objects.filter(activity_id__in=activity_ids).values_list(
        "activity_id", "indicator__code", "target_group__code", "value"
    ):
        out.setdefault(activity_id, {})[f"{code}/{group}" if group else code] = value
    return out


def records_stamp() -> str:
    """A value that changes whenever a record, a figure or a unit is added, changed or deleted, read
    in one query of index look-ups (never a scan): the highest record id (new records, bulk ones
    too), the highest history id (every save and delete of a record writes a history row), the
    highest figure id (figures are rewritten, never updated in place), and the units' and
    successions' counts and last change (renames, merges)."""
    history = Activity.history.model._meta.db_table
    parts = [
        f"(SELECT MAX(id) FROM {Activity._meta.db_table})",
        f"(SELECT MAX(history_id) FROM {history})",
        f"(SELECT MAX(id) FROM {Figure._meta.db_table})",
        f"(SELECT COUNT(*) FROM {Unit._meta.db_table})",
        f"(SELECT MAX(updated_at) FROM {Unit._meta.db_table})",
        f"(SELECT COUNT(*) FROM {Succession._meta.db_table})",
        f"(SELECT MAX(updated_at) FROM {Succession._meta.db_table})",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        raw = "|".join(str(v) for v in cursor.fetchone())
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def list_summary(qs) -> tuple[int, list[dict]]:
    """(number of records, totals) of the filtered list, computed once per state of the data: over
    a province's million records they cost seconds, and the same officer pages, sorts and comes
    back. The key holds the query's SQL and parameters (the filters and the reader's scope) and
    records_stamp(), so any write shows at once. Ids are given out before commit, so a save committing after a
    later one may leave its stamp unchanged: LIST_SUMMARY_SECONDS bounds how long that lasts."""
    sql, params = qs.order_by().query.sql_with_params()
    raw = "|".join([records_stamp(), sql, repr(params)])
    key = "activity-list-summary-" + hashlib.sha256(raw.encode()).hexdigest()
    summary = cache.get(key)
    if summary is None:
        summary = (qs.count(), totals(qs))
        cache.set(key, summary, settings.LIST_SUMMARY_SECONDS)
    return summary
