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
    Number and date formats are set on the cells as they are written: no second pass.

    Per cell openpyxl's cost is what dominates a large file, so each cell costs it as little as
    possible: empty values are no cell at all; plain text and ids go as values; each formatted
    column has one styled cell, made once and refilled row after row (a styled cell made anew
    costs a style lookup, every row)."""
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
    formatted = []
    for i, column in enumerate(columns):
        if column.kind in NUMBER_FORMATS:
            cell = WriteOnlyCell(sheet)
            cell.number_format = NUMBER_FORMATS[column.kind]
            formatted.append((i, cell))
    plain = [i for i, column in enumerate(columns) if column.kind not in NUMBER_FORMATS]
    count = 0
    for row in rows:
        count += 1
        if count > XLSX_MAX_ROWS:
            raise TooManyRows(count)
        # openpyxl writes the cells of a row as it is appended, so refilling a column's styled
        # cell for the next row is safe.
        for i, cell in formatted:
            value = row[i]
            if value is None or value == "":
                row[i] = None
            elif isinstance(value, str):
                row[i] = _text_cell(sheet, value)
            else:
                cell.value = value
                row[i] = cell
        for i in plain:
            value = row[i]
            if value.__class__ is str and (not value or value[0] == "="):
                # an empty cell is no cell; openpyxl would store "=..." as a formula
                row[i] = _text_cell(sheet, value) if value else None
        sheet.append(row)
    book.save(target)
    return count


NUMBER_FORMATS = {"date": "DD/MM/YYYY", "number": "#,##0"}


def _text_cell(sheet, value: str):
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell
