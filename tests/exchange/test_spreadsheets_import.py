"""Spreadsheets against the database: export a unit's template and the agency's sheet, fill them in as a
person would (openpyxl), or re-save them in old formats (.xls with xlwt, .ods by hand), and import them
back through save_values — every figure or none."""

import io
import zipfile
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import openpyxl
import pytest
import python_calamine
import xlwt

from ansinh.audit.models import AuditEvent
from ansinh.exchange.formats.workbook import KEY_SHEET, MULTI_UNIT_SHEET, REPORT_SHEET
from ansinh.exchange.formats.workbook_read import FALLBACK_NOTICE
from ansinh.exchange.services.spreadsheets import (
    SheetImportResult,
    UnitOutcome,
    export_multi_unit_workbook,
    export_report_workbook,
    import_multi_unit_workbook,
    import_report_workbook,
    report_workbook_filename,
)
from ansinh.exchange.services.tables import audited_table
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Aggregation, Indicator, Program, ValueType
from ansinh.reporting.models import Assignment, AssignmentRole, DataValue, DataValueChange, Report
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    city = OrgUnit.objects.create(code="T-01", name="Thành phố Thử", kind="province")
    for code, name in (("X-01", "Phường Một"), ("X-02", "Phường Hai")):
        OrgUnit.objects.create(code=code, name=name, kind="commune", parent=city)
    OrgUnit.objects.create(
        code="X-00", name="Xã Cũ", kind="commune", parent=city, valid_from=date(2000, 1, 1), valid_to=date(2023, 6, 30)
    )
    program = Program.objects.create(
        slug="99-kh-ubnd",
        code="99/KH-UBND",
        kind="Kế hoạch",
        title="Thực hiện chính sách an sinh xã hội",
        issuer="UBND Thành phố",
        issued_on=date(2024, 1, 5),
        start_year=2024,
        end_year=2026,
        owner_unit=city,
    )
    group = Indicator.objects.create(program=program, code="1", name="Giảm nghèo", is_group=True)
    for code, name, unit, value_type, aggregation in (
        ("1.1", "Số hộ nghèo", "hộ", ValueType.NUMBER, Aggregation.SUM),
        ("1.2", "Tỷ lệ hộ nghèo", "%", ValueType.PERCENT, Aggregation.RATIO),
        ("1.3", "Thu nhập bình quân", "triệu đồng", ValueType.NUMBER, Aggregation.WEIGHTED_MEAN),
    ):
        Indicator.objects.create(
            program=program,
            parent=group,
            code=code,
            name=name,
            unit=unit,
            value_type=value_type,
            aggregation=aggregation,
            target_text="dưới 3%" if code == "1.2" else "",
        )
    Indicator.objects.create(program=program, code="2", name="Ban hành kế hoạch", value_type=ValueType.YES_NO)
    for indicator in program.indicators.filter(is_group=False):
        add_assignment(indicator, role=AssignmentRole.COMMUNES)
    period = get_or_open_year_period(program, 2024)
    period.deadline = date(2024, 11, 29)
    period.save()
    return period


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def values_of(period, unit_code: str) -> dict[str, DataValue]:
    return {
        value.indicator.code: value
        for value in DataValue.objects.filter(report__period=period, report__unit__code=unit_code).select_related(
            "indicator"
        )
    }


class Filled:
    """An exported workbook opened in openpyxl, to type into it as a person would."""

    def __init__(self, content: bytes, sheet_name: str = REPORT_SHEET):
        self.workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.sheet = self.workbook[sheet_name]
        self.columns = {}
        for row in self.sheet.iter_rows():
            if any(cell.value == "Mã chỉ tiêu" for cell in row):
                self.columns = {cell.value.split(" (")[0]: cell.column for cell in row if cell.value}
                self.header_row = row[0].row
                break

    def row(self, code: str, unit_code: str = "") -> int:
        code_column = self.columns["Mã chỉ tiêu"]
        for cells in self.sheet.iter_rows(min_row=self.header_row + 1):
            if cells[code_column - 1].value == code and (not unit_code or cells[0].value == unit_code):
                return cells[0].row
        raise KeyError(code)

    def ref(self, code: str, header: str, unit_code: str = "") -> str:
        return f"{openpyxl.utils.get_column_letter(self.columns[header])}{self.row(code, unit_code)}"

    def type(self, code: str, unit_code: str = "", /, **cells) -> "Filled":
        """Type into the row of ``code`` (and ``unit_code``); a new code or unit code is typed last."""
        names = {
            "value": "Giá trị",
            "numerator": "Tử số",
            "denominator": "Mẫu số",
            "achieved": "Đạt?",
            "not_implemented": "Chưa triển khai",
            "note": "Ghi chú",
            "evidence": "Minh chứng",
            "code": "Mã chỉ tiêu",
            "unit_code": "Mã đơn vị",
        }
        row = self.row(code, unit_code)
        for name, value in sorted(cells.items(), key=lambda item: item[0] in ("code", "unit_code")):
            self.sheet.cell(row, self.columns[names[name]], value)
        return self

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def grids(content: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook as calamine reads it: what another program would save again."""
    book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def as_xls(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    for name, grid in sheets.items():
        sheet = workbook.add_sheet(name)
        if name in hidden:
            sheet.visibility = 2  # very hidden, as Excel keeps the template's key sheet
        for row_index, row in enumerate(grid):
            for column_index, value in enumerate(row):
                if value != "":
                    sheet.write(row_index, column_index, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value) -> str:
    if value == "" or value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"/>'
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value!r}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def as_ods(sheets: dict[str, list[list]]) -> bytes:
    """A minimal valid OpenDocument spreadsheet: ``mimetype`` stored first, a manifest, the content."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in grid)
        + "</table:table>"
        for name, grid in sheets.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def set_cell(grid: list[list], ref: str, value) -> None:
    column, row = openpyxl.utils.cell.coordinate_from_string(ref)
    grid[row - 1][openpyxl.utils.column_index_from_string(column) - 1] = value


# --- one unit ---------------------------------------------------------------------------------------


def test_round_trip_export_fill_import_writes_values_and_history(plan, admin_user):
    filled = Filled(export_report_workbook(plan, unit("X-01")))
    filled.type("1.1", value=6227000, note="Theo rà soát cuối năm")
    filled.type("1.2", numerator=223, denominator=10000)
    filled.type("1.3", value=2.23)
    filled.type("2", achieved="Có", evidence="Kế hoạch số 12/KH-UBND")
    result = import_report_workbook(plan, unit("X-01"), filled.bytes(), filename="x01.xlsx", actor=admin_user)

    assert result.ok, result.errors
    assert (result.changed, result.unchanged, result.notices) == (4, 0, [])
    stored = values_of(plan, "X-01")
    assert stored["1.1"].value == Decimal("6227000") and stored["1.1"].note == "Theo rà soát cuối năm"
    assert (stored["1.2"].numerator, stored["1.2"].denominator, stored["1.2"].value) == (223, 10000, Decimal("2.23"))
    assert stored["1.3"].value == Decimal("2.23")
    assert stored["2"].achieved is True and stored["2"].evidence == "Kế hoạch số 12/KH-UBND"
    assert "1" not in stored  # the group row carries no figure
    assert DataValueChange.objects.filter(data_value__report__unit__code="X-01").count() == 4
    assert all(value.updated_by == admin_user for value in stored.values())
    report = Report.objects.get(period=plan, unit__code="X-01")
    assert report.version == 1
    event = AuditEvent.objects.get(action="report.import_spreadsheet")
    assert event.actor == admin_user and "x01.xlsx" in event.summary and "4 số liệu thay đổi" in event.summary
    assert result.message == "Đã nhập số liệu từ tệp: 4 số liệu thay đổi, 0 không đổi."

    # The next export is pre-filled with what was imported; importing it untouched changes nothing.
    again = import_report_workbook(plan, unit("X-01"), export_report_workbook(plan, unit("X-01")), actor=admin_user)
    assert again.ok and (again.changed, again.unchanged) == (0, 4)
    assert DataValueChange.objects.count() == 4


def test_one_bad_cell_imports_nothing_and_names_the_cell_then_the_fixed_file_imports_everything(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01")))
    filled.type("1.1", value=1500)
    filled.type("1.3", value="hai phẩy ba")
    failed = import_report_workbook(plan, unit("X-01"), filled.bytes())

    assert not failed.ok
    bad = filled.ref("1.3", "Giá trị")
    assert failed.errors == [
        f"Ô {bad} — chỉ tiêu 1.3: “hai phẩy ba” không phải là số hợp lệ. Dùng dấu phẩy cho phần thập phân "
        "và dấu chấm để tách hàng nghìn, ví dụ 2,23 hoặc 203.027."
    ]
    assert failed.message == "Tệp có 1 lỗi; chưa nhập số liệu nào. Hãy sửa rồi tải lên lại."
    assert not DataValue.objects.exists()
    assert not Report.objects.filter(unit__code="X-01").exists()  # not even the report was kept

    fixed = import_report_workbook(plan, unit("X-01"), filled.type("1.3", value="2,3").bytes())
    assert fixed.ok and fixed.changed == 2
    assert {code: value.value for code, value in values_of(plan, "X-01").items()} == {
        "1.1": Decimal("1500"),
        "1.3": Decimal("2.3"),
    }


def test_figures_typed_as_vietnamese_text_are_read_as_vietnamese_numbers(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01")))
    filled.type("1.1", value="6.227.000")
    filled.type("1.2", value="2,23%", numerator="1.234", denominator="55.336")
    filled.type("1.3", value="1.234,5")
    assert import_report_workbook(plan, unit("X-01"), filled.bytes()).ok
    stored = values_of(plan, "X-01")
    assert stored["1.1"].value == Decimal("6227000")
    # With its numerator and denominator, a rate is computed from them (1.234 / 55.336 × 100).
    assert (stored["1.2"].value, stored["1.2"].numerator, stored["1.2"].denominator) == (
        Decimal("2.230013"),
        Decimal("1234"),
        Decimal("55336"),
    )
    assert stored["1.3"].value == Decimal("1234.5")


def test_a_decimal_float_with_three_places_is_not_mistaken_for_thousands(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01"))).type("1.3", value=1.234)
    assert import_report_workbook(plan, unit("X-01"), filled.bytes()).ok
    assert values_of(plan, "X-01")["1.3"].value == Decimal("1.234")


def test_a_percentage_above_100_is_refused_by_the_existing_validation(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01"))).type("1.2", value=150).type("1.1", value=7)
    result = import_report_workbook(plan, unit("X-01"), filled.bytes())
    assert result.errors == [
        f"Ô {filled.ref('1.2', 'Giá trị')} — chỉ tiêu 1.2: Tỷ lệ phần trăm phải nằm trong khoảng 0–100; đang là 150."
    ]
    assert not DataValue.objects.exists()


def test_a_numerator_above_its_denominator_is_named_at_the_numerator(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01"))).type("1.2", numerator=120, denominator=100)
    result = import_report_workbook(plan, unit("X-01"), filled.bytes())
    assert result.errors == [
        f"Ô {filled.ref('1.2', 'Tử số')} — chỉ tiêu 1.2: Tử số (120) lớn hơn mẫu số (100): "
        "tỷ lệ phần trăm không thể vượt quá 100%."
    ]


def test_every_problem_is_listed_row_by_row(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01")))
    filled.type("2", achieved="Đạt rồi")
    filled.type("1.2", value=101)
    filled.type("1.1", value="nhiều")
    filled.type("1", value=5)  # the group row (someone unprotected the sheet)
    result = import_report_workbook(plan, unit("X-01"), filled.bytes())
    assert [error.split(":")[0] for error in result.errors] == [
        f"Ô {filled.ref('1', 'Mã chỉ tiêu')} — chỉ tiêu 1",
        f"Ô {filled.ref('1.1', 'Giá trị')} — chỉ tiêu 1.1",
        f"Ô {filled.ref('1.2', 'Giá trị')} — chỉ tiêu 1.2",
        f"Ô {filled.ref('2', 'Đạt?')} — chỉ tiêu 2",
    ]
    assert "Đây là nhóm chỉ tiêu, không nhập số liệu." in result.errors[0]


def test_an_unknown_indicator_code_is_an_error_of_its_row(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01"))).type("1.3", value=5, code="9.9")
    result = import_report_workbook(plan, unit("X-01"), filled.bytes())
    assert result.errors == [f"Ô A{filled.row('9.9')} — chỉ tiêu 9.9: Không có chỉ tiêu mã “9.9” trong chương trình."]


def test_an_indicator_the_unit_was_not_given_is_refused(plan):
    assigned = [Indicator.objects.get(program=plan.program, code="1.1")]
    filled = Filled(export_report_workbook(plan, unit("X-01"), assigned))
    assert [filled.sheet.cell(row, 1).value for row in range(filled.header_row + 1, filled.header_row + 3)] == [
        "1",  # its group comes along as a section row
        "1.1",
    ]
    filled.type("1.1", value=3, code="1.3")
    result = import_report_workbook(plan, unit("X-01"), filled.bytes())
    assert result.errors == [f"Ô A{filled.row('1.3')} — chỉ tiêu 1.3: Chỉ tiêu này không có trong mẫu đã tải về."]


def test_a_file_for_another_unit_period_or_programme_is_refused(plan):
    content = Filled(export_report_workbook(plan, unit("X-01"))).type("1.1", value=5).bytes()

    other_unit = import_report_workbook(plan, unit("X-02"), content)
    assert other_unit.errors == ["Tệp này là của đơn vị mã X-01, không phải Phường Hai (mã X-02)."]

    next_year = get_or_open_year_period(plan.program, 2025)
    other_period = import_report_workbook(next_year, unit("X-01"), content)
    assert other_period.errors == ["Tệp này là của kỳ “Năm 2024”, không phải kỳ “Năm 2025”."]

    another = Program.objects.create(
        slug="98-kh-ubnd",
        code="98/KH-UBND",
        kind="Kế hoạch",
        title="Khác",
        issuer="UBND",
        issued_on=date(2024, 1, 1),
        start_year=2024,
        end_year=2025,
        owner_unit=unit("T-01"),
    )
    other_program = import_report_workbook(get_or_open_year_period(another, 2024), unit("X-01"), content)
    assert other_program.errors == ["Tệp này thuộc chương trình 99/KH-UBND, không phải Kế hoạch 98/KH-UBND."]
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("step", ["submitted", "approved"])
def test_a_locked_report_is_refused(plan, step):
    report = get_or_create_report(plan, unit("X-01"))
    save_values(report, [ValueInput(Indicator.objects.get(program=plan.program, code="1.1"), text="10")])
    content = Filled(export_report_workbook(plan, unit("X-01"))).type("1.1", value=99).bytes()
    report = submit_report(report)
    if step == "approved":
        report = approve_report(report)
    result = import_report_workbook(plan, unit("X-01"), content)
    status = "Đã gửi" if step == "submitted" else "Đã duyệt"
    assert result.errors == [f"Báo cáo của Phường Một (mã X-01) đang ở trạng thái “{status}”, không nhập lại được."]
    assert values_of(plan, "X-01")["1.1"].value == 10


def test_a_file_older_than_the_reports_last_change_is_refused(plan):
    content = Filled(export_report_workbook(plan, unit("X-01"))).type("1.3", value=4).bytes()
    report = get_or_create_report(plan, unit("X-01"))
    save_values(report, [ValueInput(Indicator.objects.get(program=plan.program, code="1.1"), text="10")])
    result = import_report_workbook(plan, unit("X-01"), content)
    assert result.errors == [
        "Báo cáo của Phường Một (mã X-01) đã được cập nhật sau khi tải tệp này (phiên bản trong tệp 0, hiện tại 1); "
        "hãy tải mẫu mới để khỏi ghi đè số liệu mới hơn."
    ]
    assert values_of(plan, "X-01")["1.1"].value == 10  # the blank cell of the old file did not erase it


def test_a_closed_period_is_refused(plan):
    content = Filled(export_report_workbook(plan, unit("X-01"))).type("1.1", value=5).bytes()
    plan.is_open = False
    plan.save()
    assert import_report_workbook(plan, unit("X-01"), content).errors == [
        "Kỳ báo cáo “Năm 2024” đã đóng, không nhập số liệu được."
    ]


def test_an_unreadable_file_gets_a_clear_message_not_a_traceback(plan):
    result = import_report_workbook(plan, unit("X-01"), b"Ma chi tieu,Gia tri\n1.1,5\n", filename="so-lieu.csv")
    assert result.errors == [
        "Không đọc được tệp “so-lieu.csv”: tệp không phải bảng tính Excel (.xlsx, .xls) hoặc OpenDocument (.ods), "
        "hoặc đã bị hỏng."
    ]


def test_an_old_xls_with_its_key_sheet_imports(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01")))
    sheets = grids(filled.bytes())
    set_cell(sheets[REPORT_SHEET], filled.ref("1.1", "Giá trị"), 6227000)
    set_cell(sheets[REPORT_SHEET], filled.ref("1.2", "Giá trị"), "2,23")
    set_cell(sheets[REPORT_SHEET], filled.ref("2", "Đạt?"), "Không")
    result = import_report_workbook(plan, unit("X-01"), as_xls(sheets, hidden=(KEY_SHEET,)), filename="x01.xls")
    assert result.ok, result.errors
    assert result.notices == []
    stored = values_of(plan, "X-01")
    assert (stored["1.1"].value, stored["1.2"].value, stored["2"].achieved) == (6227000, Decimal("2.23"), False)


def test_an_ods_without_the_key_sheet_imports_by_its_headers_and_title_block_and_says_so(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01")))
    sheets = grids(filled.bytes())
    del sheets[KEY_SHEET]
    set_cell(sheets[REPORT_SHEET], filled.ref("1.1", "Giá trị"), 1500.0)
    set_cell(sheets[REPORT_SHEET], filled.ref("1.3", "Giá trị"), "6.227.000,5")
    set_cell(sheets[REPORT_SHEET], filled.ref("1.3", "Chưa triển khai"), True)
    result = import_report_workbook(plan, unit("X-01"), as_ods(sheets), filename="x01.ods")
    assert result.ok, result.errors
    assert result.notices == [FALLBACK_NOTICE]
    stored = values_of(plan, "X-01")
    assert stored["1.1"].value == 1500
    assert stored["1.3"].value == Decimal("6227000.5") and stored["1.3"].not_implemented


def test_an_xls_without_the_key_sheet_for_another_unit_is_refused_by_its_title_block(plan):
    sheets = grids(export_report_workbook(plan, unit("X-01")))
    del sheets[KEY_SHEET]
    result = import_report_workbook(plan, unit("X-02"), as_xls(sheets), filename="x01.xls")
    assert result.errors == ["Tệp ghi đơn vị “Phường Một (mã X-01)”, không phải Phường Hai (mã X-02)."]
    assert result.notices == [FALLBACK_NOTICE]


def test_the_download_has_an_ascii_file_name(plan):
    assert report_workbook_filename(plan, unit("X-01")) == "ansinh-99-kh-ubnd-2024-X-01.xlsx"
    assert report_workbook_filename(plan) == "ansinh-99-kh-ubnd-2024-tong-hop.xlsx"


# --- many units -------------------------------------------------------------------------------------


def everyone(_unit: OrgUnit) -> bool:
    return True


def agency_sheet(plan) -> Filled:
    return Filled(export_multi_unit_workbook(plan, [unit("X-01"), unit("X-02")]), MULTI_UNIT_SHEET)


def test_the_agency_sheet_imports_every_unit_and_counts_per_unit(plan, admin_user):
    report = get_or_create_report(plan, unit("X-02"))
    save_values(report, [ValueInput(Indicator.objects.get(program=plan.program, code="1.1"), text="40")])
    filled = agency_sheet(plan)
    assert filled.sheet[filled.ref("1.1", "Giá trị", "X-02")].value == 40  # pre-filled
    filled.type("1.1", "X-01", value=12)
    filled.type("1.2", "X-01", numerator=5, denominator=200)
    filled.type("2", "X-02", achieved="Có")
    result = import_multi_unit_workbook(plan, filled.bytes(), may_write=everyone, actor=admin_user)
    assert result.ok, result.errors
    assert {(o.unit.code, o.changed, o.unchanged) for o in result.outcomes} == {("X-01", 2, 0), ("X-02", 1, 1)}
    assert result.message == "Đã nhập số liệu của 2 đơn vị từ tệp: 3 số liệu thay đổi, 1 không đổi."
    assert values_of(plan, "X-01")["1.2"].value == Decimal("2.5")
    assert values_of(plan, "X-02")["2"].achieved is True


def test_the_agency_sheet_imports_all_units_or_nothing(plan):
    filled = agency_sheet(plan)
    filled.type("1.1", "X-01", value=12)
    filled.type("1.2", "X-02", value=250)
    filled.type("1.3", "X-02", value="x")
    result = import_multi_unit_workbook(plan, filled.bytes(), may_write=everyone)
    assert result.errors[0].startswith(f"Ô {filled.ref('1.2', 'Giá trị', 'X-02')} — đơn vị X-02, chỉ tiêu 1.2: ")
    assert result.errors[1].startswith(f"Ô {filled.ref('1.3', 'Giá trị', 'X-02')} — đơn vị X-02, chỉ tiêu 1.3: ")
    assert len(result.errors) == 2 and not result.outcomes
    assert not DataValue.objects.exists() and not Report.objects.exists()

    fixed = filled.type("1.2", "X-02", value=25).type("1.3", "X-02", value=3)
    result = import_multi_unit_workbook(plan, fixed.bytes(), may_write=everyone)
    assert result.ok and result.changed == 3
    assert set(Report.objects.values_list("unit__code", flat=True)) == {"X-01", "X-02"}


def test_a_unit_outside_the_persons_scope_is_an_error_of_each_of_its_rows(plan):
    filled = agency_sheet(plan).type("1.1", "X-01", value=12).type("1.1", "X-02", value=3)
    result = import_multi_unit_workbook(plan, filled.bytes(), may_write=lambda u: u.code == "X-01")
    rows = [filled.row(code, "X-02") for code in ("1.1", "1.2", "1.3", "2")]
    assert result.errors == [
        f"Ô A{row} — đơn vị X-02, chỉ tiêu {code}: Bạn không có quyền nhập số liệu cho Phường Hai (mã X-02)."
        for row, code in zip(rows, ("1.1", "1.2", "1.3", "2"), strict=True)
    ]
    assert not DataValue.objects.exists()


def test_agency_rows_for_unknown_or_foreign_or_defunct_units_are_refused(plan):
    filled = agency_sheet(plan)
    unknown, foreign = filled.row("1.1", "X-02"), filled.row("1.2", "X-02")
    filled.type("1.1", "X-02", unit_code="Z-99", value=1)
    filled.type("1.2", "X-02", unit_code="T-01", value=1)
    result = import_multi_unit_workbook(plan, filled.bytes(), may_write=everyone)
    assert result.errors == [
        f"Ô A{unknown} — đơn vị Z-99, chỉ tiêu 1.1: Không có đơn vị mã “Z-99”.",
        f"Ô A{foreign} — đơn vị T-01, chỉ tiêu 1.2: Đơn vị này không có trong bảng đã tải về.",
    ]

    # The communes' assignments would leave a defunct commune's sheet empty: a sheet from before them.
    Assignment.objects.filter(indicator__program=plan.program).delete()
    defunct = Filled(export_multi_unit_workbook(plan, [unit("X-00")]), MULTI_UNIT_SHEET).type("1.1", "X-00", value=1)
    result = import_multi_unit_workbook(plan, defunct.bytes(), may_write=everyone)
    assert result.errors == [
        f"Ô A{defunct.row('1.1', 'X-00')} — đơn vị X-00, chỉ tiêu 1.1: Đơn vị Xã Cũ (mã X-00) không tồn tại trong "
        "kỳ báo cáo này (hiệu lực từ 01/01/2000 đến 30/06/2023)."
    ]


def test_an_agency_sheet_with_a_locked_unit_imports_nothing(plan):
    report = get_or_create_report(plan, unit("X-02"))
    save_values(report, [ValueInput(Indicator.objects.get(program=plan.program, code="1.1"), text="40")])
    submit_report(report)
    filled = agency_sheet(plan).type("1.1", "X-01", value=12)
    filled.sheet[filled.ref("1.1", "Giá trị", "X-02")] = 41  # typed into a locked row after unprotecting
    result = import_multi_unit_workbook(plan, filled.bytes(), may_write=everyone)
    assert result.errors == [
        f"Ô A{filled.row('1.1', 'X-02')} — đơn vị X-02, chỉ tiêu 1.1: Báo cáo của Phường Hai (mã X-02) đang ở "
        "trạng thái “Đã gửi”, không nhập lại được."
    ]
    assert not values_of(plan, "X-01")


def test_an_agency_sheet_resaved_as_ods_imports_by_its_headers(plan):
    filled = agency_sheet(plan)
    sheets = grids(filled.bytes())
    del sheets[KEY_SHEET]
    set_cell(sheets[MULTI_UNIT_SHEET], filled.ref("1.1", "Giá trị", "X-02"), "1.500")
    result = import_multi_unit_workbook(plan, as_ods(sheets), may_write=everyone, filename="tong-hop.ods")
    assert result.ok, result.errors
    assert result.notices == [FALLBACK_NOTICE]
    assert values_of(plan, "X-02")["1.1"].value == 1500


def test_a_unit_template_is_not_taken_for_an_agency_sheet_and_back(plan):
    unit_file = export_report_workbook(plan, unit("X-01"))
    assert import_multi_unit_workbook(plan, unit_file, may_write=everyone).errors == [
        "Tệp này là mẫu báo cáo của một đơn vị; hãy nhập ở trang báo cáo của đơn vị đó."
    ]
    agency_file = export_multi_unit_workbook(plan, [unit("X-01")])
    assert import_report_workbook(plan, unit("X-01"), agency_file).errors == [
        "Tệp này là bảng tổng hợp nhiều đơn vị; hãy nhập ở chức năng nhập bảng tổng hợp."
    ]


def test_an_indicator_on_two_rows_is_an_error_of_the_second(plan):
    filled = Filled(export_report_workbook(plan, unit("X-01"))).type("1.1", value=1)
    second = filled.row("1.3")
    filled.type("1.3", value=2, code="1.1")
    result = import_report_workbook(plan, unit("X-01"), filled.bytes())
    assert result.errors == [f"Ô A{second} — chỉ tiêu 1.1: Chỉ tiêu này xuất hiện ở hơn một dòng; chỉ giữ một dòng."]


def test_large_counts_are_written_the_vietnamese_way(world):
    """A city's sheet of thousands of communes, a list of thousands of budget lines: "1.234", not "1234"."""
    outcomes = [UnitOutcome(OrgUnit(), Report(), changed=1_200, unchanged=3_400, budget_changed=1_000)] * 2
    assert SheetImportResult(outcomes=outcomes).message == (
        "Đã nhập số liệu của 2 đơn vị từ tệp: 2.400 số liệu thay đổi, 6.800 không đổi; kinh phí: 2.000 dòng thay đổi."
    )
    audited_table(world.program, what="Kinh phí", headers=["Số"], rows=([n] for n in range(1_234)), actor=None)
    assert AuditEvent.objects.get(action="exchange.export").summary.startswith("Xuất Excel Kinh phí: 1.234 dòng — ")
