"""The shared worlds of the suite and their fixed cast of people.

- ``world``: a small province for the reporting cycle: three departments, one district with three old communes
  (until 30/6/2025), six new communes (from 1/7/2025), and one plan with a few indicators. Built afresh for each
  test that asks for it (a few dozen rows).
- ``cast``: the people of that province, one per role and unit (as healthchecks' alice/bob/charlie), each with the
  same password ``CAST_PASSWORD``. Tests name them by what they do: ``cast.lan`` types the lead department's figures.
- The Hà Nội demo (``demo`` in conftest.py) for the tests of the demo itself, loaded once per module.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from ansinh.accounts.models import Membership, Role
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Aggregation, Comparator, Direction, Indicator, Program, Target, ValueType

LAST_OLD_DAY = date(2025, 6, 30)
FIRST_NEW_DAY = date(2025, 7, 1)


@dataclass
class World:
    province: OrgUnit
    lead: OrgUnit
    partner: OrgUnit
    standing: OrgUnit
    district: OrgUnit
    old_communes: list[OrgUnit]
    new_communes: list[OrgUnit]
    program: Program
    group: Indicator
    coverage: Indicator  # 1.1, a percentage, target ≥ 90% in 2026
    supported: Indicator  # 1.2, a count of people
    scheme: Indicator  # 2, yes/no


def _unit(code: str, name: str, kind: str, parent: OrgUnit | None = None, **validity) -> OrgUnit:
    return OrgUnit.objects.create(code=code, name=name, kind=kind, parent=parent, **validity)


@pytest.fixture
def world(db) -> World:
    province = _unit("P-T", "Tỉnh Thử Nghiệm", OrgUnitKind.PROVINCE)
    lead = _unit("T-LDXH", "Sở Lao động", OrgUnitKind.DEPARTMENT, province)
    partner = _unit("T-SYT", "Sở Y tế", OrgUnitKind.DEPARTMENT, province)
    standing = _unit("T-SNV", "Sở Nội vụ", OrgUnitKind.DEPARTMENT, province)
    district = _unit("D-T1", "Huyện Cũ", OrgUnitKind.DISTRICT, province, valid_to=LAST_OLD_DAY)
    old_communes = [
        _unit(f"W-T{n}", f"Xã Cũ {n}", OrgUnitKind.COMMUNE, district, valid_to=LAST_OLD_DAY) for n in range(1, 4)
    ]
    new_communes = [
        _unit(f"W25-T{n}", f"Xã Mới {n}", OrgUnitKind.COMMUNE, province, valid_from=FIRST_NEW_DAY) for n in range(1, 7)
    ]
    program = Program.objects.create(
        slug="kh-thu",
        code="01/KH-UBND",
        kind="Kế hoạch",
        title="Kế hoạch thử nghiệm",
        issuer="Ủy ban nhân dân tỉnh",
        issued_on=date(2024, 6, 13),
        start_year=2024,
        end_year=2030,
        owner_unit=province,
        standing_agency=standing,
        report_deadline="Định kỳ hằng năm, trước ngày 30/11",
    )
    group = Indicator.objects.create(program=program, code="1", name="Bảo hiểm và việc làm", is_group=True)
    coverage = Indicator.objects.create(
        program=program,
        code="1.1",
        parent=group,
        name="Tỷ lệ người dân tham gia bảo hiểm y tế",
        unit="%",
        value_type=ValueType.PERCENT,
        direction=Direction.UP,
        aggregation=Aggregation.RATIO,
        lead_unit=lead,
    )
    coverage.coordinating_units.add(partner)
    supported = Indicator.objects.create(
        program=program,
        code="1.2",
        parent=group,
        name="Số người được hỗ trợ việc làm",
        unit="người",
        value_type=ValueType.NUMBER,
        aggregation=Aggregation.SUM,
        lead_unit=lead,
    )
    scheme = Indicator.objects.create(
        program=program,
        code="2",
        name="Có đề án chăm sóc người cao tuổi",
        value_type=ValueType.YES_NO,
        lead_unit=partner,
    )
    Target.objects.create(
        indicator=coverage, year=2026, comparator=Comparator.GE, value=Decimal(90), unit="%", phrase="đạt 90%"
    )
    Target.objects.create(
        indicator=coverage,
        year=2030,
        is_end_target=True,
        comparator=Comparator.GE,
        value=Decimal(95),
        unit="%",
        phrase="tối thiểu 95%",
    )
    return World(
        province,
        lead,
        partner,
        standing,
        district,
        old_communes,
        new_communes,
        program,
        group,
        coverage,
        supported,
        scheme,
    )


CAST_PASSWORD = "mat-khau-thu-nghiem-2026"

# name → (role, which unit of the world, covers the units below, what the person does)
CAST = {
    "lan": (Role.REPORTER, "lead", False, "types the figures of the lead department (Sở Lao động)"),
    "minh": (Role.REPORTER, "lead", False, "types for the same department, at the same time as Lan"),
    "ha": (Role.APPROVER, "standing", False, "approves for the standing agency (Sở Nội vụ)"),
    "thu": (Role.SECRETARIAT, "standing", False, "runs the programme for the standing agency"),
    "xuan": (Role.REPORTER, "new_commune", False, "types the figures of Xã Mới 1 (from 1/7/2025)"),
    "cuong": (Role.REPORTER, "old_commune", False, "typed the figures of Xã Cũ 1 (until 30/6/2025)"),
    "dung": (Role.APPROVER, "district", False, "approved the communes of Huyện Cũ (until 30/6/2025)"),
    "nga": (Role.VIEWER, "province", True, "leads and reads: the province and everything under it"),
    "son": (Role.INSPECTOR, "province", True, "inspects the province and everything under it"),
    "tai": (Role.FINANCE, "province", True, "the province's finance office: consolidates every unit's budget"),
}


class Cast:
    """The people of ``CAST``, made on first use (most tests need two or three of them)."""

    def __init__(self, world: World):
        self._world = world
        self._people: dict = {}

    def _unit(self, where: str) -> OrgUnit:
        world = self._world
        return {
            "lead": world.lead,
            "standing": world.standing,
            "partner": world.partner,
            "province": world.province,
            "district": world.district,
            "new_commune": world.new_communes[0],
            "old_commune": world.old_communes[0],
        }[where]

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in CAST:
            raise AttributeError(name)
        if name not in self._people:
            role, where, below, _ = CAST[name]
            user = get_user_model().objects.create_user(name, email=f"{name}@ansinh.test", password=CAST_PASSWORD)
            Membership.objects.create(user=user, unit=self._unit(where), role=role, includes_subunits=below)
            self._people[name] = user
        return self._people[name]


@pytest.fixture
def cast(world) -> Cast:
    return Cast(world)


@pytest.fixture
def reporter(cast):
    """Lan enters the figures of the lead department."""
    return cast.lan


@pytest.fixture
def colleague(cast):
    """Minh enters figures for the same department, at the same time as Lan."""
    return cast.minh


@pytest.fixture
def approver(cast):
    """Hà approves for the standing agency."""
    return cast.ha


def mark_two_factor_passed(client, user) -> None:
    """Give the user a confirmed TOTP device and mark the client's session as having passed it, as
    the second-factor page does after a correct code (tests of that page use real codes)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
