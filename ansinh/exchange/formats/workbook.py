"""Report workbooks, the parts both directions share: the sheets and their machine keys, the columns and
their headers, and the plain values a workbook is written from and read into. No ORM.

A workbook carries its machine keys (programme, period, unit and report version, indicator codes) on a
very hidden, protected sheet, so that an import never trusts what a person can edit. A file saved by
another program without that sheet is recognised by its column headers and its title block instead,
and the import says so. Rows are always matched by indicator code, never by position."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from openpyxl.utils import get_column_letter

from ansinh.rules.periods import PeriodKey
from ansinh.rules.rollup import Sums

KEY_SHEET = "_ansinh"
KEY_MARK = "ansinh"
KEY_FORMAT = "1"
REPORT_SHEET = "Báo cáo"
MULTI_UNIT_SHEET = "Tổng hợp"
TOTALS_SHEET = "Tổng theo chỉ tiêu"
YES, NO = "Có", "Không"

# DataValue keeps 20 digits of which 6 are decimals: a larger figure cannot be stored.
LARGEST_FIGURE = Decimal(10) ** 14

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
class TotalSpec:
    """One indicator of the totals sheet of a multi-unit workbook: how its figures add up (``aggregation``
    as ``rules.rollup`` names it, ``scale`` of a rate), how many units of the workbook report it, and the
    maintained sums of the approved reports (``approved``, None when nothing is approved) — the figure the
    evaluation reads."""

    code: str
    name: str
    measure: str
    aggregation: str
    aggregation_label: str
    scale: Decimal
    expected_units: int
    approved: Sums | None


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
