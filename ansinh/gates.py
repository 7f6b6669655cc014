"""The first step of every page and every API endpoint: fetch the object a URL names and check that the
person may do what they ask with it (``ansinh.accounts.access.require``: 403 and an audit event if not).
One getter per kind of object, shared by the pages and the API, so both read the same related objects and
refuse the same people."""

from collections.abc import Callable

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ansinh.accounts.access import require
from ansinh.accounts.rules import (
    can_follow_program,
    can_see_export_job,
    can_view_budget,
    can_view_inspection,
    can_view_program,
    can_view_task,
)
from ansinh.documents.models import BriefingSchedule
from ansinh.exchange.models import ExportJob, ExportKind, ImportJob
from ansinh.followups.models import Attachment, Difficulty, Finding, InspectionPlan, InspectionTeam, Meeting, Task
from ansinh.programs.models import Program
from ansinh.reporting.models import Report, ReportingPeriod
from ansinh.stewardship.models import Review, RewardProposal

# What the access rules and the report pages read of a report, in the same query.
REPORT_RELATED = ("unit__parent__parent", "period__program__owner_unit", "period__program__standing_agency")

Predicate = Callable[..., bool]


def program_checked(request: HttpRequest, slug: str, predicate: Predicate, action: str) -> Program:
    program = get_object_or_404(Program.objects.select_related("owner_unit", "standing_agency"), slug=slug)
    require(request, predicate, program, action=action)
    return program


def period_checked(request: HttpRequest, period_id: int, predicate: Predicate, action: str) -> ReportingPeriod:
    """A period, checked with a predicate of its programme."""
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("program__owner_unit", "program__standing_agency"), pk=period_id
    )
    require(request, predicate, period.program, action=action)
    return period


def report_checked(request: HttpRequest, report_id: int, predicate: Predicate, action: str) -> Report:
    report = get_object_or_404(Report.objects.select_related(*REPORT_RELATED), pk=report_id)
    require(request, predicate, report, action=action)
    return report


# Who may make each kind of export at once, and so start it as a job and still read what they started.
EXPORT_RIGHTS: dict[str, Predicate] = {
    ExportKind.PERIOD_WORKBOOK: can_follow_program,
    ExportKind.DHIS2: can_view_program,
    ExportKind.OPENSDG: can_view_program,
    ExportKind.BUDGET: can_view_budget,
}


def export_job_checked(request: HttpRequest, job_id: int, action: str) -> ExportJob:
    """An export job, for the person who asked for it and the programme's secretariat (can_see_export_job)."""
    job = get_object_or_404(
        ExportJob.objects.select_related("program__owner_unit", "program__standing_agency", "period", "created_by"),
        pk=job_id,
    )
    may_export = EXPORT_RIGHTS[job.kind]
    require(request, lambda user, job: can_see_export_job(user, job, may_export), job, action=action)
    return job


def job_checked(request: HttpRequest, job_id: int, action: str) -> ImportJob:
    """An import job, for those who follow its programme (its file stays in the database)."""
    job = get_object_or_404(
        ImportJob.objects.defer("content").select_related(
            "program__owner_unit", "program__standing_agency", "created_by"
        ),
        pk=job_id,
    )
    require(request, can_follow_program, job.program, action=action)
    return job


# -- Steering work (followups) ------------------------------------------------------------------------------
PROGRAM_RELATED = ("program__owner_unit", "program__standing_agency")


def task_checked(request: HttpRequest, task_id: int, predicate: Predicate, action: str) -> Task:
    task = get_object_or_404(
        Task.objects.select_related(*PROGRAM_RELATED, "lead_unit", "meeting", "finding__visit__plan"), pk=task_id
    )
    require(request, predicate, task, action=action)
    return task


def meeting_checked(request: HttpRequest, meeting_id: int, predicate: Predicate, action: str) -> Meeting:
    """A meeting, checked with a predicate of its programme."""
    meeting = get_object_or_404(Meeting.objects.select_related(*PROGRAM_RELATED), pk=meeting_id)
    require(request, predicate, meeting.program, action=action)
    return meeting


def difficulty_checked(request: HttpRequest, difficulty_id: int, predicate: Predicate, action: str) -> Difficulty:
    difficulty = get_object_or_404(
        Difficulty.objects.select_related(*PROGRAM_RELATED, "raised_by", "resolving_unit"), pk=difficulty_id
    )
    require(request, predicate, difficulty, action=action)
    return difficulty


def inspection_plan_checked(request: HttpRequest, plan_id: int, predicate: Predicate, action: str) -> InspectionPlan:
    plan = get_object_or_404(InspectionPlan.objects.select_related(*PROGRAM_RELATED), pk=plan_id)
    require(request, predicate, plan, action=action)
    return plan


def team_checked(request: HttpRequest, team_id: int, predicate: Predicate, action: str) -> InspectionTeam:
    team = get_object_or_404(
        InspectionTeam.objects.select_related("plan__program__owner_unit", "plan__program__standing_agency"),
        pk=team_id,
    )
    require(request, predicate, team, action=action)
    return team


def finding_checked(request: HttpRequest, finding_id: int, predicate: Predicate, action: str) -> Finding:
    """A finding, checked with a predicate of its team (or of its plan when no team is recorded)."""
    finding = get_object_or_404(
        Finding.objects.select_related(
            "visit__unit",
            "visit__team__plan__program__owner_unit",
            "visit__plan__program__owner_unit",
            "visit__plan__program__standing_agency",
            "correction_report__period",
        ),
        pk=finding_id,
    )
    team = finding.visit.team
    if team is None:
        team = InspectionTeam(plan=finding.visit.plan)  # no team recorded: only the secretariat passes
    require(request, predicate, team, action=action)
    return finding


def attachment_checked(request: HttpRequest, attachment_id: int) -> Attachment:
    """A file, for whoever may see what it is attached to (a task's evidence, a team's report)."""
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    task = Task.objects.select_related(*PROGRAM_RELATED, "lead_unit").filter(evidence_file=attachment).first()
    if task is not None:
        require(request, can_view_task, task, action="tải tệp minh chứng")
        return attachment
    team = InspectionTeam.objects.select_related("plan__program__owner_unit").filter(report=attachment).first()
    if team is None:
        raise Http404
    require(request, can_view_inspection, team.plan, action="tải báo cáo kết quả kiểm tra")
    return attachment


def briefing_schedule_checked(
    request: HttpRequest, schedule_id: int, predicate: Predicate, action: str
) -> BriefingSchedule:
    """A briefing schedule, checked with a predicate of its programme."""
    schedule = get_object_or_404(
        BriefingSchedule.objects.select_related("program__owner_unit", "program__standing_agency"), pk=schedule_id
    )
    require(request, predicate, schedule.program, action=action)
    return schedule


def review_checked(request: HttpRequest, review_id: int, predicate: Predicate, action: str) -> Review:
    """A review (sơ kết, tổng kết), checked with a predicate of its programme."""
    review = get_object_or_404(
        Review.objects.select_related("program__owner_unit", "program__standing_agency", "taken_by"), pk=review_id
    )
    require(request, predicate, review.program, action=action)
    return review


def proposal_checked(request: HttpRequest, proposal_id: int, predicate: Predicate, action: str) -> RewardProposal:
    """A reward proposal, checked with a predicate of its programme."""
    proposal = get_object_or_404(
        RewardProposal.objects.select_related(
            "topic__program__owner_unit", "topic__program__standing_agency", "unit", "proposed_by"
        ),
        pk=proposal_id,
    )
    require(request, predicate, proposal.topic.program, action=action)
    return proposal
