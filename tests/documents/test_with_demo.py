"""The yearly report of 08-CTr/TU for 2022 from a clean demo, as the issue's author will check it: DOCX with the
header block, "Số:", "Nơi nhận", the indicator table with the committee's verdicts, on A4 with the decree's
margins; a PDF with the same sentences; the Excel appendix."""

import io
import os
import re
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook

from ansinh.audit.models import AuditEvent
from ansinh.documents.builders.annual_report import annual_report_data, build_annual_report
from ansinh.documents.services.drafts import save_report_draft
from ansinh.documents.writers import pdf as pdf_writer
from ansinh.evaluation.selectors import evaluate_program
from ansinh.programs.models import Program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

URL = "/api/v1/programs/08-ctr-tu/report"
# Debian's poppler-utils (scripts/test.sh installs it): the PDF's own text, read back.
PDFTOTEXT, PDFINFO = "/usr/bin/pdftotext", "/usr/bin/pdfinfo"


def _mm(*lengths) -> tuple:
    """Lengths in whole millimetres (Word stores twentieths of a point)."""
    return tuple(round(length.mm) for length in lengths)


def _docx_text(document) -> list[str]:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return lines


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_docx_holds_the_decree_30_parts_and_the_published_verdicts(client, sign_in, secretary):
    sign_in(secretary)
    response = client.get(URL, {"year": 2022, "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = read_docx(io.BytesIO(response.content))
    text = "\n".join(_docx_text(document))
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:", "BÁO CÁO"):
        assert part in text
    assert re.search(r"^Số: +/BC-SLĐTBXH$", text.replace("\u00a0", " "), re.MULTILINE)
    assert "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text and "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text
    assert re.search(r"Hà Nội, ngày \d\d tháng \d{1,2} năm \d{4}", text)
    assert "- Lưu: VT." in text
    # Page: A4 portrait with the decree's margins; the appendix in landscape.
    first, appendix = document.sections[0], document.sections[1]
    assert _mm(first.page_width, first.page_height) == (210, 297)
    assert _mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == (20, 20, 30, 15)
    assert first.different_first_page_header_footer  # no page number on the first page
    assert _mm(appendix.page_width, appendix.page_height) == (297, 210)
    assert document.styles["Normal"].font.name == "Times New Roman"
    # Appendix I: one row per indicator, with the verdict the evaluation (and the committee) gives.
    evaluation = evaluate_program(Program.objects.get(slug="08-ctr-tu"), 2022)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Mã")
    header = [cell.text for cell in table.rows[0].cells]
    assert header == [
        "Mã",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu",
        "Thực hiện",
        "% kế hoạch",
        "Kết quả",
        "Đơn vị chủ trì",
    ]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert len(rows) == len(evaluation.rows) == 16
    for row in evaluation.rows:
        expected = row.status.label + (" (công bố)" if row.is_declared else "")
        assert rows[row.indicator.code][6] == expected
    assert rows["1"][4] == "2,23" and rows["2"][4] == "203.027" and rows["2"][5] == "126,9%"
    assert rows["1"][5] == "—"  # unemployment should fall: "% of plan" means nothing
    assert rows["10"][6] == "Chưa đạt (công bố)" and rows["13"][6] == "Chưa triển khai"
    # The committee's own sentence is quoted, and the computed one stated.
    assert "23/27 chỉ tiêu đạt và vượt kế hoạch, trong đó 9 chỉ tiêu vượt" in text
    assert "Năm 2022, 9/16 chỉ tiêu đạt và vượt kế hoạch" in text
    assert "ansinh đang theo dõi 16/27 chỉ tiêu" in text
    # The budget part carries the published 2021–2023 figure with its source, nothing below it; the 2022 emulation
    # topic is named, and no reward is claimed.
    assert (
        "Giai đoạn 2021–2023, ngân sách thành phố bố trí hơn 20.990 tỷ đồng" in text
        and "Báo Hà Nội Mới, 29/4/2023" in text
    )
    assert "Năm 2022, các đơn vị được giao" not in text
    assert "Chưa có đề nghị khen thưởng nào được Ban Chỉ đạo đồng ý." in text
    assert AuditEvent.objects.filter(action="document.generate", actor=secretary).exists()


@pytest.mark.skipif(shutil.which(PDFTOTEXT) is None and os.environ.get("CI") != "true", reason="pdftotext missing")
def test_the_pdf_says_what_the_docx_says(client, sign_in, secretary):
    if pdf_writer.converter_path() is None and os.environ.get("CI") != "true":
        pytest.skip("LibreOffice missing (make run / make test install libreoffice-writer-nogui)")
    sign_in(secretary)
    response = client.get(URL, {"year": 2022, "format": "pdf"})
    assert response.status_code == 200, response.content[:300]
    assert response.content.startswith(b"%PDF")
    text = subprocess.run([PDFTOTEXT, "-", "-"], input=response.content, capture_output=True, check=True).stdout  # noqa: S603
    # A page number (Decree 30 puts it at the top of every page after the first) can fall inside a paragraph.
    pdf_text = _squash("\n".join(line for line in text.decode("utf-8").splitlines() if not line.strip().isdigit()))
    document = build_annual_report(annual_report_data(Program.objects.get(slug="08-ctr-tu"), 2022))
    sentences = [document.header.number, *[p.text for p in document.body], *document.recipients, "Nơi nhận:"]
    sentences += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", document.header.place_date]
    missing = [s for s in sentences if _squash(s.replace("\u00a0", " ")) not in pdf_text]
    assert not missing
    info = subprocess.run([PDFINFO, "-"], input=response.content, capture_output=True, check=True).stdout.decode()  # noqa: S603
    assert "(A4)" in info


def test_the_excel_appendix_has_one_sheet_per_table_with_numbers_and_a_frozen_header(client, sign_in, secretary):
    sign_in(secretary)
    response = client.get(URL, {"year": 2022, "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Chỉ tiêu", "Tình hình báo cáo"]
    sheet = workbook["Chỉ tiêu"]
    assert sheet.freeze_panes == "A5"
    assert [cell.value for cell in sheet[4]][:3] == ["Mã", "Chỉ tiêu", "Đơn vị tính"]
    jobs = next(row for row in sheet.iter_rows(min_row=5) if row[0].value == "2")
    assert jobs[4].value == 203027 and jobs[4].number_format == "#,##0"
    assert jobs[5].number_format == "0.0%" and abs(jobs[5].value - 1.269) < 1e-9
    assert sheet.print_area and sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9


def test_a_missing_converter_gives_a_clear_message_and_no_file(client, sign_in, secretary, monkeypatch):
    monkeypatch.setattr(pdf_writer, "converter_path", lambda: None)
    sign_in(secretary)
    response = client.get(URL, {"year": 2022, "format": "pdf"})
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "converter_unavailable" and "LibreOffice" in body["message"]


def test_only_those_who_follow_the_programme_may_generate_it(client, sign_in, demo, django_user_model):
    assert client.get(URL, {"year": 2022, "format": "docx"}).status_code in (401, 403)
    outsider = django_user_model.objects.create_user("nguoi-ngoai")
    sign_in(outsider)
    assert client.get(URL, {"year": 2022, "format": "docx"}).status_code == 403
    assert client.get(URL, {"year": 2019, "format": "docx"}).status_code == 403


def test_bad_year_or_format_changes_nothing(client, sign_in, secretary):
    sign_in(secretary)
    assert client.get(URL, {"year": 2019, "format": "docx"}).status_code == 400
    assert client.get(URL, {"year": 2022, "format": "odt"}).status_code == 422
    assert not AuditEvent.objects.filter(action="document.generate").exists()


def test_the_secretariat_drafts_the_words_with_history_and_the_report_carries_them(client, sign_in, secretary, leader):
    program = Program.objects.get(slug="08-ctr-tu")
    sign_in(secretary)
    url = "/chuong-trinh/08-ctr-tu/bao-cao-nam/2022/"
    page = client.get(url)
    assert page.status_code == 200 and "Chưa soạn" in page.content.decode()
    saved = client.post(
        url,
        {
            "version": 0,
            "number": "5",
            "issued_on": "05/01/2023",
            "general_assessment": "Năm 2022, các sở, ngành triển khai đồng bộ Chương trình.",
            "shortcomings": "- Doanh nghiệp tham gia BHXH chưa đầy đủ.",
            "next_steps": "",
            "proposals": "",
        },
    )
    assert saved.status_code == 302
    stale = client.post(url, {"version": 0, "general_assessment": "Bản cũ ghi đè"})
    assert stale.status_code == 409
    draft = annual_report_data(program, 2022).draft
    assert draft.version == 1 and draft.general_assessment.startswith("Năm 2022")
    assert draft.revisions.count() == 1
    assert AuditEvent.objects.filter(action="document.draft_save", actor=secretary).count() == 1
    document = build_annual_report(annual_report_data(program, 2022))
    texts = [p.text for p in document.body]
    assert document.header.number == "Số: 05/BC-SLĐTBXH"
    assert document.header.place_date == "Hà Nội, ngày 05 tháng 01 năm 2023"
    assert "I. KẾT QUẢ THỰC HIỆN" in texts and "1. Đánh giá chung" in texts
    assert "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN" in texts and "- Doanh nghiệp tham gia BHXH chưa đầy đủ." in texts
    assert not any(text.startswith("III.") for text in texts)  # nothing written there: the part is left out
    # A leader reads the page and downloads, but does not edit.
    client.logout()
    sign_in(leader)
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": 1, "general_assessment": "x"}).status_code == 403


def test_saving_unchanged_words_keeps_the_version(secretary):
    program = Program.objects.get(slug="08-ctr-tu")
    values = {"general_assessment": "Một câu."}
    save_report_draft(program, 2023, values, based_on=0, actor=secretary)
    draft = save_report_draft(program, 2023, values, based_on=1, actor=secretary)
    assert draft.version == 1 and draft.revisions.count() == 1


def test_the_dashboard_matches_the_evaluation_and_links_every_tile(client, sign_in, leader):
    sign_in(leader)
    response = client.get("/chuong-trinh/08-ctr-tu/bang-dieu-khien/", {"year": 2022})
    assert response.status_code == 200
    page = response.content.decode()
    evaluation = client.get("/api/v1/programs/08-ctr-tu/evaluation", {"year": 2022}).json()
    assert evaluation["summary"]["sentence"] in page
    for row in evaluation["indicators"]:
        assert f'data-code="{row["code"]}" data-status="{row["status"]}"' in page
        assert f'href="/chuong-trinh/08-ctr-tu/chi-tieu/{row["code"]}/"' in page
    dashboard = response.context["dashboard"]
    assert {row.evaluation.indicator.code for row in dashboard.behind} >= {"10", "11", "12"}
    # The 9/1/2023 conference's conclusions, due in 2023 and not recorded as done, are overdue and linked;
    # the indicators those conclusions answer are not counted as "without a task".
    assert dashboard.overdue and all(f'href="/nhiem-vu/{item.task.pk}/"' in page for item in dashboard.overdue)
    assert {row.evaluation.indicator.pk for row in dashboard.behind_without_task}.isdisjoint(dashboard.answered)
    assert "Cách đánh giá" in page and "dung sai 2%" in page
    assert client.get("/lanh-dao/").status_code == 200


def test_the_public_results_page_shows_approved_results_to_anyone(client):
    response = client.get("/chuong-trinh/08-ctr-tu/ket-qua/", {"year": 2022})
    assert response.status_code == 200
    page = response.content.decode()
    assert "9/16 chỉ tiêu đạt và vượt kế hoạch" in page and "Cách đánh giá" in page
    charts = response.context["results"].charts
    unemployment = next(chart for chart in charts if chart["code"] == "1")
    assert unemployment["values"][1] == 2.23 and unemployment["targets"][1] == 4.0
    assert "Đơn vị chưa gửi" not in page  # who is late is for those who follow the programme


def test_the_map_shows_every_commune_and_its_figures(client):
    response = client.get("/chuong-trinh/181-kh-ubnd/ban-do/", {"year": 2025})
    assert response.status_code == 200
    data = response.context["data"]
    assert data.level == "commune" and len(data.units) == 126  # Hà Nội's communes and wards from 1/7/2025
    assert all(item.unit.latitude is not None for item in data.units)
    csv = client.get("/chuong-trinh/181-kh-ubnd/ban-do/", {"year": 2025, "format": "csv"})
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").count("\n") == 127


def test_boundaries_are_loaded_all_or_nothing_by_an_administrator(client, sign_in, demo, django_user_model):
    from ansinh.accounts.models import Membership, Role
    from ansinh.documents.models import UnitBoundary
    from ansinh.org.models import OrgUnit

    admin = django_user_model.objects.create_user("quan-tri-ranh-gioi")
    Membership.objects.create(
        user=admin, unit=OrgUnit.objects.get(code="P-01"), role=Role.ADMIN, includes_subunits=True
    )
    sign_in(admin)
    ring = [[105.83, 21.03], [105.85, 21.03], [105.85, 21.05], [105.83, 21.05], [105.83, 21.03]]

    def upload(*codes):
        import json

        from django.core.files.uploadedfile import SimpleUploadedFile

        features = [
            {"type": "Feature", "properties": {"code": c}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
            for c in codes
        ]
        content = json.dumps({"type": "FeatureCollection", "features": features}).encode()
        return client.post(
            "/ranh-gioi/", {"file": SimpleUploadedFile("hn.geojson", content), "source": "Thử nghiệm (ví dụ minh họa)"}
        )

    assert upload("W25-00004", "KHONG-CO").status_code == 400
    assert not UnitBoundary.objects.exists()
    assert upload("W25-00004").status_code == 302
    assert UnitBoundary.objects.get().unit.code == "W25-00004"
    page = client.get("/chuong-trinh/181-kh-ubnd/ban-do/", {"year": 2025})
    assert "W25-00004" in page.context["data"].boundaries
    assert AuditEvent.objects.filter(action="boundary.load").count() == 1


def test_the_reminder_letter_names_the_late_units_and_what_they_miss(client, sign_in, secretary):
    from ansinh.reporting.models import ReportingPeriod

    period = ReportingPeriod.objects.get(program__slug="08-ctr-tu", kind="year", year=2024)
    sign_in(secretary)
    page = client.get(f"/ky-bao-cao/{period.pk}/cong-van-don-doc/")
    assert page.status_code == 200 and page.context["late"]
    bad = client.get(f"/ky-bao-cao/{period.pk}/cong-van-don-doc/", {"new_deadline": "32/13/2024"})
    assert bad.status_code == 400
    response = client.get(
        f"/ky-bao-cao/{period.pk}/cong-van-don-doc/",
        {"new_deadline": "15/01/2099", "issued_on": "05/01/2025", "number": "7", "file_format": "docx"},
    )
    assert response.status_code == 200
    text = "\n".join(_docx_text(read_docx(io.BytesIO(response.content))))
    assert "Số: 07/SLĐTBXH" in text and "V/v đôn đốc gửi báo cáo" in text
    assert "Kính gửi" in text and "Danh sách đơn vị chưa gửi báo cáo" in text  # hundreds of units: a list attached
    assert "Sở Y tế" in text


def test_briefings_are_sent_once_each_month_end(secretary, mailoutbox, monkeypatch):
    from datetime import date

    from django.core.management import call_command

    from ansinh.documents.models import BriefingSent
    from ansinh.documents.services import briefings
    from ansinh.documents.services.briefings import create_schedule

    monkeypatch.setattr(briefings, "render", lambda document, file_format: b"%PDF-1.7 test\n%%EOF")
    program = Program.objects.get(slug="08-ctr-tu")
    create_schedule(program, trigger="month_end", days_before=0, recipients="lanh-dao@ansinh.test", actor=secretary)
    call_command("send_briefings", "--date", "29/11/2026")
    assert not mailoutbox
    call_command("send_briefings", "--date", "31/12/2026")
    call_command("send_briefings", "--date", "31/12/2026")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lanh-dao@ansinh.test"]
    assert mailoutbox[0].attachments[0][2] == "application/pdf"
    assert BriefingSent.objects.get().occasion == date(2026, 12, 31)
    assert AuditEvent.objects.filter(action="briefing.send").count() == 1
