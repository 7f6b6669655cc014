"""Departments that ended and handed their duties on (issue 14): who holds a duty on a day, the standing agency and
approver of a period, who reports an indicator, and refusals of a bad split."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.org.models import OrgUnit, OrgUnitSuccession
from ansinh.org.selectors import OfficeHolders
from ansinh.org.services import SuccessionError, check_successions
from ansinh.reporting.models import Assignment, AssignmentRole
from ansinh.reporting.selectors import approving_unit, assigned_indicators, expected_reports
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.rules.succession import Handover, UnitSpan, holder_on, share_problem

END = date(2025, 2, 28)
START = date(2025, 3, 1)


def test_a_split_routes_each_duty_by_indicator_then_field_then_the_main_successor():
    units = {1: UnitSpan(1, None, END), 2: UnitSpan(2), 3: UnitSpan(3), 4: UnitSpan(4)}
    handovers = [
        Handover(1, 2, START, is_default=True),
        Handover(1, 3, START, fields=frozenset({"Trợ giúp xã hội"}), is_default=False),
        Handover(1, 4, START, indicators=frozenset({"08-CTr/TU|8"}), is_default=False),
    ]
    day = date(2025, 12, 14)
    assert holder_on(1, date(2024, 12, 14), units, handovers) == 1  # history stays
    assert holder_on(1, day, units, handovers) == 2
    assert holder_on(1, day, units, handovers, duty_field="Trợ giúp xã hội") == 3
    assert holder_on(1, day, units, handovers, duty_field="Trợ giúp xã hội", indicator="08-CTr/TU|8") == 4
    # A duty passed twice lands with the body in office; a duty with no successor named ends.
    units[2] = UnitSpan(2, None, date(2026, 6, 30))
    handovers.append(Handover(2, 5, date(2026, 7, 1)))
    assert holder_on(1, date(2026, 12, 14), units, handovers) == 5
    assert holder_on(9, day, {9: UnitSpan(9, None, END)}, handovers) is None


@given(
    ends=st.lists(st.dates(date(2020, 1, 1), date(2030, 1, 1)), min_size=1, max_size=5),
    day=st.dates(date(2019, 1, 1), date(2031, 1, 1)),
)
def test_the_holder_is_always_in_office_on_the_day(ends, day):
    # A chain 0 → 1 → … → n, each unit ending on a later date than the one before; the last never ends.
    ends = sorted(set(ends))
    units = {n: UnitSpan(n, None, end) for n, end in enumerate(ends)}
    last = len(ends)
    units[last] = UnitSpan(last)
    handovers = [Handover(n, n + 1, end) for n, end in enumerate(ends)]
    found = holder_on(0, day, units, handovers)
    assert found is not None
    span = units[found]
    assert span.valid_to is None or day <= span.valid_to
    assert found == 0 or units[found - 1].valid_to < day


@given(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=1, places=2), min_size=1, max_size=4))
def test_shares_of_a_split_must_add_up_to_one(shares):
    problem = share_problem(shares)
    assert (problem is None) == (sum(shares) == 1)
    if problem:
        assert "1" in problem


def test_shares_are_all_given_or_none():
    assert share_problem([None, None]) is None
    assert "mọi đơn vị kế thừa" in share_problem([Decimal("0.5"), None])


@pytest.fixture
def reorganised(world):
    """The world's lead department (Sở Lao động) ends on 28/02/2025: Sở Nội vụ takes its duties, Sở Y tế the
    count of people supported (1.2); the programme's standing agency was Sở Lao động."""
    world.lead.valid_to = END
    world.lead.save()
    OrgUnitSuccession.objects.create(
        predecessor=world.lead, successor=world.standing, effective_on=START, is_default=True, source="thử nghiệm"
    )
    OrgUnitSuccession.objects.create(
        predecessor=world.lead,
        successor=world.partner,
        effective_on=START,
        is_default=False,
        indicators=["01/KH-UBND|1.2"],
        source="thử nghiệm",
        confirmed=False,
    )
    world.program.standing_agency = world.lead
    world.program.save()
    for indicator in (world.coverage, world.supported):
        Assignment.objects.create(indicator=indicator, role=AssignmentRole.LEAD, unit=world.lead)
    return world


def test_a_2025_period_routes_to_the_body_in_office_and_2024_stays_with_the_old_one(reorganised):
    world = reorganised
    before = get_or_open_year_period(world.program, 2024)
    after = get_or_open_year_period(world.program, 2025)
    assert before.standing_agency == world.lead
    assert after.standing_agency == world.standing
    commune = world.new_communes[0]
    assert approving_unit(get_or_create_report(after, commune)) == world.standing
    assert approving_unit(get_or_create_report(before, world.partner)) == world.lead
    # A 2025 report of Sở Nội vụ (now the standing agency) goes to the province, never to itself.
    assert approving_unit(get_or_create_report(after, world.standing)) == world.province


def test_who_reports_an_indicator_follows_the_duty(reorganised):
    world = reorganised
    after = get_or_open_year_period(world.program, 2025)
    expected = {e.unit.code: {i.code for i in e.indicators} for e in expected_reports(after)}
    assert "T-LDXH" not in expected
    assert expected["T-SNV"] == {"1.1"} and expected["T-SYT"] == {"1.2"}
    assert [i.code for i in assigned_indicators(after, world.partner)] == ["1.2"]
    before = get_or_open_year_period(world.program, 2024)
    assert {i.code for i in assigned_indicators(before, world.lead)} == {"1.1", "1.2"}
    assert OfficeHolders().holder_of_indicator(world.lead, date(2025, 12, 14), world.supported) == world.partner


def test_a_bad_split_is_refused_in_vietnamese(reorganised):
    world = reorganised
    entries = [
        {"successor": world.standing, "effective_on": START, "share": Decimal("0.6")},
        {"successor": world.partner, "effective_on": START, "share": Decimal("0.6")},
    ]
    with pytest.raises(SuccessionError, match="Tổng tỷ lệ của các đơn vị kế thừa phải bằng 1"):
        check_successions(world.lead, entries)
    with pytest.raises(SuccessionError, match="chưa kết thúc"):
        check_successions(world.partner, [{"successor": world.standing, "effective_on": START, "share": None}])
    ended = OrgUnit.objects.create(code="T-OLD", name="Sở Cũ", kind="department", valid_to=date(2020, 1, 1))
    with pytest.raises(SuccessionError, match="không hoạt động"):
        check_successions(world.lead, [{"successor": ended, "effective_on": START, "share": None}])
