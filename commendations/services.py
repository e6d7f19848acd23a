"""The rules of the register: recording, erasing personal data, counting for reports."""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from childprog.history import UnitGraph

from .models import Commendation

ERASED_FIELDS = {
    "recipient_name": "",
    "reason": "",
    "recipient_unit": "",
    "publish_name": False,
}


@transaction.atomic
def save_commendation(form, *, by) -> Commendation:
    commendation = form.save(commit=False)
    if commendation.pk is None:
        commendation.created_by = by
    commendation.save()
    form.save_m2m()
    return commendation


@transaction.atomic
def erase_personal_data(commendation: Commendation, *, by) -> Commendation:
    """Erase the recipient's name and what could identify them (the reason may name the child, the
    recipient's school locates them) — on the record and on every row of its change history, so no
    old version keeps them. The record stays, so the counts in reports do not change."""
    for name, value in ERASED_FIELDS.items():
        setattr(commendation, name, value)
    commendation.erased_at = timezone.now()
    commendation._change_reason = _("Xóa dữ liệu cá nhân")
    commendation.save()
    Commendation.history.filter(id=commendation.pk).update(**ERASED_FIELDS)
    return commendation


@transaction.atomic
def delete_commendation(commendation: Commendation):
    """Delete the record and its whole change history (which may hold a child's name), including the
    history row simple-history writes for the deletion itself."""
    pk = commendation.pk
    commendation.delete()
    Commendation.history.filter(id=pk).delete()


def commendations_counted_for(unit, start, end):
    """Commendations dated start..end given by units whose records count in `unit`'s report for a
    period ending `end` (the attribution rule of docs/units-and-history.md, the same as the roll-up's)."""
    attributed = UnitGraph.load().attribution(unit.pk, end)
    return Commendation.objects.in_range(start, end).filter(unit_id__in=list(attributed))


def count_per_row(r) -> dict[int, dict[str, int]]:
    """Commendations in the report's dates by the units of each of its reporting rows (the
    roll-up's attribution): {row: {"form|kind": n, "form|child": n}} — counts only, never names."""
    out: dict[int, Counter] = {}
    if not r.attribution:
        return {}
    qs = Commendation.objects.in_range(r.start, r.end).filter(unit_id__in=list(r.attribution))
    for unit_id, form, kind, is_child in qs.values_list("unit_id", "form", "kind", "is_child"):
        counts = out.setdefault(r.attribution[unit_id], Counter())
        counts[f"{form}|{kind}"] += 1
        counts[f"{form}|child"] += int(is_child)
    return {row: dict(c) for row, c in out.items()}


def rows_from_counts(counts: dict[str, int]) -> list[list]:
    """Rows [form, collectives, individuals, of whom children, total] from count_per_row's counts."""
    rows = []
    for form in Commendation.Form:
        collective = counts.get(f"{form.value}|{Commendation.Kind.COLLECTIVE}", 0)
        individual = counts.get(f"{form.value}|{Commendation.Kind.INDIVIDUAL}", 0)
        if collective or individual:
            rows.append(
                [
                    str(form.label),
                    collective,
                    individual,
                    counts.get(f"{form.value}|child", 0),
                    collective + individual,
                ]
            )
    if len(rows) > 1:
        rows.append([_("Tổng cộng"), *(sum(r[i] for r in rows) for i in range(1, 5))])
    return rows


def count_by_form(queryset) -> list[list]:
    """Rows [form, collectives, individuals, of whom children, total] — counts only, never names."""
    counts = Counter()
    for form, kind, is_child in queryset.values_list("form", "kind", "is_child"):
        counts[(form, kind)] += 1
        counts[(form, "child")] += is_child
    rows = []
    for form in Commendation.Form:
        collective = counts[(form.value, Commendation.Kind.COLLECTIVE)]
        individual = counts[(form.value, Commendation.Kind.INDIVIDUAL)]
        if collective or individual:
            rows.append(
                [
                    str(form.label),
                    collective,
                    individual,
                    counts[(form.value, "child")],
                    collective + individual,
                ]
            )
    if len(rows) > 1:
        rows.append([_("Tổng cộng"), *(sum(r[i] for r in rows) for i in range(1, 5))])
    return rows


def report_section(unit, period, data):
    """The report's commendations: counts by form and kind, never a name, summed over the
    report's rows (a provincial report adds up its districts' approved counts)."""
    from reports.extras import ReportSection

    rows = rows_from_counts(data.counts("commendations"))
    if not rows:
        return None
    return ReportSection(
        title=_("Khen thưởng, tuyên dương tập thể và cá nhân"),
        headers=[_("Hình thức"), _("Tập thể"), _("Cá nhân"), _("Trong đó: trẻ em"), _("Tổng số")],
        rows=rows,
    )
