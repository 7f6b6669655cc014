"""Tasks and documents to issue: create and edit (the secretariat), status and completion with its evidence
(the lead unit). The checks that keep the list true: a deadline inside the programme, a lead unit that
exists on the deadline, a document completed only with its number and date."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.followups.models import Attachment, Finding, Meeting, Task, TaskKind, TaskOrigin
from ansinh.followups.services.errors import FollowupError
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.rules.followups import STATUS_LABELS, STORED_STATUSES, Deadline, DeadlineKind, TaskStatus

ONGOING = Deadline(DeadlineKind.ONGOING)


@dataclass
class TaskInput:
    """What a task is given when it is created or edited."""

    title: str
    kind: str = TaskKind.TASK
    document_type: str = ""
    text: str = ""
    field: str = ""
    plan_section: str = ""
    lead_unit: OrgUnit | None = None
    lead_reason: str = ""
    coordinating_units: Sequence[OrgUnit] = ()
    deadline: Deadline = ONGOING
    indicators: Sequence[Indicator] = ()
    origin: str = TaskOrigin.MANUAL
    meeting: Meeting | None = None
    finding: Finding | None = None
    code: str = ""
    source: str = ""
    is_illustrative: bool = False
    needs_review: bool = False
    review_reason: str = ""


def check_assignment(program: Program, data: TaskInput, today: date) -> None:
    """Refuse, in Vietnamese, a task that cannot be true as given."""
    if not data.title.strip():
        raise FollowupError("Cần ghi tên nhiệm vụ.", code="title_required")
    if data.kind == TaskKind.DOCUMENT and not data.document_type:
        raise FollowupError(
            "Văn bản cần ban hành phải ghi loại văn bản (nghị quyết, quyết định, …).", code="document_type"
        )
    due = data.deadline.due
    first_day = date(program.start_year, 1, 1)
    if due is not None and due < first_day:
        raise FollowupError(
            f"Thời hạn ({data.deadline.label}) trước khi {program} bắt đầu (năm {program.start_year}).",
            code="deadline_before_program",
        )
    on_day = due or today
    if data.lead_unit is not None and not data.lead_unit.is_valid_on(on_day):
        raise FollowupError(
            f"{data.lead_unit.name} không tồn tại vào ngày {format_date(on_day)}"
            + (f" (hiệu lực đến {format_date(data.lead_unit.valid_to)})" if data.lead_unit.valid_to else "")
            + (f" (hiệu lực từ {format_date(data.lead_unit.valid_from)})" if data.lead_unit.valid_from else "")
            + ": hãy giao cho đơn vị đang tồn tại vào thời hạn.",
            code="lead_unit_not_valid",
        )
    if data.lead_unit is not None and data.lead_unit in data.coordinating_units:
        raise FollowupError("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.", code="lead_also_coordinating")
    foreign = [indicator.code for indicator in data.indicators if indicator.program_id != program.pk]
    if foreign:
        raise FollowupError(f"Chỉ tiêu {', '.join(foreign)} không thuộc {program}.", code="indicator_program")


def snapshot(task: Task) -> dict[str, Any]:
    """What the audit log keeps of a task, before and after a change."""
    return {
        "code": task.code,
        "title": task.title,
        "kind": task.kind,
        "document_type": task.document_type,
        "lead_unit": task.lead_unit.code if task.lead_unit else None,
        "deadline": task.deadline.label,
        "status": task.status,
        "completed_on": task.completed_on.isoformat() if task.completed_on else None,
        "evidence_number": task.evidence_number,
    }


def _apply(task: Task, data: TaskInput) -> None:
    task.title = data.title.strip()[:500]
    task.kind = data.kind
    task.document_type = data.document_type if data.kind == TaskKind.DOCUMENT else ""
    task.text = data.text.strip()
    task.field = data.field
    task.plan_section = data.plan_section
    task.lead_unit = data.lead_unit
    task.lead_reason = data.lead_reason
    task.deadline_kind = data.deadline.kind
    task.deadline_year = data.deadline.year if data.deadline.kind == DeadlineKind.YEAR else None
    task.due_on = data.deadline.due
    task.source = data.source
    task.is_illustrative = data.is_illustrative
    task.needs_review = data.needs_review
    task.review_reason = data.review_reason


def create_task(program: Program, data: TaskInput, *, actor, today: date | None = None) -> Task:
    check_assignment(program, data, today or timezone.localdate())
    with transaction.atomic():
        task = Task(program=program, code=data.code, origin=data.origin, meeting=data.meeting, finding=data.finding)
        _apply(task, data)
        task.save()
        task.coordinating_units.set(data.coordinating_units)
        task.indicators.set(data.indicators)
        record(
            actor=actor, action="task.create", obj=task, summary=f"Giao nhiệm vụ: {task.title}", after=snapshot(task)
        )
    return task


def edit_task(task: Task, data: TaskInput, *, actor, today: date | None = None) -> Task:
    """Change what a task is (the secretariat): its status and progress stay as they are."""
    check_assignment(task.program, data, today or timezone.localdate())
    with transaction.atomic():
        locked = Task.objects.select_for_update(of=("self",)).select_related("program", "lead_unit").get(pk=task.pk)
        before = snapshot(locked)
        _apply(locked, data)
        locked.save()
        locked.coordinating_units.set(data.coordinating_units)
        locked.indicators.set(data.indicators)
        record(
            actor=actor,
            action="task.edit",
            obj=locked,
            summary=f"Sửa nhiệm vụ: {locked.title}",
            before=before,
            after=snapshot(locked),
        )
    return locked


def set_task_status(
    task: Task,
    *,
    status: str,
    actor,
    completed_on: date | None = None,
    evidence_number: str = "",
    evidence_date: date | None = None,
    evidence_note: str = "",
    evidence_file: Attachment | None = None,
    today: date | None = None,
) -> Task:
    """The lead unit moves its task on. "Hoàn thành" needs the day it was done (not in the future) and, for a
    document to issue, the document's number and date."""
    today = today or timezone.localdate()
    if status not in STORED_STATUSES:
        raise FollowupError(
            "Trạng thái không hợp lệ; “quá hạn” và “hoàn thành quá hạn” do hệ thống tính theo thời hạn.",
            code="invalid_status",
        )
    evidence_number = evidence_number.strip()
    if status == TaskStatus.DONE:
        completed_on = completed_on or today
        if completed_on > today:
            raise FollowupError("Ngày hoàn thành không thể sau hôm nay.", code="completed_in_future")
        if task.kind == TaskKind.DOCUMENT and (not evidence_number or evidence_date is None):
            raise FollowupError(
                "Văn bản cần ban hành chỉ được ghi hoàn thành khi có số, ký hiệu và ngày ban hành của văn bản.",
                code="evidence_required",
            )
        if evidence_date is not None and evidence_date > today:
            raise FollowupError("Ngày văn bản không thể sau hôm nay.", code="evidence_in_future")
    else:
        completed_on = None
    with transaction.atomic():
        locked = Task.objects.select_for_update(of=("self",)).select_related("program", "lead_unit").get(pk=task.pk)
        before = snapshot(locked)
        locked.status = status
        locked.completed_on = completed_on
        if status == TaskStatus.DONE:
            locked.evidence_number = evidence_number
            locked.evidence_date = evidence_date
            locked.evidence_note = evidence_note.strip()
            if evidence_file is not None:
                locked.evidence_file = evidence_file
        locked.save()
        record(
            actor=actor,
            action="task.status",
            obj=locked,
            summary=f"{STATUS_LABELS[TaskStatus(status)]}: {locked.title}",
            before=before,
            after=snapshot(locked),
        )
    return locked
