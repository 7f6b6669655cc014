"""Vietnamese numbers: read what people type (``2,23``, ``203.027``, ``6.227.000``) and write
figures the way Vietnamese documents do. Pure functions, no Django.

Rounding is half-up, as administrative figures are rounded (Babel rounds half-even).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Thousands groups with dots, optional decimal part after a comma: 6.227.000 / 203.027 / 2,23 / 1.234,5
# ASCII digits only: Arabic-Indic (٢٣) or Devanagari (२३) digits are refused, never read as numbers.
_VIETNAMESE = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$", re.ASCII)
# A plain machine number with a decimal point and no grouping: 2.5 is read as 2,5 only when the
# group after the dot cannot be a thousands group (not exactly three digits).
_MACHINE = re.compile(r"^[+-]?\d+\.\d+$", re.ASCII)


class NumberFormatError(ValueError):
    """The text is not a number; the message is Vietnamese and fit to show to the person who typed it."""


def parse_number(text: str, *, allow_percent: bool = True) -> Decimal:
    """Read a number written the Vietnamese way.

    ``2,23`` → 2.23; ``203.027`` → 203027; ``6.227.000`` → 6227000; ``2,23%`` → 2.23.
    A lone dot followed by exactly three digits is a thousands separator (``1.500`` = 1500).
    A dot followed by another count of digits (``2.5``) is accepted as a decimal point, since no
    Vietnamese writer groups thousands that way.
    """
    if text is None:
        raise NumberFormatError("Chưa nhập giá trị.")
    cleaned = _SPACES.sub("", str(text))
    if allow_percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if not cleaned:
        raise NumberFormatError("Chưa nhập giá trị.")
    if _VIETNAMESE.match(cleaned):
        normalized = cleaned.replace(".", "").replace(",", ".")
    elif _MACHINE.match(cleaned) and len(cleaned.split(".")[1]) != 3:
        normalized = cleaned
    else:
        raise NumberFormatError(
            f"“{text}” không phải là số hợp lệ. Dùng dấu phẩy cho phần thập phân và dấu chấm để tách "
            "hàng nghìn, ví dụ 2,23 hoặc 203.027."
        )
    try:
        return Decimal(normalized)
    except InvalidOperation as error:  # pragma: no cover - the patterns above admit only valid decimals
        raise NumberFormatError(f"“{text}” không phải là số hợp lệ.") from error


def rounded(value: Decimal | None, places: int | None) -> Decimal | None:
    """``value`` rounded half-up to ``places`` decimals (None: unchanged)."""
    if value is None or places is None:
        return value
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int | float | None, places: int | None = None, *, trim: bool = True) -> str:
    """6227000 → ``6.227.000``; 2.23 → ``2,23``; None → ``—``.

    With ``places`` the value is rounded half-up to that many decimals; ``trim`` drops trailing
    zeros of the decimal part (0,0950 → 0,095) so that figures look as the source wrote them.
    """
    if value is None:
        return "—"
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result += "," + fraction
    if result in ("0", ""):
        sign = ""
    return sign + result


def format_percent(value: Decimal | int | float | None, places: int | None = None) -> str:
    """2.23 → ``2,23%`` (no space before %, as Vietnamese documents write it)."""
    if value is None:
        return "—"
    return format_number(value, places) + "%"


def format_quantity(value: Decimal | int | float | None, unit: str, places: int | None = None) -> str:
    """A figure with its unit: ``2,23%``, ``20% GDP``, ``8‰``, ``203.027 lượt người/năm`` (no space before % or ‰).

    ``places``: the indicator's precision (``Indicator.places``, ``ansinh.rules.precision``), half-up, trailing
    zeros dropped; None writes the value as it is (targets as the plan wrote them)."""
    if value is None:
        return "—"
    number = format_number(value, places)
    if not unit:
        return number
    return number + (unit if unit in ("%", "‰") or unit.startswith("% ") else " " + unit)


def plain_decimal(value: Decimal | None) -> Decimal | None:
    """Drop the storage scale (2.230000 → 2.23, 203027.000000 → 203027) without exponent notation."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
