"""Who approves a report, as a pure rule (``ansinh/rules/approval.py``)."""

from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.approval import ReportingUnit, approving_unit_id

OWNER, STANDING, DISTRICT_ID = 1, 2, 3
KINDS = ["province", "district", "commune", "department", "other"]

units = st.builds(
    ReportingUnit,
    id=st.integers(min_value=1, max_value=50),
    kind=st.sampled_from(KINDS),
    parent_id=st.one_of(st.none(), st.integers(min_value=1, max_value=50)),
    parent_kind=st.one_of(st.none(), st.sampled_from(KINDS)),
).filter(lambda unit: unit.parent_id != unit.id)  # a unit is never its own parent


def test_the_rules_one_by_one():
    old_commune = ReportingUnit(10, "commune", DISTRICT_ID, "district")
    assert approving_unit_id(old_commune, owner_unit_id=OWNER, standing_agency_id=STANDING) == DISTRICT_ID
    new_commune = ReportingUnit(11, "commune", OWNER, "province")
    assert approving_unit_id(new_commune, owner_unit_id=OWNER, standing_agency_id=STANDING) == STANDING
    assert approving_unit_id(new_commune, owner_unit_id=OWNER, standing_agency_id=None) == OWNER
    district = ReportingUnit(DISTRICT_ID, "district", OWNER, "province")
    assert approving_unit_id(district, owner_unit_id=OWNER, standing_agency_id=STANDING) == STANDING
    standing = ReportingUnit(STANDING, "department", OWNER, "province")
    assert approving_unit_id(standing, owner_unit_id=OWNER, standing_agency_id=STANDING) == OWNER
    city = ReportingUnit(OWNER, "province")
    assert approving_unit_id(city, owner_unit_id=OWNER, standing_agency_id=STANDING) == OWNER


@given(units, st.one_of(st.none(), st.just(STANDING)))
def test_nobody_but_the_programme_unit_approves_its_own_figures(unit, standing):
    approver = approving_unit_id(unit, owner_unit_id=OWNER, standing_agency_id=standing)
    assert approver != unit.id or unit.id == OWNER


@given(units, st.one_of(st.none(), st.just(STANDING)))
def test_the_approver_is_the_district_above_an_old_commune_or_the_programme_level(unit, standing):
    approver = approving_unit_id(unit, owner_unit_id=OWNER, standing_agency_id=standing)
    if unit.kind == "commune" and unit.parent_kind == "district" and unit.parent_id is not None:
        assert approver == unit.parent_id
    else:
        assert approver in {OWNER, standing}
