"""The pure workbook module: cells read the Vietnamese way, the template's layout and protection, the key
sheet, and recognising a file without it. No database."""

import io
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.numbers import NumberFormatError, format_number
from ansinh.exchange.formats.workbook import (
    KEY_SHEET,
    REPORT_SHEET,
    CellError,
    Field,
    Figures,
    IndicatorLine,
    ReportHeader,
    SheetKind,
    SheetProblem,
    UnitSheet,
    UnreadableWorkbook,
)
from ansinh.exchange.formats.workbook_read import (
    identity_problems,
    read_code,
    read_number,
    read_text,
    read_workbook,
    read_yes_no,
)
from ansinh.exchange.formats.workbook_write import write_multi_unit_workbook, write_report_workbook
from ansinh.rules.periods import PeriodKey

NUMBER_INPUTS = frozenset({Field.VALUE, Field.NOT_IMPLEMENTED, Field.NOTE, Field.EVIDENCE})
RATIO_INPUTS = NUMBER_INPUTS | {Field.NUMERATOR, Field.DENOMINATOR}
JUDGED_INPUTS = frozenset({Field.ACHIEVED, Field.NOT_IMPLEMENTED, Field.NOTE, Field.EVIDENCE})

HEADER = ReportHeader(
    program_code="99/KH-UBND",
    program_slug="99-kh-ubnd",
    program_name="Kế hoạch 99/KH-UBND",
    program_title="Thực hiện chính sách an sinh xã hội",
    period=PeriodKey(2024, "year"),
    starts_on=date(2023, 12, 15),
    ends_on=date(2024, 12, 14),
    deadline=date(2024, 11, 29),
)
LINES = (
    IndicatorLine("1", "Giảm nghèo", is_group=True),
    IndicatorLine(
        "1.1",
        "Số hộ nghèo",
        "hộ",
        "Giảm 1.000 hộ",
        inputs=NUMBER_INPUTS,
        figures=Figures(value=Decimal("6227000"), note="theo rà soát"),
    ),
    IndicatorLine(
        "1.2",
        "Tỷ lệ hộ nghèo",
        "%",
        "dưới 3%",
        inputs=RATIO_INPUTS,
        figures=Figures(value=Decimal("2.23"), numerator=Decimal("223"), denominator=Decimal("10000")),
    ),
    IndicatorLine("1.3", "Tỷ lệ rất nhỏ", "%", inputs=NUMBER_INPUTS, figures=Figures(value=Decimal("0.095"))),
    IndicatorLine(
        "2", "Ban hành kế hoạch", inputs=JUDGED_INPUTS, figures=Figures(achieved=True, evidence="QĐ 12/QĐ-UBND")
    ),
)
UNIT = UnitSheet("X-01", "Phường Một", "Đang nhập", 3, True, LINES)
FIRST_ROW = 11  # title block (rows 1–8), a blank row, the column headers on row 10


def open_sheet(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return workbook, workbook[REPORT_SHEET]


def row_of(sheet, code: str, column: int = 1) -> int:
    return next(row[0].row for row in sheet.iter_rows(min_col=column, max_col=column) if row[0].value == code)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- cells ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2.23, Decimal("2.23")),
        (0.1 + 0.2, Decimal("0.30000000000000004")),
        (6227000.0, Decimal("6227000")),
        (6227000, Decimal("6227000")),
        ("6.227.000", Decimal("6227000")),
        ("2,23", Decimal("2.23")),
        ("2,23%", Decimal("2.23")),
        (" 203.027 ", Decimal("203027")),
        (-1.5, Decimal("-1.5")),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_read_number_takes_real_numbers_and_vietnamese_text(raw, expected):
    assert read_number(raw) == expected


def test_a_whole_float_is_an_integer_without_a_trailing_zero():
    assert str(read_number(6227000.0)) == "6227000"
    assert str(read_number(99999999999999.0)) == "99999999999999"


@given(st.floats(min_value=-(10**13), max_value=10**13, allow_nan=False, allow_infinity=False))
def test_a_float_reads_as_its_shortest_repr(number):
    read = read_number(number)
    assert read == Decimal(repr(number))
    if number.is_integer():
        assert read.as_tuple().exponent == 0


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False, allow_infinity=False))
def test_vietnamese_text_of_any_figure_reads_back_exactly(number):
    assert read_number(format_number(number)) == number


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "“abc” không phải là số hợp lệ"),
        ("2,2,3", "“2,2,3” không phải là số hợp lệ"),
        (True, "Cần một số; ô đang ghi “Có”."),
        (datetime(2024, 3, 5, 8, 30), "Cần một số; ô đang chứa ngày giờ “05/03/2024 08:30”"),
        (date(2024, 3, 5), "Cần một số; ô đang chứa ngày giờ “05/03/2024”"),
        (1e15, "Số 1.000.000.000.000.000 quá lớn, không lưu được."),
        ("1.000.000.000.000.000", "Số 1.000.000.000.000.000 quá lớn"),
    ],
)
def test_read_number_refuses_what_is_not_a_storable_figure(raw, message):
    with pytest.raises((NumberFormatError, CellError)) as error:
        read_number(raw)
    assert str(error.value).startswith(message)


def test_a_percent_sign_is_refused_where_a_count_is_expected():
    with pytest.raises(NumberFormatError):
        read_number("2,23%", allow_percent=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Có", True), ("không", False), ("  KHÔNG ", False), ("", None), (None, None), (True, True), (False, False)],
)
def test_read_yes_no(raw, expected):
    assert read_yes_no(raw) is expected


def test_read_yes_no_accepts_decomposed_unicode_from_other_programs():
    assert read_yes_no("Co\u0301") is True


def test_read_yes_no_names_what_it_accepts():
    with pytest.raises(CellError, match="Chỉ nhận “Có” hoặc “Không”; ô đang ghi “yes”"):
        read_yes_no("yes")


def test_codes_and_texts_turned_into_numbers_by_another_program_come_back_as_text():
    assert read_code(1.2) == "1.2"
    assert read_code(3.0) == "3"
    assert read_code(7) == "7"
    assert read_code(" 7.10 ") == "7.10"
    assert read_text(6227000.0) == "6.227.000"
    assert read_text(date(2024, 3, 5)) == "05/03/2024"


def test_a_problem_names_its_cell_unit_and_indicator():
    assert str(SheetProblem("Sai.", 14, 5, indicator_code="1.2")) == "Ô E14 — chỉ tiêu 1.2: Sai."
    assert str(SheetProblem("Sai.", 14, 1, "X-01", "1.2")) == "Ô A14 — đơn vị X-01, chỉ tiêu 1.2: Sai."
    assert str(SheetProblem("Tệp hỏng.")) == "Tệp hỏng."


# --- the template -----------------------------------------------------------------------------------


def test_the_title_block_names_programme_unit_period_window_and_deadline_in_merged_cells():
    _workbook, sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A1:K1", "A2:B2", "C2:K2", "C3:K3", "C4:K4", "C5:K5", "C6:K6"} <= merged
    facts = {sheet.cell(row, 1).value: sheet.cell(row, 3).value for row in range(2, 8)}
    assert facts == {
        "Chương trình, kế hoạch:": "Kế hoạch 99/KH-UBND — Thực hiện chính sách an sinh xã hội",
        "Đơn vị báo cáo:": "Phường Một (mã X-01)",
        "Kỳ báo cáo:": "Năm 2024",
        "Thời gian chốt số liệu:": "Từ 15/12/2023 đến 14/12/2024 (Nghị định 09/2019/NĐ-CP)",
        "Thời hạn gửi báo cáo:": "29/11/2024",
        "Trạng thái báo cáo:": "Đang nhập",
    }
    headers = [cell.value for cell in sheet[FIRST_ROW - 1]]
    assert headers == [
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu",
        "Giá trị",
        "Tử số",
        "Mẫu số",
        "Đạt? (Có/Không)",
        "Chưa triển khai (Có/Không)",
        "Ghi chú",
        "Minh chứng",
    ]
    assert [sheet.cell(FIRST_ROW + offset, 1).value for offset in range(5)] == ["1", "1.1", "1.2", "1.3", "2"]


def test_figures_are_real_numbers_with_vietnamese_friendly_formats():
    _workbook, sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    poor, rate, small = (sheet.cell(row_of(sheet, code), 5) for code in ("1.1", "1.2", "1.3"))
    assert (poor.value, poor.number_format) == (6227000, "#,##0")
    assert (rate.value, rate.number_format) == (2.23, "#,##0.00")
    assert (small.value, small.number_format) == (0.095, "#,##0.000")
    numerator = sheet.cell(row_of(sheet, "1.2"), 6)
    assert (numerator.value, numerator.number_format) == (223, "#,##0")
    judged = row_of(sheet, "2")
    assert sheet.cell(judged, 8).value == "Có"
    assert sheet.cell(judged, 11).value == "QĐ 12/QĐ-UBND"
    assert sheet.cell(row_of(sheet, "1.1"), 10).value == "theo rà soát"


def test_only_input_cells_are_unlocked_and_the_structure_is_protected():
    workbook, sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    assert sheet.protection.sheet
    assert workbook.security.lockStructure
    unlocked = {
        (sheet.cell(cell.row, 1).value, sheet.cell(FIRST_ROW - 1, cell.column).value)
        for row in sheet.iter_rows()
        for cell in row
        if not cell.protection.locked
    }
    number = {"Giá trị", "Chưa triển khai (Có/Không)", "Ghi chú", "Minh chứng"}
    assert unlocked == (
        {("1.1", header) for header in number}
        | {("1.2", header) for header in number | {"Tử số", "Mẫu số"}}
        | {("1.3", header) for header in number}
        | {("2", header) for header in {"Đạt? (Có/Không)", "Chưa triển khai (Có/Không)", "Ghi chú", "Minh chứng"}}
    )
    group = row_of(sheet, "1")
    assert sheet.cell(group, 1).font.bold and sheet.cell(group, 2).font.bold
    assert sheet.cell(group, 5).value is None


def test_yes_no_cells_offer_a_list_of_co_and_khong():
    _workbook, sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"Có,Không"'
    covered = {cell for cell_range in validation.sqref.ranges for cell in cell_range.cells}
    judged = row_of(sheet, "2")
    assert (judged, 8) in covered
    assert all((row_of(sheet, code), 8) not in covered for code in ("1.1", "1.2", "1.3"))
    assert all((row_of(sheet, code), 9) in covered for code in ("1.1", "1.2", "1.3", "2"))


def test_a_locked_report_is_exported_with_every_cell_locked():
    locked = UnitSheet("X-01", "Phường Một", "Đã duyệt", 5, False, LINES)
    _workbook, sheet = open_sheet(write_report_workbook(HEADER, locked))
    assert all(cell.protection.locked for row in sheet.iter_rows() for cell in row)
    assert sheet["C7"].value == "Đã duyệt — chỉ để xem, không nhập lại được"


def test_the_key_sheet_is_very_hidden_protected_and_carries_the_machine_keys():
    workbook, _sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    keys = workbook[KEY_SHEET]
    assert keys.sheet_state == "veryHidden" and keys.protection.sheet
    rows = [[cell for cell in row if cell is not None] for row in keys.iter_rows(values_only=True)]
    assert ["chuong_trinh", "99/KH-UBND", "99-kh-ubnd"] in rows
    assert ["ky", "year", "2024", "1"] in rows
    assert ["don_vi", "X-01", "3"] in rows
    assert [row[1] for row in rows if row[0] == "chi_tieu"] == ["1.1", "1.2", "1.3", "2"]


def test_a_template_reads_back_to_the_figures_it_was_made_from():
    book = read_workbook(write_report_workbook(HEADER, UNIT), filename="mau.xlsx")
    assert book.kind == SheetKind.REPORT and book.keys is not None
    assert book.keys.period == PeriodKey(2024, "year") and book.keys.unit_versions == {"X-01": 3}
    assert {entry.code: entry.figures for entry in book.entries} == {line.code: line.figures for line in LINES}
    assert not book.problems and not any(entry.problems for entry in book.entries)
    assert identity_problems(book, HEADER, SheetKind.REPORT, unit=("X-01", "Phường Một")) == []


def test_bad_cells_are_reported_by_cell_and_indicator():
    workbook, sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    poor, judged = row_of(sheet, "1.1"), row_of(sheet, "2")
    sheet.cell(poor, 5).value = "6.227.000 hộ"
    sheet.cell(judged, 8).value = "Đạt"
    book = read_workbook(saved(workbook))
    problems = [str(problem) for entry in book.entries for problem in entry.problems]
    assert problems[0].startswith(f"Ô E{poor} — chỉ tiêu 1.1: “6.227.000 hộ” không phải là số hợp lệ")
    assert problems[1] == f"Ô H{judged} — chỉ tiêu 2: Chỉ nhận “Có” hoặc “Không”; ô đang ghi “Đạt”."


def test_a_file_for_another_unit_period_or_programme_is_named_as_such():
    book = read_workbook(write_report_workbook(HEADER, UNIT))
    other = replace(
        HEADER,
        program_code="98/KH-UBND",
        program_slug="98-kh-ubnd",
        program_name="Kế hoạch 98/KH-UBND",
        period=PeriodKey(2024, "quarter", 2),
    )
    assert identity_problems(book, other, SheetKind.REPORT, unit=("X-02", "Phường Hai")) == [
        "Tệp này thuộc chương trình 99/KH-UBND, không phải Kế hoạch 98/KH-UBND.",
        "Tệp này là của kỳ “Năm 2024”, không phải kỳ “Quý II/2024”.",
        "Tệp này là của đơn vị mã X-01, không phải Phường Hai (mã X-02).",
    ]
    assert identity_problems(book, HEADER, SheetKind.MULTI_UNIT) == [
        "Tệp này là mẫu báo cáo của một đơn vị; hãy nhập ở trang báo cáo của đơn vị đó."
    ]


def test_without_its_key_sheet_a_file_is_recognised_by_its_headers_and_title_block():
    workbook, _sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    workbook.remove(workbook[KEY_SHEET])
    book = read_workbook(saved(workbook))
    assert book.keys is None and book.kind == SheetKind.REPORT
    assert book.title["Đơn vị báo cáo"] == "Phường Một (mã X-01)"
    assert {entry.code: entry.figures for entry in book.entries}["1.2"] == LINES[2].figures
    assert identity_problems(book, HEADER, SheetKind.REPORT, unit=("X-01", "Phường Một")) == []
    later = replace(HEADER, period=PeriodKey(2025, "year"))
    assert identity_problems(book, later, SheetKind.REPORT, unit=("X-02", "Phường Hai")) == [
        "Tệp này là của kỳ “Năm 2024”, không phải kỳ “Năm 2025”.",
        "Tệp ghi đơn vị “Phường Một (mã X-01)”, không phải Phường Hai (mã X-02).",
    ]
    similar = replace(HEADER, program_code="9/KH-UBND", program_name="Kế hoạch 9/KH-UBND")
    assert identity_problems(book, similar, SheetKind.REPORT, unit=("X-01", "Phường Một")) == [
        "Tệp ghi chương trình “Kế hoạch 99/KH-UBND — Thực hiện chính sách an sinh xã hội”, "
        "không phải Kế hoạch 9/KH-UBND."
    ]


def test_the_multi_unit_sheet_is_long_and_leaves_groups_out():
    other = UnitSheet("X-02", "Phường Hai", "Đã duyệt", 7, False, LINES)
    content = write_multi_unit_workbook(HEADER, [UNIT, other])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook["Tổng hợp"]
    header_row = next(row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value == "Mã đơn vị")
    assert [cell.value for cell in sheet[header_row]][:8] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Giá trị",
        "Tử số",
        "Mẫu số",
        "Ghi chú",
    ]
    rows = [(row[0], row[2]) for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)]
    assert rows == [(unit, code) for unit in ("X-01", "X-02") for code in ("1.1", "1.2", "1.3", "2")]
    editable_rows = {cell.row for row in sheet.iter_rows() for cell in row if not cell.protection.locked}
    assert editable_rows == set(range(header_row + 1, header_row + 5))  # the approved unit's rows stay locked
    book = read_workbook(content)
    assert book.kind == SheetKind.MULTI_UNIT and book.keys is not None
    assert book.keys.unit_versions == {"X-01": 3, "X-02": 7}
    assert [(entry.unit_code, entry.code) for entry in book.entries] == rows


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Không đọc được tệp “x.xlsx”"),
        (b"Ma chi tieu;Gia tri\n1.1;5\n", "Không đọc được tệp “x.xlsx”"),
        (b"PK\x03\x04 not really a zip", "Không đọc được tệp “x.xlsx”"),
    ],
)
def test_an_unreadable_file_gets_a_clear_message(content, message):
    with pytest.raises(UnreadableWorkbook) as error:
        read_workbook(content, filename="x.xlsx")
    assert error.value.message.startswith(message)


def test_a_workbook_that_is_not_a_template_says_what_is_missing():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Họ tên", "Tuổi"])
    with pytest.raises(UnreadableWorkbook, match="Không tìm thấy dòng tiêu đề cột"):
        read_workbook(saved(workbook))
    workbook.active.append(["Mã chỉ tiêu", "Giá trị"])
    with pytest.raises(UnreadableWorkbook, match="thiếu cột: “Tử số”, “Mẫu số”"):
        read_workbook(saved(workbook))


def test_a_tampered_key_sheet_is_refused():
    workbook, _sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    workbook[KEY_SHEET]["B4"] = "week"
    with pytest.raises(UnreadableWorkbook, match="Trang khóa “_ansinh” của tệp đã bị sửa hoặc hỏng"):
        read_workbook(saved(workbook))


def test_a_row_with_figures_but_no_code_is_a_problem_and_a_spacer_row_is_ignored():
    workbook, sheet = open_sheet(write_report_workbook(HEADER, UNIT))
    last = row_of(sheet, "2")
    sheet.cell(last + 2, 5).value = 12  # a figure typed below the table, two rows down
    sheet.cell(last + 3, 2).value = "ghi chép riêng"  # a name-only row, no figure: ignored
    book = read_workbook(saved(workbook))
    assert [str(problem) for problem in book.problems] == [
        f"Ô A{last + 2}: Dòng có số liệu nhưng không có mã chỉ tiêu."
    ]
    assert [entry.code for entry in book.entries] == ["1", "1.1", "1.2", "1.3", "2"]
