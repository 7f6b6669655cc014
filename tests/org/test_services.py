"""Loading administrative units and city departments into the database, and reading them back."""

import time
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ansinh.audit.models import AuditEvent
from ansinh.org import loaders, selectors, services
from ansinh.org.models import OrgUnit, OrgUnitKind, OrgUnitSuccession

BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)
HANOI_UNITS = 1 + 1 + 30 + 526 + 126  # country, city, districts, old communes, new communes


@pytest.fixture
def hanoi_loaded() -> services.LoadSummary:
    return services.load_admin_units("Hà Nội")


@pytest.mark.django_db
def test_loading_hanoi_puts_both_eras_in_the_database(hanoi_loaded):
    assert hanoi_loaded.scope == "Thành phố Hà Nội"
    assert hanoi_loaded.merged_from == []
    assert OrgUnit.objects.count() == HANOI_UNITS
    assert hanoi_loaded.created == HANOI_UNITS + OrgUnitSuccession.objects.count()
    city = OrgUnit.objects.get(code="P-01")
    assert selectors.subunits(city, on=BEFORE, kind=OrgUnitKind.DISTRICT).count() == 30
    assert selectors.communes_of(city, BEFORE).count() == 526
    assert selectors.communes_of(city, AFTER).count() == 126
    assert selectors.subunits(city, on=AFTER).count() == 126
    after = selectors.subunits(city, on=AFTER)
    assert after.filter(type_name="Phường").count() == 51 and after.filter(type_name="Xã").count() == 75
    assert selectors.units_valid_on(AFTER, kind=OrgUnitKind.DISTRICT).count() == 0


@pytest.mark.django_db
def test_loading_twice_creates_and_changes_nothing(hanoi_loaded):
    units, successions = OrgUnit.objects.count(), OrgUnitSuccession.objects.count()
    again = services.load_admin_units("hanoi")
    assert (again.created, again.updated) == (0, 0)
    assert sum(count.unchanged for count in again.units.values()) == units
    assert again.successions.unchanged == successions
    assert (OrgUnit.objects.count(), OrgUnitSuccession.objects.count()) == (units, successions)


@pytest.mark.django_db
def test_a_second_load_repairs_a_changed_unit(hanoi_loaded):
    OrgUnit.objects.filter(code="W-00001").update(name="Phường Phúc Xá (sửa tay)", valid_to=None)
    again = services.load_admin_units("01")
    assert again.units["commune"].updated == 1 and again.created == 0
    repaired = OrgUnit.objects.get(code="W-00001")
    assert (repaired.name, repaired.valid_to) == ("Phường Phúc Xá", BEFORE)


@pytest.mark.django_db
def test_successions_link_old_and_new_communes(hanoi_loaded):
    phuc_xa = OrgUnit.objects.get(code="W-00001")
    (hong_ha,) = selectors.successors_of(phuc_xa)
    assert (hong_ha.name, hong_ha.succession_share, hong_ha.succession_is_default) == ("Phường Hồng Hà", 1, True)
    assert hong_ha.succession_effective_on == AFTER

    tay_dang = OrgUnit.objects.get(name="Thị trấn Tây Đằng")
    divided = list(selectors.successors_of(tay_dang))
    assert sorted(unit.name for unit in divided) == ["Xã Minh Châu", "Xã Quảng Oai"]
    assert [unit.succession_is_default for unit in divided] == [True, False]  # the default successor first
    shares = [unit.succession_share for unit in divided]
    assert None not in shares
    assert sum(share for share in shares if share is not None) == Decimal(1)

    ba_dinh = OrgUnit.objects.get(code="W25-00004")
    predecessors = {unit.code for unit in selectors.predecessors_of(ba_dinh)}
    assert {"W-00004", "W-00013"} <= predecessors  # Trúc Bạch and Quán Thánh went whole into Ba Đình
    old_communes = selectors.communes_of(OrgUnit.objects.get(code="P-01"), BEFORE)
    assert not old_communes.filter(successions_out__isnull=True).exists()


@pytest.mark.django_db
def test_the_load_is_recorded_in_the_audit_log(hanoi_loaded):
    event = AuditEvent.objects.get(action="org.load_admin_units")
    assert event.after is not None
    assert event.after["in_data"]["old_communes"] == 526
    assert "Thành phố Hà Nội" in event.summary


@pytest.mark.django_db
def test_a_merged_province_brings_its_old_provinces():
    summary = services.load_admin_units("Bắc Giang")
    assert summary.scope == "Tỉnh Bắc Ninh"
    assert sorted(summary.merged_from) == ["Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"]
    bac_giang = OrgUnit.objects.get(code="P-24")
    assert bac_giang.valid_to == BEFORE
    assert [unit.code for unit in selectors.successors_of(bac_giang)] == ["P25-24"]


@pytest.mark.django_db
def test_an_unknown_province_loads_nothing():
    with pytest.raises(loaders.UnknownProvinceError):
        services.load_admin_units("Atlantis")
    assert not OrgUnit.objects.exists()


@pytest.mark.django_db
def test_hanoi_departments_hang_under_the_city(hanoi_loaded):
    department_file = loaders.read_departments()
    count = services.load_departments(department_file.departments, department_file.city_code)
    assert (count.created, count.updated, count.unchanged) == (25, 0, 0)
    city = OrgUnit.objects.get(code="P-01")
    assert selectors.subunits(city, kind=OrgUnitKind.DEPARTMENT).count() == 20
    assert selectors.subunits(city, kind=OrgUnitKind.OTHER).count() == 5
    labour = OrgUnit.objects.get(code="HN-SLDTBXH")
    assert (labour.name, labour.short_name, labour.parent, labour.valid_from, labour.valid_to) == (
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐTB&XH",
        city,
        None,
        None,
    )
    assert "mục IV, điểm 1" in labour.source
    # Departments exist on both sides of the reform until their merger is loaded with its dates.
    assert selectors.units_valid_on(AFTER, kind=OrgUnitKind.DEPARTMENT, parent=city).count() == 20

    again = services.load_departments(department_file.departments, "P-01")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 25)


@pytest.mark.django_db
def test_departments_need_their_city():
    with pytest.raises(services.MissingUnitError, match="P-01"):
        services.load_departments(loaders.read_departments().departments, "P-01")


@pytest.mark.django_db
def test_command_loads_a_province_and_departments():
    out = StringIO()
    call_command(
        "load_org_units", "--province", "Hà Nội", "--departments", str(loaders.DEFAULT_DEPARTMENTS_FILE), stdout=out
    )
    text = out.getvalue()
    assert "30 quận, huyện, thị xã; 526 xã, phường, thị trấn" in text
    assert "126 xã, phường, đặc khu" in text
    assert "Đã nạp 25 sở, ban, ngành" in text
    assert OrgUnit.objects.filter(parent__code="P-01", kind=OrgUnitKind.DEPARTMENT).count() == 20


@pytest.mark.django_db
def test_command_refuses_an_unknown_province_and_says_how_to_list_them():
    with pytest.raises(CommandError, match="--list-provinces"):
        call_command("load_org_units", "--province", "Atlantis", stdout=StringIO())


def test_command_lists_the_provinces():
    out = StringIO()
    call_command("load_org_units", "--list-provinces", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert len(lines) == 34
    assert any("Tỉnh Bắc Ninh" in line and "Tỉnh Bắc Giang" in line for line in lines)


@pytest.mark.django_db
def test_whole_country_load():
    started = time.monotonic()
    summary = services.load_admin_units(None)
    seconds = time.monotonic() - started
    assert summary.scope == "Toàn quốc"
    assert OrgUnit.objects.count() == 1 + 63 + 23 + 696 + 10035 + 3321
    assert OrgUnitSuccession.objects.count() == summary.in_data["successions"] == 10654
    assert selectors.units_valid_on(BEFORE, kind=OrgUnitKind.PROVINCE).count() == 63
    assert selectors.units_valid_on(AFTER, kind=OrgUnitKind.PROVINCE).count() == 34
    assert selectors.units_valid_on(BEFORE, kind=OrgUnitKind.COMMUNE).count() == 10035
    assert selectors.units_valid_on(AFTER, kind=OrgUnitKind.COMMUNE).count() == 3321
    again = services.load_admin_units(None)
    assert (again.created, again.updated) == (0, 0)
    assert seconds < 60, f"whole-country load took {seconds:.1f} s"
