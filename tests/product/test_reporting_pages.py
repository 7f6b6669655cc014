"""The reporting cycle through its pages, on the demo: the standing agency opens a period, a commune
types (autosave, drafts, conflicts) and submits, the agency returns it with a reason, the commune fixes
and resubmits, the agency approves; who may do which step."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansinh.accounts.models import Membership, Role
from ansinh.audit.models import AuditEvent
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import CellDraft, DataValue, Report, ReportEvent, ReportStatus
from ansinh.reporting.selectors import cell_snapshot

SLUG = "08-ctr-tu"
WARD = "W25-00004"


@pytest.fixture
def secretary(db, demo, django_user_model):
    """Chi works in the standing agency's secretariat (Sở LĐTB&XH)."""
    chi = django_user_model.objects.create_user("chi", password="mat-khau-chi-2024")
    Membership.objects.create(user=chi, unit=OrgUnit.objects.get(code="HN-SLDTBXH"), role=Role.SECRETARIAT)
    return chi


@pytest.fixture
def ward_report(client, sign_in, secretary) -> Report:
    """The 2025 yearly period of 08-CTr/TU, opened by the secretariat through its page."""
    sign_in(secretary)
    response = client.post(reverse("periods", args=[SLUG]), {"kind": "year", "year": "2025", "number": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Report.objects.get(period__program__slug=SLUG, period__year=2025, period__kind="year", unit__code=WARD)


def cell(code: str) -> int:
    return Program.objects.get(slug=SLUG).indicators.get(code=code).pk


def test_opening_a_period_creates_the_report_of_every_assigned_unit(ward_report):
    period = ward_report.period
    communes = Report.objects.filter(period=period, unit__kind="commune").count()
    assert communes == 126, "every commune and ward of Hà Nội after 1/7/2025 reports the commune-level indicators"
    assert Report.objects.filter(period=period, unit__code="HN-BHXH").exists(), "and every lead department"
    assert period.deadline is not None


def test_a_commune_types_with_autosave_keeps_bad_input_and_never_overwrites_silently(
    client, django_user_model, commune_reporter, ward_report
):
    colleague = django_user_model.objects.create_user("binh")
    Membership.objects.create(user=colleague, unit=ward_report.unit, role=Role.REPORTER)
    url = reverse("report_cell", args=[ward_report.pk, cell("2")])
    field, based_on = f"i{cell('2')}-value", f"i{cell('2')}-based_on"

    client.force_login(commune_reporter)
    saved = client.post(url, {field: "1.250", based_on: "null"})
    assert "Đã lưu lúc" in saved.content.decode()
    assert DataValue.objects.get(report=ward_report, indicator_id=cell("2")).value == Decimal(1250)

    client.force_login(colleague)  # Bình's page was opened before Bob saved: it still shows an empty cell
    refused = client.post(url, {field: "1.300", based_on: "null"})
    assert "vừa được người khác sửa" in refused.content.decode() and "1.250" in refused.content.decode()
    assert DataValue.objects.get(report=ward_report, indicator_id=cell("2")).value == Decimal(1250)

    client.force_login(commune_reporter)
    stored = json.dumps(cell_snapshot(ward_report, Program.objects.get(slug=SLUG).indicators.get(code="2")))
    draft = client.post(url, {field: "một nghìn", based_on: stored})
    assert "“một nghìn” không phải là số hợp lệ" in draft.content.decode()
    assert CellDraft.objects.get(report=ward_report).typed["text"] == "một nghìn", "what was typed is kept"
    assert 'value="một nghìn"' in client.get(reverse("report_detail", args=[ward_report.pk])).content.decode()


def test_the_four_steps_of_a_report(client, sign_in, commune_reporter, secretary, ward_report):
    report_page = reverse("report_detail", args=[ward_report.pk])
    client.force_login(commune_reporter)
    poverty = cell("8")
    data = {
        "version": str(ward_report.version),
        f"i{cell('2')}-value": "1.250",
        f"i{poverty}-numerator": "12",
        f"i{poverty}-denominator": "9.800",
        f"i{cell('16')}-numerator": "950",
        f"i{cell('16')}-denominator": "1.000",
    }
    assert client.post(report_page, data).status_code == 302
    submitted = client.post(reverse("report_submit", args=[ward_report.pk]), follow=True)
    assert "Đã gửi báo cáo để duyệt" in submitted.content.decode(), submitted.content.decode()[-3000:]
    assert client.post(reverse("report_approve", args=[ward_report.pk])).status_code == 403, "not one's own"

    own_page = client.get(reverse("my_reports")).content.decode()
    assert "Chờ tôi duyệt" not in own_page, "a reporter reviews nothing: no queue of reports to approve"
    sign_in(secretary)
    queue = client.get(reverse("my_reports")).content.decode()
    assert "Chờ tôi duyệt" in queue and report_page in queue, "the ward's report waits for the standing agency"
    refused = client.post(reverse("report_return", args=[ward_report.pk]), {"reason": ""})
    assert refused.status_code == 400
    client.post(reverse("report_return", args=[ward_report.pk]), {"reason": "Số hộ nghèo chưa khớp danh sách rà soát."})
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.RETURNED

    client.force_login(commune_reporter)
    page = client.get(report_page).content.decode()
    assert "Số hộ nghèo chưa khớp danh sách rà soát." in page
    fixed = dict(data, version=str(ward_report.version), **{f"i{poverty}-numerator": "15"})
    assert client.post(report_page, fixed).status_code == 302
    client.post(reverse("report_submit", args=[ward_report.pk]))

    sign_in(secretary)
    client.post(reverse("report_approve", args=[ward_report.pk]))
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.APPROVED and ward_report.approved_by == secretary
    steps = list(ReportEvent.objects.filter(report=ward_report).values_list("action", "actor__username"))
    assert steps == [("submit", "bob"), ("return", "chi"), ("submit", "bob"), ("approve", "chi")]

    client.force_login(commune_reporter)
    locked = client.post(report_page, dict(fixed, version=str(ward_report.version), **{f"i{poverty}-numerator": "1"}))
    assert locked.status_code == 400 and "không thể sửa" in locked.content.decode(), "approval locks the figures"
    assert DataValue.objects.get(report=ward_report, indicator_id=poverty).numerator == 15
    history = client.get(reverse("report_cell_history", args=[ward_report.pk, poverty])).content.decode()
    assert "bob" in history and "12" in history and "15" in history


def test_a_report_that_fails_a_hard_check_is_not_sent_and_says_which_cell(client, commune_reporter, ward_report):
    client.force_login(commune_reporter)
    response = client.post(reverse("report_submit", args=[ward_report.pk]))
    assert response.status_code in (302, 400)
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.DRAFT
    page = client.get(reverse("report_detail", args=[ward_report.pk])).content.decode()
    assert "Chỉ tiêu 2" in page


def test_another_ward_cannot_read_or_write_this_report(client, django_user_model, ward_report):
    stranger = django_user_model.objects.create_user("dao")
    Membership.objects.create(user=stranger, unit=OrgUnit.objects.get(code="W25-00008"), role=Role.REPORTER)
    client.force_login(stranger)
    assert client.get(reverse("report_detail", args=[ward_report.pk])).status_code == 403
    url = reverse("report_cell", args=[ward_report.pk, cell("2")])
    assert client.post(url, {f"i{cell('2')}-value": "9"}).status_code == 403
    assert client.post(reverse("report_submit", args=[ward_report.pk])).status_code == 403
    assert not DataValue.objects.filter(report=ward_report).exists()
    assert AuditEvent.objects.filter(actor=stranger, action="access.denied").count() == 3


def test_completeness_page_counts_and_filters(client, sign_in, secretary, ward_report):
    sign_in(secretary)
    page = client.get(reverse("period_detail", args=[ward_report.period.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "Phường Ba Đình" in text and "Chưa bắt đầu" in text
    filtered = client.get(reverse("period_detail", args=[ward_report.period.pk]), {"q": "Ba Đình"}).content.decode()
    assert "Phường Ba Đình" in filtered and "Xã Sóc Sơn" not in filtered
    closed = client.post(reverse("period_close", args=[ward_report.period.pk]), follow=True)
    assert "không gửi báo cáo" in closed.content.decode()
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.MISSING


def test_assignments_page_is_editable_by_the_secretariat_only(client, sign_in, secretary, commune_reporter):
    url = reverse("assignments", args=[SLUG])
    client.force_login(commune_reporter)
    assert client.get(url).status_code == 403
    sign_in(secretary)
    assert "Giải quyết việc làm" in client.get(url).content.decode()
    bad = client.post(url, {"indicator": "99", "role": "lead", "unit": "HN-SYT"})
    assert bad.status_code == 400 and "không có chỉ tiêu mã này" in bad.content.decode()
    created = client.post(url, {"indicator": "3", "role": "coordinating", "unit": "HN-SYT"})
    assert created.status_code == 302


def _filled(book_bytes: bytes, code: str, text: str) -> bytes:
    """The downloaded template with the "Giá trị" cell of indicator ``code`` set to ``text``."""
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(book_bytes))
    sheet = book.worksheets[0]
    row = next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 1).value) == code)
    column = next(
        c for r in range(1, row) for c in range(1, sheet.max_column + 1) if sheet.cell(r, c).value == "Giá trị"
    )
    sheet.cell(row, column).value = text
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_report_goes_out_and_comes_back_as_a_spreadsheet(client, commune_reporter, ward_report):
    client.force_login(commune_reporter)
    download = client.get(reverse("report_workbook", args=[ward_report.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.xlsx"')
    upload_url = reverse("report_workbook_upload", args=[ward_report.pk])

    bad = client.post(upload_url, {"file": SimpleUploadedFile("x.xlsx", _filled(download.content, "2", "một nghìn"))})
    assert bad.status_code == 400 and "một nghìn" in bad.content.decode()
    assert not DataValue.objects.filter(report=ward_report).exists()

    good = client.post(upload_url, {"file": SimpleUploadedFile("x.xlsx", _filled(download.content, "2", "1.250"))})
    assert good.status_code == 302
    assert DataValue.objects.get(report=ward_report, indicator_id=cell("2")).value == Decimal(1250)
