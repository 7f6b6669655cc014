"""Data exchange through API v1 with personal tokens: DHIS2 dataValueSets in and out, background imports
and their progress, Open SDG CSV. Same services and rules as the exchange pages. The DHIS2 sample and
the malaria programme come from the exchange tests' fixtures (tests/dhis2_support.py)."""

import csv
import io
import json

import pytest
from dhis2_support import (  # noqa: F401
    malaria_fixture,
    sample_text_fixture,
    sierra_leone_fixture,
)
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.exchange.models import ImportJob
from ansinh.exchange.selectors import mapping_table
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.org.models import OrgUnit
from ansinh.reporting.models import DataValue, Report
from ansinh.reporting.services.lifecycle import approve_report, submit_report

pytestmark = pytest.mark.django_db

SETS = "/api/v1/programs/dhis2-malaria/dhis2/dataValueSets"
IMPORTS = "/api/v1/programs/dhis2-malaria/imports"


@pytest.fixture
def keys(malaria, django_user_model) -> dict[str, str]:
    """The secretariat (write key), a viewer who follows the programme (read-only key), a reporter (write key)."""
    made = {}
    for name, unit, role, write in [
        ("chi", "SL", Role.SECRETARIAT, True),
        ("xem", "SL", Role.VIEWER, False),
        ("bob", "SL-BO", Role.REPORTER, True),
    ]:
        user = django_user_model.objects.create_user(name)
        Membership.objects.create(user=user, unit=OrgUnit.objects.get(code=unit), role=role)
        made[name] = create_token(user, name="kiểm thử", can_write=write)[1]
    return made


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post_set(client, key: str, document: str, query: str = ""):
    return client.post(f"{SETS}{query}", data=document, content_type="application/json", **auth(key))


def test_a_data_value_set_imports_at_once_and_answers_like_dhis2(client, keys, sample_text):
    response = post_set(client, keys["chi"], sample_text)
    assert response.status_code == 200, response.content
    summary = response.json()
    assert (summary["responseType"], summary["status"], summary["dryRun"]) == ("ImportSummary", "WARNING", False)
    assert summary["importCount"] == {"imported": 24, "updated": 0, "ignored": 0, "deleted": 0}
    assert (summary["total"], summary["conflicting"], summary["reports"]) == (231, 207, 2)
    assert summary["description"].startswith("Đã nhập xong: 231 giá trị trong tệp — 24 mới")
    first = summary["conflicts"][0]
    assert (first["object"], first["reason"]) == ("FRbgzTZ74Hh", "unmapped_data_element")
    assert first["value"] == "Phần tử dữ liệu “FRbgzTZ74Hh” chưa có trong bảng ánh xạ." and first["where"]
    assert DataValue.objects.count() == 18

    again = post_set(client, keys["chi"], sample_text, "?importStrategy=CREATE").json()
    assert again["importCount"] == {"imported": 0, "updated": 0, "ignored": 24, "deleted": 0}


def test_a_dry_run_and_our_own_codes(client, keys):
    document = json.dumps({"period": "2019", "orgUnit": "SL", "dataValues": [{"dataElement": "2", "value": 4}]})
    dry = post_set(client, keys["chi"], document, "?idScheme=code&dryRun=true").json()
    assert dry["dryRun"] and dry["status"] == "SUCCESS" and dry["importCount"]["imported"] == 1
    assert not DataValue.objects.exists() and not Report.objects.exists()
    post_set(client, keys["chi"], document, "?idScheme=code")
    assert DataValue.objects.get().value == 4


def test_a_broken_document_is_refused_and_writes_nothing(client, keys):
    document = json.dumps(
        {
            "dataValues": [
                {"dataElement": "vTRrNdOOT9g", "period": "2019", "orgUnit": "O6uvpzGd5pu",
                 "categoryOptionCombo": "b449dBrOSFK", "value": "4"},
                {"dataElement": "pmRn0GsUfr6", "period": "2019", "orgUnit": "O6uvpzGd5pu",
                 "categoryOptionCombo": "b449dBrOSFK", "value": "mười"},
            ]
        }
    )  # fmt: skip
    response = post_set(client, keys["chi"], document)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["message"]) == ("invalid_file", "Tệp có 2 lỗi; chưa nhập gì.")
    assert "“mười” không phải là số" in body["errors"][0]["message"]
    assert not DataValue.objects.exists() and not Report.objects.exists()


def test_a_document_with_unknown_keys_is_refused(client, keys):
    response = post_set(client, keys["chi"], json.dumps({"dataValues": [], "values": []}))
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_only_the_secretariat_imports(client, keys, sample_text):
    assert post_set(client, keys["bob"], sample_text).status_code == 403
    refused = post_set(client, keys["xem"], sample_text)
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_token"
    assert post_set(client, "", sample_text).status_code == 401
    assert not DataValue.objects.exists()


def test_a_programme_without_a_mapping_needs_our_codes(client, keys, malaria):
    malaria.dhis2_mapping.delete()
    response = post_set(client, keys["chi"], json.dumps({"dataValues": []}))
    assert response.status_code == 400 and response.json()["code"] == "no_mapping"
    assert client.get(SETS, **auth(keys["chi"])).json()["code"] == "no_mapping"


def upload(client, key: str, name: str, content: bytes, **fields):
    return client.post(IMPORTS, {"file": SimpleUploadedFile(name, content), **fields}, **auth(key))


def test_a_queued_import_and_its_progress(client, keys, sample_text):
    response = upload(client, keys["chi"], "bulk.json", sample_text.encode(), kind="dhis2_json")
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["program"], job["kind"], job["filename"]) == ("dhis2-malaria", "dhis2_json", "bulk.json")
    assert job["options"] == {"dry_run": False, "id_scheme": "mapping", "strategy": "CREATE_AND_UPDATE"}

    progress = client.get(f"/api/v1/imports/{job['id']}", **auth(keys["xem"]))
    assert progress.status_code == 200
    progress = progress.json()
    assert (progress["status"], progress["status_label"], progress["percent"]) == ("succeeded", "Hoàn thành", 100)
    assert (progress["done"], progress["total"]) == (2, 2)
    assert progress["summary"]["importCount"]["imported"] == 24 and progress["errors"] == []
    assert progress["finished_at"] is not None
    assert client.get(f"/api/v1/imports/{job['id']}", **auth(keys["bob"])).status_code == 403
    assert client.get("/api/v1/imports/999999", **auth(keys["chi"])).status_code == 404


def test_a_queued_broken_file_fails_with_its_errors(client, keys, sample_text):
    job = upload(client, keys["chi"], "cut.json", sample_text[:5000].encode(), kind="dhis2_json").json()
    assert job["status"] == "failed" and job["summary"] is None
    assert job["errors"][0].startswith("Tệp JSON hỏng (dòng ")
    assert not DataValue.objects.exists()


def test_a_queued_open_sdg_file(client, keys):
    content = b"Year,GeoCode,Value\n2019,SL-BO,12\n2019,,30\n"
    job = upload(client, keys["chi"], "2.csv", content, kind="opensdg_csv", indicator="2", dryRun="true").json()
    assert job["options"] == {"dry_run": True, "indicator": "2"}
    assert job["summary"]["dryRun"] and job["summary"]["importCount"]["imported"] == 2
    assert not DataValue.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "fields", "status", "code", "message"),
    [
        ("bulk.csv", b"{}", {"kind": "dhis2_json"}, 400, "invalid_file", "phải có đuôi .json"),
        ("bulk.json", b"", {"kind": "dhis2_json"}, 400, "invalid_file", "Tệp trống."),
        ("bulk.json", b"{}", {}, 400, "invalid_options", "Cần chọn loại tệp (kind)."),
        ("2.csv", b"Year,Value\n", {"kind": "opensdg_csv", "indicator": "99"}, 400, "invalid_options", "mã “99”"),
        ("bulk.json", b"{}", {"kind": "dhis2_xml"}, 422, "invalid_request", "Yêu cầu không hợp lệ."),
    ],
)
def test_a_wrong_upload_is_refused_before_anything_is_queued(
    client, keys, name, content, fields, status, code, message
):
    response = upload(client, keys["chi"], name, content, **fields)
    assert response.status_code == status and response.json()["code"] == code
    assert message in response.json()["message"]
    assert not ImportJob.objects.exists()


def test_the_size_limit_and_a_missing_file(client, keys, monkeypatch):
    monkeypatch.setattr("ansinh.exchange.services.exports.MAX_IMPORT_BYTES", 10)
    monkeypatch.setattr("ansinh.api.exchange.MAX_IMPORT_BYTES", 10)
    response = upload(client, keys["chi"], "bulk.json", b'{"dataValues": []}', kind="dhis2_json")
    assert response.status_code == 413 and response.json()["code"] == "file_too_large"
    missing = client.post(IMPORTS, {"kind": "dhis2_json"}, **auth(keys["chi"]))
    assert missing.status_code == 400 and missing.json()["message"] == "Cần gửi tệp (trường “file”)."
    assert upload(client, keys["bob"], "bulk.json", b"{}", kind="dhis2_json").status_code == 403
    assert not ImportJob.objects.exists()


@pytest.fixture
def approved(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    for report in Report.objects.all():
        approve_report(submit_report(report))
    return malaria


def test_the_export_of_approved_figures(client, keys, approved):
    response = client.get(SETS, **auth(keys["xem"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert len(response.json()["dataValues"]) == 24
    as_csv = client.get(SETS, {"format": "csv", "idScheme": "code", "startYear": 2019}, **auth(keys["xem"]))
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert as_csv["Content-Disposition"] == 'attachment; filename="dhis2-malaria-dhis2-2019-2020.csv"'
    rows = list(csv.reader(io.StringIO(as_csv.content.decode())))
    assert rows[0][0] == "dataelement" and {row[1][:4] for row in rows[1:]} == {"2019"}
    events = AuditEvent.objects.filter(action="exchange.export").order_by("pk")
    assert [event.after["format"] for event in events] == ["dhis2_json", "dhis2_csv"]
    assert {event.actor.get_username() for event in events} == {"xem"}


def test_a_wrong_year_range(client, keys, approved):
    backwards = client.get(SETS, {"startYear": 2020, "endYear": 2018}, **auth(keys["chi"]))
    assert backwards.status_code == 400 and backwards.json()["message"] == "startYear không được sau endYear."
    outside = client.get(SETS, {"startYear": 2010}, **auth(keys["chi"]))
    assert outside.status_code == 400 and "nằm ngoài thời gian 2018–2020" in outside.json()["message"]
    assert not AuditEvent.objects.filter(action="exchange.export").exists()


def test_the_open_sdg_export(client, keys, approved):
    path = "/api/v1/programs/dhis2-malaria/indicators/2/opensdg.csv"
    response = client.get(path, {"units": "SL-BO"}, **auth(keys["bob"]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[0].startswith("Year,Units,")
    assert AuditEvent.objects.get(action="exchange.export").after["units"] == ["SL-BO"]
    assert client.get(path, {"units": "KHONG-CO"}, **auth(keys["bob"])).json()["message"] == (
        "Không có đơn vị mã KHONG-CO."
    )
    yes_no = client.get("/api/v1/programs/dhis2-malaria/indicators/5/opensdg.csv", **auth(keys["bob"]))
    assert yes_no.status_code == 400
    assert client.get("/api/v1/programs/dhis2-malaria/indicators/99/opensdg.csv").status_code == 403
    assert (
        client.get("/api/v1/programs/dhis2-malaria/indicators/99/opensdg.csv", **auth(keys["bob"])).status_code == 404
    )


def test_exports_follow_the_programme_visibility(client, approved):
    assert client.get(SETS).status_code == 403, "an unpublished programme is not for strangers"
    approved.is_published = True
    approved.save(update_fields=["is_published"])
    assert client.get(SETS).status_code == 200, "a published programme's approved figures are public"
    assert AuditEvent.objects.get(action="exchange.export").actor is None
