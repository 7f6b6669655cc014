"""Separation of duties (issue 16): nobody approves a report whose figures they typed or that they sent —
the secretariat typing a commune's figures, a district reporter who is also its approver, the superuser —
on the page, through the API and in the service; another person at the approving unit still approves."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.reporting.models import AssignmentRole, PeriodKind, ReportStatus
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.approval import SEPARATION_OF_DUTIES, approval_refusal
from ansinh.rules.periods import PeriodKey

ids = st.integers(min_value=1, max_value=20)


@given(ids, st.sets(st.one_of(st.none(), ids)), st.one_of(st.none(), ids))
def test_the_rule_refuses_exactly_the_typists_and_the_sender(approver, typed_by, sent_by):
    refusal = approval_refusal(approver, typed_by=typed_by, sent_by=sent_by)
    assert (refusal is not None) == (approver in typed_by or approver == sent_by)
    assert approval_refusal(None, typed_by=typed_by, sent_by=sent_by) is None, "a system load is nobody"


@pytest.fixture
def assigned(world):
    create_default_assignments(world.program)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    return world


def commune_report(world, unit, year):
    return get_or_create_report(get_or_open_period(world.program, PeriodKey(year, PeriodKind.YEAR)), unit)


def typed_and_sent(report, typist, sender):
    save_values(report, [ValueInput(report.period.program.indicators.get(code="1.2"), text="120")], actor=typist)
    return submit_report(report, actor=sender)


@pytest.mark.django_db
def test_the_secretariat_that_typed_a_communes_figures_does_not_approve_them(assigned, cast):
    world = assigned
    report = typed_and_sent(commune_report(world, world.new_communes[0], 2026), cast.thu, cast.xuan)
    with pytest.raises(ReportingError) as refused:
        approve_report(report, actor=cast.thu)
    assert refused.value.code == "separation_of_duties" and refused.value.message == SEPARATION_OF_DUTIES
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.approved_by is None
    assert approve_report(report, actor=cast.ha).status == ReportStatus.APPROVED, "another reviewer approves"


@pytest.mark.django_db
def test_a_district_reporter_who_is_also_its_approver_does_not_approve_a_commune_they_typed(assigned, cast):
    world = assigned
    both = get_user_model().objects.create_user("hai-vai")
    Membership.objects.create(user=both, unit=world.district, role=Role.REPORTER, includes_subunits=True)
    Membership.objects.create(user=both, unit=world.district, role=Role.APPROVER)
    report = typed_and_sent(commune_report(world, world.old_communes[0], 2024), both, cast.cuong)
    with pytest.raises(ReportingError, match="Không thể duyệt"):
        approve_report(report, actor=both)
    assert approve_report(report, actor=cast.dung).approved_by == cast.dung


@pytest.mark.django_db
def test_the_superuser_does_not_approve_what_they_typed_even_if_someone_else_typed_after(assigned, cast):
    world = assigned
    root = get_user_model().objects.create_superuser("goc", password="x")
    report = commune_report(world, world.new_communes[0], 2026)
    save_values(report, [ValueInput(world.supported, text="100")], actor=root)
    typed_and_sent(report, cast.xuan, cast.xuan)  # the commune's reporter overwrites and sends
    with pytest.raises(ReportingError):
        approve_report(report, actor=root)


@pytest.mark.django_db
def test_the_page_hides_the_button_says_why_and_refuses_the_post(assigned, cast, client, sign_in):
    world = assigned
    report = typed_and_sent(commune_report(world, world.new_communes[0], 2026), cast.thu, cast.xuan)
    sign_in(cast.thu)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert 'id="approval-refused"' in page and 'id="approve-report"' not in page
    answer = client.post(reverse("report_approve", args=[report.pk]), follow=True).content.decode()
    assert "Không thể duyệt" in answer
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_the_api_refuses_with_403_and_a_code(assigned, cast, client):
    world = assigned
    report = commune_report(world, world.new_communes[0], 2026)
    key = create_token(cast.thu, name="thử", can_write=True)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {"version": report.version, "values": [{"indicator": "1.2", "value": 120}]}
    put = client.put(f"/api/v1/reports/{report.pk}/values", json.dumps(body), content_type="application/json", **auth)
    assert put.status_code == 200, put.content
    submit_report(report, actor=cast.xuan)
    refused = client.post(f"/api/v1/reports/{report.pk}/approve", **auth)
    assert refused.status_code == 403 and refused.json()["code"] == "separation_of_duties"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
