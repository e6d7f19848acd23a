"""Reads for the pages and exports: bounded queries, sums done by the database."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery, Sum

from childprog.models import Indicator

from .models import Figure


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
