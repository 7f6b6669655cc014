"""Steering work through the API: tasks (list with filters, one task, create, status), meetings,
difficulties, inspections and the alerts of a day. Same access rules, selectors and services as the pages."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ansinh.accounts.rules import (
    can_follow_program,
    can_manage_steering,
    can_update_task,
    can_view_steering,
    can_view_task,
)
from ansinh.api.schemas import ErrorOut, ProgramSlug, Text
from ansinh.followups.models import Difficulty, DocumentType, Meeting, TaskKind, TaskOrigin
from ansinh.followups.selectors import (
    DifficultyFilters,
    TaskFilters,
    TaskRow,
    current_alerts,
    difficulties_visible_to,
    filter_difficulties,
    filter_tasks,
    inspection_plans_visible_to,
    meetings_of,
    plan_progress,
    task_rows,
    tasks_visible_to,
    with_units,
)
from ansinh.followups.services.errors import FollowupError
from ansinh.followups.services.tasks import TaskInput, create_task, set_task_status
from ansinh.gates import program_checked, task_checked
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator
from ansinh.rules.followups import STORED_STATUSES, DeadlineError, TaskStatus, parse_deadline

router = Router(tags=["Điều hành: nhiệm vụ, hội nghị, kiểm tra"])

READ_ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
UnitCode = Field(None, max_length=64, pattern=r"^[-A-Za-z0-9_.]*$")


class TaskOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    document_type: str
    origin: str
    field: str
    plan_section: str
    lead_unit_code: str | None
    lead_unit_name: str | None
    coordinating_unit_codes: list[str]
    deadline: str
    due_on: date | None
    status: str
    status_label: str
    days_overdue: int
    completed_on: date | None
    evidence_number: str
    evidence_date: date | None
    indicator_codes: list[str]
    meeting_id: int | None
    needs_review: bool
    is_illustrative: bool
    source: str


def _task_out(row: TaskRow) -> TaskOut:
    task = row.task
    return TaskOut(
        id=task.pk,
        code=task.code,
        title=task.title,
        kind=task.kind,
        document_type=task.document_type,
        origin=task.origin,
        field=task.field,
        plan_section=task.plan_section,
        lead_unit_code=task.lead_unit.code if task.lead_unit else None,
        lead_unit_name=task.lead_unit.name if task.lead_unit else None,
        coordinating_unit_codes=[unit.code for unit in task.coordinating_units.all()],
        deadline=task.deadline.label,
        due_on=task.due_on,
        status=row.status.value,
        status_label=row.status_label,
        days_overdue=row.days_late,
        completed_on=task.completed_on,
        evidence_number=task.evidence_number,
        evidence_date=task.evidence_date,
        indicator_codes=[indicator.code for indicator in task.indicators.all()],
        meeting_id=task.meeting_id,
        needs_review=task.needs_review,
        is_illustrative=task.is_illustrative,
        source=task.source,
    )


class TaskQuery(Schema):
    unit: str | None = UnitCode
    field: Text | None = Field(None, max_length=64)
    status: TaskStatus | None = None
    kind: TaskKind | None = None
    origin: TaskOrigin | None = None
    due_from: date | None = None
    due_to: date | None = None
    indicator: str | None = Field(None, max_length=32, pattern=r"^[-A-Za-z0-9_.]*$")
    meeting: int | None = None
    q: Text | None = Field(None, max_length=100)
    on: date | None = Field(None, description="Ngày tính trạng thái (mặc định hôm nay).")


@router.get("/programs/{slug}/tasks", response={200: list[TaskOut], **READ_ERRORS}, summary="Nhiệm vụ, có bộ lọc")
def list_tasks(request: HttpRequest, slug: ProgramSlug, filters: Query[TaskQuery]):
    program = program_checked(request, slug, can_view_steering, "xem nhiệm vụ qua API")
    today = filters.on or timezone.localdate()
    chosen = TaskFilters(
        unit=OrgUnit.objects.filter(code=filters.unit).first() if filters.unit else None,
        field=filters.field or "",
        status=filters.status or "",
        kind=filters.kind or "",
        origin=filters.origin or "",
        due_from=filters.due_from,
        due_to=filters.due_to,
        indicator=Indicator.objects.filter(program=program, code=filters.indicator).first()
        if filters.indicator
        else None,
        meeting=Meeting.objects.filter(program=program, pk=filters.meeting).first() if filters.meeting else None,
        q=filters.q or "",
    )
    if (filters.unit and chosen.unit is None) or (filters.indicator and chosen.indicator is None):
        return []
    tasks = with_units(filter_tasks(tasks_visible_to(request.user, program), chosen, today))
    return [_task_out(row) for row in task_rows(tasks, today)]


@router.get("/tasks/{task_id}", response={200: TaskOut, **READ_ERRORS}, summary="Một nhiệm vụ")
def get_task(request: HttpRequest, task_id: int):
    task = task_checked(request, task_id, can_view_task, "xem nhiệm vụ qua API")
    return _task_out(task_rows([task], timezone.localdate())[0])


class TaskIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Text = Field(..., min_length=1, max_length=500)
    kind: TaskKind = TaskKind.TASK
    document_type: DocumentType | None = None
    text: Text = Field("", max_length=10000)
    field: Text = Field("", max_length=64)
    lead_unit: str = Field(..., max_length=64, pattern=r"^[-A-Za-z0-9_.]+$")
    coordinating_units: list[str] = Field(default_factory=list, max_length=50)
    deadline: Text = Field("thường xuyên", max_length=40, description="dd/mm/yyyy, một năm, hoặc “thường xuyên”.")
    indicators: list[str] = Field(default_factory=list, max_length=100)


def _units(codes: list[str]) -> dict[str, OrgUnit]:
    return {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}


@router.post("/programs/{slug}/tasks", response={201: TaskOut, **WRITE_ERRORS}, summary="Giao nhiệm vụ")
def create_task_api(request: HttpRequest, slug: ProgramSlug, body: TaskIn):
    program = program_checked(request, slug, can_manage_steering, "giao nhiệm vụ qua API")
    units = _units([body.lead_unit, *body.coordinating_units])
    missing = sorted({body.lead_unit, *body.coordinating_units} - set(units))
    if missing:
        raise FollowupError(f"Không có đơn vị {', '.join(missing)}.", code="unknown_unit")
    try:
        deadline = parse_deadline(body.deadline)
    except DeadlineError as error:
        raise FollowupError(str(error), code="invalid_deadline") from error
    task = create_task(
        program,
        TaskInput(
            title=body.title,
            kind=body.kind,
            document_type=body.document_type or "",
            text=body.text,
            field=body.field,
            lead_unit=units[body.lead_unit],
            coordinating_units=[units[code] for code in body.coordinating_units],
            deadline=deadline,
            indicators=list(Indicator.objects.filter(program=program, code__in=body.indicators)),
        ),
        actor=request.user,
    )
    return Status(201, _task_out(task_rows([task], timezone.localdate())[0]))


class TaskStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: TaskStatus = Field(..., description="Một trong: " + ", ".join(s.value for s in STORED_STATUSES))
    completed_on: date | None = None
    evidence_number: Text = Field("", max_length=100)
    evidence_date: date | None = None
    evidence_note: Text = Field("", max_length=5000)


@router.post("/tasks/{task_id}/status", response={200: TaskOut, **WRITE_ERRORS}, summary="Cập nhật tình hình thực hiện")
def update_task_status(request: HttpRequest, task_id: int, body: TaskStatusIn):
    task = task_checked(request, task_id, can_update_task, "cập nhật nhiệm vụ qua API")
    task = set_task_status(
        task,
        status=body.status,
        completed_on=body.completed_on,
        evidence_number=body.evidence_number,
        evidence_date=body.evidence_date,
        evidence_note=body.evidence_note,
        actor=request.user,
    )
    return _task_out(task_rows([task], timezone.localdate())[0])


class MeetingOut(Schema):
    id: int
    held_on: date
    kind: str
    title: str
    chair: str
    conclusions: str
    task_ids: list[int]
    is_illustrative: bool
    source: str


class MeetingQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    kind: Meeting.Kind | None = None


@router.get("/programs/{slug}/meetings", response={200: list[MeetingOut], **READ_ERRORS}, summary="Hội nghị, giao ban")
def list_meetings(request: HttpRequest, slug: ProgramSlug, filters: Query[MeetingQuery]):
    program = program_checked(request, slug, can_view_steering, "xem hội nghị qua API")
    return [
        MeetingOut(
            id=meeting.pk,
            held_on=meeting.held_on,
            kind=meeting.kind,
            title=meeting.title,
            chair=meeting.chair,
            conclusions=meeting.conclusions,
            task_ids=[task.pk for task in meeting.tasks.all()],
            is_illustrative=meeting.is_illustrative,
            source=meeting.source,
        )
        for meeting in meetings_of(program, year=filters.year, kind=filters.kind or "")
    ]


class DifficultyOut(Schema):
    id: int
    title: str
    field: str
    raised_on: date
    raised_by_code: str | None
    meeting_id: int | None
    resolving_unit_code: str | None
    indicator_codes: list[str]
    proposal: str
    status: str
    resolution: str
    resolved_on: date | None
    is_illustrative: bool
    source: str


class DifficultyQuery(Schema):
    unit: str | None = UnitCode
    field: Text | None = Field(None, max_length=64)
    status: Difficulty.Status | None = None
    q: Text | None = Field(None, max_length=100)


@router.get(
    "/programs/{slug}/difficulties", response={200: list[DifficultyOut], **READ_ERRORS}, summary="Khó khăn, vướng mắc"
)
def list_difficulties(request: HttpRequest, slug: ProgramSlug, filters: Query[DifficultyQuery]):
    program = program_checked(request, slug, can_view_steering, "xem khó khăn, vướng mắc qua API")
    unit = OrgUnit.objects.filter(code=filters.unit).first() if filters.unit else None
    if filters.unit and unit is None:
        return []
    rows = filter_difficulties(
        difficulties_visible_to(request.user, program),
        DifficultyFilters(unit=unit, field=filters.field or "", status=filters.status or "", q=filters.q or ""),
    )
    return [
        DifficultyOut(
            id=row.pk,
            title=row.title,
            field=row.field,
            raised_on=row.raised_on,
            raised_by_code=row.raised_by.code if row.raised_by else None,
            meeting_id=row.meeting_id,
            resolving_unit_code=row.resolving_unit.code if row.resolving_unit else None,
            indicator_codes=[indicator.code for indicator in row.indicators.all()],
            proposal=row.proposal,
            status=row.status,
            resolution=row.resolution,
            resolved_on=row.resolved_on,
            is_illustrative=row.is_illustrative,
            source=row.source,
        )
        for row in rows
    ]


class VisitOut(Schema):
    unit_code: str
    unit_name: str
    team: str | None
    visited_on: date | None
    done: bool
    findings: list[str]


class InspectionOut(Schema):
    id: int
    year: int
    title: str
    target_units: int
    target_phrase: str
    visited: int
    pace: str
    pace_label: str
    teams: list[str]
    visits: list[VisitOut]
    is_illustrative: bool
    source: str


class InspectionQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    on: date | None = Field(None, description="Ngày tính tiến độ (mặc định hôm nay).")


@router.get(
    "/programs/{slug}/inspections", response={200: list[InspectionOut], **READ_ERRORS}, summary="Kế hoạch kiểm tra"
)
def list_inspections(request: HttpRequest, slug: ProgramSlug, filters: Query[InspectionQuery]):
    program = program_checked(request, slug, can_view_steering, "xem kế hoạch kiểm tra qua API")
    today = filters.on or timezone.localdate()
    plans = inspection_plans_visible_to(request.user, program).prefetch_related(
        "teams", "visits__unit", "visits__team", "visits__findings"
    )
    if filters.year:
        plans = plans.filter(year=filters.year)
    out = []
    for plan in plans:
        progress = plan_progress(plan, today)
        out.append(
            InspectionOut(
                id=plan.pk,
                year=plan.year,
                title=plan.title,
                target_units=plan.target_units,
                target_phrase=plan.target_phrase,
                visited=progress.visited,
                pace=progress.pace.value,
                pace_label=progress.pace_label,
                teams=[team.name for team in plan.teams.all()],
                visits=[
                    VisitOut(
                        unit_code=visit.unit.code,
                        unit_name=visit.unit.name,
                        team=visit.team.name if visit.team else None,
                        visited_on=visit.visited_on,
                        done=visit.done,
                        findings=[finding.text for finding in visit.findings.all()],
                    )
                    for visit in plan.visits.all()
                ],
                is_illustrative=plan.is_illustrative,
                source=plan.source,
            )
        )
    return out


class AlertOut(Schema):
    key: str
    kind: str
    message: str
    unit_code: str | None


@router.get("/programs/{slug}/alerts", response={200: list[AlertOut], **READ_ERRORS}, summary="Cảnh báo điều hành")
def list_alerts(request: HttpRequest, slug: ProgramSlug, on: date | None = None):
    program = program_checked(request, slug, can_follow_program, "xem cảnh báo điều hành qua API")
    return [
        AlertOut(
            key=alert.key, kind=alert.kind, message=alert.message, unit_code=alert.unit.code if alert.unit else None
        )
        for alert in current_alerts(program, on or timezone.localdate())
    ]
