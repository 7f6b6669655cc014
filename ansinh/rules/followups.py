"""The rules of steering work, without Django: a task's deadline (a date, a year, or "thường xuyên"), the
status a person sees (stored status plus what the calendar says: "quá hạn", "hoàn thành quá hạn"), and
whether a yearly inspection plan keeps pace with its target ("kiểm tra ít nhất 9 đơn vị")."""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ansinh.core.dates import format_date


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    PAUSED = "paused"
    CANCELLED = "cancelled"


STATUS_LABELS: dict[TaskStatus, str] = {
    TaskStatus.NOT_STARTED: "Chưa bắt đầu",
    TaskStatus.IN_PROGRESS: "Đang thực hiện",
    TaskStatus.DONE: "Hoàn thành",
    TaskStatus.DONE_LATE: "Hoàn thành quá hạn",
    TaskStatus.OVERDUE: "Quá hạn",
    TaskStatus.PAUSED: "Tạm dừng",
    TaskStatus.CANCELLED: "Hủy",
}
# What a person sets; "quá hạn" and "hoàn thành quá hạn" follow from the deadline and the completion date.
STORED_STATUSES = (
    TaskStatus.NOT_STARTED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.DONE,
    TaskStatus.PAUSED,
    TaskStatus.CANCELLED,
)
# Work still owed: a paused or cancelled task is not answering anything.
OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE)


class DeadlineKind(StrEnum):
    DATE = "date"
    YEAR = "year"
    ONGOING = "ongoing"


class DeadlineError(ValueError):
    """A deadline that cannot be read; the message is Vietnamese."""


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    day: date | None = None
    year: int | None = None

    @property
    def due(self) -> date | None:
        """The last day the work may be done on: the date, the year's 31/12, none for ongoing work."""
        if self.kind == DeadlineKind.DATE:
            return self.day
        if self.kind == DeadlineKind.YEAR and self.year is not None:
            return date(self.year, 12, 31)
        return None

    @property
    def label(self) -> str:
        if self.kind == DeadlineKind.DATE:
            return format_date(self.day)
        if self.kind == DeadlineKind.YEAR:
            return f"Năm {self.year}"
        return "Thường xuyên"


ONGOING_WORDS = ("thường xuyên", "hằng năm", "hàng năm", "liên tục")
_DAY = re.compile(r"^(?:trước\s+)?(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^(?:trong\s+)?(?:năm\s+)?(\d{4})$")


def parse_deadline(text: str) -> Deadline:
    """``05/03/2024`` (5 March), ``2024`` or ``năm 2024``, ``thường xuyên`` / ``hằng năm``."""
    cleaned = " ".join((text or "").lower().split()).rstrip(".")
    if not cleaned:
        raise DeadlineError("Cần ghi thời hạn: một ngày (dd/mm/yyyy), một năm, hoặc “thường xuyên”.")
    if cleaned in ONGOING_WORDS:
        return Deadline(DeadlineKind.ONGOING)
    if match := _DAY.match(cleaned):
        day, month, year = (int(part) for part in match.groups())
        try:
            return Deadline(DeadlineKind.DATE, day=date(year, month, day))
        except ValueError as error:
            raise DeadlineError(f"Ngày “{text.strip()}” không có trên lịch.") from error
    if match := _YEAR.match(cleaned):
        year = int(match.group(1))
        if not 1900 <= year <= 2200:
            raise DeadlineError(f"Năm “{year}” không hợp lệ.")
        return Deadline(DeadlineKind.YEAR, year=year)
    raise DeadlineError(
        f"Không đọc được thời hạn “{text.strip()}”: ghi một ngày (dd/mm/yyyy), một năm (2025) hoặc “thường xuyên”."
    )


def task_status(stored: str, due: date | None, completed_on: date | None, today: date) -> TaskStatus:
    """What the task's status is on ``today``: a done task finished after its deadline is "hoàn thành quá
    hạn"; an unfinished task (not paused, not cancelled) past its deadline is "quá hạn"."""
    status = TaskStatus(stored)
    if status == TaskStatus.DONE:
        late = due is not None and completed_on is not None and completed_on > due
        return TaskStatus.DONE_LATE if late else TaskStatus.DONE
    if status in (TaskStatus.PAUSED, TaskStatus.CANCELLED):
        return status
    if due is not None and today > due:
        return TaskStatus.OVERDUE
    return status


def days_overdue(due: date | None, today: date) -> int:
    return max(0, (today - due).days) if due is not None else 0


class Pace(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"


PACE_LABELS: dict[Pace, str] = {
    Pace.ACHIEVED: "Đã đạt kế hoạch",
    Pace.ON_TRACK: "Đúng tiến độ",
    Pace.BEHIND: "Chậm tiến độ",
    Pace.MISSED: "Không đạt kế hoạch",
}
LAGGING_PACES = (Pace.BEHIND, Pace.MISSED)


def expected_by(target: int, starts_on: date, ends_on: date, today: date) -> int:
    """How many of ``target`` units should have been visited by ``today`` at an even pace over the plan's
    span (rounded down: a plan is not behind for a fraction of a visit)."""
    if today < starts_on:
        return 0
    if today >= ends_on:
        return target
    span = (ends_on - starts_on).days + 1
    elapsed = (today - starts_on).days + 1
    return target * elapsed // span


def inspection_pace(target: int, done: int, starts_on: date, ends_on: date, today: date) -> Pace:
    """An inspection plan ("kiểm tra ít nhất 9 đơn vị" in a year) on ``today``: achieved once ``done``
    reaches the target; missed if the year ended short of it; behind when fewer than an even pace expects."""
    if done >= target:
        return Pace.ACHIEVED
    if today > ends_on:
        return Pace.MISSED
    return Pace.BEHIND if done < expected_by(target, starts_on, ends_on, today) else Pace.ON_TRACK
