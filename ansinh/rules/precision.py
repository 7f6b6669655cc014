"""How many decimals a figure of an indicator shows: the one rule every page, export and API display string
follows (``core.numbers.format_quantity(..., places)``; the template filter ``figure``). Pure, no Django.

The indicator may declare its precision (a poverty rate published as 0,095% keeps three decimals); otherwise
an indicator that counts people, households or visits shows whole numbers and every other figure two decimals.
Rounding is half-up, and trailing zeros are dropped (2,50% → 2,5%), so a figure reads as its source wrote it.
Stored values are never rounded: only what is shown."""

from ansinh.rules.checks import IndicatorFacts, is_count

DEFAULT_PLACES = 2


def display_places(value_type: str, unit: str, declared: int | None = None) -> int:
    if declared is not None:
        return declared
    if is_count(IndicatorFacts(code="", name="", value_type=value_type, unit=unit)):
        return 0
    return DEFAULT_PLACES
