"""The demo's 2025 reorganisation of Hà Nội's departments (issue 14)."""

from datetime import date

import pytest

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import Report
from ansinh.reporting.selectors import approving_unit
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_the_labour_department_ends_on_28_february_2025_with_its_successors():
    labour = OrgUnit.objects.get(code="HN-SLDTBXH")
    assert labour.valid_to == date(2025, 2, 28)
    handovers = {s.successor.code: s for s in labour.successions_out.select_related("successor")}
    assert set(handovers) == {"HN-SNV", "HN-SYT", "HN-SGDDT", "HN-SNNMT"}
    assert handovers["HN-SNV"].is_default and handovers["HN-SNV"].confirmed
    assert not handovers["HN-SYT"].confirmed and "chưa" in handovers["HN-SYT"].note.lower()
    assert all(s.effective_on == date(2025, 3, 1) and s.source for s in handovers.values())


def test_2025_reports_of_08_ctr_tu_go_to_a_body_in_office_and_2024_stays_where_it_was():
    program = Program.objects.get(slug="08-ctr-tu")
    period = get_or_open_year_period(program, 2025)
    assert period.standing_agency.code == "HN-SNV" and period.standing_agency.is_valid_on(period.ends_on)
    commune = OrgUnit.objects.get(code="W25-00004")
    approver = approving_unit(get_or_create_report(period, commune))
    assert approver.is_valid_on(period.ends_on) and approver.code == "HN-SNV"
    earlier = get_or_open_year_period(program, 2024)
    assert earlier.standing_agency.code == "HN-SLDTBXH"
    city_2024 = Report.objects.filter(period=earlier, unit__code="P-01").first()
    if city_2024 is not None:
        assert approving_unit(city_2024).code == "P-01"
    health = OrgUnit.objects.get(code="HN-SYT")
    assert approving_unit(get_or_create_report(earlier, health)).code == "HN-SLDTBXH"


def test_the_units_page_shows_the_successors_their_duties_and_what_is_not_confirmed(client):
    page = client.get("/don-vi/HN-SLDTBXH/").content.decode()
    assert "28/02/2025" in page and 'id="handovers"' in page
    assert "Sở Nội vụ" in page and "Sở Nông nghiệp và Môi trường" in page
    assert "Chưa đối chiếu được văn bản" in page and "Báo Người Lao Động" in page


def test_the_programme_pages_show_their_hierarchy_and_the_body_in_office(client):
    plan = client.get("/chuong-trinh/181-kh-ubnd/").content.decode()
    chain = plan[plan.index('id="hierarchy"') :]
    assert chain.index("42-NQ/TW") < chain.index("32-CTr/TU") < chain.index("181/KH-UBND")
    programme = client.get("/chuong-trinh/08-ctr-tu/").content.decode()
    chain = programme[programme.index('id="hierarchy"') :]
    assert chain.index("08-CTr/TU") < chain.index("207/KH-UBND")
    assert 'id="standing-now"' in programme and "Sở Nội vụ" in programme
