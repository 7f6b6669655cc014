"""The dashboard, the map and the print stylesheet in a real browser (Debian Chromium through Playwright), at
1366×768 and 390×844: nothing overflows sideways, nothing is fetched outside the server (the ``browser_page``
fixture fails the test otherwise), and what the dashboard says matches the evaluation API."""

import pytest
from django.contrib.auth import get_user_model

from ansinh.accounts.models import Membership, Role
from ansinh.org.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-lanh-dao-2026"
SIZES = ((1366, 768), (390, 844))
# The printable width of A4 with the stylesheet's 12 mm side margins, in CSS pixels (96 per inch).
A4_PRINT_WIDTH = round((210 - 2 * 12) / 25.4 * 96)


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_dashboard_and_map_fit_both_screens_print_on_a4_and_match_the_api(browser_page, fresh_demo):
    leader = get_user_model().objects.create_user("nga-browser", password=PASSWORD)
    Membership.objects.create(
        user=leader, unit=OrgUnit.objects.get(code="P-01"), role=Role.VIEWER, includes_subunits=True
    )
    page = browser_page
    page.goto("/accounts/login/")
    page.fill("#id_username", "nga-browser")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/chuong-trinh/08-ctr-tu/bang-dieu-khien/?year=2022")
        page.locator("#status-chart svg").wait_for()
        assert _overflow(page) <= 0, f"bảng điều khiển tràn ngang ở {width}px"
        api = page.request.get("/api/v1/programs/08-ctr-tu/evaluation?year=2022").json()
        shown = {
            tile.get_attribute("data-code"): tile.get_attribute("data-status")
            for tile in page.locator("#scorecard .tile").all()
        }
        assert shown == {row["code"]: row["status"] for row in api["indicators"]}
        assert page.locator("#summary-sentence").inner_text() == api["summary"]["sentence"]

        page.goto("/chuong-trinh/181-kh-ubnd/ban-do/?year=2025")
        page.locator("#indicator-map svg").wait_for()
        assert page.locator("#indicator-map svg path, #indicator-map svg circle").count() > 100  # a point per ward
        assert _overflow(page) <= 0, f"bản đồ tràn ngang ở {width}px"

    # Print: no navigation, no column cut at the width of an A4 page, charts still drawn.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_PRINT_WIDTH, "height": 1000})
    for path in ("/chuong-trinh/08-ctr-tu/?year=2022", "/chuong-trinh/08-ctr-tu/bang-dieu-khien/?year=2022"):
        page.goto(path)
        assert not page.locator("header.site").is_visible()
        assert page.evaluate(
            "[...document.querySelectorAll('table')].every(t => t.scrollWidth <= t.parentElement.clientWidth + 1)"
        ), f"bảng bị cắt khi in: {path}"
        assert _overflow(page) <= 0, f"trang in tràn ngang: {path}"
    assert page.locator("#status-chart svg").is_visible()
