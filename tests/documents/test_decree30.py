"""The Decree 30 layout rules, without the ORM."""

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document as read_docx
from docx.shared import Pt
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from ansinh.documents.writers.docx import write_docx
from ansinh.documents.writers.xlsx import write_xlsx
from ansinh.rules.decree30 import (
    LANDSCAPE,
    MARGIN_RANGES_MM,
    PORTRAIT,
    SIZES,
    Appendix,
    Authority,
    Cell,
    Column,
    Document,
    Header,
    Kind,
    Paragraph,
    Signature,
    Style,
    Table,
    addressee_lines,
    authority_lines,
    dash_list,
    number_line,
    percent_of_plan,
    place_and_date,
    recipients_lines,
    roman,
    symbol_of,
)


def _mm(*lengths) -> tuple:
    """Lengths in whole millimetres (Word stores twentieths of a point)."""
    return tuple(round(length.mm) for length in lengths)


def test_the_page_and_sizes_stay_inside_the_decree():
    for page in (PORTRAIT, LANDSCAPE):
        assert sorted((page.width_mm, page.height_mm)) == [210, 297]
        for side, (low, high) in MARGIN_RANGES_MM.items():
            assert low <= getattr(page, f"{side}_mm") <= high
    assert 12 <= SIZES["national_title"].points <= 13 and SIZES["national_title"].bold
    assert 13 <= SIZES["motto"].points <= 14 and SIZES["motto"].bold
    assert SIZES["recipients_label"] == SIZES["recipients_label"].__class__(12, bold=True, italic=True)
    assert SIZES["recipients"].points == 11 and SIZES["place_date"].italic


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
        ("Ủy ban nhân dân", "UBND"),
        ("Sở Y tế", "SYT"),
        ("Ban Chỉ đạo", "BCĐ"),
    ],
)
def test_a_body_is_abbreviated_by_its_initials(name, symbol):
    assert symbol_of(name) == symbol


@given(st.integers(min_value=1, max_value=99999))
def test_numbers_below_ten_get_a_leading_zero(number):
    line = number_line(Kind.REPORT, number, "SLĐTBXH")
    written = line.removeprefix("Số: ").split("/")[0]
    assert int(written) == number
    assert len(written) >= 2
    assert line.endswith("/BC-SLĐTBXH")


def test_a_letter_puts_the_drafting_unit_after_the_issuer_and_a_draft_leaves_the_number_blank():
    assert number_line(Kind.LETTER, 12, "SLĐTBXH", "BTXH") == "Số: 12/SLĐTBXH-BTXH"
    assert number_line(Kind.NOTICE, 3, "BCĐ") == "Số: 03/TB-BCĐ"
    assert number_line(Kind.REPORT, None, "UBND").replace("\u00a0", " ") == "Số:       /BC-UBND"
    with pytest.raises(ValueError):
        number_line(Kind.REPORT, 0, "UBND")


def test_place_and_date_follow_the_decree():
    assert place_and_date("Hà Nội", date(2024, 3, 5)) == "Hà Nội, ngày 05 tháng 3 năm 2024"
    assert place_and_date("Hà Nội", date(2024, 2, 15)) == "Hà Nội, ngày 15 tháng 02 năm 2024"


def _from_roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for here, after in zip(text, [*text[1:], None], strict=True):
        value = values[here]
        total += -value if after is not None and values[after] > value else value
    return total


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_read_back(number):
    assert _from_roman(roman(number)) == number


@given(st.lists(st.text(alphabet="abc xyzĐđ;.", min_size=0, max_size=12), max_size=8))
def test_a_dash_list_ends_each_line_with_a_semicolon_and_the_last_with_a_full_stop(items):
    lines = dash_list(items)
    assert all(line.startswith("- ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1])
    assert not lines or lines[-1].endswith(".")


def test_addressees_and_recipients():
    assert addressee_lines(["Thành ủy Hà Nội"]) == ["Kính gửi: Thành ủy Hà Nội."]
    assert addressee_lines(["Sở Y tế", "Sở Nội vụ;"]) == ["Kính gửi:", "- Sở Y tế;", "- Sở Nội vụ."]
    assert recipients_lines(["Như trên", "Lưu: VT"], "BTXH") == ["- Như trên;", "- Lưu: VT, BTXH."]
    assert recipients_lines([], "") == ["- Lưu: VT."]


def test_the_signature_says_on_whose_behalf():
    assert authority_lines(Authority.DEPUTY, "Giám đốc", "Phó Giám đốc") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert authority_lines(Authority.ON_BEHALF, "Ủy ban nhân dân", "Chủ tịch") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert authority_lines(Authority.HEAD, "", "Giám đốc") == ["GIÁM ĐỐC"]


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(amounts, st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2))
def test_percent_of_plan_only_where_more_is_better(actual, target):
    ratio = percent_of_plan(actual, target, "ge", "up")
    assert ratio is not None and ratio >= 0
    assert percent_of_plan(actual, target, "lt", "down") is None
    assert percent_of_plan(actual, target, "between", "band") is None
    assert percent_of_plan(actual, target, "qualitative", "up") is None
    assert percent_of_plan(target, target, "ge", "up") == Decimal("100.0")


@given(amounts, amounts, st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2))
def test_more_done_is_never_a_smaller_share_of_the_plan(first, second, target):
    low, high = sorted((first, second))
    assert percent_of_plan(low, target, "ge", "up") <= percent_of_plan(high, target, "ge", "up")


def _document(text: str = "Nội dung") -> Document:
    table = Table(
        (Column("Mã", 20), Column("Tên", 100), Column("Giá trị", 40, numeric=True), Column("%", 30, numeric=True)),
        (
            (
                Cell("1"),
                Cell('=HYPERLINK("http://x")'),
                Cell("6.227.000", Decimal(6227000)),
                Cell("112,3%", Decimal("112.3"), percent=True),
            ),
            (Cell("2"), Cell("Tỷ lệ"), Cell("2,23", Decimal("2.23")), Cell("—")),
        ),
        sheet_name="Bảng",
    )
    return Document(
        header=Header(
            "Ủy ban nhân dân thành phố Hà Nội".upper(),
            "SỞ Y TẾ",
            "Số: 05/BC-SYT",
            "Hà Nội, ngày 05 tháng 3 năm 2024",
            Kind.REPORT,
            "Kết quả năm 2023",
        ),
        body=(Paragraph("I. KẾT QUẢ", Style.PART), Paragraph(text)),
        signature=Signature(("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Nguyễn Văn A"),
        recipients=("- Như trên;", "- Lưu: VT."),
        addressees=("Kính gửi: Thành ủy Hà Nội.",),
        appendices=(Appendix(1, "Bảng chỉ tiêu", table),),
        attached_to="(Kèm theo Báo cáo số 05/BC-SYT)",
    )


def test_the_docx_writer_sets_the_page_fonts_and_header_block():
    document = read_docx(io.BytesIO(write_docx(_document())))
    section = document.sections[0]
    assert _mm(section.page_width, section.page_height) == (210, 297)
    assert _mm(section.left_margin, section.right_margin) == (30, 15)
    header = document.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert header.cell(1, 0).text == "Số: 05/BC-SYT"
    motto = next(p for p in header.cell(0, 1).paragraphs if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert motto.runs[0].font.bold and motto.runs[0].font.size == Pt(13)
    place = header.cell(1, 1).paragraphs[0]
    assert place.runs[0].font.italic
    signature = document.tables[1]
    assert signature.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert signature.cell(0, 0).paragraphs[0].runs[0].font.italic and signature.cell(0, 0).paragraphs[0].runs[
        0
    ].font.size == Pt(12)
    assert "Nguyễn Văn A" in signature.cell(0, 1).text
    assert _mm(document.sections[1].page_width) == (297,)


def test_the_xlsx_writer_keeps_text_as_text_and_numbers_as_numbers():
    workbook = load_workbook(io.BytesIO(write_xlsx(_document())))
    sheet = workbook["Bảng"]
    formula_like = sheet.cell(5, 2)
    assert formula_like.data_type == "s" and formula_like.value.startswith("=HYPERLINK")
    assert sheet.cell(5, 3).value == 6227000 and sheet.cell(5, 3).number_format == "#,##0"
    assert sheet.cell(6, 3).value == 2.23 and sheet.cell(6, 3).number_format == "#,##0.00"
    assert sheet.cell(5, 4).number_format == "0.0%"
    assert sheet.freeze_panes == "A5" and sheet.print_title_rows == "$4:$4"
