"""Real-browser checks (headless Debian Chromium through Playwright)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overview_of_08_ctr_tu_for_2022_shows_the_summary_and_the_unemployment_verdict(browser_page, fresh_demo):
    page = browser_page
    page.goto("/")
    page.get_by_role("link", name="Chương trình 08-CTr/TU").click()
    page.get_by_label("Năm").select_option("2022")
    page.get_by_role("button", name="Lọc").click()

    summary = page.locator("#summary-sentence")
    assert summary.inner_text().startswith("9/16 chỉ tiêu đạt và vượt kế hoạch, trong đó 9 chỉ tiêu vượt")
    assert "23/27 chỉ tiêu đạt và vượt kế hoạch" in page.locator(".declared-summary").first.inner_text()

    # The breakdowns by field and by lead unit show every verdict's column on a laptop, none hidden in a scroll.
    page.set_viewport_size({"width": 1366, "height": 768})
    for frame in page.locator(".breakdown .table-wrap").all():
        assert frame.evaluate("frame => frame.scrollWidth <= frame.clientWidth"), frame.inner_text()[:80]

    unemployment = page.locator("#indicator-1")
    assert "Tỷ lệ thất nghiệp khu vực thành thị" in unemployment.inner_text()
    assert unemployment.locator(".status").inner_text() == "Vượt"
    assert unemployment.locator(".status").get_attribute("data-status") == "exceeded"
    assert "2,23%" in unemployment.inner_text()

    # The indicator page draws its chart from our own copy of ECharts.
    unemployment.get_by_role("link", name="Tỷ lệ thất nghiệp khu vực thành thị").click()
    page.locator("#indicator-chart svg").wait_for()
    assert page.locator("#year-2022 .status").inner_text() == "Vượt"
