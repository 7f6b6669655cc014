"""The appendices of a ``rules.decree30.Document`` as an Excel workbook (openpyxl): one sheet per table, its
heading above it, figures as numbers with formats that a Vietnamese Excel shows as 6.227.000 and 2,23, the header
row frozen and repeated on every printed page, a print area, A4 landscape. Every cell of text is stored as text:
a name or a note that starts with "=" is never a formula."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ansinh.core.cells import put_text
from ansinh.core.numbers import plain_decimal
from ansinh.rules.decree30 import FONT, Appendix, Cell, Document

# Excel measures a column in characters of its default font; about 2 mm per character at 11 pt.
MM_PER_CHARACTER = 2.0
HEADER_ROW = 4
A4_PAPER = 9  # openpyxl's paperSize code for A4
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")


def put_number(cell: XlCell, value: Decimal, *, percent: bool = False) -> None:
    plain = plain_decimal(value)
    assert plain is not None
    if percent:
        cell.value = float(plain / 100)
        cell.number_format = "0.0%"
        return
    if plain == plain.to_integral_value():
        cell.value = int(plain)
        cell.number_format = "#,##0"
        return
    places = len(f"{plain:f}".partition(".")[2])
    cell.value = float(plain)
    cell.number_format = "#,##0." + "0" * places


def _put(cell: XlCell, content: Cell) -> None:
    if content.number is not None:
        put_number(cell, content.number, percent=content.percent)
    elif content.text not in ("", "—"):
        put_text(cell, content.text)


def _sheet(sheet: Worksheet, appendix: Appendix, attached_to: str) -> None:
    columns = appendix.table.columns
    last = get_column_letter(len(columns))
    sheet.merge_cells(f"A1:{last}1")
    put_text(sheet["A1"], f"{appendix.heading}. {appendix.title}")
    sheet["A1"].font = Font(name=FONT, bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    if attached_to:
        sheet.merge_cells(f"A2:{last}2")
        put_text(sheet["A2"], attached_to)
        sheet["A2"].font = Font(name=FONT, italic=True, size=12)
        sheet["A2"].alignment = Alignment(horizontal="center")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, index)
        put_text(cell, column.title)
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = round(column.width_mm / MM_PER_CHARACTER * 1.4, 1)
    for row_index, row in enumerate(appendix.table.rows, start=HEADER_ROW + 1):
        for index, content in enumerate(row, start=1):
            cell = sheet.cell(row_index, index)
            _put(cell, content)
            cell.font = Font(name=FONT, size=12)
            cell.border = _BORDER
            cell.alignment = _WRAP
    last_row = HEADER_ROW + len(appendix.table.rows)
    if appendix.note:
        note = sheet.cell(last_row + 2, 1)
        put_text(note, appendix.note)
        note.font = Font(name=FONT, italic=True, size=11)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_area = f"A1:{last}{max(last_row, HEADER_ROW)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape" if appendix.landscape else "portrait"
    sheet.page_setup.paperSize = A4_PAPER
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(last_row, HEADER_ROW)}"


def write_xlsx(doc: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for appendix in doc.appendices:
        name = (appendix.table.sheet_name or appendix.heading)[:31]
        _sheet(workbook.create_sheet(name), appendix, doc.attached_to)
    workbook.properties.creator = "ansinh"
    workbook.properties.title = doc.header.summary
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
