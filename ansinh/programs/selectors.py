"""Reads of programmes, and the lists of programmes and audit events scoped to a person."""

from django.db.models import Q, QuerySet

from ansinh.accounts.models import Role
from ansinh.accounts.rules import AUDIT_ROLES, is_superuser, memberships_of
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.audit.models import AuditEvent
from ansinh.org.models import OrgUnit
from ansinh.org.selectors import descendant_ids
from ansinh.programs.models import Program, Target


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


def program_fields(program: Program) -> list[str]:
    return sorted(set(program.indicators.exclude(field="").values_list("field", flat=True)))


def program_lead_units(program: Program) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(led_indicators__program=program).distinct().order_by("name")


TARGET_ACTIONS = ("target.set", "target.remove", "target.base_value")


def targets_of(program: Program) -> QuerySet[Target]:
    """Every target of the programme: the plan's and the yearly ones, then those handed down to units."""
    return (
        Target.objects.filter(indicator__program=program)
        .select_related("indicator", "scope")
        .order_by("indicator__sort_key", "scope__name", "year")
    )


def target_history(program: Program) -> QuerySet[AuditEvent]:
    """Who set, changed or removed which target or base value of the programme, and when (newest first)."""
    return (
        AuditEvent.objects.filter(action__in=TARGET_ACTIONS)
        .filter(Q(after__program=program.slug) | Q(before__program=program.slug))
        .select_related("actor")
        .order_by("-at", "-pk")
    )
