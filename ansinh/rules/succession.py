"""Which body holds a duty on a day, following successions: a pure rule, no ORM (``org.selectors.OfficeHolders``
feeds it from the database).

A unit that ended hands its duties to its successors on the succession's date. A split names what moved where:
by field (an indicator's ``field``, e.g. "Trợ giúp xã hội") or by indicator (``"<programme code>|<indicator
code>"``); what no succession names goes to the default (main) successor. The walk goes on while the holder found
has itself ended, so a duty passed twice lands with the body in office. History stays: on a day the unit was in
office, it is the holder.

A split's shares, when given, add up to 1 (``share_problem``).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ansinh.core.numbers import format_number


@dataclass(frozen=True)
class UnitSpan:
    id: int
    valid_from: date | None = None
    valid_to: date | None = None

    def in_office(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Handover:
    predecessor_id: int
    successor_id: int
    effective_on: date
    fields: frozenset[str] = field(default_factory=frozenset)
    indicators: frozenset[str] = field(default_factory=frozenset)
    is_default: bool = True


def indicator_key(program_code: str, indicator_code: str) -> str:
    """How a succession names one indicator of one programme: ``"08-CTr/TU|8"``."""
    return f"{program_code}|{indicator_code}"


def _next_holder(handovers: Sequence[Handover], day: date, duty_field: str, indicator: str) -> int | None:
    due = [h for h in handovers if h.effective_on <= day]
    if indicator:
        named = [h for h in due if indicator in h.indicators]
        if named:
            return named[0].successor_id
    if duty_field:
        named = [h for h in due if duty_field in h.fields]
        if named:
            return named[0].successor_id
    defaults = [h for h in due if h.is_default]
    if defaults:
        return defaults[0].successor_id
    return due[0].successor_id if len(due) == 1 else None


def holder_on(
    unit_id: int,
    day: date,
    units: Mapping[int, UnitSpan],
    handovers: Iterable[Handover],
    *,
    duty_field: str = "",
    indicator: str = "",
) -> int | None:
    """The unit that holds ``unit_id``'s duty (of ``duty_field`` / ``indicator``) on ``day``: the unit itself while
    it is in office (or before it began: no successor holds its duty then), else its successor for that duty, and so
    on. None when the duty ended with no successor named for it."""
    by_predecessor: dict[int, list[Handover]] = {}
    for handover in handovers:
        by_predecessor.setdefault(handover.predecessor_id, []).append(handover)
    current = unit_id
    seen: set[int] = set()
    while True:
        span = units.get(current, UnitSpan(current))
        if span.valid_to is None or day <= span.valid_to:
            return current
        if current in seen:  # a cycle in the data: no holder can be named
            return None
        seen.add(current)
        following = _next_holder(by_predecessor.get(current, ()), day, duty_field, indicator)
        if following is None:
            return None
        current = following


def share_problem(shares: Sequence[Decimal | None]) -> str | None:
    """A Vietnamese sentence when the shares of one unit's successors do not add up to 1 (all given, or none)."""
    given = [share for share in shares if share is not None]
    if not given:
        return None
    if len(given) != len(shares):
        return "Khi đã ghi tỷ lệ cho một đơn vị kế thừa thì phải ghi tỷ lệ cho mọi đơn vị kế thừa của cùng đơn vị cũ."
    if any(share <= 0 or share > 1 for share in given):
        return "Mỗi tỷ lệ kế thừa phải lớn hơn 0 và không quá 1."
    total = sum(given, Decimal(0))
    if abs(total - 1) > Decimal("0.000001"):
        return f"Tổng tỷ lệ của các đơn vị kế thừa phải bằng 1 (đang là {format_number(total)})."
    return None
