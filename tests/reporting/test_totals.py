"""The approved totals are current the moment a report is approved or reopened, and always equal what a
rebuild from the values gives."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.reporting import totals
from ansinh.reporting.models import ApprovedTotal, AssignmentRole
from ansinh.reporting.selectors import area_totals
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.lifecycle import approve_report, reopen_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey
from ansinh.rules.rollup import counted_units

AUGUST = PeriodKey(2025, "month", 8)


@pytest.fixture
def august(world):
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    return open_period(world.program, AUGUST)


def send(world, period, unit, people: int, covered: tuple[int, int] | None = None):
    report = get_or_create_report(period, unit)
    cells = [ValueInput(world.supported, text=str(people))]
    if covered is not None:
        cells.append(ValueInput(world.coverage, numerator_text=str(covered[0]), denominator_text=str(covered[1])))
    save_values(report, cells)
    return submit_report(report)


def stored() -> dict:
    return {
        (row.area_id, row.period_id, row.indicator_id, row.disaggregation): (
            row.value_sum,
            row.value_count,
            row.numerator_sum,
            row.denominator_sum,
            row.parts_count,
        )
        for row in ApprovedTotal.objects.all()
        if row.value_count or row.parts_count
    }


def test_approving_adds_to_the_province_at_once_and_reopening_takes_it_out(world, august, approver):
    report = send(world, august, world.new_communes[0], 12, (3, 4))

    approve_report(report, actor=approver)

    people = ApprovedTotal.objects.get(area=world.province, indicator=world.supported)
    assert (people.value_sum, people.value_count) == (Decimal(12), 1)
    rate = ApprovedTotal.objects.get(area=world.province, indicator=world.coverage)
    assert (rate.numerator_sum, rate.denominator_sum, rate.parts_count) == (Decimal(3), Decimal(4), 1)

    reopen_report(report, reason="Sai số người", actor=approver)

    people.refresh_from_db()
    assert (people.value_sum, people.value_count) == (Decimal(0), 0)


def test_a_sent_report_is_not_counted_until_approved(world, august):
    send(world, august, world.new_communes[0], 12)

    assert not ApprovedTotal.objects.exists()


def test_a_department_report_is_not_added_to_its_city(world, august, approver):
    create_default_assignments(world.program)
    report = get_or_create_report(august, world.lead)
    save_values(report, [ValueInput(world.supported, text="500")])
    submit_report(report)

    approve_report(report, actor=approver)

    assert not ApprovedTotal.objects.exists()


def test_old_communes_count_towards_their_district_and_province(world, approver):
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    march = open_period(world.program, PeriodKey(2025, "month", 3))
    for people, commune in zip((1, 2, 3), world.old_communes, strict=True):
        approve_report(send(world, march, commune, people), actor=approver)

    sums = {total.area_id: total.value_sum for total in ApprovedTotal.objects.filter(indicator=world.supported)}

    assert sums == {world.district.pk: Decimal(6), world.province.pk: Decimal(6)}


def test_the_maintained_totals_equal_a_rebuild_after_any_sequence(world, august, approver):
    reports = [
        send(world, august, commune, people, (people - 1, people))
        for commune, people in zip(world.new_communes, (5, 8, 13, 21, 34, 55), strict=True)
    ]
    for report in reports:
        approve_report(report, actor=approver)
    reopen_report(reports[1], reason="Kiểm tra lại", actor=approver)
    reopen_report(reports[4], reason="Kiểm tra lại", actor=approver)
    again = submit_report(reports[1])
    approve_report(again, actor=approver)
    maintained = stored()

    totals.rebuild([august.pk])

    assert stored() == maintained
    assert maintained[(world.province.pk, august.pk, world.supported.pk, "")][0] == Decimal(5 + 8 + 13 + 21 + 55)


def test_area_totals_add_the_months_of_a_year_and_divide_sums_for_a_rate(world, august, approver):
    september = open_period(world.program, PeriodKey(2025, "month", 9))
    approve_report(send(world, august, world.new_communes[0], 10, (1, 4)), actor=approver)
    approve_report(send(world, september, world.new_communes[0], 5, (3, 4)), actor=approver)
    approve_report(send(world, september, world.new_communes[1], 7, (4, 8)), actor=approver)

    figures = {
        total.indicator_id: total.figure
        for total in area_totals(world.program, year=2025, kind="month", area_ids=[world.province.pk])
    }

    assert figures[world.supported.pk] == Decimal(22)
    assert figures[world.coverage.pk] == Decimal(800) / Decimal(16)
    assert area_totals(world.program, year=2024, kind="month", area_ids=[world.province.pk]) == []


@pytest.fixture
def country(world):
    country = OrgUnit.objects.create(code="VN-T", name="Quốc gia thử nghiệm", kind=OrgUnitKind.COUNTRY)
    OrgUnit.objects.filter(pk=world.province.pk).update(parent=country)
    add_assignment(world.supported, role=AssignmentRole.COORDINATING, unit=world.province)
    return country


def test_the_country_counts_a_city_once_not_the_city_plus_its_communes(world, august, country, approver):
    approve_report(send(world, august, world.new_communes[0], 1200), actor=approver)
    city = send(world, august, world.province, 225000)
    approve_report(city, actor=approver)

    def sums():
        rows = ApprovedTotal.objects.filter(indicator=world.supported, value_count__gt=0)
        return {row.area_id: row.value_sum for row in rows}

    assert sums() == {country.pk: Decimal(225000), world.province.pk: Decimal(1200)}
    maintained = stored()
    totals.rebuild([august.pk])
    assert stored() == maintained

    reopen_report(city, reason="Sai số", actor=approver)
    assert sums() == {country.pk: Decimal(1200), world.province.pk: Decimal(1200)}


def test_a_city_covers_its_communes_only_in_the_indicators_it_reported_itself(world, august, country, approver):
    approve_report(send(world, august, world.new_communes[0], 1200, (3, 4)), actor=approver)
    city = get_or_create_report(august, world.province)
    save_values(city, [ValueInput(world.supported, text="225000")])  # the city's own count, not the rate
    approve_report(submit_report(city), actor=approver)
    maintained = stored()
    totals.rebuild([august.pk])

    assert stored() == maintained
    assert maintained[(country.pk, august.pk, world.supported.pk, "")][0] == Decimal(225000)
    assert maintained[(country.pk, august.pk, world.coverage.pk, "")][2:4] == (Decimal(3), Decimal(4))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 500)), min_size=1, max_size=10))
def test_maintained_totals_equal_the_rule_and_a_rebuild_after_any_approvals_and_reopenings(
    world, august, country, approver, steps
):
    units = [world.province, *world.new_communes[:3]]
    parents = {country.pk: None, world.province.pk: country.pk, **{u.pk: world.province.pk for u in units[1:]}}
    with transaction.atomic():
        reports: dict[int, object] = {}
        own: dict[int, int] = {}
        for index, people in steps:
            unit = units[index]
            if unit.pk in own:
                reopen_report(reports[unit.pk], reason="Kiểm tra lại", actor=approver)
                del own[unit.pk]
            else:
                reports[unit.pk] = approve_report(send(world, august, unit, people), actor=approver)
                own[unit.pk] = people
        maintained = stored()
        for area in (country.pk, world.province.pk):
            expected = sum(own[unit] for unit in counted_units(area, parents, set(own)))
            key = (area, august.pk, world.supported.pk, "")
            assert maintained.get(key, (Decimal(0),))[0] == expected
        totals.rebuild([august.pk])
        assert stored() == maintained
        transaction.set_rollback(True)
