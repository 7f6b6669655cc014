"""A 2023 commune report of 08-CTr/TU goes commune → district → standing agency in a real browser (headless
Debian Chromium), returns included (issue 14): Phường Trúc Bạch reports to Quận Ba Đình, which returns it with a
reason, approves it once fixed, and sends its own consolidated report to Sở LĐTB&XH (in office in 2023), which
returns and then approves it."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.accounts.models import Membership, Role
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import Report, ReportStatus
from ansinh.reporting.services.periods import get_or_open_year_period, open_period, reopen_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-du-dai-2026"
LAPTOP = {"width": 1024, "height": 700}


@pytest.fixture
def year_2023(django_user_model, fresh_demo):
    for name, code, role in (
        ("xa", "W-00004", Role.REPORTER),
        ("quan", "D-001", Role.APPROVER),
        ("chi", "HN-SLDTBXH", Role.SECRETARIAT),
    ):
        user = django_user_model.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=user, unit=OrgUnit.objects.get(code=code), role=role)
        if role != Role.REPORTER:
            TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    program = Program.objects.get(slug="08-ctr-tu")
    closed = get_or_open_year_period(program, 2023)  # the demo closed the published years
    if not closed.is_open:
        reopen_period(closed, reason="Nhận báo cáo năm 2023 qua quận, huyện (kiểm thử)")
    period = open_period(program, PeriodKey(2023, "year"))
    commune = Report.objects.get(period=period, unit__code="W-00004")
    district = Report.objects.get(period=period, unit__code="D-001")
    for report, cells in (
        (commune, {"2": "310", "8": "12/9.800", "16": "950/1.000"}),
        (district, {"2": "4.100", "8": "60/52.000", "16": "9.300/10.000"}),
    ):
        inputs = []
        for code, text in cells.items():
            indicator = program.indicators.get(code=code)
            numerator, _, denominator = text.partition("/")
            inputs.append(
                ValueInput(indicator=indicator, numerator_text=numerator, denominator_text=denominator, note="Kiểm thử")
                if denominator
                else ValueInput(indicator=indicator, text=text, note="Kiểm thử")
            )
        save_values(report, inputs)
    return commune, district


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size(LAPTOP)
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/tai-khoan/xac-thuc/" in page.url:
        device = TOTPDevice.objects.get(user__username=username)
        # A code is accepted once: the same person signing in again within 30 s would be refused its replay.
        device.last_t = -1
        device.save(update_fields=["last_t"])
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Mã 6 chữ số trong ứng dụng xác thực").fill(f"{code:06d}")
        page.get_by_role("button", name="Xác nhận").click()


def open_report(page, report: Report) -> None:
    page.goto(f"/bao-cao/{report.pk}/")
    page.locator("#report-status").wait_for()


def status_of(report: Report) -> str:
    report.refresh_from_db()
    return report.status


def test_a_2023_commune_report_goes_through_its_district_to_the_standing_agency(browser_page, year_2023):
    commune, district = year_2023
    page = browser_page
    page.set_default_timeout(30_000)  # seven sign-ins on a shared machine; no step is timed

    sign_in(page, "xa")  # the ward sends its report
    open_report(page, commune)
    assert "Quận Ba Đình" in page.locator(".facts").inner_text(), "the approving unit is the district"
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Đã gửi"

    sign_in(page, "quan")  # the district returns it with a reason
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.locator("#to-review").get_by_role("link", name="Phường Trúc Bạch").click()
    page.get_by_label("Lý do trả lại").fill("Số lượt giải quyết việc làm chưa khớp sổ theo dõi của phường.")
    page.get_by_role("button", name="Trả lại báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Bị trả lại"

    sign_in(page, "xa")  # the ward reads the reason and sends again
    open_report(page, commune)
    assert "chưa khớp sổ theo dõi" in page.locator("#return-reason").inner_text()
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert status_of(commune) == ReportStatus.SUBMITTED

    sign_in(page, "quan")  # the district approves the ward, then sends its own consolidated report
    open_report(page, commune)
    page.get_by_role("button", name="Duyệt báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Đã duyệt"
    open_report(page, district)
    assert "310" in page.locator("#consolidated").inner_text(), "the ward's approved figure is rolled up"
    assert "Sở Lao động - Thương binh và Xã hội" in page.locator(".facts").inner_text()
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Đã gửi"

    sign_in(page, "chi")  # the standing agency of 2023 returns the district's report, one level down
    open_report(page, district)
    page.get_by_label("Lý do trả lại").fill("Quận chưa tổng hợp đủ các phường.")
    page.get_by_role("button", name="Trả lại báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Bị trả lại"
    assert status_of(commune) == ReportStatus.APPROVED, "the ward's approved report stays approved"

    sign_in(page, "quan")
    open_report(page, district)
    assert "chưa tổng hợp đủ" in page.locator("#return-reason").inner_text()
    page.get_by_role("button", name="Gửi báo cáo").click()

    sign_in(page, "chi")
    open_report(page, district)
    page.get_by_role("button", name="Duyệt báo cáo").click()
    assert page.locator("#report-status").inner_text() == "Đã duyệt"
    district.refresh_from_db()
    assert district.status == ReportStatus.APPROVED and district.approved_by.username == "chi"
