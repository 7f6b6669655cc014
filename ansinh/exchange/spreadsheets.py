"""Report workbooks both ways, without the ORM: write the .xlsx template a unit fills in (or the long
sheet the standing agency fills for many units), and read back what comes in — .xlsx, .xls or .ods,
all through python-calamine.

A workbook carries its machine keys (programme, period, unit and report version, indicator codes) on a
very hidden, protected sheet, so that an import never trusts what a person can edit. A file saved by
another program without that sheet is recognised by its column headers and its title block instead,
and the import says so. Rows are always matched by indicator code, never by position.
"""

import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import partial

import python_calamine
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ansinh.core.dates import format_date
from ansinh.core.numbers import NumberFormatError, format_number, parse_number, plain_decimal
from ansinh.reporting.periods import PeriodCodeError, PeriodKey, label

KEY_SHEET = "_ansinh"
KEY_MARK = "ansinh"
KEY_FORMAT = "1"
REPORT_SHEET = "Báo cáo"
MULTI_UNIT_SHEET = "Tổng hợp"
YES, NO = "Có", "Không"

# DataValue keeps 20 digits of which 6 are decimals: a larger figure cannot be stored.
LARGEST_FIGURE = Decimal(10) ** 14
# How far down the sheet the column header row may sit (the title block is above it).
HEADER_SEARCH_ROWS = 40

LABEL_PROGRAM = "Chương trình, kế hoạch"
LABEL_UNIT = "Đơn vị báo cáo"
LABEL_PERIOD = "Kỳ báo cáo"
LABEL_WINDOW = "Thời gian chốt số liệu"
LABEL_DEADLINE = "Thời hạn gửi báo cáo"
LABEL_STATUS = "Trạng thái báo cáo"


class SheetKind(StrEnum):
    REPORT = "bao-cao-don-vi"
    MULTI_UNIT = "tong-hop-nhieu-don-vi"


class Field(StrEnum):
    UNIT_CODE = "unit_code"
    UNIT_NAME = "unit_name"
    CODE = "code"
    NAME = "name"
    MEASURE = "measure"
    TARGET = "target"
    VALUE = "value"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"
    ACHIEVED = "achieved"
    NOT_IMPLEMENTED = "not_implemented"
    NOTE = "note"
    EVIDENCE = "evidence"
    STATUS = "status"


HEADERS: dict[Field, str] = {
    Field.UNIT_CODE: "Mã đơn vị",
    Field.UNIT_NAME: "Tên đơn vị",
    Field.CODE: "Mã chỉ tiêu",
    Field.NAME: "Tên chỉ tiêu",
    Field.MEASURE: "Đơn vị tính",
    Field.TARGET: "Mục tiêu",
    Field.VALUE: "Giá trị",
    Field.NUMERATOR: "Tử số",
    Field.DENOMINATOR: "Mẫu số",
    Field.ACHIEVED: "Đạt? (Có/Không)",
    Field.NOT_IMPLEMENTED: "Chưa triển khai (Có/Không)",
    Field.NOTE: "Ghi chú",
    Field.EVIDENCE: "Minh chứng",
    Field.STATUS: "Trạng thái báo cáo",
}
COLUMN_WIDTHS: dict[Field, float] = {
    Field.UNIT_CODE: 12,
    Field.UNIT_NAME: 28,
    Field.CODE: 10,
    Field.NAME: 55,
    Field.MEASURE: 14,
    Field.TARGET: 32,
    Field.VALUE: 16,
    Field.NUMERATOR: 16,
    Field.DENOMINATOR: 16,
    Field.ACHIEVED: 12,
    Field.NOT_IMPLEMENTED: 14,
    Field.NOTE: 32,
    Field.EVIDENCE: 32,
    Field.STATUS: 16,
}
REPORT_LAYOUT = (
    Field.CODE,
    Field.NAME,
    Field.MEASURE,
    Field.TARGET,
    Field.VALUE,
    Field.NUMERATOR,
    Field.DENOMINATOR,
    Field.ACHIEVED,
    Field.NOT_IMPLEMENTED,
    Field.NOTE,
    Field.EVIDENCE,
)
MULTI_UNIT_LAYOUT = (
    Field.UNIT_CODE,
    Field.UNIT_NAME,
    Field.CODE,
    Field.NAME,
    Field.VALUE,
    Field.NUMERATOR,
    Field.DENOMINATOR,
    Field.NOTE,
    Field.ACHIEVED,
    Field.NOT_IMPLEMENTED,
    Field.EVIDENCE,
    Field.MEASURE,
    Field.STATUS,
)
INPUT_FIELDS = (
    Field.VALUE,
    Field.NUMERATOR,
    Field.DENOMINATOR,
    Field.ACHIEVED,
    Field.NOT_IMPLEMENTED,
    Field.NOTE,
    Field.EVIDENCE,
)
NUMBER_FIELDS = (Field.VALUE, Field.NUMERATOR, Field.DENOMINATOR)
WRAPPED_FIELDS = (Field.NAME, Field.TARGET, Field.NOTE, Field.EVIDENCE, Field.UNIT_NAME)

FALLBACK_NOTICE = (
    "Tệp không còn trang khóa ẩn của mẫu (thường do đã lưu lại bằng phần mềm khác), nên đã nhận diện theo "
    "dòng tiêu đề cột và khối thông tin đầu trang; không kiểm tra được tệp có được tải trước lần cập nhật "
    "gần nhất hay không."
)

GUIDANCE = (
    "Chỉ nhập vào các ô nền vàng. Số có thể nhập như số thường hoặc viết kiểu Việt Nam: 6.227.000; 2,23. "
    "Chỉ tiêu tỷ lệ phần trăm: nhập số phần trăm, ví dụ 2,23 (không gõ dấu %, vì Excel sẽ đổi thành 0,0223). "
    "Cột “Đạt?” và “Chưa triển khai”: chọn Có hoặc Không. Ô để trống là xoá số liệu đã có."
)

_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_IDLE_FILL = PatternFill("solid", fgColor="EDEDED")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_SECTION_FILL = PatternFill("solid", fgColor="E2EFDA")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
_SPACES = re.compile(r"\s+")
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
_UNIT_CODE_IN_TITLE = re.compile(r"\(mã\s+([^)]+)\)\s*$")


class CellError(ValueError):
    """A cell that holds something the field cannot take; the message is Vietnamese."""


class UnreadableWorkbook(Exception):
    """The upload is not a workbook this module can read; ``message`` is Vietnamese and fit to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- plain values -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What a unit reports for one indicator: as stored (export) or as read from a file (import)."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    achieved: bool | None = None
    not_implemented: bool = False
    note: str = ""
    evidence: str = ""

    @property
    def is_blank(self) -> bool:
        numbers = (self.value, self.numerator, self.denominator, self.achieved)
        return all(part is None for part in numbers) and not (self.not_implemented or self.note or self.evidence)


@dataclass(frozen=True)
class IndicatorLine:
    """One row of a template. A group is a bold section row; ``inputs`` are the cells a person fills."""

    code: str
    name: str
    measure: str = ""
    target: str = ""
    is_group: bool = False
    inputs: frozenset[Field] = frozenset()
    figures: Figures = Figures()


@dataclass(frozen=True)
class ReportHeader:
    """The programme and period a workbook is for, as its title block and key sheet write them."""

    program_code: str
    program_slug: str
    program_name: str
    program_title: str
    period: PeriodKey
    starts_on: date
    ends_on: date
    deadline: date | None = None


@dataclass(frozen=True)
class UnitSheet:
    """One unit's report in a workbook: ``version`` is the report's version when the file was made, so
    that an import of an outdated file is refused instead of overwriting newer figures."""

    code: str
    name: str
    status_label: str
    version: int
    editable: bool
    lines: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class SheetProblem:
    """One line of the error list, naming the cell when there is one (row and column are 1-based)."""

    message: str
    row: int | None = None
    column: int | None = None
    unit_code: str = ""
    indicator_code: str = ""

    @property
    def cell(self) -> str:
        if self.row is None:
            return ""
        if self.column is None:
            return f"Dòng {self.row}"
        return f"Ô {get_column_letter(self.column)}{self.row}"

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.row or 0, self.column or 0)

    def __str__(self) -> str:
        about = ", ".join(
            part
            for part in (
                f"đơn vị {self.unit_code}" if self.unit_code else "",
                f"chỉ tiêu {self.indicator_code}" if self.indicator_code else "",
            )
            if part
        )
        where = " — ".join(part for part in (self.cell, about) if part)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Entry:
    """One indicator row as read from a file: its figures, where each field sits, and what was wrong."""

    row: int
    unit_code: str
    code: str
    figures: Figures
    columns: dict[Field, int]
    problems: tuple[SheetProblem, ...] = ()

    def problem(self, field_name: Field | None, message: str) -> SheetProblem:
        column = self.columns.get(field_name) if field_name is not None else None
        return SheetProblem(message, self.row, column, self.unit_code, self.code)

    def figure_problem(self, message: str) -> SheetProblem:
        """A problem with the row's figures, named at the first number cell that holds something."""
        numbers = (
            (Field.VALUE, self.figures.value),
            (Field.NUMERATOR, self.figures.numerator),
            (Field.DENOMINATOR, self.figures.denominator),
        )
        filled = next((name for name, number in numbers if number is not None), Field.VALUE)
        return self.problem(filled, message)


@dataclass(frozen=True)
class FileKeys:
    """What the key sheet says the workbook is for; ``unit_versions`` maps unit codes to report versions."""

    kind: SheetKind
    program_code: str
    program_slug: str
    period: PeriodKey
    data_sheet: str
    unit_versions: dict[str, int]
    indicator_codes: tuple[str, ...]


@dataclass
class ReadBook:
    """A workbook as read: ``keys`` is None when the file lost its key sheet (then ``title`` identifies it)."""

    kind: SheetKind
    keys: FileKeys | None
    title: dict[str, str]
    entries: list[Entry]
    problems: list[SheetProblem] = field(default_factory=list)


# --- reading cells ----------------------------------------------------------------------------------

# What calamine gives for a cell (a blank is an empty string); None where a row is short.
CellValue = int | float | str | bool | date | time | timedelta | None
Grid = Sequence[Sequence[CellValue]]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _header_key(text: str) -> str:
    """Headers match whatever the case, the spacing, the Unicode form, and a trailing "(…)" note."""
    folded = _SPACES.sub(" ", _nfc(text)).strip().casefold()
    return _TRAILING_NOTE.sub("", folded).rstrip(" :")


def _describe(raw: CellValue) -> str:
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, datetime):
        return f"{format_date(raw.date())} {raw:%H:%M}"
    if isinstance(raw, date):
        return format_date(raw)
    return str(raw)


def read_number(raw: CellValue, *, allow_percent: bool = True) -> Decimal | None:
    """A figure from a cell: a real number (calamine gives floats) or Vietnamese text (``6.227.000``,
    ``2,23``, ``2,23%``). A float is read through its shortest repr, so 2.23 stays 2.23 without binary
    noise, and a whole float is an integer. Blank is None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise CellError(f"Cần một số; ô đang ghi “{_describe(raw)}”.")
    if isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise CellError("Ô không chứa một số hợp lệ.")
        number = Decimal(repr(raw))
    elif isinstance(raw, str):
        number = parse_number(_nfc(raw), allow_percent=allow_percent)
    elif isinstance(raw, (date, time, timedelta)):
        raise CellError(f"Cần một số; ô đang chứa ngày giờ “{_describe(raw)}” (có thể do Excel tự đổi định dạng).")
    else:
        raise CellError(f"Cần một số; ô đang ghi “{_describe(raw)}”.")
    if abs(number) >= LARGEST_FIGURE:
        raise NumberFormatError(f"Số {format_number(number)} quá lớn, không lưu được.")
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def read_yes_no(raw: CellValue) -> bool | None:
    """``Có`` / ``Không`` (any case), or a boolean cell; blank is None."""
    if isinstance(raw, bool):
        return raw
    text = read_text(raw)
    if not text:
        return None
    answer = {YES.casefold(): True, NO.casefold(): False}.get(text.casefold())
    if answer is None:
        raise CellError(f"Chỉ nhận “{YES}” hoặc “{NO}”; ô đang ghi “{text}”.")
    return answer


def read_text(raw: CellValue) -> str:
    """A note or a piece of evidence; a number someone typed there is written back the Vietnamese way."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return _nfc(raw).strip()
    if isinstance(raw, float) and math.isfinite(raw):
        return format_number(Decimal(repr(raw)))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return format_number(raw)
    return _describe(raw)


def read_code(raw: CellValue) -> str:
    """An indicator or unit code: text as written; a number another program made of "1.2" or "3" is
    turned back into its text (a code such as "7.10" that became 7.1 cannot be recovered)."""
    if isinstance(raw, float) and math.isfinite(raw):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return read_text(raw)


# --- writing ----------------------------------------------------------------------------------------


def _put_number(cell: Cell, value: Decimal | None) -> None:
    """A real number with a Vietnamese-friendly format: ``#,##0`` shows 6.227.000 in a Vietnamese Excel,
    ``#,##0.00`` shows 2,23; more decimals get more places so that nothing stored is hidden."""
    plain = plain_decimal(value)
    if plain is None:
        return
    if plain == plain.to_integral_value():
        cell.value = int(plain)
        cell.number_format = "#,##0"
        return
    places = len(f"{plain:f}".partition(".")[2])
    cell.value = float(plain)
    cell.number_format = "#,##0." + "0" * max(2, places)


def _figure_cell_value(line: IndicatorLine, name: Field) -> str | None:
    figures = line.figures
    if name == Field.ACHIEVED:
        return None if figures.achieved is None else (YES if figures.achieved else NO)
    if name == Field.NOT_IMPLEMENTED:
        return YES if figures.not_implemented else None
    if name == Field.NOTE:
        return figures.note or None
    if name == Field.EVIDENCE:
        return figures.evidence or None
    return None


def _title_block(sheet: Worksheet, heading: str, facts: Sequence[tuple[str, str]], width: int) -> int:
    """The merged title block; returns the next free row."""
    last = get_column_letter(width)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    row = 2
    for caption, text in facts:
        sheet.merge_cells(f"A{row}:B{row}")
        sheet.merge_cells(f"C{row}:{last}{row}")
        sheet.cell(row, 1, f"{caption}:").font = Font(bold=True)
        sheet.cell(row, 3, text).alignment = _WRAP
        row += 1
    sheet.merge_cells(f"A{row}:{last}{row}")
    sheet.cell(row, 1, GUIDANCE).alignment = _WRAP
    sheet.cell(row, 1).font = Font(italic=True)
    sheet.row_dimensions[row].height = 45
    return row + 2


def _header_facts(header: ReportHeader) -> list[tuple[str, str]]:
    window = f"Từ {format_date(header.starts_on)} đến {format_date(header.ends_on)} (Nghị định 09/2019/NĐ-CP)"
    return [
        (LABEL_PROGRAM, f"{header.program_name} — {header.program_title}"),
        (LABEL_PERIOD, label(header.period)),
        (LABEL_WINDOW, window),
        (LABEL_DEADLINE, format_date(header.deadline) if header.deadline else "Chưa quy định"),
    ]


def _header_row(sheet: Worksheet, row: int, layout: Sequence[Field]) -> None:
    for column, name in enumerate(layout, start=1):
        cell = sheet.cell(row, column, HEADERS[name])
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTHS[name]
    sheet.row_dimensions[row].height = 32
    sheet.print_title_rows = f"{row}:{row}"


def _protect(sheet: Worksheet) -> None:
    """Locked cells and structure; people may still resize rows and columns."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _yes_no_validation(sheet: Worksheet) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Chọn “{YES}” hoặc “{NO}”, hoặc để trống.",
    )
    sheet.add_data_validation(validation)
    return validation


def _write_line(
    sheet: Worksheet,
    row: int,
    layout: Sequence[Field],
    line: IndicatorLine,
    fixed: dict[Field, str],
    editable: bool,
    yes_no: DataValidation,
) -> None:
    texts = {Field.CODE: line.code, Field.NAME: line.name, Field.MEASURE: line.measure, Field.TARGET: line.target}
    texts.update(fixed)
    for column, name in enumerate(layout, start=1):
        cell = sheet.cell(row, column)
        cell.border = _BORDER
        if name in WRAPPED_FIELDS:
            cell.alignment = _WRAP
        if name in texts:
            cell.value = texts[name] or None
        if line.is_group:
            cell.font = Font(bold=True)
            cell.fill = _SECTION_FILL
            continue
        if name not in INPUT_FIELDS:
            continue
        if name in NUMBER_FIELDS:
            _put_number(cell, getattr(line.figures, name.value))
        else:
            cell.value = _figure_cell_value(line, name)
        if name not in line.inputs:
            cell.fill = _IDLE_FILL
            continue
        cell.fill = _INPUT_FILL
        if editable:
            cell.protection = _UNLOCKED
            if name in (Field.ACHIEVED, Field.NOT_IMPLEMENTED):
                yes_no.add(cell)


def _key_sheet(workbook: Workbook, rows: Iterable[Sequence[str]]) -> None:
    sheet = workbook.create_sheet(KEY_SHEET)
    for values in rows:
        sheet.append(list(values))
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def _key_rows(kind: SheetKind, header: ReportHeader, data_sheet: str, units: Sequence[UnitSheet]) -> list[list[str]]:
    rows = [
        [KEY_MARK, KEY_FORMAT],
        ["loai", kind.value],
        ["chuong_trinh", header.program_code, header.program_slug],
        ["ky", header.period.kind, str(header.period.year), str(header.period.number)],
        ["trang", data_sheet],
    ]
    rows += [["don_vi", unit.code, str(unit.version)] for unit in units]
    codes = dict.fromkeys(line.code for unit in units for line in unit.lines if not line.is_group)
    rows += [["chi_tieu", code] for code in codes]
    return rows


def _finish(workbook: Workbook, sheet: Worksheet, freeze: str) -> bytes:
    sheet.freeze_panes = freeze
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "ansinh"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_report_workbook(header: ReportHeader, unit: UnitSheet) -> bytes:
    """The template one unit fills in for one period, pre-filled with its current figures (.xlsx)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REPORT_SHEET
    status = unit.status_label if unit.editable else f"{unit.status_label} — chỉ để xem, không nhập lại được"
    facts = _header_facts(header)
    facts.insert(1, (LABEL_UNIT, f"{unit.name} (mã {unit.code})"))
    facts.append((LABEL_STATUS, status))
    header_row = _title_block(sheet, "BÁO CÁO SỐ LIỆU CÁC CHỈ TIÊU", facts, len(REPORT_LAYOUT))
    _header_row(sheet, header_row, REPORT_LAYOUT)
    yes_no = _yes_no_validation(sheet)
    for offset, line in enumerate(unit.lines, start=1):
        _write_line(sheet, header_row + offset, REPORT_LAYOUT, line, {}, unit.editable, yes_no)
    _key_sheet(workbook, _key_rows(SheetKind.REPORT, header, REPORT_SHEET, [unit]))
    return _finish(workbook, sheet, f"C{header_row + 1}")


def write_multi_unit_workbook(header: ReportHeader, units: Sequence[UnitSheet]) -> bytes:
    """The standing agency's long sheet: one row per unit and indicator, groups left out (.xlsx)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = MULTI_UNIT_SHEET
    header_row = _title_block(sheet, "BẢNG TỔNG HỢP SỐ LIỆU CÁC ĐƠN VỊ", _header_facts(header), len(MULTI_UNIT_LAYOUT))
    _header_row(sheet, header_row, MULTI_UNIT_LAYOUT)
    yes_no = _yes_no_validation(sheet)
    row = header_row + 1
    for unit in units:
        fixed = {Field.UNIT_CODE: unit.code, Field.UNIT_NAME: unit.name, Field.STATUS: unit.status_label}
        for line in unit.lines:
            if line.is_group:
                continue
            _write_line(sheet, row, MULTI_UNIT_LAYOUT, line, fixed, unit.editable, yes_no)
            row += 1
    _key_sheet(workbook, _key_rows(SheetKind.MULTI_UNIT, header, MULTI_UNIT_SHEET, units))
    return _finish(workbook, sheet, f"E{header_row + 1}")


# --- reading ----------------------------------------------------------------------------------------


def _open(content: bytes, filename: str) -> python_calamine.CalamineWorkbook:
    name = f"“{filename}”" if filename else "đã tải lên"
    try:
        return python_calamine.CalamineWorkbook.from_object(io.BytesIO(content))
    except python_calamine.PasswordError as error:
        raise UnreadableWorkbook(f"Tệp {name} được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.") from error
    except Exception as error:  # a damaged file may fail anywhere inside the reader
        raise UnreadableWorkbook(
            f"Không đọc được tệp {name}: tệp không phải bảng tính Excel (.xlsx, .xls) hoặc OpenDocument (.ods), "
            "hoặc đã bị hỏng."
        ) from error


def _grid(book: python_calamine.CalamineWorkbook, sheet_name: str) -> Grid:
    try:
        return book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except Exception as error:  # a damaged sheet inside a readable file
        raise UnreadableWorkbook(f"Không đọc được trang “{sheet_name}” của tệp; tệp có thể đã bị hỏng.") from error


def _read_keys(grid: Grid) -> FileKeys:
    broken = UnreadableWorkbook(f"Trang khóa “{KEY_SHEET}” của tệp đã bị sửa hoặc hỏng; hãy tải mẫu mới.")
    rows = [[read_code(value) for value in row] for row in grid]
    if not rows or rows[0][:2] != [KEY_MARK, KEY_FORMAT]:
        raise broken
    singles = {row[0]: row[1:] for row in rows if row and row[0] not in ("don_vi", "chi_tieu")}
    try:
        period_kind, year, number = singles["ky"][:3]
        return FileKeys(
            kind=SheetKind(singles["loai"][0]),
            program_code=singles["chuong_trinh"][0],
            program_slug=singles["chuong_trinh"][1],
            period=PeriodKey(int(year), period_kind, int(number)),
            data_sheet=singles["trang"][0],
            unit_versions={row[1]: int(row[2]) for row in rows if row[0] == "don_vi"},
            indicator_codes=tuple(row[1] for row in rows if row[0] == "chi_tieu"),
        )
    except (KeyError, IndexError, ValueError, PeriodCodeError) as error:
        raise broken from error


def _find_header(grid: Grid, sheet_name: str) -> tuple[int, dict[Field, int]]:
    wanted = {_header_key(text): name for name, text in HEADERS.items()}
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = {
            wanted[key]: column for column, raw in enumerate(row) if (key := _header_key(read_text(raw))) in wanted
        }
        if Field.CODE in found:
            return index, found
    raise UnreadableWorkbook(
        f"Không tìm thấy dòng tiêu đề cột (có ô “{HEADERS[Field.CODE]}”) ở trang “{sheet_name}”; "
        "tệp không phải mẫu báo cáo tải từ hệ thống."
    )


def _read_title(grid: Grid, header_index: int) -> dict[str, str]:
    captions = {_header_key(text): text for text in (LABEL_PROGRAM, LABEL_UNIT, LABEL_PERIOD)}
    title: dict[str, str] = {}
    for row in grid[:header_index]:
        texts = [read_text(raw) for raw in row]
        caption = captions.get(_header_key(texts[0])) if texts else None
        if caption is not None:
            title[caption] = next((text for text in texts[1:] if text), "")
    return title


def _read_entry(
    row: Sequence[CellValue], index: int, kind: SheetKind, columns: dict[Field, int]
) -> Entry | SheetProblem | None:
    """One row below the column headers: an entry, a problem with the row itself, or None when blank."""
    number = index + 1
    one_based = {name: column + 1 for name, column in columns.items()}

    def raw(name: Field) -> CellValue:
        column = columns.get(name)
        return row[column] if column is not None and column < len(row) else None

    code = read_code(raw(Field.CODE))
    unit_code = read_code(raw(Field.UNIT_CODE)) if kind == SheetKind.MULTI_UNIT else ""
    problems: list[SheetProblem] = []

    def attempt[T](name: Field, reader: Callable[[CellValue], T], blank: T) -> T:
        try:
            return reader(raw(name))
        except (NumberFormatError, CellError) as error:
            problems.append(SheetProblem(str(error), number, one_based[name], unit_code, code))
            return blank

    figures = Figures(
        value=attempt(Field.VALUE, read_number, None),
        numerator=attempt(Field.NUMERATOR, partial(read_number, allow_percent=False), None),
        denominator=attempt(Field.DENOMINATOR, partial(read_number, allow_percent=False), None),
        achieved=attempt(Field.ACHIEVED, read_yes_no, None),
        not_implemented=attempt(Field.NOT_IMPLEMENTED, read_yes_no, None) is True,
        note=attempt(Field.NOTE, read_text, ""),
        evidence=attempt(Field.EVIDENCE, read_text, ""),
    )
    identified = bool(code) and (kind == SheetKind.REPORT or bool(unit_code))
    if not identified and figures.is_blank and not problems:
        return None  # a spacer row, or a unit's name on a row of its own
    if not code:
        return SheetProblem("Dòng có số liệu nhưng không có mã chỉ tiêu.", number, one_based[Field.CODE], unit_code)
    if kind == SheetKind.MULTI_UNIT and not unit_code:
        return SheetProblem("Dòng có số liệu nhưng không có mã đơn vị.", number, one_based[Field.UNIT_CODE], "", code)
    return Entry(number, unit_code, code, figures, one_based, tuple(problems))


def read_workbook(content: bytes, *, filename: str = "") -> ReadBook:
    """Read a report workbook (.xlsx, .xls, .ods). Raises UnreadableWorkbook for a file that cannot be
    read or is not one of our templates; cell-level problems come back in the entries and the book."""
    with _open(content, filename) as book:
        return _read_book(book)


def _read_book(book: python_calamine.CalamineWorkbook) -> ReadBook:
    keys = _read_keys(_grid(book, KEY_SHEET)) if KEY_SHEET in book.sheet_names else None
    if keys is not None and keys.data_sheet in book.sheet_names:
        sheet_name = keys.data_sheet
    else:
        visible = [
            meta.name for meta in book.sheets_metadata if meta.visible == python_calamine.SheetVisibleEnum.Visible
        ]
        if not visible:
            raise UnreadableWorkbook("Tệp không có trang bảng tính nào đang hiện.")
        sheet_name = visible[0]
    grid = _grid(book, sheet_name)
    header_index, found = _find_header(grid, sheet_name)
    kind = keys.kind if keys is not None else (SheetKind.MULTI_UNIT if Field.UNIT_CODE in found else SheetKind.REPORT)
    required = [Field.CODE, *INPUT_FIELDS] + ([Field.UNIT_CODE] if kind == SheetKind.MULTI_UNIT else [])
    missing = [HEADERS[name] for name in required if name not in found]
    if missing:
        raise UnreadableWorkbook(
            f"Dòng tiêu đề cột (dòng {header_index + 1}) thiếu cột: {', '.join(f'“{text}”' for text in missing)}."
        )
    result = ReadBook(kind, keys, _read_title(grid, header_index), [])
    for index in range(header_index + 1, len(grid)):
        read = _read_entry(grid[index], index, kind, found)
        if isinstance(read, Entry):
            result.entries.append(read)
        elif read is not None:
            result.problems.append(read)
    return result


# --- what the file is for ---------------------------------------------------------------------------


def _kind_problem(found: SheetKind, expected: SheetKind) -> str | None:
    if found == expected:
        return None
    if found == SheetKind.MULTI_UNIT:
        return "Tệp này là bảng tổng hợp nhiều đơn vị; hãy nhập ở chức năng nhập bảng tổng hợp."
    return "Tệp này là mẫu báo cáo của một đơn vị; hãy nhập ở trang báo cáo của đơn vị đó."


def _mentions_code(text: str, code: str) -> bool:
    return re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/-])", text) is not None


def identity_problems(
    book: ReadBook, header: ReportHeader, kind: SheetKind, unit: tuple[str, str] | None = None
) -> list[str]:
    """Why the file is not for this programme, period (and unit, as (code, name)); empty when it is.
    The key sheet is trusted when present; otherwise the visible title block is read."""
    kind_problem = _kind_problem(book.kind, kind)
    if kind_problem:
        return [kind_problem]
    expected_period = label(header.period)
    problems: list[str] = []
    if book.keys is not None:
        keys = book.keys
        if keys.program_slug != header.program_slug:
            problems.append(f"Tệp này thuộc chương trình {keys.program_code}, không phải {header.program_name}.")
        if keys.period != header.period:
            problems.append(f"Tệp này là của kỳ “{label(keys.period)}”, không phải kỳ “{expected_period}”.")
        if unit is not None and unit[0] not in keys.unit_versions:
            found = ", ".join(keys.unit_versions) or "không rõ"
            problems.append(f"Tệp này là của đơn vị mã {found}, không phải {unit[1]} (mã {unit[0]}).")
        return problems
    missing = [caption for caption in (LABEL_PROGRAM, LABEL_PERIOD) if not book.title.get(caption)]
    if unit is not None and not book.title.get(LABEL_UNIT):
        missing.append(LABEL_UNIT)
    if missing:
        lines = ", ".join(f"“{caption}”" for caption in missing)
        return [f"Không tìm thấy dòng {lines} ở đầu trang nên không xác định được tệp này là của ai, kỳ nào."]
    program_text = book.title[LABEL_PROGRAM]
    if not _mentions_code(program_text, header.program_code):
        problems.append(f"Tệp ghi chương trình “{program_text}”, không phải {header.program_name}.")
    period_text = _SPACES.sub(" ", book.title[LABEL_PERIOD]).strip()
    if period_text.casefold() != expected_period.casefold():
        problems.append(f"Tệp này là của kỳ “{period_text}”, không phải kỳ “{expected_period}”.")
    if unit is not None:
        unit_text = book.title[LABEL_UNIT]
        match = _UNIT_CODE_IN_TITLE.search(unit_text)
        if match is None or match[1].strip() != unit[0]:
            problems.append(f"Tệp ghi đơn vị “{unit_text}”, không phải {unit[1]} (mã {unit[0]}).")
    return problems
