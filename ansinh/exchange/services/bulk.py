"""Bulk import of figures: the path for files of millions of values (``exchange/formats/bulk_csv.py`` reads them).

Set-based, in one transaction: the file's rows go as text, unchecked, into a temporary staging table
(``COPY`` on PostgreSQL, ``executemany`` on SQLite); every check then runs as SQL over all of them at once
— the period, unit and indicator codes, the period open, the unit valid in the period
(``reporting.selectors.may_report``) and assigned the indicator, the cut key, the figure by ``rules.figures``,
the same cell twice, a report that is sent, approved or closed. The first ``MAX_ERRORS`` faulty rows are
phrased, by line, with the words of ``exchange.formats.bulk_csv``; any fault, anywhere in the file, and
nothing is kept. A clean file is then merged into the reports and their values with a handful of set-based
statements. Python touches each row once, to split the CSV; memory stays flat whatever the file's size.

What is recorded: one audit event for the import (who, which file, how many rows, what changed); a
``DataValueChange`` with before and after for every figure the file changed; the figures the file
adds carry the import as their ``source``.

With ``approve`` the secretariat loads history that was already approved elsewhere (the Excel and
e-mail years): the reports the file fills are marked approved, with an event saying so, and the
approved totals of their periods are rebuilt (set-wise, ``reporting.totals.rebuild``).
"""

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import batched
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.bulk_csv import (
    MAX_CUT_LENGTH,
    MAX_ERRORS,
    NUMBER_PATTERN,
    PERCENT,
    READABLE_TYPES,
    BulkFormatError,
    Fault,
    IndicatorFacts,
    RawRow,
    ReadReport,
    absent_unit,
    closed_period,
    cut_problem,
    figure_problem,
    period_outside,
    read_cells,
    stored_figure,
    unassigned_unit,
    unknown_indicator,
    unknown_unit,
)
from ansinh.exchange.services.common import ExchangeError
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting import totals
from ansinh.reporting.models import (
    FROZEN_STATUSES,
    Assignment,
    CellDraft,
    DataValue,
    DataValueChange,
    Report,
    ReportAction,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.reporting.selectors import area_units, figure_rule, last_day_in, may_report
from ansinh.reporting.services.periods import get_or_open_period
from ansinh.rules.figures import LIMIT, PLACES
from ansinh.rules.periods import PERIODS_PER_YEAR, PeriodCodeError, PeriodKey, dhis2_code, parse_dhis2_period

# Temporary tables of one import: the rows as text; the programme's period codes and indicators; the rows
# with their codes resolved, their figures typed and their first fault; the (period, unit) pairs of the file.
RAW = "ansinh_bulk_raw"
PERIODS = "ansinh_bulk_periods"
INDICATORS = "ansinh_bulk_indicators"
STAGE = "ansinh_bulk_stage"
PAIRS = "ansinh_bulk_pairs"
VALUES = DataValue._meta.db_table
REPORTS = Report._meta.db_table
CHANGES = DataValueChange._meta.db_table
DRAFTS = CellDraft._meta.db_table
EVENTS = ReportEvent._meta.db_table
UNITS = OrgUnit._meta.db_table
ASSIGNMENTS = Assignment._meta.db_table
RAW_COLUMNS = "line, ky, don_vi, chi_tieu, phan_to, gia_tri, tu_so, mau_so"
# Rows sent to the database per batch: large enough to amortise the round trip, small enough to keep
# memory flat.
BATCH = 20_000
PROGRESS_EVERY = 50_000
APPROVED_BY_IMPORT = "Nạp số liệu đã duyệt từ tệp nhập hàng loạt"
# What COPY's text format cannot take as it is (a tab is checked by counting).
_COPY_SPECIAL = re.compile(r"[\\\n\r\x00]")

Progress = Callable[[int, int], None]


@dataclass
class BulkSummary:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    reports: int = 0
    reports_created: int = 0
    periods: list[str] = field(default_factory=list)
    approved: bool = False
    dry_run: bool = False

    def message(self) -> str:
        head = "Thử nhập (chưa lưu gì)" if self.dry_run else "Đã nhập"
        text = (
            f"{head} {format_number(self.rows)} dòng vào {format_number(self.reports)} báo cáo "
            f"({format_number(self.reports_created)} báo cáo mới): {format_number(self.imported)} số liệu mới, "
            f"{format_number(self.updated)} số liệu cập nhật, {format_number(self.unchanged)} không đổi"
        )
        if self.approved:
            text += "; các báo cáo được đánh dấu đã duyệt"
        return text + "."

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"message": self.message()}


def _text_lines(source: Iterable[str], progress: Progress | None, total: int) -> Iterator[str]:
    done = 0
    next_report = PROGRESS_EVERY
    try:
        for count, line in enumerate(source, start=1):
            done += len(line)
            if progress is not None and count >= next_report:
                progress(done, total)
                next_report += PROGRESS_EVERY
            yield line
    except UnicodeDecodeError as error:
        raise ExchangeError("Tệp không phải văn bản UTF-8; chưa nhập gì.") from error


def open_upload(content: bytes | memoryview) -> io.TextIOWrapper:
    """An uploaded file's bytes as the text lines the import reads (UTF-8, with or without a BOM)."""
    return io.TextIOWrapper(io.BytesIO(bytes(content)), encoding="utf-8-sig", newline="")


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _create_tables(cursor) -> None:
    if _postgresql():
        # Compiling the checks' expressions takes longer than running them, even for millions of rows.
        cursor.execute("SET LOCAL jit = off")
    _drop_tables(cursor)
    number = "numeric(20, 6)"
    cursor.execute(
        f"CREATE TEMP TABLE {RAW} (line bigint NOT NULL, ky text NOT NULL, don_vi text NOT NULL, "
        "chi_tieu text NOT NULL, phan_to text NOT NULL, gia_tri text NOT NULL, tu_so text NOT NULL, "
        "mau_so text NOT NULL)"
    )
    cursor.execute(
        f"CREATE TEMP TABLE {PERIODS} (code text NOT NULL, period_id bigint NOT NULL, is_open boolean NOT NULL)"
    )
    cursor.execute(
        f"CREATE TEMP TABLE {INDICATORS} (code text NOT NULL, id bigint NOT NULL, value_type text NOT NULL, "
        "scale numeric NOT NULL, whole boolean NOT NULL, lower_bound numeric, upper_bound numeric)"
    )
    cursor.execute(
        f"CREATE TEMP TABLE {STAGE} (line bigint NOT NULL, period_id bigint, unit_id bigint, indicator_id bigint, "
        f"disaggregation text NOT NULL, value {number}, numerator {number}, denominator {number}, fault smallint)"
    )
    cursor.execute(
        f"CREATE TEMP TABLE {PAIRS} (period_id bigint NOT NULL, unit_id bigint NOT NULL, existed boolean NOT NULL, "
        "day date NOT NULL, role text)"
    )


def _drop_tables(cursor) -> None:
    for table in (RAW, PERIODS, INDICATORS, STAGE, PAIRS):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _copy_cell(cell: object) -> str:
    if cell is None:
        return "\\N"
    if isinstance(cell, bool):
        return "t" if cell else "f"
    text = str(cell)
    if "\t" in text or _COPY_SPECIAL.search(text):
        # PostgreSQL text holds no NUL: it becomes another control character, which the checks refuse alike.
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\x00", "\x01")
        )
    return text


def _copy_line(row: Sequence[object]) -> str:
    if isinstance(row, RawRow):
        # The file's rows, millions of them: a line number and text cells, rarely one that needs escaping.
        line = "\t".join(map(str, row))
        if line.count("\t") == len(row) - 1 and not _COPY_SPECIAL.search(line):
            return line + "\n"
    return "\t".join(map(_copy_cell, row)) + "\n"


def _insert(cursor, table: str, columns: str, rows: Iterable[Sequence[object]]) -> None:
    """Write rows into a temporary table, batch by batch. A batch is built before its COPY starts: reading
    the file reports progress, which may write to the database, and a connection in the middle of a COPY
    takes nothing else."""
    width = columns.count(",") + 1
    for batch in batched(rows, BATCH, strict=False):
        if _postgresql():
            text = "".join(_copy_line(row) for row in batch)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(text)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * width)})", batch)


def _period_codes(program: Program) -> dict[str, PeriodKey]:
    """Every period code the programme takes: its years' years, halves, quarters and months."""
    return {
        dhis2_code(key): key
        for year in range(program.start_year, program.end_year + 1)
        for kind, count in PERIODS_PER_YEAR.items()
        for key in (PeriodKey(year, kind, number) for number in range(1, count + 1))
    }


def _resolve_periods(cursor, program: Program, actor) -> dict[str, ReportingPeriod]:
    """The periods the file names, opened if missing, written into ``PERIODS``: one pass over the file."""
    codes = _period_codes(program)
    cursor.execute(f"SELECT DISTINCT ky FROM {RAW} WHERE ky IN ({', '.join(['%s'] * len(codes))})", list(codes))
    found = {code: get_or_open_period(program, codes[code], actor=actor) for (code,) in cursor.fetchall()}
    _insert(
        cursor,
        PERIODS,
        "code, period_id, is_open",
        [(code, period.pk, period.is_open) for code, period in found.items()],
    )
    return found


def _resolve_indicators(cursor, program: Program) -> dict[str, IndicatorFacts]:
    facts = {}
    rows = []
    for indicator in program.indicators.filter(is_group=False):
        rule = figure_rule(indicator)
        facts[indicator.code] = IndicatorFacts(indicator.pk, indicator.code, indicator.value_type, rule)
        rows.append(
            (indicator.code, indicator.pk, indicator.value_type, rule.scale, rule.whole, rule.lower, rule.upper)
        )
    _insert(cursor, INDICATORS, "code, id, value_type, scale, whole, lower_bound, upper_bound", rows)
    return facts


def _readable() -> str:
    return ", ".join(f"'{value_type}'" for value_type in READABLE_TYPES)


def _figure_sql(by_id: dict[int, IndicatorFacts]) -> tuple[str, str, str]:
    """SQL for the figure of a resolved row: the typed columns of the row ``x`` (from its texts gia_tri,
    tu_so, mau_so), the figure it would store (over ``x``) and the ``WHEN … THEN`` clauses, over ``y`` (``x``
    and that figure, ``rv``), that find a figure ``rules.figures`` refuses.

    PostgreSQL checks the rule in SQL, on exact numerics. SQLite has no exact numerics (its numbers are
    doubles), so there each row's figure is computed by ``rules.figures`` itself, called from the SQL."""
    if not _postgresql():
        connection.connection.create_function("ansinh_bulk_figure", 4, _sqlite_figure(by_id), deterministic=True)
        columns = (
            "CASE WHEN i.id IS NOT NULL THEN ansinh_bulk_figure(i.id, s.gia_tri, s.tu_so, s.mau_so) END AS fig, "
            "NULLIF(s.tu_so, '') AS n, NULLIF(s.mau_so, '') AS d"
        )
        return columns, "x.fig", f"WHEN y.rv IS NULL THEN {Fault.FIGURE:d}"
    number = f"'^{NUMBER_PATTERN}$'"
    columns = ", ".join(
        f"CASE WHEN s.{text} ~ {number} THEN s.{text}::numeric END AS {name}"
        for text, name in (("gia_tri", "v"), ("tu_so", "n"), ("mau_so", "d"))
    )
    # The numerator at 24 decimals, so that the division keeps them before the figure is rounded to 6; only
    # for parts that may be divided (the checks refuse the others before they look at the figure).
    value = (
        f"CASE WHEN x.n IS NULL THEN x.v WHEN x.d > 0 AND abs(x.n) < {LIMIT} "
        f"THEN round(x.n::numeric(38, 24) / x.d * x.scale, {PLACES}) END"
    )
    bad = [
        f"y.value_type NOT IN ({_readable()})",
        "(y.gia_tri <> '' AND y.v IS NULL) OR (y.tu_so <> '' AND y.n IS NULL) OR (y.mau_so <> '' AND y.d IS NULL)",
        " OR ".join(f"abs(y.{name}) >= {LIMIT} OR y.{name} <> round(y.{name}, {PLACES})" for name in "vnd"),
        "y.n IS NOT NULL AND y.d IS NOT NULL AND y.value_type = 'number'",
        "y.v IS NULL AND y.n IS NULL AND y.d IS NULL",
        "(y.n IS NULL) <> (y.d IS NULL)",
        f"y.d <= 0 OR y.n < 0 OR (y.value_type = '{PERCENT}' AND y.n > y.d)",
        # From here the figure is there: a rate's parts are both there and the denominator positive.
        f"abs(y.rv) >= {LIMIT}",
        f"y.value_type = '{PERCENT}' AND (y.rv < 0 OR y.rv > 100)",
        "y.rv < y.lower_bound OR y.rv > y.upper_bound OR (y.whole AND y.rv <> trunc(y.rv))",
    ]
    # CASE takes its branches in order and a NULL condition as not met: each test is reached only by a
    # figure that passed the ones before.
    return columns, value, " ".join(f"WHEN {test} THEN {Fault.FIGURE:d}" for test in bad)


def _sqlite_figure(by_id: dict[int, IndicatorFacts]) -> Callable[[int, str, str, str], str | None]:
    def stored_value(indicator_id: int, value: str, numerator: str, denominator: str) -> str | None:
        try:
            stored = stored_figure(by_id[indicator_id], value, numerator, denominator)[0]
        except (ValueError, ArithmeticError):
            return None
        return None if stored is None else str(stored)

    return stored_value


def _resolve_rows(cursor, indicators: dict[str, IndicatorFacts]) -> None:
    """Every row of ``RAW`` into ``STAGE``: its codes resolved, its figure typed, its first fault among those
    a row shows by itself (the unit's validity and assignment are judged by ``_faults``). Each step is a
    subquery of its own (``OFFSET 0`` keeps PostgreSQL from folding it into the next), so that a typed
    number or a figure is computed once per row, not once per mention."""
    columns, value, figure_faults = _figure_sql({facts.id: facts for facts in indicators.values()})
    control = "'[\\u0001-\\u001f\\u007f]'" if _postgresql() else "'[\\x00-\\x1f\\x7f]'"
    matches = "~" if _postgresql() else "REGEXP"
    fence = " OFFSET 0" if _postgresql() else " LIMIT -1 OFFSET 0"
    cursor.execute(
        f"INSERT INTO {STAGE} (line, period_id, unit_id, indicator_id, disaggregation, value, numerator, "
        "denominator, fault) "
        "SELECT line, period_id, unit_id, indicator_id, disaggregation, CASE WHEN fault IS NULL THEN rv END, "
        "CASE WHEN fault IS NULL THEN n END, CASE WHEN fault IS NULL THEN d END, fault FROM ("
        f"SELECT y.*, CASE WHEN y.early IS NOT NULL THEN y.early {figure_faults} END AS fault FROM ("
        f"SELECT x.*, {value} AS rv FROM ("
        "SELECT s.line, p.period_id, u.id AS unit_id, i.id AS indicator_id, s.phan_to AS disaggregation, "
        f"i.value_type, i.scale, i.whole, i.lower_bound, i.upper_bound, s.gia_tri, s.tu_so, s.mau_so, {columns}, "
        f"CASE WHEN p.period_id IS NULL THEN {Fault.PERIOD:d} WHEN u.id IS NULL THEN {Fault.UNIT:d} "
        f"WHEN i.id IS NULL THEN {Fault.INDICATOR:d} WHEN NOT p.is_open THEN {Fault.CLOSED:d} "
        f"WHEN length(s.phan_to) > {MAX_CUT_LENGTH} OR s.phan_to {matches} {control} THEN {Fault.CUT:d} END AS early "
        f"FROM {RAW} s LEFT JOIN {PERIODS} p ON p.code = s.ky LEFT JOIN {UNITS} u ON u.code = s.don_vi "
        f"LEFT JOIN {INDICATORS} i ON i.code = s.chi_tieu{fence}) x{fence}) y{fence}) z"
    )
    if _postgresql():
        cursor.execute(f"ANALYZE {STAGE}")


def _resolve_pairs(cursor, program: Program, periods: dict[str, ReportingPeriod]) -> None:
    """The file's (period, unit) pairs into ``PAIRS``: whether the unit may report in the period
    (``may_report``, the one meaning), and the area role (communes, provinces…) it held on its last day in
    the period, which is when an area role is read (``reportable_indicator_ids``)."""
    by_id = {period.pk: period for period in periods.values()}
    units = {
        unit.pk: unit
        for unit in OrgUnit.objects.raw(
            f"SELECT id, valid_from, valid_to FROM {UNITS} WHERE id IN "
            f"(SELECT DISTINCT unit_id FROM {STAGE} WHERE unit_id IS NOT NULL)"
        )
    }
    cursor.execute(
        f"SELECT DISTINCT period_id, unit_id FROM {STAGE} WHERE period_id IS NOT NULL AND unit_id IS NOT NULL"
    )
    pairs = []
    days = set()
    for period_id, unit_id in cursor.fetchall():
        unit, period = units[unit_id], by_id[period_id]
        existed = may_report(unit, period)
        day = last_day_in(unit, period)
        pairs.append((period_id, unit_id, existed, day, None))
        if existed:
            days.add(day)
    _insert(cursor, PAIRS, "period_id, unit_id, existed, day, role", pairs)
    roles = set(Assignment.objects.filter(indicator__program=program, unit__isnull=True).values_list("role", flat=True))
    for day in sorted(days):
        for role in sorted(roles):
            members, params = area_units(role, program.owner_unit, day).values("pk").query.sql_with_params()
            cursor.execute(
                f"UPDATE {PAIRS} SET role = %s WHERE existed AND day = %s AND unit_id IN ({members})",
                [role, day, *params],
            )


def _faults(cursor, program: Program) -> tuple[list[tuple[int, int]], int]:
    """The first ``MAX_ERRORS`` faulty rows (line, fault) and how many there are. A unit may write an
    indicator as the write path allows (``reporting.services.values``): the programme's own unit every one;
    another those assigned to it by name or through the area role it held on its last day in the period,
    and any its report already holds a figure or a draft of, which it may still correct."""
    held = " ".join(
        f"OR EXISTS (SELECT 1 FROM {REPORTS} held JOIN {table} cell ON cell.report_id = held.id "
        "WHERE held.period_id = r.period_id AND held.unit_id = r.unit_id AND cell.indicator_id = r.indicator_id)"
        for table in (VALUES, DRAFTS)
    )
    assigned = (
        f"r.unit_id = {int(program.owner_unit_id)} "
        f"OR (r.indicator_id, r.unit_id) IN (SELECT indicator_id, unit_id FROM {ASSIGNMENTS} WHERE unit_id IS NOT NULL) "
        f"OR (r.indicator_id, pr.role) IN (SELECT indicator_id, role FROM {ASSIGNMENTS} WHERE unit_id IS NULL) {held}"
    )
    early = ", ".join(str(int(fault)) for fault in (Fault.PERIOD, Fault.UNIT, Fault.INDICATOR, Fault.CLOSED))
    cursor.execute(
        f"SELECT line, fault, COUNT(*) OVER () FROM (SELECT r.line, CASE WHEN r.fault IN ({early}) THEN r.fault "
        f"WHEN NOT pr.existed THEN {Fault.ABSENT:d} WHEN NOT COALESCE({assigned}, FALSE) THEN {Fault.UNASSIGNED:d} "
        f"ELSE r.fault END AS fault FROM {STAGE} r LEFT JOIN {PAIRS} pr "
        "ON pr.period_id = r.period_id AND pr.unit_id = r.unit_id) q "
        f"WHERE fault IS NOT NULL ORDER BY line LIMIT {MAX_ERRORS}"
    )
    found = cursor.fetchall()
    return [(line, fault) for line, fault, _ in found], (found[0][2] if found else 0)


def _period_problem(program: Program, code: str) -> str:
    try:
        key = parse_dhis2_period(code)
    except PeriodCodeError as error:
        return str(error)
    if not program.start_year <= key.year <= program.end_year:
        return period_outside(code, program.start_year, program.end_year)
    return f"kỳ “{code}” không phải là một kỳ báo cáo."


def _phrase(
    cursor,
    program: Program,
    faults: list[tuple[int, int]],
    periods: dict[str, ReportingPeriod],
    indicators: dict[str, IndicatorFacts],
) -> list[tuple[int, str]]:
    """The faulty rows' messages, as the entry page words them (``exchange.formats.bulk_csv``)."""
    if not faults:
        return []
    cursor.execute(
        f"SELECT {RAW_COLUMNS} FROM {RAW} WHERE line IN ({', '.join(['%s'] * len(faults))})",
        [line for line, _ in faults],
    )
    rows = {row[0]: RawRow(*row) for row in cursor.fetchall()}
    names = dict(OrgUnit.objects.filter(code__in={row.don_vi for row in rows.values()}).values_list("code", "name"))
    phrased = []
    for line, fault in faults:
        row = rows[line]
        period = periods.get(row.ky)
        indicator = indicators.get(row.chi_tieu)
        unit_name = names.get(row.don_vi, row.don_vi)
        if fault == Fault.PERIOD:
            message = _period_problem(program, row.ky)
        elif fault == Fault.UNIT:
            message = unknown_unit(row.don_vi)
        elif fault == Fault.INDICATOR:
            message = unknown_indicator(row.chi_tieu)
        elif fault == Fault.CLOSED:
            message = closed_period(str(period))
        elif fault == Fault.ABSENT:
            message = absent_unit(unit_name, str(period))
        elif fault == Fault.UNASSIGNED:
            message = unassigned_unit(unit_name, row.chi_tieu)
        elif fault == Fault.CUT:
            message = cut_problem(row.phan_to) or ""
        else:
            # The SQL and rules.figures agree (tests hold them to it); should they ever not, the row is
            # still named rather than listed without a reason.
            message = (figure_problem(indicator, row) if indicator is not None else None) or (
                f"số liệu của chỉ tiêu {row.chi_tieu} không hợp lệ."
            )
        phrased.append((line, message))
    return phrased


_JOIN_REPORT = f"JOIN {REPORTS} r ON r.period_id = s.period_id AND r.unit_id = s.unit_id"
_JOIN_VALUE = (
    f"JOIN {VALUES} dv ON dv.report_id = r.id AND dv.indicator_id = s.indicator_id "
    "AND dv.disaggregation = s.disaggregation"
)


def _distinct(left: str, right: str) -> str:
    operator = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return f"{left} {operator} {right}"


def _figure_changed() -> str:
    return (
        "(" + " OR ".join(_distinct(f"dv.{name}", f"s.{name}") for name in ("value", "numerator", "denominator")) + ")"
    )


def _snapshot_sql(alias: str, *, source: str | None = None) -> str:
    """A stored cell as ``reporting.selectors.snapshot`` writes it, built in SQL; with ``source`` (a
    parameter placeholder) the cell as the import leaves it."""
    if connection.vendor == "postgresql":
        build, number = "jsonb_build_object", "trim_scale({})::text"
    else:
        build, number = "json_object", "CAST({} AS TEXT)"
    figure = "s" if source else alias
    parts = [
        f"'value', {number.format(f'{figure}.value')}",
        f"'numerator', {number.format(f'{figure}.numerator')}",
        f"'denominator', {number.format(f'{figure}.denominator')}",
        f"'achieved', {alias}.achieved",
        f"'not_implemented', {'false' if source else f'{alias}.not_implemented'}",
        f"'note', {alias}.note",
        f"'evidence', {alias}.evidence",
        f"'source', {source or f'{alias}.source'}",
    ]
    if connection.vendor != "postgresql":
        # SQLite has no boolean type: json() turns its 0/1 back into false/true.
        parts[3] = (
            f"'achieved', CASE WHEN {alias}.achieved IS NULL THEN NULL WHEN {alias}.achieved THEN json('true') ELSE json('false') END"
        )
        parts[4] = (
            "'not_implemented', json('false')"
            if source
            else f"'not_implemented', CASE WHEN {alias}.not_implemented THEN json('true') ELSE json('false') END"
        )
    return f"{build}({', '.join(parts)})"


def _duplicates(cursor) -> list[str]:
    cursor.execute(
        f"SELECT MIN(line), MAX(line), COUNT(*) FROM {STAGE} "
        "GROUP BY period_id, unit_id, indicator_id, disaggregation HAVING COUNT(*) > 1 ORDER BY MIN(line) "
        f"LIMIT {MAX_ERRORS}"
    )
    return [
        f"Dòng {first}: cùng ô số liệu với dòng {last} (xuất hiện {count} lần trong tệp); mỗi ô chỉ ghi một lần."
        for first, last, count in cursor.fetchall()
    ]


def _locked_cells(cursor) -> list[str]:
    frozen = ", ".join(["%s"] * len(FROZEN_STATUSES))
    cursor.execute(
        f"SELECT s.line, r.status FROM {STAGE} s {_JOIN_REPORT} WHERE r.status IN ({frozen}) ORDER BY s.line "
        f"LIMIT {MAX_ERRORS}",
        [status.value for status in FROZEN_STATUSES],
    )
    labels = dict(ReportStatus.choices)
    return [
        f"Dòng {line}: báo cáo đang ở trạng thái “{labels[status]}”, không sửa được; hãy đề nghị mở lại báo cáo."
        for line, status in cursor.fetchall()
    ]


def _merge(cursor, *, now: datetime, actor_id: int | None, source: str, summary: BulkSummary) -> None:
    """Write the staged rows: the missing reports first, then every figure in one statement — new cells
    inserted, changed ones updated with their history, the drafts of the cells the file fills cleared (a file
    of new reports only inserts: there is nothing to update or clear)."""
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {REPORTS}")
    newest_before = int(cursor.fetchone()[0])
    cursor.execute(
        f"INSERT INTO {REPORTS} (period_id, unit_id, status, version, return_reason, source, created_at, updated_at) "
        f"SELECT period_id, unit_id, %s, 0, '', '', %s, %s FROM {PAIRS} WHERE true "
        "ON CONFLICT (period_id, unit_id) DO NOTHING",
        [ReportStatus.DRAFT.value, now, now],
    )
    summary.reports_created = cursor.rowcount
    cursor.execute(f"SELECT COUNT(*) FROM {PAIRS}")
    summary.reports = cursor.fetchone()[0]
    # Only reports that existed before this import can hold figures or drafts already.
    has_old_reports = summary.reports_created < summary.reports
    if has_old_reports or not _postgresql():
        # A cell twice in the file: PostgreSQL refuses a statement that writes one row twice, but not one
        # that finds the same unchanged cell twice; SQLite's upsert takes the last of two rows silently.
        duplicates = _duplicates(cursor)
        if duplicates:
            raise ExchangeError("Tệp ghi một ô số liệu nhiều lần; chưa nhập gì.", duplicates)
    old = f"r.id <= {newest_before}"
    history = (
        f"INSERT INTO {CHANGES} (data_value_id, changed_at, changed_by_id, before, after) "
        f"SELECT dv.id, %s, %s, {_snapshot_sql('dv')}, {_snapshot_sql('dv', source='%s')} "
        f"FROM {STAGE} s {_JOIN_REPORT} {_JOIN_VALUE} WHERE {old} AND {_figure_changed()}"
    )
    history_params: list[object] = [now, actor_id, source]
    drafts = (
        f"DELETE FROM {DRAFTS} WHERE (report_id, indicator_id, disaggregation) IN "
        f"(SELECT r.id, s.indicator_id, s.disaggregation FROM {STAGE} s {_JOIN_REPORT} WHERE {old})"
    )
    changed = " OR ".join(
        _distinct(f"{VALUES}.{name}", f"excluded.{name}") for name in ("value", "numerator", "denominator")
    )

    def insert(reports: str) -> str:
        return (
            f"INSERT INTO {VALUES} (report_id, indicator_id, disaggregation, value, numerator, denominator, "
            "not_implemented, note, evidence, source, updated_at, updated_by_id) "
            "SELECT r.id, s.indicator_id, s.disaggregation, s.value, s.numerator, s.denominator, %s, '', '', %s, %s, "
            f"%s FROM {STAGE} s {_JOIN_REPORT} WHERE {reports} ORDER BY r.id, s.indicator_id, s.disaggregation"
        )

    # A report the import created holds no cell yet: its cells are inserted without looking for one.
    fresh = insert(f"r.id > {newest_before}")
    upsert = (
        insert(old) + " ON CONFLICT (report_id, indicator_id, disaggregation) DO UPDATE SET value = excluded.value, "
        "numerator = excluded.numerator, denominator = excluded.denominator, "
        "not_implemented = excluded.not_implemented, source = excluded.source, updated_at = excluded.updated_at, "
        f"updated_by_id = excluded.updated_by_id WHERE {changed}"
    )
    cell_params: list[object] = [False, source, now, actor_id]
    if _postgresql():
        # One statement: its parts read the same snapshot, so the history takes each figure as it was before.
        if has_old_reports:
            cursor.execute(
                f"WITH history AS ({history} RETURNING 1), cleared AS ({drafts}), fresh AS ({fresh} RETURNING 1), "
                f"merged AS ({upsert} RETURNING 1) "
                "SELECT (SELECT COUNT(*) FROM fresh) + (SELECT COUNT(*) FROM merged), (SELECT COUNT(*) FROM history)",
                [*history_params, *cell_params, *cell_params],
            )
            written, summary.updated = cursor.fetchone()
        else:
            cursor.execute(fresh, cell_params)
            written, summary.updated = cursor.rowcount, 0
    else:
        written, summary.updated = 0, 0
        if has_old_reports:
            cursor.execute(history, history_params)
            summary.updated = cursor.rowcount
            cursor.execute(drafts)
            cursor.execute(upsert, cell_params)
            written = cursor.rowcount
        cursor.execute(fresh, cell_params)
        written += cursor.rowcount
    # Every row of a clean file is a new cell, a changed one (written twice: inserted is the rest) or one
    # that is the same as stored.
    summary.imported = written - summary.updated
    summary.unchanged = summary.rows - written


def _finish_reports(cursor, *, approve: bool, now: datetime, actor_id: int | None) -> None:
    """Every report the file wrote gets a new version; with ``approve`` it is marked approved, with its event."""
    written = f"SELECT r.id FROM {REPORTS} r JOIN {PAIRS} p ON p.period_id = r.period_id AND p.unit_id = r.unit_id"
    if approve:
        cursor.execute(
            f"INSERT INTO {EVENTS} (report_id, action, from_status, to_status, actor_id, at, reason) "
            f"SELECT id, %s, status, %s, %s, %s, %s FROM {REPORTS} WHERE id IN ({written})",
            [ReportAction.APPROVE.value, ReportStatus.APPROVED.value, actor_id, now, APPROVED_BY_IMPORT],
        )
        cursor.execute(
            f"UPDATE {REPORTS} SET status = %s, approved_at = %s, approved_by_id = %s, return_reason = '', "
            f"version = version + 1, updated_at = %s WHERE id IN ({written})",
            [ReportStatus.APPROVED.value, now, actor_id, now],
        )
    else:
        cursor.execute(f"UPDATE {REPORTS} SET version = version + 1, updated_at = %s WHERE id IN ({written})", [now])


def _refresh_statistics(cursor, imported: int) -> None:
    """After a file that grew the values table by more than a tenth (autovacuum's own measure), refresh the
    planner's statistics of the values and reports at once: autovacuum comes later, and until then the totals
    rebuilt below and the next file's merge would be planned for the table as it was before."""
    if not _postgresql() or not imported:
        return
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [VALUES])
    known = cursor.fetchone()[0]
    if known < 0 or imported > known / 10:
        cursor.execute(f"ANALYZE {REPORTS}, {VALUES}")


def _fail(read: ReadReport, found: list[tuple[int, str]], count: int) -> None:
    faults = sorted([*read.faults, *found])[:MAX_ERRORS]
    total = read.error_count + count
    more = f" (liệt kê {len(faults)} lỗi đầu)" if total > len(faults) else ""
    raise ExchangeError(
        f"Tệp có {format_number(total)} dòng lỗi{more}; chưa nhập gì.",
        [f"Dòng {line}: {message}" for line, message in faults],
    )


def import_values(
    program: Program,
    lines: Iterable[str],
    *,
    filename: str = "",
    approve: bool = False,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
    total: int = 0,
) -> BulkSummary:
    """Import a bulk values file (``exchange/formats/bulk_csv.py``) into ``program``, all or nothing.

    ``lines``: the file's text lines (an open text file streams it). ``approve``: the reports filled are
    marked approved (history approved elsewhere). ``progress(characters read, total)`` is called as the
    file is read. Raises ``ExchangeError`` with the rows at fault."""
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    source = f"Nhập hàng loạt từ tệp {filename}".strip() if filename else "Nhập hàng loạt"
    summary = BulkSummary(approved=approve, dry_run=dry_run)
    read = ReadReport()
    with transaction.atomic():
        with connection.cursor() as cursor:
            _create_tables(cursor)
            try:
                _insert(cursor, RAW, RAW_COLUMNS, read_cells(_text_lines(lines, progress, total), read))
            except BulkFormatError as error:
                raise ExchangeError(str(error)) from error
            if _postgresql():
                cursor.execute(f"ANALYZE {RAW}")
            periods = _resolve_periods(cursor, program, actor)
            indicators = _resolve_indicators(cursor, program)
            _resolve_rows(cursor, indicators)
            _resolve_pairs(cursor, program, periods)
            found, count = _faults(cursor, program)
            if read.error_count or count:
                _fail(read, _phrase(cursor, program, found, periods, indicators), count)
            summary.rows = read.rows
            locked = _locked_cells(cursor)
            if locked:
                raise ExchangeError("Tệp có số liệu của báo cáo đã khoá; chưa nhập gì.", locked)
            try:
                with transaction.atomic():
                    _merge(cursor, now=now, actor_id=actor_id, source=source, summary=summary)
            except (IntegrityError, DatabaseError) as error:
                duplicates = _duplicates(cursor)
                if duplicates:
                    raise ExchangeError("Tệp ghi một ô số liệu nhiều lần; chưa nhập gì.", duplicates) from error
                raise
            _finish_reports(cursor, approve=approve, now=now, actor_id=actor_id)
            _refresh_statistics(cursor, summary.imported)
            period_ids = sorted(period.pk for period in periods.values())
            _drop_tables(cursor)
        summary.periods = [
            str(period)
            for period in ReportingPeriod.objects.filter(pk__in=period_ids).order_by("year", "kind", "number")
        ]
        if approve:
            totals.rebuild(period_ids)
        record(
            actor=actor,
            action="exchange.bulk.import",
            obj=program,
            summary=summary.message(),
            after=summary.as_dict() | {"filename": filename},
        )
        if progress is not None:
            progress(total, total)
        if dry_run:
            transaction.set_rollback(True)
    return summary
