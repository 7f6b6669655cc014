"""Who may do what: every access predicate lives here, as plain functions of a person and an object.

Views and API endpoints call them through ``ansinh.accounts.access.require``; list queries go
through scoped selectors built on them (``programs_visible_to``, ``reports_visible_to``, …, each in the
selectors of the app that owns the objects). docs/access.md has the table.

They read programmes and reports by their attributes (``owner_unit``, ``standing_agency_id``,
``report.unit``, ``report.period.program``): accounts sits below the apps that define those models.

Scopes: a membership covers its own unit, and with ``includes_subunits`` every unit below it. The
programme secretariat (the standing agency) acts for a whole programme. A report is approved at its
approving unit (``ansinh.rules.approval``) by an approver or secretariat member there, never
by someone who types that unit's figures or who sent the report."""

from ansinh.accounts.models import Membership, Role
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.org.selectors import unit_in_office
from ansinh.rules.approval import approving_unit_id_of

DATA_ENTRY_ROLES = (Role.REPORTER, Role.SECRETARIAT, Role.ADMIN)
SUBMIT_ROLES = (Role.REPORTER, Role.APPROVER)
REVIEW_ROLES = (Role.APPROVER, Role.SECRETARIAT)
PLAN_IMPORT_ROLES = (Role.SECRETARIAT, Role.ADMIN)
PROGRAM_MANAGER_ROLES = (Role.SECRETARIAT, Role.ADMIN)
AUDIT_ROLES = (Role.ADMIN, Role.SECRETARIAT, Role.INSPECTOR)
# Besides the secretariat, the roles that follow a whole programme when their scope covers its area.
FOLLOW_ROLES = (Role.VIEWER, Role.INSPECTOR, Role.APPROVER, Role.ADMIN)
# The roles whose sign-in needs a second factor (TOTP): those that approve, or change what other units reported
# (the finance office edits every unit's budget lines).
TWO_FACTOR_ROLES = (Role.ADMIN, Role.SECRETARIAT, Role.APPROVER, Role.FINANCE)


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def memberships_of(user) -> list[Membership]:
    """The person's memberships, read once per user object (one request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_ansinh_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit", "unit__parent__parent"))
        user._ansinh_memberships = cached
    return cached


def _with_roles(user, roles) -> list[Membership]:
    return [m for m in memberships_of(user) if m.role in roles]


def _ancestors_and_self(unit: OrgUnit) -> list[int]:
    chain = []
    current: OrgUnit | None = unit
    while current is not None:
        chain.append(current.pk)
        current = current.parent
    return chain


def covers_unit(membership: Membership, unit: OrgUnit) -> bool:
    if membership.unit_id == unit.pk:
        return True
    return membership.includes_subunits and membership.unit_id in _ancestors_and_self(unit)


def requires_two_factor(user) -> bool:
    """Anyone who can reach the admin site, approve, or act for a programme."""
    return bool(getattr(user, "is_staff", False)) or is_superuser(user) or bool(_with_roles(user, TWO_FACTOR_ROLES))


def is_program_secretariat(user, program) -> bool:
    """The standing agency's secretariat (or a system administrator covering the programme's area)."""
    if is_superuser(user):
        return True
    return any(
        membership.unit_id == program.standing_agency_id or covers_unit(membership, program.owner_unit)
        for membership in _with_roles(user, PROGRAM_MANAGER_ROLES)
    )


def _in_program_area(membership: Membership, program) -> bool:
    return membership.unit_id == program.standing_agency_id or program.owner_unit_id in _ancestors_and_self(
        membership.unit
    )


def can_view_program(user, program) -> bool:
    """Published programmes are public; an unpublished one is seen by the people working on it."""
    if program.is_published or is_superuser(user):
        return True
    return any(_in_program_area(m, program) for m in memberships_of(user))


def can_manage_program(user, program) -> bool:
    """Open and close periods, edit assignments, send reminders, import for many units."""
    return is_program_secretariat(user, program)


def can_follow_program(user, program) -> bool:
    """See completeness and every unit's status: the secretariat, and leadership, approvers and
    inspectors whose scope covers the whole programme area."""
    if is_program_secretariat(user, program):
        return True
    return any(covers_unit(m, program.owner_unit) for m in _with_roles(user, FOLLOW_ROLES))


def may_follow_programs(user) -> bool:
    """Whether the person has a role that follows programmes (the leadership page lists those their scope covers):
    read from the roles alone, so the header can ask it on every page without a query."""
    return is_superuser(user) or bool(_with_roles(user, (*FOLLOW_ROLES, *PROGRAM_MANAGER_ROLES)))


def can_see_export_job(user, job, may_export) -> bool:
    """A background export's page and file (issue 21): the programme's secretariat (and administrators), and
    the person who asked for it while they may still make that export (``may_export(user, program)``)."""
    if is_program_secretariat(user, job.program):
        return True
    return job.created_by_id is not None and job.created_by_id == user.pk and may_export(user, job.program)


def can_view_unit_reports(user, unit: OrgUnit) -> bool:
    if is_superuser(user):
        return True
    return any(covers_unit(m, unit) for m in memberships_of(user))


def can_enter_data(user, unit: OrgUnit) -> bool:
    if is_superuser(user):
        return True
    return any(covers_unit(m, unit) for m in _with_roles(user, DATA_ENTRY_ROLES))


def unit_in_program_area(program, unit: OrgUnit) -> bool:
    """A unit reports to a programme only inside its area: the programme's unit, the units below it, and its
    standing agency (never, say, the country ``VN`` for a city's plan)."""
    return unit.pk == program.standing_agency_id or program.owner_unit_id in _ancestors_and_self(unit)


def can_enter_program_data(user, program, unit: OrgUnit) -> bool:
    """Open a unit's report of a programme for typing: the unit's reporters, or the programme secretariat for a
    unit in the programme's area."""
    return can_enter_data(user, unit) or (is_program_secretariat(user, program) and unit_in_program_area(program, unit))


def enters_data_for(user, unit: OrgUnit) -> bool:
    """Someone who types the unit's figures: such a person never approves them."""
    return any(m.unit_id == unit.pk for m in _with_roles(user, DATA_ENTRY_ROLES))


def reviews_reports(user) -> bool:
    """Holds a role that approves or returns reports somewhere (``can_review_report`` says which): the others have no
    queue of reports waiting for them."""
    return is_superuser(user) or bool(_with_roles(user, REVIEW_ROLES))


def can_review_report(user, report) -> bool:
    """Approve, return or reopen: a reviewer at the approving unit, who neither types the unit's figures
    nor sent this report. (Only the programme's own unit approves at its own level: nothing is above it.)"""
    if enters_data_for(user, report.unit) or (user.pk is not None and report.submitted_by_id == user.pk):
        return False
    if is_superuser(user):
        return True
    approver_unit_id = approving_unit_id_of(report)
    day = report.period.ends_on
    return any(
        m.unit_id == approver_unit_id or acts_for(m.unit, approver_unit_id, day)
        for m in _with_roles(user, REVIEW_ROLES)
    )


def acts_for(unit: OrgUnit, unit_id: int, day) -> bool:
    """A person of a department that ended acts for the body that took over its duties (its main successor in
    office on ``day``) until an administrator moves their membership: the staff went with the duties."""
    if unit.valid_to is None or day <= unit.valid_to:
        return False
    holder = unit_in_office(unit, day)
    return holder is not None and holder.pk == unit_id


def can_view_report(user, report) -> bool:
    program = report.period.program
    return (
        can_view_unit_reports(user, report.unit) or can_follow_program(user, program) or can_review_report(user, report)
    )


def can_edit_report(user, report) -> bool:
    """Type or import figures: the unit's reporters, or the programme secretariat on a unit's behalf."""
    return can_enter_data(user, report.unit) or is_program_secretariat(user, report.period.program)


def can_submit_report(user, report) -> bool:
    if is_superuser(user):
        return True
    return any(covers_unit(m, report.unit) for m in _with_roles(user, SUBMIT_ROLES))


def can_import_plans(user, program) -> bool:
    """Superusers; members with the secretariat or admin role — for an existing programme, one whose
    unit covers the programme's area or is its standing agency."""
    if program is None:
        return is_superuser(user) or bool(_with_roles(user, PLAN_IMPORT_ROLES))
    return is_program_secretariat(user, program)


def can_view_audit(user, _obj=None) -> bool:
    return is_superuser(user) or bool(_with_roles(user, AUDIT_ROLES))


def can_manage_own_tokens(user, _obj=None) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# -- Steering work: tasks, meetings, difficulties, inspections (followups) ---------------------------------
# Tasks are read by their attributes (``task.program``, ``task.lead_unit``, ``task.coordinating_units``),
# inspection teams by ``team.plan.program`` and ``team.members``.

# Who of a unit reports on its tasks, changes their status and records their completion.
TASK_UPDATE_ROLES = (Role.REPORTER, Role.APPROVER, Role.SECRETARIAT, Role.ADMIN)


def can_view_steering(user, program) -> bool:
    """Open the lists of a programme's tasks, meetings, difficulties and inspections: those who follow the
    programme see every row, any other member working in the programme's area sees the rows of their units."""
    if can_follow_program(user, program):
        return True
    return any(_in_program_area(m, program) for m in memberships_of(user))


def can_manage_steering(user, program) -> bool:
    """Create and assign tasks, record meetings and their conclusions, plan inspections, import tasks from
    the plan: the programme's secretariat."""
    return is_program_secretariat(user, program)


def _task_units(task) -> list[OrgUnit]:
    units = [task.lead_unit] if task.lead_unit is not None else []
    return units + list(task.coordinating_units.all())


def can_view_task(user, task) -> bool:
    """Those who follow the programme, and the people of the lead and coordinating units."""
    if can_follow_program(user, task.program):
        return True
    return any(covers_unit(m, unit) for m in memberships_of(user) for unit in _task_units(task))


def can_update_task(user, task) -> bool:
    """Report progress, change the status, record completion with its evidence: the lead unit's reporters,
    approvers and secretariat, or the programme's secretariat. Coordinating units read only."""
    if is_program_secretariat(user, task.program):
        return True
    lead = task.lead_unit
    return lead is not None and any(covers_unit(m, lead) for m in _with_roles(user, TASK_UPDATE_ROLES))


def can_raise_difficulty(user, program) -> bool:
    """Log a difficulty: the programme's secretariat, or a unit's reporters and approvers in its area."""
    if is_program_secretariat(user, program):
        return True
    return any(_in_program_area(m, program) for m in _with_roles(user, TASK_UPDATE_ROLES))


def can_resolve_difficulty(user, difficulty) -> bool:
    """Record how a difficulty was resolved: the unit that must resolve it, or the secretariat."""
    if is_program_secretariat(user, difficulty.program):
        return True
    unit = difficulty.resolving_unit
    return unit is not None and any(covers_unit(m, unit) for m in _with_roles(user, TASK_UPDATE_ROLES))


def is_team_inspector(user, team) -> bool:
    if team.pk is None or not any(m.role == Role.INSPECTOR for m in memberships_of(user)):
        return False
    return team.members.filter(pk=user.pk).exists()


def can_view_inspection(user, plan) -> bool:
    """An inspection plan with its teams, visits and findings: those who follow the programme, and the
    inspectors on one of its teams."""
    if can_follow_program(user, plan.program):
        return True
    return getattr(user, "is_authenticated", False) and any(is_team_inspector(user, team) for team in plan.teams.all())


def can_view_team(user, team) -> bool:
    return can_view_inspection(user, team.plan)


def can_record_findings(user, team) -> bool:
    """Record a team's visits, findings and recommendations: the inspectors on the team, or the secretariat."""
    return is_program_secretariat(user, team.plan.program) or (
        getattr(user, "is_authenticated", False) and is_team_inspector(user, team)
    )


def can_load_boundary(user, unit: OrgUnit) -> bool:
    """Load a unit's official boundary for the maps: a system administrator whose scope covers the unit."""
    if is_superuser(user):
        return True
    return any(covers_unit(m, unit) for m in _with_roles(user, (Role.ADMIN,)))


def can_load_boundaries(user, _obj=None) -> bool:
    """Open the boundary upload page: someone who may load at least their own unit's boundary."""
    return is_superuser(user) or bool(_with_roles(user, (Role.ADMIN,)))


# -- Stewardship: budget, emulation and rewards, reviews (stewardship) ----------------------------------------
# Budget lines are read by their attributes (``line.program``, ``line.unit``; no unit is a programme-level figure).


def is_finance_office(user, program) -> bool:
    """The finance office of the programme's area (Sở Tài chính of the city: a finance membership at a department
    directly under the programme's owner, or covering the owner): it consolidates every unit's budget. It neither
    types nor approves a report's figures (its role is in none of those lists)."""
    return any(
        covers_unit(m, program.owner_unit)
        or (m.unit.parent_id == program.owner_unit_id and m.unit.kind == OrgUnitKind.DEPARTMENT)
        for m in _with_roles(user, (Role.FINANCE,))
    )


def can_view_budget(user, program) -> bool:
    """The budget of a programme: those who follow it and its finance office see every line, any other member
    working in its area the lines of their units and the programme-level figures (``sees_all_budget``)."""
    return can_view_steering(user, program)


def sees_all_budget(user, program) -> bool:
    return can_follow_program(user, program) or is_finance_office(user, program)


def can_enter_some_budget(user, program) -> bool:
    """Enter budget lines outside a report (a consolidation, a published figure): the programme's secretariat and
    its finance office. A unit enters its own lines inside its periodic report (``can_edit_report``)."""
    return is_program_secretariat(user, program) or is_finance_office(user, program)


def can_enter_budget(user, line) -> bool:
    """Enter or correct a budget line outside a report: any unit's, by the secretariat or the finance office; a
    programme-level figure (what a source published for the whole programme), by the secretariat only. A line
    of a report is the report's: changed only through it."""
    if line.report_id is not None:
        return False
    if is_program_secretariat(user, line.program):
        return True
    return line.unit is not None and is_finance_office(user, line.program)


def can_import_budget(user, program) -> bool:
    """Enter many units' lines from a spreadsheet (the finance office's consolidation): the finance office and the
    secretariat."""
    return can_enter_some_budget(user, program)


def can_view_reviews(user, program) -> bool:
    """A programme's reviews (sơ kết, tổng kết) and their comparisons: those who follow the programme."""
    return can_follow_program(user, program)


def can_take_review(user, program) -> bool:
    """Take a review (freeze the programme's state): the secretariat."""
    return is_program_secretariat(user, program)


def can_view_emulation(user, program) -> bool:
    """A year's emulation topic, the units' scores with their parts, the ranking and the reward proposals: anyone
    working in the programme's area (emulation results are meant to be seen by those who compete)."""
    return can_view_steering(user, program)


def can_manage_emulation(user, program) -> bool:
    """Set a year's topic, its criteria and weights; draft reward proposals: the secretariat."""
    return is_program_secretariat(user, program)


def can_decide_rewards(user, program) -> bool:
    """Agree or not to the reward proposals (the steering committee): approvers whose scope covers the
    programme's owner (the city), never the secretariat that drafted them."""
    if is_superuser(user):
        return True
    return any(covers_unit(m, program.owner_unit) for m in _with_roles(user, (Role.APPROVER,)))
