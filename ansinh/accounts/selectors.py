"""Lists scoped to a person: every query that lists programmes, reports or audit events for someone
goes through here, so the rules in ``ansinh.accounts.rules`` also decide what a list shows."""

from django.db.models import Q, QuerySet

from ansinh.accounts.models import ApiToken, Role
from ansinh.accounts.rules import (
    AUDIT_ROLES,
    REVIEW_ROLES,
    can_follow_program,
    is_superuser,
    memberships_of,
)
from ansinh.audit.models import AuditEvent
from ansinh.org.models import OrgUnit
from ansinh.org.selectors import descendant_ids
from ansinh.programs.models import Program


def covered_unit_ids(user, roles=None) -> set[int]:
    """Units the person's memberships (optionally of some roles) cover, subunits included where granted."""
    memberships = [m for m in memberships_of(user) if roles is None or m.role in roles]
    direct = {m.unit_id for m in memberships if not m.includes_subunits}
    return direct | descendant_ids({m.unit_id for m in memberships if m.includes_subunits})


def programs_visible_to(user) -> QuerySet[Program]:
    programs = Program.objects.select_related("owner_unit", "standing_agency")
    if is_superuser(user):
        return programs
    area = Q(is_published=True)
    for membership in memberships_of(user):
        ancestors = []
        unit: OrgUnit | None = membership.unit
        while unit is not None:
            ancestors.append(unit.pk)
            unit = unit.parent
        area |= Q(owner_unit_id__in=ancestors) | Q(standing_agency_id=membership.unit_id)
    return programs.filter(area)


def reports_visible_to(user, period):
    """The period's reports the person may open: all of them for those who follow the programme; else
    their own units' and, for approvers, the reports they approve (a district's communes before 2025)."""
    from ansinh.reporting.models import Report

    reports = Report.objects.filter(period=period).select_related("unit", "period__program")
    if can_follow_program(user, period.program):
        return reports
    reviewer_units = {m.unit_id for m in memberships_of(user) if m.role in REVIEW_ROLES}
    return reports.filter(Q(unit_id__in=covered_unit_ids(user)) | Q(unit__parent_id__in=reviewer_units))


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Administrators see every event; the secretariat the events of its programmes' areas; inspectors
    and others with the audit role the events of the units they cover."""
    events = AuditEvent.objects.select_related("actor")
    if is_superuser(user) or any(m.role == Role.ADMIN and m.unit.parent_id is None for m in memberships_of(user)):
        return events
    unit_ids = covered_unit_ids(user, AUDIT_ROLES)
    secretariat_units = {m.unit_id for m in memberships_of(user) if m.role == Role.SECRETARIAT}
    owner_ids = set(
        Program.objects.filter(standing_agency_id__in=secretariat_units).values_list("owner_unit_id", flat=True)
    )
    unit_ids |= descendant_ids(owner_ids)
    codes = OrgUnit.objects.filter(pk__in=unit_ids).values_list("code", flat=True)
    return events.filter(unit_code__in=list(codes))


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
