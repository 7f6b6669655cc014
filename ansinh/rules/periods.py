"""Reporting periods as plain values: the data cut-off windows of Decree 09/2019/NĐ-CP, Vietnamese
labels, DHIS2 period codes and deadlines. No ORM here."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

YEAR, HALF, QUARTER, MONTH = "year", "half", "quarter", "month"
PERIODS_PER_YEAR = {YEAR: 1, HALF: 2, QUARTER: 4, MONTH: 12}
ROMAN = ("I", "II", "III", "IV")

# A period whose regime states no deadline is due this many days after its window ends: the 20th of
# the window's last month. Decree 09/2019 leaves the deadline to each regime; this is our default.
DAYS_AFTER_WINDOW = 6


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


def year_cutoff(year: int) -> tuple[date, date]:
    """Decree 09/2019: the yearly data window runs from 15/12 of the previous year to 14/12."""
    return cutoff_window(PeriodKey(year, YEAR))


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


def previous_key(key: PeriodKey) -> PeriodKey:
    """The period of the same kind just before ``key``: 2024 before 2025, Quý IV/2024 before Quý I/2025."""
    if key.number > 1:
        return PeriodKey(key.year, key.kind, key.number - 1)
    return PeriodKey(key.year - 1, key.kind, PERIODS_PER_YEAR[key.kind])


def next_key(key: PeriodKey) -> PeriodKey:
    if key.number < PERIODS_PER_YEAR[key.kind]:
        return PeriodKey(key.year, key.kind, key.number + 1)
    return PeriodKey(key.year + 1, key.kind, 1)


# "trước ngày 30/11" is exclusive (the last day is 29/11); "chậm nhất ngày 30/11", "trước hoặc trong
# ngày 30/11", "hạn chót ngày 30/11" include the day named.
_DEADLINE_PHRASE = re.compile(
    r"(?P<words>trước hoặc (?:trong|vào) ngày|chậm nhất(?: là| vào)* ngày|hạn(?: chót)?(?: là)? ngày|trước ngày)"
    r"\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?!\d)"
)


def deadline_from_text(text: str, year: int) -> date | None:
    """The deadline a yearly regime writes in words, for the report on ``year``: "Định kỳ hằng năm,
    trước ngày 30/11" → 29/11/``year``. A day from 1/7 on falls in ``year`` itself (Hà Nội reports the
    year before its window ends on 14/12); a day before 1/7 ("chậm nhất ngày 15/01") falls in the next
    year. None when the text names no day, or an impossible one."""
    match = _DEADLINE_PHRASE.search(unicodedata.normalize("NFC", text).lower())
    if match is None:
        return None
    month = int(match["month"])
    try:
        named = date(year if month >= 7 else year + 1, month, int(match["day"]))
    except ValueError:
        return None
    return named - timedelta(days=1) if match["words"] == "trước ngày" else named


def deadline_for(key: PeriodKey, yearly_deadline_text: str = "") -> date:
    """A yearly period is due on the day the programme's deadline text names (``Program.report_deadline``,
    e.g. 181/KH-UBND "trước ngày 30/11"); any other period, or a year whose text names no day, is due
    ``DAYS_AFTER_WINDOW`` days after its cut-off window ends."""
    if key.kind == YEAR:
        named = deadline_from_text(yearly_deadline_text, key.year)
        if named is not None:
            return named
    return cutoff_window(key)[1] + timedelta(days=DAYS_AFTER_WINDOW)
