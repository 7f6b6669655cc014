"""Issue 16's 500s, each now a clear refusal that changes nothing: a NUL character in a form (PostgreSQL cannot store
it), a period whose kind and number do not match through the API, a multipart body without a boundary and a body
over the size limit before login; and a report for a unit outside the programme's area (the country ``VN``)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from ansinh.accounts.tokens import create_token
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.reporting.models import DataValue, Report, ReportingPeriod
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period

pytestmark = pytest.mark.django_db
TOKEN = "c" * 32


def api(client, user, method, path, body):
    key = create_token(user, name="thử", can_write=True)[1]
    return getattr(client, method)(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_a_nul_character_in_a_page_form_is_refused_before_anything_is_written(world, cast, client):
    report = get_or_create_report(get_or_open_year_period(world.program, 2026), world.lead)
    client.force_login(cast.lan)
    answer = client.post(
        reverse("report_detail", args=[report.pk]),
        {"version": "0", f"i{world.supported.pk}-value": "12", f"i{world.supported.pk}-note": "ghi\x00chú"},
    )
    assert answer.status_code == 400 and "NUL" in answer.content.decode()
    assert not DataValue.objects.filter(report=report).exists()
    signed_out = Client(raise_request_exception=False)
    login = signed_out.post("/accounts/login/", {"username": "lan\x00", "password": "x"})
    assert login.status_code == 400


def test_a_nul_character_in_an_api_body_is_refused(world, cast, client):
    report = get_or_create_report(get_or_open_year_period(world.program, 2026), world.lead)
    body = {"version": 0, "values": [{"indicator": "1.2", "value": 12, "note": "ghi\u0000chú"}]}
    answer = api(client, cast.lan, "put", f"/reports/{report.pk}/values", body)
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_request"
    assert not DataValue.objects.filter(report=report).exists()


@pytest.mark.parametrize("kind, number", [("year", 3), ("half", 3), ("quarter", 7)])
def test_a_period_whose_kind_and_number_do_not_match_is_a_400(world, cast, client, kind, number):
    answer = api(
        client,
        cast.thu,
        "post",
        f"/programs/{world.program.slug}/periods",
        {"kind": kind, "year": 2026, "number": number},
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "invalid_period" and "không hợp lệ" in answer.json()["message"]
    assert not ReportingPeriod.objects.exists()


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password_reset/", "/api/v1/programs/x/periods"])
def test_broken_and_oversized_bodies_before_login_are_400_not_500(db, path):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.cookies["csrftoken"] = TOKEN
    big = b"a=" + b"x" * (3 * 1024 * 1024)
    for body, content_type in [
        (b"--x\r\nabc", "multipart/form-data"),
        (big, "application/x-www-form-urlencoded"),
        (big, "multipart/form-data; boundary=x"),
    ]:
        answer = client.generic("POST", path, body, content_type=content_type, HTTP_X_CSRFTOKEN=TOKEN)
        assert answer.status_code in (400, 413), (content_type, answer.status_code)


def test_no_report_for_a_unit_outside_the_programmes_area(world, cast, client, sign_in):
    country = OrgUnit.objects.create(code="VN", name="Việt Nam", kind=OrgUnitKind.COUNTRY)
    sign_in(cast.thu)
    url = reverse("data_entry", args=[world.program.slug, "VN", 2026])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    root = get_user_model().objects.create_superuser("goc", password="x")
    period = get_or_open_year_period(world.program, 2026, actor=root)
    with pytest.raises(ReportingError, match="nằm ngoài địa bàn"):
        get_or_create_report(period, country, actor=root)
    assert not Report.objects.filter(unit=country).exists()
