"""Reading report workbooks back — .xlsx, .xls or .ods, all through python-calamine — and telling what a
file is for (which programme, period and unit), never trusting what a person can edit."""

import io
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial

import python_calamine

from ansinh.core.dates import format_date
from ansinh.core.file_limits import FileTooLarge, check_spreadsheet
from ansinh.core.numbers import NumberFormatError, format_number, parse_number
from ansinh.exchange.formats.workbook import (
    HEADERS,
    INPUT_FIELDS,
    KEY_FORMAT,
    KEY_MARK,
    KEY_SHEET,
    LABEL_PERIOD,
    LABEL_PROGRAM,
    LABEL_UNIT,
    LARGEST_FIGURE,
    NO,
    YES,
    CellError,
    Entry,
    Field,
    Figures,
    FileKeys,
    ReadBook,
    ReportHeader,
    SheetKind,
    SheetProblem,
    UnreadableWorkbook,
)
from ansinh.rules.periods import PeriodCodeError, PeriodKey, label

# How far down the sheet the column header row may sit (the title block is above it).
HEADER_SEARCH_ROWS = 40

FALLBACK_NOTICE = (
    "Tệp không còn trang khóa ẩn của mẫu (thường do đã lưu lại bằng phần mềm khác), nên đã nhận diện theo "
    "dòng tiêu đề cột và khối thông tin đầu trang; không kiểm tra được tệp có được tải trước lần cập nhật "
    "gần nhất hay không."
)

_SPACES = re.compile(r"\s+")
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
_UNIT_CODE_IN_TITLE = re.compile(r"\(mã\s+([^)]+)\)\s*$")

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


def _open(content: bytes, filename: str) -> python_calamine.CalamineWorkbook:
    name = f"“{filename}”" if filename else "đã tải lên"
    try:
        check_spreadsheet(content)  # before calamine lays out a single cell
    except FileTooLarge as error:
        raise UnreadableWorkbook(f"Không nhập tệp {name}: {error.message}") from error
    try:
        return python_calamine.CalamineWorkbook.from_object(io.BytesIO(content))
    except python_calamine.PasswordError as error:
        raise UnreadableWorkbook(f"Tệp {name} được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.") from error
    except Exception as error:  # a damaged file may fail anywhere inside the reader
        raise UnreadableWorkbook(
            f"Không đọc được tệp {name}: tệp không phải bảng tính Excel (.xlsx, .xls) hoặc OpenDocument (.ods), "
            "hoặc đã bị hỏng."
        ) from error


def _rows(book: python_calamine.CalamineWorkbook, sheet_name: str) -> Iterator[Sequence[CellValue]]:
    """The sheet's rows one at a time, from A1 (the sheet's size was checked when the file was opened)."""
    try:
        sheet = book.get_sheet_by_name(sheet_name)
        _start_row, start_column = sheet.start or (0, 0)
        rows = sheet.iter_rows()
    except Exception as error:  # a damaged sheet inside a readable file
        raise UnreadableWorkbook(f"Không đọc được trang “{sheet_name}” của tệp; tệp có thể đã bị hỏng.") from error
    # calamine yields the rows from the first, but each row only from the first column that holds a cell.
    padding: list[CellValue] = [""] * start_column
    for row in rows:
        yield [*padding, *row] if padding else row


def _grid(book: python_calamine.CalamineWorkbook, sheet_name: str) -> Grid:
    return list(_rows(book, sheet_name))


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
    rows = _rows(book, sheet_name)
    grid = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    header_index, found = _find_header(grid, sheet_name)
    kind = keys.kind if keys is not None else (SheetKind.MULTI_UNIT if Field.UNIT_CODE in found else SheetKind.REPORT)
    required = [Field.CODE, *INPUT_FIELDS] + ([Field.UNIT_CODE] if kind == SheetKind.MULTI_UNIT else [])
    missing = [HEADERS[name] for name in required if name not in found]
    if missing:
        raise UnreadableWorkbook(
            f"Dòng tiêu đề cột (dòng {header_index + 1}) thiếu cột: {', '.join(f'“{text}”' for text in missing)}."
        )
    result = ReadBook(kind, keys, _read_title(grid, header_index), [])
    below = enumerate(grid[header_index + 1 :], start=header_index + 1)
    for index, row in itertools.chain(below, enumerate(rows, start=len(grid))):
        read = _read_entry(row, index, kind, found)
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
