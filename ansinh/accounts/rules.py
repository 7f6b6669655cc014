"""Who may do what: every access predicate lives here, as plain functions of a user and an object.

Views and API endpoints call them through ``ansinh.accounts.access.require``; list queries go
through the scoped selectors in ``ansinh.accounts.selectors``."""

from ansinh.accounts.models import Membership, Role
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program

DATA_ENTRY_ROLES = (Role.REPORTER, Role.SECRETARIAT, Role.ADMIN)
PLAN_IMPORT_ROLES = (Role.SECRETARIAT, Role.ADMIN)


def _memberships(user, roles=None):
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    memberships = Membership.objects.filter(user=user)
    return memberships.filter(role__in=roles) if roles else memberships


def covers_unit(membership: Membership, unit: OrgUnit) -> bool:
    if membership.unit_id == unit.pk:
        return True
    if not membership.includes_subunits:
        return False
    ancestor = unit.parent
    while ancestor is not None:
        if ancestor.pk == membership.unit_id:
            return True
        ancestor = ancestor.parent
    return False


def can_view_program(user, program: Program) -> bool:
    if program.is_published or getattr(user, "is_superuser", False):
        return True
    return _memberships(user).exists()


def can_enter_data(user, unit: OrgUnit) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(covers_unit(m, unit) for m in _memberships(user, DATA_ENTRY_ROLES).select_related("unit"))


def can_view_unit_reports(user, unit: OrgUnit) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(covers_unit(m, unit) for m in _memberships(user).select_related("unit"))


def can_import_plans(user, program: Program | None) -> bool:
    """Superusers; members with the secretariat or admin role — for an existing programme, one whose
    unit covers the programme's area or is its standing agency."""
    if getattr(user, "is_superuser", False):
        return True
    memberships = _memberships(user, PLAN_IMPORT_ROLES).select_related("unit")
    if program is None:
        return memberships.exists()
    return any(
        covers_unit(membership, program.owner_unit) or membership.unit_id == program.standing_agency_id
        for membership in memberships
    )
