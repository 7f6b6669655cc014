"""Judging one indicator for one period, and summing up a programme the committee's way.

Pure rules, no Django: which target applies, how each comparator is met, what "exceeded" means,
and the Vietnamese sentence that says why (DESIGN.md §4).

"Exceeded" needs a margin: an actual value that is better than the target by more than the
programme's tolerance (relative to the target value). The same tolerance decides when an
``approx`` ("khoảng X") target is met. A target that cannot be beaten (at least 100 %, at most 0)
is achieved at best.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ansinh.core.numbers import format_number, format_quantity


class Status(StrEnum):
    EXCEEDED = "exceeded"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_IMPLEMENTED = "not_implemented"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"
    # A year without a target of its own, judged against the path from the base value to the end target.
    ON_PATH = "on_path"
    BEHIND_PATH = "behind_path"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.EXCEEDED: "Vượt",
    Status.ACHIEVED: "Đạt",
    Status.NOT_ACHIEVED: "Chưa đạt",
    Status.NOT_IMPLEMENTED: "Chưa triển khai",
    Status.NO_DATA: "Chưa có số liệu",
    Status.NOT_ASSESSED: "Không đánh giá",
    Status.ON_PATH: "Đúng lộ trình",
    Status.BEHIND_PATH: "Chậm so với lộ trình",
}
# What the committee declares for a year (the path statuses are computed, never declared).
DECLARABLE_STATUSES = (
    Status.EXCEEDED,
    Status.ACHIEVED,
    Status.NOT_ACHIEVED,
    Status.NOT_IMPLEMENTED,
    Status.NO_DATA,
    Status.NOT_ASSESSED,
)

# How good a judged status is; monotonicity is stated against this order.
STATUS_RANK = {Status.NOT_ACHIEVED: 0, Status.ACHIEVED: 1, Status.EXCEEDED: 2}
# The same for a year judged against the path to the end target.
PATH_RANK = {Status.BEHIND_PATH: 0, Status.ON_PATH: 1}

NUMERIC_COMPARATORS = frozenset({"lt", "le", "gt", "ge", "eq", "approx", "between", "relative"})
JUDGED_COMPARATORS = frozenset({"yes_no", "qualitative"})
# The verdict rule of a figure that a qualitative or yes/no target leaves to a person who has not judged it yet.
AWAITING_JUDGEMENT = "awaiting_judgement"


@dataclass(frozen=True)
class TargetRule:
    """A structured target as the verdict needs it."""

    comparator: str
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str = ""
    phrase: str = ""
    year: int | None = None
    scope_id: int | None = None
    is_end_target: bool = False
    base_year: int | None = None
    multiplier: Decimal | None = None
    # "level", or a change judged against the base year's value: "change_per_year" (on average per year
    # since the base year), "change_vs_base", "points_change", "multiple" (see ansinh.rules.targets.KINDS)
    kind: str = "level"
    # The indicator's precision (ansinh.rules.precision): how many decimals a figure judged against it shows.
    places: int | None = None


CHANGE_PER_YEAR, CHANGE_VS_BASE, POINTS_CHANGE, MULTIPLE = (
    "change_per_year",
    "change_vs_base",
    "points_change",
    "multiple",
)
CHANGE_KINDS = frozenset({CHANGE_PER_YEAR, CHANGE_VS_BASE, POINTS_CHANGE, MULTIPLE})
POINTS = "điểm phần trăm"


@dataclass(frozen=True)
class Observation:
    """What was reported for the period. ``achieved`` is a person's judgement for yes/no and
    qualitative targets, given with evidence."""

    value: Decimal | None = None
    achieved: bool | None = None
    not_implemented: bool = False
    evidence: str = ""


@dataclass(frozen=True)
class Verdict:
    status: Status
    explanation: str
    rule: str
    target: TargetRule | None = None
    # A figure is in but could not be judged (no target for the year, a target a person judges, no base-year
    # figure for a change): the verdict is still "no data" for the counts, but the badge must not say so.
    has_figure: bool = False

    @property
    def label(self) -> str:
        """The badge: the status, except that a figure not yet judged is "Chưa đánh giá", not "Chưa có số liệu"."""
        return "Chưa đánh giá" if self.unjudged_figure else self.status.label

    @property
    def unjudged_figure(self) -> bool:
        return self.has_figure and self.status == Status.NO_DATA


def choose_target(targets: Iterable[TargetRule], year: int, scope_id: int | None = None) -> TargetRule | None:
    """The yearly target of that year for that scope if there is one, else the end target.

    A unit's own target beats the programme-wide one of the same kind."""
    candidates = list(targets)

    def best(matching: Sequence[TargetRule]) -> TargetRule | None:
        own = [t for t in matching if scope_id is not None and t.scope_id == scope_id]
        general = [t for t in matching if t.scope_id is None]
        chosen = own or general
        return chosen[0] if chosen else None

    yearly = best([t for t in candidates if t.year == year and not t.is_end_target])
    if yearly is not None:
        return yearly
    ends = sorted((t for t in candidates if t.is_end_target), key=lambda t: t.year or 0)
    # The end target that applies is the nearest one still ahead; a past end target still
    # judges a late report.
    ahead = [t for t in ends if (t.year or 0) >= year]
    return best(ahead) or best(ends[::-1])


@dataclass(frozen=True)
class PathBase:
    """Where the path to an end target starts: a base year, its value, and where the value comes from."""

    year: int
    value: Decimal
    source: str = ""


PATH_COMPARATORS = frozenset({"lt", "le", "gt", "ge", "eq", "approx", "between"})


def is_path_year(target: TargetRule | None, year: int | None) -> bool:
    """Is ``year`` judged against the path rather than against ``target`` itself? Yes when the target that applies
    is an end target of a later year stated as a numeric level. (A change target states its own pace and a yes/no or
    qualitative target is judged by a person, so those are judged as they are.)"""
    return (
        target is not None
        and year is not None
        and target.is_end_target
        and target.year is not None
        and target.year > year
        and target.kind == "level"
        and target.comparator in PATH_COMPARATORS
        and target.value is not None
    )


def choose_path_base(
    recorded: PathBase | None, series: Mapping[int, Decimal | None], year: int, base_year: int
) -> PathBase | None:
    """Where the path starts for a judgement of ``year``: the base value the plan (or the secretariat) recorded;
    else the figure of ``base_year`` (the year before the programme starts); else the first figure before ``year``.
    None when nothing comes before ``year``: a path needs a start."""
    if recorded is not None:
        return recorded if recorded.year < year else None
    value = series.get(base_year)
    if value is not None and base_year < year:
        return PathBase(base_year, value, f"số liệu năm {base_year}")
    for earlier in sorted(series):
        found = series[earlier]
        if earlier < year and found is not None:
            return PathBase(earlier, found, f"số liệu năm {earlier}")
    return None


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def path_value(base: PathBase, end_year: int, end_value: Decimal, year: int) -> Decimal:
    """The value the path reaches in ``year``: linear from the base value in the base year to the end value in the
    end year, rounded half-up to two more decimals than the figures it is drawn from (at most six)."""
    span = end_year - base.year
    if span <= 0 or year >= end_year:
        return end_value
    if year <= base.year:
        return base.value
    exact = base.value + (end_value - base.value) * Decimal(year - base.year) / Decimal(span)
    places = min(6, max(_places(base.value), _places(end_value)) + 2)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def path_target(end: TargetRule, base: PathBase, year: int, direction: str) -> TargetRule:
    """The end target carried back to ``year`` along the path: "at least the path value" for a target to rise to,
    "at most" for one to fall to; a band is reached from the side the base value lies on (inside it, the band)."""
    assert end.value is not None and end.year is not None
    low, high = end.value, end.value_max if end.value_max is not None else end.value
    comparator = end.comparator
    if comparator in ("eq", "approx"):
        comparator = {"up": "ge", "down": "le"}.get(direction, comparator)
    if comparator == "between" or comparator in ("eq", "approx"):
        if base.value < low:
            comparator, goal = "ge", low
        elif base.value > high:
            comparator, goal = "le", high
        else:
            return replace(end, phrase="", is_end_target=False, year=year)
    else:
        comparator = "ge" if comparator in ("gt", "ge") else "le"
        goal = end.value
    interim = path_value(base, end.year, goal, year)
    return TargetRule(comparator=comparator, value=interim, unit=end.unit, year=year, places=end.places)


def judge_on_path(
    end: TargetRule,
    direction: str,
    actual: Decimal,
    base: PathBase | None,
    year: int,
    *,
    tolerance: Decimal = Decimal("0.02"),
) -> Verdict:
    """A year with no target of its own, judged against the path to the end target: "đúng lộ trình" or "chậm so
    với lộ trình", never "chưa đạt" against a target years away. A figure that already meets the end target is on
    the path; without a base value there is no path to be behind."""
    assert end.year is not None
    lead = (
        f"Năm {year} không có mục tiêu riêng; đánh giá theo lộ trình đến mục tiêu năm {end.year} "
        f"“{describe_target(end)}”."
    )
    shown = format_quantity(actual, end.unit, end.places)
    at_end = _judge_numeric(end, direction, actual, tolerance)
    if at_end.status in (Status.ACHIEVED, Status.EXCEEDED):
        return Verdict(
            Status.ON_PATH,
            f"{lead} Thực hiện {shown}: đã đạt mục tiêu năm {end.year}, đúng lộ trình.",
            "path",
            end,
        )
    if base is None:
        return Verdict(
            Status.NO_DATA,
            f"{lead} Thực hiện {shown}; chưa có giá trị năm gốc để dựng lộ trình (Ban Chỉ đạo nhập giá trị năm gốc "
            "ở trang mục tiêu), nên chưa đánh giá.",
            "path_no_base",
            end,
        )
    interim = path_target(end, base, year, direction)
    verdict = _judge_numeric(interim, direction, actual, tolerance)
    on_path = verdict.status in (Status.ACHIEVED, Status.EXCEEDED)
    source = f", {base.source}" if base.source else ""
    step = (
        f"Lộ trình tuyến tính từ năm gốc {base.year} ({format_quantity(base.value, end.unit, end.places)}{source}) cần "
        f"“{describe_target(interim)}” trong năm {year}."
    )
    if on_path:
        return Verdict(Status.ON_PATH, f"{lead} {step} Thực hiện {shown}: đúng lộ trình.", "path", end)
    assert interim.value is not None
    gap = describe_gap(abs(actual - interim.value), end.unit, end.places)
    return Verdict(
        Status.BEHIND_PATH,
        f"{lead} {step} Thực hiện {shown}: chậm so với lộ trình (còn cách {gap}).",
        "path",
        end,
    )


def describe_gap(gap: Decimal, unit: str, places: int | None = None) -> str:
    """A difference between two rates is in percentage points, not per cent (of GDP too: ``% GDP``)."""
    if unit == "%" or unit.startswith("% "):
        return f"{format_number(gap, places)} điểm phần trăm{unit[1:]}"
    return format_quantity(gap, unit, places)


def describe_target(target: TargetRule) -> str:
    """The target as the plan wrote it, or rebuilt from its parts when no phrase is kept."""
    if target.phrase:
        return target.phrase
    unit = target.unit
    if target.comparator == "between" and target.value is not None and target.value_max is not None:
        return f"từ {format_number(target.value, target.places)} đến {format_quantity(target.value_max, unit, target.places)}"
    if target.comparator == "relative" and target.multiplier is not None:
        return f"gấp {format_number(target.multiplier)} lần năm {target.base_year}"
    words = {"lt": "dưới", "le": "không quá", "gt": "trên", "ge": "tối thiểu", "eq": "", "approx": "khoảng"}
    word = words.get(target.comparator, "")
    if target.value is None:
        return word
    return f"{word} {format_quantity(target.value, unit, target.places)}".strip()


def judge(
    target: TargetRule | None,
    direction: str,
    observation: Observation | None,
    *,
    tolerance: Decimal = Decimal("0.02"),
    base_value: Decimal | None = None,
    year: int | None = None,
    path_base: PathBase | None = None,
) -> Verdict:
    """The verdict of one indicator for one period.

    ``direction`` is "up", "down" or "band"; ``tolerance`` is relative to the target value;
    ``base_value`` is the base-year value for relative targets; ``path_base`` is where the path to an end target
    starts, for a year that has no target of its own (:func:`is_path_year`, :func:`judge_on_path`).
    """
    verdict = _judge(target, direction, observation, tolerance, base_value, year, path_base)
    if verdict.status == Status.NO_DATA and observation is not None and observation.value is not None:
        return replace(verdict, has_figure=True)
    return verdict


def _judge(
    target: TargetRule | None,
    direction: str,
    observation: Observation | None,
    tolerance: Decimal,
    base_value: Decimal | None,
    year: int | None,
    path_base: PathBase | None,
) -> Verdict:
    period = f" năm {year}" if year else ""
    if observation is not None and observation.not_implemented:
        return Verdict(
            Status.NOT_IMPLEMENTED,
            f"Đơn vị báo cáo chưa triển khai thực hiện chỉ tiêu{period}.",
            "not_implemented",
            target,
        )
    if target is None:
        if observation is not None and observation.value is not None:
            return Verdict(Status.NO_DATA, f"Đã có số liệu{period} nhưng chưa có mục tiêu để đánh giá.", "no_target")
        return Verdict(Status.NO_DATA, "Chưa có mục tiêu để đánh giá.", "no_target", None)
    if target.comparator in JUDGED_COMPARATORS:
        return _judge_by_person(target, observation, period)
    if observation is None or observation.value is None:
        return Verdict(Status.NO_DATA, f"Chưa có số liệu{period}.", "no_data", target)
    if year is not None and is_path_year(target, year):
        return judge_on_path(target, direction, observation.value, path_base, year, tolerance=tolerance)
    if target.comparator == "relative":
        return _judge_relative(target, direction, observation.value, tolerance, base_value, period)
    if target.kind in CHANGE_KINDS:
        return judge_change(target, direction, observation.value, base_value, year, tolerance=tolerance)
    return _judge_numeric(target, direction, observation.value, tolerance)


def _judge_by_person(target: TargetRule, observation: Observation | None, period: str) -> Verdict:
    if observation is not None and observation.achieved is None and observation.value is not None:
        # A figure is in (a poverty rate against "cơ bản không còn hộ nghèo"), but nobody has judged it yet: the
        # badge must not say there are no figures.
        return Verdict(
            Status.NO_DATA,
            f"Đã có số liệu{period} nhưng mục tiêu “{describe_target(target)}” cần người đánh giá kèm minh chứng; "
            "chưa đánh giá.",
            AWAITING_JUDGEMENT,
            target,
        )
    if observation is None or observation.achieved is None:
        return Verdict(
            Status.NO_DATA,
            f"Chỉ tiêu “{describe_target(target)}” cần người đánh giá kèm minh chứng; chưa có đánh giá{period}.",
            "judged_by_person",
            target,
        )
    evidence = f" Minh chứng: {observation.evidence}" if observation.evidence else ""
    if observation.achieved:
        return Verdict(
            Status.ACHIEVED,
            f"Đơn vị đánh giá đã đạt “{describe_target(target)}”.{evidence}",
            "judged_by_person",
            target,
        )
    return Verdict(
        Status.NOT_ACHIEVED,
        f"Đơn vị đánh giá chưa đạt “{describe_target(target)}”.{evidence}",
        "judged_by_person",
        target,
    )


def _judge_relative(
    target: TargetRule,
    direction: str,
    actual: Decimal,
    tolerance: Decimal,
    base_value: Decimal | None,
    period: str,
) -> Verdict:
    if base_value is None or target.multiplier is None:
        return Verdict(
            Status.NO_DATA,
            f"Mục tiêu “{describe_target(target)}” so với năm {target.base_year}, nhưng chưa có số liệu năm gốc.",
            "relative",
            target,
        )
    threshold = base_value * target.multiplier
    comparator = "le" if direction == "down" else "ge"
    absolute = TargetRule(comparator=comparator, value=threshold, unit=target.unit, places=target.places)
    verdict = _judge_numeric(absolute, direction, actual, tolerance)
    explanation = (
        f"Năm gốc {target.base_year}: {format_quantity(base_value, target.unit, target.places)}; mục tiêu "
        f"“{describe_target(target)}” tương ứng {format_quantity(threshold, target.unit, target.places)}. "
        + verdict.explanation
    )
    return Verdict(verdict.status, explanation, "relative", target)


def achieved_change(
    kind: str, unit: str, direction: str, actual: Decimal, base_value: Decimal, years: int
) -> Decimal | None:
    """The change the figures show, measured the way the target states it, counted in the wanted
    direction (a fall is positive for an indicator that should fall): for ``multiple`` the ratio to the
    base; for ``%`` the relative change (per year: compound); for points and counts the difference (per
    year: on average). None when it cannot be measured (a ratio to zero, no year elapsed)."""
    if kind == MULTIPLE:
        return actual / base_value if base_value else None
    if kind == CHANGE_PER_YEAR and years <= 0:
        return None
    sign = Decimal(-1) if direction == "down" else Decimal(1)
    if unit == "%":
        if not base_value or actual / base_value <= 0:
            return None
        ratio = actual / base_value
        if kind == CHANGE_PER_YEAR:
            ratio = Decimal(str(float(ratio) ** (1 / years)))
        return sign * (ratio - 1) * 100
    difference = sign * (actual - base_value)
    return difference / years if kind == CHANGE_PER_YEAR else difference


def level_of_change(
    kind: str, unit: str, direction: str, size: Decimal, base_value: Decimal, years: int
) -> Decimal | None:
    """The level a change of ``size`` since the base year reaches after ``years``: the inverse of
    :func:`achieved_change` (so that an outlook can aim at it). None where the change cannot be measured."""
    if kind == MULTIPLE:
        return base_value * size
    if kind == CHANGE_PER_YEAR and years <= 0:
        return None
    sign = Decimal(-1) if direction == "down" else Decimal(1)
    if unit == "%":
        ratio = 1 + sign * size / 100
        if kind == CHANGE_PER_YEAR:
            if ratio <= 0:
                return None
            ratio = Decimal(str(float(ratio) ** years))
        return base_value * ratio
    return base_value + sign * size * (years if kind == CHANGE_PER_YEAR else 1)


_CHANGE_WORDS = {
    CHANGE_PER_YEAR: "bình quân mỗi năm",
    CHANGE_VS_BASE: "so với năm gốc",
    POINTS_CHANGE: "so với năm gốc",
}


def judge_change(
    target: TargetRule,
    direction: str,
    actual: Decimal,
    base_value: Decimal | None,
    year: int | None,
    *,
    tolerance: Decimal = Decimal("0.02"),
) -> Verdict:
    """A change target (tăng/giảm bình quân mỗi năm, so với năm gốc, điểm phần trăm, gấp … lần) is met when
    the change since the base year, measured as the target states it, meets the target's size."""
    base_year = target.base_year
    if base_value is None or base_year is None or year is None:
        missing = f"số liệu năm gốc {base_year}" if base_year is not None else "năm gốc"
        return Verdict(
            Status.NO_DATA,
            f"Mục tiêu “{describe_target(target)}” là mức thay đổi; chưa có {missing} để so sánh.",
            target.kind,
            target,
        )
    wanted = "down" if direction == "down" else "up"
    measured = achieved_change(target.kind, target.unit, wanted, actual, base_value, year - base_year)
    if measured is None:
        return Verdict(
            Status.NO_DATA,
            f"Mục tiêu “{describe_target(target)}”: không tính được mức thay đổi từ năm gốc {base_year} "
            f"({format_number(base_value, target.places)}) đến năm {year}.",
            target.kind,
            target,
        )
    size_unit = "lần" if target.kind == MULTIPLE else target.unit
    size = TargetRule(
        comparator=target.comparator,
        value=target.value,
        value_max=target.value_max,
        unit=size_unit,
        phrase=target.phrase,
    )
    # The size of the change is judged like a level that should rise: more change in the wanted way is better.
    verdict = _judge_numeric(size, "up", measured.quantize(Decimal("0.01")), tolerance)
    if target.kind == MULTIPLE:
        shown = f"gấp {format_number(measured.quantize(Decimal('0.01')))} lần"
    else:
        verb = "giảm" if (measured >= 0) == (wanted == "down") else "tăng"
        amount = format_quantity(abs(measured).quantize(Decimal("0.01")), "%" if target.unit == "%" else target.unit)
        shown = f"{verb} {amount} {_CHANGE_WORDS[target.kind]}".strip()
    explanation = (
        f"Năm gốc {base_year}: {format_number(base_value, target.places)}; năm {year}: "
        f"{format_number(actual, target.places)}, tức {shown}, "
        f"so với mục tiêu “{describe_target(target)}”: {verdict.status.label.lower()}."
    )
    return Verdict(verdict.status, explanation, target.kind, target)


def _margin(target_value: Decimal, tolerance: Decimal) -> Decimal:
    return abs(target_value) * tolerance


def _judge_numeric(target: TargetRule, direction: str, actual: Decimal, tolerance: Decimal) -> Verdict:
    comparator = target.comparator
    value = target.value
    if value is None:
        return Verdict(Status.NO_DATA, "Mục tiêu chưa có giá trị số.", "no_target_value", target)
    shown = format_quantity(actual, target.unit, target.places)
    lead = f"Thực hiện {shown} so với mục tiêu “{describe_target(target)}”"
    margin = _margin(value, tolerance)

    if comparator == "between":
        low, high = value, target.value_max if target.value_max is not None else value
        if low <= actual <= high:
            return Verdict(Status.ACHIEVED, f"{lead}: đạt (trong khoảng).", "between", target)
        better = (direction == "up" and actual > high) or (direction == "down" and actual < low)
        if better:
            return Verdict(Status.EXCEEDED, f"{lead}: vượt (ngoài khoảng, về phía tốt hơn).", "between", target)
        return Verdict(Status.NOT_ACHIEVED, f"{lead}: chưa đạt (ngoài khoảng).", "between", target)

    if comparator in ("eq", "approx"):
        gap = actual - value
        allowed = margin if comparator == "approx" else Decimal(0)
        if abs(gap) <= allowed:
            return Verdict(Status.ACHIEVED, f"{lead}: đạt.", comparator, target)
        better = (direction == "up" and gap > 0) or (direction == "down" and gap < 0)
        if better:
            return Verdict(Status.EXCEEDED, f"{lead}: vượt.", comparator, target)
        return Verdict(
            Status.NOT_ACHIEVED,
            f"{lead}: chưa đạt (còn cách mục tiêu {describe_gap(abs(gap), target.unit)}).",
            comparator,
            target,
        )

    met = {
        "lt": actual < value,
        "le": actual <= value,
        "gt": actual > value,
        "ge": actual >= value,
    }[comparator]
    if not met:
        gap = abs(actual - value)
        return Verdict(
            Status.NOT_ACHIEVED,
            f"{lead}: chưa đạt (còn cách mục tiêu {describe_gap(gap, target.unit)}).",
            comparator,
            target,
        )
    # A band indicator ("giữ trong khoảng") is achieved inside the band: lower is not better.
    if direction == "band":
        return Verdict(Status.ACHIEVED, f"{lead}: đạt (trong ngưỡng cho phép).", comparator, target)
    better_by = (value - actual) if comparator in ("lt", "le") else (actual - value)
    if better_by > margin and better_by > 0:
        return Verdict(
            Status.EXCEEDED,
            f"{lead}: vượt kế hoạch (tốt hơn mục tiêu {describe_gap(better_by, target.unit)}).",
            comparator,
            target,
        )
    return Verdict(Status.ACHIEVED, f"{lead}: đạt.", comparator, target)


@dataclass(frozen=True)
class Summary:
    counts: dict[Status, int]
    assessed: int
    met: int
    sentence: str
    unjudged_figures: int = 0

    @property
    def badges(self) -> list[tuple[Status, str, int]]:
        """(status, badge, count) of every status that has indicators, as the sentence counts them: the indicators
        without a verdict that have a figure are "Chưa đánh giá", apart from those with none."""
        badges: list[tuple[Status, str, int]] = []
        for status, count in self.counts.items():
            if status == Status.NO_DATA:
                count -= self.unjudged_figures
                if self.unjudged_figures:
                    badges.append((status, "Chưa đánh giá", self.unjudged_figures))
            if count:
                badges.append((status, status.label, count))
        return badges


def summarize(statuses: Iterable[Status], unjudged_figures: int = 0) -> Summary:
    """The committee's own wording (seed 001, the 2022 review of 9/1/2023):
    "23/27 chỉ tiêu đạt và vượt kế hoạch, trong đó 9 chỉ tiêu vượt; 3 chỉ tiêu chưa đạt;
    1 chỉ tiêu chưa triển khai." Indicators not assessed leave the denominator and are named
    last, as the final review of 24/3/2025 did ("25/26 ...; 1 chỉ tiêu không đánh giá").
    ``unjudged_figures`` of the indicators without a verdict have a figure (:attr:`Verdict.unjudged_figure`): the
    sentence names them apart, never as having no figure."""
    counts = {status: 0 for status in Status}
    for status in statuses:
        counts[status] += 1
    if not 0 <= unjudged_figures <= counts[Status.NO_DATA]:
        raise ValueError("unjudged_figures counts indicators without a verdict")
    assessed = sum(counts.values()) - counts[Status.NOT_ASSESSED]
    met = counts[Status.EXCEEDED] + counts[Status.ACHIEVED]
    on_path, behind = counts[Status.ON_PATH], counts[Status.BEHIND_PATH]
    judged_on_targets = met + counts[Status.NOT_ACHIEVED]
    if (on_path or behind) and not judged_on_targets:
        # A year with no targets of its own (181/KH-UBND before 2030): the path, never "0/41 đạt".
        sentence = f"{on_path}/{assessed} chỉ tiêu đúng lộ trình đến mục tiêu cuối kỳ"
        paths: tuple[tuple[Status, str], ...] = ((Status.BEHIND_PATH, "chậm so với lộ trình"),)
    else:
        sentence = f"{met}/{assessed} chỉ tiêu đạt và vượt kế hoạch"
        if counts[Status.EXCEEDED]:
            sentence += f", trong đó {counts[Status.EXCEEDED]} chỉ tiêu vượt"
        paths = ((Status.ON_PATH, "đúng lộ trình"), (Status.BEHIND_PATH, "chậm so với lộ trình"))
    for status, words in (
        (Status.NOT_ACHIEVED, "chưa đạt"),
        *paths,
        (Status.NOT_IMPLEMENTED, "chưa triển khai"),
        (Status.NO_DATA, "chưa có số liệu"),
        (Status.NOT_ASSESSED, "không đánh giá"),
    ):
        count = counts[status] - (unjudged_figures if status == Status.NO_DATA else 0)
        if count:
            sentence += f"; {count} chỉ tiêu {words}"
        if status == Status.NO_DATA and unjudged_figures:
            sentence += f"; {unjudged_figures} chỉ tiêu đã có số liệu nhưng chưa đánh giá"
    return Summary(
        counts=counts, assessed=assessed, met=met, sentence=sentence + ".", unjudged_figures=unjudged_figures
    )
