"""Reading a bulk values file (tệp nhập hàng loạt) row by row, with every check, without the ORM.

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

The reader never holds the file: it takes an iterator of text lines and yields checked rows, so memory
stays flat whatever the file's size. It yields nothing it has not checked; the first error makes the
caller's import fail as a whole (nothing is written), and the reader goes on only to list the next
errors, up to ``MAX_ERRORS``.
"""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ansinh.rules.figures import FigureError, FigureRule, checked_number, figure, nfc

COLUMNS = ("ky", "don_vi", "chi_tieu", "phan_to", "gia_tri", "tu_so", "mau_so")
MAX_ERRORS = 100
MAX_CUT_LENGTH = 128

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Value types, as ansinh.programs.models.ValueType names them.
NUMBER, PERCENT, PER_N = "number", "percent", "per_n"
READABLE_TYPES = (NUMBER, PERCENT, PER_N)


@dataclass(frozen=True)
class UnitFacts:
    id: int
    name: str
    valid_from: date | None
    valid_to: date | None

    def existed_in(self, start: date, end: date) -> bool:
        """The one meaning of a unit valid in a period (``reporting.selectors.may_report``): it existed on
        some day of the period's window."""
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)

    def last_day_in(self, end: date) -> date:
        return min(end, self.valid_to) if self.valid_to is not None else end


@dataclass(frozen=True)
class IndicatorFacts:
    id: int
    code: str
    value_type: str
    # What every figure of the indicator must be (type, scale, whole numbers, bounds).
    rule: FigureRule
    # Units the indicator is assigned to by name, and the area roles (communes, provinces) it is assigned to.
    units: frozenset[int] = frozenset()
    area_roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PeriodFacts:
    id: int
    label: str
    starts_on: date
    ends_on: date
    is_open: bool


@dataclass(frozen=True)
class Lookups:
    """What the reader needs from the database, as callables the import service provides (each may cache)."""

    unit: Callable[[str], UnitFacts | None]
    indicator: Callable[[str], IndicatorFacts | None]
    # A period code to its facts (the service opens a missing period), or a Vietnamese error.
    period: Callable[[str], PeriodFacts | str]
    # The units an area role covers on a day (every commune, every province of the programme's area).
    area_members: Callable[[str, date], frozenset[int]]


class CheckedRow(NamedTuple):
    """A row that passed every check (a named tuple: one is made per row of a file of millions)."""

    line: int
    period_id: int
    unit_id: int
    indicator_id: int
    disaggregation: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass
class ReadReport:
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    stopped_early: bool = False

    def fail(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"Dòng {line}: {message}")


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


def _figure(
    indicator: IndicatorFacts, value_text: str, numerator_text: str, denominator_text: str
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The stored (value, numerator, denominator) of one row, by the rule of every entrance (``rules.figures``)."""
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


def _members(cache: dict[tuple[str, date], frozenset[int]], lookups: Lookups, role: str, day: date) -> frozenset[int]:
    if (role, day) not in cache:
        cache[(role, day)] = lookups.area_members(role, day)
    return cache[(role, day)]


def read_rows(lines: Iterable[str], lookups: Lookups, report: ReadReport) -> Iterator[CheckedRow]:
    """Check the file's rows one by one and yield each that passes; record the others in ``report``.
    Once an error is found nothing more is yielded (the import will fail), but reading goes on to list
    the next errors until ``MAX_ERRORS`` are listed."""
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
    members: dict[tuple[str, date], frozenset[int]] = {}
    # The units that may report an indicator, by the day its area roles are read on: its own units and those
    # of its area roles.
    assigned: dict[tuple[int, date], frozenset[int]] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.fail(reader.line_num, f"tệp CSV hỏng: {error}.")
            report.stopped_early = True
            break
        line = reader.line_num
        if len(cells) != width:
            if not any(cell.strip() for cell in cells):
                continue
            report.fail(line, f"có {len(cells)} cột, cần {width}.")
            continue
        report.rows += 1
        try:
            period = lookups.period(cells[period_at].strip())
            if isinstance(period, str):
                raise ValueError(period)
            unit_code = cells[unit_at].strip()
            unit = lookups.unit(unit_code)
            if unit is None:
                raise ValueError(f"không có đơn vị mã “{unit_code}”.")
            indicator_code = cells[indicator_at].strip()
            indicator = lookups.indicator(indicator_code)
            if indicator is None:
                raise ValueError(f"chương trình không có chỉ tiêu mã “{indicator_code}” nhận số liệu.")
            if not period.is_open:
                raise ValueError(f"kỳ {period.label} đã đóng, không nhận thêm số liệu.")
            if not unit.existed_in(period.starts_on, period.ends_on):
                raise ValueError(f"{unit.name} không tồn tại trong kỳ {period.label}.")
            # Area roles count the units of the area on the unit's last day in the period.
            day = unit.last_day_in(period.ends_on)
            allowed = assigned.get((indicator.id, day))
            if allowed is None:
                allowed = assigned[(indicator.id, day)] = indicator.units.union(
                    *(_members(members, lookups, role, day) for role in indicator.area_roles)
                )
            if unit.id not in allowed:
                raise ValueError(f"{unit.name} không được giao báo cáo chỉ tiêu {indicator.code}.")
            cut = nfc(cells[cut_at].strip())
            if len(cut) > MAX_CUT_LENGTH or _CONTROL.search(cut):
                raise ValueError(f"phân tổ “{cut[:40]}” dài quá {MAX_CUT_LENGTH} ký tự hoặc có ký tự điều khiển.")
            value, numerator, denominator = _figure(
                indicator, cells[value_at].strip(), cells[numerator_at].strip(), cells[denominator_at].strip()
            )
        except ValueError as error:
            report.fail(line, str(error))
            if len(report.errors) >= MAX_ERRORS:
                report.stopped_early = True
                break
            continue
        if not report.error_count:
            yield CheckedRow(line, period.id, unit.id, indicator.id, cut, value, numerator, denominator)
