"""The verdicts' figure read from the maintained totals equals the raw roll-up, unit by unit, after any sequence
of approvals and reopenings: one road, with the raw roll-up as its reference."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansinh.documents.maps import indicator_map
from ansinh.evaluation.selectors import ProgramFigures, area_figures, evaluate_program, explain_rollup
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Indicator, Program, Target
from ansinh.reporting.models import AssignmentRole
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.lifecycle import approve_report, reopen_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.outlook import OutlookCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(world):
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    return get_or_open_year_period(world.program, 2026)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 900), st.integers(1, 1000)), min_size=1, max_size=12))
def test_the_figure_from_the_totals_is_the_raw_roll_up(world, collected, approver, steps):
    with transaction.atomic():
        approved: dict[int, object] = {}
        for index, people, covered in steps:
            unit = world.new_communes[index]
            if unit.pk in approved:
                reopen_report(approved.pop(unit.pk), reason="Kiểm tra lại", actor=approver)
                continue
            report = get_or_create_report(collected, unit)
            save_values(
                report,
                [
                    ValueInput(world.supported, text=str(people)),
                    ValueInput(world.coverage, numerator_text=str(min(people, covered)), denominator_text=str(covered)),
                ],
            )
            approved[unit.pk] = approve_report(submit_report(report), actor=approver)
        figures = ProgramFigures(world.program)
        for indicator in (world.supported, world.coverage):
            maintained = figures.figure(indicator, 2026)
            raw = explain_rollup(indicator, 2026)
            if raw is None:
                assert maintained is None
                continue
            assert maintained is not None and maintained.rolled_up is None  # read from the totals
            assert maintained.value == raw.value
            assert (maintained.counted, maintained.expected) == (len(raw.units_counted), 6)
            assert len(raw.units_counted) == len(approved)
        transaction.set_rollback(True)


def test_a_weighted_mean_is_read_unit_by_unit(world, collected, approver):
    world.supported.aggregation = "weighted_mean"
    world.supported.save()
    report = get_or_create_report(collected, world.new_communes[0])
    save_values(report, [ValueInput(world.supported, text="7")])
    approve_report(submit_report(report), actor=approver)
    figure = ProgramFigures(world.program).figure(world.supported, 2026)
    assert figure is not None and figure.rolled_up is not None
    assert figure.value is None and figure.counted == 0  # a value without its weight cannot be averaged


def test_a_national_map_shows_each_province_as_its_own_figure_or_the_total_under_it(world, approver):
    country = OrgUnit.objects.create(code="VN-T", name="Quốc gia thử nghiệm", kind=OrgUnitKind.COUNTRY)
    OrgUnit.objects.filter(pk=world.province.pk).update(parent=country)
    other = OrgUnit.objects.create(code="P-K", name="Tỉnh Khác", kind=OrgUnitKind.PROVINCE, parent=country)
    Program.objects.filter(pk=world.program.pk).update(owner_unit=country)
    supported = Indicator.objects.select_related("program__owner_unit").get(pk=world.supported.pk)
    add_assignment(supported, role=AssignmentRole.COMMUNES)
    add_assignment(supported, role=AssignmentRole.COORDINATING, unit=other)
    year = get_or_open_year_period(supported.program, 2026)
    for unit, people in ((world.new_communes[0], "12"), (world.new_communes[1], "30"), (other, "500")):
        report = get_or_create_report(year, OrgUnit.objects.get(pk=unit.pk))  # its parents as they are now
        save_values(report, [ValueInput(supported, text=people)])
        approve_report(submit_report(report), actor=approver)

    shown = {item.unit.code: item.value for item in indicator_map(supported, 2026).units}

    assert shown == {"P-T": 42.0, "P-K": 500.0}
    assert area_figures(supported, 2026, [country.pk])[country.pk] == Decimal(542)


def test_the_outlook_of_a_change_target_aims_at_the_level_the_change_reaches(world, approver):
    # "Tăng thêm 10 điểm phần trăm so với năm 2024 vào năm 2030": from 80% in 2024 the aim is 90% in 2030,
    # not the level 10% (which 84% would already "meet").
    Target.objects.filter(indicator=world.coverage).delete()
    Target.objects.create(
        indicator=world.coverage,
        year=2030,
        is_end_target=True,
        kind="points_change",
        comparator="ge",
        value=Decimal(10),
        unit="điểm phần trăm",
        base_year=2024,
        phrase="tăng thêm 10 điểm phần trăm so với năm 2024",
    )
    for year, covered in ((2024, "80"), (2025, "84")):
        report = get_or_create_report(get_or_open_year_period(world.program, year), world.province)
        save_values(report, [ValueInput(world.coverage, numerator_text=covered, denominator_text="100")])
        approve_report(submit_report(report), actor=approver)

    outlook = evaluate_program(world.program, 2025).rows[0].outlook

    assert outlook is not None and outlook.target_value == pytest.approx(90)
    assert outlook.code != OutlookCode.TARGET_ACHIEVED
