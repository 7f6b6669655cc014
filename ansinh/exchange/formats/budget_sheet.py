"""The budget spreadsheet: one row a budget line (unit code, year, source, optionally task code, the four amounts
in đồng, a note). The export writes these very columns (amounts as numbers, every text cell as text), so a sheet
downloaded, filled and uploaded again round-trips. Reading is pure: cells become values or Vietnamese problems,
"Dòng N: …" with the row number a person sees in Excel."""

import dataclasses
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

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


def _find_header(grid: Grid) -> tuple[int, dict[str, int]]:
    wanted = {_header_key(text): text for text in HEADERS}
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = {
            wanted[key]: column for column, raw in enumerate(cells) if (key := _header_key(read_text(raw))) in wanted
        }
        if UNIT in found and YEAR in found:
            return index, found
    raise BudgetSheetError(
        f"Không tìm thấy dòng tiêu đề cột (có ô “{UNIT}” và “{YEAR}”) ở trang đầu của tệp; hãy dùng bảng tính tải "
        "từ trang kinh phí."
    )


def read_budget_sheet(content: bytes, *, filename: str = "") -> list[SheetRow]:
    """Every non-blank row below the header of the first sheet."""
    book = _open(content, filename)
    names = book.sheet_names
    if not names:
        raise BudgetSheetError("Tệp không có trang tính nào.")
    grid = _grid(book, names[0])
    header, columns = _find_header(grid)
    rows: list[SheetRow] = []
    for index, cells in enumerate(grid[header + 1 :], start=header + 2):

        def cell(name: str, cells: Sequence[CellValue] = cells) -> CellValue:
            column = columns.get(name)
            return cells[column] if column is not None and column < len(cells) else None

        if all(read_text(raw) == "" for raw in cells):
            continue
        row = SheetRow(number=index)
        row.unit_code = read_code(cell(UNIT))
        if not row.unit_code:
            row.problems.append("thiếu mã đơn vị.")
        row.year = _year(cell(YEAR), YEAR, row, required=True)
        row.to_year = _year(cell(TO_YEAR), TO_YEAR, row, required=False)
        row.source = read_text(cell(SOURCE))
        row.task_code = read_code(cell(TASK))
        row.field = read_text(cell(FIELD))
        row.note = read_text(cell(NOTE))
        for name in AMOUNT_FIELDS:
            try:
                row.amounts[name] = read_number(cell(AMOUNT_HEADERS[name]), allow_percent=False)
            except (CellError, NumberFormatError) as error:
                row.problems.append(f"{AMOUNT_HEADERS[name]}: {error}")
                row.amounts[name] = None
        rows.append(row)
    return rows
