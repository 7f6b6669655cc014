"""Reads of steering work: the tasks, meetings, difficulties and inspections a person may see, filtered as
the pages and the API filter them; a report's tasks; a meeting's follow-up; an inspection plan's pace; the
document plan's count; and the alerts that close the loop (``current_alerts``), which the secretariat's
page shows and ``services.alerts`` sends."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Model, Prefetch, Q, QuerySet

from ansinh.accounts.models import Role
from ansinh.accounts.rules import can_follow_program, memberships_of
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.evaluation.selectors import LAGGING_OUTLOOKS, ProgramEvaluation, evaluate_program
from ansinh.followups.models import (
    Difficulty,
    DocumentQuota,
    InspectionPlan,
    Meeting,
    Task,
    TaskKind,
    TaskProgress,
)
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import Report
from ansinh.rules.followups import (
    LAGGING_PACES,
    PACE_LABELS,
    STATUS_LABELS,
    Pace,
    TaskStatus,
    days_overdue,
    expected_by,
    inspection_pace,
)
from ansinh.rules.verdicts import Status

# Stored statuses of work still owed ("quá hạn" is one of these past its deadline).
OPEN_STORED = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
TASK_RELATED = ("program__owner_unit", "program__standing_agency", "lead_unit", "meeting", "finding__visit__unit")


# -- Tasks --------------------------------------------------------------------------------------------------


def tasks_visible_to(user, program: Program) -> QuerySet[Task]:
    """Every task of the programme for those who follow it; else the tasks the person's units lead or
    coordinate."""
    tasks = Task.objects.filter(program=program).select_related(*TASK_RELATED)
    if can_follow_program(user, program):
        return tasks
    units = covered_unit_ids(user)
    return tasks.filter(Q(lead_unit_id__in=units) | Q(coordinating_units__in=units)).distinct()


def status_condition(status: str, today: date) -> Q:
    """The tasks whose status on ``today`` is ``status``, as a query (see ``rules.followups.task_status``)."""
    not_late = Q(due_on__isnull=True) | Q(due_on__gte=today)
    conditions = {
        TaskStatus.OVERDUE: Q(status__in=OPEN_STORED, due_on__lt=today),
        TaskStatus.DONE_LATE: Q(status=TaskStatus.DONE, completed_on__gt=F("due_on")),
        TaskStatus.DONE: Q(status=TaskStatus.DONE)
        & (Q(due_on__isnull=True) | Q(completed_on__isnull=True) | Q(completed_on__lte=F("due_on"))),
        TaskStatus.NOT_STARTED: Q(status=TaskStatus.NOT_STARTED) & not_late,
        TaskStatus.IN_PROGRESS: Q(status=TaskStatus.IN_PROGRESS) & not_late,
        TaskStatus.PAUSED: Q(status=TaskStatus.PAUSED),
        TaskStatus.CANCELLED: Q(status=TaskStatus.CANCELLED),
    }
    return conditions[TaskStatus(status)]


@dataclass
class TaskFilters:
    """What a list of tasks can be narrowed to; every field optional."""

    unit: OrgUnit | None = None  # leads or coordinates
    field: str = ""
    status: str = ""
    kind: str = ""
    origin: str = ""
    due_from: date | None = None
    due_to: date | None = None
    indicator: Indicator | None = None
    meeting: Meeting | None = None
    q: str = ""


def filter_tasks(tasks: QuerySet[Task], filters: TaskFilters, today: date) -> QuerySet[Task]:
    if filters.unit is not None:
        tasks = tasks.filter(Q(lead_unit=filters.unit) | Q(coordinating_units=filters.unit)).distinct()
    if filters.field:
        tasks = tasks.filter(field=filters.field)
    if filters.status:
        tasks = tasks.filter(status_condition(filters.status, today))
    if filters.kind:
        tasks = tasks.filter(kind=filters.kind)
    if filters.origin:
        tasks = tasks.filter(origin=filters.origin)
    if filters.due_from is not None:
        tasks = tasks.filter(due_on__gte=filters.due_from)
    if filters.due_to is not None:
        tasks = tasks.filter(due_on__lte=filters.due_to)
    if filters.indicator is not None:
        tasks = tasks.filter(indicators=filters.indicator)
    if filters.meeting is not None:
        tasks = tasks.filter(meeting=filters.meeting)
    if filters.q:
        tasks = tasks.filter(
            Q(title__icontains=filters.q) | Q(code__icontains=filters.q) | Q(text__icontains=filters.q)
        )
    return tasks.order_by(F("due_on").asc(nulls_last=True), "code", "id")


@dataclass(frozen=True)
class TaskRow:
    """A task as a list shows it on a day: its status then and how late it is."""

    task: Task
    status: TaskStatus
    days_late: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def task_rows(tasks: Iterable[Task], today: date) -> list[TaskRow]:
    rows = []
    for task in tasks:
        status = task.status_on(today)
        late = days_overdue(task.due_on, today) if status == TaskStatus.OVERDUE else 0
        rows.append(TaskRow(task, status, late))
    return rows


def with_units(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """The coordinating units and indicators of each task, in two queries for the whole list."""
    return tasks.prefetch_related(
        Prefetch("coordinating_units", queryset=OrgUnit.objects.order_by("name")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("sort_key")),
    )


def task_reference(task: Task) -> str:
    """How a file or the API names a task: its code, or its id for a task given on the page (which has none)."""
    return task.code or str(task.pk)


def tasks_by_reference(program: Program, references: Iterable[str]) -> dict[str, Task]:
    """The programme's tasks named by ``task_reference``; a reference that names none is left out."""
    wanted = set(references)
    ids = [int(reference) for reference in wanted if reference.isdigit()]
    tasks = Task.objects.filter(program=program).filter(Q(code__in=wanted) | Q(code="", pk__in=ids))
    return {task_reference(task): task for task in tasks}


def task_choices(program: Program) -> tuple[list[str], list[OrgUnit]]:
    """The fields and the lead units the programme's tasks have, for the filters."""
    tasks = Task.objects.filter(program=program)
    fields = sorted(set(tasks.exclude(field="").values_list("field", flat=True)))
    units = list(OrgUnit.objects.filter(pk__in=tasks.values("lead_unit")).order_by("name"))
    return fields, units


def task_progress(task: Task) -> list[TaskProgress]:
    """The task's account period by period, newest first."""
    return list(
        TaskProgress.objects.filter(task=task)
        .select_related("report__period", "report__unit", "updated_by")
        .order_by("-report__period__ends_on")
    )


@dataclass(frozen=True)
class ReportTask:
    task: Task
    status: TaskStatus
    progress: TaskProgress | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def report_tasks(report: Report) -> list[ReportTask]:
    """The tasks the report's unit leads in the report's programme and still had to work on in its period
    (not finished or cancelled before the period began), each with its account in this report."""
    period = report.period
    tasks = (
        Task.objects.filter(program_id=period.program_id, lead_unit_id=report.unit_id)
        .exclude(status=TaskStatus.CANCELLED)
        .exclude(status=TaskStatus.DONE, completed_on__lt=period.starts_on)
        .order_by(F("due_on").asc(nulls_last=True), "code")
    )
    progress = {p.task_id: p for p in TaskProgress.objects.filter(report=report)}
    return [ReportTask(task, task.status_on(period.ends_on), progress.get(task.pk)) for task in tasks]


# -- Meetings ---------------------------------------------------------------------------------------------


def meetings_of(program: Program, *, year: int | None = None, kind: str = "") -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(program=program).prefetch_related("tasks")
    if year:
        meetings = meetings.filter(held_on__year=year)
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings


# -- Difficulties -------------------------------------------------------------------------------------------


def difficulties_visible_to(user, program: Program) -> QuerySet[Difficulty]:
    """Every difficulty for those who follow the programme; else those the person's units raised or must
    resolve, and those raised at meetings (the committee's own record)."""
    rows = Difficulty.objects.filter(program=program).select_related("raised_by", "resolving_unit", "meeting")
    if can_follow_program(user, program):
        return rows
    units = covered_unit_ids(user)
    return rows.filter(Q(raised_by_id__in=units) | Q(resolving_unit_id__in=units) | Q(meeting__isnull=False))


@dataclass
class DifficultyFilters:
    unit: OrgUnit | None = None
    field: str = ""
    status: str = ""
    q: str = ""


def filter_difficulties(rows: QuerySet[Difficulty], filters: DifficultyFilters) -> QuerySet[Difficulty]:
    if filters.unit is not None:
        rows = rows.filter(Q(raised_by=filters.unit) | Q(resolving_unit=filters.unit))
    if filters.field:
        rows = rows.filter(field=filters.field)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.q:
        rows = rows.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    return rows.prefetch_related("indicators")


# -- Inspections ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanProgress:
    plan: InspectionPlan
    visited: int
    expected: int
    pace: Pace

    @property
    def pace_label(self) -> str:
        return PACE_LABELS[self.pace]

    @property
    def is_lagging(self) -> bool:
        return self.pace in LAGGING_PACES

    @property
    def sentence(self) -> str:
        plan = self.plan
        return (
            f"Đã kiểm tra {self.visited}/{plan.target_units} đơn vị theo kế hoạch năm {plan.year}"
            + (f" (“{plan.target_phrase}”)" if plan.target_phrase else "")
            + f": {self.pace_label.lower()}."
        )


def plan_progress(plan: InspectionPlan, today: date) -> PlanProgress:
    visited = plan.visits.filter(done=True).count()
    return PlanProgress(
        plan,
        visited,
        expected_by(plan.target_units, plan.starts_on, plan.ends_on, today),
        inspection_pace(plan.target_units, visited, plan.starts_on, plan.ends_on, today),
    )


def inspection_plans_visible_to(user, program: Program) -> QuerySet[InspectionPlan]:
    plans = InspectionPlan.objects.filter(program=program)
    if can_follow_program(user, program):
        return plans
    return plans.filter(teams__members=user).distinct() if getattr(user, "is_authenticated", False) else plans.none()


def team_ids_of(user) -> set[int]:
    """The inspection teams the person sits on as an inspector."""
    if not any(m.role == Role.INSPECTOR for m in memberships_of(user)):
        return set()
    return set(user.inspection_teams.values_list("pk", flat=True))


# -- Documents to issue -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaProgress:
    quota: DocumentQuota
    recorded: int  # document tasks of those types due that year
    issued: int  # of which done

    @property
    def sentence(self) -> str:
        quota = self.quota
        return (
            f"Năm {quota.year}: kế hoạch {quota.phrase}; ansinh ghi nhận {self.recorded} văn bản, "
            f"đã ban hành {self.issued}/{quota.planned}."
        )


def document_quotas(program: Program) -> list[QuotaProgress]:
    rows = []
    for quota in DocumentQuota.objects.filter(program=program):
        documents = Task.objects.filter(
            program=program, kind=TaskKind.DOCUMENT, document_type__in=quota.types, due_on__year=quota.year
        )
        rows.append(QuotaProgress(quota, documents.count(), documents.filter(status=TaskStatus.DONE).count()))
    return rows


# -- Alerts that close the loop -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """One condition that needs someone: ``key`` names it for the once-each record; ``target`` is the object
    the alert links to (a task, an inspection plan, or the programme); ``unit`` the unit that must act."""

    key: str
    kind: str  # "indicator", "task", "inspection"
    message: str
    target: Model
    program: Program
    unit: OrgUnit | None = None
    extra: dict = field(default_factory=dict)


ALERT_KINDS = {
    "indicator": "Chỉ tiêu chưa đạt, chưa có nhiệm vụ",
    "task": "Nhiệm vụ, kiến nghị quá hạn",
    "inspection": "Kế hoạch kiểm tra chậm tiến độ",
}


def indicators_with_open_tasks(program: Program) -> set[int]:
    """The indicators an open task (not started or under way) answers."""
    return set(
        Task.objects.filter(program=program, status__in=OPEN_STORED, indicators__isnull=False).values_list(
            "indicators", flat=True
        )
    )


def latest_evaluation(program: Program, today: date) -> ProgramEvaluation | None:
    """The evaluation of the latest year finished before ``today`` that has a verdict to act on (the
    programme's own years only): in 2023 the committee acts on 2022's results, the year's own figures being
    known only once it is over."""
    for year in range(min(today.year - 1, program.end_year), program.start_year - 1, -1):
        evaluation = evaluate_program(program, year)
        if any(row.status not in (Status.NO_DATA, Status.NOT_ASSESSED) for row in evaluation.rows):
            return evaluation
    return None


def indicator_alerts(program: Program, today: date) -> list[Alert]:
    """Indicators judged "chưa đạt" (or "chưa triển khai"), or off the path to their end target, with no open
    task linked to them."""
    evaluation = latest_evaluation(program, today)
    if evaluation is None:
        return []
    year = evaluation.year
    answered = indicators_with_open_tasks(program)
    alerts = []
    for row in evaluation.rows:
        indicator = row.indicator
        if indicator.is_group or indicator.pk in answered:
            continue
        outlook = row.outlook
        if row.status in (Status.NOT_ACHIEVED, Status.BEHIND_PATH, Status.NOT_IMPLEMENTED):
            why = f"năm {year} {row.status.label.lower()}"
        elif outlook is not None and outlook.code in LAGGING_OUTLOOKS:
            why = f"{outlook.code.label.lower()} so với mục tiêu cuối kỳ"
        else:
            continue
        alerts.append(
            Alert(
                key=f"indicator-no-task:{year}:{indicator.pk}",
                kind="indicator",
                message=f"Chỉ tiêu {indicator.code} “{indicator.name}” ({program.code}): {why}, "
                "chưa có nhiệm vụ nào đang thực hiện gắn với chỉ tiêu này.",
                target=indicator,
                program=program,
                unit=indicator.lead_unit,
                extra={"year": year, "status": row.status.value},
            )
        )
    return alerts


def task_alerts(program: Program, today: date) -> list[Alert]:
    overdue = Task.objects.filter(program=program).filter(status_condition(TaskStatus.OVERDUE, today))
    alerts = []
    for task in overdue.select_related("lead_unit").order_by("due_on", "id"):
        what = "Kiến nghị sau kiểm tra" if task.kind == TaskKind.RECOMMENDATION else task.get_kind_display()
        lead = task.lead_unit.name if task.lead_unit else "chưa có đơn vị chủ trì"
        alerts.append(
            Alert(
                key=f"task-overdue:{task.pk}",
                kind="task",
                message=f"{what} “{task.title}” ({lead}) đã quá hạn {days_overdue(task.due_on, today)} ngày "
                f"(hạn {task.deadline.label}).",
                target=task,
                program=program,
                unit=task.lead_unit,
            )
        )
    return alerts


def inspection_alerts(program: Program, today: date) -> list[Alert]:
    alerts = []
    for plan in InspectionPlan.objects.filter(program=program, starts_on__lte=today):
        progress = plan_progress(plan, today)
        if progress.is_lagging:
            alerts.append(
                Alert(
                    key=f"inspection-{progress.pace.value}:{plan.pk}",
                    kind="inspection",
                    message=f"{plan.title}: {progress.sentence}",
                    target=plan,
                    program=program,
                )
            )
    return alerts


def current_alerts(program: Program, today: date) -> list[Alert]:
    """Every alert of the programme on ``today``: indicators with no answer, overdue tasks and
    recommendations, inspection plans behind."""
    return indicator_alerts(program, today) + task_alerts(program, today) + inspection_alerts(program, today)
