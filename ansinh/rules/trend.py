"""The arrow a scorecard shows against last year: which way the figure moved, and whether that is better.

Pure, no Django. An indicator that should rise is better when it rose; one that should fall when it fell; for a
band indicator (stay inside a range) the machine cannot say which way is better, so only the movement is shown."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Movement(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    UNKNOWN = "unknown"  # a year without a figure


class Judgement(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    NEUTRAL = "neutral"


ARROWS = {Movement.UP: "▲", Movement.DOWN: "▼", Movement.SAME: "▶", Movement.UNKNOWN: "·"}
JUDGEMENT_LABELS = {Judgement.BETTER: "tốt hơn", Judgement.WORSE: "kém hơn", Judgement.NEUTRAL: "không đánh giá chiều"}


@dataclass(frozen=True)
class Trend:
    movement: Movement
    judgement: Judgement
    previous: Decimal | None
    current: Decimal | None

    @property
    def arrow(self) -> str:
        return ARROWS[self.movement]

    @property
    def label(self) -> str:
        if self.movement == Movement.UNKNOWN:
            return "chưa đủ số liệu hai năm để so sánh"
        if self.movement == Movement.SAME:
            return "không đổi so với năm trước"
        moved = "tăng" if self.movement == Movement.UP else "giảm"
        if self.judgement == Judgement.NEUTRAL:
            return f"{moved} so với năm trước"
        return f"{moved} so với năm trước ({JUDGEMENT_LABELS[self.judgement]})"


def trend(previous: Decimal | None, current: Decimal | None, direction: str) -> Trend:
    if previous is None or current is None:
        return Trend(Movement.UNKNOWN, Judgement.NEUTRAL, previous, current)
    if current == previous:
        return Trend(Movement.SAME, Judgement.NEUTRAL, previous, current)
    movement = Movement.UP if current > previous else Movement.DOWN
    if direction not in ("up", "down"):
        return Trend(movement, Judgement.NEUTRAL, previous, current)
    better = (movement == Movement.UP) == (direction == "up")
    return Trend(movement, Judgement.BETTER if better else Judgement.WORSE, previous, current)
