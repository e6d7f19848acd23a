"""The import of activity records from XLSX/CSV with Vietnamese headers.

Two steps. The check reads the file once, row by row, and checks every row with the same record
rules as the form (activities.services); the checks that need the database (keys imported
before, locked periods, approved reports, likely duplicates) run once per file over all rows,
never once per row or per day. It is all-or-nothing: any bad row refuses the whole file with each
row's number and reason. What the check produced is kept under MEDIA_ROOT (one JSON line per row,
tied to the user and the file's SHA-256); the confirm step claims it (a rename: of two confirms of
one check exactly one gets it) and writes it in bulk, without reading or checking the file again.

Rows carry a stable key ("Mã dòng", or one derived from the row's content) so importing the same
file twice creates nothing new. A row in a period whose report is approved is accepted when its
"Lý do điều chỉnh" is filled, and is then flagged as a corrected record is by the edit form."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from audit.log import Action, record
from childprog import files
from childprog.access import access_for
from childprog.dates import parse_date, parse_number
from childprog.formats import format_number
from childprog.models import ContentArea, Movement, Program, Unit
from childprog.text import normalise
from jobs.runner import JobError, job_task

from .models import Activity, Figure, text_keys
from .resources import BASE_COLUMNS, REASON_COLUMN, figure_columns
from .services import (
    Candidate,
    ProgramCatalogue,
    check_figures,
    check_texts,
    clean_text,
    ddmmyyyy,
    duplicate_message,
    figure_field,
    figure_values,
    find_likely_duplicates,
    place_rules,
)

BATCH = 2000
PENDING_DIR = "import-tmp"
TEXT_COLUMNS = dict(BASE_COLUMNS) | dict([REASON_COLUMN])


class ImportRefused(Exception):
    """The file as a whole cannot be imported (unreadable, not UTF-8, too big)."""


class Row(NamedTuple):
    """One checked row, compact (a file holds up to IMPORT_MAX_ROWS of them in memory)."""

    number: int
    key: str
    program_id: int
    unit_id: int
    area_id: int
    movement_id: int | None
    title: str
    start: date
    end: date
    place: str
    description: str
    reason: str  # the file's "Lý do điều chỉnh"; kept only when the row is a correction
    figures: tuple  # ((indicator code, group code or None), value) pairs
    is_correction: bool = False


@dataclass
class CheckResult:
    rows: list[Row] = field(default_factory=list)  # the rows to create
    already_imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # likely duplicates: ask first
    corrections: int = 0
    created: int = 0
    errors_total: int | None = None  # when `errors` holds only the first ones (a job's result)

    @property
    def ok(self):
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors) if self.errors_total is None else self.errors_total

    @property
    def to_create(self):
        return self.rows


# -- reading the file ---------------------------------------------------------------------------
def check_size(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("Tệp nặng %(size)s, quá giới hạn %(max)s: hãy chia thành nhiều tệp.")
            % {"size": filesizeformat(size), "max": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )


def _too_many_rows():
    return ImportRefused(
        _("Tệp có hơn %(max)s dòng: hãy chia thành nhiều tệp.")
        % {"max": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", ".")}
    )


def _open_xlsx(data: bytes, name: str = ""):
    """The first sheet of an XLSX, after bounding what its zip expands to (files.check_archive: a
    small file must not unpack into gigabytes). Read with calamine (Rust): an order of magnitude
    faster than openpyxl."""
    try:
        files.check_archive(data, name, limit=settings.IMPORT_MAX_UNZIPPED_BYTES).close()
    except zipfile.BadZipFile as error:
        raise ImportRefused(_("Không đọc được tệp: hãy dùng tệp XLSX hoặc CSV theo mẫu.")) from error
    except ValidationError as error:
        raise ImportRefused(error.messages[0]) from error
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    except Exception as error:  # any unreadable workbook is one clear message
        raise ImportRefused(_("Không đọc được tệp: hãy dùng tệp XLSX hoặc CSV theo mẫu.")) from error


def read_table(data: bytes, name: str = ""):
    """(header, rows): the header cells, then (spreadsheet row number, cells) for each non-empty
    row of an XLSX or CSV, read as a stream. Raises ImportRefused for a file that is not a table
    the portal reads, or one above the row or column limits."""
    max_columns = settings.IMPORT_MAX_COLUMNS
    if data.startswith(b"PK"):
        sheet = _open_xlsx(data, name)
        if sheet.width > max_columns:
            raise _too_many_columns(sheet.width)
        if sheet.height > 2 * settings.IMPORT_MAX_ROWS + 1:  # blank rows count as rows to read
            raise _too_many_rows()
        rows = sheet.iter_rows()
        first = (sheet.start[0] if sheet.start else 0) + 1  # calamine starts at the first row used
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(
                _(
                    "Tệp CSV không phải mã UTF-8: trong Excel hãy chọn Lưu thành → “CSV UTF-8 (Comma delimited)”."
                )
            ) from None
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        except csv.Error:
            dialect = csv.excel
        rows = csv.reader(io.StringIO(text), dialect)
        first = 1
    try:
        header_row = next(rows, None)
    except Exception as error:
        raise ImportRefused(_("Không đọc được tệp: hãy dùng tệp XLSX hoặc CSV theo mẫu.")) from error
    header = [str(c or "").strip() for c in (header_row or ())]
    while header and not header[-1]:
        header.pop()
    if len(header) > max_columns:
        raise _too_many_columns(len(header))
    return header, _data_rows(rows, len(header), first + 1)


def _too_many_columns(n):
    return ImportRefused(
        _("Tệp có %(n)s cột, quá giới hạn %(max)s cột: hãy dùng tệp mẫu.")
        % {"n": n, "max": settings.IMPORT_MAX_COLUMNS}
    )


def _data_rows(rows, width, first):
    max_rows = settings.IMPORT_MAX_ROWS
    count = 0
    try:
        for number, row in enumerate(rows, start=first):
            if not any(c is not None and c != "" and (not isinstance(c, str) or c.strip()) for c in row):
                if number > 2 * max_rows + 2:  # a sheet of blank rows is as long as a full one
                    raise _too_many_rows()
                continue
            count += 1
            if count > max_rows:
                raise _too_many_rows()
            yield number, row[:width]
    except (ImportRefused, csv.Error) as error:
        if isinstance(error, ImportRefused):
            raise
        raise ImportRefused(_("Không đọc được tệp: hãy dùng tệp XLSX hoặc CSV theo mẫu.")) from error


def count_rows(data: bytes) -> int:
    """At most how many data rows the file has, without reading its cells: what decides whether
    it is checked in the request or in a background job. Blank rows count (reading them costs
    too); a file that cannot be opened counts 0, and the check then says why."""
    if data.startswith(b"PK"):
        try:
            return max(0, _open_xlsx(data).height - 1)
        except ImportRefused:
            return 0
    return max(0, data.count(b"\n") - 1 + (not data.endswith(b"\n")))


# -- checking -------------------------------------------------------------------------------------
def _header_keys() -> dict[str, str]:
    keys = {}
    for key, header in [*BASE_COLUMNS, REASON_COLUMN, *figure_columns()]:
        keys[normalise(header)] = key
        keys[normalise(key)] = key
    return keys


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class _Lookups:
    """Everything a row needs, loaded once per file."""

    def __init__(self, by):
        self.access = access_for(by)
        self.units = {u.code: u for u in Unit.objects.all()}
        self.units_by_id = {u.pk: u for u in self.units.values()}
        self.programs = list(Program.objects.order_by("-start"))
        self.areas = {(a.program_id, a.number): a for a in ContentArea.objects.select_related("program")}
        self.movements = {
            (m.content_area_id, normalise(m.name)): m for m in Movement.objects.select_related("content_area")
        }
        self.catalogues = {p.pk: ProgramCatalogue.load(p) for p in self.programs}
        self.figure_headers = {}
        for key, header in figure_columns():
            code, _sep, group = key.partition("/")
            self.figure_headers[figure_field(code, group or None)] = header
        self._days: dict[object, tuple] = {}
        self._may_record: dict[int, bool] = {}
        # One object for each value the rows repeat (a place, a reason, a figure): a file's
        # checked rows stay in memory until the confirm is kept, next to the whole sheet.
        self.share = {}.setdefault
        self.figure_keys: dict[str, tuple] = {}

    def figure_key(self, column: str) -> tuple:
        """(indicator code, group code or None) of a figure column's key ("code/group")."""
        try:
            return self.figure_keys[column]
        except KeyError:
            code, _sep, group = column.partition("/")
            out = self.figure_keys[column] = (code, group or None)
            return out

    def program_on(self, day):
        return next((p for p in self.programs if p.start <= day <= p.end), None)

    def day(self, value):
        """(date or None, error flag), remembered by cell value: a file repeats its dates."""
        try:
            return self._days[value]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell cannot repeat
            return _parse_day(value)
        out = self._days[value] = _parse_day(value)
        return out

    def may_record(self, unit) -> bool:
        if unit.pk not in self._may_record:
            self._may_record[unit.pk] = self.access.can_record_for(unit)
        return self._may_record[unit.pk]


def _parse_day(value):
    try:
        return parse_date(value), False
    except ValueError:
        return None, True


def _row_key(values: dict) -> str:
    """A stable key for a row without "Mã dòng": the same row gives the same key next time."""
    basis = "|".join(
        _text(values.get(k)) for k in ("unit", "content_area", "movement", "title", "start_date", "end_date")
    )
    return "auto:" + hashlib.sha1(normalise(basis).encode()).hexdigest()[:32]


def check_import(data: bytes, filename: str = "", *, by, progress=None) -> CheckResult:
    """Read and check every row; nothing is written. The result holds what would be created.
    `progress(done, total)`, when given, is told how far the check is (total 0 while reading)."""
    result = CheckResult()
    try:
        header, table = read_table(data, filename)
        lookups = _Lookups(by)
        header_keys = _header_keys()
        columns = [(i, header_keys.get(normalise(h), "")) for i, h in enumerate(header)]
        columns = [(i, k) for i, k in columns if k]
        seen_keys: dict[str, int] = {}
        for number, cells in table:
            values = {k: cells[i] for i, k in columns if i < len(cells)}
            errors, row = _check_row(number, values, lookups)
            key = _text(values.get("external_key")) or _row_key(values)
            if key in seen_keys:
                errors.append(_("trùng mã dòng với dòng %(n)s") % {"n": seen_keys[key]})
            seen_keys[key] = number
            if errors:
                result.errors.append((number, "; ".join(errors)))
            elif not result.errors:  # once a row is wrong nothing is imported: keep only errors
                result.rows.append(row._replace(key=key))
            if progress is not None and number % 1000 == 0:
                progress(len(seen_keys), 0)
    except ImportRefused as refusal:
        result.errors = [(0, str(refusal))]
        result.rows = []
        return result
    if not seen_keys and not result.errors:
        result.errors.append((0, _("Tệp không có dòng dữ liệu nào.")))
    if result.errors:
        result.rows = []
        return result
    _check_against_database(result, lookups, by=by)
    return result


def _check_row(number: int, values: dict, lookups: _Lookups):
    errors: list[str] = []
    unit_text = _text(values.get("unit")).split(" — ")[0].strip()
    unit = lookups.units.get(unit_text)
    if not unit_text:
        errors.append(_("thiếu mã đơn vị"))
    elif unit is None:
        errors.append(_("không có đơn vị “%(u)s”") % {"u": unit_text})
    elif not lookups.may_record(unit):
        errors.append(_("đơn vị %(u)s ngoài phạm vi của bạn") % {"u": unit.name})
    days = {}
    for key in ("start_date", "end_date"):
        day, bad = lookups.day(values.get(key))
        if bad or day is None:
            label = _("ngày bắt đầu") if key == "start_date" else _("ngày kết thúc")
        if bad:
            errors.append(
                _("%(label)s “%(v)s” không đúng dạng ngày/tháng/năm")
                % {"label": label, "v": _text(values.get(key))}
            )
            continue
        if day is None:
            errors.append(_("thiếu %(label)s") % {"label": label})
        days[key] = day
    start, end = days.get("start_date"), days.get("end_date")
    if start and end and end < start:
        errors.append(_("ngày kết thúc trước ngày bắt đầu"))
    if unit is not None and end and not unit.is_valid_on(end):
        errors.append(_("đơn vị %(u)s không còn hiệu lực ngày %(d)s") % {"u": unit.name, "d": ddmmyyyy(end)})
    title, place = _text(values.get("title")), _text(values.get("place"))
    if not title:
        errors.append(_("thiếu tên hoạt động"))
    else:
        errors.extend(check_texts(title=title, place=place).values())
    program = lookups.program_on(end) if end else None
    if end and program is None:
        errors.append(_("ngày %(d)s không thuộc chương trình nào") % {"d": ddmmyyyy(end)})
    area = movement = None
    area_text = _text(values.get("content_area"))
    match = re.match(r"\s*(\d+)", area_text)
    if program is not None:
        area = lookups.areas.get((program.pk, int(match.group(1)))) if match else None
        if area is None:
            errors.append(_("không có nội dung “%(a)s”") % {"a": area_text})
    movement_text = _text(values.get("movement"))
    if area is not None and movement_text:
        movement = lookups.movements.get((area.pk, normalise(movement_text)))
        if movement is None:
            errors.append(
                _("phong trào “%(m)s” không thuộc nội dung %(a)s") % {"m": movement_text, "a": area.number}
            )
    figures = {}
    bad_numbers = False  # then "girls above children" would compare with a missing figure
    for key, value in values.items():
        if key in TEXT_COLUMNS or value is None or value == "":
            continue
        code, _sep, group = key.partition("/")
        try:
            number_value = parse_number(value)
        except ValueError:
            column = lookups.figure_headers.get(figure_field(code, group or None), key)
            errors.append(_("cột “%(c)s”: “%(v)s” không phải là số") % {"c": column, "v": _text(value)})
            bad_numbers = True
            continue
        if number_value is None:
            continue
        if not number_value.is_finite() or number_value != number_value.to_integral_value():
            column = lookups.figure_headers.get(figure_field(code, group or None), key)
            errors.append(_("cột “%(c)s”: phải là số nguyên") % {"c": column})
            bad_numbers = True
            continue
        if number_value >= 2**63:
            column = lookups.figure_headers.get(figure_field(code, group or None), key)
            errors.append(_("cột “%(c)s”: số quá lớn") % {"c": column})
            bad_numbers = True
            continue
        figures[lookups.figure_key(key)] = int(number_value)
    if area is not None and not bad_numbers:
        for field_name, message in check_figures(lookups.catalogues[program.pk], area, figures).items():
            errors.append(f"{lookups.figure_headers.get(field_name, field_name)}: {message}")
    if errors or unit is None or area is None:
        return errors, None
    share = lookups.share
    row = Row(
        number=number,
        key="",
        program_id=program.pk,
        unit_id=unit.pk,
        area_id=area.pk,
        movement_id=movement.pk if movement else None,
        title=clean_text(title),
        start=start,
        end=end,
        place=share(place := clean_text(place), place),
        description=share(description := _text(values.get("description")), description),
        reason=share(reason := _text(values.get("correction_reason")), reason),
        figures=tuple(share(f, f) for f in sorted(figures.items(), key=_figure_order)),
    )
    return errors, row


def _figure_order(item):
    (code, group), _value = item
    return code, group or ""


def _existing_keys(keys: list[str]) -> set[str]:
    """The keys among `keys` that an earlier import used: one query whatever their number (the
    list travels as one parameter, an array or a JSON text, not as one parameter per key)."""
    if not keys:
        return set()
    if connection.vendor == "postgresql":
        listed = RawSQL("SELECT unnest(%s::text[])", (keys,))
    else:
        listed = RawSQL("SELECT value FROM json_each(%s)", (json.dumps(keys),))
    return set(Activity.objects.filter(external_key__in=listed).values_list("external_key", flat=True))


def _check_against_database(result: CheckResult, lookups: _Lookups, *, by) -> None:
    existing = _existing_keys([r.key for r in result.rows])
    new_rows = [r for r in result.rows if r.key not in existing]
    result.already_imported = len(result.rows) - len(new_rows)
    units = lookups.units_by_id
    rules = place_rules(by=by, places={(units[r.unit_id], r.end) for r in new_rows})
    checked = []
    for row in new_rows:
        rule = rules[(row.unit_id, row.end)]
        if rule.locked is not None:
            result.errors.append((row.number, _("kỳ %(p)s đã khóa số liệu") % {"p": rule.locked.label}))
        elif rule.correction and not row.reason:
            result.errors.append(
                (
                    row.number,
                    _("%(why)s Ghi lý do vào cột “%(column)s”.")
                    % {"why": rule.correction, "column": REASON_COLUMN[1]},
                )
            )
        elif rule.correction:
            checked.append(row._replace(is_correction=True))
        else:
            checked.append(row._replace(reason=""))
    if result.errors:
        result.rows = []
        return
    result.rows = checked
    result.corrections = sum(r.is_correction for r in checked)
    candidates = {
        r.number: Candidate(units[r.unit_id], r.movement_id, r.start, r.end, r.title) for r in checked
    }
    found = find_likely_duplicates(by=by, candidates=candidates)
    result.duplicates = [(number, duplicate_message(found[number])) for number in sorted(found)]


# -- writing --------------------------------------------------------------------------------------
def write_rows(rows, *, by, progress=None, total=None) -> int:
    """Insert checked rows with their figures and history, in batches (flat memory); all or none.
    On PostgreSQL the rows go in by COPY, elsewhere by bulk inserts of model instances."""
    writer = _CopyWriter(by) if connection.vendor == "postgresql" else _BulkWriter(by)
    created = 0
    with transaction.atomic():
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                created += writer.write(batch)
                batch = []
                if progress is not None:
                    progress(created, total)
        if batch:
            created += writer.write(batch)
    return created


class _BulkWriter:
    def __init__(self, by):
        self.by = by
        self.units = {u.pk: u for u in Unit.objects.all()}
        self.movements = {m.pk: m for m in Movement.objects.all()}
        self.catalogues = {p.pk: ProgramCatalogue.load(p) for p in Program.objects.all()}
        self.now = timezone.now()

    def values(self, row: Row):
        """The record's figures {(indicator id, group id): value} and its snapshot by codes."""
        return figure_values(self.catalogues[row.program_id], dict(row.figures))

    def write(self, batch) -> int:
        activities, values_list = [], []
        for row in batch:
            values, snapshot = self.values(row)
            activity = Activity(
                program_id=row.program_id,
                unit=self.units[row.unit_id],
                content_area_id=row.area_id,
                movement=self.movements.get(row.movement_id),
                title=row.title,
                start_date=row.start,
                end_date=row.end,
                place=row.place,
                description=row.description,
                external_key=row.key,
                figures_snapshot=snapshot,
                corrected_after_approval=row.is_correction,
                correction_reason=row.reason if row.is_correction else "",
                created_by=self.by,
                updated_by=self.by,
                created_at=self.now,
                updated_at=self.now,
            )
            if row.is_correction:
                activity._change_reason = row.reason  # the history shows why, as for an edit
            activity.write_text_keys()
            activities.append(activity)
            values_list.append(values)
        activities = Activity.objects.bulk_create(activities)
        Activity.history.bulk_history_create(activities, default_user=self.by, default_date=self.now)
        figures = []
        for activity, values in zip(activities, values_list, strict=True):
            figures.extend(activity.build_figures(values))
        Figure.objects.bulk_create(figures)
        return len(activities)


class _CopyWriter(_BulkWriter):
    """The same rows as _BulkWriter, through PostgreSQL's COPY: no model instance per record, per
    figure or per history row. Ids come from the table's sequence first, so that figures and
    history can name their record."""

    def __init__(self, by):
        super().__init__(by)
        self.activity_columns = [f for f in Activity._meta.concrete_fields]
        history = Activity.history.model
        self.history_table = history._meta.db_table
        self.history_columns = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
        self.defaults = {f.attname: f.get_default() for f in self.activity_columns}
        self.defaults["figures_snapshot"] = "{}"

    def write(self, batch) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Activity._meta.db_table, len(batch)],
            )
            ids = [i for (i,) in cursor.fetchall()]
            activities, histories, figures = [], [], []
            user_id = self.by.pk
            for pk, row in zip(ids, batch, strict=True):
                values, snapshot = self.values(row)
                unit = self.units[row.unit_id]
                movement = self.movements.get(row.movement_id)
                search_text, title_sort, unit_sort = text_keys(
                    row.title, row.place, row.description, unit.name, movement.name if movement else ""
                )
                record = self.defaults | {
                    "id": pk,
                    "program_id": row.program_id,
                    "unit_id": row.unit_id,
                    "content_area_id": row.area_id,
                    "movement_id": row.movement_id,
                    "title": row.title,
                    "start_date": row.start,
                    "end_date": row.end,
                    "place": row.place,
                    "description": row.description,
                    "external_key": row.key,
                    "submission_key": None,
                    "figures_snapshot": json.dumps(snapshot, ensure_ascii=False),
                    "search_text": search_text,
                    "title_sort": title_sort,
                    "unit_sort": unit_sort,
                    "correction_reason": row.reason if row.is_correction else "",
                    "corrected_after_approval": row.is_correction,
                    "created_by_id": user_id,
                    "created_at": self.now,
                    "updated_by_id": user_id,
                    "updated_at": self.now,
                }
                activities.append(tuple(record[f.attname] for f in self.activity_columns))
                record |= {
                    "history_date": self.now,
                    "history_change_reason": row.reason if row.is_correction else "",
                    "history_type": "+",
                    "history_user_id": user_id,
                }
                histories.append(tuple(record[f.attname] for f in self.history_columns))
                for (indicator_id, group_id), value in values.items():
                    if value:
                        figures.append((pk, indicator_id, group_id, value, row.unit_id, row.end, row.area_id))
            self._copy(cursor, Activity._meta.db_table, [f.column for f in self.activity_columns], activities)
            self._copy(cursor, self.history_table, [f.column for f in self.history_columns], histories)
            figure_columns = [
                "activity_id", "indicator_id", "target_group_id", "value", "unit_id", "end_date", "content_area_id"
            ]  # fmt: skip
            self._copy(cursor, Figure._meta.db_table, figure_columns, figures)
        return len(batch)

    @staticmethod
    def _copy(cursor, table, columns, rows):
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:  # Django's own errors
            for row in rows:
                copy.write_row(row)


@transaction.atomic
def bulk_create_records(activities: list[Activity], figure_values_list: list[dict], *, by) -> int:
    """Insert records built in code and their figures in bulk (the demo data)."""
    from simple_history.utils import bulk_create_with_history

    for activity in activities:
        activity.created_by = activity.updated_by = by
        activity.write_text_keys()
    created = bulk_create_with_history(activities, Activity, batch_size=BATCH, default_user=by)
    figures = []
    for activity, values in zip(created, figure_values_list, strict=True):
        figures.extend(activity.build_figures(values))
    Figure.objects.bulk_create(figures, batch_size=BATCH)
    return len(created)


def import_activities(data: bytes, filename: str = "", *, by, confirm_duplicate: bool = True) -> CheckResult:
    """Check the whole file, then create every new record, or nothing (scripts and tests; the
    pages check and confirm in two steps)."""
    result = check_import(data, filename, by=by)
    if result.duplicates and not confirm_duplicate:
        return result
    if result.ok and result.rows:
        result.created = write_rows(result.rows, by=by)
        record(Action.IMPORT, filename, by=by, detail=_("%(n)s hoạt động mới") % {"n": result.created})
    return result


# -- the checked rows between the two steps --------------------------------------------------------
@dataclass
class Pending:
    """A check waiting for its confirmation, as stored under MEDIA_ROOT."""

    token: str
    meta: dict

    @property
    def path(self) -> Path:
        return _pending_dir() / f"{self.token}.jsonl"


def _pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR


def _row_to_json(row: Row) -> str:
    return json.dumps(
        [
            row.number,
            row.key,
            row.program_id,
            row.unit_id,
            row.area_id,
            row.movement_id,
            row.title,
            row.start.toordinal(),
            row.end.toordinal(),
            row.place,
            row.description,
            row.reason,
            [[code, group, value] for (code, group), value in row.figures],
            row.is_correction,
        ],
        ensure_ascii=False,
    )


def _row_from_json(line: str) -> Row:
    n, key, program, unit, area, movement, title, start, end, place, description, reason, figs, corr = (
        json.loads(line)
    )
    return Row(
        n,
        key,
        program,
        unit,
        area,
        movement,
        title,
        date.fromordinal(start),
        date.fromordinal(end),
        place,
        description,
        reason,
        tuple(((code, group), value) for code, group, value in figs),
        corr,
    )


def preview(result: CheckResult, limit: int = 50) -> list[dict]:
    units = {u.pk: u.name for u in Unit.objects.filter(pk__in={r.unit_id for r in result.rows[:limit]})}
    areas = {
        a.pk: a.short_name
        for a in ContentArea.objects.filter(pk__in={r.area_id for r in result.rows[:limit]})
    }
    return [
        {
            "number": r.number,
            "end_date": ddmmyyyy(r.end),
            "unit": units.get(r.unit_id, ""),
            "area": areas.get(r.area_id, ""),
            "title": r.title,
            "figures": len(r.figures),
            "correction": r.is_correction,
        }
        for r in result.rows[:limit]
    ]


def save_pending(result: CheckResult, *, by, data: bytes, name: str) -> Pending:
    """Keep what the check produced for the confirm step (one JSON line per row, after a line of
    facts: who checked which file, and what the page shows)."""
    token = uuid.uuid4().hex
    meta = {
        "user": by.pk,
        "sha256": hashlib.sha256(data).hexdigest(),
        "name": name,
        "checked_at": time.time(),
        "rows": len(result.rows),
        "already_imported": result.already_imported,
        "corrections": result.corrections,
        "duplicates": result.duplicates[:200],
        "duplicate_count": len(result.duplicates),
        "preview": preview(result),
    }
    pending = Pending(token, meta)
    pending.path.parent.mkdir(parents=True, exist_ok=True)
    _sweep()
    temporary = pending.path.with_suffix(".part")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(json.dumps(meta, ensure_ascii=False) + "\n")
        for row in result.rows:
            out.write(_row_to_json(row) + "\n")
    os.replace(temporary, pending.path)  # a confirm never sees half a file
    return pending


def _sweep() -> None:
    """Forget checks nobody confirmed in time (and old markers of confirmed ones)."""
    cutoff = time.time() - settings.IMPORT_PENDING_SECONDS
    for path in _pending_dir().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:  # another request swept it first
            continue


def load_pending(token: str, *, by) -> Pending | None:
    """The waiting check of `token`, if it is this user's and not expired."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    path = _pending_dir() / f"{token}.jsonl"
    try:
        with path.open(encoding="utf-8") as source:
            meta = json.loads(source.readline())
    except (OSError, ValueError):
        return None
    if meta.get("user") != by.pk or time.time() - meta.get("checked_at", 0) > settings.IMPORT_PENDING_SECONDS:
        return None
    return Pending(token, meta)


class AlreadyConfirmed(Exception):
    """Another confirm of the same check got there first."""


def was_confirmed(token: str) -> bool:
    """Whether the check of `token` is being written or was written (a second press of Confirm)."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return False
    folder = _pending_dir()
    return (folder / f"{token}.claimed").exists() or (folder / f"{token}.done").exists()


def claim(pending: Pending) -> Path:
    """Take the waiting check for this confirm alone: a rename is atomic, so of two confirms at
    once exactly one succeeds; the other gets AlreadyConfirmed."""
    claimed = pending.path.with_suffix(".claimed")
    try:
        os.rename(pending.path, claimed)
    except FileNotFoundError:
        raise AlreadyConfirmed from None
    return claimed


class Conflict(Exception):
    """The rows were written meanwhile by another import of the same rows."""


def confirm_pending(pending: Pending, *, by, progress=None) -> int:
    """Write a claimed check's rows (never reading the uploaded file again). Raises
    AlreadyConfirmed when another confirm took it, Conflict when another import wrote its rows."""
    claimed = claim(pending)
    try:
        with claimed.open(encoding="utf-8") as source:
            source.readline()
            rows = (_row_from_json(line) for line in source)
            try:
                created = write_rows(rows, by=by, progress=progress, total=pending.meta["rows"])
            except IntegrityError as error:  # a unique external key: the same rows, imported meanwhile
                raise Conflict from error
    except BaseException:
        claimed.unlink(missing_ok=True)
        raise
    # A small marker instead of the rows, so that a late second press is told it was done.
    claimed.with_suffix(".done").write_text(str(created))
    record(
        Action.IMPORT, pending.meta.get("name", ""), by=by, detail=_("%(n)s hoạt động mới") % {"n": created}
    )
    claimed.unlink(missing_ok=True)
    return created


def discard_pending(pending: Pending) -> None:
    pending.path.unlink(missing_ok=True)


# -- large files, as background jobs ---------------------------------------------------------------
# Above IMPORT_INLINE_MAX_ROWS rows the upload is kept under MEDIA_ROOT and checked by a job; the
# job's result is what the page shows for an inline check (the errors, or the pending check's
# token), and the same preview and confirmation follow. Confirming many rows is a job too.
CHECK_KIND = "activities.import_check"
CONFIRM_KIND = "activities.import_confirm"
ERRORS_KEPT = 1000  # the page lists the first 200; the count covers them all


def is_large(rows: int) -> bool:
    return rows > settings.IMPORT_INLINE_MAX_ROWS


def keep_upload(data: bytes) -> str:
    """Keep an uploaded file for its check job; its token names it (swept like a pending check)."""
    token = uuid.uuid4().hex
    folder = _pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep()
    temporary = folder / f"{token}.part"
    temporary.write_bytes(data)
    os.replace(temporary, folder / f"{token}.upload")
    return token


@job_task
def check_import_job(job, progress):
    """Check a kept upload as the page does inline, and keep what it produced for the confirm."""
    path = _pending_dir() / f"{job.params['upload']}.upload"
    try:
        data = path.read_bytes()
    except OSError:
        raise JobError(_("Tệp tải lên không còn trên máy chủ (đã quá hạn): hãy tải tệp lên lại.")) from None
    total = job.params.get("rows", 0)
    progress(0, total)
    name = job.params.get("name", "")
    result = check_import(data, name, by=job.owner, progress=lambda done, _total=None: progress(done))
    path.unlink(missing_ok=True)
    outcome = {"next_url": reverse("activities:import_checked", args=[job.pk])}
    if not result.ok:
        # Row 0 is the file itself (refused whole, its reason says what to do), not one of its rows.
        refused = [reason for number, reason in result.errors if number == 0]
        return outcome | {
            "errors": result.errors[:ERRORS_KEPT],
            "error_count": len(result.errors),
            "warning": True,
            "message": refused[0]
            if refused
            else _("Tệp có %(n)s dòng lỗi: không nhập dòng nào.") % {"n": format_number(len(result.errors))},
            "next_label": _("Xem các dòng lỗi"),
        }
    pending = save_pending(result, by=job.owner, data=data, name=name)
    return outcome | {
        "token": pending.token,
        "name": name,
        "message": _("Đã kiểm tra xong: không có dòng lỗi."),
        "next_label": _("Xem trước và xác nhận nhập"),
    }


@job_task
def confirm_import_job(job, progress):
    """Write a confirmed check's rows, with progress."""
    token = job.params["token"]
    pending = load_pending(token, by=job.owner)
    if pending is None:
        if was_confirmed(token):
            raise JobError(already_confirmed_message())
        raise JobError(expired_message())
    progress(0, pending.meta["rows"])
    try:
        created = confirm_pending(pending, by=job.owner, progress=progress)
    except AlreadyConfirmed:
        raise JobError(already_confirmed_message()) from None
    except Conflict:
        raise JobError(conflict_message()) from None
    return {
        "created": created,
        "message": imported_message(created, pending.meta["already_imported"]),
        "next_url": reverse("activities:list"),
        "next_label": _("Xem danh sách hoạt động"),
    }


def already_confirmed_message() -> str:
    return _("Tệp này đã được xác nhận nhập (có thể bạn đã bấm hai lần): không nhập lại.")


def expired_message() -> str:
    return _("Phiên nhập đã hết hạn hoặc tệp đã được nhập: hãy xem danh sách hoặc tải tệp lên lại.")


def conflict_message() -> str:
    return _(
        "Một số dòng của tệp vừa được nhập từ một lần nhập khác: không nhập gì. Hãy tải tệp lên lại để kiểm tra."
    )


def imported_message(created: int, already: int) -> str:
    return _("Đã nhập %(n)s hoạt động mới; %(s)s dòng đã có từ lần nhập trước.") % {
        "n": created,
        "s": already,
    }
