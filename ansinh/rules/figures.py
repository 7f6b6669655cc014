"""What a figure must be before it is stored, whichever entrance brings it (the page, the API, a spreadsheet,
DHIS2, Open SDG, the bulk file, the demo). Pure: no ORM; ``reporting.services.values`` applies it to every
cell. The bulk import checks a file's rows as SQL on PostgreSQL (``exchange.services.bulk``, tested row by
row against the messages of this module) and with this module itself on SQLite.

- **Magnitude and precision**: a stored figure has at most 20 digits, 6 after the point, so its size is below
  10^14 and it has at most 6 decimals. A bigger number is refused (it broke reports for good on SQLite); more
  decimals are refused, not rounded silently.
- **Rates**: numerator and denominator come together, the denominator above 0, the numerator not negative and,
  for a percentage, not above the denominator; the figure follows from them (rounded half-up to 6 places).
- **Whole numbers** for indicators that count people, households, visits or places (``checks.is_count``).
- **Hard bounds**: a figure is never below the indicator's lower bound (0 unless the indicator declares
  another) nor above its upper bound (none unless declared); a percentage lies in 0–100.
- **Text** (disaggregation keys, notes) is stored in Unicode NFC, so "Nữ" typed in two encodings is one cell.
"""

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ansinh.core.numbers import format_number

PLACES = 6
STORED_PLACES = Decimal(1).scaleb(-PLACES)
# DataValue keeps 20 digits, 6 after the point: every figure is below 10^14 in size.
LIMIT = Decimal(10) ** 14
PERCENT, PER_N, NUMBER = "percent", "per_n", "number"


class FigureError(ValueError):
    """A figure that may not be stored; the message is Vietnamese, fit to show beside the cell."""


@dataclass(frozen=True)
class FigureRule:
    """What the rule needs of an indicator."""

    code: str
    value_type: str
    scale: Decimal = Decimal(1)  # what a numerator/denominator ratio is multiplied by
    whole: bool = False  # counts people, households…: whole numbers only
    lower: Decimal | None = Decimal(0)
    upper: Decimal | None = None


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def checked_number(number: Decimal, name: str = "Giá trị") -> Decimal:
    """``number`` if it may be stored: finite, below 10^14 in size, at most 6 decimals."""
    if not number.is_finite():
        raise FigureError(f"{name} phải là số hữu hạn.")
    if abs(number) >= LIMIT:
        raise FigureError(f"{name} {format_number(number)} quá lớn: số liệu phải nhỏ hơn 10^14 (100.000 tỷ).")
    if number != number.quantize(STORED_PLACES, ROUND_HALF_UP):
        raise FigureError(
            f"{name} {format_number(number)} có quá {PLACES} chữ số thập phân; hãy làm tròn trước khi nhập."
        )
    return number


def _within_bounds(rule: FigureRule, value: Decimal) -> None:
    if rule.value_type == PERCENT and not 0 <= value <= 100:
        raise FigureError(f"Tỷ lệ phần trăm phải nằm trong khoảng 0–100; đang là {format_number(value)}.")
    if rule.lower is not None and value < rule.lower:
        raise FigureError(
            f"Chỉ tiêu {rule.code} không nhận giá trị nhỏ hơn {format_number(rule.lower)}; "
            f"đang là {format_number(value)}."
        )
    if rule.upper is not None and value > rule.upper:
        raise FigureError(
            f"Chỉ tiêu {rule.code} không nhận giá trị lớn hơn {format_number(rule.upper)}; "
            f"đang là {format_number(value)}."
        )
    if rule.whole and value != value.to_integral_value():
        raise FigureError(
            f"Chỉ tiêu {rule.code} đếm người, hộ hoặc lượt: cần số nguyên, đang là {format_number(value)}."
        )


def figure(
    rule: FigureRule, value: Decimal | None, numerator: Decimal | None = None, denominator: Decimal | None = None
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The stored (value, numerator, denominator) of a cell, or ``FigureError``. Given both parts, the value
    follows from them (the value given beside them is ignored, as on the entry page)."""
    if value is not None:
        checked_number(value)
    if (numerator is None) != (denominator is None):
        raise FigureError("Cần nhập cả tử số và mẫu số.")
    if numerator is not None and denominator is not None:
        checked_number(numerator, "Tử số")
        checked_number(denominator, "Mẫu số")
        if denominator <= 0:
            raise FigureError("Mẫu số phải lớn hơn 0.")
        if numerator < 0:
            raise FigureError("Tử số không được âm.")
        if rule.value_type == PERCENT and numerator > denominator:
            raise FigureError(
                f"Tử số ({format_number(numerator)}) lớn hơn mẫu số ({format_number(denominator)}): "
                "tỷ lệ phần trăm không thể vượt quá 100%."
            )
        ratio = numerator / denominator * rule.scale
        # A ratio too large to store is refused as such; rounding it first would overflow the decimal context.
        value = checked_number(ratio.quantize(STORED_PLACES, ROUND_HALF_UP) if abs(ratio) < LIMIT else ratio)
    if value is not None and rule.value_type in (NUMBER, PERCENT, PER_N):
        _within_bounds(rule, value)
    return value, numerator, denominator
