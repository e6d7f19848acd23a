"""Reads for the pages and exports: bounded queries, sums done by the database."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef, Subquery, Sum

from childprog.models import ContentArea, Indicator, Movement, Succession, Unit

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


def _named_totals(by_code: dict[str, int]) -> list[dict]:
    names = indicator_names()
    out = []
    for code, total in by_code.items():
        name, measure, order = names.get(code, (code, "count", (99, 0)))
        out.append({"code": code, "name": name, "measure": measure, "total": total, "order": order})
    return sorted(out, key=lambda r: r["order"])


def totals(qs) -> list[dict]:
    """Sums of the filtered records' figures by indicator (totals only, not "of which" by group,
    which are never added across groups). One grouped query."""
    rows = (
        Figure.objects.filter(activity__in=qs.order_by().values("pk"), target_group__isnull=True)
        .values_list("indicator__code")
        .annotate(total=Sum("value"))
    )
    return _named_totals(dict(rows))


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


def list_summary(qs, filterset=None) -> tuple[int, list[dict]]:
    """(number of records, totals) of the filtered list. Filters on unit, period, dates, content
    area and movement are answered from the summary tables (reports.tally: a few hundred thousand
    rows for a province's million records, exact after every write); a search or a target group
    sums the records themselves (cached, _live_summary)."""
    criteria = _tally_criteria(filterset)
    if criteria is None:
        return _live_summary(qs)
    from reports import tally

    unit_ids, area_ids, movement_ids, start, end = criteria
    count = tally.record_count(unit_ids, start, end, area_ids=area_ids, movement_ids=movement_ids)
    if movement_ids is not None:
        # The figures' summary has no movement (with it, it would hold five times the rows):
        # a movement's records are a small share, summed directly.
        return count, totals(qs)
    ids = {pk: code for pk, code in Indicator.objects.values_list("pk", "code")}
    by_code: dict[str, int] = {}
    for (indicator_id,), (total, _figures) in tally.figure_sums(
        unit_ids, start, end, group=("indicator_id",), area_ids=area_ids
    ).items():
        by_code[ids[indicator_id]] = by_code.get(ids[indicator_id], 0) + total
    return count, _named_totals(by_code)


def _live_summary(qs) -> tuple[int, list[dict]]:
    """(count, totals) summed from the records, computed once per state of the data: a search over
    a province costs seconds, and the same officer pages and comes back. The key holds the query's
    SQL and parameters (the filters and the reader's scope) and records_stamp(), so any write
    shows at once. Ids are given out before commit, so a save committing after a later one may
    leave its stamp unchanged: LIST_SUMMARY_SECONDS bounds how long that lasts."""
    sql, params = qs.order_by().query.sql_with_params()
    raw = "|".join([records_stamp(), sql, repr(params)])
    key = "activity-list-summary-" + hashlib.sha256(raw.encode()).hexdigest()
    summary = cache.get(key)
    if summary is None:
        summary = (qs.count(), totals(qs))
        cache.set(key, summary, settings.LIST_SUMMARY_SECONDS)
    return summary


def _tally_criteria(filterset):
    """(unit ids or None, area ids or None, movement ids or None, start, end) of a list's filters
    when the summary can answer them, else None. The unit ids are the reader's scope (and the
    unit filter's subtree) exactly as ActivityFilter applies them."""
    if filterset is None or not filterset.form.is_valid():
        return None
    data = filterset.form.cleaned_data
    if data.get("q") or data.get("target_group"):
        return None
    if not filterset.access.is_authenticated:
        return None
    unit_ids = filterset.access.visible_unit_ids
    unit = data.get("unit")
    if unit is not None:
        chosen = (
            {unit.pk} if data.get("subtree") == "0" else set(filterset.access.graph.visible_from(unit.pk))
        )
        unit_ids = chosen if unit_ids is None else chosen & set(unit_ids)
    area_ids = movement_ids = None
    if data.get("content_area"):
        area_ids = list(ContentArea.objects.filter(number=data["content_area"]).values_list("pk", flat=True))
    if data.get("movement"):
        movement_ids = list(Movement.objects.filter(name=data["movement"]).values_list("pk", flat=True))
    starts = [d for d in (data.get("date_from"), getattr(data.get("period"), "start", None)) if d]
    ends = [d for d in (data.get("date_to"), getattr(data.get("period"), "end", None)) if d]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    return unit_ids, area_ids, movement_ids, start, end
