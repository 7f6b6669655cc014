"""Before 1/7/2025 reporting ran through districts (issue 14): districts as a reporting level ("all districts"),
a commune's report approved by its district, the district's consolidated report by the standing agency, a return at
either level going back one level with its reason; after 1/7/2025 communes report to the province directly."""

import pytest

from ansinh.accounts.rules import can_review_report
from ansinh.reporting.models import AssignmentRole, Report, ReportStatus
from ansinh.reporting.selectors import approving_unit, consolidated_from_below, expected_reports
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.lifecycle import approve_report, return_report, submit_report
from ansinh.reporting.services.periods import open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def through_districts(world):
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    add_assignment(world.supported, role=AssignmentRole.DISTRICTS)
    return world


def test_districts_report_only_while_they_exist(through_districts):
    world = through_districts
    before = {e.unit.code for e in expected_reports(open_period(world.program, PeriodKey(2024, "year")))}
    assert {"D-T1", "W-T1", "W-T2", "W-T3"} <= before
    after = {e.unit.code for e in expected_reports(open_period(world.program, PeriodKey(2026, "year")))}
    assert "D-T1" not in after and {"W25-T1", "W25-T6"} <= after
    with pytest.raises(ReportingError, match="cấp huyện"):
        add_assignment(world.supported, role=AssignmentRole.DISTRICTS)


def test_commune_to_district_to_standing_agency_with_returns(through_districts, cast):
    world = through_districts
    period = open_period(world.program, PeriodKey(2024, "year"))
    commune = Report.objects.get(period=period, unit=world.old_communes[0])
    save_values(commune, [ValueInput(indicator=world.supported, text="120")], actor=cast.cuong)
    submit_report(commune, actor=cast.cuong)
    assert approving_unit(commune) == world.district
    assert can_review_report(cast.dung, commune) and not can_review_report(cast.ha, commune)
    return_report(commune, reason="Số người chưa khớp danh sách.", actor=cast.dung)
    commune.refresh_from_db()
    assert (commune.status, commune.return_reason) == (ReportStatus.RETURNED, "Số người chưa khớp danh sách.")
    save_values(commune, [ValueInput(indicator=world.supported, text="125")], actor=cast.cuong)
    submit_report(commune, actor=cast.cuong)
    approve_report(commune, actor=cast.dung)
    district = Report.objects.get(period=period, unit=world.district)
    [line] = consolidated_from_below(district)
    assert (line.indicator, line.figure, line.reports) == (world.supported, 125, 1)
    save_values(district, [ValueInput(indicator=world.supported, text="140")], actor=cast.dung)
    submit_report(district, actor=cast.dung)
    assert approving_unit(district) == world.standing
    assert can_review_report(cast.ha, district) and not can_review_report(cast.dung, district)
    return_report(district, reason="Thiếu số liệu của xã Cũ 2.", actor=cast.ha)
    district.refresh_from_db()
    assert district.status == ReportStatus.RETURNED and "xã Cũ 2" in district.return_reason
    commune.refresh_from_db()
    assert commune.status == ReportStatus.APPROVED, "a return goes one level down, not two"
    submit_report(district, actor=cast.dung)
    approve_report(district, actor=cast.ha)
    assert Report.objects.get(pk=district.pk).status == ReportStatus.APPROVED


def test_after_the_reform_a_commune_reports_to_the_province_level(through_districts):
    world = through_districts
    period = open_period(world.program, PeriodKey(2026, "year"))
    assert approving_unit(Report.objects.get(period=period, unit=world.new_communes[0])) == world.standing
