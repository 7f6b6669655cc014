"""Budget, reviews and emulation in a real browser (headless Debian Chromium) on the demo: the secretariat reads
the published 20.990 tỷ, enters a department's line through the form (a disbursement above the allocation is
refused until a note says why), opens the mid-term review and the 2022 emulation; a department's reporter sees its
own lines only. Every page fits 1366×768 and 390×844 without sideways scrolling."""

import os
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.accounts.models import Membership, Role
from ansinh.org.models import OrgUnit
from ansinh.stewardship.models import BudgetLine, Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-du-dai-2026"
SCREENS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
SHOTS = os.environ.get("ANSINH_SCREENSHOTS")


@pytest.fixture
def people(django_user_model, fresh_demo):
    made = {}
    for name, code, role in [("chi", "HN-SLDTBXH", Role.SECRETARIAT), ("an", "HN-SYT", Role.REPORTER)]:
        person = django_user_model.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=person, unit=OrgUnit.objects.get(code=code), role=role)
        made[name] = person
    TOTPDevice.objects.create(user=made["chi"], name="điện thoại", confirmed=True)
    return made


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if "/tai-khoan/xac-thuc/" in page.url:
        device = TOTPDevice.objects.get(user__username=username)
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Mã 6 chữ số trong ứng dụng xác thực").fill(f"{code:06d}")
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()


def fits(page, name: str) -> None:
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{screen}.png"), full_page=True)
        assert overflow <= 0, f"{name}: {overflow}px sideways on {screen}"
    page.set_viewport_size(SCREENS["laptop"])


def test_budget_reviews_and_emulation_in_the_browser(browser_page, people):
    page = browser_page
    sign_in(page, "chi")
    page.goto("/chuong-trinh/08-ctr-tu/kinh-phi/")
    assert "hơn 20.990 tỷ đồng" in page.content()
    fits(page, "kinh-phi")
    form = page.locator("#ghi-kinh-phi")
    form.get_by_label("Đơn vị").select_option("HN-SYT")
    form.get_by_label("Năm", exact=True).fill("2024")
    form.get_by_label("Giao (đồng)").fill("2.000.000.000")
    form.get_by_label("Giải ngân (đồng)").fill("2.500.000.000")
    form.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "cần ghi chú lý do" in page.content() and not BudgetLine.objects.filter(unit__code="HN-SYT").exists()
    page.locator("#ghi-kinh-phi").get_by_label("Ghi chú").fill("Kinh phí năm 2023 chuyển sang")
    page.locator("#ghi-kinh-phi").get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert BudgetLine.objects.get(unit__code="HN-SYT").disbursed == 2_500_000_000
    assert "125%" in page.content()
    review = Review.objects.get(program__slug="08-ctr-tu")
    page.goto(f"/so-ket/{review.pk}/")
    assert review.title in page.content()
    fits(page, "so-ket")
    page.goto("/chuong-trinh/08-ctr-tu/thi-dua/2022/")
    assert "ví dụ minh họa" in page.content()
    fits(page, "thi-dua-2022")
    sign_in(page, "an")
    page.goto("/chuong-trinh/08-ctr-tu/kinh-phi/")
    assert "Sở Y tế" in page.content() and "hơn 20.990 tỷ đồng" in page.content()
    fits(page, "kinh-phi-so-y-te")
