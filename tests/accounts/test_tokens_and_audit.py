"""API tokens act exactly as their owner; the audit page shows each person the events of their scope."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from ansinh.accounts.models import ApiToken, Membership, Role
from ansinh.accounts.tokens import TokenError, create_token, revoke_token
from ansinh.audit.labels import ACTION_LABELS, TOPICS
from ansinh.audit.models import AuditEvent
from ansinh.audit.services import record
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def units(db) -> dict[str, OrgUnit]:
    city = OrgUnit.objects.create(code="P-01", name="Thành phố Hà Nội", kind="province")
    other = OrgUnit.objects.create(code="P-02", name="Tỉnh Hà Giang", kind="province")
    ward = OrgUnit.objects.create(code="W25-00004", name="Phường Ba Đình", kind="commune", parent=city)
    return {"city": city, "other": other, "ward": ward}


@pytest.fixture
def hidden_program(units) -> Program:
    return Program.objects.create(
        slug="chua-cong-bo",
        code="99/KH-UBND",
        kind="Kế hoạch",
        title="Kế hoạch chưa công bố",
        issuer="UBND Thành phố Hà Nội",
        issued_on=date(2026, 3, 5),
        start_year=2026,
        end_year=2030,
        owner_unit=units["city"],
        is_published=False,
    )


def test_a_token_acts_as_its_owner_and_stops_working_when_revoked(client, django_user_model, units, hidden_program):
    reporter = django_user_model.objects.create_user("an")
    Membership.objects.create(user=reporter, unit=units["ward"], role=Role.REPORTER)
    token, key = create_token(reporter, name="Đồng bộ", actor=reporter)
    assert key.startswith("asn_") and token.key_hash != key and key not in token.prefix + "x"

    anonymous = client.get("/api/v1/programs/").json()
    assert "chua-cong-bo" not in {p["slug"] for p in anonymous}
    as_owner = client.get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert "chua-cong-bo" in {p["slug"] for p in as_owner}, "a member of the city sees its draft programme"

    revoke_token(token, actor=reporter)
    refused = client.get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"
    with pytest.raises(TokenError):
        revoke_token(token, actor=reporter)
    assert set(AuditEvent.objects.filter(actor=reporter).values_list("action", flat=True)) >= {
        "token.create",
        "token.revoke",
    }


@pytest.mark.parametrize("header", ["Bearer asn_khong-ton-tai", "Bearer ", "Basic YWJjOmRlZg==", "asn_abc"])
def test_bad_keys_are_refused_not_treated_as_anonymous(client, db, header):
    response = client.get("/api/v1/programs/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_token",
        "message": "Khoá API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
    }


def test_a_read_only_token_cannot_write(client, django_user_model, units):
    user = django_user_model.objects.create_user("binh")
    _token, key = create_token(user, name="Chỉ đọc", can_write=False)
    response = client.post("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403 and response.json()["code"] == "read_only_token"


def test_session_writes_to_the_api_need_the_csrf_token(django_user_model, units):
    from django.test import Client

    user = django_user_model.objects.create_user("chau")
    Membership.objects.create(user=user, unit=units["ward"], role=Role.REPORTER)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post("/api/v1/programs/")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


def test_expired_or_invalid_token_requests(django_user_model, units):
    user = django_user_model.objects.create_user("dung")
    with pytest.raises(TokenError):
        create_token(user, name="   ")
    with pytest.raises(TokenError):
        create_token(user, name="Quá hạn", days_valid=5000)
    assert not ApiToken.objects.exists()


def test_account_page_creates_and_revokes_only_ones_own_tokens(client, django_user_model, units):
    owner = django_user_model.objects.create_user("giang")
    stranger = django_user_model.objects.create_user("hoa")
    foreign, _key = create_token(stranger, name="Của người khác")
    client.force_login(owner)
    created = client.post("/tai-khoan/khoa-api/", {"name": "Máy chủ DHIS2", "days_valid": 30, "can_write": "on"})
    assert created.status_code == 200 and "asn_" in created.content.decode()
    assert ApiToken.objects.get(user=owner).can_write
    assert client.post(f"/tai-khoan/khoa-api/{foreign.pk}/thu-hoi/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None
    bad = client.post("/tai-khoan/khoa-api/", {"name": "", "days_valid": 0})
    assert bad.status_code == 400 and ApiToken.objects.filter(user=owner).count() == 1


def test_audit_page_is_scoped_filtered_and_exported(client, sign_in, django_user_model, units):
    inspector = django_user_model.objects.create_user("khanh")
    Membership.objects.create(user=inspector, unit=units["city"], role=Role.INSPECTOR, includes_subunits=True)
    record(actor=None, action="datavalue.save", obj=units["ward"], summary="Số liệu phường Ba Đình")
    record(actor=None, action="datavalue.save", obj=units["other"], summary="Số liệu tỉnh Hà Giang")
    record(actor=None, action="datavalue.save", obj=units["ward"], summary='=HYPERLINK("http://x.invalid";"phường")')
    sign_in(inspector)
    page = client.get("/nhat-ky/").content.decode()
    assert "phường Ba Đình" in page and "tỉnh Hà Giang" not in page
    filtered = client.get("/nhat-ky/", {"action": "auth."}).content.decode()
    assert "phường Ba Đình" not in filtered
    bad_dates = client.get("/nhat-ky/", {"since": "05/03/2026", "until": "01/03/2026"})
    assert "“Từ ngày” phải trước" in bad_dates.content.decode()
    export = client.get("/nhat-ky/xuat.csv")
    body = b"".join(export.streaming_content).decode()
    assert body.startswith("\ufeffThời điểm") and "phường Ba Đình" in body and "Hà Giang" not in body
    assert "'=HYPERLINK(" in body and ",=HYPERLINK(" not in body and '"=HYPERLINK(' not in body  # text, not a formula
    assert AuditEvent.objects.filter(actor=inspector, action="audit.export").exists()
    assert AuditEvent.objects.filter(actor=inspector, action="audit.view").exists()


def test_a_reporter_cannot_open_the_audit_page_and_the_refusal_is_recorded(client, django_user_model, units):
    reporter = django_user_model.objects.create_user("lan")
    Membership.objects.create(user=reporter, unit=units["ward"], role=Role.REPORTER)
    client.force_login(reporter)
    assert client.get("/nhat-ky/").status_code == 403
    assert client.get("/nhat-ky/xuat.csv").status_code == 403
    assert AuditEvent.objects.filter(actor=reporter, action="access.denied").count() == 2


def test_admin_changes_are_audited(django_user_model, units):
    admin = django_user_model.objects.create_superuser("quantri", password="x-y-z-1234-abcd")
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=[units["ward"]],
        action_flag=CHANGE,
        change_message="Đổi tên",
        single_object=True,
    )
    event = AuditEvent.objects.get(action="admin.change")
    assert event.actor == admin and "Phường Ba Đình" in event.summary
    assert ContentType.objects.get_for_model(OrgUnit).name in event.summary


def test_pages_send_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "object-src 'none'" in policy


def test_templates_hold_no_inline_script_or_style():
    for template in (ROOT / "ansinh" / "templates").rglob("*.html"):
        text = template.read_text()
        assert " style=" not in text, template
        for start in range(len(text)):
            start = text.find("<script", start)
            if start < 0:
                break
            tag = text[start : text.index(">", start)]
            assert "src=" in tag or 'type="application/json"' in tag, f"{template}: {tag}"


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "ansinh.settings_production",
        "ANSINH_SECRET_KEY": "k" * 20 + "-production-only-9f8e7d6c5b4a39281726354453627181",
        "ANSINH_ALLOWED_HOSTS": "ansinh.example.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_weak_secret(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "ansinh.settings_production", "ANSINH_SECRET_KEY": "ngan", "PATH": "/usr/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "ANSINH_SECRET_KEY" in result.stderr


def test_audit_page_speaks_vietnamese_and_filters_by_a_select(client, sign_in, django_user_model, units):
    inspector = django_user_model.objects.create_user("khanh2")
    Membership.objects.create(user=inspector, unit=units["city"], role=Role.INSPECTOR, includes_subunits=True)
    record(actor=None, action="datavalue.save", obj=units["ward"], summary="Số liệu phường Ba Đình")
    sign_in(inspector)
    page = client.get("/nhat-ky/").content.decode()
    assert "<td>Ghi số liệu</td>" in page and "datavalue.save</" not in page
    assert '<select name="action"' in page and '<option value="report.view">Xem báo cáo</option>' in page
    only_data = client.get("/nhat-ky/", {"action": "datavalue."}).content.decode()
    assert "phường Ba Đình" in only_data
    assert client.get("/nhat-ky/", {"action": "khong-co"}).context["form"].errors  # not a free-text code


def test_every_action_the_code_records_has_a_vietnamese_label():
    root = Path(__file__).resolve().parents[2] / "ansinh"
    recorded = set()
    for path in root.rglob("*.py"):
        recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    # Every topic has a name (an action not yet listed shows as its topic and code, never a bare code) …
    assert recorded and sorted({action.partition(".")[0] for action in recorded} - set(TOPICS)) == []
    # … and every action has its own label.
    assert sorted(recorded - set(ACTION_LABELS)) == []
