"""Inspections (kiểm tra, giám sát): a yearly plan with its target number of units, teams of inspectors,
the units visited, findings, recommendations (tasks with an owner and a deadline, followed until closed),
and corrections of figures, which go through the reopening with a reason of the report concerned."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import Membership, Role
from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.followups.models import (
    Attachment,
    Finding,
    InspectionPlan,
    InspectionTeam,
    InspectionVisit,
    Task,
    TaskKind,
    TaskOrigin,
)
from ansinh.followups.services.errors import FollowupError
from ansinh.followups.services.tasks import TaskInput, create_task
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import Report
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.lifecycle import reopen_report


def create_inspection_plan(
    program: Program,
    *,
    year: int,
    title: str,
    target_units: int,
    target_phrase: str = "",
    source: str = "",
    is_illustrative: bool = False,
    actor,
) -> InspectionPlan:
    if not program.start_year - 1 <= year <= program.end_year:
        raise FollowupError(f"Năm {year} ngoài thời gian của {program}.", code="plan_year")
    if target_units < 1:
        raise FollowupError("Số đơn vị cần kiểm tra phải từ 1 trở lên.", code="plan_target")
    if not title.strip():
        raise FollowupError("Cần ghi tên kế hoạch kiểm tra.", code="title_required")
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            program=program,
            year=year,
            title=title.strip(),
            target_units=target_units,
            target_phrase=target_phrase,
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            source=source,
            is_illustrative=is_illustrative,
        )
        record(
            actor=actor,
            action="inspection.plan",
            obj=plan,
            summary=f"Kế hoạch kiểm tra: {plan}",
            after={"year": year, "target_units": target_units},
        )
    return plan


def add_team(
    plan: InspectionPlan, *, name: str, leader: str = "", members: Sequence = (), source: str = "", actor
) -> InspectionTeam:
    """A team; its members are people with the inspector role (they record the team's findings)."""
    if not name.strip():
        raise FollowupError("Cần ghi tên đoàn kiểm tra.", code="title_required")
    inspectors = set(Membership.objects.filter(role=Role.INSPECTOR).values_list("user_id", flat=True))
    outsiders = [member.get_username() for member in members if member.pk not in inspectors]
    if outsiders:
        raise FollowupError(
            f"Thành viên đoàn phải có vai trò thanh tra, kiểm tra: {', '.join(outsiders)} chưa có.",
            code="not_inspector",
        )
    with transaction.atomic():
        team = InspectionTeam.objects.create(plan=plan, name=name.strip(), leader=leader.strip(), source=source)
        team.members.set(members)
        record(
            actor=actor,
            action="inspection.team",
            obj=team,
            summary=f"Lập {team.name} — {plan}",
            after={"members": [member.get_username() for member in members]},
            unit_code=plan.program.owner_unit.code,
        )
    return team


def inspectors() -> list:
    """People who may sit on an inspection team."""
    ids = Membership.objects.filter(role=Role.INSPECTOR).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


def add_visit(
    plan: InspectionPlan,
    unit: OrgUnit,
    *,
    team: InspectionTeam | None = None,
    planned_on: date | None = None,
    visited_on: date | None = None,
    done: bool = False,
    note: str = "",
    source: str = "",
    actor,
) -> InspectionVisit:
    """A unit to inspect under the plan, or one inspected (``done``, on ``visited_on`` when known)."""
    if team is not None and team.plan_id != plan.pk:
        raise FollowupError("Đoàn kiểm tra không thuộc kế hoạch này.", code="team_plan")
    for day in (planned_on, visited_on):
        if day is not None and not plan.starts_on <= day <= plan.ends_on:
            raise FollowupError(
                f"Ngày {format_date(day)} ngoài thời gian của kế hoạch ({format_date(plan.starts_on)} – "
                f"{format_date(plan.ends_on)}).",
                code="visit_date",
            )
    if visited_on is not None and visited_on > timezone.localdate():
        raise FollowupError("Ngày kiểm tra không thể sau hôm nay.", code="visit_in_future")
    day = visited_on or planned_on or plan.starts_on
    if not unit.is_valid_on(day) and not unit.is_valid_on(plan.ends_on):
        raise FollowupError(f"{unit.name} không tồn tại trong năm {plan.year}.", code="unit_not_valid")
    if InspectionVisit.objects.filter(plan=plan, unit=unit).exists():
        raise FollowupError(f"{unit.name} đã có trong kế hoạch kiểm tra này.", code="visit_exists")
    with transaction.atomic():
        visit = InspectionVisit.objects.create(
            plan=plan,
            team=team,
            unit=unit,
            planned_on=planned_on,
            visited_on=visited_on,
            done=done or visited_on is not None,
            note=note.strip(),
            source=source,
        )
        record(
            actor=actor,
            action="inspection.visit",
            obj=visit,
            summary=f"{'Đã kiểm tra' if visit.done else 'Dự kiến kiểm tra'} {unit.name} — {plan}",
            after={"visited_on": visited_on.isoformat() if visited_on else None, "done": visit.done},
        )
    return visit


def record_visit(visit: InspectionVisit, *, visited_on: date, note: str = "", actor) -> InspectionVisit:
    """The team was there: the visit is done."""
    if not visit.plan.starts_on <= visited_on <= min(visit.plan.ends_on, timezone.localdate()):
        raise FollowupError("Ngày kiểm tra phải trong năm của kế hoạch và không sau hôm nay.", code="visit_date")
    with transaction.atomic():
        before = {"done": visit.done, "visited_on": visit.visited_on.isoformat() if visit.visited_on else None}
        visit.visited_on, visit.done = visited_on, True
        if note.strip():
            visit.note = note.strip()
        visit.save()
        record(
            actor=actor,
            action="inspection.visit",
            obj=visit,
            summary=f"Đã kiểm tra {visit.unit.name} ngày {format_date(visited_on)}",
            before=before,
            after={"done": True, "visited_on": visited_on.isoformat()},
        )
    return visit


def attach_team_report(team: InspectionTeam, attachment: Attachment, *, actor) -> InspectionTeam:
    with transaction.atomic():
        team.report = attachment
        team.save(update_fields=["report"])
        record(
            actor=actor,
            action="inspection.report",
            obj=team,
            summary=f"Đính kèm báo cáo kết quả kiểm tra của {team.name}: {attachment.filename}",
            unit_code=team.plan.program.owner_unit.code,
        )
    return team


def record_finding(
    visit: InspectionVisit,
    *,
    text: str,
    indicators: Sequence[Indicator] = (),
    correction_report: Report | None = None,
    actor,
) -> Finding:
    """What the team found; ``correction_report`` when figures of that report must be corrected."""
    if not text.strip():
        raise FollowupError("Cần ghi nội dung phát hiện.", code="text_required")
    program = visit.plan.program
    foreign = [indicator.code for indicator in indicators if indicator.program_id != program.pk]
    if foreign:
        raise FollowupError(f"Chỉ tiêu {', '.join(foreign)} không thuộc {program}.", code="indicator_program")
    if correction_report is not None and (
        correction_report.period.program_id != program.pk or correction_report.unit_id != visit.unit_id
    ):
        raise FollowupError(
            "Báo cáo cần điều chỉnh phải là báo cáo của chính đơn vị được kiểm tra, trong chương trình này.",
            code="correction_report",
        )
    with transaction.atomic():
        finding = Finding.objects.create(
            visit=visit,
            text=text.strip(),
            correction_report=correction_report,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        finding.indicators.set(indicators)
        record(
            actor=actor,
            action="inspection.finding",
            obj=finding,
            summary=f"Phát hiện tại {visit.unit.name}: {finding.text[:120]}",
            after={"correction_report": correction_report.pk if correction_report else None},
            unit_code=visit.unit.code,
        )
    return finding


def add_recommendation(finding: Finding, data: TaskInput, *, actor, today: date | None = None) -> Task:
    """A recommendation of the team: a task with an owner and a deadline, followed until it is closed."""
    if data.lead_unit is None:
        raise FollowupError("Mỗi kiến nghị cần một đơn vị thực hiện.", code="lead_required")
    data.kind, data.origin, data.finding = TaskKind.RECOMMENDATION, TaskOrigin.INSPECTION, finding
    return create_task(finding.visit.plan.program, data, actor=actor, today=today)


def reopen_for_correction(finding: Finding, *, reason: str, actor) -> Finding:
    """Reopen the approved report the finding concerns, with the reason, through the report's own path
    (``reporting.services.lifecycle.reopen_report``): its unit corrects, sends and has it approved again."""
    report = finding.correction_report
    if report is None:
        raise FollowupError("Phát hiện này không yêu cầu điều chỉnh số liệu báo cáo nào.", code="no_correction")
    if finding.correction_reopened_at is not None:
        raise FollowupError("Báo cáo đã được mở lại để điều chỉnh theo phát hiện này.", code="already_reopened")
    reason = reason.strip() or f"Điều chỉnh số liệu theo kết quả kiểm tra: {finding.text[:300]}"
    with transaction.atomic():
        try:
            reopen_report(report, reason=reason, actor=actor)
        except ReportingError as error:
            raise FollowupError(error.message, code=error.code) from error
        finding.correction_reopened_at = timezone.now()
        finding.save(update_fields=["correction_reopened_at"])
        record(
            actor=actor,
            action="inspection.correction",
            obj=finding,
            summary=f"Mở lại báo cáo {report} để điều chỉnh theo kết quả kiểm tra",
            after={"report": report.pk, "reason": reason},
            unit_code=report.unit.code,
        )
    return finding
