"""The exchange pages: a programme's DHIS2 / Open SDG page (mapping, jobs, exports, uploads) and the page
of one import job with its self-refreshing progress. The DHIS2 sample and the malaria programme come
from the exchange tests' fixtures (tests/dhis2_support.py). Tasks run inline in tests,
so an uploaded file has been imported when the upload's redirect comes back."""

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
from ansinh.audit.models import AuditEvent
from ansinh.exchange.models import Dhis2ElementMapping, Dhis2OrgUnitMapping, ImportJob, JobStatus
from ansinh.exchange.selectors import mapping_table
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.exchange.services.jobs import run_import_job
from ansinh.org.models import OrgUnit
from ansinh.reporting.models import DataValue, Report
from ansinh.reporting.services.lifecycle import approve_report, submit_report

pytestmark = pytest.mark.django_db

PAGE = "/chuong-trinh/dhis2-malaria/trao-doi/"


@pytest.fixture
def person(malaria, django_user_model):
    """``person(name, unit_code, role)``: a user with one membership."""

    def make(name: str, unit: str, role: str):
        user = django_user_model.objects.create_user(name)
        Membership.objects.create(user=user, unit=OrgUnit.objects.get(code=unit), role=role)
        return user

    return make


@pytest.fixture
def secretariat(person):
    return person("chi", "SL", Role.SECRETARIAT)


def upload_dhis2(client, name: str, content: bytes, **fields):
    data = {"upload": "dhis2", "dhis2-file": SimpleUploadedFile(name, content), "dhis2-scheme": "mapping"}
    data |= {"dhis2-strategy": "CREATE_AND_UPDATE", **{f"dhis2-{key}": value for key, value in fields.items()}}
    return client.post(PAGE, data)


def approve_all() -> None:
    for report in Report.objects.all():
        approve_report(submit_report(report))


def test_the_secretariat_uploads_the_dhis2_sample_and_sees_the_summary(sign_in, secretariat, sample_text):
    client = sign_in(secretariat)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    mapped = Dhis2ElementMapping.objects.count()
    assert f"Phần tử dữ liệu đã ánh xạ: <strong>{mapped}</strong>" in html
    assert f"Đơn vị đã ánh xạ: <strong>{Dhis2OrgUnitMapping.objects.count()}</strong>" in html
    indicators = len(set(Dhis2ElementMapping.objects.values_list("indicator", flat=True)))
    assert f"Chỉ tiêu nhận số liệu: <strong>{indicators}</strong>" in html and indicators < mapped
    assert 'name="dhis2-file"' in html and 'name="opensdg-file"' in html

    response = upload_dhis2(client, "aggregate_dataValues_bulk.json", sample_text.encode())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/viec-nhap/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED and job.created_by == secretariat
    assert job.options == {"id_scheme": "mapping", "strategy": "CREATE_AND_UPDATE", "dry_run": False}
    assert DataValue.objects.count() == 18

    html = client.get(response["Location"]).content.decode()
    assert "Hoàn thành" in html
    assert (
        "Đã nhập xong: 231 giá trị trong tệp — 24 mới, 0 cập nhật, 0 bỏ qua (không đổi), 207 không nhập được." in html
    )
    assert '<progress id="job-progress-bar" max="100" value="100">' in html
    assert "hx-trigger" not in html, "a finished job is not polled"
    assert "FRbgzTZ74Hh" in html and "Phần tử dữ liệu chưa có trong bảng ánh xạ" in html


def test_the_conflicts_are_filtered_by_reason(sign_in, secretariat, sample_text):
    client = sign_in(secretariat)
    document = json.loads(sample_text)
    document["dataValues"] += [
        {"dataElement": "cOVhTyW8zN6", "period": "2019W5", "orgUnit": "O6uvpzGd5pu", "value": "1"},
        {"dataElement": "cOVhTyW8zN6", "period": "2019", "orgUnit": "KhongCo", "value": "1"},
    ]
    upload_dhis2(client, "bulk.json", json.dumps(document).encode())
    job = ImportJob.objects.get()
    by_reason: dict[str, set[str]] = {}
    for conflict in job.summary["conflicts"]:
        by_reason.setdefault(conflict["code"], set()).add(conflict["object"])
    assert set(by_reason) == {"unmapped_data_element", "unsupported_period", "unmapped_org_unit"}
    for reason, objects in by_reason.items():
        html = client.get(f"/viec-nhap/{job.pk}/", {"reason": reason}).content.decode()
        table = html.split('id="conflict-table"')[1]
        shown = {o for others in by_reason.values() for o in others if f"<code>{o}</code>" in table}
        assert shown == objects, reason
    assert client.get(f"/viec-nhap/{job.pk}/", {"reason": "khong-co"}).status_code == 200


def test_a_dry_run_reports_and_writes_nothing(sign_in, secretariat, sample_text):
    client = sign_in(secretariat)
    response = upload_dhis2(client, "bulk.json", sample_text.encode(), dry_run="on")
    html = client.get(response["Location"]).content.decode()
    assert "Chạy thử, chưa ghi gì: 231 giá trị trong tệp — 24 mới" in html
    assert "Đây là lượt chạy thử" in html
    assert not DataValue.objects.exists() and not Report.objects.exists()


def test_a_broken_file_fails_the_job_with_the_error_shown_and_writes_nothing(sign_in, secretariat, sample_text):
    client = sign_in(secretariat)
    response = upload_dhis2(client, "cut.json", sample_text[:5000].encode())
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED
    html = client.get(response["Location"]).content.decode()
    assert "Thất bại" in html and "Tệp không nhập được; chưa ghi số liệu nào." in html
    assert "Tệp JSON hỏng (dòng " in html
    assert not DataValue.objects.exists() and not Report.objects.exists()
    listing = client.get(PAGE).content.decode()
    assert "cut.json" in listing and "Tệp JSON hỏng (dòng " in listing


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("values.xml", b"<dataValueSet/>", "Chỉ nhận tệp .json hoặc .csv (dataValueSets của DHIS2)."),
        ("values.json", b"", "Tệp trống."),
    ],
)
def test_a_wrong_file_is_refused_before_anything_is_queued(sign_in, secretariat, name, content, message):
    response = upload_dhis2(sign_in(secretariat), name, content)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_size_limit(sign_in, secretariat, monkeypatch):
    monkeypatch.setattr("ansinh.exchange.services.exports.MAX_IMPORT_BYTES", 10)
    response = upload_dhis2(sign_in(secretariat), "values.json", b'{"dataValues": []}')
    assert response.status_code == 400 and "Tệp quá lớn (tối đa 20 MB)." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_indicator_outside_the_programme_is_refused(sign_in, secretariat):
    client = sign_in(secretariat)
    response = client.post(
        PAGE,
        {
            "upload": "opensdg",
            "opensdg-file": SimpleUploadedFile("x.csv", b"Year,Value\n2019,1\n"),
            "opensdg-indicator": "9",
        },
    )
    assert response.status_code == 400
    assert "Chương trình không có chỉ tiêu dạng số mã “9”." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_open_sdg_upload(sign_in, secretariat):
    client = sign_in(secretariat)
    content = b"Year,GeoCode,Value\n2019,SL-BO,12\n2019,,30\n"
    response = client.post(
        PAGE, {"upload": "opensdg", "opensdg-file": SimpleUploadedFile("2.csv", content), "opensdg-indicator": "2"}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/viec-nhap/{job.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Đã nhập xong: 2 giá trị trong tệp — 2 mới" in html and "Open SDG (CSV dạng tidy)" in html
    assert sorted(DataValue.objects.values_list("report__unit__code", "value")) == [("SL", 30), ("SL-BO", 12)]


def test_the_job_list_is_filtered_by_status_and_kind(sign_in, secretariat, sample_text):
    client = sign_in(secretariat)
    upload_dhis2(client, "good.json", sample_text.encode())
    upload_dhis2(client, "broken.json", b"{")

    def listed(**filters) -> set[str]:
        table = client.get(PAGE, filters).content.decode().split('id="import-jobs"')[1]
        return {name for name in ("good.json", "broken.json") if name in table}

    assert listed() == {"good.json", "broken.json"}
    assert listed(status="failed") == {"broken.json"}
    assert listed(status="succeeded", kind="dhis2_json") == {"good.json"}
    assert listed(kind="opensdg_csv") == set()


def test_a_running_job_polls_its_progress_until_it_is_finished(sign_in, secretariat, malaria, sample_text):
    client = sign_in(secretariat)
    job = ImportJob.objects.create(
        kind="dhis2_json",
        program=malaria,
        filename="bulk.json",
        content=sample_text.encode(),
        options={"id_scheme": "mapping", "strategy": "CREATE_AND_UPDATE", "dry_run": False},
        status=JobStatus.RUNNING,
        progress_done=1,
        progress_total=4,
    )
    html = client.get(f"/viec-nhap/{job.pk}/").content.decode()
    assert f'hx-get="/viec-nhap/{job.pk}/tien-do/" hx-trigger="every 1s"' in html
    fragment = client.get(f"/viec-nhap/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert '<progress id="job-progress-bar" max="100" value="25">' in fragment.content.decode()
    assert 'hx-trigger="every 1s"' in fragment.content.decode() and "HX-Refresh" not in fragment
    assert "<html" not in fragment.content.decode(), "the fragment is the progress part only"

    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    run_import_job(job.pk)
    fragment = client.get(f"/viec-nhap/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.content.decode(), "polling stops"
    assert "Hoàn thành" in fragment.content.decode() and fragment["HX-Refresh"] == "true"


def test_a_reporter_is_refused(person, sign_in, sample_text, secretariat):
    upload_dhis2(sign_in(secretariat), "bulk.json", sample_text.encode())
    job = ImportJob.objects.get()
    reporter = person("bob", "SL-BO", Role.REPORTER)
    client = sign_in(reporter)
    assert client.get(PAGE).status_code == 403
    assert upload_dhis2(client, "again.json", sample_text.encode()).status_code == 403
    assert client.get(f"/viec-nhap/{job.pk}/").status_code == 403
    assert client.get(f"/viec-nhap/{job.pk}/tien-do/").status_code == 403
    assert ImportJob.objects.count() == 1


def test_a_viewer_follows_but_does_not_upload(person, sign_in, sample_text):
    viewer = person("xem", "SL", Role.VIEWER)
    client = sign_in(viewer)
    html = client.get(PAGE).content.decode()
    assert "Xuất số liệu DHIS2" in html and 'name="dhis2-file"' not in html
    assert upload_dhis2(client, "bulk.json", sample_text.encode()).status_code == 403
    assert not ImportJob.objects.exists()


@pytest.fixture
def approved(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    approve_all()
    return malaria


def test_the_dhis2_export_downloads_approved_figures_and_is_audited(sign_in, secretariat, approved):
    client = sign_in(secretariat)
    exported = client.get(
        f"{PAGE}dhis2/", {"start_year": 2018, "end_year": 2020, "file_format": "json", "scheme": "mapping"}
    )
    assert exported.status_code == 200 and exported["Content-Type"] == "application/json"
    assert exported["Content-Disposition"] == 'attachment; filename="dhis2-malaria-dhis2-2018-2020.json"'
    assert len(json.loads(exported.content)["dataValues"]) == 24

    as_csv = client.get(f"{PAGE}dhis2/", {"start_year": 2019, "end_year": 2019, "file_format": "csv", "scheme": "code"})
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(as_csv.content.decode())))
    assert rows[0][:3] == ["dataelement", "period", "orgunit"] and len(rows) > 1
    assert {row[1][:4] for row in rows[1:]} == {"2019"}

    events = AuditEvent.objects.filter(action="exchange.export").order_by("pk")
    assert [(event.actor, event.after["format"], event.after["years"]) for event in events] == [
        (secretariat, "dhis2_json", [2018, 2020]),
        (secretariat, "dhis2_csv", [2019, 2019]),
    ]
    assert events[0].summary.startswith("Xuất 24 giá trị DHIS2 (JSON, 2018–2020")


def test_the_open_sdg_export_downloads_a_csv_and_is_audited(sign_in, secretariat, approved):
    client = sign_in(secretariat)
    response = client.get(f"{PAGE}open-sdg/", {"indicator": "2", "units": "SL-BO"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dhis2-malaria-opensdg-2.csv"'
    assert response.content.decode().splitlines()[0].startswith("Year,Units,")
    event = AuditEvent.objects.get(action="exchange.export")
    assert event.after == {"format": "opensdg_csv", "indicator": "2", "units": ["SL-BO"]}


def test_a_wrong_export_form_goes_back_with_the_reason_and_exports_nothing(sign_in, secretariat, approved):
    client = sign_in(secretariat)
    response = client.get(f"{PAGE}dhis2/", {"start_year": 2020, "end_year": 2018, "file_format": "json"}, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "Năm bắt đầu không được sau năm kết thúc." in response.content.decode()
    response = client.get(f"{PAGE}open-sdg/", {"indicator": "2", "units": "KHONG-CO"}, follow=True)
    assert "Không có đơn vị mã KHONG-CO." in response.content.decode()
    assert not AuditEvent.objects.filter(action="exchange.export").exists()


def test_exports_follow_the_programme_visibility(client, approved):
    assert client.get(f"{PAGE}open-sdg/", {"indicator": "2"}).status_code == 403, "unpublished: not for strangers"
    approved.is_published = True
    approved.save(update_fields=["is_published"])
    response = client.get(f"{PAGE}open-sdg/", {"indicator": "2"})
    assert response.status_code == 200, "a published programme's approved figures are public"
    assert AuditEvent.objects.get(action="exchange.export").actor is None
    assert client.get(PAGE).status_code == 302, "the exchange page itself needs signing in"


PASSWORD = "Mat-khau-du-dai-2026"


@pytest.mark.django_db(transaction=True)
def test_the_job_page_follows_a_running_import_in_a_real_browser(browser_page, malaria, sample_text, django_user_model):
    """htmx polls the progress part under the Content-Security-Policy, and the page shows the whole
    summary once the job is done."""
    viewer = django_user_model.objects.create_user("xem", password=PASSWORD)
    Membership.objects.create(user=viewer, unit=OrgUnit.objects.get(code="SL"), role=Role.VIEWER)
    job = ImportJob.objects.create(
        kind="dhis2_json",
        program=malaria,
        filename="bulk.json",
        content=sample_text.encode(),
        options={"id_scheme": "mapping", "strategy": "CREATE_AND_UPDATE", "dry_run": False},
        status=JobStatus.RUNNING,
        progress_done=1,
        progress_total=4,
    )
    page = browser_page
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("xem")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"/viec-nhap/{job.pk}/")
    assert page.locator("#job-progress-bar").get_attribute("value") == "25"

    ImportJob.objects.filter(pk=job.pk).update(progress_done=3)
    page.wait_for_selector('#job-progress-bar[value="75"]')
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    run_import_job(job.pk)
    page.wait_for_selector("#conflict-table")
    assert page.locator(".job-status").inner_text() == "Hoàn thành"
    assert page.locator("[hx-trigger]").count() == 0
