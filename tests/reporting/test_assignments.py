"""Who reports which indicator: assignments, their defaults from the plan, and the expected reports of a
period on either side of the 1/7/2025 reform."""

import pytest

from ansinh.audit.models import AuditEvent
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.reporting.models import Assignment, AssignmentRole, PeriodKind
from ansinh.reporting.selectors import assigned_indicators, assignments_of, expected_reports
from ansinh.reporting.services.assignments import (
    add_assignment,
    change_assignment,
    create_default_assignments,
    remove_assignment,
)
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.periods import get_or_open_period
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db


def roles(world):
    return {(a.indicator.code, a.role, a.unit.code if a.unit else None) for a in assignments_of(world.program)}


def test_default_assignments_follow_the_plans_lead_and_coordinating_units(world, approver):
    assert create_default_assignments(world.program, actor=approver) == 4
    assert roles(world) == {
        ("1.1", AssignmentRole.LEAD, "T-LDXH"),
        ("1.1", AssignmentRole.COORDINATING, "T-SYT"),
        ("1.2", AssignmentRole.LEAD, "T-LDXH"),
        ("2", AssignmentRole.LEAD, "T-SYT"),
    }
    assert AuditEvent.objects.filter(action="assignment.create", actor=approver).count() == 4
    assert create_default_assignments(world.program, actor=approver) == 0  # again: nothing new


def test_defaults_leave_what_the_standing_agency_changed(world):
    create_default_assignments(world.program)
    lead = Assignment.objects.get(indicator=world.supported, role=AssignmentRole.LEAD)
    change_assignment(lead, role=AssignmentRole.LEAD, unit=world.standing)
    assert create_default_assignments(world.program) == 0
    assert ("1.2", AssignmentRole.LEAD, "T-SNV") in roles(world)
    assert ("1.2", AssignmentRole.LEAD, "T-LDXH") not in roles(world)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("group", "là nhóm chỉ tiêu"),
        ("communes_with_unit", "không chọn một đơn vị cụ thể"),
        ("no_unit", "Cần chọn đơn vị"),
        ("outside", "không thuộc địa bàn"),
        ("twice", "đã được giao chỉ tiêu 1.1"),
        ("second_lead", "đã có đơn vị chủ trì là Sở Lao động"),
        ("communes_twice", "đã được giao cho cấp xã"),
    ],
)
def test_an_assignment_that_cannot_be_made_is_refused_in_vietnamese_and_changes_nothing(world, case, message):
    create_default_assignments(world.program)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    elsewhere = OrgUnit.objects.create(code="P-X", name="Tỉnh Khác", kind=OrgUnitKind.PROVINCE)
    attempts = {
        "group": lambda: add_assignment(world.group, role=AssignmentRole.LEAD, unit=world.lead),
        "communes_with_unit": lambda: add_assignment(
            world.scheme, role=AssignmentRole.COMMUNES, unit=world.new_communes[0]
        ),
        "no_unit": lambda: add_assignment(world.scheme, role=AssignmentRole.COORDINATING),
        "outside": lambda: add_assignment(world.scheme, role=AssignmentRole.COORDINATING, unit=elsewhere),
        "twice": lambda: add_assignment(world.coverage, role=AssignmentRole.COORDINATING, unit=world.lead),
        "second_lead": lambda: add_assignment(world.coverage, role=AssignmentRole.LEAD, unit=world.standing),
        "communes_twice": lambda: add_assignment(world.supported, role=AssignmentRole.COMMUNES),
    }
    before = roles(world)
    events = AuditEvent.objects.count()
    with pytest.raises(ReportingError, match=message) as refused:
        attempts[case]()
    assert refused.value.code == "invalid_assignment"
    assert roles(world) == before and AuditEvent.objects.count() == events


def test_changing_and_removing_an_assignment_is_audited(world, approver):
    coordinating = add_assignment(world.scheme, role=AssignmentRole.COORDINATING, unit=world.lead, actor=approver)
    changed = change_assignment(coordinating, role=AssignmentRole.LEAD, unit=world.lead, actor=approver)
    assert changed.role == AssignmentRole.LEAD
    event = AuditEvent.objects.get(action="assignment.update")
    assert event.before["role"] == "coordinating" and event.after["role"] == "lead" and event.actor == approver
    remove_assignment(changed, actor=approver)
    assert not Assignment.objects.filter(indicator=world.scheme).exists()
    assert AuditEvent.objects.get(action="assignment.delete").before == {
        "indicator": "2",
        "role": "lead",
        "unit": "T-LDXH",
    }


def test_a_change_is_checked_like_a_new_assignment(world):
    create_default_assignments(world.program)
    coordinating = Assignment.objects.get(indicator=world.coverage, role=AssignmentRole.COORDINATING)
    with pytest.raises(ReportingError, match="đã có đơn vị chủ trì"):
        change_assignment(coordinating, role=AssignmentRole.LEAD, unit=world.partner)
    coordinating.refresh_from_db()
    assert coordinating.role == AssignmentRole.COORDINATING


def codes(expected):
    return {report.unit.code: [indicator.code for indicator in report.indicators] for report in expected}


def test_commune_level_indicators_are_expected_from_the_communes_of_the_period(world):
    create_default_assignments(world.program)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    departments = {"T-LDXH": ["1.1", "1.2"], "T-SYT": ["1.1", "2"]}
    # Year 2024 ends on 14/12/2024: the old communes, under their district.
    old = codes(expected_reports(get_or_open_period(world.program, PeriodKey(2024, PeriodKind.YEAR))))
    assert old == departments | {"W-T1": ["1.2"], "W-T2": ["1.2"], "W-T3": ["1.2"]}
    # Quý II/2025 ends on 14/6/2025, still before the reform.
    quarter = expected_reports(get_or_open_period(world.program, PeriodKey(2025, PeriodKind.QUARTER, 2)))
    assert {code for code in codes(quarter) if code.startswith("W")} == {"W-T1", "W-T2", "W-T3"}
    # Year 2025 ends on 14/12/2025: the new communes.
    new = codes(expected_reports(get_or_open_period(world.program, PeriodKey(2025, PeriodKind.YEAR))))
    assert new == departments | {f"W25-T{n}": ["1.2"] for n in range(1, 7)}


def test_a_unit_that_no_longer_exists_is_not_expected(world):
    create_default_assignments(world.program)
    world.partner.valid_to = world.district.valid_to
    world.partner.save()
    period = get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR))
    assert set(codes(expected_reports(period))) == {"T-LDXH"}
    assert assigned_indicators(period, world.partner) == []


def test_assigned_indicators_of_a_unit(world):
    create_default_assignments(world.program)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    period = get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR))
    assert [i.code for i in assigned_indicators(period, world.partner)] == ["1.1", "2"]
    assert [i.code for i in assigned_indicators(period, world.new_communes[0])] == ["1.2"]
    assert assigned_indicators(period, world.old_communes[0]) == []  # ended before 2026
    assert assigned_indicators(period, world.standing) == []
