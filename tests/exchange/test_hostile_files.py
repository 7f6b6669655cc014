"""Hostile files at every entrance that reads one: each is built here (never committed), is refused with a
clear Vietnamese message, and the refusal stays within bounded memory (tracemalloc's peak: what Python
allocates; without the limits, the spreadsheet reader's own allocation of billions of cells aborts the
whole process, which no test survives)."""

import io
import json
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import openpyxl
import pytest
import xlwt

from ansinh.core import file_limits
from ansinh.core.file_limits import MAX_CELLS, MAX_ERRORS, MAX_RECORDS, MAX_ROWS, FileTooLarge
from ansinh.exchange.formats.dhis2_values import Dhis2FormatError, parse_csv, parse_json
from ansinh.exchange.formats.opensdg import OpenSdgFormatError, parse_tidy_csv
from ansinh.exchange.formats.workbook import UnreadableWorkbook
from ansinh.exchange.formats.workbook_read import read_workbook
from ansinh.exchange.services.spreadsheets import export_report_workbook, import_report_workbook
from ansinh.programs.plan_import.docx import read_docx_text
from ansinh.programs.plan_import.pipeline import PlanFormatError
from ansinh.reporting.models import Report
from ansinh.reporting.services.periods import get_or_open_year_period

BOUND = 40 * 1024 * 1024  # what a refusal may allocate (a few 1 MB chunks at a time, in truth)
SHEET = "xl/worksheets/sheet1.xml"
SHEET_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}'
    "<sheetData>{rows}</sheetData></worksheet>"
)


@contextmanager
def bounded_memory() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < BOUND, f"peak {peak / 2**20:.0f} MB"


def refused(read: Callable[[], object], error: type[Exception]) -> str:
    with bounded_memory(), pytest.raises(error) as caught:
        read()
    return getattr(caught.value, "message", str(caught.value))


def replaced(content: bytes, members: dict[str, bytes | Callable[[zipfile.ZipFile], None]]) -> bytes:
    """A zip with some members rewritten (or written by a callable that streams into the archive)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename not in members:
                archive.writestr(info, source.read(info))
        for name, body in members.items():
            if callable(body):
                body(archive)
            else:
                archive.writestr(name, body)
    return buffer.getvalue()


def small_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Mã chỉ tiêu"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_sheet(rows: str, dimension: str = "") -> bytes:
    body = SHEET_XML.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "", rows=rows)
    return replaced(small_xlsx(), {SHEET: body.encode()})


def padded_member(name: str, size: int) -> Callable[[zipfile.ZipFile], None]:
    """A member of ``size`` bytes of spaces, streamed into the archive 1 MB at a time."""

    def write(archive: zipfile.ZipFile) -> None:
        with archive.open(name, "w", force_zip64=True) as member:
            member.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for _ in range(size // 2**20):
                member.write(b" " * 2**20)
            member.write(b"</sst>")

    return write


def understated(content: bytes, name: str, declared: int) -> bytes:
    """The zip with ``name``'s declared size rewritten (local header and central directory) to ``declared``."""
    data = bytearray(content)
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    central = data.rfind(b"PK\x01\x02" + bytes(data[info.header_offset + 4 : info.header_offset + 6]), 0)
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name.encode():
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    return bytes(data)


# --- workbooks --------------------------------------------------------------------------------------


def test_one_cell_at_the_last_cell_of_a_sheet_is_refused_before_reading():
    bomb = xlsx_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert len(bomb) < 10_000
    message = refused(lambda: read_workbook(bomb, filename="bao-cao.xlsx"), UnreadableWorkbook)
    assert "“bao-cao.xlsx”" in message and "1.048.576 dòng × 16.384 cột" in message
    assert "vượt giới hạn nhập" in message


def test_a_declared_dimension_beyond_the_limits_is_refused_even_with_no_cell_there():
    bomb = xlsx_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', dimension="A1:XFD1048576")
    message = refused(lambda: read_workbook(bomb), UnreadableWorkbook)
    assert "khai báo kích thước 1.048.576 dòng × 16.384 cột" in message


def test_a_million_rows_are_refused_at_the_row_limit():
    rows = f'<row r="{MAX_ROWS + 1}"><c r="A{MAX_ROWS + 1}"><v>1</v></c></row>'
    message = refused(lambda: read_workbook(xlsx_sheet(rows)), UnreadableWorkbook)
    assert "100.001 dòng" in message


def test_cells_without_references_are_counted_by_position():
    wide = "".join("<c><v>1</v></c>" for _ in range(2000))
    message = refused(lambda: read_workbook(xlsx_sheet(f"<row>{wide}</row>")), UnreadableWorkbook)
    assert "1 dòng × 1.025 cột" in message


def test_a_zip_bomb_is_refused_by_its_expanded_size():
    bomb = replaced(small_xlsx(), {"xl/sharedStrings.xml": padded_member("xl/sharedStrings.xml", 70 * 2**20)})
    assert len(bomb) < 1_000_000
    message = refused(lambda: read_workbook(bomb), UnreadableWorkbook)
    assert "khi giải nén vượt 64 MB" in message


def test_a_member_that_lies_about_its_size_is_measured_by_inflating_it():
    bomb = replaced(small_xlsx(), {"xl/sharedStrings.xml": padded_member("xl/sharedStrings.xml", 70 * 2**20)})
    lying = understated(bomb, "xl/sharedStrings.xml", 1000)
    message = refused(lambda: read_workbook(lying), UnreadableWorkbook)
    assert "khi giải nén vượt 64 MB" in message


def test_an_ods_cell_repeated_over_the_whole_sheet_is_refused():
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="Báo cáo"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
    message = refused(lambda: read_workbook(buffer.getvalue(), filename="x.ods"), UnreadableWorkbook)
    assert "Trang “Báo cáo”" in message and "1.048.576 dòng × 16.384 cột" in message


def test_an_xls_with_a_cell_at_its_last_row_and_column_is_refused():
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Báo cáo")
    sheet.write(0, 0, "Mã chỉ tiêu")
    sheet.write(65535, 255, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert MAX_CELLS < 65536 * 256
    message = refused(lambda: read_workbook(buffer.getvalue(), filename="x.xls"), UnreadableWorkbook)
    assert "65.536 dòng × 256 cột" in message


def test_the_refusal_reaches_the_person_importing_and_nothing_is_written(world):
    period = get_or_open_year_period(world.program, 2025)
    unit = world.new_communes[0]
    bomb = xlsx_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    with bounded_memory():
        result = import_report_workbook(period, unit, bomb, filename="bom.xlsx")
    assert not result.ok and "vượt giới hạn nhập" in result.errors[0]
    assert not Report.objects.filter(period=period).exists()


def test_a_real_template_passes_the_limits_untouched(world):
    period = get_or_open_year_period(world.program, 2025)
    content = export_report_workbook(period, world.new_communes[0])
    file_limits.check_spreadsheet(content)
    assert read_workbook(content).entries


def test_only_the_first_hundred_problems_are_listed_and_all_are_counted(world):
    period = get_or_open_year_period(world.program, 2025)
    unit = world.new_communes[0]
    book = openpyxl.load_workbook(io.BytesIO(export_report_workbook(period, unit)))
    sheet = book["Báo cáo"]
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Mã chỉ tiêu")
    for row in range(header + 1, header + 251):
        sheet.cell(row, 1, f"9.{row}")
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_report_workbook(period, unit, buffer.getvalue(), filename="x.xlsx")
    assert len(result.problems) == MAX_ERRORS + 1
    assert result.message.startswith("Tệp có 250 lỗi")
    assert result.errors[-1] == "… và 150 lỗi khác (chỉ liệt kê 100 lỗi đầu)."


# --- a Word plan -----------------------------------------------------------------------------------


def small_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_refused_before_python_docx_reads_it():
    bomb = replaced(small_docx(), {"word/document.xml": padded_member("word/document.xml", 20 * 2**20)})
    message = refused(lambda: read_docx_text(io.BytesIO(bomb)), PlanFormatError)
    assert "khi giải nén vượt 16 MB" in message


def test_a_docx_of_too_many_paragraphs_is_refused():
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = f"<w:document {namespace}><w:body>" + "<w:p/>" * (file_limits.MAX_DOCX_BLOCKS + 1) + "</w:body></w:document>"
    message = refused(
        lambda: read_docx_text(io.BytesIO(replaced(small_docx(), {"word/document.xml": body.encode()}))),
        PlanFormatError,
    )
    assert "hơn 200.000 đoạn" in message


def test_a_normal_docx_still_reads():
    assert "KẾ HOẠCH" in read_docx_text(io.BytesIO(small_docx()))


# --- DHIS2 and Open SDG ----------------------------------------------------------------------------


def test_a_dhis2_json_of_too_many_values_is_refused_before_parsing():
    text = '{"dataValues": [' + ",".join(["{}"] * (MAX_RECORDS + 1)) + "]}"
    message = refused(lambda: parse_json(text), Dhis2FormatError)
    assert "hơn 200.000 giá trị" in message


def test_a_deeply_nested_dhis2_json_is_a_clear_error():
    with pytest.raises(Dhis2FormatError) as caught:
        parse_json("[" * 200_000 + "]" * 200_000)
    assert "lồng nhau quá sâu" in caught.value.message


def test_a_dhis2_csv_of_too_many_rows_is_refused():
    text = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n" + "a,2024,X,,,1\n" * (MAX_RECORDS + 1)
    message = refused(lambda: parse_csv(text), Dhis2FormatError)
    assert "hơn 200.000 giá trị" in message


def test_dhis2_errors_are_listed_up_to_a_hundred():
    text = json.dumps({"dataValues": [{"value": "1"}] * 500})
    with pytest.raises(Dhis2FormatError) as caught:
        parse_json(text)
    assert caught.value.message == "Tệp có 500 lỗi; chưa nhập gì."
    assert len(caught.value.errors) == MAX_ERRORS + 1
    assert caught.value.errors[-1].startswith("… và 400 lỗi khác")


def test_an_open_sdg_csv_of_too_many_rows_is_refused():
    text = "Year,Value\n" + "2024,1\n" * (MAX_RECORDS + 1)
    message = refused(lambda: parse_tidy_csv(text), OpenSdgFormatError)
    assert "hơn 200.000 dòng" in message


# --- the limits themselves --------------------------------------------------------------------------


def test_a_sheet_at_the_limits_passes_and_one_past_them_does_not():
    file_limits.check_extent("x", file_limits.Extent(MAX_ROWS, 20, MAX_ROWS * 20))
    with pytest.raises(FileTooLarge):
        file_limits.check_extent("x", file_limits.Extent(MAX_ROWS + 1, 1, 1))
    with pytest.raises(FileTooLarge):
        file_limits.check_extent("x", file_limits.Extent(MAX_ROWS, 21, 1))
