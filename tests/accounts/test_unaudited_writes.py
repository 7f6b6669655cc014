"""Issue 16: writes that left no audit event, or none with before and after — the admin's bulk "delete selected" on
memberships, membership changes in the admin, password change and reset, reading a report through the API."""

import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-moi-rat-dai-2026"


@pytest.fixture
def admin_client(client, django_user_model, pass_two_factor):
    root = django_user_model.objects.create_superuser("quan-tri", password="x")
    client.force_login(root)
    pass_two_factor(client, root)
    return client, root


def test_the_admins_bulk_delete_of_memberships_records_each_with_its_role_and_unit(admin_client, world, cast):
    client, root = admin_client
    doomed = [Membership.objects.get(user=cast.lan), Membership.objects.get(user=cast.thu)]
    answer = client.post(
        "/admin/accounts/membership/",
        {"action": "delete_selected", "_selected_action": [m.pk for m in doomed], "post": "yes"},
    )
    assert answer.status_code == 302 and not Membership.objects.filter(pk__in=[m.pk for m in doomed]).exists()
    events = AuditEvent.objects.filter(action="membership.delete").order_by("before__user")
    assert [(e.actor, e.before) for e in events] == [
        (root, {"user": "lan", "unit": "T-LDXH", "role": Role.REPORTER, "includes_subunits": False}),
        (root, {"user": "thu", "unit": "T-SNV", "role": Role.SECRETARIAT, "includes_subunits": False}),
    ]


def test_a_membership_changed_in_the_admin_records_the_old_and_new_role_and_unit(admin_client, world, cast):
    client, root = admin_client
    membership = Membership.objects.get(user=cast.lan)
    answer = client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        {"user": cast.lan.pk, "unit": world.standing.pk, "role": Role.APPROVER, "includes_subunits": "on"},
    )
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    event = AuditEvent.objects.get(action="membership.change")
    assert event.actor == root and event.object_id == str(membership.pk)
    assert event.before == {"user": "lan", "unit": "T-LDXH", "role": Role.REPORTER, "includes_subunits": False}
    assert event.after == {"user": "lan", "unit": "T-SNV", "role": Role.APPROVER, "includes_subunits": True}


def test_a_password_change_is_audited_without_the_hashes(client, cast):
    client.force_login(cast.lan)
    answer = client.post(
        "/accounts/password_change/",
        {"old_password": "mat-khau-thu-nghiem-2026", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert answer.status_code == 302
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.actor == cast.lan and event.before and event.after
    assert cast.lan.password[:20] not in json.dumps([event.before, event.after, event.summary])


def test_a_password_reset_through_the_link_is_audited(client, cast):
    lan = cast.lan
    link = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(lan.pk))}/{default_token_generator.make_token(lan)}/"
    form = client.get(link)
    assert form.status_code == 302  # Django moves the token into the session
    answer = client.post(form["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert answer.status_code == 302
    event = AuditEvent.objects.get(action="auth.password_reset")
    assert event.actor == lan and event.object_id == str(lan.pk)


def test_reading_a_report_through_the_api_is_audited_as_the_page_is(client, world, cast):
    report = get_or_create_report(get_or_open_year_period(world.program, 2026), world.lead)
    key = create_token(cast.lan, name="đọc")[1]
    answer = client.get(f"/api/v1/reports/{report.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200
    event = AuditEvent.objects.get(action="report.view")
    assert event.actor == cast.lan and event.object_id == str(report.pk) and event.unit_code == "T-LDXH"


def test_the_admins_bulk_delete_is_audited_for_every_model_with_what_each_was(admin_client, world, cast):
    from ansinh.accounts.models import ApiToken

    client, root = admin_client
    tokens = [create_token(cast.lan, name=f"khoá {n}")[0] for n in range(2)]
    answer = client.post(
        "/admin/accounts/apitoken/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in tokens], "post": "yes"},
    )
    assert answer.status_code == 302 and not ApiToken.objects.exists()
    events = AuditEvent.objects.filter(action="admin.delete", object_type="accounts.apitoken")
    assert sorted(e.before["name"] for e in events) == ["khoá 0", "khoá 1"] and {e.actor for e in events} == {root}
    assert all("key_hash" not in e.before for e in events)
