"""The budget spreadsheet: one row a budget line (unit code, year, source, optionally task code, the four amounts
in đồng, a note). The export writes these very columns (amounts as numbers, every text cell as text), so a sheet
downloaded, filled and uploaded again round-trips. Reading is pure: cells become values or Vietnamese problems,
"Dòng N: …" with the row number a person sees in Excel.

A unit's report workbook carries the same lines for the report's year on a sheet of its own, ``Kinh phí``
(``REPORT_BUDGET_SHEET``): no unit or year columns (the report's), unlocked yellow cells while the report may be
edited, and blank rows below to fill; read back by ``read_report_budget_sheet``."""

import dataclasses
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ansinh.core.cells import put_text
from ansinh.core.numbers import NumberFormatError
from ansinh.exchange.formats.workbook import CellError
from ansinh.exchange.formats.workbook_read import (
    CellValue,
    Grid,
    _grid,
    _header_key,
    _open,
    read_code,
    read_number,
    read_text,
)

# The report sheet's own styles and locking, so that both sheets of a report workbook look and lock alike.
from ansinh.exchange.formats.workbook_write import _BORDER, _HEADER_FILL, _INPUT_FILL, _UNLOCKED, _protect, _put_number
from ansinh.rules.budget import AMOUNT_FIELDS

UNIT = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"
YEAR = "Năm"
TO_YEAR = "Đến năm"
SOURCE = "Nguồn kinh phí"
TASK = "Mã nhiệm vụ"
FIELD = "Lĩnh vực"
NOTE = "Ghi chú"
AMOUNT_HEADERS = {
    "estimate": "Dự toán (đồng)",
    "allocated": "Giao (đồng)",
    "disbursed": "Giải ngân (đồng)",
    "settled": "Quyết toán (đồng)",
}
HEADERS: tuple[str, ...] = (UNIT, UNIT_NAME, YEAR, TO_YEAR, SOURCE, TASK, FIELD, *AMOUNT_HEADERS.values(), NOTE)
HEADER_SEARCH_ROWS = 20
REPORT_BUDGET_SHEET = "Kinh phí"
REPORT_BUDGET_HEADERS: tuple[str, ...] = (SOURCE, TASK, *AMOUNT_HEADERS.values(), NOTE)
# Rows left blank below a report's lines, ready to fill.
BLANK_REPORT_ROWS = 10


class BudgetSheetError(ValueError):
    """The file cannot be read as a budget sheet at all; the message is Vietnamese."""


@dataclasses.dataclass
class SheetRow:
    number: int
    unit_code: str = ""
    year: int | None = None
    to_year: int | None = None
    source: str = ""
    task_code: str = ""
    field: str = ""
    amounts: dict[str, Decimal | None] = dataclasses.field(default_factory=dict)
    note: str = ""
    problems: list[str] = dataclasses.field(default_factory=list)


def source_code(text: str, choices: Sequence[tuple[str, str]]) -> str | None:
    """A source as a person writes it: its label ("Ngân sách thành phố", any case) or its code ("city")."""
    folded = unicodedata.normalize("NFC", text).strip().casefold()
    for value, label in choices:
        if folded in (value.casefold(), str(label).casefold()):
            return value
    return None


def _year(raw: CellValue, name: str, row: SheetRow, *, required: bool) -> int | None:
    try:
        number = read_number(raw, allow_percent=False)
    except (CellError, NumberFormatError) as error:
        row.problems.append(f"{name}: {error}")
        return None
    if number is None:
        if required:
            row.problems.append(f"thiếu {name.lower()}.")
        return None
    if number != number.to_integral_value() or not 1900 <= number <= 2200:
        row.problems.append(f"{name} “{read_text(raw)}” không phải một năm.")
        return None
    return int(number)


def _find_header(grid: Grid, required: Sequence[str], where: str) -> tuple[int, dict[str, int]]:
    wanted = {_header_key(text): text for text in HEADERS}
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = {
            wanted[key]: column for column, raw in enumerate(cells) if (key := _header_key(read_text(raw))) in wanted
        }
        if all(name in found for name in required):
            return index, found
    names = " và ".join(f"“{name}”" for name in required)
    raise BudgetSheetError(f"Không tìm thấy dòng tiêu đề cột (có ô {names}) ở {where}.")


def _read_rows(grid: Grid, header: int, columns: dict[str, int], *, with_unit: bool) -> list[SheetRow]:
    """Every non-blank row below the header; a unit and a year are read (and required) only ``with_unit``."""
    rows: list[SheetRow] = []
    for index, cells in enumerate(grid[header + 1 :], start=header + 2):

        def cell(name: str, cells: Sequence[CellValue] = cells) -> CellValue:
            column = columns.get(name)
            return cells[column] if column is not None and column < len(cells) else None

        if all(read_text(raw) == "" for raw in cells):
            continue
        row = SheetRow(number=index)
        if with_unit:
            row.unit_code = read_code(cell(UNIT))
            if not row.unit_code:
                row.problems.append("thiếu mã đơn vị.")
            row.year = _year(cell(YEAR), YEAR, row, required=True)
            row.to_year = _year(cell(TO_YEAR), TO_YEAR, row, required=False)
            row.field = read_text(cell(FIELD))
        row.source = read_text(cell(SOURCE))
        row.task_code = read_code(cell(TASK))
        row.note = read_text(cell(NOTE))
        for name in AMOUNT_FIELDS:
            try:
                row.amounts[name] = read_number(cell(AMOUNT_HEADERS[name]), allow_percent=False)
            except (CellError, NumberFormatError) as error:
                row.problems.append(f"{AMOUNT_HEADERS[name]}: {error}")
                row.amounts[name] = None
        rows.append(row)
    return rows


def read_budget_sheet(content: bytes, *, filename: str = "") -> list[SheetRow]:
    """Every non-blank row below the header of the first sheet."""
    book = _open(content, filename)
    names = book.sheet_names
    if not names:
        raise BudgetSheetError("Tệp không có trang tính nào.")
    grid = _grid(book, names[0])
    header, columns = _find_header(grid, (UNIT, YEAR), "trang đầu của tệp; hãy dùng bảng tính tải từ trang kinh phí")
    return _read_rows(grid, header, columns, with_unit=True)


def read_report_budget_sheet(content: bytes, *, filename: str = "") -> list[SheetRow] | None:
    """The rows of a report workbook's budget sheet; None when the file has no such sheet (a template from
    before the sheet existed: the report's budget is then left as it is)."""
    with _open(content, filename) as book:
        if REPORT_BUDGET_SHEET not in book.sheet_names:
            return None
        grid = _grid(book, REPORT_BUDGET_SHEET)
    header, columns = _find_header(grid, (SOURCE,), f"trang “{REPORT_BUDGET_SHEET}”")
    return _read_rows(grid, header, columns, with_unit=False)


@dataclasses.dataclass(frozen=True)
class ReportBudgetLine:
    """A line of a report as its budget sheet writes it."""

    source: str
    task_code: str
    amounts: dict[str, Decimal | None]
    note: str


def add_report_budget_sheet(
    workbook: Workbook, year: int, lines: Sequence[ReportBudgetLine], *, sources: Sequence[str], editable: bool
) -> None:
    """The ``Kinh phí`` sheet of a report workbook: a title, how to fill it, the header, the report's lines and,
    while the report may be edited, blank rows; input cells yellow and unlocked, the rest locked."""
    sheet = workbook.create_sheet(REPORT_BUDGET_SHEET)
    put_text(sheet.cell(1, 1), f"KINH PHÍ THỰC HIỆN NĂM {year}")
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    guidance = (
        "Mỗi dòng một nguồn kinh phí (và nhiệm vụ, nếu có). Số tiền ghi bằng đồng, ví dụ 1.250.000.000. "
        f"Nguồn kinh phí ghi một trong: {'; '.join(sources)}. Giải ngân vượt kinh phí được giao cần ghi chú lý do. "
        "Xoá một dòng là bỏ dòng đó khỏi báo cáo."
    )
    put_text(sheet.cell(2, 1), guidance)
    sheet.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(REPORT_BUDGET_HEADERS))
    sheet.row_dimensions[2].height = 48
    header_row = 4
    for column, text in enumerate(REPORT_BUDGET_HEADERS, start=1):
        cell = sheet.cell(header_row, column)
        put_text(cell, text)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions[cell.column_letter].width = 32 if text in (SOURCE, NOTE) else 18
    blank = ReportBudgetLine("", "", {}, "")
    rows = [*lines, *([blank] * BLANK_REPORT_ROWS if editable else [])]
    for offset, line in enumerate(rows, start=1):
        values: list[str | Decimal | None] = [
            line.source,
            line.task_code,
            *(line.amounts.get(name) for name in AMOUNT_FIELDS),
            line.note,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(header_row + offset, column)
            if isinstance(value, Decimal):
                _put_number(cell, value)
            elif value:
                put_text(cell, value)
            cell.border = _BORDER
            if editable:
                cell.fill, cell.protection = _INPUT_FILL, _UNLOCKED
    sheet.freeze_panes = f"A{header_row + 1}"
    _protect(sheet)
