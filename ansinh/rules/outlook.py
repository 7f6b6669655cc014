"""Outlook to the end target: will the indicator reach its 2025 / 2030 target at the pace it keeps?

Pure rules, no Django. Implements ``shared/reference/progress-method.md``: the Open SDG / Statistics
Canada method (as computed by open-sdg/sdg-build ``sdg/ProgressMeasure.py``) and the UN Statistics
Division's extrapolation (SDG Progress Chart, 2023 onward). Every result names its method, shows the
numbers it used and carries one Vietnamese sentence that a person can check by hand.

The maths runs on ``float``: growth rates are fractional powers, which ``Decimal`` does not do exactly
either, and the result is a category, not a figure anyone adds up. Inputs may be ``Decimal``; they are
converted once, on the way in.

Decisions that the reference leaves open, written down so that nobody has to guess:

* **Base and current.** The base year is the configured one if it has a value, else the first later
  year with a value; with no configured base year it is the first year with a value. The current year
  is the latest year with a value. ``None`` and NaN values count as "no value".
* **Target already met wins**, even with a single value (as in sdg-build: the achieved check does not
  need a trend). The check uses the target as written; the 0 → 0.001 replacement is only for the growth
  formulas, so that "down to 0" is achieved at 0, not at 0.001. ``strict=True`` makes the check strict
  for targets written ``dưới`` / ``trên``.
* **Zero at the base or in the target** is replaced by 0.001 in the formulas, and the sentence says so.
* **Not available** ("chưa đủ số liệu"): no value; fewer than two years from the base to the latest
  (this includes a base year with no value at or after it); base and current of different signs; and,
  beyond the reference, cases where the required growth has no meaning: a target year not after the base
  year, a target of the other sign than the base.
* **Required growth of zero** (target equal to the base and not yet met) means the series has moved
  away from a target it started on: deterioration (UNSD: stagnation), score −5, ratio left empty.
* **Scores** (−5..+5, Open SDG only) follow sdg-build: with a target the formula of the reference;
  without a target sdg-build's piecewise formula (continuous at the 0.005·C and 0.015·C thresholds);
  an achieved target scores 5. :func:`code_from_score` turns a mean score back into a category.
* **UNSD** has no rule without a numeric target; there the Open SDG no-target rule is used and the
  result says so (``method`` is then ``"open_sdg"``). The UNSD ratio is written
  ``d · (projected − base) / |T − base|``, which is UNSD's ``(projected − base) / (T − base)`` whenever
  the target lies on the desired side of the base, and stays meaningful (negative) when it does not.
  The extrapolation never runs backwards: a latest year at or after the target year projects the latest
  value itself. UNSD's "stagnation or regression" has its own code, ``stagnation``.
  The "within 1 point of a 0 % or 100 % target" rule applies only when ``is_percent`` is set.
* **Bands** (``direction = "band"`` in the indicator, e.g. unemployment "dưới 3%" where very low is not
  better): :func:`assess_band_outlook`. Inside the band → achieved; outside, the series is assessed
  toward the nearest edge in the direction that leads back into the band.
* **Yes/no** targets: :func:`assess_yes_no_outlook`. **Qualitative** targets ("cơ bản chấm dứt …")
  have no number to extrapolate: :func:`assess_qualitative_outlook` records a person's judgement.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from ansinh.core.numbers import format_number

Direction = Literal["up", "down"]
Method = Literal["open_sdg", "unsd"]


class OutlookCode(StrEnum):
    TARGET_ACHIEVED = "target_achieved"
    ON_TRACK = "on_track"
    ACCELERATION_NEEDED = "acceleration_needed"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    STAGNATION = "stagnation"  # UNSD's "stagnation or regression"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label(self) -> str:
        return OUTLOOK_LABELS[self]


OUTLOOK_LABELS = {
    OutlookCode.TARGET_ACHIEVED: "đã đạt mục tiêu",
    OutlookCode.ON_TRACK: "đúng tiến độ",
    OutlookCode.ACCELERATION_NEEDED: "có tiến bộ nhưng cần đẩy nhanh",
    OutlookCode.LIMITED_PROGRESS: "tiến bộ chậm",
    OutlookCode.DETERIORATION: "đi xuống",
    OutlookCode.STAGNATION: "đứng yên hoặc đi xuống",
    OutlookCode.INSUFFICIENT_DATA: "chưa đủ số liệu",
}

# How good an outlook is; "insufficient data" has no rank. UNSD's stagnation sits with deterioration.
OUTLOOK_RANK = {
    OutlookCode.DETERIORATION: 0,
    OutlookCode.STAGNATION: 0,
    OutlookCode.LIMITED_PROGRESS: 1,
    OutlookCode.ACCELERATION_NEEDED: 2,
    OutlookCode.ON_TRACK: 3,
    OutlookCode.TARGET_ACHIEVED: 4,
}

METHOD_NAMES = {
    "open_sdg": "phương pháp Open SDG",
    "unsd": "phương pháp UNSD",
    "yes_no": "quy tắc chỉ tiêu có/không",
    "qualitative": "đánh giá định tính",
}

# Open SDG thresholds: with a target on R, without one on the observed growth (times C).
OPEN_SDG_HIGH, OPEN_SDG_MEDIUM, OPEN_SDG_LOW = 0.95, 0.6, 0.0
NO_TARGET_HIGH, NO_TARGET_MEDIUM = 0.015, 0.005
UNSD_ON_TRACK, UNSD_PROGRESS = 0.95, 0.10
ZERO_REPLACEMENT = 0.001
# UNSD: a percentage within this many points of a 0 % / 100 % target counts as achieved.
UNSD_PERCENT_POINT = 1.0


@dataclass(frozen=True)
class Outlook:
    """The outlook of one series, with every number the rule used.

    ``base_value`` and ``target_value`` are as observed / written (a zero stays zero here; the sentence
    says when 0.001 was used). Growth rates are fractions per year (0.032 = 3,2 %/năm).
    ``ratio`` is R for Open SDG, UNSD's ratio for UNSD, and the direction-adjusted growth ``p`` for
    Open SDG without a target. ``projected_end_value`` is UNSD's extrapolation, shown for Open SDG too.
    """

    code: OutlookCode
    method: str
    rule: str
    explanation: str
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target_value: float | None = None
    target_year: int | None = None
    observed_growth: float | None = None
    required_growth: float | None = None
    ratio: float | None = None
    projected_end_value: float | None = None
    score: float | None = None
    limit_factor: float = 1.0

    @property
    def method_name(self) -> str:
        """The method in words, as pages show it ("phương pháp Open SDG"), never its code."""
        return METHOD_NAMES.get(self.method, self.method)

    @property
    def label(self) -> str:
        return self.code.label

    @property
    def rank(self) -> int | None:
        return OUTLOOK_RANK.get(self.code)


# --- formulas ------------------------------------------------------------------------------------


def growth(value: float, base_value: float, year: int, base_year: int) -> float:
    """Compound annual growth rate: (value / base) ^ (1 / (year − base_year)) − 1."""
    return (value / base_value) ** (1 / (year - base_year)) - 1


def open_sdg_code(ratio: float) -> OutlookCode:
    """Category from R = s·d·CAGR_obs / |CAGR_req| (Open SDG with a target)."""
    if ratio >= OPEN_SDG_HIGH:
        return OutlookCode.ON_TRACK
    if ratio >= OPEN_SDG_MEDIUM:
        return OutlookCode.ACCELERATION_NEEDED
    if ratio >= OPEN_SDG_LOW:
        return OutlookCode.LIMITED_PROGRESS
    return OutlookCode.DETERIORATION


def open_sdg_no_target_code(progress: float, limit_factor: float = 1.0) -> OutlookCode:
    """Category from p = s·d·CAGR_obs (Open SDG without a target); thresholds scaled by C."""
    if progress >= NO_TARGET_HIGH * limit_factor:
        return OutlookCode.ON_TRACK
    if progress >= NO_TARGET_MEDIUM * limit_factor:
        return OutlookCode.ACCELERATION_NEEDED
    if progress >= 0:
        return OutlookCode.LIMITED_PROGRESS
    return OutlookCode.DETERIORATION


def unsd_code(ratio: float) -> OutlookCode:
    """Category from UNSD's ratio of projected to required change."""
    if ratio >= UNSD_ON_TRACK:
        return OutlookCode.ON_TRACK
    if ratio >= UNSD_PROGRESS:
        return OutlookCode.ACCELERATION_NEEDED
    return OutlookCode.STAGNATION


def open_sdg_score(ratio: float) -> float:
    """The −5..+5 score of R (Open SDG with a target)."""
    if ratio >= OPEN_SDG_MEDIUM:
        return min(7.1429 * ratio - 4.2857, 5.0)
    return max(4.1667 * ratio - 2.5, -5.0)


def open_sdg_no_target_score(progress: float, limit_factor: float = 1.0) -> float:
    """The −5..+5 score of p (Open SDG without a target), as sdg-build computes it."""
    if progress < 0:
        return max(125 * progress - 2.5, -5.0)
    if limit_factor == 0:
        # The base sits on the limit and does not move away from it: the limit is kept.
        return 5.0
    if progress >= NO_TARGET_HIGH * limit_factor:
        return min(500 * progress / limit_factor - 5, 5.0)
    if progress >= NO_TARGET_MEDIUM * limit_factor:
        return 250 * progress / limit_factor - 1.25
    return 500 * progress / limit_factor - 2.5


def code_from_score(score: float | None, *, target_achieved: bool = False) -> OutlookCode:
    """Category of a (mean) score, for an indicator whose several series were averaged.

    Bands: [2,5; 5] on track, [0; 2,5) acceleration needed, [−2,5; 0) limited, [−5; −2,5) deterioration.
    ``target_achieved`` is true only when every series has achieved its target."""
    if target_achieved:
        return OutlookCode.TARGET_ACHIEVED
    if score is None:
        return OutlookCode.INSUFFICIENT_DATA
    if score >= 2.5:
        return OutlookCode.ON_TRACK
    if score >= 0:
        return OutlookCode.ACCELERATION_NEEDED
    if score >= -2.5:
        return OutlookCode.LIMITED_PROGRESS
    return OutlookCode.DETERIORATION


def limit_factor_for(base_value: float, limit: float) -> float:
    """The reduction coefficient C of sdg-build for an indicator with a natural limit (e.g. 0 % or 100 %).

    Near the limit, growth slows by nature, so the no-target thresholds shrink: C = 1 − (b/L)^4,44 up to
    the limit, mirrored above it, and 1 from twice the limit on."""
    base, bound = abs(base_value), abs(limit)
    exponent = 4.44
    if base >= 2 * bound:
        return 1.0
    if base <= bound:
        return 1 - (base / bound) ** exponent
    return 1 - ((2 * bound - base) / bound) ** exponent


# --- formatting --------------------------------------------------------------------------------


def _minus(text: str) -> str:
    # Vietnamese print uses the typographic minus sign, as the reports do.
    return "−" + text[1:] if text.startswith("-") else text


def _fmt(value: float | None, places: int | None = None) -> str:
    if value is None:
        return "—"
    if math.isinf(value):
        return "rất lớn" if value > 0 else "rất nhỏ (âm)"
    magnitude = abs(value)
    if magnitude >= 1e12 or 0 < magnitude < 1e-4:
        # Extrapolations can explode; a power of ten stays readable (and within Decimal's precision).
        exponent = math.floor(math.log10(magnitude))
        return f"{_minus(format_number(value / 10**exponent, 2))} × 10^{_minus(str(exponent))}"
    if places is None:
        places = 2 if magnitude >= 1 or value == 0 else 4
    return _minus(format_number(value, places))


def _fmt_rate(rate: float) -> str:
    """A growth rate as a Vietnamese percentage per year: 0.032 → ``3,2%/năm``."""
    if math.isinf(rate):
        return _fmt(rate) + "/năm"
    percent = rate * 100
    places = 1
    # Keep a small non-zero rate visible instead of rounding it to "0%".
    while places < 4 and percent != 0 and round(abs(percent), places) == 0:
        places += 1
    return _minus(format_number(percent, places)) + "%/năm"


def _method_tail(method: str, extra: str = "") -> str:
    return f" ({METHOD_NAMES[method]}{extra})."


def _point(value: float, year: int) -> str:
    return f"{_fmt(value)} (năm {year})"


# --- the series ----------------------------------------------------------------------------------


def _clean(series: Mapping[int, float | Decimal | None]) -> dict[int, float]:
    clean: dict[int, float] = {}
    for year, value in series.items():
        if value is None:
            continue
        number = float(value)
        if math.isnan(number):
            continue
        clean[int(year)] = number
    return dict(sorted(clean.items()))


def _target_met(current: float, target: float, direction: Direction, strict: bool) -> bool:
    if direction == "up":
        return current > target if strict else current >= target
    return current < target if strict else current <= target


def _target_phrase(target: float, direction: Direction, strict: bool) -> str:
    words = {("up", False): "tối thiểu", ("up", True): "trên", ("down", False): "không quá", ("down", True): "dưới"}
    return f"{words[direction, strict]} {_fmt(target)}"


@dataclass(frozen=True)
class _Basis:
    """Base and current points, or why there are none."""

    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    problem: str = ""


def _basis(values: dict[int, float], base_year: int | None) -> _Basis:
    if not values:
        return _Basis(None, None, None, None, "chưa có số liệu năm nào")
    current_year = max(values)
    current_value = values[current_year]
    candidates = [year for year in values if base_year is None or year >= base_year]
    if not candidates:
        return _Basis(
            base_year,
            None,
            current_year,
            current_value,
            f"năm gốc {base_year} sau năm có số liệu gần nhất ({current_year})",
        )
    chosen = min(candidates)
    if current_year - chosen < 1:
        since = f" từ năm gốc {base_year}" if base_year is not None else ""
        return _Basis(
            chosen,
            values[chosen],
            current_year,
            current_value,
            f"chỉ có số liệu năm {current_year}{since}, cần ít nhất hai năm",
        )
    return _Basis(chosen, values[chosen], current_year, current_value)


def _insufficient(method: str, reason: str, basis: _Basis | None = None, **numbers: object) -> Outlook:
    basis = basis or _Basis(None, None, None, None)
    return Outlook(
        code=OutlookCode.INSUFFICIENT_DATA,
        method=method,
        rule="not_available",
        explanation=f"Chưa đủ số liệu để đánh giá khả năng đạt mục tiêu: {reason}" + _method_tail(method),
        base_year=basis.base_year,
        base_value=basis.base_value,
        current_year=basis.current_year,
        current_value=basis.current_value,
        **numbers,  # type: ignore[arg-type]
    )


def _project(current_value: float, observed: float, current_year: int, target_year: int) -> float:
    """UNSD's extrapolation of the latest value to the target year at the observed pace."""
    years_ahead = max(target_year - current_year, 0)
    try:
        return current_value * (1 + observed) ** years_ahead
    except OverflowError:
        return math.copysign(math.inf, current_value)


def assess_outlook(
    series: Mapping[int, float | Decimal | None],
    *,
    direction: Direction,
    target_value: float | Decimal | None,
    target_year: int | None,
    base_year: int | None = None,
    method: Method = "open_sdg",
    limit_factor: float = 1.0,
    strict: bool = False,
    is_percent: bool = False,
) -> Outlook:
    """Outlook of a yearly series toward ``target_value`` in ``target_year`` (see the module notes).

    ``direction`` is the desired direction, "up" or "down" (bands: :func:`assess_band_outlook`).
    ``target_value=None`` uses the no-target thresholds, scaled by ``limit_factor`` (C, see
    :func:`limit_factor_for`). ``strict`` makes "target met" strict (``dưới`` / ``trên``).
    ``is_percent`` enables UNSD's one-point rule for 0 % / 100 % targets.
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}; bands use assess_band_outlook")
    if method not in ("open_sdg", "unsd"):
        raise ValueError(f"method must be 'open_sdg' or 'unsd', not {method!r}")
    if target_value is not None and target_year is None:
        raise ValueError("a target value needs its target year")
    if limit_factor < 0:
        raise ValueError("limit_factor must not be negative")

    values = _clean(series)
    target = None if target_value is None else float(target_value)
    if target is None and method == "unsd":
        outlook = _assess_open_sdg(values, direction, None, target_year, base_year, limit_factor, strict)
        note = " — phương pháp UNSD cần giá trị mục tiêu nên áp dụng quy tắc không có mục tiêu của Open SDG"
        return _with_explanation(outlook, outlook.explanation[:-2] + note + ").")
    if method == "unsd":
        assert target is not None and target_year is not None  # a target value needs its year (checked above)
        return _assess_unsd(values, direction, target, target_year, base_year, strict, is_percent)
    return _assess_open_sdg(values, direction, target, target_year, base_year, limit_factor, strict)


def _with_explanation(outlook: Outlook, explanation: str, rule: str | None = None) -> Outlook:
    fields = {**outlook.__dict__, "explanation": explanation}
    if rule is not None:
        fields["rule"] = rule
    return Outlook(**fields)


def _achieved(
    method: str,
    basis: _Basis,
    target: float,
    target_year: int | None,
    direction: Direction,
    strict: bool,
    *,
    rule: str = "target_already_met",
    why: str = "",
    score: float | None = None,
) -> Outlook:
    assert basis.current_year is not None and basis.current_value is not None
    reason = why or f"đã đạt mục tiêu “{_target_phrase(target, direction, strict)}”"
    explanation = (
        f"Giá trị gần nhất {_point(basis.current_value, basis.current_year)} {reason}"
        f" nên đã đạt mục tiêu, không xét xu hướng" + _method_tail(method)
    )
    return Outlook(
        code=OutlookCode.TARGET_ACHIEVED,
        method=method,
        rule=rule,
        explanation=explanation,
        base_year=basis.base_year if not basis.problem else None,
        base_value=basis.base_value if not basis.problem else None,
        current_year=basis.current_year,
        current_value=basis.current_value,
        target_value=target,
        target_year=target_year,
        score=score,
    )


@dataclass(frozen=True)
class _Growth:
    """The observed growth of a usable basis, with the values the formulas used."""

    base_year: int
    base_value: float  # as used: 0 replaced by 0.001
    current_year: int
    current_value: float
    sign: int
    observed: float
    notes: tuple[str, ...]


def _growth_of(basis: _Basis) -> _Growth | str:
    """Observed growth, or why it cannot be computed."""
    if basis.problem:
        return basis.problem
    assert basis.base_year is not None and basis.base_value is not None
    assert basis.current_year is not None and basis.current_value is not None
    notes: list[str] = []
    base_value = basis.base_value
    if base_value == 0:
        base_value = ZERO_REPLACEMENT
        notes.append("giá trị gốc bằng 0 được thay bằng 0,001")
    current = basis.current_value
    if (base_value > 0 and current < 0) or (base_value < 0 and current > 0):
        return (
            f"giá trị gốc {_point(basis.base_value, basis.base_year)} và giá trị gần nhất "
            f"{_point(current, basis.current_year)} trái dấu"
        )
    observed = growth(current, base_value, basis.current_year, basis.base_year)
    sign = -1 if base_value < 0 else 1
    return _Growth(basis.base_year, base_value, basis.current_year, current, sign, observed, tuple(notes))


def _required_of(g: _Growth, target: float, target_year: int) -> tuple[float, float, list[str]] | str:
    """(target as used, required growth, notes), or why the required growth has no meaning."""
    notes: list[str] = []
    used = target
    if used == 0:
        used = ZERO_REPLACEMENT
        notes.append("mục tiêu bằng 0 được thay bằng 0,001")
    if target_year <= g.base_year:
        return f"năm mục tiêu {target_year} không sau năm gốc {g.base_year}"
    if (used > 0) != (g.base_value > 0):
        return f"mục tiêu {_fmt(target)} và giá trị gốc {_fmt(g.base_value)} trái dấu"
    return used, growth(used, g.base_value, target_year, g.base_year), notes


def _lead(g: _Growth, basis: _Basis) -> str:
    assert basis.base_value is not None
    return (
        f"Từ {_point(basis.base_value, g.base_year)} đến {_point(g.current_value, g.current_year)}, "
        f"tăng trưởng bình quân quan sát {_fmt_rate(g.observed)}"
    )


def _notes(notes: list[str] | tuple[str, ...]) -> str:
    return "".join(f"; {note}" for note in notes)


_OPEN_SDG_BANDS = {
    OutlookCode.ON_TRACK: "≥ 0,95",
    OutlookCode.ACCELERATION_NEEDED: "từ 0,6 đến dưới 0,95",
    OutlookCode.LIMITED_PROGRESS: "từ 0 đến dưới 0,6",
    OutlookCode.DETERIORATION: "< 0",
}
_UNSD_BANDS = {
    OutlookCode.ON_TRACK: "≥ 0,95",
    OutlookCode.ACCELERATION_NEEDED: "từ 0,1 đến dưới 0,95",
    OutlookCode.STAGNATION: "< 0,1",
}


def _assess_open_sdg(
    values: dict[int, float],
    direction: Direction,
    target: float | None,
    target_year: int | None,
    base_year: int | None,
    limit_factor: float,
    strict: bool,
) -> Outlook:
    method = "open_sdg"
    basis = _basis(values, base_year)
    if (
        basis.current_value is not None
        and target is not None
        and _target_met(basis.current_value, target, direction, strict)
    ):
        return _achieved(method, basis, target, target_year, direction, strict, score=5.0)
    g = _growth_of(basis)
    if isinstance(g, str):
        return _insufficient(method, g, basis, target_value=target, target_year=target_year)
    d = 1 if direction == "up" else -1

    if target is None:
        progress = g.sign * d * g.observed
        code = open_sdg_no_target_code(progress, limit_factor)
        high, medium = NO_TARGET_HIGH * limit_factor, NO_TARGET_MEDIUM * limit_factor
        thresholds = f"ngưỡng {_fmt_rate(high)} và {_fmt_rate(medium)}"
        if limit_factor != 1:
            thresholds += f", đã nhân hệ số giới hạn C = {_fmt(limit_factor)}"
        explanation = (
            f"{_lead(g, basis)}; không có mục tiêu số nên so tăng trưởng theo chiều mong muốn "
            f"{_fmt_rate(progress)} với {thresholds}{_notes(g.notes)}: {code.label}"
            + _method_tail(method, ", không có mục tiêu")
        )
        return Outlook(
            code=code,
            method=method,
            rule="open_sdg_no_target",
            explanation=explanation,
            base_year=g.base_year,
            base_value=basis.base_value,
            current_year=g.current_year,
            current_value=g.current_value,
            observed_growth=g.observed,
            ratio=progress,
            score=open_sdg_no_target_score(progress, limit_factor),
            limit_factor=limit_factor,
        )

    assert target_year is not None
    required = _required_of(g, target, target_year)
    if isinstance(required, str):
        return _insufficient(
            method, required, basis, target_value=target, target_year=target_year, observed_growth=g.observed
        )
    _used_target, required_growth, target_notes = required
    projected = _project(g.current_value, g.observed, g.current_year, target_year)
    notes = [*g.notes, *target_notes]
    head = f"{_lead(g, basis)}, cần {_fmt_rate(required_growth)} để đạt mục tiêu {_fmt(target)} vào năm {target_year}"
    if required_growth == 0:
        # The target equals the base and is not met: the series has left the target it started on.
        code = OutlookCode.DETERIORATION
        explanation = (
            f"{head}; mục tiêu bằng giá trị gốc mà giá trị gần nhất đã rời xa mục tiêu{_notes(notes)}: {code.label}"
            + _method_tail(method)
        )
        ratio: float | None = None
        score = -5.0
    else:
        ratio = g.sign * d * g.observed / abs(required_growth)
        code = open_sdg_code(ratio)
        score = open_sdg_score(ratio)
        explanation = (
            f"{head}; tỷ số {_fmt(ratio, 2)} ({_OPEN_SDG_BANDS[code]}){_notes(notes)}: {code.label}"
            + _method_tail(method)
        )
    return Outlook(
        code=code,
        method=method,
        rule="open_sdg_target",
        explanation=explanation,
        base_year=g.base_year,
        base_value=basis.base_value,
        current_year=g.current_year,
        current_value=g.current_value,
        target_value=target,
        target_year=target_year,
        observed_growth=g.observed,
        required_growth=required_growth,
        ratio=ratio,
        projected_end_value=projected,
        score=score,
        limit_factor=limit_factor,
    )


def _assess_unsd(
    values: dict[int, float],
    direction: Direction,
    target: float,
    target_year: int,
    base_year: int | None,
    strict: bool,
    is_percent: bool,
) -> Outlook:
    method = "unsd"
    basis = _basis(values, base_year)
    if basis.current_value is not None:
        if _target_met(basis.current_value, target, direction, strict):
            return _achieved(method, basis, target, target_year, direction, strict)
        if is_percent and target in (0, 100) and abs(basis.current_value - target) <= UNSD_PERCENT_POINT:
            why = f"cách mục tiêu {_fmt(target)}% không quá 1 điểm phần trăm"
            return _achieved(
                method, basis, target, target_year, direction, strict, rule="unsd_within_one_point", why=why
            )
    g = _growth_of(basis)
    if isinstance(g, str):
        return _insufficient(method, g, basis, target_value=target, target_year=target_year)
    target_used = ZERO_REPLACEMENT if target == 0 else target
    notes = list(g.notes)
    if target == 0:
        notes.append("mục tiêu bằng 0 được thay bằng 0,001")
    d = 1 if direction == "up" else -1
    projected = _project(g.current_value, g.observed, g.current_year, target_year)
    head = (
        f"{_lead(g, basis)}; ngoại suy đến năm {max(target_year, g.current_year)} được {_fmt(projected)}"
        f" so với mục tiêu {_fmt(target)} vào năm {target_year}"
    )
    required_change = abs(target_used - g.base_value)
    if required_change == 0:
        # Target equal to the base and not met: the series has moved away from it.
        code = OutlookCode.STAGNATION
        ratio: float | None = None
        explanation = (
            f"{head}; mục tiêu bằng giá trị gốc mà giá trị gần nhất đã rời xa mục tiêu{_notes(notes)}: {code.label}"
            + _method_tail(method)
        )
    else:
        ratio = d * (projected - g.base_value) / required_change
        code = unsd_code(ratio)
        explanation = (
            f"{head}; tỷ số thay đổi dự kiến trên thay đổi cần đạt {_fmt(ratio, 2)} ({_UNSD_BANDS[code]})"
            f"{_notes(notes)}: {code.label}" + _method_tail(method)
        )
    required_growth = None
    if target_year > g.base_year and (target_used > 0) == (g.base_value > 0):
        required_growth = growth(target_used, g.base_value, target_year, g.base_year)
    return Outlook(
        code=code,
        method=method,
        rule="unsd_projection",
        explanation=explanation,
        base_year=g.base_year,
        base_value=basis.base_value,
        current_year=g.current_year,
        current_value=g.current_value,
        target_value=target,
        target_year=target_year,
        observed_growth=g.observed,
        required_growth=required_growth,
        ratio=ratio,
        projected_end_value=projected,
    )


# --- bands, yes/no, qualitative -----------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def assess_band_outlook(
    series: Mapping[int, float | Decimal | None],
    *,
    low: float | Decimal | None,
    high: float | Decimal | None,
    target_year: int,
    base_year: int | None = None,
    method: Method = "open_sdg",
    low_strict: bool = False,
    high_strict: bool = False,
    is_percent: bool = False,
) -> Outlook:
    """Outlook of an indicator that must stay inside a band (``0,88-0,9``; unemployment ``dưới 3%``
    where a very low value is not better). Either edge may be open (``None``); ``*_strict`` excludes
    the edge itself (``dưới 3%`` is ``high=3, high_strict=True``).

    Inside the band → target achieved. Below it → assessed as "up" toward ``low``; above it → as
    "down" toward ``high``; the sentence names the edge and the rule."""
    if low is None and high is None:
        raise ValueError("a band needs at least one edge")
    low_f = None if low is None else float(low)
    high_f = None if high is None else float(high)
    if low_f is not None and high_f is not None and low_f > high_f:
        raise ValueError("the band's low edge is above its high edge")
    band = _band_phrase(low_f, high_f, low_strict, high_strict)
    values = _clean(series)
    if not values:
        outlook = _insufficient(method, f"chưa có số liệu năm nào (chỉ tiêu giữ trong ngưỡng {band})")
        return _with_explanation(outlook, outlook.explanation, rule="band:not_available")
    current_year = max(values)
    current = values[current_year]
    below = low_f is not None and (current <= low_f if low_strict else current < low_f)
    above = high_f is not None and (current >= high_f if high_strict else current > high_f)
    if not below and not above:
        basis = _basis(values, base_year)
        return Outlook(
            code=OutlookCode.TARGET_ACHIEVED,
            method=method,
            rule="band_inside",
            explanation=(
                f"Giá trị gần nhất {_point(current, current_year)} nằm trong ngưỡng mục tiêu {band}"
                f" nên đã đạt mục tiêu" + _method_tail(method, ", chỉ tiêu giữ trong ngưỡng")
            ),
            base_year=basis.base_year if not basis.problem else None,
            base_value=basis.base_value if not basis.problem else None,
            current_year=current_year,
            current_value=current,
            target_year=target_year,
            score=5.0 if method == "open_sdg" else None,
        )
    if below:
        assert low_f is not None
        edge, direction, strict, side = low_f, "up", low_strict, "dưới cận dưới"
    else:
        assert high_f is not None
        edge, direction, strict, side = high_f, "down", high_strict, "trên cận trên"
    inner = assess_outlook(
        values,
        direction=direction,  # type: ignore[arg-type]
        target_value=edge,
        target_year=target_year,
        base_year=base_year,
        method=method,
        strict=strict,
        is_percent=is_percent,
    )
    way = "tăng lên" if direction == "up" else "giảm xuống"
    lead = (
        f"Chỉ tiêu giữ trong ngưỡng {band}: giá trị gần nhất {_point(current, current_year)} nằm {side} "
        f"nên đánh giá tiến độ {way} mức {_fmt(edge)}; "
    )
    side_code = "below" if below else "above"
    return _with_explanation(inner, lead + _lower_first(inner.explanation), rule=f"band_{side_code}:{inner.rule}")


def _band_phrase(low: float | None, high: float | None, low_strict: bool, high_strict: bool) -> str:
    if low is None:
        assert high is not None
        return f"{'dưới' if high_strict else 'không quá'} {_fmt(high)}"
    if high is None:
        return f"{'trên' if low_strict else 'tối thiểu'} {_fmt(low)}"
    return f"{_fmt(low)}–{_fmt(high)}"


def assess_yes_no_outlook(series: Mapping[int, bool | None], *, target_year: int | None = None) -> Outlook:
    """Outlook of a yes/no target ("có/không"): there is no pace to extrapolate.

    Latest "yes" → achieved; latest "no" after an earlier "yes" → deterioration (it was lost);
    latest "no" otherwise → limited progress (not yet done); nothing reported → insufficient data."""
    method = "yes_no"
    answers = {int(year): bool(answer) for year, answer in series.items() if answer is not None}
    by = f" (mục tiêu năm {target_year})" if target_year else ""
    if not answers:
        return _insufficient(method, f"chưa có năm nào trả lời có/không{by}")
    year = max(answers)
    if answers[year]:
        code, why, rule = OutlookCode.TARGET_ACHIEVED, "là “có”", "yes_no_yes"
    elif any(answers.values()):
        was = max(y for y, answer in answers.items() if answer)
        code, why, rule = OutlookCode.DETERIORATION, f"là “không” dù năm {was} đã “có”", "yes_no_lost"
    else:
        code, why, rule = OutlookCode.LIMITED_PROGRESS, "vẫn là “không”", "yes_no_not_yet"
    return Outlook(
        code=code,
        method=method,
        rule=rule,
        explanation=f"Kết quả gần nhất (năm {year}) {why}{by}: {code.label}" + _method_tail(method),
        current_year=year,
        current_value=1.0 if answers[year] else 0.0,
        target_year=target_year,
    )


def assess_qualitative_outlook(
    judgement: OutlookCode | str | None, *, note: str = "", target_year: int | None = None
) -> Outlook:
    """Outlook of a qualitative target ("cơ bản chấm dứt …"): a person's judgement, recorded as given.

    No number can be extrapolated, so the code is the judgement itself (with its note as evidence);
    without a judgement the outlook is "insufficient data"."""
    method = "qualitative"
    if judgement is None:
        return _insufficient(method, "chỉ tiêu định tính cần người đánh giá, chưa có đánh giá")
    code = OutlookCode(judgement)
    evidence = f" — {note}" if note else ""
    by = f" đến năm {target_year}" if target_year else ""
    return Outlook(
        code=code,
        method=method,
        rule="qualitative_judgement",
        explanation=f"Chỉ tiêu định tính, người đánh giá ghi nhận{by}: {code.label}{evidence}" + _method_tail(method),
        target_year=target_year,
    )


# --- from a structured target --------------------------------------------------------------------


def outlook_for_target(
    series: Mapping[int, float | Decimal | None],
    *,
    comparator: str,
    value: float | Decimal | None,
    value_max: float | Decimal | None,
    target_year: int,
    direction: str,
    method: Method = "open_sdg",
    tolerance: float | Decimal = Decimal("0.02"),
    is_percent: bool = False,
    answers: Mapping[int, bool | None] | None = None,
) -> Outlook:
    """Pick the rule a structured end target calls for, so that every indicator gets an outlook.

    Bands: a ``between`` target and an indicator whose direction is ``band`` (``khoảng X`` becomes
    X ± tolerance; ``dưới X`` becomes the band below X). Yes/no and qualitative targets have no pace
    to extrapolate. Everything else is a target value approached from below (up) or above (down).
    """
    if comparator == "yes_no":
        return assess_yes_no_outlook(answers or {}, target_year=target_year)
    if comparator == "qualitative":
        yes = {year: answer for year, answer in (answers or {}).items() if answer is not None}
        judgement = None
        if yes:
            judgement = OutlookCode.TARGET_ACHIEVED if yes[max(yes)] else OutlookCode.LIMITED_PROGRESS
        return assess_qualitative_outlook(judgement, target_year=target_year)
    if value is None:
        return _insufficient(method, "mục tiêu chưa có giá trị số")
    target = float(value)
    if comparator == "between" or direction == "band":
        margin = abs(target) * float(tolerance)
        low: float | None
        high: float | None
        if comparator == "between":
            low, high = target, float(value_max if value_max is not None else value)
        elif comparator in ("lt", "le"):
            low, high = None, target
        elif comparator in ("gt", "ge"):
            low, high = target, None
        else:
            low, high = target - margin, target + margin
        return assess_band_outlook(
            series,
            low=low,
            high=high,
            target_year=target_year,
            method=method,
            low_strict=comparator == "gt",
            high_strict=comparator == "lt",
            is_percent=is_percent,
        )
    return assess_outlook(
        series,
        direction="down" if direction == "down" else "up",
        target_value=target,
        target_year=target_year,
        method=method,
        strict=comparator in ("lt", "gt"),
        is_percent=is_percent,
    )
