"""Writing report workbooks (openpyxl): the .xlsx template a unit fills in, or the long sheet the standing
agency fills for many units — locked structure, unlocked input cells, Vietnamese number formats."""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ansinh.core.cells import put_text
from ansinh.core.dates import format_date
from ansinh.core.numbers import plain_decimal
from ansinh.exchange.formats.workbook import (
    HEADERS,
    INPUT_FIELDS,
    KEY_FORMAT,
    KEY_MARK,
    KEY_SHEET,
    LABEL_DEADLINE,
    LABEL_PERIOD,
    LABEL_PROGRAM,
    LABEL_STATUS,
    LABEL_UNIT,
    LABEL_WINDOW,
    MULTI_UNIT_LAYOUT,
    MULTI_UNIT_SHEET,
    NO,
    NUMBER_FIELDS,
    REPORT_LAYOUT,
    REPORT_SHEET,
    WRAPPED_FIELDS,
    YES,
    Field,
    IndicatorLine,
    ReportHeader,
    SheetKind,
    UnitSheet,
)
from ansinh.rules.periods import label

COLUMN_WIDTHS: dict[Field, float] = {
    Field.UNIT_CODE: 12,
    Field.UNIT_NAME: 28,
    Field.CODE: 10,
    Field.NAME: 55,
    Field.MEASURE: 14,
    Field.TARGET: 32,
    Field.VALUE: 16,
    Field.NUMERATOR: 16,
    Field.DENOMINATOR: 16,
    Field.ACHIEVED: 12,
    Field.NOT_IMPLEMENTED: 14,
    Field.NOTE: 32,
    Field.EVIDENCE: 32,
    Field.STATUS: 16,
}

GUIDANCE = (
    "Chỉ nhập vào các ô nền vàng. Số có thể nhập như số thường hoặc viết kiểu Việt Nam: 6.227.000; 2,23. "
    "Chỉ tiêu tỷ lệ phần trăm: nhập số phần trăm, ví dụ 2,23 (không gõ dấu %, vì Excel sẽ đổi thành 0,0223). "
    "Cột “Đạt?” và “Chưa triển khai”: chọn Có hoặc Không. Ô để trống là xoá số liệu đã có."
)

_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_IDLE_FILL = PatternFill("solid", fgColor="EDEDED")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_SECTION_FILL = PatternFill("solid", fgColor="E2EFDA")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _put_number(cell: Cell, value: Decimal | None) -> None:
    """A real number with a Vietnamese-friendly format: ``#,##0`` shows 6.227.000 in a Vietnamese Excel,
    ``#,##0.00`` shows 2,23; more decimals get more places so that nothing stored is hidden."""
    plain = plain_decimal(value)
    if plain is None:
        return
    if plain == plain.to_integral_value():
        cell.value = int(plain)
        cell.number_format = "#,##0"
        return
    places = len(f"{plain:f}".partition(".")[2])
    cell.value = float(plain)
    cell.number_format = "#,##0." + "0" * max(2, places)


def _figure_cell_value(line: IndicatorLine, name: Field) -> str | None:
    figures = line.figures
    if name == Field.ACHIEVED:
        return None if figures.achieved is None else (YES if figures.achieved else NO)
    if name == Field.NOT_IMPLEMENTED:
        return YES if figures.not_implemented else None
    if name == Field.NOTE:
        return figures.note or None
    if name == Field.EVIDENCE:
        return figures.evidence or None
    return None


def _title_block(sheet: Worksheet, heading: str, facts: Sequence[tuple[str, str]], width: int) -> int:
    """The merged title block; returns the next free row."""
    last = get_column_letter(width)
    sheet.merge_cells(f"A1:{last}1")
    put_text(sheet["A1"], heading)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    row = 2
    for caption, text in facts:
        sheet.merge_cells(f"A{row}:B{row}")
        sheet.merge_cells(f"C{row}:{last}{row}")
        put_text(sheet.cell(row, 1), f"{caption}:")
        sheet.cell(row, 1).font = Font(bold=True)
        put_text(sheet.cell(row, 3), text)
        sheet.cell(row, 3).alignment = _WRAP
        row += 1
    sheet.merge_cells(f"A{row}:{last}{row}")
    put_text(sheet.cell(row, 1), GUIDANCE)
    sheet.cell(row, 1).alignment = _WRAP
    sheet.cell(row, 1).font = Font(italic=True)
    sheet.row_dimensions[row].height = 45
    return row + 2


def _header_facts(header: ReportHeader) -> list[tuple[str, str]]:
    window = f"Từ {format_date(header.starts_on)} đến {format_date(header.ends_on)} (Nghị định 09/2019/NĐ-CP)"
    return [
        (LABEL_PROGRAM, f"{header.program_name} — {header.program_title}"),
        (LABEL_PERIOD, label(header.period)),
        (LABEL_WINDOW, window),
        (LABEL_DEADLINE, format_date(header.deadline) if header.deadline else "Chưa quy định"),
    ]


def _header_row(sheet: Worksheet, row: int, layout: Sequence[Field]) -> None:
    for column, name in enumerate(layout, start=1):
        cell = sheet.cell(row, column)
        put_text(cell, HEADERS[name])
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTHS[name]
    sheet.row_dimensions[row].height = 32
    sheet.print_title_rows = f"{row}:{row}"


def _protect(sheet: Worksheet) -> None:
    """Locked cells and structure; people may still resize rows and columns."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _yes_no_validation(sheet: Worksheet) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Chọn “{YES}” hoặc “{NO}”, hoặc để trống.",
    )
    sheet.add_data_validation(validation)
    return validation


def _write_line(
    sheet: Worksheet,
    row: int,
    layout: Sequence[Field],
    line: IndicatorLine,
    fixed: dict[Field, str],
    editable: bool,
    yes_no: DataValidation,
) -> None:
    texts = {Field.CODE: line.code, Field.NAME: line.name, Field.MEASURE: line.measure, Field.TARGET: line.target}
    texts.update(fixed)
    for column, name in enumerate(layout, start=1):
        cell = sheet.cell(row, column)
        cell.border = _BORDER
        if name in WRAPPED_FIELDS:
            cell.alignment = _WRAP
        if texts.get(name):
            put_text(cell, texts[name])
        if line.is_group:
            cell.font = Font(bold=True)
            cell.fill = _SECTION_FILL
            continue
        if name not in INPUT_FIELDS:
            continue
        if name in NUMBER_FIELDS:
            _put_number(cell, getattr(line.figures, name.value))
        elif text := _figure_cell_value(line, name):
            put_text(cell, text)
        if name not in line.inputs:
            cell.fill = _IDLE_FILL
            continue
        cell.fill = _INPUT_FILL
        if editable:
            cell.protection = _UNLOCKED
            if name in (Field.ACHIEVED, Field.NOT_IMPLEMENTED):
                yes_no.add(cell)


def _key_sheet(workbook: Workbook, rows: Iterable[Sequence[str]]) -> None:
    sheet = workbook.create_sheet(KEY_SHEET)
    for row, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            put_text(sheet.cell(row, column), value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def _key_rows(kind: SheetKind, header: ReportHeader, data_sheet: str, units: Sequence[UnitSheet]) -> list[list[str]]:
    rows = [
        [KEY_MARK, KEY_FORMAT],
        ["loai", kind.value],
        ["chuong_trinh", header.program_code, header.program_slug],
        ["ky", header.period.kind, str(header.period.year), str(header.period.number)],
        ["trang", data_sheet],
    ]
    rows += [["don_vi", unit.code, str(unit.version)] for unit in units]
    codes = dict.fromkeys(line.code for unit in units for line in unit.lines if not line.is_group)
    rows += [["chi_tieu", code] for code in codes]
    return rows


def _finish(workbook: Workbook, sheet: Worksheet, freeze: str) -> bytes:
    sheet.freeze_panes = freeze
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "ansinh"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_report_workbook(header: ReportHeader, unit: UnitSheet) -> bytes:
    """The template one unit fills in for one period, pre-filled with its current figures (.xlsx)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REPORT_SHEET
    status = unit.status_label if unit.editable else f"{unit.status_label} — chỉ để xem, không nhập lại được"
    facts = _header_facts(header)
    facts.insert(1, (LABEL_UNIT, f"{unit.name} (mã {unit.code})"))
    facts.append((LABEL_STATUS, status))
    header_row = _title_block(sheet, "BÁO CÁO SỐ LIỆU CÁC CHỈ TIÊU", facts, len(REPORT_LAYOUT))
    _header_row(sheet, header_row, REPORT_LAYOUT)
    yes_no = _yes_no_validation(sheet)
    for offset, line in enumerate(unit.lines, start=1):
        _write_line(sheet, header_row + offset, REPORT_LAYOUT, line, {}, unit.editable, yes_no)
    _key_sheet(workbook, _key_rows(SheetKind.REPORT, header, REPORT_SHEET, [unit]))
    return _finish(workbook, sheet, f"C{header_row + 1}")


def write_multi_unit_workbook(header: ReportHeader, units: Sequence[UnitSheet]) -> bytes:
    """The standing agency's long sheet: one row per unit and indicator, groups left out (.xlsx)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = MULTI_UNIT_SHEET
    header_row = _title_block(sheet, "BẢNG TỔNG HỢP SỐ LIỆU CÁC ĐƠN VỊ", _header_facts(header), len(MULTI_UNIT_LAYOUT))
    _header_row(sheet, header_row, MULTI_UNIT_LAYOUT)
    yes_no = _yes_no_validation(sheet)
    row = header_row + 1
    for unit in units:
        fixed = {Field.UNIT_CODE: unit.code, Field.UNIT_NAME: unit.name, Field.STATUS: unit.status_label}
        for line in unit.lines:
            if line.is_group:
                continue
            _write_line(sheet, row, MULTI_UNIT_LAYOUT, line, fixed, unit.editable, yes_no)
            row += 1
    _key_sheet(workbook, _key_rows(SheetKind.MULTI_UNIT, header, MULTI_UNIT_SHEET, units))
    return _finish(workbook, sheet, f"E{header_row + 1}")
