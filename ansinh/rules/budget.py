"""The rules of a programme's budget, without Django: the checks of one budget line (amounts in whole đồng, none
negative, disbursed above allocated only with a note saying why), the disbursement rate, sums that keep "not
reported" apart from zero, and amounts written the way Vietnamese reports write them (``20.990 tỷ đồng``,
``1.250,5 triệu đồng``)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ansinh.core.numbers import format_number, format_percent

BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6
# Amounts are whole đồng; nothing a city spends on one line reaches a million tỷ.
LARGEST_AMOUNT = Decimal(10) ** 18
AMOUNT_FIELDS = ("estimate", "allocated", "disbursed", "settled")
AMOUNT_LABELS = {
    "estimate": "Dự toán",
    "allocated": "Giao",
    "disbursed": "Giải ngân",
    "settled": "Quyết toán",
}


@dataclass(frozen=True)
class Amounts:
    """The four amounts of a line, in đồng; None where nothing is reported (never read as zero)."""

    estimate: Decimal | None = None
    allocated: Decimal | None = None
    disbursed: Decimal | None = None
    settled: Decimal | None = None

    def get(self, name: str) -> Decimal | None:
        return getattr(self, name)

    @property
    def is_empty(self) -> bool:
        return all(self.get(name) is None for name in AMOUNT_FIELDS)


def amount_problems(amounts: Amounts, note: str = "") -> list[str]:
    """What is wrong with a line's amounts, in Vietnamese (empty when the line may be saved)."""
    problems: list[str] = []
    if amounts.is_empty:
        problems.append("Cần ghi ít nhất một số tiền (dự toán, giao, giải ngân hoặc quyết toán).")
    for name in AMOUNT_FIELDS:
        raw = amounts.get(name)
        if raw is None:
            continue
        value = Decimal(raw)
        label = AMOUNT_LABELS[name]
        if value < 0:
            problems.append(f"{label} không thể là số âm (đã ghi {format_number(value)} đồng).")
        elif value != value.to_integral_value():
            problems.append(f"{label} ghi bằng đồng, không có phần lẻ (đã ghi {format_number(value)}).")
        elif value >= LARGEST_AMOUNT:
            problems.append(f"{label} {format_number(value)} đồng quá lớn, không lưu được.")
    allocated, disbursed = amounts.allocated, amounts.disbursed
    if allocated is not None and disbursed is not None and disbursed > allocated and not note.strip():
        problems.append(
            f"Giải ngân ({format_money(disbursed)}) lớn hơn kinh phí được giao ({format_money(allocated)}): "
            "cần ghi chú lý do (ví dụ kinh phí năm trước chuyển sang, bổ sung trong năm)."
        )
    return problems


def disbursement_rate(allocated: Decimal | None, disbursed: Decimal | None) -> Decimal | None:
    """Disbursed as a percentage of allocated; None when either is missing or nothing was allocated."""
    if allocated is None or disbursed is None or allocated <= 0:
        return None
    return disbursed * 100 / allocated


def below_threshold(rate: Decimal | None, threshold: Decimal) -> bool:
    """A unit whose rate is known and under the threshold (an unknown rate is not judged)."""
    return rate is not None and rate < threshold


def add_amounts(rows: Iterable[Amounts]) -> Amounts:
    """Each amount summed over the rows that report it; None where no row does."""
    totals: dict[str, Decimal | None] = dict.fromkeys(AMOUNT_FIELDS)
    for row in rows:
        for name in AMOUNT_FIELDS:
            value = row.get(name)
            if value is not None:
                current = totals[name]
                totals[name] = value if current is None else current + value
    return Amounts(**totals)


def format_money(amount: Decimal | int | None) -> str:
    """An amount in đồng as a report writes it: ``20.990 tỷ đồng`` from a thousand million, ``1.250,5 triệu
    đồng`` from a million, else ``500.000 đồng``; two decimals at most, half-up, trailing zeros dropped."""
    if amount is None:
        return "—"
    value = Decimal(amount)
    if abs(value) >= BILLION:
        return f"{format_number(_round(value / BILLION), 2)} tỷ đồng"
    if abs(value) >= MILLION:
        return f"{format_number(_round(value / MILLION), 2)} triệu đồng"
    return f"{format_number(_round(value, 0))} đồng"


def format_rate(rate: Decimal | None) -> str:
    return format_percent(rate, 1) if rate is not None else "—"


def _round(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
