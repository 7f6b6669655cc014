"""What a domain app contributes to the documents and dashboards the leadership reads, without the two knowing
each other.

``documents`` (layer 8) writes the yearly report, the dashboard and the briefings; ``followups`` (tasks, meetings,
inspections, difficulties) sits on the same layer and budgets and rewards are still to come, so neither may import
the other. Each such app registers a ``Contribution`` here from its ``AppConfig.ready()``; ``documents`` asks
the registry. A part of a report with no contribution registered is left out of the report (ansinh does not keep
that kind of record yet, and saying "nothing recorded" would be false); a contribution that answers ``None`` for a
year has nothing recorded, and the report says so.

Example, in ``followups/apps.py``::

    def ready(self):
        from ansinh.followups import report_parts
        register(Contribution(slot="tasks", section=report_parts.tasks_section, overdue=report_parts.overdue_tasks,
                              answered_indicators=report_parts.indicators_with_open_tasks))
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

# The parts of a yearly report other apps provide, in the order the report takes them (Decree 30 reports of the
# seeds: results, then tasks, inspections, budget, emulation and rewards; the difficulties recorded go to part II).
SLOTS: dict[str, str] = {
    "tasks": "Kết quả thực hiện nhiệm vụ, giải pháp",
    "inspections": "Công tác kiểm tra, giám sát",
    "budget": "Kinh phí thực hiện",
    "rewards": "Thi đua, khen thưởng",
    "difficulties": "Khó khăn, vướng mắc đã ghi nhận",
    "meetings": "Hội nghị, cuộc họp của Ban Chỉ đạo",
}


@dataclass(frozen=True)
class SectionText:
    """A part of a report: sentences, then "- …" items, already in Vietnamese with their figures."""

    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowupItem:
    """Something past its deadline that the dashboard lists (a task, an inspection's recommendation)."""

    kind: str  # "Nhiệm vụ", "Kiến nghị sau kiểm tra"
    title: str
    unit: str
    due: date | None
    url: str


@dataclass(frozen=True)
class Meeting:
    """A meeting of the committee: what a briefing is sent before, and what a notice of conclusions reports."""

    held_on: date
    title: str
    chair: str
    conclusions: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True)
class Contribution:
    slot: str
    # (programme, year) → the part of the yearly report, or None when nothing was recorded that year.
    section: Callable[[Any, int], SectionText | None] | None = None
    # (programme, today) → what is past its deadline.
    overdue: Callable[[Any, date], list[FollowupItem]] | None = None
    # (programme, indicator ids) → those of them that an open task answers.
    answered_indicators: Callable[[Any, Iterable[int]], set[int]] | None = None
    # (programme, first day, last day) → the meetings held or planned in that span.
    meetings: Callable[[Any, date, date], list[Meeting]] | None = None

    def __post_init__(self) -> None:
        if self.slot not in SLOTS:
            raise ValueError(f"Unknown slot {self.slot!r}; one of {sorted(SLOTS)}")


_registry: list[Contribution] = []


def register(contribution: Contribution) -> None:
    """Called from an app's ``ready()``; registering the same contribution twice keeps one."""
    if contribution not in _registry:
        _registry.append(contribution)


def unregister(contribution: Contribution) -> None:
    if contribution in _registry:
        _registry.remove(contribution)


def contributions(slot: str | None = None) -> list[Contribution]:
    return [c for c in _registry if slot is None or c.slot == slot]
