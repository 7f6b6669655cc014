"""The loop of steering work in a real browser (headless Debian Chromium), one person of each role: the
secretariat sees the alerts and gives a task, the department reports on it inside its periodic report and
cannot touch another department's task, the inspector records a finding and a recommendation for their own
team only, the leader reads. Every page fits 1366×768 and 390×844 without sideways scrolling."""

import os
from datetime import date
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.accounts.models import Membership, Role
from ansinh.followups.models import Finding, InspectionPlan, Task, TaskProgress
from ansinh.followups.services.inspections import add_team, add_visit, create_inspection_plan
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.services.periods import open_period
from ansinh.rules.periods import PeriodKey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-du-dai-2026"
SCREENS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# Set ANSINH_SCREENSHOTS=/some/dir to keep a PNG of every page checked (to look at them).
SHOTS = os.environ.get("ANSINH_SCREENSHOTS")


@pytest.fixture
def people(django_user_model, fresh_demo):
    program = Program.objects.get(slug="08-ctr-tu")
    made = {}
    for name, code, role, below in [
        ("chi", "HN-SLDTBXH", Role.SECRETARIAT, False),  # the programme's secretariat
        ("an", "HN-SYT", Role.REPORTER, False),  # Sở Y tế's reporter
        ("son", "HN-STTTT", Role.INSPECTOR, False),  # an inspector from another department, on one team
        ("nga", "P-01", Role.VIEWER, True),  # the city's leadership
    ]:
        person = django_user_model.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=person, unit=OrgUnit.objects.get(code=code), role=role, includes_subunits=below)
        made[name] = person
    TOTPDevice.objects.create(user=made["chi"], name="điện thoại", confirmed=True)
    plan = create_inspection_plan(
        program, year=2025, title="Kiểm tra năm 2025 (ví dụ minh họa)", target_units=9, actor=None
    )
    InspectionPlan.objects.filter(pk=plan.pk).update(is_illustrative=True)
    team = add_team(plan, name="Đoàn kiểm tra số 1", members=[made["son"]], actor=None)
    add_visit(plan, OrgUnit.objects.get(code="HN-SYT"), team=team, planned_on=date(2025, 3, 1), actor=None)
    open_period(program, PeriodKey(2025, "year"))
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
    """The page does not scroll sideways on a laptop or a phone."""
    page.wait_for_load_state("load")  # measured with its stylesheet, not before it has loaded
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{screen}.png"), full_page=True)
        assert overflow <= 0, f"{name}: {overflow}px sideways on {screen}"
    page.set_viewport_size(SCREENS["laptop"])


def test_each_role_does_its_part_of_the_loop_and_no_other(browser_page, people):
    page = browser_page
    page.set_viewport_size(SCREENS["laptop"])
    program = Program.objects.get(slug="08-ctr-tu")

    # The secretariat: the alerts of 15/01/2023 say that "Tuổi thọ bình quân" missed 2022 with no task.
    sign_in(page, "chi")
    page.goto("/chuong-trinh/08-ctr-tu/dieu-hanh/?ngay=15/01/2023")
    alerts = page.locator("ul.alerts")
    assert alerts.get_by_text("Tuổi thọ bình quân").count() == 1
    fits(page, "dieu-hanh")
    page.goto("/chuong-trinh/08-ctr-tu/nhiem-vu/")
    fits(page, "nhiem-vu")
    form = page.locator("form.wide-form")
    form.get_by_label("Tên nhiệm vụ").fill("Đề xuất giải pháp nâng tuổi thọ bình quân")
    form.get_by_label("Đơn vị chủ trì").select_option("HN-SYT")
    form.get_by_label("Thời hạn").fill("31/12/2019")
    form.get_by_role("button", name="Giao nhiệm vụ").click()
    assert page.get_by_role("alert").first.inner_text().startswith("Thời hạn (31/12/2019) trước khi")
    form = page.locator("form.wide-form")
    form.get_by_label("Thời hạn").fill("2026")
    form.get_by_label("Chỉ tiêu liên quan").select_option(label="11. Tuổi thọ bình quân")
    form.get_by_role("button", name="Giao nhiệm vụ").click()
    page.locator("#task-status").wait_for()
    task = Task.objects.get(title="Đề xuất giải pháp nâng tuổi thọ bình quân")
    assert task.lead_unit.code == "HN-SYT"
    fits(page, "nhiem-vu-chi-tiet")
    page.goto("/chuong-trinh/08-ctr-tu/dieu-hanh/?ngay=15/01/2023")
    assert page.locator("ul.alerts").get_by_text("Tuổi thọ bình quân").count() == 0  # answered now
    meeting = program.meetings.get()
    page.goto(f"/hoi-nghi/{meeting.pk}/?ngay=01/02/2024")
    assert page.get_by_text("Quá hạn").count() >= 5
    fits(page, "hoi-nghi")

    # The department: reports on its task inside its periodic report; another department's task is refused.
    sign_in(page, "an")
    page.goto("/bao-cao/")
    page.get_by_role("link", name="Sở Y tế").first.click()
    card = page.locator(f"#task-{task.pk}")
    card.get_by_label("Kết quả").fill("Đã trình đề án chăm sóc sức khỏe người cao tuổi")
    card.get_by_label("Khó khăn, vướng mắc").fill("Thiếu bác sĩ lão khoa")
    card.get_by_role("button", name="Lưu tiến độ nhiệm vụ").click()
    page.get_by_text("Đã lưu tiến độ nhiệm vụ").wait_for()
    assert TaskProgress.objects.get(task=task).difficulties == "Thiếu bác sĩ lão khoa"
    fits(page, "bao-cao-nhiem-vu")
    page.goto(f"/nhiem-vu/{task.pk}/")
    page.get_by_label("Trạng thái").select_option("in_progress")
    page.get_by_role("button", name="Cập nhật").click()
    assert page.locator("#task-status").inner_text().startswith("Đang thực hiện")
    other = Task.objects.filter(program=program, lead_unit__code="HN-SLDTBXH").first()
    response = page.goto(f"/nhiem-vu/{other.pk}/")
    assert response.status == 403

    # The inspector: records a finding and a recommendation for the team they sit on, not for another team.
    sign_in(page, "son")
    plan = InspectionPlan.objects.get(year=2025)
    page.goto(f"/kiem-tra/{plan.pk}/")
    page.get_by_role("link", name="Đoàn kiểm tra số 1").click()
    page.get_by_label("Nội dung phát hiện").fill("Chưa cập nhật hồ sơ sức khỏe điện tử của 2 trạm y tế")
    page.get_by_role("button", name="Ghi phát hiện").click()
    page.get_by_text("Đã ghi phát hiện.").wait_for()
    finding = Finding.objects.get(visit__plan=plan)
    details = page.locator(f"#finding-{finding.pk} details")
    details.locator("summary").click()
    details.get_by_label("Kiến nghị").fill("Cập nhật hồ sơ sức khỏe điện tử")
    details.get_by_label("Đơn vị thực hiện").select_option("HN-SYT")
    details.get_by_label("Thời hạn").fill("30/06/2026")
    details.get_by_role("button", name="Giao kiến nghị").click()
    page.get_by_text("Đã giao kiến nghị").wait_for()
    assert finding.tasks.get().lead_unit.code == "HN-SYT"
    fits(page, "doan-kiem-tra")
    old_team = InspectionPlan.objects.get(year=2022).teams.first()
    assert page.goto(f"/doan-kiem-tra/{old_team.pk}/").status == 403

    # The leader: reads everything, changes nothing.
    sign_in(page, "nga")
    page.goto(f"/nhiem-vu/{task.pk}/")
    assert page.get_by_role("button", name="Cập nhật").count() == 0
    page.goto(f"/kiem-tra/{plan.pk}/")
    assert page.get_by_text("ví dụ minh họa").count() >= 1
    fits(page, "ke-hoach-kiem-tra")
    page.goto("/chuong-trinh/08-ctr-tu/kho-khan/")
    fits(page, "kho-khan")
    assert page.goto("/chuong-trinh/08-ctr-tu/nhiem-vu/nhap/").status == 403
