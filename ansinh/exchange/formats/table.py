"""A list as an Excel sheet (openpyxl): a title, a header row, one row a record. Every cell from a person's
text is written as text — never a formula, even when it starts with "=", "+", "-" or "@" — so a downloaded
list cannot run anything in the spreadsheet that opens it."""

import io
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import chain, islice
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ansinh.core.cells import put_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60
# Rows a column's width is judged on: a streamed sheet sets its widths before its rows.
WIDTH_SAMPLE = 200

Value = str | int | date | None


def put(cell: Cell, value: Value) -> None:
    """A number stays a number, a date a date (dd/mm/yyyy), anything else is text, explicitly."""
    if value is None:
        return
    if isinstance(value, bool):
        value = "Có" if value else "Không"
    if isinstance(value, int):
        cell.value = value
        return
    if isinstance(value, date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY"
        return
    put_text(cell, str(value))


def write_table_to(
    out: BinaryIO,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    sheet_name: str = "Danh sách",
) -> int:
    """Write the list to ``out`` as a streamed sheet (openpyxl's write-only mode: each row goes out as it comes, so
    memory stays flat however long the list — issue 21). Returns the rows written. The columns' widths are set
    before the rows, so they are judged on the headers and the first WIDTH_SAMPLE rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths = [len(header) for header in headers]
    for values in sample:
        for column, value in enumerate(values):
            widths[column] = max(widths[column], min(len(str(value or "")), MAX_WIDTH))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(10, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes = "A4"
    title_cell = WriteOnlyCell(sheet)
    put(title_cell, title)
    title_cell.font = Font(bold=True, size=13)
    sheet.append([title_cell])
    sheet.append([])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet)
        put(cell, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        header_cells.append(cell)
    sheet.append(header_cells)
    written = 0
    for values in chain(sample, rows):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet)
            put(cell, value)
            cell.alignment = _WRAP
            cells.append(cell)
        sheet.append(cells)
        written += 1
    workbook.save(out)
    return written


def write_table(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Value]], *, sheet_name: str = "Danh sách"
) -> bytes:
    """:func:`write_table_to` into bytes, for a list small enough to answer at once."""
    buffer = io.BytesIO()
    write_table_to(buffer, title, headers, rows, sheet_name=sheet_name)
    return buffer.getvalue()
