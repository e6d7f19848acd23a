"""Tables that leave the portal, one writer per format: CSV streamed line by line, XLSX written
once in openpyxl's write-only mode. Both keep memory flat whatever the number of rows.

A table is a list of `Column`s and an iterable of rows (lists of values in column order).
Text that a spreadsheet would run as a formula never does: XLSX cells holding text are typed as
text, and CSV cells that start with = + - @ (or a tab or carriage return) get a leading
apostrophe, OWASP's rule for CSV injection."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = frozenset("=+-@\t\r")
# Excel's sheet holds 1,048,576 rows, the header included.
XLSX_MAX_ROWS = 1_048_575
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | number | date | id (a number shown without separators)
    width: int = 18


class TooManyRows(ValueError):
    pass


class _Line:
    """A file-like object whose write() hands back the line, for csv.writer without a buffer."""

    def write(self, text):
        return text


def csv_lines(columns: list[Column], rows: Iterable[list]) -> Iterator[str]:
    """UTF-8 with a BOM (Excel then reads Vietnamese correctly); dates dd/mm/yyyy. Only text and
    date cells need converting (csv writes numbers as they are and None as empty), so each row
    touches just those: most columns of a record are figures."""
    writer = csv.writer(_Line())
    texts = [i for i, c in enumerate(columns) if c.kind == "text"]
    dates = [i for i, c in enumerate(columns) if c.kind == "date"]
    yield "\ufeff" + writer.writerow([c.header for c in columns])
    for row in rows:
        for i in texts:
            value = row[i]
            if value and isinstance(value, str) and value[0] in FORMULA_START:
                row[i] = "'" + value
        for i in dates:
            day = row[i]
            if day is not None:
                row[i] = f"{day.day:02d}/{day.month:02d}/{day.year}"
        yield writer.writerow(row)


def write_xlsx(target, columns: list[Column], rows: Iterable[list], *, title: str) -> int:
    """Write the table to `target` (a path or a binary file); return the number of data rows.
    Number and date formats are set on the cells as they are written: no second pass."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for i, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(i + 1)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = bold
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    kinds = [c.kind for c in columns]
    count = 0
    for row in rows:
        count += 1
        if count > XLSX_MAX_ROWS:
            raise TooManyRows(count)
        sheet.append([_xlsx_cell(sheet, kind, value) for kind, value in zip(kinds, row, strict=True)])
    book.save(target)
    return count


def _xlsx_cell(sheet, kind, value):
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if value.startswith("="):  # openpyxl would store it as a formula
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            return cell
        return value
    if kind == "date":
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if kind == "number":
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "#,##0"
        return cell
    return value
