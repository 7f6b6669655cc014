"""Stage 0: tables pasted as one cell per line (a web page's or a PDF's table copied as text) rebuilt into
rows, and each row read as an indicator with one target per target column.

Such text has the header cells first (``STT``, ``Chỉ tiêu``, ``Đơn vị``, ``Kế hoạch năm 2021 Quốc hội
giao``, ``Thực hiện 2019`` …), then the cells of each row, blank lines between cells and a line of spaces
for an empty cell. A row starts at its number (``1``, or ``1. Số bác sỹ …`` when the number is in the name
cell) or at a ``Trong đó: …`` sub-row. Only columns that state a target (``Mục tiêu``, ``Kế hoạch``,
``Target``, with a year) are read: results (``Thực hiện``, ``Ước``), row numbers, the unit column and the
monitoring agency are not targets. A table that writes decimals with a point (``9.06``, ``2.2``; never
three digits after it) is read that way."""

import re
from dataclasses import dataclass, field, replace

from ansinh.programs.plan_import.item import capitalise
from ansinh.programs.plan_import.results import PlanIndicator
from ansinh.programs.plan_import.text import fold
from ansinh.rules.targets import ParsedTarget, infer_direction, parse_targets

_NAME_HEADER = re.compile(r"^(?:tên\s+)?chỉ tiêu\b|^nội dung\b", re.IGNORECASE)
_NUMBER_HEADER = re.compile(r"^(?:stt|tt|số tt|số thứ tự)$", re.IGNORECASE)
_UNIT_HEADER = re.compile(r"^(?:đơn vị(?: tính)?|đvt)\b", re.IGNORECASE)
# "Giai đoạn 2021 - 2025", "Đến năm 2030": a column of a plan's phase or deadline holds its targets as "Mục tiêu 2025"
# does (a results column says "Thực hiện", "Ước" and is excluded below)
_TARGET_HEADER = re.compile(
    r"mục tiêu|kế hoạch|chỉ tiêu|phấn đấu|target|giai đoạn|(?:đến|tới)\s+(?:năm\s+)?20\d\d", re.IGNORECASE
)
_RESULT_HEADER = re.compile(r"thực hiện|ước|implemented|kết quả", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_LONE_NUMBER = re.compile(r"^\d{1,2}\.?$")
_NUMBERED_NAME = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<name>\S.*)$", re.DOTALL)
_SUB_ROW = re.compile(r"^[-+]?\s*trong đó\s*:?\s*", re.IGNORECASE)
# English glosses of bilingual yearbooks: "Số bác sỹ cho 10000 dân - Number of Medicine Doctors …"
_ENGLISH_GLOSS = re.compile(r"\s+[-–]?\s*(?:In which:.*$|(?=[A-Z][a-z]+(?:\s+[A-Za-z<>()%]+){2,}\s*\)?$))")
_POINT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")
_SIGNS = (("≥", "tối thiểu "), ("≤", "không quá "), (">", "trên "), ("<", "dưới "))
_PER_N_NAME = re.compile(
    r"(?:^|\s)số\s+(?P<head>\S+(?:\s+\S+)?)\s.*?(?:cho|trên|/)?\s*(?P<n>\d+(?:[.,]\d{3})*|vạn)\s+(?P<pop>dân|người)\b",
    re.IGNORECASE,
)


@dataclass
class Column:
    header: str
    year: int | None = None


@dataclass
class TableRow:
    number: str
    name: str
    unit: str
    cells: list[tuple[Column, str]] = field(default_factory=list)
    is_part: bool = False


def _blocks(text: str) -> list[tuple[int, str]]:
    """(first line number, cell text) for each run of lines between empty lines; a line of spaces alone
    is an empty cell."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line == "" or (line.strip() == "" and not current):
            if current:
                blocks.append((start, " ".join(" ".join(part.split()) for part in current)))
                current = []
            if line != "":
                blocks.append((number, ""))  # "   ": an empty cell
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, " ".join(" ".join(part.split()) for part in current)))
    return blocks


def split_tables(text: str) -> tuple[str, list[TableRow]]:
    """The text without its one-cell-per-line tables, and the rows of those tables. Cells are the runs of
    lines between blank lines (a web page's table); a table copied with no blank line between its cells (a
    PDF's) has one cell a line."""
    text = text.replace("\r\n", "\n")
    kept, rows = _split(text, _blocks(text))
    if rows:
        return kept, rows
    lines = [(number, " ".join(line.split())) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    return _split(text, lines)


def _split(text: str, blocks: list[tuple[int, str]]) -> tuple[str, list[TableRow]]:
    rows: list[TableRow] = []
    drop: set[int] = set()  # line numbers of the table's blocks
    index = 0
    while index < len(blocks):
        header_end = _header_at(blocks, index)
        if header_end is None:
            index += 1
            continue
        columns = [Column(cell, _column_year(cell)) for _line, cell in blocks[index:header_end]]
        table_rows, end = _rows(blocks, header_end, columns)
        if not table_rows:
            index += 1
            continue
        rows.extend(table_rows)
        for line, _cell in blocks[index:end]:
            drop.add(line)
        index = end
    if not rows:
        return text, []
    lines = text.split("\n")
    kept = [line for number, line in enumerate(lines, start=1) if number not in _spans(blocks, drop)]
    return "\n".join(kept), rows


def _spans(blocks: list[tuple[int, str]], starts: set[int]) -> set[int]:
    """Every line number of the dropped blocks (a block may span lines)."""
    lines: set[int] = set()
    for position, (line, _cell) in enumerate(blocks):
        if line in starts:
            end = blocks[position + 1][0] if position + 1 < len(blocks) else line + 1
            lines.update(range(line, end))
    return lines


def _column_year(header: str) -> int | None:
    years = _YEAR.findall(header)
    return int(years[-1]) if years else None


def _is_target_column(column: Column) -> bool:
    return bool(_TARGET_HEADER.search(column.header)) and not _RESULT_HEADER.search(column.header)


def _header_at(blocks: list[tuple[int, str]], index: int) -> int | None:
    """Where the header that starts at ``index`` ends, if a table header starts there: a number or name
    header cell, then short header cells, at least one of them a target column with a year."""
    first = blocks[index][1]
    if not (_NUMBER_HEADER.match(first) or _NAME_HEADER.match(first)):
        return None
    end = index + 1
    while end < len(blocks) and len(blocks[end][1]) <= 80 and not _row_start(blocks, end, numbered=True):
        if not blocks[end][1]:
            break
        end += 1
    columns = [Column(cell, _column_year(cell)) for _line, cell in blocks[index:end]]
    if len(columns) < 3 or not any(_is_target_column(column) and column.year for column in columns):
        return None
    return end


# "4" then "Trên 4", "89" then "Đạt": a figure and the next column's figure or verdict, not a row's number and name
_VALUE_CELL = re.compile(
    r"^(?:(?:trên|dưới|khoảng|từ|tối thiểu|ít nhất|không quá)\s*\d|(?:đạt|vượt|không đạt|chưa đạt)\s*$)", re.IGNORECASE
)


def _row_start(blocks: list[tuple[int, str]], index: int, *, numbered: bool) -> bool:
    cell = blocks[index][1]
    if _NUMBERED_NAME.match(cell) or _SUB_ROW.match(cell):
        return True
    following = blocks[index + 1][1] if index + 1 < len(blocks) else ""
    return (
        numbered
        and bool(_LONE_NUMBER.match(cell))
        and bool(re.match(r"^[^\d\W]", following))
        and not _VALUE_CELL.match(following)
    )


def _rows(blocks: list[tuple[int, str]], start: int, columns: list[Column]) -> tuple[list[TableRow], int]:
    has_number = bool(_NUMBER_HEADER.match(columns[0].header))
    name_at = next((i for i, column in enumerate(columns) if _NAME_HEADER.match(column.header)), 0)
    rows: list[TableRow] = []
    index = start
    while index < len(blocks) and _row_start(blocks, index, numbered=has_number):
        cells = [blocks[index][1]]
        index += 1
        while index < len(blocks) and not _row_start(blocks, index, numbered=has_number) and len(cells) < len(columns):
            cells.append(blocks[index][1])
            index += 1
        rows.append(_row(cells, columns, has_number, name_at))
    return rows, index


def _row(cells: list[str], columns: list[Column], has_number: bool, name_at: int) -> TableRow:
    first = cells[0]
    is_part = bool(_SUB_ROW.match(first))
    if is_part:
        cells = ([""] if has_number else []) + [_SUB_ROW.sub("", first), *cells[1:]]
    number, name = "", ""
    if has_number and not is_part:
        number = first.rstrip(".")
    else:
        numbered = _NUMBERED_NAME.match(cells[name_at])
        if numbered:
            number, cells[name_at] = numbered.group("number"), numbered.group("name")
    name = cells[name_at] if name_at < len(cells) else ""
    unit = ""
    row = TableRow(number, name, unit, is_part=is_part)
    for column, cell in zip(columns, cells, strict=False):
        if _UNIT_HEADER.match(column.header):
            row.unit = cell
        elif _is_target_column(column) and column.year and cell.strip():
            row.cells.append((column, cell))
    return row


def table_indicators(rows: list[TableRow], *, period: tuple[int, int] | None) -> list[PlanIndicator]:
    """One indicator a row (a second one a further target column of the same year, named after it)."""
    point_decimals = any(_POINT_DECIMAL.search(cell) for row in rows for _column, cell in row.cells)
    indicators: list[PlanIndicator] = []
    last_numbered = ""
    parent_unit: tuple[str, int | None] = ("", None)
    for position, row in enumerate(rows, start=1):
        name = _clean_name(row.name)
        code = row.number or f"{last_numbered or 'B'}.{position}"
        unit, per_n = _row_unit(row, name)
        if row.number:
            last_numbered, parent_unit = row.number, (unit, per_n)
        elif row.is_part and not unit:
            # "Trong đó: Số giường bệnh viện ngoài công lập" under "Số giường bệnh … trên 10000 dân": a part of the
            # row above is counted as it is, unless its own name or unit column says otherwise
            unit, per_n = parent_unit
        targets: list[ParsedTarget] = []
        seen_years: set[int] = set()
        extra: list[tuple[Column, ParsedTarget]] = []
        for column, cell in row.cells:
            # "Kế hoạch năm 2021": a column of one year's targets, where a change is the change during that year
            one_year = not re.search(r"đến|tới|giai đoạn|to\b", column.header, re.IGNORECASE) and column.year
            column_period = (column.year, column.year) if one_year and column.year else period
            target = _cell_target(cell, name, column.year, unit, per_n, column_period, point_decimals)
            if target is None:
                continue
            if target.year in seen_years:
                extra.append((column, target))
            else:
                seen_years.add(target.year or 0)
                targets.append(target)
        direction, unsure = infer_direction(name)
        if targets and targets[0].kind != "level" and targets[0].direction:
            direction, unsure = targets[0].direction, False
        base = PlanIndicator(
            code=code,
            parent_code=last_numbered if row.is_part else None,
            name=name,
            text=" | ".join([row.name, row.unit, *(cell for _column, cell in row.cells)]),
            line=0,
            code_generated=not row.number,
            unit=unit,
            per_n=per_n,
            value_type="percent" if unit == "%" else "per_n" if per_n else "number",
            direction=direction,
            direction_unsure=unsure,
            targets=targets,
        )
        indicators.append(base)
        for number, (column, target) in enumerate(extra, start=1):
            indicators.append(
                PlanIndicator(
                    code=f"{code}.c{number}",
                    parent_code=base.parent_code,
                    name=f"{name} ({column.header})",
                    text=base.text,
                    line=0,
                    code_generated=True,
                    unit=unit,
                    per_n=per_n,
                    value_type=base.value_type,
                    direction=direction,
                    direction_unsure=unsure,
                    targets=[target],
                )
            )
    return indicators


def _clean_name(name: str) -> str:
    name = _ENGLISH_GLOSS.sub("", name)
    name = re.sub(r"\s*\((?:%|năm|%0|‰)\)\s*$", "", name)
    return capitalise(name.rstrip(" :–-"))


def _row_unit(row: TableRow, name: str) -> tuple[str, int | None]:
    written = row.unit.strip()
    if written:
        if fold(written) in ("điểm", "điểm %", "điểm phần trăm"):
            return "điểm phần trăm", None
        return written, None
    text = row.name
    if re.search(r"\(%0\)|%0|‰", text):
        return "‰", None
    if re.search(r"\(%\)|tỷ lệ %|\bPercentage\b", text):
        return "%", None
    if per := _PER_N_NAME.search(name):
        n = 10_000 if per.group("n") == "vạn" else int(re.sub(r"[.,]", "", per.group("n")))
        if str(n).rstrip("0") == "1":
            head = " ".join(word for word in per.group("head").split() if not word.isupper())
            return f"{head}/{n:,} {per.group('pop')}".replace(",", "."), n
    if re.search(r"\(năm\)", text):
        return "năm", None
    return "", None


_VERB_OPENS_THE_NAME = re.compile(r"^\s*(?P<verb>giảm|tăng)\s+(?:tỷ lệ|tỉ lệ|số|tổng)(?!\w)", re.IGNORECASE)


def _cell_target(
    cell: str,
    name: str,
    year: int | None,
    unit: str,
    per_n: int | None,
    period: tuple[int, int] | None,
    point_decimals: bool,
) -> ParsedTarget | None:
    text = cell.strip().rstrip("*")
    for sign, words in _SIGNS:
        text = text.replace(sign, words)
    if point_decimals:
        text = _POINT_DECIMAL.sub(lambda match: match.group().replace(".", ","), text)
    written_unit = bool(re.search(r"%|‰|[^\W\d_]{2,}\s*$", text))
    phrase = text if written_unit or not unit or unit in ("điểm phần trăm",) else f"{text} {unit}"
    if unit == "điểm phần trăm" and not written_unit:
        phrase = f"giảm {text} điểm phần trăm" if re.match(r"(?i)mức giảm", name) else f"{text} điểm phần trăm"
    elif (verb := _VERB_OPENS_THE_NAME.match(name)) and re.match(r"\d", text):
        # "Trong đó: Giảm tỷ lệ hộ nghèo tại các huyện nghèo | % | 4": the row's name opens with its change, so its
        # bare figure is the change, as "giảm 4%" would be
        phrase = f"{verb.group('verb').lower()} {phrase}"
    targets = [t for t in parse_targets(phrase, indicator_name=name, default_year=year, period=period) if t.has_target]
    if not targets:
        return None
    target = replace(targets[0], phrase=cell.strip(), year=year)
    if not target.unit and unit:
        target = replace(target, unit=unit)
    if per_n and target.unit in ("", unit):
        target = replace(target, unit=unit, per_n=per_n)
    if unit == "điểm phần trăm" and target.kind == "change_per_year":
        target = replace(target, base_year=year - 1 if year else None)
    return target
