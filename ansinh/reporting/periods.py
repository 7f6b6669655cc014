"""Reporting periods as plain values: the data cut-off windows of Decree 09/2019/NĐ-CP, Vietnamese
labels and DHIS2 period codes. No ORM here."""

import re
from dataclasses import dataclass
from datetime import date

YEAR, HALF, QUARTER, MONTH = "year", "half", "quarter", "month"
PERIODS_PER_YEAR = {YEAR: 1, HALF: 2, QUARTER: 4, MONTH: 12}
ROMAN = ("I", "II", "III", "IV")


class PeriodCodeError(ValueError):
    """A period code or number that does not name a reporting period; the message is Vietnamese."""


@dataclass(frozen=True, order=True)
class PeriodKey:
    year: int
    kind: str
    number: int = 1

    def __post_init__(self) -> None:
        if self.kind not in PERIODS_PER_YEAR:
            raise PeriodCodeError(f"Loại kỳ báo cáo “{self.kind}” không được hỗ trợ.")
        if not 1 <= self.number <= PERIODS_PER_YEAR[self.kind]:
            raise PeriodCodeError(f"Kỳ số {self.number} không hợp lệ cho loại kỳ này.")
        if not 1900 <= self.year <= 2200:
            raise PeriodCodeError(f"Năm {self.year} không hợp lệ.")


def _fifteenth_before(year: int, month: int) -> date:
    """The 15th of the month before ``month``: where Decree 09 windows start."""
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def cutoff_window(key: PeriodKey) -> tuple[date, date]:
    """Decree 09/2019, art. 12: month = 15th of the previous month to the 14th; quarter = 15th of
    the month before the quarter to the 14th of its last month; half-year = 15/12 of the previous
    year to 14/6, then 15/6 to 14/12; year = 15/12 of the previous year to 14/12."""
    if key.kind == YEAR:
        first_month, last_month = 1, 12
    elif key.kind == HALF:
        first_month, last_month = (1, 6) if key.number == 1 else (7, 12)
    elif key.kind == QUARTER:
        first_month, last_month = 3 * key.number - 2, 3 * key.number
    else:
        first_month = last_month = key.number
    return _fifteenth_before(key.year, first_month), date(key.year, last_month, 14)


def label(key: PeriodKey) -> str:
    if key.kind == YEAR:
        return f"Năm {key.year}"
    if key.kind == HALF:
        return f"6 tháng {'đầu' if key.number == 1 else 'cuối'} năm {key.year}"
    if key.kind == QUARTER:
        return f"Quý {ROMAN[key.number - 1]}/{key.year}"
    return f"Tháng {key.number:02d}/{key.year}"


def dhis2_code(key: PeriodKey) -> str:
    """DHIS2 period codes: 2022, 2022S1, 2022Q3, 202212."""
    if key.kind == YEAR:
        return str(key.year)
    if key.kind == HALF:
        return f"{key.year}S{key.number}"
    if key.kind == QUARTER:
        return f"{key.year}Q{key.number}"
    return f"{key.year}{key.number:02d}"


_DHIS2_PERIOD = re.compile(r"^(?P<year>\d{4})(?:(?P<month>\d{2})|S(?P<half>[12])|Q(?P<quarter>[1-4]))?$")


def parse_dhis2_period(code: str) -> PeriodKey:
    match = _DHIS2_PERIOD.match(code.strip())
    if not match:
        raise PeriodCodeError(
            f"Mã kỳ “{code}” không được hỗ trợ; chỉ nhận năm (2022), 6 tháng (2022S1), quý (2022Q3) hoặc tháng (202212)."
        )
    year = int(match["year"])
    if match["month"]:
        return PeriodKey(year, MONTH, int(match["month"]))
    if match["half"]:
        return PeriodKey(year, HALF, int(match["half"]))
    if match["quarter"]:
        return PeriodKey(year, QUARTER, int(match["quarter"]))
    return PeriodKey(year, YEAR)
