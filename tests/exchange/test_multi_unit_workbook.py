"""The standing agency's sheet of a period as a roll-up (issues 15 and 21): each unit lists only what it is
assigned, a totals sheet gives the approved total the evaluation reads and what the sheet adds up to, and
the writer streams (write-only, each style built once) so that memory does not grow with the units."""

import io
import tracemalloc
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from ansinh.exchange.formats.workbook import (
    MULTI_UNIT_SHEET,
    TOTALS_SHEET,
    Field,
    Figures,
    IndicatorLine,
    ReportHeader,
    TotalSpec,
    UnitSheet,
)
from ansinh.exchange.formats.workbook_read import read_workbook
from ansinh.exchange.formats.workbook_write import write_multi_unit_workbook
from ansinh.exchange.services.spreadsheets import export_multi_unit_workbook
from ansinh.reporting.models import ApprovedTotal, AssignmentRole
from ansinh.reporting.selectors import expected_reports
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey
from ansinh.rules.rollup import Sums

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(world):
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    add_assignment(world.supported, role=AssignmentRole.LEAD, unit=world.lead)
    add_assignment(world.scheme, role=AssignmentRole.LEAD, unit=world.partner)
    period = get_or_open_year_period(world.program, 2025)
    first = get_or_create_report(period, world.new_communes[0])
    save_values(first, [ValueInput(world.coverage, numerator_text="90", denominator_text="100")])
    second = get_or_create_report(period, world.new_communes[1])
    save_values(second, [ValueInput(world.coverage, numerator_text="45", denominator_text="60")])
    # What the approval of two other communes left in the maintained totals of the province.
    ApprovedTotal.objects.create(
        area=world.province,
        period=period,
        indicator=world.coverage,
        value_sum=Decimal("170"),
        value_count=2,
        numerator_sum=Decimal("170"),
        denominator_sum=Decimal("201"),
        parts_count=2,
    )
    return period


def rows_of(content: bytes, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


def test_each_unit_lists_only_the_indicators_it_is_assigned(period, world):
    units = [expected.unit for expected in expected_reports(period)]
    content = export_multi_unit_workbook(period, units)
    codes = {unit.code for unit in units}
    listed = [(row[0], row[2]) for row in rows_of(content, MULTI_UNIT_SHEET) if row[0] in codes]
    communes = {unit.code for unit in world.new_communes}
    assert sorted(listed) == sorted({(code, "1.1") for code in communes} | {("T-LDXH", "1.2"), ("T-SYT", "2")})


def test_the_totals_sheet_gives_the_approved_total_and_what_the_sheet_adds_up_to(period, world):
    units = [expected.unit for expected in expected_reports(period)]
    content = export_multi_unit_workbook(period, units)
    totals = {row[0]: row for row in rows_of(content, TOTALS_SHEET) if row and row[0] in ("1.1", "1.2", "2")}
    coverage = totals["1.1"]
    assert coverage[4] == len(world.new_communes)  # units that report it
    assert coverage[5] == 2  # approved units counted in the maintained total
    assert coverage[6] == pytest.approx(84.58)  # 170 × 100 / 201, a ratio of sums, rounded to 2 places
    assert coverage[7] == 2  # figures in the sheet, whatever their status
    assert coverage[8] == pytest.approx(84.38)  # (90 + 45) × 100 / (100 + 60)
    assert totals["1.2"][5] == 0 and totals["1.2"][6] is None


def test_the_workbook_opens_on_its_totals_and_imports_back_as_before(period, world):
    units = [expected.unit for expected in expected_reports(period)]
    content = export_multi_unit_workbook(period, units)
    opened = openpyxl.load_workbook(io.BytesIO(content))
    assert opened.active.title == TOTALS_SHEET
    data = opened[MULTI_UNIT_SHEET]
    header_row = next(row[0].row for row in data.iter_rows() if row[0].value == "Mã đơn vị")
    assert data.freeze_panes == f"E{header_row + 1}" and data.sheet_properties.pageSetUpPr.fitToPage
    assert data.protection.sheet and opened[TOTALS_SHEET].freeze_panes == "C5"
    book = read_workbook(content)
    assert book.keys is not None and set(book.keys.unit_versions) == {unit.code for unit in units}
    coverage = [entry for entry in book.entries if entry.code == "1.1" and entry.unit_code == "W25-T1"]
    assert coverage[0].figures.numerator == 90


def test_the_writer_streams_memory_stays_flat_as_units_grow():
    header = ReportHeader("1/KH", "kh", "KH 1", "Thử", PeriodKey(2025, "month", 1), date(2025, 1, 1), date(2025, 1, 31))
    inputs = frozenset({Field.VALUE, Field.NOTE, Field.EVIDENCE, Field.NOT_IMPLEMENTED})

    def units(count: int):
        for number in range(count):
            lines = tuple(
                IndicatorLine(f"{line}", f"Chỉ tiêu {line}", "người", inputs=inputs, figures=Figures(Decimal(number)))
                for line in range(1, 11)
            )
            yield UnitSheet(f"W-{number}", f"Xã {number}", "Nháp", 0, True, lines)

    totals = [
        TotalSpec(f"{line}", "", "", "sum", "Cộng dồn", Decimal(1), 1, Sums(Decimal(1), 1, Decimal(0), Decimal(0), 0))
        for line in range(1, 11)
    ]

    def peak(count: int) -> int:
        tracemalloc.start()
        try:
            content = write_multi_unit_workbook(header, units(count), totals, unit_count=count)
            return tracemalloc.get_traced_memory()[1] - len(content)
        finally:
            tracemalloc.stop()

    small, large = peak(100), peak(1000)
    # 9.000 more rows × 13 cells held in memory would take some 30 MB more; a stream stays where it was.
    assert large < small + 2 * 2**20, (small / 2**20, large / 2**20)
