"""Records leaving the portal as CSV or XLSX: the one definition of a record's columns, used by
the list's export, its background job and the admin's export.

Rows are read through a database cursor (a server-side cursor on PostgreSQL) in batches, with
each batch's figures in one query, so memory stays flat from a thousand records to a million and
no page of the result is ever skipped to with OFFSET. Small exports answer in the request; larger
ones (EXPORT_INLINE_MAX_ROWS) run as a background job that writes the file once."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.db import connection
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
    """One row per record of `qs`, in its order, read in batches."""
    indicator_codes = dict(Indicator.objects.values_list("pk", "code"))
    group_codes = dict(TargetGroup.objects.values_list("pk", "code"))
    keys = [key for key, _header in figures]
    corrected = _("Có")
    records = qs.values_list(*FIELDS).iterator(chunk_size=BATCH)
    while batch := list(islice(records, BATCH)):
        values: dict[int, dict[str, int]] = {}
        for activity_id, indicator_id, group_id, value in Figure.objects.filter(
            activity_id__in=_ids([r[0] for r in batch])
        ).values_list("activity_id", "indicator_id", "target_group_id", "value"):
            code = indicator_codes[indicator_id]
            key = f"{code}/{group_codes[group_id]}" if group_id else code
            values.setdefault(activity_id, {})[key] = value
        for r in batch:
            (pk, program, key, unit_code, unit_name, area_no, area_name, movement, title) = r[:9]
            (start, end, place, description, first, last, username, was_corrected) = r[9:]
            own = values.get(pk, {})
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
                *[own.get(k) for k in keys],
                f"{first} {last}".strip() or username or "",
                corrected if was_corrected else "",
            ]


def _ids(ids: list[int]):
    """The batch's ids for an IN filter. On PostgreSQL one array parameter, not thousands of
    placeholders, which the driver spends more time parsing than the database spends running."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids


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
