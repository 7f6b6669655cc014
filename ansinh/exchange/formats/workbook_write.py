"""Writing report workbooks (openpyxl): the .xlsx template a unit fills in, or the long sheet the standing
agency fills for many units — locked structure, unlocked input cells, Vietnamese number formats."""

import io
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ansinh.core.cells import put_text
from ansinh.core.dates import format_date
from ansinh.core.numbers import plain_decimal
from ansinh.exchange.formats.sheet_stream import MARKER, RowCell, RowWriter, splice, style_ids
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
    TOTALS_SHEET,
    WRAPPED_FIELDS,
    YES,
    Field,
    IndicatorLine,
    ReportHeader,
    SheetKind,
    TotalSpec,
    UnitSheet,
)
from ansinh.rules.periods import label
from ansinh.rules.rollup import Sums, figure_from_sums

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


def _yes_no_validation(sheet: Worksheet | WriteOnlyWorksheet) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Chọn “{YES}” hoặc “{NO}”, hoặc để trống.",
    )
    sheet.data_validations.append(validation)
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
    for values in rows:
        line = []
        for value in values:
            cell = WriteOnlyCell(sheet)  # a detached cell: either kind of sheet takes it
            put_text(cell, value)
            line.append(cell)
        sheet.append(line)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def _key_rows(
    kind: SheetKind,
    header: ReportHeader,
    data_sheet: str,
    units: Sequence[UnitSheet],
    codes: Iterable[str] | None = None,
) -> list[list[str]]:
    rows = [
        [KEY_MARK, KEY_FORMAT],
        ["loai", kind.value],
        ["chuong_trinh", header.program_code, header.program_slug],
        ["ky", header.period.kind, str(header.period.year), str(header.period.number)],
        ["trang", data_sheet],
    ]
    rows += [["don_vi", unit.code, str(unit.version)] for unit in units]
    if codes is None:
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


def write_report_workbook(
    header: ReportHeader, unit: UnitSheet, more_sheets: Callable[[Workbook], None] | None = None
) -> bytes:
    """The template one unit fills in for one period, pre-filled with its current figures (.xlsx);
    ``more_sheets`` adds the report's other parts (its budget) after the figures."""
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
    if more_sheets is not None:
        more_sheets(workbook)
    _key_sheet(workbook, _key_rows(SheetKind.REPORT, header, REPORT_SHEET, [unit]))
    return _finish(workbook, sheet, f"C{header_row + 1}")


# --- the standing agency's sheet of many units: streamed ----------------------------------------------

RATE_PLACES = Decimal("0.01")
# The first sheet a workbook is given is saved as this part of the file.
DATA_SHEET_MEMBER = "xl/worksheets/sheet1.xml"
TOTALS_HEADERS = (
    ("Mã chỉ tiêu", 10),
    ("Tên chỉ tiêu", 55),
    ("Đơn vị tính", 14),
    ("Cách tổng hợp", 22),
    ("Số đơn vị phải báo cáo", 14),
    ("Số đơn vị đã duyệt có số liệu", 14),
    ("Tổng đã duyệt (số liệu dùng để đánh giá)", 20),
    ("Số đơn vị có số liệu trong bảng (mọi trạng thái)", 16),
    ("Tổng trong bảng (mọi trạng thái)", 20),
)
TOTALS_GUIDANCE = (
    "Tổng đã duyệt cộng số liệu của các báo cáo đã được phê duyệt (tổng số liệu hệ thống lưu sẵn, cũng là số liệu "
    "phần đánh giá dùng); tỷ lệ là tổng tử số chia tổng mẫu số, không phải trung bình các tỷ lệ; chỉ tiêu bình quân "
    "gia quyền hoặc không cộng dồn được thì để trống. Tổng trong bảng cộng mọi số liệu của trang “{sheet}”, kể cả báo "
    "cáo chưa gửi, chưa duyệt."
)


class _Styles:
    """Each cell style is built once and shared: openpyxl otherwise looks every font, fill, border and
    protection of every cell up again in the workbook's tables (half the time of a large sheet)."""

    def __init__(self, sheet: WriteOnlyWorksheet):
        self.sheet = sheet
        self._built: dict[tuple, StyleArray] = {}
        self._ids: dict[tuple, int] = {}

    def style(
        self,
        *,
        fill: PatternFill | None = None,
        wrap: bool = False,
        unlocked: bool = False,
        bold: bool = False,
        number_format: str = "",
        border: bool = True,
    ) -> StyleArray:
        key = (fill.fgColor.rgb if fill else "", wrap, unlocked, bold, number_format, border)
        style = self._built.get(key)
        if style is None:
            model = WriteOnlyCell(self.sheet)
            if border:
                model.border = _BORDER
            if fill is not None:
                model.fill = fill
            if wrap:
                model.alignment = _WRAP
            if unlocked:
                model.protection = _UNLOCKED
            if bold:
                model.font = Font(bold=True)
            if number_format:
                model.number_format = number_format
            style = self._built[key] = model._style
        return style

    def style_id(
        self,
        *,
        fill: PatternFill | None = None,
        wrap: bool = False,
        unlocked: bool = False,
        number_format: str = "",
    ) -> int:
        """The style's id in the workbook's table of cell styles (for rows written as XML); looked up by
        plain values, since hashing openpyxl's style objects is what makes its cells slow."""
        key = (id(fill), wrap, unlocked, number_format)
        found = self._ids.get(key)
        if found is None:
            style = self.style(fill=fill, wrap=wrap, unlocked=unlocked, number_format=number_format)
            found = self._ids[key] = style_ids(self.sheet.parent, [style])[0]
        return found

    def cell(self, value: str | int | float | None, **style) -> Cell:
        cell = WriteOnlyCell(self.sheet)
        if isinstance(value, str):
            put_text(cell, value)
        elif value is not None:
            cell.value = value
        cell._style = self.style(**style)
        return cell

    def number(self, value: Decimal | None, **style) -> Cell:
        number, number_format = _number(value)
        return self.cell(number, number_format=number_format, **style)


def _number(value: Decimal | None) -> tuple[int | float | None, str]:
    """A figure as a spreadsheet number and its Vietnamese-friendly format (see ``_put_number``)."""
    plain = plain_decimal(value)
    if plain is None:
        return None, ""
    if plain == plain.to_integral_value():
        return int(plain), "#,##0"
    places = len(f"{plain:f}".partition(".")[2])
    return float(plain), "#,##0." + "0" * max(2, places)


def _streamed_title(sheet: WriteOnlyWorksheet, styles: _Styles, heading: str, facts, width: int) -> int:
    """The title block of a write-only sheet (rows appended in order); returns the next free row."""
    last = get_column_letter(width)
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.append([styles.cell(heading, bold=True, border=False)])
    row = 2
    for caption, text in facts:
        sheet.merged_cells.add(f"A{row}:B{row}")
        sheet.merged_cells.add(f"C{row}:{last}{row}")
        sheet.append(
            [styles.cell(f"{caption}:", bold=True, border=False), None, styles.cell(text, wrap=True, border=False)]
        )
        row += 1
    sheet.merged_cells.add(f"A{row}:{last}{row}")
    sheet.row_dimensions[row].height = 45
    sheet.append([styles.cell(GUIDANCE, wrap=True, border=False)])
    sheet.append([])
    return row + 2


def _multi_unit_row(styles: _Styles, unit: UnitSheet, line: IndicatorLine) -> list[RowCell]:
    texts = {
        Field.UNIT_CODE: unit.code,
        Field.UNIT_NAME: unit.name,
        Field.STATUS: unit.status_label,
        Field.CODE: line.code,
        Field.NAME: line.name,
        Field.MEASURE: line.measure,
    }
    cells: list[RowCell] = []
    for name in MULTI_UNIT_LAYOUT:
        wrap = name in WRAPPED_FIELDS
        if name not in INPUT_FIELDS:
            cells.append((styles.style_id(wrap=wrap), texts.get(name) or None))
            continue
        open_cell = name in line.inputs
        fill = _INPUT_FILL if open_cell else _IDLE_FILL
        unlocked = open_cell and unit.editable
        if name in NUMBER_FIELDS:
            number, number_format = _number(getattr(line.figures, name.value))
            style = styles.style_id(fill=fill, unlocked=unlocked, wrap=wrap, number_format=number_format)
            cells.append((style, number))
        else:
            cells.append((styles.style_id(fill=fill, unlocked=unlocked, wrap=wrap), _figure_cell_value(line, name)))
    return cells


class _SheetSums:
    """What the multi-unit sheet itself adds up to, indicator by indicator, as it is written."""

    def __init__(self):
        self.values: dict[str, list] = {}

    def add(self, line: IndicatorLine) -> None:
        figures = line.figures
        entry = self.values.setdefault(line.code, [Decimal(0), 0, Decimal(0), Decimal(0), 0])
        if figures.value is not None:
            entry[0] += figures.value
            entry[1] += 1
        if figures.numerator is not None and figures.denominator is not None:
            entry[2] += figures.numerator
            entry[3] += figures.denominator
            entry[4] += 1

    def sums(self, code: str) -> Sums:
        return Sums(*self.values.get(code, [Decimal(0), 0, Decimal(0), Decimal(0), 0]))


def _figure(sums: Sums | None, spec: TotalSpec) -> Decimal | None:
    if sums is None:
        return None
    figure = figure_from_sums(sums, aggregation=spec.aggregation, scale=spec.scale)
    if figure is not None and spec.aggregation == "ratio":
        figure = figure.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return figure


def _counted(sums: Sums | None, spec: TotalSpec) -> int:
    if sums is None:
        return 0
    return sums.parts_count if spec.aggregation == "ratio" else sums.value_count


def _totals_sheet(workbook: Workbook, header: ReportHeader, totals: Sequence[TotalSpec], in_sheet: _SheetSums) -> None:
    sheet = workbook.create_sheet(TOTALS_SHEET)
    styles = _Styles(sheet)
    for column, (_title, width) in enumerate(TOTALS_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C5"
    last = get_column_letter(len(TOTALS_HEADERS))
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.merged_cells.add(f"A2:{last}2")
    sheet.row_dimensions[2].height = 45
    sheet.append([styles.cell(f"TỔNG HỢP THEO CHỈ TIÊU — {label(header.period).upper()}", bold=True, border=False)])
    sheet.append([styles.cell(TOTALS_GUIDANCE.format(sheet=MULTI_UNIT_SHEET), wrap=True, border=False)])
    sheet.append([])
    sheet.append([styles.cell(title, bold=True, wrap=True, fill=_HEADER_FILL) for title, _width in TOTALS_HEADERS])
    for spec in totals:
        mine = in_sheet.sums(spec.code)
        sheet.append(
            [
                styles.cell(spec.code),
                styles.cell(spec.name, wrap=True),
                styles.cell(spec.measure or None),
                styles.cell(spec.aggregation_label),
                styles.cell(spec.expected_units, number_format="#,##0"),
                styles.cell(_counted(spec.approved, spec), number_format="#,##0"),
                styles.number(_figure(spec.approved, spec)),
                styles.cell(_counted(mine, spec), number_format="#,##0"),
                styles.number(_figure(mine, spec)),
            ]
        )
    sheet.protection.sheet = True


def write_multi_unit_workbook(
    header: ReportHeader,
    units: Iterable[UnitSheet],
    totals: Sequence[TotalSpec] = (),
    *,
    unit_count: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The standing agency's long sheet (.xlsx): one row per unit and indicator it reports, groups left
    out, then a sheet of totals by indicator, and the key sheet. Written in openpyxl's write-only mode as
    ``units`` come (a generator keeps memory flat whatever the number of units); each style is built once.
    ``progress(done, total)`` is told after each unit, ``total`` being ``unit_count``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(MULTI_UNIT_SHEET)
    styles = _Styles(sheet)
    for column, name in enumerate(MULTI_UNIT_LAYOUT, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTHS[name]
    facts = _header_facts(header)
    # A write-only sheet writes its views and properties with its first row: set them before any row.
    header_row = len(facts) + 4  # the title, the facts, the guidance, a blank row (as _streamed_title writes)
    sheet.freeze_panes = f"E{header_row + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    written = _streamed_title(sheet, styles, "BẢNG TỔNG HỢP SỐ LIỆU CÁC ĐƠN VỊ", facts, len(MULTI_UNIT_LAYOUT))
    assert written == header_row
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.row_dimensions[header_row].height = 32
    sheet.append([styles.cell(HEADERS[name], bold=True, wrap=True, fill=_HEADER_FILL) for name in MULTI_UNIT_LAYOUT])
    sheet.append([MARKER])  # where the rows streamed below go
    rows = RowWriter(header_row + 1, len(MULTI_UNIT_LAYOUT))
    in_sheet = _SheetSums()
    keys: list[UnitSheet] = []
    codes: dict[str, None] = {}
    for done, unit in enumerate(units, start=1):
        for line in unit.lines:
            if line.is_group:
                continue
            rows.append(_multi_unit_row(styles, unit, line))
            in_sheet.add(line)
            codes.setdefault(line.code)
        keys.append(UnitSheet(unit.code, unit.name, unit.status_label, unit.version, unit.editable, ()))
        if progress is not None:
            progress(done, unit_count)
    row = rows.row
    if row > header_row:
        yes_no = _yes_no_validation(sheet)
        columns = [
            get_column_letter(MULTI_UNIT_LAYOUT.index(name) + 1) for name in (Field.ACHIEVED, Field.NOT_IMPLEMENTED)
        ]
        for column in columns:
            yes_no.add(f"{column}{header_row + 1}:{column}{row}")
    _protect(sheet)
    _totals_sheet(workbook, header, totals, in_sheet)
    workbook.active = 1  # the file opens on its totals; the sheet to fill stays first, where readers look
    _key_sheet(workbook, _key_rows(SheetKind.MULTI_UNIT, header, MULTI_UNIT_SHEET, keys, codes))
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "ansinh"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return splice(buffer.getvalue(), DATA_SHEET_MEMBER, rows, get_column_letter(len(MULTI_UNIT_LAYOUT)))
