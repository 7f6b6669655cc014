"""Who approves what: multi-level before 1/7/2025, the standing agency after, nobody their own figures."""

from datetime import date

import pytest

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import can_edit_report, can_review_report, can_view_report
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import Report, ReportingPeriod


@pytest.fixture
def units(db) -> dict[str, OrgUnit]:
    city = OrgUnit.objects.create(code="P-01", name="Hà Nội", kind="province")
    district = OrgUnit.objects.create(
        code="D-001", name="Quận Ba Đình", kind="district", parent=city, valid_to=date(2025, 6, 30)
    )
    return {
        "city": city,
        "agency": OrgUnit.objects.create(code="HN-SLDTBXH", name="Sở LĐTB&XH", kind="department", parent=city),
        "district": district,
        "old_ward": OrgUnit.objects.create(
            code="W-00001", name="Phường Phúc Xá", kind="commune", parent=district, valid_to=date(2025, 6, 30)
        ),
        "ward": OrgUnit.objects.create(
            code="W25-00004", name="Phường Ba Đình", kind="commune", parent=city, valid_from=date(2025, 7, 1)
        ),
    }


@pytest.fixture
def reports(units) -> dict[str, Report]:
    program = Program.objects.create(
        slug="kh",
        code="181/KH-UBND",
        kind="Kế hoạch",
        title="Kế hoạch",
        issuer="UBND",
        issued_on=date(2024, 7, 1),
        start_year=2024,
        end_year=2030,
        owner_unit=units["city"],
        standing_agency=units["agency"],
    )
    old = ReportingPeriod.objects.create(
        program=program, kind="year", year=2024, starts_on=date(2023, 12, 15), ends_on=date(2024, 12, 14)
    )
    new = ReportingPeriod.objects.create(
        program=program, kind="year", year=2025, starts_on=date(2024, 12, 15), ends_on=date(2025, 12, 14)
    )
    return {
        "old_ward": Report.objects.create(period=old, unit=units["old_ward"]),
        "district": Report.objects.create(period=old, unit=units["district"]),
        "ward": Report.objects.create(period=new, unit=units["ward"]),
        "agency": Report.objects.create(period=new, unit=units["agency"]),
        "city": Report.objects.create(period=new, unit=units["city"]),
    }


def person(django_user_model, name, unit, role, subunits=False):
    user = django_user_model.objects.create_user(name)
    Membership.objects.create(user=user, unit=unit, role=role, includes_subunits=subunits)
    return user


def test_before_the_reform_a_district_approves_its_communes_and_the_agency_the_districts(
    django_user_model, units, reports
):
    district_leader = person(django_user_model, "quan", units["district"], Role.APPROVER)
    secretary = person(django_user_model, "so", units["agency"], Role.SECRETARIAT)
    assert can_review_report(district_leader, reports["old_ward"])
    assert not can_review_report(secretary, reports["old_ward"]), "the city level does not skip the district"
    assert can_review_report(secretary, reports["district"])
    assert not can_review_report(district_leader, reports["district"])


def test_after_the_reform_the_agency_approves_communes_and_the_city_approves_the_agency(
    django_user_model, units, reports
):
    secretary = person(django_user_model, "so", units["agency"], Role.SECRETARIAT)
    city_leader = person(django_user_model, "tp", units["city"], Role.APPROVER)
    assert can_review_report(secretary, reports["ward"])
    assert not can_review_report(secretary, reports["agency"]), "nobody approves their own unit's figures"
    assert can_review_report(city_leader, reports["agency"])
    assert can_review_report(city_leader, reports["city"]), "the top level approves its own consolidated report"


def test_who_types_or_sent_a_report_never_approves_it(django_user_model, units, reports):
    city_reporter = person(django_user_model, "nhap", units["city"], Role.REPORTER)
    both = person(django_user_model, "ca-hai", units["city"], Role.APPROVER)
    Membership.objects.create(user=both, unit=units["city"], role=Role.REPORTER)
    leader = person(django_user_model, "lanh-dao", units["city"], Role.APPROVER)
    assert not can_review_report(city_reporter, reports["city"])
    assert not can_review_report(both, reports["city"])
    reports["city"].submitted_by = leader
    assert not can_review_report(leader, reports["city"])


def test_a_ward_sees_and_edits_only_its_own_report(django_user_model, units, reports):
    reporter = person(django_user_model, "phuong", units["ward"], Role.REPORTER)
    assert can_view_report(reporter, reports["ward"]) and can_edit_report(reporter, reports["ward"])
    assert not can_view_report(reporter, reports["old_ward"]) and not can_edit_report(reporter, reports["city"])
    city_viewer = person(django_user_model, "xem", units["city"], Role.VIEWER, subunits=True)
    assert can_view_report(city_viewer, reports["ward"]) and not can_edit_report(city_viewer, reports["ward"])
