"""A national programme collects some indicators from every province, others from every commune."""

from datetime import date

import pytest

from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import AssignmentRole
from ansinh.reporting.selectors import assigned_indicators, expected_reports
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.periods import get_or_open_period
from ansinh.rules.periods import PeriodKey


@pytest.fixture
def country(db):
    vn = OrgUnit.objects.create(code="VN-T", name="Việt Nam", kind=OrgUnitKind.COUNTRY)
    north = OrgUnit.objects.create(code="P-N", name="Tỉnh Bắc", kind=OrgUnitKind.PROVINCE, parent=vn)
    south = OrgUnit.objects.create(
        code="P-S", name="Tỉnh Nam", kind=OrgUnitKind.PROVINCE, parent=vn, valid_to=date(2025, 6, 30)
    )
    commune = OrgUnit.objects.create(code="W-N1", name="Xã Một", kind=OrgUnitKind.COMMUNE, parent=north)
    program = Program.objects.create(
        slug="qg",
        code="1/CT-TTg",
        kind="Chương trình",
        title="Chương trình quốc gia",
        issuer="Thủ tướng Chính phủ",
        issued_on=date(2025, 1, 1),
        start_year=2025,
        end_year=2030,
        owner_unit=vn,
    )
    budget = Indicator.objects.create(program=program, code="T1", name="Kinh phí")
    poor = Indicator.objects.create(program=program, code="X1", name="Số hộ nghèo")
    add_assignment(budget, role=AssignmentRole.PROVINCES)
    add_assignment(poor, role=AssignmentRole.COMMUNES)
    return north, south, commune, program, budget, poor


def test_every_province_valid_in_the_period_and_every_commune_are_expected(country):
    north, south, commune, program, budget, poor = country
    period = get_or_open_period(program, PeriodKey(2026, "month", 3))

    expected = {item.unit.code: [indicator.code for indicator in item.indicators] for item in expected_reports(period)}

    assert expected == {"P-N": ["T1"], "W-N1": ["X1"]}
    assert assigned_indicators(period, north) == [budget]
    assert assigned_indicators(period, commune) == [poor]
    assert assigned_indicators(period, south) == []


def test_a_province_role_takes_no_unit_and_is_given_once(country):
    north, _, _, _, budget, _ = country

    with pytest.raises(ReportingError, match="không chọn một đơn vị cụ thể"):
        add_assignment(budget, role=AssignmentRole.PROVINCES, unit=north)
    with pytest.raises(ReportingError, match="đã được giao cho cấp tỉnh"):
        add_assignment(budget, role=AssignmentRole.PROVINCES)


def test_only_a_national_programme_collects_from_provinces(world):
    with pytest.raises(ReportingError, match="chỉ dùng cho chương trình toàn quốc"):
        add_assignment(world.supported, role=AssignmentRole.PROVINCES)
