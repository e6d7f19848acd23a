"""Records leaving the portal as CSV or XLSX: the one definition of a record's columns, used by
the list's export, its background job and the admin's export.

Rows are read in batches by keyset pagination (`batches`), with each batch's figures in one
query, so the first rows come at once and memory stays flat from a thousand records to a million;
no page of the result is ever skipped to with OFFSET. Small exports answer in the request; larger
ones (EXPORT_INLINE_MAX_ROWS) run as a background job that writes the file once."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import Action, record
from childprog.access import access_for
from childprog.formats import format_number
from childprog.models import Indicator, TargetGroup
from childprog.tabular import XLSX_MAX_ROWS, Column, TooManyRows, csv_lines, write_xlsx
from jobs.runner import JobError, job_task

from .models import Activity, Figure
from .resources import figure_columns

BATCH = 2000
FIELDS = (
    "pk",
    "program__code",
    "external_key",
    "unit__code",
    "unit__name",
    "content_area__number",
    "content_area__short_name",
    "movement__name",
    "title",
    "start_date",
    "end_date",
    "place",
    "description",
    "created_by__first_name",
    "created_by__last_name",
    "created_by__username",
    "corrected_after_approval",
)


def columns(figures: list[tuple[str, str]]) -> list[Column]:
    return [
        Column(_("Mã số"), "id", 9),
        Column(_("Chương trình"), width=14),
        Column("Mã dòng", width=14),
        Column("Mã đơn vị", width=14),
        Column(_("Tên đơn vị"), width=28),
        Column("Nội dung", width=24),
        Column("Phong trào, mô hình", width=24),
        Column("Tên hoạt động", width=40),
        Column("Ngày bắt đầu", "date", 12),
        Column("Ngày kết thúc", "date", 12),
        Column("Địa điểm", width=20),
        Column("Mô tả", width=40),
        *[Column(header, "number", 14) for _key, header in figures],
        Column(_("Người ghi"), width=20),
        Column(_("Điều chỉnh sau khi duyệt"), width=10),
    ]


def rows(qs, figures: list[tuple[str, str]]) -> Iterator[list]:
    """One row per record of `qs`, in its order, a batch at a time (`batches`), with each batch's
    figures in one query."""
    slots = _figure_slots({key: i for i, (key, _header) in enumerate(figures)})
    blank = [None] * len(figures)
    corrected = _("Có")
    for batch in batches(qs, FIELDS):
        values: dict[int, list] = {}
        for activity_id, indicator_id, group_id, value in Figure.objects.filter(
            _of_activities([r[0] for r in batch])
        ).values_list("activity_id", "indicator_id", "target_group_id", "value"):
            slot = slots.get((indicator_id, group_id))
            if slot is not None:
                own = values.get(activity_id)
                if own is None:
                    own = values[activity_id] = blank.copy()
                own[slot] = value
        for r in batch:
            (pk, program, key, unit_code, unit_name, area_no, area_name, movement, title) = r[:9]
            (start, end, place, description, first, last, username, was_corrected) = r[9:]
            yield [
                pk,
                program,
                key or "",
                unit_code,
                unit_name,
                f"{area_no}. {area_name}",
                movement or "",
                title,
                start,
                end,
                place,
                description,
                *values.get(pk, blank),
                f"{first} {last}".strip() or username or "",
                corrected if was_corrected else "",
            ]


def batches(qs, fields) -> Iterator[list[tuple]]:
    """The `fields` of `qs`'s records in its order, BATCH at a time, each batch starting after the
    last one's final record (keyset pagination): every batch is a short query read straight off
    the index of that order, so the first rows come at once and the last batch costs what the
    first did, with no transaction held open and no OFFSET. The order must end in the pk (the
    list's orders all do), which makes it total."""
    order = [
        (name.lstrip("-"), name.startswith("-")) for name in qs.query.order_by or qs.model._meta.ordering
    ]
    if order[-1][0] not in ("pk", "id"):
        order.append(("pk", False))
    names = [name for name, _descending in order]
    extra = [name for name in names if name not in fields]
    at = [(list(fields) + extra).index(name) for name in names]
    qs = qs.values_list(*fields, *extra)
    page = qs
    while True:
        batch = list(page[:BATCH])
        if not batch:
            return
        last = batch[-1]
        yield [r[: len(fields)] for r in batch] if extra else batch
        if len(batch) < BATCH:
            return
        page = qs.filter(_after(order, [last[i] for i in at]))


def _after(order, values) -> Q:
    """The records after `values` in `order` (a list of (field, descending)): a row comparison
    spelled out so that each key may run its own way, led by a bound on the first key that lets
    the index scan start at the last batch's end."""
    later = Q()
    equal: dict = {}
    for (name, descending), value in zip(order, values, strict=True):
        later |= Q(**equal, **{f"{name}__{'lt' if descending else 'gt'}": value})
        equal[name] = value
    first, descending = order[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & later


def _figure_slots(position: dict[str, int]) -> dict[tuple, int]:
    """(indicator id, target group id or None) → the figure's column: by codes, which are the
    same in every program, so a record of an earlier program lands in the same column."""
    groups = list(TargetGroup.objects.values_list("pk", "code"))
    slots = {}
    for pk, code in Indicator.objects.values_list("pk", "code"):
        for group, key in [(None, code), *((g, f"{code}/{group_code}") for g, group_code in groups)]:
            if key in position:
                slots[(pk, group)] = position[key]
    return slots


def _of_activities(ids: list[int]):
    """The figures of the batch's records. On PostgreSQL one array parameter, not thousands of
    placeholders (which the driver spends longer parsing than the database spends running), and
    `= ANY`, whose length the planner knows, so it reads the figures' index."""
    if connection.vendor == "postgresql":
        return RawSQL("activity_id = ANY(%s)", [ids], output_field=BooleanField())
    return Q(activity_id__in=ids)


def filename(fmt: str) -> str:
    return f"hoat-dong-{timezone.localdate():%Y%m%d}.{fmt}"


def record_export(by, fmt: str, count: int) -> None:
    """Records leave the portal with their recorders' names: the audit log says who took which."""
    record(Action.EXPORT, filename(fmt), by=by, detail=_("%(n)s hoạt động") % {"n": count})


def filtered_records(user, query: QueryDict):
    """The records `user` sees through the list's filters: the same scope as the list page."""
    from .filters import ActivityFilter  # the filters import the forms, which import this app's models

    access = access_for(user)
    return ActivityFilter(query, queryset=access.scope(Activity.objects.all()), access=access).qs


@job_task
def export_records(job, progress):
    """Background export of the filtered records, CSV or XLSX, with progress."""
    fmt = job.params["format"]
    qs = filtered_records(job.owner, QueryDict(job.params.get("query", "")))
    total = qs.count()
    if fmt == "xlsx" and total > XLSX_MAX_ROWS:
        raise JobError(
            _("Excel chứa được tối đa %(max)s dòng; bộ lọc này có %(n)s. Hãy lọc hẹp hơn hoặc xuất CSV.")
            % {"max": format_number(XLSX_MAX_ROWS), "n": format_number(total)}
        )
    progress(0, total)
    figures = figure_columns()
    out = job.output_path()
    out.parent.mkdir(parents=True, exist_ok=True)

    def counted(source):
        for n, row in enumerate(source, start=1):
            if n % BATCH == 0:
                progress(n)
            yield row

    table = counted(rows(qs, figures))
    if fmt == "xlsx":
        try:
            write_xlsx(out, columns(figures), table, title=_("Hoạt động"))
        except TooManyRows as error:  # records added since the count
            raise JobError(
                _("Excel chứa được tối đa %(max)s dòng.") % {"max": format_number(XLSX_MAX_ROWS)}
            ) from error
    else:
        with out.open("w", encoding="utf-8", newline="") as fh:
            fh.writelines(csv_lines(columns(figures), table))
    job.filename = filename(fmt)
    record_export(job.owner, fmt, total)
    return {"rows": total}
