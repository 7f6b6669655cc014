"""The four journeys of the reporting cycle in a real browser (headless Debian Chromium), on a narrow
laptop screen: a commune enters and submits; the standing agency returns the report with a reason;
the commune fixes and resubmits; the standing agency approves. Sign-in is the real one, with the
TOTP second factor for the standing agency."""

from decimal import Decimal

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.accounts.models import Membership, Role
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import DataValue, Report, ReportStatus
from ansinh.reporting.services.lifecycle import return_report, submit_report
from ansinh.reporting.services.periods import open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-du-dai-2026"
NARROW_LAPTOP = {"width": 1024, "height": 700}


@pytest.fixture
def ward_report(django_user_model, fresh_demo) -> Report:
    bob = django_user_model.objects.create_user("bob", password=PASSWORD)
    Membership.objects.create(user=bob, unit=OrgUnit.objects.get(code="W25-00004"), role=Role.REPORTER)
    chi = django_user_model.objects.create_user("chi", password=PASSWORD)
    Membership.objects.create(user=chi, unit=OrgUnit.objects.get(code="HN-SLDTBXH"), role=Role.SECRETARIAT)
    TOTPDevice.objects.create(user=chi, name="điện thoại", confirmed=True)
    period = open_period(Program.objects.get(slug="08-ctr-tu"), PeriodKey(2025, "year"))
    return Report.objects.get(period=period, unit__code="W25-00004")


def figures(report: Report, **texts) -> None:
    program = report.period.program
    cells = []
    for code, text in texts.items():
        indicator = program.indicators.get(code=code)
        if "/" in text:
            numerator, denominator = text.split("/")
            cells.append(ValueInput(indicator=indicator, numerator_text=numerator, denominator_text=denominator))
        else:
            cells.append(ValueInput(indicator=indicator, text=text))
    report.refresh_from_db()
    save_values(report, cells, expected_version=report.version)


def sign_in(page, username: str) -> None:
    page.set_viewport_size(NARROW_LAPTOP)
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if "/tai-khoan/xac-thuc/" in page.url:
        device = TOTPDevice.objects.get(user__username=username)
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Mã 6 chữ số trong ứng dụng xác thực").fill(f"{code:06d}")
        page.get_by_role("button", name="Xác nhận").click()
    page.get_by_role("link", name="Báo cáo", exact=True).click()


def open_ward_report(page) -> None:
    page.get_by_role("link", name="Phường Ba Đình").first.click()
    page.locator("#report-status").wait_for()
    # The element is there before the stylesheet is (a cold browser cache): measured then, every .table-wrap is
    # still unstyled and the page 436 px too wide.
    page.wait_for_load_state("load")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page fits a narrow laptop screen; wide tables scroll inside their frame"


def type_and_wait(page, row_id: str, label: str, text: str) -> None:
    """Type in a cell and leave it: the row saves itself (htmx) and says so."""
    row = page.locator(f'[id="{row_id}"]')
    before = row.element_handle()
    row.get_by_label(label, exact=True).fill(text)
    row.get_by_label(label, exact=True).press("Tab")
    before.wait_for_element_state("hidden")  # the saved row replaces the one typed in
    page.locator(f'[id="{row_id}"] .saved-note').wait_for()


def test_a_commune_enters_and_submits(browser_page, ward_report):
    page = browser_page
    sign_in(page, "bob")
    open_ward_report(page)
    type_and_wait(page, "row-2", "Giải quyết việc làm", "1.250")
    type_and_wait(page, "row-8", "Tử số: Tỷ lệ hộ nghèo (chuẩn nghèo Thành phố)", "12")
    type_and_wait(page, "row-8", "Mẫu số: Tỷ lệ hộ nghèo (chuẩn nghèo Thành phố)", "9.800")
    type_and_wait(page, "row-16", "Tử số: Tỷ lệ hỏa táng", "950")
    type_and_wait(page, "row-16", "Mẫu số: Tỷ lệ hỏa táng", "1.000")
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Đã gửi"
    stored = {v.indicator.code: v.value for v in DataValue.objects.filter(report=ward_report)}
    assert stored["2"] == 1250 and stored["8"] == Decimal("0.122449")  # 12 / 9.800 × 100, six places


def test_the_standing_agency_returns_a_report_with_a_reason(browser_page, ward_report):
    figures(ward_report, **{"2": "1.250", "8": "12/9.800", "16": "950/1.000"})
    submit_report(ward_report)
    page = browser_page
    sign_in(page, "chi")
    page.locator("#to-review").get_by_role("link", name="Phường Ba Đình").click()
    page.get_by_label("Lý do trả lại").fill("Số hộ nghèo chưa khớp danh sách rà soát cuối năm.")
    page.get_by_role("button", name="Trả lại báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Bị trả lại"
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.RETURNED
    assert ward_report.return_reason == "Số hộ nghèo chưa khớp danh sách rà soát cuối năm."


def test_the_commune_fixes_and_resubmits(browser_page, ward_report):
    figures(ward_report, **{"2": "1.250", "8": "12/9.800", "16": "950/1.000"})
    submit_report(ward_report)
    return_report(ward_report, reason="Số hộ nghèo chưa khớp danh sách rà soát cuối năm.")
    page = browser_page
    sign_in(page, "bob")
    open_ward_report(page)
    assert "chưa khớp danh sách rà soát" in page.locator("#return-reason").inner_text()
    type_and_wait(page, "row-8", "Tử số: Tỷ lệ hộ nghèo (chuẩn nghèo Thành phố)", "15")
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Đã gửi"
    poverty = DataValue.objects.get(report=ward_report, indicator__code="8")
    assert (poverty.numerator, poverty.value) == (15, Decimal("0.153061")), "the rate follows its new numerator"


def test_the_standing_agency_approves(browser_page, ward_report):
    figures(ward_report, **{"2": "1.250", "8": "15/9.800", "16": "950/1.000"})
    submit_report(ward_report)
    page = browser_page
    sign_in(page, "chi")
    page.locator("#to-review").get_by_role("link", name="Phường Ba Đình").click()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Đã duyệt"
    assert page.locator('[id="row-2"]').get_by_label("Giải quyết việc làm", exact=True).is_disabled(), (
        "approved figures are locked"
    )
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.APPROVED and ward_report.approved_by.username == "chi"


def test_a_commune_cannot_open_another_wards_report_and_the_attempt_is_recorded(browser_page, ward_report):
    from ansinh.audit.models import AuditEvent

    other = Report.objects.get(period=ward_report.period, unit__code="W25-00008")
    page = browser_page
    sign_in(page, "bob")
    response = page.goto(f"/bao-cao/{other.pk}/")
    assert response is not None and response.status == 403
    assert page.get_by_role("heading").first.inner_text() == "Không có quyền truy cập"
    assert AuditEvent.objects.filter(actor__username="bob", action="access.denied").exists()


def test_a_commune_enters_its_budget_in_its_report_on_a_phone(browser_page, ward_report):
    """The report's budget section: a disbursement above the allocation is refused until a note says why, the line
    is then shown in triệu/tỷ đồng; the page fits a phone, its wide tables scrolling inside their frame."""
    page = browser_page
    sign_in(page, "bob")
    open_ward_report(page)
    page.set_viewport_size({"width": 390, "height": 844})
    section = page.locator("#kinh-phi")
    section.get_by_label("Nguồn kinh phí 1").select_option("city")
    section.get_by_label("Giao (đồng) 1").fill("1.250.000.000")
    section.get_by_label("Giải ngân (đồng) 1").fill("1.500.000.000")
    section.get_by_role("button", name="Lưu kinh phí").click()
    page.wait_for_load_state()
    assert "cần ghi chú lý do" in page.locator("#kinh-phi").inner_text()
    assert not ward_report.budget_lines.exists()
    page.locator("#kinh-phi").get_by_label("Ghi chú 1").fill("Kinh phí năm 2024 chuyển sang")
    page.locator("#kinh-phi").get_by_role("button", name="Lưu kinh phí").click()
    page.locator("#report-budget-lines").wait_for()
    assert "1,25 tỷ đồng" in page.locator("#report-budget-lines").inner_text()
    assert ward_report.budget_lines.get().disbursed == 1_500_000_000
    page.wait_for_load_state("load")  # measured once the stylesheet of the page after the POST has loaded
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the report page fits a phone; the budget table scrolls inside its frame"
