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

pytestmark = [pytest.mark.django_db]

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
    # Parts no app keeps yet are left out, not claimed empty.
    assert "Thi đua, khen thưởng" not in text and "Kinh phí thực hiện" not in text
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
    pdf_text = _squash(text.decode("utf-8"))
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
