"""The difficulties log (khó khăn, vướng mắc, kiến nghị): raised by a unit in its report or at a meeting,
resolved by the unit that must resolve it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.followups.models import Difficulty, Meeting
from ansinh.followups.services.errors import FollowupError
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import Report


@dataclass
class DifficultyInput:
    title: str
    raised_on: date
    description: str = ""
    proposal: str = ""
    field: str = ""
    indicators: Sequence[Indicator] = ()
    raised_by: OrgUnit | None = None
    report: Report | None = None
    meeting: Meeting | None = None
    resolving_unit: OrgUnit | None = None
    source: str = ""
    is_illustrative: bool = False


def raise_difficulty(program: Program, data: DifficultyInput, *, actor) -> Difficulty:
    if not data.title.strip():
        raise FollowupError("Cần ghi khó khăn, vướng mắc.", code="title_required")
    if data.raised_on > timezone.localdate():
        raise FollowupError("Ngày nêu không thể sau hôm nay.", code="raised_in_future")
    foreign = [indicator.code for indicator in data.indicators if indicator.program_id != program.pk]
    if foreign:
        raise FollowupError(f"Chỉ tiêu {', '.join(foreign)} không thuộc {program}.", code="indicator_program")
    if data.report is not None and data.report.period.program_id != program.pk:
        raise FollowupError("Báo cáo không thuộc chương trình này.", code="report_program")
    for unit in (data.raised_by, data.resolving_unit):
        if unit is not None and not unit.is_valid_on(data.raised_on):
            raise FollowupError(f"{unit.name} không tồn tại vào ngày nêu khó khăn.", code="unit_not_valid")
    with transaction.atomic():
        difficulty = Difficulty.objects.create(
            program=program,
            title=data.title.strip()[:500],
            description=data.description.strip(),
            proposal=data.proposal.strip(),
            field=data.field,
            raised_by=data.raised_by,
            raised_on=data.raised_on,
            report=data.report,
            meeting=data.meeting,
            resolving_unit=data.resolving_unit,
            source=data.source,
            is_illustrative=data.is_illustrative,
        )
        difficulty.indicators.set(data.indicators)
        record(
            actor=actor,
            action="difficulty.raise",
            obj=difficulty,
            summary=f"Nêu khó khăn: {difficulty.title}",
            after={"resolving_unit": data.resolving_unit.code if data.resolving_unit else None},
        )
    return difficulty


def resolve_difficulty(difficulty: Difficulty, *, resolution: str, resolved_on: date, actor) -> Difficulty:
    if not resolution.strip():
        raise FollowupError("Cần ghi kết quả giải quyết.", code="resolution_required")
    if resolved_on > timezone.localdate() or resolved_on < difficulty.raised_on:
        raise FollowupError("Ngày giải quyết phải từ ngày nêu khó khăn đến hôm nay.", code="resolved_on")
    with transaction.atomic():
        locked = Difficulty.objects.select_for_update().get(pk=difficulty.pk)
        before = {"status": locked.status, "resolution": locked.resolution}
        locked.status = Difficulty.Status.RESOLVED
        locked.resolution = resolution.strip()
        locked.resolved_on = resolved_on
        locked.save()
        record(
            actor=actor,
            action="difficulty.resolve",
            obj=locked,
            summary=f"Giải quyết khó khăn: {locked.title}",
            before=before,
            after={"status": locked.status, "resolution": locked.resolution},
        )
    return locked
