"""The reporting cycle through API v1 with personal tokens: the same rules and services as the pages."""

import json

import pytest

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.org.models import OrgUnit
from ansinh.reporting.models import Report, ReportStatus

API = "/api/v1"


@pytest.fixture
def people(db, demo, django_user_model) -> dict[str, str]:
    """Keys of the cast: the ward's reporter, another ward's reporter, the secretariat, a read-only key."""
    keys = {}
    for name, unit, role, write in [
        ("bob", "W25-00004", Role.REPORTER, True),
        ("dao", "W25-00008", Role.REPORTER, True),
        ("chi", "HN-SLDTBXH", Role.SECRETARIAT, True),
        ("xem", "P-01", Role.VIEWER, False),
    ]:
        user = django_user_model.objects.create_user(name)
        Membership.objects.create(
            user=user, unit=OrgUnit.objects.get(code=unit), role=role, includes_subunits=name == "xem"
        )
        keys[name] = create_token(user, name="kiểm thử", can_write=write)[1]
    return keys


def call(client, key, method, path, body=None, **params):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"{API}{path}", **kwargs, **({"data": params} if params else {}))


def test_the_reporting_cycle_through_the_api(client, people):
    opened = call(client, people["chi"], "post", "/programs/08-ctr-tu/periods", {"kind": "year", "year": 2025})
    assert opened.status_code == 201, opened.json()
    period = opened.json()
    assert period["dhis2_period"] == "2025" and period["starts_on"] == "2024-12-15"
    mine = call(client, people["bob"], "get", f"/periods/{period['id']}/reports").json()
    assert [r["unit_code"] for r in mine] == ["W25-00004"], "a ward sees its own report only"
    report_id = mine[0]["id"]

    values = [
        {"indicator": "2", "value": 1250},
        {"indicator": "8", "numerator": 12, "denominator": 9800},
        {"indicator": "16", "numerator": "950", "denominator": "1000"},
    ]
    stale = call(client, people["bob"], "put", f"/reports/{report_id}/values", {"version": 99, "values": values})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    saved = call(client, people["bob"], "put", f"/reports/{report_id}/values", {"version": 0, "values": values})
    assert saved.status_code == 200 and saved.json()["changed"] == 3
    assert call(client, people["bob"], "post", f"/reports/{report_id}/submit").json()["status"] == "submitted"
    assert call(client, people["bob"], "post", f"/reports/{report_id}/approve").status_code == 403

    returned = call(
        client, people["chi"], "post", f"/reports/{report_id}/return", {"reason": "Kiểm tra lại số hộ nghèo"}
    )
    assert returned.json()["return_reason"] == "Kiểm tra lại số hộ nghèo"
    version = returned.json()["version"]
    fix = [{"indicator": "8", "numerator": 15, "denominator": 9800}]
    call(client, people["bob"], "put", f"/reports/{report_id}/values", {"version": version, "values": fix})
    call(client, people["bob"], "post", f"/reports/{report_id}/submit")
    approved = call(client, people["chi"], "post", f"/reports/{report_id}/approve").json()
    assert approved["status"] == "approved"
    assert [e["action"] for e in approved["events"]] == ["submit", "return", "submit", "approve"]

    history = call(client, people["bob"], "get", f"/reports/{report_id}/history", indicator="8").json()
    assert [change["after"]["numerator"] for change in history] == ["15", "12"]
    assert history[0]["changed_by"] == "bob" and history[0]["before"]["numerator"] == "12"

    completeness = call(client, people["xem"], "get", f"/periods/{period['id']}/completeness").json()
    assert completeness["counts"]["approved"] == 1 and completeness["expected"] >= 126


def test_refusals_are_json_with_a_stable_code(client, people):
    period = call(
        client, people["chi"], "post", "/programs/08-ctr-tu/periods", {"kind": "quarter", "year": 2025, "number": 3}
    ).json()
    report = Report.objects.get(period_id=period["id"], unit__code="W25-00004")
    other = call(client, people["dao"], "get", f"/reports/{report.pk}")
    assert other.status_code == 403 and other.json()["code"] == "forbidden"
    wrong = call(
        client,
        people["bob"],
        "put",
        f"/reports/{report.pk}/values",
        {"version": 0, "values": [{"indicator": "99", "value": 1}]},
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "unknown_indicator"
    bad = call(
        client,
        people["bob"],
        "put",
        f"/reports/{report.pk}/values",
        {"version": 0, "values": [{"indicator": "8", "value": 150}]},
    )
    assert bad.status_code == 400 and "0–100" in bad.json()["errors"]["8"]
    read_only = call(client, people["xem"], "post", f"/periods/{period['id']}/close")
    assert read_only.status_code == 403 and read_only.json()["code"] == "read_only_token"
    not_allowed = call(client, people["bob"], "post", f"/periods/{period['id']}/close")
    assert not_allowed.status_code == 403
    empty = call(client, people["bob"], "post", f"/reports/{report.pk}/submit")
    assert empty.status_code in (400, 422) and empty.json()["message"]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_openapi_document_is_served(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    assert "/api/v1/reports/{report_id}/values" in schema["paths"]


def test_openapi_document_declares_the_bearer_token(client, db):
    """Issue 16: API clients discover the personal key from the schema (optional: public endpoints are open)."""
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "asn_…",
        "description": "Khoá API cá nhân tạo tại /tai-khoan/: Authorization: Bearer asn_…",
    }
    assert schema["security"] == [{"bearerAuth": []}, {}]
