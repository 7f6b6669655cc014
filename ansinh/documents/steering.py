"""The steering work of a year as the documents and the dashboard tell it, read from ``followups`` (tasks,
meetings, inspections, difficulties) and ``stewardship`` (budget, emulation and rewards): the parts of the
yearly report, what is past its deadline, which indicators an open task answers, the meetings a briefing is
sent before.

``documents`` sits above both (docs/architecture.md), so it reads their selectors directly. A part with nothing
recorded for the year says so ("chưa ghi nhận")."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ansinh.core.dates import format_date
from ansinh.followups.models import Difficulty, InspectionPlan, Meeting, Task, TaskKind
from ansinh.followups.selectors import (
    document_quotas,
    indicators_with_open_tasks,
    meetings_of,
    plan_progress,
    task_alerts,
)
from ansinh.programs.models import Program
from ansinh.rules.budget import format_money, format_rate
from ansinh.rules.followups import STATUS_LABELS, TaskStatus
from ansinh.stewardship.models import ProposalStatus
from ansinh.stewardship.selectors import (
    BudgetFilters,
    budget_summary,
    counted_budget_lines,
    filter_budget,
    proposals_of,
    topic_of,
)

# The parts of a yearly report after the indicators, in the order the seeds' reports take them: results,
# tasks, inspections, budget, emulation and rewards; the difficulties recorded go to part II.
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
    """Something past its deadline that the dashboard lists: a task, or a recommendation after an inspection
    (``task`` is what the page links to)."""

    kind: str
    title: str
    unit: str
    due: date | None
    task: Task


@dataclass(frozen=True)
class MeetingNotice:
    """A meeting of the committee: what a briefing is sent before, and what a notice of conclusions reports."""

    held_on: date
    title: str
    chair: str
    conclusions: tuple[str, ...]


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def tasks_section(program: Program, year: int) -> SectionText | None:
    """The tasks due in the year (and those kept "thường xuyên"), by their status at the year's end."""
    end = _year_end(year)
    tasks = list(
        Task.objects.filter(program=program, parent__isnull=True)
        .exclude(kind=TaskKind.RECOMMENDATION)
        .filter(due_on__year=year)
        .select_related("lead_unit")
    )
    if not tasks:
        return None
    statuses = Counter(task.status_on(end) for task in tasks)
    done = statuses[TaskStatus.DONE] + statuses[TaskStatus.DONE_LATE]
    counts = ", ".join(
        f"{statuses[status]} {STATUS_LABELS[status].lower()}" for status in TaskStatus if statuses[status]
    )
    paragraphs = [f"Năm {year} có {len(tasks)} nhiệm vụ đến hạn; đã hoàn thành {done}/{len(tasks)} ({counts})."]
    paragraphs += [quota.sentence for quota in document_quotas(program) if quota.quota.year == year]
    late = [task for task in tasks if task.status_on(end) == TaskStatus.OVERDUE]
    items = tuple(
        f"{task.title} — {task.lead_unit.name if task.lead_unit else 'chưa có đơn vị chủ trì'}, hạn {task.deadline.label}: "
        "quá hạn, chưa hoàn thành."
        for task in late
    )
    return SectionText(tuple(paragraphs), items)


def inspections_section(program: Program, year: int) -> SectionText | None:
    plans = list(InspectionPlan.objects.filter(program=program, year=year))
    if not plans:
        return None
    end = _year_end(year)
    paragraphs = [f"{plan.title}: {plan_progress(plan, end).sentence}" for plan in plans]
    recommendations = Task.objects.filter(program=program, kind=TaskKind.RECOMMENDATION, finding__visit__plan__in=plans)
    statuses = Counter(task.status_on(end) for task in recommendations)
    if recommendations:
        closed = statuses[TaskStatus.DONE] + statuses[TaskStatus.DONE_LATE]
        paragraphs.append(f"Các đoàn kiểm tra đưa ra {sum(statuses.values())} kiến nghị; đã thực hiện xong {closed}.")
    return SectionText(tuple(paragraphs))


def difficulties_section(program: Program, year: int) -> SectionText | None:
    difficulties = list(
        Difficulty.objects.filter(program=program, raised_on__year=year).select_related("raised_by", "resolving_unit")
    )
    if not difficulties:
        return None
    items = []
    for difficulty in difficulties:
        who = f" ({difficulty.raised_by.name} nêu)" if difficulty.raised_by else ""
        state = f"đã giải quyết {format_date(difficulty.resolved_on)}" if difficulty.resolved_on else "chưa giải quyết"
        items.append(f"{difficulty.title}{who}: {state}.")
    return SectionText((), tuple(items))


def meetings_section(program: Program, year: int) -> SectionText | None:
    meetings = list(meetings_of(program, year=year))
    if not meetings:
        return None
    items = tuple(
        f"{format_date(meeting.held_on)}: {meeting.title}, do {meeting.chair} chủ trì; "
        f"{meeting.tasks.count()} kết luận, chỉ đạo được giao thành nhiệm vụ."
        for meeting in meetings
    )
    return SectionText((), items)


def budget_section(program: Program, year: int) -> SectionText | None:
    """The budget of the year: what the units' lines add up to (allocated, disbursed, rate; by source), the
    units under the disbursement threshold, and the programme-level figures a source published for a span
    that includes the year (as the source wrote them, with the source)."""
    lines = filter_budget(
        counted_budget_lines(program).select_related("unit", "task", "program__owner_unit"),
        BudgetFilters(year=year),
    )
    summary = budget_summary(lines)
    if not summary.lines:
        return None
    paragraphs = []
    for line in summary.programme_level:
        amount = line.phrase or format_money(line.allocated)
        paragraphs.append(
            f"Giai đoạn {line.years_label}, {line.get_source_display().lower()} bố trí {amount}"
            + (f" ({line.note.rstrip('.')})" if line.note else "")
            + (f"; nguồn: {line.citation}." if line.citation else ".")
        )
    if summary.total is not None:
        total = summary.total
        paragraphs.append(
            f"Năm {year}, các đơn vị được giao {format_money(total.amounts.allocated)}, đã giải ngân "
            f"{format_money(total.amounts.disbursed)} ({format_rate(total.rate)} kinh phí được giao)."
        )
    items = tuple(
        f"{row.label}: giao {format_money(row.amounts.allocated)}, giải ngân {format_money(row.amounts.disbursed)}."
        for row in summary.by_source
    )
    items += tuple(
        f"{row.label} giải ngân {format_rate(row.rate)}, dưới ngưỡng {format_rate(summary.threshold)}."
        for row in summary.units_below
    )
    return SectionText(tuple(paragraphs), items)


def rewards_section(program: Program, year: int) -> SectionText | None:
    """The year's emulation topic and the rewards the committee agreed to propose: the list attached to the
    year-end report (drafts and proposals it did not agree to are not reported)."""
    topic = topic_of(program, year)
    if topic is None:
        return None
    approved = [p for p in proposals_of(topic) if p.status == ProposalStatus.APPROVED]
    paragraphs = [f"Ban Chỉ đạo phát động {topic.title[:1].lower()}{topic.title[1:]}."]
    if approved:
        paragraphs.append(f"Ban Chỉ đạo đồng ý đề nghị khen thưởng {len(approved)} tập thể, cá nhân:")
    else:
        paragraphs.append("Chưa có đề nghị khen thưởng nào được Ban Chỉ đạo đồng ý.")
    items = tuple(
        f"{p.get_award_display()}: "
        + (f"{p.person_name}{', ' + p.position if p.position else ''}, {p.unit.name}" if p.person_name else p.unit.name)
        + f" — {p.grounds.rstrip('.')}."
        for p in approved
    )
    return SectionText(tuple(paragraphs), items)


SECTION_READERS = {
    "tasks": tasks_section,
    "inspections": inspections_section,
    "budget": budget_section,
    "rewards": rewards_section,
    "difficulties": difficulties_section,
    "meetings": meetings_section,
}


def report_sections(program: Program, year: int) -> dict[str, SectionText | None]:
    """The parts ansinh keeps, by slot: None where nothing was recorded that year."""
    return {slot: read(program, year) for slot, read in SECTION_READERS.items()}


def overdue_items(program: Program, today: date) -> list[FollowupItem]:
    items = []
    for alert in task_alerts(program, today):
        task = alert.target
        assert isinstance(task, Task)
        kind = "Kiến nghị sau kiểm tra" if task.kind == TaskKind.RECOMMENDATION else task.get_kind_display()
        items.append(FollowupItem(kind, task.title, task.lead_unit.name if task.lead_unit else "—", task.due_on, task))
    return sorted(items, key=lambda item: (item.due or date.max, item.title))


def answered_indicators(program: Program) -> set[int]:
    return indicators_with_open_tasks(program)


def meeting_notice(meeting: Meeting) -> MeetingNotice:
    conclusions = tuple(line.strip(" -") for line in meeting.conclusions.splitlines() if line.strip(" -"))
    return MeetingNotice(meeting.held_on, meeting.title, meeting.chair, conclusions)


def meetings_between(program: Program, first: date, last: date) -> list[MeetingNotice]:
    meetings = Meeting.objects.filter(program=program, held_on__gte=first, held_on__lte=last).order_by("held_on")
    return [meeting_notice(meeting) for meeting in meetings]
