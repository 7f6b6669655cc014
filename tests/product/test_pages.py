from decimal import Decimal

import pytest
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.programs.models import Program
from ansinh.reporting.models import DataValue, DataValueChange, Report, ReportingPeriod
from ansinh.reporting.services.periods import get_or_open_year_period
from ansinh.web import views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_home_lists_both_programmes(client):
    page = client.get("/").content.decode()
    assert "08-CTr/TU" in page and "181/KH-UBND" in page


def test_overview_shows_the_summary_sentence_and_status_colours(client):
    response = client.get(reverse("program_overview", args=["08-ctr-tu"]), {"year": 2022})
    page = response.content.decode()
    assert response.status_code == 200
    assert "9/16 chỉ tiêu đạt và vượt kế hoạch, trong đó 9 chỉ tiêu vượt; 3 chỉ tiêu chưa đạt" in page
    assert "Ban Chỉ đạo công bố" in page and "23/27 chỉ tiêu đạt và vượt kế hoạch" in page
    assert 'id="partial-list"' in page
    assert 'class="status status-exceeded" data-status="exceeded">Vượt' in page
    assert "2,23%" in page and "203.027 lượt người/năm" in page


def test_overview_filters_by_field_and_by_lead_unit(client):
    url = reverse("program_overview", args=["181-kh-ubnd"])
    health = client.get(url, {"year": 2030, "field": "Y tế"}).context["rows"]
    assert health and all(row.indicator.field == "Y tế" for row in health)
    education = client.get(url, {"year": 2030, "lead": "HN-SGDDT"}).context["rows"]
    assert {row.indicator.code for row in education} == {"6.1.1", "6.1.2", "6.2", "6.3", "6.4", "6.5", "6.6"}
    by_status = client.get(reverse("program_overview", args=["08-ctr-tu"]), {"year": 2022, "status": "not_achieved"})
    assert len(by_status.context["rows"]) == 3


def test_overview_shows_its_indicators_a_page_at_a_time_and_counts_them_all(client, monkeypatch):
    monkeypatch.setattr(views, "INDICATORS_PER_PAGE", 4)
    url = reverse("program_overview", args=["08-ctr-tu"])
    first = client.get(url, {"year": 2022, "field": "An sinh xã hội"})
    listed = first.context["rows"]
    assert len(listed) > 8 and [row.indicator.code for row in first.context["rows_page"]] == [
        row.indicator.code for row in listed[:4]
    ]
    page = first.content.decode()
    assert "9/16 chỉ tiêu đạt và vượt kế hoạch" in page  # the summary judges every indicator, not the page
    assert "trang=2#indicators" in page and "field=An+sinh" in page and "year=2022" in page
    second = client.get(url, {"year": 2022, "field": "An sinh xã hội", "trang": 2})
    assert [row.indicator.code for row in second.context["rows_page"]] == [row.indicator.code for row in listed[4:8]]
    assert client.get(url, {"year": 2022, "trang": "abc"}).status_code == 200


def test_the_year_dropdown_shows_the_year_the_page_shows(client):
    url = reverse("program_overview", args=["08-ctr-tu"])
    for query in ({}, {"field": "An sinh xã hội"}):
        response = client.get(url, query)
        assert response.context["year"] == 2024  # the last year with approved results
        assert '<option value="2024" selected>' in response.content.decode()
        assert '<option value="2021" selected>' not in response.content.decode()
    assert '<option value="2022" selected>' in client.get(url, {"year": 2022}).content.decode()


def test_overview_ignores_a_bad_filter_with_a_message(client):
    response = client.get(reverse("program_overview", args=["08-ctr-tu"]), {"year": "abc"})
    assert response.status_code == 200
    assert "Bộ lọc không hợp lệ" in response.content.decode()


def test_indicator_page_shows_yearly_values_against_targets_with_sources(client):
    response = client.get(reverse("indicator_detail", args=["08-ctr-tu", "1"]))
    page = response.content.decode()
    assert "dưới 4%" in page and "dưới 3%" in page
    assert "2,23%" in page and "1,02%" in page
    assert "Cổng giao tiếp điện tử TP Hà Nội, 10/01/2023" in page and "seed 0" not in page
    assert response.context["chart"]["values"][1] == 2.23
    assert 'id="indicator-chart-data"' in page and "echarts.min.js" in page


def test_unit_page_shows_successions(client):
    page = client.get(reverse("unit_detail", args=["W-00004"])).content.decode()  # Phường Trúc Bạch
    assert "Kế thừa bởi" in page and "Phường Ba Đình" in page
    new = client.get(reverse("unit_detail", args=["W25-00004"])).content.decode()
    assert "Hình thành từ" in new and "Phường Trúc Bạch" in new
    city = client.get(reverse("unit_detail", args=["P-01"]))
    assert city.status_code == 200


def entry_url(unit="P-01", year=2025, slug="08-ctr-tu"):
    return reverse("data_entry", args=[slug, unit, year])


def report_url(client, unit="P-01", year=2025, slug="08-ctr-tu"):
    """The period is open (the secretariat's step); the unit's reporter confirms, and the data-entry address
    creates the unit's yearly report and leads to its page."""
    get_or_open_year_period(Program.objects.get(slug=slug), year)
    asked = client.get(entry_url(unit, year, slug))
    if asked.status_code == 302:  # the report exists: the link leads to it
        return asked["Location"]
    assert asked.status_code == 200 and 'id="open-report"' in asked.content.decode()
    response = client.post(entry_url(unit, year, slug))
    assert response.status_code == 302, response
    assert client.get(entry_url(unit, year, slug))["Location"] == response["Location"], "then a GET leads there"
    return response["Location"]


def form_data(report_version=0, **cells):
    program = Program.objects.get(slug="08-ctr-tu")
    data = {"version": str(report_version)}
    for code, text in cells.items():
        data[f"i{program.indicators.get(code=code).pk}-value"] = text
    return data


def test_data_entry_needs_login(client):
    response = client.get(entry_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_data_entry_accepts_vietnamese_numbers(client, city_reporter):
    client.force_login(city_reporter)
    response = client.post(report_url(client), form_data(**{"1": "2,23", "2": "203.027"}), follow=True)
    assert "Đã lưu 2 số liệu" in response.content.decode()
    report = Report.objects.get(period__program__slug="08-ctr-tu", period__year=2025, unit__code="P-01")
    values = {v.indicator.code: v.value for v in report.values.all()}
    assert values == {"1": Decimal("2.23"), "2": Decimal("203027")}
    assert DataValueChange.objects.filter(data_value__report=report).count() == 2
    assert AuditEvent.objects.filter(action="datavalue.save", actor=city_reporter).count() == 2
    page = client.get(report_url(client)).content.decode()
    assert 'value="2,23"' in page and 'value="203.027"' in page


def test_data_entry_rejects_what_is_not_a_number_and_changes_nothing(client, city_reporter):
    client.force_login(city_reporter)
    url = report_url(client)
    client.post(url, form_data(**{"1": "2,5"}))
    report = Report.objects.get(period__program__slug="08-ctr-tu", period__year=2025, unit__code="P-01")
    response = client.post(url, form_data(report.version, **{"1": "3,1", "2": "hai trăm"}))
    page = response.content.decode()
    assert response.status_code == 400
    assert "“hai trăm” không phải là số hợp lệ" in page
    assert "chưa lưu thay đổi nào" in page
    assert 'value="hai trăm"' in page and 'value="3,1"' in page  # nothing the person typed is lost
    assert DataValue.objects.get(report=report, indicator__code="1").value == Decimal("2.5")
    assert not DataValue.objects.filter(report=report, indicator__code="2").exists()


def test_data_entry_refuses_a_percentage_above_100(client, city_reporter):
    client.force_login(city_reporter)
    response = client.post(report_url(client), form_data(**{"7": "101"}))
    assert response.status_code == 400
    assert "0–100" in response.content.decode()


def test_data_entry_refuses_to_overwrite_a_newer_version(client, city_reporter):
    client.force_login(city_reporter)
    url = report_url(client)
    client.post(url, form_data(**{"1": "2,5"}))
    report = Report.objects.get(period__program__slug="08-ctr-tu", period__year=2025, unit__code="P-01")
    stale = report.version
    client.post(url, form_data(stale, **{"1": "2,6"}))
    response = client.post(url, form_data(stale, **{"1": "2,7"}))
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert DataValue.objects.get(report=report, indicator__code="1").value == Decimal("2.6")


def test_a_get_of_the_data_entry_link_opens_no_period_and_a_reporter_cannot_open_one(client, commune_reporter):
    """Issue 16: the link opened 2027 and 2030 of 181/KH-UBND for a ward reporter (a link from another site
    could do it). A GET changes nothing; the POST that would open a period is the secretariat's."""
    client.force_login(commune_reporter)
    periods, events = ReportingPeriod.objects.count(), AuditEvent.objects.count()
    url = entry_url("W25-00004", 2027, "181-kh-ubnd")
    page = client.get(url)
    assert page.status_code == 200 and "Chỉ cơ quan thường trực của chương trình mở kỳ báo cáo" in page.content.decode()
    assert 'id="open-report"' not in page.content.decode()
    assert (ReportingPeriod.objects.count(), AuditEvent.objects.count()) == (periods, events)
    assert client.post(url).status_code == 403
    assert ReportingPeriod.objects.count() == periods
    assert not ReportingPeriod.objects.filter(program__slug="181-kh-ubnd", year=2027).exists()


def test_another_units_reporter_cannot_enter_the_citys_figures(client, commune_reporter):
    client.force_login(commune_reporter)
    response = client.get(entry_url())
    assert response.status_code == 403
    assert not Report.objects.filter(period__year=2025, unit__code="P-01").exists()
    assert AuditEvent.objects.filter(action="access.denied", actor=commune_reporter).exists()


def test_a_year_outside_the_programme_is_refused(client, city_reporter):
    client.force_login(city_reporter)
    response = client.get(entry_url(year=2031), follow=True)
    assert "nằm ngoài thời gian thực hiện" in response.content.decode()


def test_data_entry_takes_a_rate_as_numerator_and_denominator_and_checks_them(client, city_reporter):
    client.force_login(city_reporter)
    program = Program.objects.get(slug="08-ctr-tu")
    coverage = program.indicators.get(code="7").pk
    url = report_url(client)
    refused = client.post(url, {"version": "0", f"i{coverage}-numerator": "120", f"i{coverage}-denominator": "100"})
    assert refused.status_code == 400
    assert "Tử số (120) lớn hơn mẫu số (100)" in refused.content.decode()
    client.post(url, {"version": "0", f"i{coverage}-numerator": "9.433", f"i{coverage}-denominator": "10.000"})
    value = DataValue.objects.get(report__period__year=2025, report__unit__code="P-01", indicator_id=coverage)
    assert (value.numerator, value.denominator, value.value) == (Decimal(9433), Decimal(10000), Decimal("94.33"))


def test_a_yes_no_target_is_judged_with_evidence(client, city_reporter):
    client.force_login(city_reporter)
    plan = Program.objects.get(slug="181-kh-ubnd")
    preschool = plan.indicators.get(code="6.2").pk
    url = report_url(client, year=2026, slug="181-kh-ubnd")
    client.post(
        url,
        {"version": "0", f"i{preschool}-achieved": "yes", f"i{preschool}-evidence": "Quyết định công nhận số 12/QĐ"},
    )
    value = DataValue.objects.get(report__period__year=2026, indicator_id=preschool)
    assert value.achieved is True and value.evidence == "Quyết định công nhận số 12/QĐ"
