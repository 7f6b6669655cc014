"""Meetings (hội nghị, giao ban) and their conclusions: each conclusion or directive becomes a task with an
owner and a deadline, so that what the chair asked for and what became of it read on one page."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ansinh.audit.services import record
from ansinh.followups.models import Meeting, Task, TaskKind, TaskOrigin
from ansinh.followups.services.errors import FollowupError
from ansinh.followups.services.tasks import TaskInput, create_task
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program


@dataclass
class MeetingInput:
    held_on: date
    kind: str
    title: str
    chair: str
    attending_units: Sequence[OrgUnit] = ()
    attendance_note: str = ""
    summary: str = ""
    conclusions: str = ""
    source: str = ""
    is_illustrative: bool = False


def create_meeting(program: Program, data: MeetingInput, *, actor) -> Meeting:
    if not data.title.strip() or not data.chair.strip():
        raise FollowupError("Cần ghi tên hội nghị và người chủ trì.", code="meeting_incomplete")
    if data.kind not in Meeting.Kind.values:
        raise FollowupError("Loại hội nghị phải là định kỳ, chuyên đề hoặc đột xuất.", code="meeting_kind")
    if data.held_on.year < program.start_year - 1:
        raise FollowupError(f"Ngày họp trước khi {program} bắt đầu (năm {program.start_year}).", code="meeting_date")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            program=program,
            held_on=data.held_on,
            kind=data.kind,
            title=data.title.strip(),
            chair=data.chair.strip(),
            attendance_note=data.attendance_note.strip(),
            summary=data.summary.strip(),
            conclusions=data.conclusions.strip(),
            source=data.source,
            is_illustrative=data.is_illustrative,
        )
        meeting.attending_units.set(data.attending_units)
        record(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            summary=f"Ghi hội nghị: {meeting}",
            after={"held_on": meeting.held_on.isoformat(), "kind": meeting.kind, "chair": meeting.chair},
        )
    return meeting


def add_conclusion(meeting: Meeting, data: TaskInput, *, actor, today: date | None = None) -> Task:
    """A conclusion or directive of the meeting, as a task of its programme with an owner and a deadline."""
    if data.lead_unit is None:
        raise FollowupError("Mỗi kết luận, chỉ đạo cần một đơn vị chủ trì thực hiện.", code="lead_required")
    data.kind, data.origin, data.meeting = TaskKind.DIRECTIVE, TaskOrigin.MEETING, meeting
    return create_task(meeting.program, data, actor=actor, today=today)
