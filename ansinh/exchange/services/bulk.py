"""Bulk import of figures: the path for files of millions of values (``exchange/bulk.py`` reads them).

The file is read as a stream and every row is checked in Python by ``exchange.bulk`` (the same rules
as the entry page: the unit existed in the period and is assigned the indicator, the period
is open, a rate's numerator and denominator agree with its type). Checked rows go into a temporary
staging table — with ``COPY`` on PostgreSQL — and are then merged into the reports and their values with a handful of set-based statements.
Everything runs in one transaction: any error, anywhere in the file, and nothing is kept.

What is recorded: one audit event for the import (who, which file, how many rows, what changed); a
``DataValueChange`` with before and after for every figure the file changed; the figures the file
adds carry the import as their ``source``. A report that has been sent, approved or closed is never
changed: rows for it make the import fail with the cell named.

With ``approve`` the secretariat loads history that was already approved elsewhere (the Excel and
e-mail years): the reports the file fills are marked approved, with an event saying so, and the
approved totals of their periods are rebuilt.
"""

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import batched
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.bulk_csv import (
    MAX_ERRORS,
    BulkFormatError,
    CheckedRow,
    IndicatorFacts,
    Lookups,
    PeriodFacts,
    ReadReport,
    UnitFacts,
    read_rows,
)
from ansinh.exchange.services.common import ExchangeError
from ansinh.org.models import OrgUnit
from ansinh.org.selectors import communes_of, districts_of, provinces_of
from ansinh.programs.models import Program
from ansinh.reporting import totals
from ansinh.reporting.models import (
    FROZEN_STATUSES,
    Assignment,
    AssignmentRole,
    CellDraft,
    DataValue,
    DataValueChange,
    Report,
    ReportAction,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.reporting.selectors import figure_rule
from ansinh.reporting.services.periods import get_or_open_period
from ansinh.rules.periods import PeriodCodeError, parse_dhis2_period

STAGE = "ansinh_bulk_stage"
VALUES = DataValue._meta.db_table
REPORTS = Report._meta.db_table
CHANGES = DataValueChange._meta.db_table
DRAFTS = CellDraft._meta.db_table
EVENTS = ReportEvent._meta.db_table
STAGE_COLUMNS = "line, period_id, unit_id, indicator_id, disaggregation, value, numerator, denominator"
# Rows sent to the database per batch: large enough to amortise the round trip, small enough to keep
# memory flat.
BATCH = 20_000
PROGRESS_EVERY = 50_000
APPROVED_BY_IMPORT = "Nạp số liệu đã duyệt từ tệp nhập hàng loạt"

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


def _lookups(program: Program, actor) -> Lookups:
    units = {
        code: UnitFacts(pk, name, valid_from, valid_to)
        for pk, code, name, valid_from, valid_to in OrgUnit.objects.values_list(
            "pk", "code", "name", "valid_from", "valid_to"
        )
    }
    assigned_units: dict[int, set[int]] = {}
    area_roles: dict[int, set[str]] = {}
    for indicator_id, role, unit_id in Assignment.objects.filter(indicator__program=program).values_list(
        "indicator_id", "role", "unit_id"
    ):
        if unit_id is None:
            area_roles.setdefault(indicator_id, set()).add(role)
        else:
            assigned_units.setdefault(indicator_id, set()).add(unit_id)
    indicators = {
        indicator.code: IndicatorFacts(
            indicator.pk,
            indicator.code,
            indicator.value_type,
            figure_rule(indicator),
            frozenset(assigned_units.get(indicator.pk, ())),
            frozenset(area_roles.get(indicator.pk, ())),
        )
        for indicator in program.indicators.filter(is_group=False)
    }
    periods: dict[str, PeriodFacts | str] = {}

    def period(code: str) -> PeriodFacts | str:
        if code not in periods:
            try:
                key = parse_dhis2_period(code)
            except PeriodCodeError as error:
                periods[code] = str(error)
                return periods[code]
            if not program.start_year <= key.year <= program.end_year:
                periods[code] = (
                    f"kỳ “{code}” nằm ngoài thời gian của chương trình ({program.start_year}–{program.end_year})."
                )
            else:
                found = get_or_open_period(program, key, actor=actor)
                periods[code] = PeriodFacts(found.pk, str(found), found.starts_on, found.ends_on, found.is_open)
        return periods[code]

    def area_members(role: str, day: date) -> frozenset[int]:
        chosen = (
            provinces_of
            if role == AssignmentRole.PROVINCES
            else districts_of
            if role == AssignmentRole.DISTRICTS
            else communes_of
        )
        return frozenset(chosen(program.owner_unit, day).values_list("pk", flat=True))

    return Lookups(unit=units.get, indicator=indicators.get, period=period, area_members=area_members)


def _copy_text(number: Decimal | None) -> str:
    return "\\N" if number is None else str(number)


def _stage(cursor, rows: Iterator[CheckedRow]) -> None:
    """Write the checked rows into the staging table batch by batch. Rows are checked between batches,
    never while one is being sent: a check may query the database (a period opened by the file), which
    it cannot do on a connection in the middle of a COPY."""
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (line bigint NOT NULL, period_id bigint NOT NULL, "
        "unit_id bigint NOT NULL, indicator_id bigint NOT NULL, disaggregation varchar(128) NOT NULL, "
        "value numeric(20, 6), numerator numeric(20, 6), denominator numeric(20, 6))"
    )
    cursor.execute(f"DELETE FROM {STAGE}")
    postgresql = connection.vendor == "postgresql"
    for batch in batched(rows, BATCH, strict=False):
        if postgresql:
            _copy_batch(cursor, batch)
        else:
            cursor.executemany(
                f"INSERT INTO {STAGE} ({STAGE_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        row.line,
                        row.period_id,
                        row.unit_id,
                        row.indicator_id,
                        row.disaggregation,
                        row.value,
                        row.numerator,
                        row.denominator,
                    )
                    for row in batch
                ],
            )
    if postgresql:
        cursor.execute(f"ANALYZE {STAGE}")


def _copy_batch(cursor, batch: tuple[CheckedRow, ...]) -> None:
    text = "".join(
        f"{row.line}\t{row.period_id}\t{row.unit_id}\t{row.indicator_id}\t"
        f"{row.disaggregation.replace('\\', '\\\\')}\t{_copy_text(row.value)}\t"
        f"{_copy_text(row.numerator)}\t{_copy_text(row.denominator)}\n"
        for row in batch
    )
    with cursor.cursor.copy(f"COPY {STAGE} ({STAGE_COLUMNS}) FROM STDIN") as copy:
        copy.write(text)


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


def _merge(cursor, *, now: datetime, actor_id: int | None, source: str, summary: BulkSummary) -> list[int]:
    """Write the staged rows into reports and values; returns the ids of the reports written."""
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {REPORTS}")
    newest_before = cursor.fetchone()[0]
    cursor.execute(
        f"INSERT INTO {REPORTS} (period_id, unit_id, status, version, return_reason, source, created_at, updated_at) "
        f"SELECT DISTINCT period_id, unit_id, %s, 0, '', '', %s, %s FROM {STAGE} WHERE true "
        "ON CONFLICT (period_id, unit_id) DO NOTHING",
        [ReportStatus.DRAFT.value, now, now],
    )
    summary.reports_created = cursor.rowcount
    cursor.execute(f"SELECT DISTINCT r.id FROM {STAGE} s {_JOIN_REPORT}")
    report_ids = sorted(row[0] for row in cursor.fetchall())
    summary.reports = len(report_ids)

    old = f"r.id <= {int(newest_before)}"
    existing = 0
    has_old_reports = summary.reports_created < summary.reports
    if has_old_reports:
        # Only reports that existed before this import can hold figures already.
        cursor.execute(f"SELECT COUNT(*) FROM {STAGE} s {_JOIN_REPORT} {_JOIN_VALUE} WHERE {old}")
        existing = cursor.fetchone()[0]
    if existing:
        # An UPDATE … FROM would take one of two rows for the same cell, silently: look first. (New cells
        # need no look: the unique constraint refuses the second.)
        duplicates = _duplicates(cursor)
        if duplicates:
            raise ExchangeError("Tệp ghi một ô số liệu nhiều lần; chưa nhập gì.", duplicates)
        cursor.execute(
            f"INSERT INTO {CHANGES} (data_value_id, changed_at, changed_by_id, before, after) "
            f"SELECT dv.id, %s, %s, {_snapshot_sql('dv')}, {_snapshot_sql('dv', source='%s')} "
            f"FROM {STAGE} s {_JOIN_REPORT} {_JOIN_VALUE} WHERE {old} AND {_figure_changed()}",
            [now, actor_id, source],
        )
        summary.updated = cursor.rowcount
        cursor.execute(
            f"UPDATE {VALUES} SET value = s.value, numerator = s.numerator, denominator = s.denominator, "
            "not_implemented = %s, source = %s, updated_at = %s, updated_by_id = %s "
            f"FROM {STAGE} s {_JOIN_REPORT} WHERE {old} AND r.id = {VALUES}.report_id "
            f"AND s.indicator_id = {VALUES}.indicator_id AND s.disaggregation = {VALUES}.disaggregation AND "
            + _figure_changed().replace("dv.", f"{VALUES}."),
            [False, source, now, actor_id],
        )
    if has_old_reports:
        # Whatever was left unreadable in a cell the file now fills goes, whether or not the cell held a
        # figure (a report opened and left with a draft has no value yet).
        cursor.execute(
            f"DELETE FROM {DRAFTS} WHERE (report_id, indicator_id, disaggregation) IN "
            f"(SELECT r.id, s.indicator_id, s.disaggregation FROM {STAGE} s {_JOIN_REPORT} WHERE {old})"
        )
    summary.unchanged = existing - summary.updated
    # A cell is new when its report is new, or when its report existed but did not hold it: an existing
    # report that is empty, or holds other cells, takes the file's new cells too (issue 21: they were
    # dropped unless the file also overlapped a cell the report already had).
    new_cells = (
        f"NOT EXISTS (SELECT 1 FROM {VALUES} dv WHERE dv.report_id = r.id AND dv.indicator_id = s.indicator_id "
        "AND dv.disaggregation = s.disaggregation)"
    )
    where_new = f"r.id > {int(newest_before)}" + (f" OR ({old} AND {new_cells})" if has_old_reports else "")
    cursor.execute(
        f"INSERT INTO {VALUES} (report_id, indicator_id, disaggregation, value, numerator, denominator, "
        "not_implemented, note, evidence, source, updated_at, updated_by_id) "
        "SELECT r.id, s.indicator_id, s.disaggregation, s.value, s.numerator, s.denominator, %s, '', '', %s, %s, %s "
        f"FROM {STAGE} s {_JOIN_REPORT} WHERE {where_new} ORDER BY r.id, s.indicator_id, s.disaggregation",
        [False, source, now, actor_id],
    )
    summary.imported = cursor.rowcount
    return report_ids


def _finish_reports(cursor, report_ids: list[int], *, approve: bool, now: datetime, actor_id: int | None) -> None:
    for start in range(0, len(report_ids), BATCH):
        chunk = report_ids[start : start + BATCH]
        ids = ", ".join(str(int(pk)) for pk in chunk)
        if approve:
            cursor.execute(
                f"INSERT INTO {EVENTS} (report_id, action, from_status, to_status, actor_id, at, reason) "
                f"SELECT id, %s, status, %s, %s, %s, %s FROM {REPORTS} WHERE id IN ({ids})",
                [ReportAction.APPROVE.value, ReportStatus.APPROVED.value, actor_id, now, APPROVED_BY_IMPORT],
            )
            cursor.execute(
                f"UPDATE {REPORTS} SET status = %s, approved_at = %s, approved_by_id = %s, return_reason = '', "
                f"version = version + 1, updated_at = %s WHERE id IN ({ids})",
                [ReportStatus.APPROVED.value, now, actor_id, now],
            )
        else:
            cursor.execute(f"UPDATE {REPORTS} SET version = version + 1, updated_at = %s WHERE id IN ({ids})", [now])


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
    """Import a bulk values file (``exchange/bulk.py``) into ``program``, all or nothing.

    ``lines``: the file's text lines (an open text file streams it). ``approve``: the reports filled are
    marked approved (history approved elsewhere). ``progress(characters read, total)`` is called as the
    file is read. Raises ``ExchangeError`` with the rows at fault."""
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    source = f"Nhập hàng loạt từ tệp {filename}".strip() if filename else "Nhập hàng loạt"
    summary = BulkSummary(approved=approve, dry_run=dry_run)
    read = ReadReport()
    with transaction.atomic():
        lookups = _lookups(program, actor)
        with connection.cursor() as cursor:
            try:
                _stage(cursor, read_rows(_text_lines(lines, progress, total), lookups, read))
            except BulkFormatError as error:
                raise ExchangeError(str(error)) from error
            if read.error_count:
                more = f" (liệt kê {len(read.errors)} lỗi đầu)" if read.error_count > len(read.errors) else ""
                raise ExchangeError(
                    f"Tệp có {format_number(read.error_count)} dòng lỗi{more}; chưa nhập gì.", read.errors
                )
            summary.rows = read.rows
            locked = _locked_cells(cursor)
            if locked:
                raise ExchangeError("Tệp có số liệu của báo cáo đã khoá; chưa nhập gì.", locked)
            try:
                with transaction.atomic():
                    report_ids = _merge(cursor, now=now, actor_id=actor_id, source=source, summary=summary)
            except (IntegrityError, DatabaseError) as error:
                duplicates = _duplicates(cursor)
                if duplicates:
                    raise ExchangeError("Tệp ghi một ô số liệu nhiều lần; chưa nhập gì.", duplicates) from error
                raise
            _finish_reports(cursor, report_ids, approve=approve, now=now, actor_id=actor_id)
            cursor.execute(f"SELECT DISTINCT period_id FROM {STAGE}")
            period_ids = sorted(row[0] for row in cursor.fetchall())
            cursor.execute(f"DELETE FROM {STAGE}")
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
