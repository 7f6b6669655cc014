"""The first step of every page and every API endpoint: fetch the object a URL names and check that the
person may do what they ask with it (``ansinh.accounts.access.require``: 403 and an audit event if not).
One getter per kind of object, shared by the pages and the API, so both read the same related objects and
refuse the same people."""

from collections.abc import Callable

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ansinh.accounts.access import require
from ansinh.accounts.rules import can_follow_program
from ansinh.exchange.models import ImportJob
from ansinh.programs.models import Program
from ansinh.reporting.models import Report, ReportingPeriod

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
