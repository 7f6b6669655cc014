"""The administrative-unit data as the loaders read it from the vietnamadminunits package. No database."""

import sys
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from ansinh.org import loaders
from ansinh.org.loaders import Kind
from ansinh.org.models import OrgUnitKind

BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)


@pytest.fixture(scope="module")
def hanoi() -> loaders.AdminUnitSet:
    return loaders.read_admin_units("Hà Nội")


@pytest.fixture(scope="module")
def country() -> loaders.AdminUnitSet:
    return loaders.read_admin_units(None)


def test_hanoi_has_30_districts_and_526_communes_before_the_reform(hanoi):
    assert [unit.code for unit in hanoi.old_provinces] == ["P-01"]
    assert len(hanoi.old_districts) == 30
    assert len(hanoi.old_communes) == 526
    assert len(hanoi.valid_on(BEFORE, Kind.DISTRICT)) == 30
    assert len(hanoi.valid_on(BEFORE, Kind.COMMUNE)) == 526


def test_hanoi_has_126_communes_and_wards_after_the_reform(hanoi):
    assert len(hanoi.new_communes) == 126
    assert Counter(unit.type_name for unit in hanoi.new_communes) == {"Phường": 51, "Xã": 75}
    assert len(hanoi.valid_on(AFTER, Kind.COMMUNE)) == 126
    assert hanoi.valid_on(AFTER, Kind.DISTRICT) == []
    assert {unit.parent_code for unit in hanoi.new_communes} == {"P-01"}


def test_hanoi_is_one_unit_across_both_eras(hanoi):
    (city,) = hanoi.old_provinces
    assert hanoi.new_provinces == (city,)
    assert (city.name, city.short_name, city.type_name, city.official_code) == (
        "Thành phố Hà Nội",
        "Hà Nội",
        "Thành phố",
        "01",
    )
    assert city.valid_from is None and city.valid_to is None
    assert not [s for s in hanoi.successions if s.predecessor_code == "P-01"]


def test_names_carry_their_type_and_short_names_drop_it(hanoi):
    by_code = {unit.code: unit for unit in hanoi.units()}
    assert (by_code["D-001"].name, by_code["D-001"].short_name, by_code["D-001"].type_name) == (
        "Quận Ba Đình",
        "Ba Đình",
        "Quận",
    )
    assert (by_code["W25-00004"].name, by_code["W25-00004"].short_name) == ("Phường Ba Đình", "Ba Đình")
    assert (by_code["W-00001"].name, by_code["W-00001"].parent_code) == ("Phường Phúc Xá", "D-001")
    assert by_code["W-00001"].valid_to == BEFORE and by_code["W25-00004"].valid_from == AFTER


def test_every_old_hanoi_commune_has_a_successor_in_new_hanoi(hanoi):
    successors = defaultdict(list)
    for succession in hanoi.successions:
        successors[succession.predecessor_code].append(succession)
    new_codes = {unit.code for unit in hanoi.new_communes}
    for commune in hanoi.old_communes:
        assert successors[commune.code], commune
        assert {s.successor_code for s in successors[commune.code]} <= new_codes


def test_the_whole_country_has_34_provinces_and_3321_communes_after_the_reform(country):
    assert len(country.new_provinces) == 34
    assert len(country.new_communes) == 3321
    assert len(country.valid_on(AFTER, Kind.PROVINCE)) == 34
    assert len(country.valid_on(AFTER, Kind.COMMUNE)) == 3321
    assert Counter(unit.type_name for unit in country.new_communes) == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_the_whole_country_before_the_reform(country):
    assert len(country.old_provinces) == 63
    assert len(country.old_districts) == 696
    # 10,040 rows in the package: 10,035 communes and five island districts without communes.
    assert len(country.old_communes) == 10035
    assert len(country.valid_on(BEFORE, Kind.PROVINCE)) == 63
    continuing = [unit for unit in country.old_provinces if unit.valid_to is None]
    assert len(continuing) == 11
    assert sum(unit.code.startswith("P25-") for unit in country.new_provinces) == 23


def test_codes_are_unique_and_successions_point_at_loaded_units(country):
    units = country.units()
    codes = [unit.code for unit in units]
    assert len(codes) == len(set(codes)) == 1 + 63 + 23 + 696 + 10035 + 3321
    known = set(codes)
    pairs = [(s.predecessor_code, s.successor_code) for s in country.successions]
    assert len(pairs) == len(set(pairs))
    assert {code for pair in pairs for code in pair} <= known
    assert all(unit.parent_code in known for unit in units if unit.parent_code)
    assert all(len(unit.code) <= 64 and len(unit.official_code) <= 16 and len(unit.name) <= 255 for unit in units)


def test_every_old_commune_passes_on_and_every_new_commune_takes_over(country):
    predecessors = {s.predecessor_code for s in country.successions}
    successors = {s.successor_code for s in country.successions}
    assert {unit.code for unit in country.old_communes} <= predecessors
    assert {unit.code for unit in country.new_communes} <= successors


def test_each_divided_commune_has_one_default_successor_and_shares_adding_up_to_one(country):
    by_predecessor = defaultdict(list)
    for succession in country.successions:
        by_predecessor[succession.predecessor_code].append(succession)
    divided = {code: group for code, group in by_predecessor.items() if len(group) > 1}
    assert len(divided) == 471
    for group in by_predecessor.values():
        assert sum(s.is_default for s in group) == 1
        shares = [s.share for s in group]
        if None not in shares:
            assert sum(shares) == Decimal(1)
    whole = [group[0] for group in by_predecessor.values() if len(group) == 1]
    assert all(s.share == 1 and s.is_default for s in whole)


def test_area_share_is_the_new_communes_relative_area():
    options = (
        {"newWardKey": "a", "isDefaultNewWard": True, "newWardAreaKm2": 10.36},
        {"newWardKey": "b", "isDefaultNewWard": False, "newWardAreaKm2": 49.26},
    )
    assert loaders._shares(options) == [Decimal("0.173767"), Decimal("0.826233")]
    assert loaders._shares(({**options[0], "newWardAreaKm2": None}, options[1])) == [None, None]


def test_merged_provinces_pass_whole_to_the_new_province(country):
    province_successions = [s for s in country.successions if s.predecessor_code.startswith("P-")]
    assert len(province_successions) == 52
    assert all(s.share == 1 and s.is_default and s.effective_on == AFTER for s in province_successions)
    assert {s.predecessor_code for s in province_successions if s.successor_code == "P25-24"} == {"P-24", "P-27"}


def test_island_districts_without_communes_pass_to_their_special_zone(country):
    by_code = {unit.code: unit for unit in country.units()}
    (succession,) = [s for s in country.successions if s.predecessor_code == "D-318"]
    assert by_code["D-318"].name == "Huyện Bạch Long Vĩ"
    assert by_code[succession.successor_code].name == "Đặc khu Bạch Long Vĩ"


def test_a_loaded_province_holds_both_ends_of_its_successions():
    bac_ninh = loaders.read_admin_units("Bắc Giang")
    assert [unit.code for unit in bac_ninh.new_provinces] == ["P25-24"]
    assert sorted(unit.name for unit in bac_ninh.old_provinces) == ["Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"]
    codes = {unit.code for unit in bac_ninh.units()}
    assert all(s.predecessor_code in codes and s.successor_code in codes for s in bac_ninh.successions)


@pytest.mark.parametrize(
    "query", ["Hà Nội", "ha noi", "hanoi", "HN", "Thành phố Hà Nội", "TP Hà Nội", "thanhphohanoi", "01", "1", "P-01"]
)
def test_hanoi_can_be_named_many_ways(query):
    assert loaders.resolve_province(query) == "thanhphohanoi"


@pytest.mark.parametrize(
    ("query", "key"),
    [("Bắc Giang", "tinhbacninh"), ("P25-24", "tinhbacninh"), ("27", "tinhbacninh"), ("tp.hcm", "thanhphohochiminh")],
)
def test_old_names_and_codes_lead_to_the_new_province(query, key):
    assert loaders.resolve_province(query) == key


def test_an_unknown_province_is_refused_with_suggestions():
    with pytest.raises(loaders.UnknownProvinceError) as raised:
        loaders.resolve_province("Hà Nọi x")
    assert raised.value.suggestions == ["Thành phố Hà Nội"]
    assert "Không tìm thấy" in str(raised.value)
    with pytest.raises(loaders.UnknownProvinceError):
        loaders.resolve_province("Atlantis")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Thành Phố Bắc Kạn", ("Thành phố Bắc Kạn", "Thành phố", "Bắc Kạn")),
        ("Phường 1", ("Phường 1", "Phường", "Phường 1")),
        ("Thị Trấn Ái Tử", ("Thị trấn Ái Tử", "Thị trấn", "Ái Tử")),
        ("Đặc khu Côn Đảo", ("Đặc khu Côn Đảo", "Đặc khu", "Côn Đảo")),
    ],
)
def test_split_name(name, expected):
    parsed = loaders.split_name(name, loaders.COMMUNE_TYPES + loaders.DISTRICT_TYPES)
    assert (parsed.full, parsed.type_name, parsed.short) == expected


def test_the_name_wins_where_the_package_type_contradicts_it(country):
    conflicts = loaders.type_conflicts()
    assert len(conflicts) == 7
    by_code = {unit.code: unit for unit in country.units()}
    assert by_code["W-27046"].type_name == "Phường"  # Phường 5, Quận Phú Nhuận; the package says Xã
    assert by_code["W25-31299"].type_name == "Xã"  # Xã Phong Điền, Cần Thơ; the package says Phường


def test_the_loader_never_imports_the_package_and_its_geocoder(country):
    assert "vietnamadminunits" not in sys.modules
    assert "geopy" not in sys.modules


def test_loader_kinds_match_the_model():
    assert {kind.value for kind in Kind} == set(OrgUnitKind.values)


def test_hanoi_departments_file():
    department_file = loaders.read_departments()
    assert department_file.city_code == "P-01"
    entries = department_file.departments
    codes = [entry["code"] for entry in entries]
    assert len(codes) == len(set(codes)) == 25
    assert all(code.isascii() and code.startswith("HN-") for code in codes)
    assert {entry["item"] for entry in entries} == set(range(1, 23)) - {20}
    others = sorted(entry["code"] for entry in entries if entry["kind"] == "other")
    assert others == ["HN-DTN", "HN-HLHPN", "HN-HND", "HN-LDLD", "HN-MTTQ"]
    assert {entry["item"] for entry in entries if entry["kind"] == "other"} == {21}
    by_code = {entry["code"]: entry for entry in entries}
    assert by_code["HN-SLDTBXH"]["name"] == "Sở Lao động - Thương binh và Xã hội"
    assert by_code["HN-SLDTBXH"]["short_name"] == "Sở LĐTB&XH"
    assert all("Kế hoạch 181/KH-UBND" in entry["source"] and "mục IV" in entry["source"] for entry in entries)
    assert not any("valid_from" in entry or "valid_to" in entry for entry in entries)


def test_a_malformed_departments_list_is_refused():
    with pytest.raises(loaders.DepartmentFileError) as raised:
        loaders.check_departments([{"code": "hn sở", "name": "X", "kind": "city", "source": "s"}])
    message = str(raised.value)
    assert "kind" in message and "mã" in message
