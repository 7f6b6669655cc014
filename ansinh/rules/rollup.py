"""Rolling unit figures up to the city, and carrying old units' figures onto the units that replaced them.

Pure rules, no Django (DESIGN.md §4). All arithmetic is ``Decimal``: sums are exact, and a rate is
computed once, at the end, as ``Σ numerators × scale / Σ denominators``.

Aggregation rules:

* ``sum`` — counts add up.
* ``ratio`` — rates (percent, per-10,000, …) are Σ numerators / Σ denominators × ``scale`` (100 for a
  percent, N for a per-N rate). Never an average of rates: a unit that sent only its rate, without
  numerator and denominator, cannot be rolled up correctly, so it is excluded and named with the reason.
* ``weighted_mean`` — Σ(value · weight) / Σ weight; ``scale`` does not apply (values keep their unit).
* ``none`` — the indicator is reported by the city only: the result is the city's own figure, or
  "no data" when the city did not report; sub-units' figures are ignored.

Which units a period expects — decided here, with the reason:

    The units expected for a period are those valid on the **last day of its data cut-off window**
    (:func:`units_valid_in`). The 2025 reform ended the old units on 30/6/2025 and started the new ones on
    1/7/2025, in the middle of a year. The units that exist when the figures are closed are the ones
    that answer for the whole period, and the ones the committee chases: for 2025 (cut-off 15/12/2024 –
    14/12/2025) the new communes and wards, for the first half of 2025 (cut-off ending 14/6/2025) the
    old districts. Counting "every unit valid on any day of the period" would expect both the old and the
    new units for 2025 and count the same people twice. Figures that old units reported for a period
    crossing the reform (:func:`units_ended_within`) are carried onto the new units through the
    successions (:func:`carry_through_successions`) and marked estimated; a new unit's own report, when
    it has one, wins over the carried estimate (:func:`merge_reported_and_carried`).

Carrying through successions:

* A divided old unit's counts (and numerators, denominators, weights) are split by the successions'
  shares. Shares that do not add up to 1 are normalised (each share divided by their sum), because a
  split can only hand out what the old unit had. When some shares are missing, the missing remainder
  (1 − the known shares, if positive) goes to the default successor among those without a share; other
  successors without a share get nothing. When no share is known, the whole figure goes to the default
  successor (or to the only successor).
* Merged old units are summed into their common successor.
* Parts are rounded to 6 decimals beyond the old figure's own, and the last part (the default
  successor's, if it takes part) is the remainder, so that the carried parts add up **exactly** to the
  old figure, and the carried figures of all new units to the old total. Estimated counts are not
  rounded to whole people here; display rounds.
* A rate is recomputed from the carried numerators and denominators. An old unit that had only a rate
  can be carried only whole and alone onto a successor; otherwise that successor's estimate is empty
  and its note says why.
* Every carried figure is marked ``estimated`` with a Vietnamese note: "ước tính từ số liệu của các đơn
  vị cũ: …".
"""

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any, Literal

from ansinh.core.numbers import format_number, format_percent

Aggregation = Literal["sum", "ratio", "weighted_mean", "none"]
UnitId = Hashable
# Mapping keys are invariant: a dict[int, …] is no Mapping[Hashable, …], so mappings take any key.
AGGREGATIONS = ("sum", "ratio", "weighted_mean", "none")

# How many unit names a sentence lists before it says "và N đơn vị khác".
NAMES_SHOWN = 10
# Carried parts keep this many decimals beyond the old figure's own (see _split).
PART_EXTRA_PLACES = 6
# Precision while splitting and adding carried parts: enough that no sum of parts ever rounds.
WORKING_PRECISION = 80


class SuccessionError(ValueError):
    """The successions cannot carry the figures (no successor, no default among several successors).

    Raised, never skipped: a figure that silently disappears would break the totals."""


@dataclass(frozen=True)
class UnitValue:
    """One unit's figure for one indicator and period. ``value`` for counts and weighted means,
    ``numerator`` and ``denominator`` for rates, ``weight`` for weighted means; ``estimated`` when the
    figure was carried from old units."""

    unit_id: UnitId
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    weight: Decimal | None = None
    estimated: bool = False


@dataclass(frozen=True)
class Exclusion:
    unit_id: UnitId
    reason: str


@dataclass(frozen=True)
class RolledUp:
    """The rolled-up figure and how complete it is.

    ``complete`` is true only when every expected unit reported a usable figure; otherwise
    ``units_missing`` (nothing reported) and ``units_excluded`` (reported, but unusable, with the reason)
    say who is lacking, and ``explanation_vi`` says the result is partial."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    units_counted: tuple[UnitId, ...]
    units_missing: tuple[UnitId, ...]
    complete: bool
    explanation_vi: str
    units_excluded: tuple[Exclusion, ...] = ()
    estimated: bool = False
    aggregation: str = "sum"


@dataclass(frozen=True)
class Succession:
    predecessor_id: UnitId
    successor_id: UnitId
    share: Decimal | None = None
    is_default: bool = True


@dataclass(frozen=True)
class CarriedShare:
    """One old unit's contribution to a new unit: the share of the old unit's figure it received."""

    old_unit_id: UnitId
    share: Decimal


@dataclass(frozen=True)
class EstimatedValue:
    """A new unit's figure estimated from old units' figures."""

    unit_id: UnitId
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    weight: Decimal | None
    sources: tuple[CarriedShare, ...]
    missing_predecessors: tuple[UnitId, ...]
    note_vi: str
    estimated: bool = True

    def as_unit_value(self) -> UnitValue:
        return UnitValue(
            unit_id=self.unit_id,
            value=self.value,
            numerator=self.numerator,
            denominator=self.denominator,
            weight=self.weight,
            estimated=True,
        )


@dataclass(frozen=True)
class UnitSpan:
    """When a unit existed; both ends inclusive, ``None`` for open."""

    unit_id: UnitId
    valid_from: date | None
    valid_to: date | None

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


# --- helpers -------------------------------------------------------------------------------------


def _dec(value: Decimal | int | float | str | None) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # Through str so that 0.1 stays 0.1 instead of its binary neighbour.
        return Decimal(str(value))
    return Decimal(value)


def _sort_key(unit_id: UnitId) -> tuple[int, str, int]:
    if isinstance(unit_id, int) and not isinstance(unit_id, bool):
        return (0, "", unit_id)
    return (1, str(unit_id), 0)


def _sorted(ids: Iterable[UnitId]) -> tuple[UnitId, ...]:
    return tuple(sorted(ids, key=_sort_key))


def _name(unit_id: UnitId, names: Mapping[Any, str] | None) -> str:
    if names and unit_id in names:
        return names[unit_id]
    return str(unit_id)


def _list_names(ids: Iterable[UnitId], names: Mapping[Any, str] | None) -> str:
    ordered = [_name(unit_id, names) for unit_id in ids]
    if len(ordered) <= NAMES_SHOWN:
        return ", ".join(ordered)
    return ", ".join(ordered[:NAMES_SHOWN]) + f" và {len(ordered) - NAMES_SHOWN} đơn vị khác"


def _num(value: Decimal | None) -> str:
    return format_number(value, 2)


# --- roll-up -------------------------------------------------------------------------------------


def _usable(item: UnitValue, aggregation: str) -> tuple[bool, str]:
    """(has data, reason it cannot be used or "")."""
    value, numerator, denominator = item.value, item.numerator, item.denominator
    if aggregation == "sum":
        return (value is not None, "")
    if aggregation == "ratio":
        if numerator is not None and denominator is not None:
            if denominator < 0:
                return (True, "mẫu số âm")
            return (True, "")
        if numerator is None and denominator is None:
            if value is None:
                return (False, "")
            return (
                True,
                "chỉ báo cáo tỷ lệ, không có tử số và mẫu số nên không cộng dồn được (không lấy bình quân các tỷ lệ)",
            )
        return (True, "thiếu mẫu số" if denominator is None else "thiếu tử số")
    # weighted mean
    if value is None:
        return (False, "")
    if item.weight is None:
        return (True, "thiếu quyền số nên không tính được bình quân gia quyền")
    if item.weight < 0:
        return (True, "quyền số âm")
    return (True, "")


def rollup(
    values: Iterable[UnitValue],
    *,
    aggregation: Aggregation,
    scale: Decimal | int = Decimal(1),
    expected_unit_ids: Collection[UnitId] | None = None,
    city_value: UnitValue | None = None,
    unit_names: Mapping[Any, str] | None = None,
) -> RolledUp:
    """Roll unit figures up to one figure (see the module notes for the rules).

    ``expected_unit_ids`` are the units that should have reported (:func:`units_valid_in`); figures from
    other units are excluded and named. Without it, the units given are the ones expected.
    ``city_value`` is the city's own report: the result for ``none``; for the other rules it is only
    compared with the roll-up in the sentence. ``unit_names`` makes the sentence readable."""
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    items = list(values)
    seen: set[UnitId] = set()
    for item in items:
        if item.unit_id in seen:
            raise ValueError(f"unit {item.unit_id!r} appears twice in one roll-up")
        seen.add(item.unit_id)
    if aggregation == "none":
        return _city_only(items, city_value, unit_names)
    scale_d = _dec(scale)
    assert scale_d is not None

    expected = set(expected_unit_ids) if expected_unit_ids is not None else set(seen)
    counted: list[UnitValue] = []
    excluded: list[Exclusion] = []
    for item in items:
        has_data, problem = _usable(item, aggregation)
        if not has_data:
            continue
        if item.unit_id not in expected:
            excluded.append(Exclusion(item.unit_id, "đơn vị không thuộc danh sách đơn vị phải báo cáo trong kỳ"))
        elif problem:
            excluded.append(Exclusion(item.unit_id, problem))
        else:
            counted.append(item)
    counted_ids = {item.unit_id for item in counted}
    excluded_ids = {exclusion.unit_id for exclusion in excluded}
    missing = _sorted(expected - counted_ids - excluded_ids)
    excluded_sorted = tuple(sorted(excluded, key=lambda exclusion: _sort_key(exclusion.unit_id)))
    complete = not missing and not any(exclusion.unit_id in expected for exclusion in excluded)
    estimated = any(item.estimated for item in counted)

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    if not counted:
        value = None
        sentence = "Chưa có số liệu của đơn vị nào"
    elif aggregation == "sum":
        value = sum((item.value for item in counted if item.value is not None), Decimal(0))
        sentence = _sum_sentence(value, len(counted), len(expected))
    elif aggregation == "ratio":
        numerator = sum((item.numerator for item in counted if item.numerator is not None), Decimal(0))
        denominator = sum((item.denominator for item in counted if item.denominator is not None), Decimal(0))
        value, sentence = _ratio(numerator, denominator, scale_d, len(counted), len(expected))
    else:
        numerator = sum(
            (item.value * item.weight for item in counted if item.value is not None and item.weight is not None),
            Decimal(0),
        )
        denominator = sum((item.weight for item in counted if item.weight is not None), Decimal(0))
        if denominator == 0:
            value = None
            sentence = f"Tổng quyền số của {len(counted)}/{len(expected)} đơn vị bằng 0 nên chưa tính được bình quân"
        else:
            value = numerator / denominator
            sentence = (
                f"Bình quân gia quyền = Σ(giá trị × quyền số) {_num(numerator)} / Σ quyền số {_num(denominator)}"
                f" = {_num(value)} ({len(counted)}/{len(expected)} đơn vị)"
            )

    sentence += _completeness(missing, excluded_sorted, complete, unit_names)
    if estimated:
        estimated_ids = [item.unit_id for item in counted if item.estimated]
        sentence += f"; số liệu của {_list_names(_sorted(estimated_ids), unit_names)} là ước tính từ đơn vị cũ"
    if city_value is not None and city_value.value is not None and value is not None and city_value.value != value:
        sentence += f"; thành phố tự báo cáo {_num(city_value.value)}, khác số cộng dồn"
    return RolledUp(
        value=value,
        numerator=numerator,
        denominator=denominator,
        units_counted=_sorted(counted_ids),
        units_missing=missing,
        complete=complete,
        explanation_vi=sentence + ".",
        units_excluded=excluded_sorted,
        estimated=estimated,
        aggregation=aggregation,
    )


def _sum_sentence(value: Decimal, counted: int, expected: int) -> str:
    return f"Tổng của {counted}/{expected} đơn vị: {_num(value)}"


def _ratio(
    numerator: Decimal, denominator: Decimal, scale: Decimal, counted: int, expected: int
) -> tuple[Decimal | None, str]:
    """A rate from the sums of numerators and denominators, and the sentence that shows it."""
    if denominator == 0:
        return None, (
            f"Tổng mẫu số của {counted}/{expected} đơn vị bằng 0 nên chưa tính được tỷ lệ (tổng tử số {_num(numerator)})"
        )
    # Multiply first: one rounding at the division instead of two.
    value = numerator * scale / denominator
    times = f" × {_num(scale)}" if scale != 1 else ""
    return value, (
        f"Tỷ lệ = tổng tử số {_num(numerator)} / tổng mẫu số {_num(denominator)}{times} = {_num(value)}"
        f" ({counted}/{expected} đơn vị; tính từ tổng tử số và mẫu số, không lấy bình quân các tỷ lệ)"
    )


def _completeness(
    missing: tuple[UnitId, ...],
    excluded: tuple[Exclusion, ...],
    complete: bool,
    names: Mapping[Any, str] | None,
) -> str:
    if complete and not excluded:
        return "; đủ số liệu các đơn vị"
    parts = []
    if not complete:
        parts.append("; kết quả chưa đầy đủ")
    if missing:
        parts.append(f"; thiếu số liệu của {len(missing)} đơn vị: {_list_names(missing, names)}")
    if excluded:
        reasons = "; ".join(f"{_name(e.unit_id, names)} ({e.reason})" for e in excluded[:NAMES_SHOWN])
        more = f" và {len(excluded) - NAMES_SHOWN} đơn vị khác" if len(excluded) > NAMES_SHOWN else ""
        parts.append(f"; không tính {len(excluded)} đơn vị: {reasons}{more}")
    return "".join(parts)


def _city_only(items: list[UnitValue], city_value: UnitValue | None, names: Mapping[Any, str] | None) -> RolledUp:
    ignored = f"; không cộng số liệu của {len(items)} đơn vị cấp dưới" if items else ""
    city_has_data = city_value is not None and (
        city_value.value is not None or (city_value.numerator is not None and city_value.denominator is not None)
    )
    if city_value is None or not city_has_data:
        missing = (city_value.unit_id,) if city_value is not None else ()
        return RolledUp(
            value=None,
            numerator=None,
            denominator=None,
            units_counted=(),
            units_missing=missing,
            complete=False,
            explanation_vi=f"Chỉ tiêu chỉ do thành phố báo cáo; chưa có số liệu: thành phố chưa báo cáo{ignored}.",
            aggregation="none",
        )
    city = _name(city_value.unit_id, names)
    return RolledUp(
        value=city_value.value,
        numerator=city_value.numerator,
        denominator=city_value.denominator,
        units_counted=(city_value.unit_id,),
        units_missing=(),
        complete=True,
        explanation_vi=(
            f"Chỉ tiêu chỉ do thành phố báo cáo: lấy số liệu của {city} ({_num(city_value.value)}){ignored}."
        ),
        estimated=city_value.estimated,
        aggregation="none",
    )


# --- periods and units -----------------------------------------------------------------------------


def units_valid_in(units: Iterable[UnitSpan], start: date, end: date) -> frozenset[UnitId]:
    """The units expected to report for the period whose cut-off window runs ``start``..``end``:
    those valid on ``end``, the window's last day (see the module notes for why)."""
    if start > end:
        raise ValueError("the period starts after it ends")
    return frozenset(unit.unit_id for unit in units if unit.is_valid_on(end))


def units_ended_within(units: Iterable[UnitSpan], start: date, end: date) -> frozenset[UnitId]:
    """Units that existed during the window but no longer on its last day: their figures for the period
    are carried onto their successors (:func:`carry_through_successions`)."""
    if start > end:
        raise ValueError("the period starts after it ends")
    return frozenset(
        unit.unit_id
        for unit in units
        if unit.valid_to is not None
        and start <= unit.valid_to < end
        and (unit.valid_from is None or unit.valid_from <= unit.valid_to)
    )


# --- carrying through successions --------------------------------------------------------------


def effective_shares(successions: Iterable[Succession]) -> list[tuple[UnitId, Decimal]]:
    """How one old unit's figure is divided among its successors: ``(successor, share)`` pairs whose
    shares add up to 1, the default successor last (it takes the remainder when parts are computed).

    See the module notes for the rule; raises :class:`SuccessionError` when no successor can be chosen."""
    items = list(successions)
    if not items:
        raise SuccessionError("no successor")
    predecessor = items[0].predecessor_id
    successors = [item.successor_id for item in items]
    if len(set(successors)) != len(successors):
        raise SuccessionError(f"unit {predecessor!r} lists the same successor twice")
    for item in items:
        if item.share is not None and item.share < 0:
            raise SuccessionError(f"negative share from {predecessor!r} to {item.successor_id!r}")

    def default_among(candidates: list[Succession]) -> Succession | None:
        if len(candidates) == 1:
            return candidates[0]
        defaults = [item for item in candidates if item.is_default]
        return defaults[0] if len(defaults) == 1 else None

    known = [item for item in items if item.share is not None]
    unknown = [item for item in items if item.share is None]
    raw: dict[UnitId, Decimal] = {}
    for item in known:
        assert item.share is not None
        raw[item.successor_id] = _dec(item.share) or Decimal(0)
    remainder = Decimal(1) - sum(raw.values(), Decimal(0))
    heir = default_among(unknown) if unknown else None
    if heir is not None and remainder > 0:
        raw[heir.successor_id] = remainder
    total = sum(raw.values(), Decimal(0))
    if total == 0:
        # No usable share at all: the whole figure goes to the default successor.
        chosen = default_among(items)
        if chosen is None:
            names = ", ".join(str(s) for s in _sorted(successors))
            raise SuccessionError(
                f"unit {predecessor!r} was divided among {names} without shares and without one default successor"
            )
        return [(chosen.successor_id, Decimal(1))]
    last = default_among([item for item in items if raw.get(item.successor_id, 0) > 0])
    ordered = [
        (successor, raw[successor] / total)
        for successor in _sorted(raw)
        if raw[successor] > 0 and (last is None or successor != last.successor_id)
    ]
    if last is not None:
        ordered.append((last.successor_id, raw[last.successor_id] / total))
    return ordered


def _split(amount: Decimal, shares: list[tuple[UnitId, Decimal]]) -> list[Decimal]:
    """Parts of ``amount`` by share; the last part is the remainder so that the parts add up exactly.

    Parts are rounded to ``PART_EXTRA_PLACES`` decimals beyond the figure's own: an unrounded part
    (say a third) would carry 28 significant digits, and adding such parts across units of different
    sizes would round, losing the exact totals."""
    exponent = min(amount.as_tuple().exponent, 0)
    assert isinstance(exponent, int)  # finite figures only
    quantum = Decimal(1).scaleb(exponent - PART_EXTRA_PLACES)
    with localcontext() as context:
        context.prec = WORKING_PRECISION
        parts = [(amount * share).quantize(quantum, rounding=ROUND_HALF_EVEN) for _successor, share in shares[:-1]]
        parts.append(amount - sum(parts, Decimal(0)))
    return parts


@dataclass
class _Accumulator:
    value: Decimal = Decimal(0)
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    sources: list[CarriedShare] | None = None
    rate_only: list[tuple[UnitId, Decimal, Decimal]] | None = None  # (old unit, share, its rate)

    def source(self, old_unit_id: UnitId, share: Decimal) -> None:
        if self.sources is None:
            self.sources = []
        self.sources.append(CarriedShare(old_unit_id, share))


def carry_through_successions(
    values_by_old_unit: Mapping[Any, UnitValue],
    successions: Iterable[Succession],
    aggregation: Aggregation,
    *,
    scale: Decimal | int = Decimal(1),
    unit_names: Mapping[Any, str] | None = None,
) -> dict[UnitId, EstimatedValue]:
    """Old units' figures carried onto the new units that replaced them (see the module notes).

    Returns one :class:`EstimatedValue` per new unit that received at least one old figure. Old units
    listed in the successions but without a figure are named in ``missing_predecessors``; an old unit
    with a figure but no succession raises :class:`SuccessionError`, as does ``aggregation="none"``
    (a city-only indicator has no sub-unit figures to carry)."""
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    if aggregation == "none":
        raise ValueError("city-only indicators have no sub-unit figures to carry through successions")
    scale_d = _dec(scale)
    assert scale_d is not None

    by_predecessor: dict[UnitId, list[Succession]] = defaultdict(list)
    predecessors_of: dict[UnitId, set[UnitId]] = defaultdict(set)
    for succession in successions:
        by_predecessor[succession.predecessor_id].append(succession)
        predecessors_of[succession.successor_id].add(succession.predecessor_id)

    def has_figure(item: UnitValue) -> bool:
        # Something to hand on: an additive form, or at least a bare rate / unweighted value.
        return _carried_amounts(item, aggregation) is not None or item.value is not None

    orphans = [old for old, item in values_by_old_unit.items() if has_figure(item) and old not in by_predecessor]
    if orphans:
        raise SuccessionError(f"no successor for old units with figures: {', '.join(map(str, _sorted(orphans)))}")

    totals: dict[UnitId, _Accumulator] = defaultdict(_Accumulator)
    for old_id in _sorted(values_by_old_unit):
        item = values_by_old_unit[old_id]
        if not has_figure(item):
            continue
        shares = effective_shares(by_predecessor[old_id])
        successor_ids = [successor for successor, _share in shares]
        amounts = _carried_amounts(item, aggregation)
        if amounts is None:
            # A rate without its numerator and denominator (or a mean without its weight).
            rate = item.value
            assert rate is not None
            for successor, share in shares:
                acc = totals[successor]
                acc.rate_only = [*(acc.rate_only or []), (old_id, share, rate)]
                acc.source(old_id, share)
            continue
        split = [_split(amount, shares) for amount in amounts]
        with localcontext() as context:
            context.prec = WORKING_PRECISION
            for index, successor in enumerate(successor_ids):
                acc = totals[successor]
                if aggregation == "sum":
                    acc.value += split[0][index]
                else:
                    acc.numerator += split[0][index]
                    acc.denominator += split[1][index]
                acc.source(old_id, shares[index][1])

    results: dict[UnitId, EstimatedValue] = {}
    for new_id in _sorted(totals):
        acc = totals[new_id]
        missing = _sorted(
            old
            for old in predecessors_of.get(new_id, ())
            if old not in values_by_old_unit or not has_figure(values_by_old_unit[old])
        )
        results[new_id] = _estimate(new_id, acc, missing, aggregation, scale_d, unit_names)
    return results


def _carried_amounts(item: UnitValue, aggregation: str) -> list[Decimal] | None:
    """The additive amounts an old unit hands on: its count; its numerator and denominator; its
    value × weight and weight. ``None`` when the figure has no additive form."""
    if aggregation == "sum":
        return None if item.value is None else [item.value]
    if aggregation == "ratio":
        if item.numerator is None or item.denominator is None:
            return None
        return [item.numerator, item.denominator]
    if item.value is None or item.weight is None:
        return None
    return [item.value * item.weight, item.weight]


def _share_phrase(share: Decimal) -> str:
    return "toàn bộ" if share == 1 else format_percent(share * 100, 2)


def _estimate(
    new_id: UnitId,
    acc: _Accumulator,
    missing: tuple[UnitId, ...],
    aggregation: str,
    scale: Decimal,
    names: Mapping[Any, str] | None,
) -> EstimatedValue:
    sources = tuple(acc.sources or ())
    listed = ", ".join(f"{_name(s.old_unit_id, names)} ({_share_phrase(s.share)})" for s in sources)
    note = f"ước tính từ số liệu của các đơn vị cũ: {listed}"
    if missing:
        note += f"; thiếu số liệu của đơn vị cũ: {_list_names(missing, names)}"

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    weight: Decimal | None = None
    if aggregation == "sum":
        value = acc.value
    elif acc.rate_only:
        _old_id, share, rate = acc.rate_only[0]
        if len(sources) == 1 and share == 1:
            # The whole of one old unit and nothing else: its rate is the new unit's rate.
            value = rate
        else:
            value = None
            what = "tỷ lệ" if aggregation == "ratio" else "giá trị không có quyền số"
            olds = _list_names([old for old, _share, _rate in acc.rate_only], names)
            note += f"; không ước tính được vì đơn vị cũ {olds} chỉ có {what}, không tách hoặc gộp được"
    else:
        if aggregation == "ratio":
            numerator, denominator = acc.numerator, acc.denominator
            value = numerator * scale / denominator if denominator != 0 else None
        else:
            numerator, denominator, weight = acc.numerator, acc.denominator, acc.denominator
            value = numerator / denominator if denominator != 0 else None
    return EstimatedValue(
        unit_id=new_id,
        value=value,
        numerator=numerator,
        denominator=denominator,
        weight=weight,
        sources=sources,
        missing_predecessors=missing,
        note_vi=note,
    )


def merge_reported_and_carried(
    reported: Iterable[UnitValue], carried: Mapping[Any, EstimatedValue], aggregation: Aggregation
) -> list[UnitValue]:
    """The figures to roll up for a period that crosses the reform: each new unit's own report when it
    has a figure, else the estimate carried from its old units."""
    merged: dict[UnitId, UnitValue] = {}
    for item in reported:
        if aggregation == "none" or _usable(item, aggregation)[0]:
            merged[item.unit_id] = item
    for unit_id, estimate in carried.items():
        if unit_id not in merged:
            merged[unit_id] = estimate.as_unit_value()
    return [merged[unit_id] for unit_id in _sorted(merged)]


@dataclass(frozen=True)
class Sums:
    """What an area's maintained total keeps: sums, not the units' figures (``reporting.ApprovedTotal``)."""

    value_sum: Decimal
    value_count: int
    numerator_sum: Decimal
    denominator_sum: Decimal
    parts_count: int


def figure_from_sums(sums: Sums, *, aggregation: str, scale: Decimal | int = Decimal(1)) -> Decimal | None:
    """The rolled-up figure that :func:`rollup` gives for the same units, computed from their sums alone.

    Only ``sum`` and ``ratio`` decompose into sums; a weighted mean needs Σ(value × weight) and ``none``
    is the city's own figure, so both give None here and are read the slow way."""
    if aggregation == "sum":
        return sums.value_sum if sums.value_count else None
    if aggregation == "ratio":
        if not sums.parts_count or sums.denominator_sum == 0:
            return None
        return sums.numerator_sum * Decimal(scale) / sums.denominator_sum
    return None


# --- the units that count --------------------------------------------------------------------------
#
# One definition, used by the maintained totals (``reporting/totals.py``), by their rebuild and by the
# verdicts' roll-up (``evaluation/selectors.py``):
#
#     The total of an area, for one period, indicator and cut, is the sum of the own figures of the units
#     under it that report one, except a unit with a reporting unit between it and the area: that unit's
#     figure already covers it (a province that reported its own count speaks for its communes, so the
#     country counts the province once, never the province plus its communes). The area's own figure is
#     not part of its total; it stands beside it, and takes precedence as the area's figure.
#
# So a unit's own figure counts in the totals of the areas above it up to, and including, the nearest one
# that reports a figure of its own (:func:`areas_counting`); the units that make an area's total are
# :func:`counted_units`.


def areas_counting(unit_id: UnitId, parents: Mapping[Any, Any], reporters: Collection[UnitId]) -> list[UnitId]:
    """The areas whose total counts ``unit_id``'s own figure, nearest first: the units above it up to and
    including the nearest one among ``reporters`` (the units with a figure of their own)."""
    areas: list[UnitId] = []
    above = parents.get(unit_id)
    while above is not None and above not in areas and above != unit_id:
        areas.append(above)
        if above in reporters:
            break
        above = parents.get(above)
    return areas


def counted_units(area_id: UnitId, parents: Mapping[Any, Any], reporters: Collection[UnitId]) -> frozenset[UnitId]:
    """The units whose own figures make ``area_id``'s total: the reporters under it with no reporter between
    them and the area (see the notes above)."""
    return frozenset(
        unit_id
        for unit_id in reporters
        if unit_id != area_id and area_id in areas_counting(unit_id, parents, reporters)
    )


def has_own_figure(value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None) -> bool:
    """Whether a stored value is a figure that counts (and covers the units under its unit): a value, or
    both parts of a rate. A yes/no or qualitative answer has neither and covers nothing."""
    return value is not None or (numerator is not None and denominator is not None)


# --- a roll-up read from the maintained sums ------------------------------------------------------------

# The share of the expected units a roll-up needs before it is judged, unless the programme sets its own.
DEFAULT_COVERAGE = Decimal(80)


@dataclass(frozen=True)
class SummedUp:
    """An area's figure read from its maintained sums (:class:`Sums`): what :func:`rollup` gives for the
    units that count (:func:`counted_units`), without the units' names. ``counted`` is how many units are
    in, ``expected`` how many should report."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    counted: int
    expected: int
    explanation_vi: str
    aggregation: str = "sum"

    @property
    def complete(self) -> bool:
        return self.counted >= self.expected


def summed_up(sums: Sums, *, aggregation: str, expected: int, scale: Decimal | int = Decimal(1)) -> SummedUp | None:
    """The roll-up of ``sums`` by ``aggregation`` (``sum`` or ``ratio``; the others do not decompose into
    sums and give None), with the sentence :func:`rollup` would say, naming how many units are missing
    instead of which."""
    scale_d = _dec(scale)
    assert scale_d is not None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    if aggregation == "sum":
        counted = sums.value_count
        value: Decimal | None = sums.value_sum if counted else None
        sentence = _sum_sentence(sums.value_sum, counted, expected) if counted else "Chưa có số liệu của đơn vị nào"
    elif aggregation == "ratio":
        counted = sums.parts_count
        if counted:
            numerator, denominator = sums.numerator_sum, sums.denominator_sum
            value, sentence = _ratio(numerator, denominator, scale_d, counted, expected)
        else:
            value, sentence = None, "Chưa có số liệu của đơn vị nào"
    else:
        return None
    if counted >= expected:
        sentence += "; đủ số liệu các đơn vị"
    else:
        sentence += f"; kết quả chưa đầy đủ; thiếu số liệu của {expected - counted} đơn vị"
    return SummedUp(value, numerator, denominator, counted, expected, sentence + ".", aggregation)


def below_coverage(counted: int, expected: int, coverage: Decimal | int | None) -> bool:
    """Whether a roll-up of ``counted`` of ``expected`` units is too thin to judge: fewer than ``coverage``
    percent of them (one commune of 126 must not decide a city's verdict). No expected units, or no
    coverage set, never blocks."""
    if not expected or coverage is None:
        return False
    return Decimal(counted) * 100 < Decimal(coverage) * expected


def coverage_sentence(counted: int, expected: int, coverage: Decimal | int) -> str:
    """What a roll-up below the coverage says instead of a verdict."""
    return (
        f"Mới có {counted}/{expected} đơn vị báo cáo, dưới mức {format_percent(coverage, 0)} số đơn vị "
        "phải báo cáo mà chương trình đặt ra để đánh giá: chưa đánh giá."
    )
