"""Reading a bulk values file (tệp nhập hàng loạt) and phrasing what is wrong with a row, without the ORM.

The file is CSV in UTF-8, one figure per row, with a header row naming these columns (any order):

=============  =============================================================================
``ky``         the period as DHIS2 writes it: ``2025`` (year), ``2025S1``, ``2025Q3``, ``202507``
``don_vi``     the unit's code in ansinh (``W25-00004``, ``P25-24``)
``chi_tieu``   the indicator's code in the programme
``phan_to``    the cut (disaggregation) key, empty for the whole figure
``gia_tri``    the figure
``tu_so``      numerator and ``mau_so`` denominator of a rate (both or neither); when given,
``mau_so``     they decide the figure, as on the entry page
=============  =============================================================================

Every figure obeys the rule of every entrance (``rules.figures``: below 10^14, at most six decimals,
whole numbers for counts of people, the indicator's bounds, a rate's parts). Numbers are written the machine way, with a point for decimals and no thousands separator
(``1234.5``), because the file is meant to be written by programs; a comma is refused with a
message rather than guessed at (``1.234`` would mean one thing to a program and another to a person).

The reader never holds the file: it takes an iterator of text lines and yields each row's cells as text,
so memory stays flat whatever the file's size. It checks only what a row's shape says (CSV that parses, the
right number of columns); the import service runs every other check as SQL over all rows at once
(``exchange.services.bulk``) and phrases the first ``MAX_ERRORS`` faults it finds with the functions here,
the same words an entry page would use.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from typing import NamedTuple

from ansinh.rules.figures import FigureError, FigureRule, checked_number, figure, nfc

COLUMNS = ("ky", "don_vi", "chi_tieu", "phan_to", "gia_tri", "tu_so", "mau_so")
MAX_ERRORS = 100
MAX_CUT_LENGTH = 128

# A number the file may hold: ASCII digits, an optional minus and decimal point. The SQL checks use the
# same pattern (anchored), so the database and the phrasing agree on what is a number.
NUMBER_PATTERN = r"-?[0-9]+(\.[0-9]+)?"
_NUMBER = re.compile(NUMBER_PATTERN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Value types, as ansinh.programs.models.ValueType names them.
NUMBER, PERCENT, PER_N = "number", "percent", "per_n"
READABLE_TYPES = (NUMBER, PERCENT, PER_N)


class Fault(IntEnum):
    """What is wrong with a row, in the order a row is checked: a row is reported by its first fault."""

    PERIOD = 1
    UNIT = 2
    INDICATOR = 3
    CLOSED = 4
    ABSENT = 5
    UNASSIGNED = 6
    CUT = 7
    FIGURE = 8


@dataclass(frozen=True)
class IndicatorFacts:
    id: int
    code: str
    value_type: str
    # What every figure of the indicator must be (type, scale, whole numbers, bounds).
    rule: FigureRule


class RawRow(NamedTuple):
    """A row's cells as text, stripped, the cut key NFC-normalised (a named tuple: one is made per row)."""

    line: int
    ky: str
    don_vi: str
    chi_tieu: str
    phan_to: str
    gia_tri: str
    tu_so: str
    mau_so: str


@dataclass
class ReadReport:
    rows: int = 0
    # (line, message) of the rows whose shape is wrong, the first MAX_ERRORS of them.
    faults: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0

    def fail(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.faults) < MAX_ERRORS:
            self.faults.append((line, message))


class BulkFormatError(ValueError):
    """The file cannot be read at all (not CSV, no header); the message is Vietnamese."""


def _number(text: str, name: str) -> Decimal:
    if not _NUMBER.fullmatch(text):
        if "," in text:
            raise ValueError(
                f"{name} “{text}” có dấu phẩy: tệp nhập hàng loạt dùng dấu chấm thập phân và không có dấu phân cách "
                "hàng nghìn (ví dụ 1234.5)."
            )
        raise ValueError(f"{name} “{text}” không phải là số.")
    return checked_number(Decimal(text), name)


def stored_figure(
    indicator: IndicatorFacts, value_text: str, numerator_text: str, denominator_text: str
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The stored (value, numerator, denominator) of one row, by the rule of every entrance (``rules.figures``),
    or ``ValueError`` with the Vietnamese reason."""
    if indicator.value_type not in READABLE_TYPES:
        raise ValueError(
            f"chỉ tiêu {indicator.code} không nhận số (kiểu Có/Không hoặc định tính), không nhập hàng loạt."
        )
    value = _number(value_text, "Giá trị") if value_text else None
    numerator = _number(numerator_text, "Tử số") if numerator_text else None
    denominator = _number(denominator_text, "Mẫu số") if denominator_text else None
    if numerator is not None and denominator is not None and indicator.value_type == NUMBER:
        raise ValueError(f"chỉ tiêu {indicator.code} là số đếm, không có tử số và mẫu số.")
    if value is None and numerator is None and denominator is None:
        raise ValueError(f"chỉ tiêu {indicator.code}: không có giá trị.")
    try:
        return figure(indicator.rule, value, numerator, denominator)
    except FigureError as error:
        raise ValueError(f"chỉ tiêu {indicator.code}: {error}") from error


def figure_problem(indicator: IndicatorFacts, row: RawRow) -> str | None:
    try:
        stored_figure(indicator, row.gia_tri, row.tu_so, row.mau_so)
    except ValueError as error:
        return str(error)
    return None


def cut_problem(cut: str) -> str | None:
    if len(cut) > MAX_CUT_LENGTH or _CONTROL.search(cut):
        return f"phân tổ “{cut[:40]}” dài quá {MAX_CUT_LENGTH} ký tự hoặc có ký tự điều khiển."
    return None


def unknown_unit(code: str) -> str:
    return f"không có đơn vị mã “{code}”."


def unknown_indicator(code: str) -> str:
    return f"chương trình không có chỉ tiêu mã “{code}” nhận số liệu."


def closed_period(label: str) -> str:
    return f"kỳ {label} đã đóng, không nhận thêm số liệu."


def absent_unit(unit_name: str, period_label: str) -> str:
    return f"{unit_name} không tồn tại trong kỳ {period_label}."


def unassigned_unit(unit_name: str, indicator_code: str) -> str:
    return f"{unit_name} không được giao báo cáo chỉ tiêu {indicator_code}."


def period_outside(code: str, start_year: int, end_year: int) -> str:
    return f"kỳ “{code}” nằm ngoài thời gian của chương trình ({start_year}–{end_year})."


def _header(cells: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in cells]
    if names and names[0].startswith("\ufeff"):
        names[0] = names[0][1:]
    unknown = [name for name in names if name not in COLUMNS]
    missing = [name for name in COLUMNS if name not in names]
    if unknown or missing or len(set(names)) != len(names):
        problems = []
        if missing:
            problems.append("thiếu cột " + ", ".join(missing))
        if unknown:
            problems.append("cột không thuộc định dạng: " + ", ".join(unknown))
        if len(set(names)) != len(names):
            problems.append("có cột lặp lại")
        raise BulkFormatError(
            "Dòng tiêu đề không đúng định dạng tệp nhập hàng loạt ("
            + "; ".join(problems)
            + "). Cần đúng các cột: "
            + ", ".join(COLUMNS)
            + "."
        )
    return {name: names.index(name) for name in COLUMNS}


def read_cells(lines: Iterable[str], report: ReadReport) -> Iterator[RawRow]:
    """The file's rows as text, one by one; a row of the wrong shape is recorded in ``report`` instead.
    Reading stops at a CSV error (what follows cannot be told apart) or once ``MAX_ERRORS`` are recorded."""
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise BulkFormatError(f"Tệp CSV hỏng ở dòng 1: {error}.") from error
    if header is None:
        raise BulkFormatError("Tệp trống: cần dòng tiêu đề " + ", ".join(COLUMNS) + ".")
    at = _header(header)
    width = len(COLUMNS)
    period_at, unit_at, indicator_at, cut_at = at["ky"], at["don_vi"], at["chi_tieu"], at["phan_to"]
    value_at, numerator_at, denominator_at = at["gia_tri"], at["tu_so"], at["mau_so"]
    while len(report.faults) < MAX_ERRORS:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.fail(reader.line_num, f"tệp CSV hỏng: {error}.")
            break
        if len(cells) != width:
            if any(cell.strip() for cell in cells):
                report.fail(reader.line_num, f"có {len(cells)} cột, cần {width}.")
            continue
        report.rows += 1
        yield RawRow(
            reader.line_num,
            cells[period_at].strip(),
            cells[unit_at].strip(),
            cells[indicator_at].strip(),
            nfc(cells[cut_at].strip()),
            cells[value_at].strip(),
            cells[numerator_at].strip(),
            cells[denominator_at].strip(),
        )
