"""The rules of a yearly emulation topic (chuyên đề thi đua), without Django: the criteria and their weights
(which must sum to 100%), a unit's score from its parts — each part a count of what went right over what was
due, so every point can be traced by hand — and the ranking among comparable units.

A unit's score is ``Σ weight × share`` over the criteria that apply to it, divided by the sum of those weights,
times 100: a criterion with nothing due for the unit (no indicator it leads, no task due, no finding) leaves the
score, and its weight is spread over the others. A unit to which no criterion applies has no score."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ansinh.core.numbers import format_number, format_percent


class Criterion(StrEnum):
    INDICATORS = "indicators_achieved"
    REPORTS = "reports_on_time"
    TASKS = "tasks_on_time"
    FINDINGS = "findings_closed"
    BUDGET = "budget_disbursed"


CRITERION_LABELS = {
    Criterion.INDICATORS: "Chỉ tiêu chủ trì đạt và vượt",
    Criterion.REPORTS: "Báo cáo gửi đúng hạn",
    Criterion.TASKS: "Nhiệm vụ hoàn thành đúng hạn",
    Criterion.FINDINGS: "Phát hiện kiểm tra đã khắc phục",
    Criterion.BUDGET: "Kinh phí được giao đã giải ngân",
}
HUNDRED = Decimal(100)


def weight_problems(weights: Mapping[str, Decimal]) -> list[str]:
    """What is wrong with a topic's weights, in Vietnamese (empty when they may be saved)."""
    problems: list[str] = []
    unknown = sorted(set(weights) - set(Criterion))
    if unknown:
        problems.append(f"Tiêu chí không có trong danh mục: {', '.join(unknown)}.")
    for name, weight in weights.items():
        label = CRITERION_LABELS[Criterion(name)] if name in set(Criterion) else name
        if weight < 0 or weight > HUNDRED:
            problems.append(f"Trọng số của “{label}” phải từ 0 đến 100% (đã ghi {format_percent(weight)}).")
    total = sum(weights.values(), Decimal(0))
    if total != HUNDRED:
        problems.append(f"Tổng trọng số các tiêu chí phải bằng 100% (đang là {format_percent(total)}).")
    return problems


@dataclass(frozen=True)
class Part:
    """What went right (``done``) over what was due (``due``) for one criterion; ``due == 0`` means the
    criterion does not apply to the unit."""

    done: Decimal
    due: Decimal

    @property
    def applies(self) -> bool:
        return self.due > 0

    @property
    def share(self) -> Decimal | None:
        """done / due, never above 1 (disbursing more than allocated earns no more than all of it)."""
        if not self.applies:
            return None
        return min(self.done / self.due, Decimal(1))


@dataclass(frozen=True)
class ScoredPart:
    criterion: Criterion
    part: Part
    weight: Decimal
    points: Decimal | None  # weight × share, None where the criterion does not apply

    @property
    def label(self) -> str:
        return CRITERION_LABELS[self.criterion]


@dataclass(frozen=True)
class Score:
    parts: list[ScoredPart]
    applied_weight: Decimal
    value: Decimal | None  # out of 100

    @property
    def explanation(self) -> str:
        """How the score is computed, in the numbers shown: "(20 × 3/4 + 30 × 1) / 50 × 100 = 90"."""
        used = [p for p in self.parts if p.points is not None]
        if not used or self.value is None:
            return "Không có tiêu chí nào áp dụng cho đơn vị trong năm."
        terms = " + ".join(
            f"{format_number(p.weight)} × {format_number(p.part.done)}/{format_number(p.part.due)}"
            if p.part.done <= p.part.due
            else f"{format_number(p.weight)} × 1"  # more than was due counts as all of it
            for p in used
        )
        return f"({terms}) / {format_number(self.applied_weight)} × 100 = {format_number(round_score(self.value))}"


def score(parts: Mapping[Criterion, Part], weights: Mapping[Criterion, Decimal]) -> Score:
    scored = []
    for criterion, weight in weights.items():
        part = parts.get(criterion, Part(Decimal(0), Decimal(0)))
        share = part.share
        scored.append(ScoredPart(criterion, part, weight, None if share is None else weight * share))
    applied = sum((p.weight for p in scored if p.points is not None), Decimal(0))
    if applied == 0:
        return Score(scored, applied, None)
    total = sum((p.points for p in scored if p.points is not None), Decimal(0))
    return Score(scored, applied, total / applied * HUNDRED)


def round_score(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rank[K](scores: Iterable[tuple[K, Decimal | None]]) -> dict[K, int | None]:
    """Competition ranking (1, 2, 2, 4) on the scores rounded as shown; a unit without a score is not ranked."""
    pairs = list(scores)
    shown = sorted((round_score(value) for _, value in pairs if value is not None), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(shown, start=1):
        first_place.setdefault(value, place)
    return {key: None if value is None else first_place[round_score(value)] for key, value in pairs}
