"""A list as an Excel sheet (openpyxl): a title, a header row, one row a record. Every cell from a person's
text is written as text — never a formula, even when it starts with "=", "+", "-" or "@" — so a downloaded
list cannot run anything in the spreadsheet that opens it."""

import io
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ansinh.core.cells import put_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60

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


def write_table(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Value]], *, sheet_name: str = "Danh sách"
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name[:31]
    put(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    widths = [len(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(3, column)
        put(cell, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
    for index, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(index, column)
            put(cell, value)
            cell.alignment = _WRAP
            widths[column - 1] = max(widths[column - 1], min(len(str(value or "")), MAX_WIDTH))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(10, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
