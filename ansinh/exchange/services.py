"""Writes for data exchange: DHIS2 mappings, DHIS2 and Open SDG imports, background import jobs.

Every import reads and maps the whole file first (``exchange.dhis2``, ``exchange.opensdg``), then
writes in ONE transaction through ``reporting.services`` — one ``save_values`` per report, so every
figure is validated, audited and kept in its history like a typed one. A value that cannot be placed
(unmapped data element or unit, unsupported period, locked report, closed period) is a conflict:
reported and left out while the others import. A broken file (unreadable, a value that is not a
number, a numerator without its denominator, a figure ``save_values`` refuses) raises
:class:`ExchangeError` and changes nothing. A dry run does everything, then rolls the transaction back.

What a file cannot say is kept: a figure's evidence and "not implemented" flag, its note when the
file brings no comment, a rate's numerator and denominator when the file brings the same value
without them, and the figure's source when the file only confirms it.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.exchange.dhis2 import (
    CREATE,
    CREATE_AND_UPDATE,
    EMPTY_VALUE,
    LOCKED_REPORT,
    PERIOD_CLOSED,
    PERIOD_OUTSIDE_PROGRAM,
    QUALITATIVE,
    STRATEGIES,
    UNMAPPED_ORG_UNIT,
    UPDATE,
    VALUE,
    YES_NO,
    Conflict,
    ConflictLog,
    Dhis2FormatError,
    MappingSpec,
    MappingTable,
    map_values,
    parse_csv,
    parse_json,
    parse_mapping_toml,
)
from ansinh.exchange.models import (
    Dhis2ElementMapping,
    Dhis2Mapping,
    Dhis2OrgUnitMapping,
    ImportJob,
    ImportKind,
    JobStatus,
)
from ansinh.exchange.opensdg import OpenSdgFormatError, parse_tidy_csv
from ansinh.exchange.selectors import (
    ExportResult,
    code_table,
    export_dhis2,
    export_opensdg,
    importable_value_types,
    mapping_table,
)
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import DataValue, PeriodKind, Report, ReportingPeriod
from ansinh.reporting.periods import PeriodKey, dhis2_code, label
from ansinh.reporting.services import (
    ReportingError,
    ValueInput,
    get_or_create_report,
    get_or_open_period,
    save_values,
    year_cutoff,
)

DHIS2_SOURCE = "Nhập từ DHIS2"
OPENSDG_SOURCE = "Nhập từ Open SDG"
UNIT_MISMATCH = "unit_mismatch"

Progress = Callable[[int, int], None]
logger = logging.getLogger(__name__)


class ExchangeError(Exception):
    """An import or mapping that cannot be done; ``message`` and ``errors`` are Vietnamese. Nothing was written."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


@dataclass
class ImportSummary:
    """What an import did, counted in the file's values (a DHIS2 value, an Open SDG row), as DHIS2's
    import summary counts them: ``total == imported + updated + ignored + conflicting``."""

    total: int = 0
    imported: int = 0
    updated: int = 0
    ignored: int = 0  # unchanged, or left alone by the CREATE / UPDATE strategy
    reports: int = 0  # reports written to
    conflicts: list[Conflict] = field(default_factory=list)
    dry_run: bool = False

    @property
    def conflicting(self) -> int:
        return sum(conflict.count for conflict in self.conflicts)

    def message(self) -> str:
        head = "Chạy thử, chưa ghi gì" if self.dry_run else "Đã nhập xong"
        return (
            f"{head}: {format_number(self.total)} giá trị trong tệp — {format_number(self.imported)} mới, "
            f"{format_number(self.updated)} cập nhật, {format_number(self.ignored)} bỏ qua (không đổi), "
            f"{format_number(self.conflicting)} không nhập được."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "imported": self.imported,
            "updated": self.updated,
            "ignored": self.ignored,
            "conflicting": self.conflicting,
            "reports": self.reports,
            "dry_run": self.dry_run,
            "message": self.message(),
            "conflicts": [conflict.as_dict() for conflict in self.conflicts],
        }


# --- DHIS2 mappings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingLoadSummary:
    mapping: Dhis2Mapping
    created: int
    updated: int
    deleted: int
    unchanged: int

    def message(self) -> str:
        return (
            f"Bảng ánh xạ “{self.mapping.name}” ({self.mapping.program.code}): {self.created} dòng mới, "
            f"{self.updated} cập nhật, {self.deleted} xóa, {self.unchanged} không đổi."
        )


@dataclass(frozen=True)
class ResolvedMapping:
    program: Program
    spec: MappingSpec
    indicators: dict[str, Indicator]
    units: dict[str, OrgUnit]

    @property
    def table(self) -> MappingTable:
        return MappingTable(self.spec.elements, self.spec.org_units)


def read_mapping(text: str) -> ResolvedMapping:
    """A mapping file read and checked against the database, without saving it."""
    try:
        spec = parse_mapping_toml(text)
    except Dhis2FormatError as error:
        raise ExchangeError(error.message, error.errors) from error
    program = Program.objects.filter(slug=spec.program).first()
    if program is None:
        raise ExchangeError(f"Không có chương trình “{spec.program}”.")
    indicators = {indicator.code: indicator for indicator in program.indicators.all()}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in={entry.unit for entry in spec.org_units})}
    errors: list[str] = []
    for element in spec.elements:
        indicator = indicators.get(element.target.indicator)
        if indicator is None:
            errors.append(
                f"“{element.operand}”: chương trình {program.code} không có chỉ tiêu mã “{element.target.indicator}”."
            )
        elif indicator.is_group or indicator.value_type == QUALITATIVE:
            errors.append(
                f"“{element.operand}”: chỉ tiêu {indicator.code} là chỉ tiêu nhóm hoặc định tính, không nhận số liệu."
            )
        elif indicator.value_type == YES_NO and element.target.field != VALUE:
            errors.append(f"“{element.operand}”: chỉ tiêu {indicator.code} (Có/Không) không có tử số, mẫu số.")
    errors += [
        f"Không có đơn vị mã “{entry.unit}” (ánh xạ từ “{entry.dhis2}”)."
        for entry in spec.org_units
        if entry.unit not in units
    ]
    if errors:
        raise ExchangeError(f"Bảng ánh xạ có {len(errors)} lỗi; chưa nạp gì.", errors)
    return ResolvedMapping(program, spec, indicators, units)


def load_dhis2_mapping(text: str, *, actor=None) -> MappingLoadSummary:
    """Save a mapping file as its programme's mapping. The file is the whole truth: rows it no longer
    lists are deleted; loading the same file again changes nothing (and records nothing)."""
    resolved = read_mapping(text)
    spec = resolved.spec
    with transaction.atomic():
        mapping, created_mapping = Dhis2Mapping.objects.get_or_create(
            program=resolved.program, defaults={"name": spec.name, "description": spec.description}
        )
        header_changed = not created_mapping and (mapping.name, mapping.description) != (spec.name, spec.description)
        if header_changed:
            mapping.name, mapping.description = spec.name, spec.description
            mapping.save(update_fields=["name", "description", "updated_at"])
        elements = _sync_rows(
            mapping.elements.all(),
            key=lambda row: (row.data_element, row.category_option_combo),
            state=lambda row: (row.indicator_id, row.disaggregation, row.field, row.dhis2_name),
            wanted={
                (element.data_element, element.category_option_combo): Dhis2ElementMapping(
                    mapping=mapping,
                    data_element=element.data_element,
                    category_option_combo=element.category_option_combo,
                    dhis2_name=element.name,
                    indicator=resolved.indicators[element.target.indicator],
                    disaggregation=element.target.disaggregation,
                    field=element.target.field,
                )
                for element in spec.elements
            },
            model=Dhis2ElementMapping,
        )
        units = _sync_rows(
            mapping.org_units.all(),
            key=lambda row: row.dhis2_org_unit,
            state=lambda row: (row.org_unit_id, row.dhis2_name),
            wanted={
                unit.dhis2: Dhis2OrgUnitMapping(
                    mapping=mapping, dhis2_org_unit=unit.dhis2, dhis2_name=unit.name, org_unit=resolved.units[unit.unit]
                )
                for unit in spec.org_units
            },
            model=Dhis2OrgUnitMapping,
        )
        created, updated, deleted, unchanged = (a + b for a, b in zip(elements, units, strict=True))
        summary = MappingLoadSummary(mapping, created, updated + header_changed, deleted, unchanged)
        if created_mapping or created or updated or deleted or header_changed:
            record(
                actor=actor,
                action="exchange.dhis2_mapping.load",
                obj=mapping,
                summary=summary.message(),
                after={"elements": len(spec.elements), "org_units": len(spec.org_units)},
            )
    return summary


def _sync_rows(existing, *, key, state, wanted: dict, model) -> tuple[int, int, int, int]:
    """Make the rows of one mapping exactly ``wanted``. Changed rows are deleted and created again
    rather than updated in place, so that two rows swapping targets never meet a unique constraint."""
    current = {key(row): row for row in existing}
    stale = [row.pk for k, row in current.items() if k not in wanted or state(row) != state(wanted[k])]
    fresh = [row for k, row in wanted.items() if k not in current or state(current[k]) != state(row)]
    model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(fresh)
    updated = sum(1 for k in wanted if k in current and state(current[k]) != state(wanted[k]))
    created = len(fresh) - updated
    deleted = len(stale) - updated
    return created, updated, deleted, len(wanted) - created - updated


# --- writing figures -------------------------------------------------------------------------------


@dataclass
class _Cell:
    indicator: Indicator
    disaggregation: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    achieved: bool | None = None
    note: str = ""
    where: tuple[str, ...] = ()


@dataclass
class _ReportDraft:
    key: PeriodKey
    unit: OrgUnit
    cells: list[_Cell] = field(default_factory=list)


def _text(number: Decimal | None) -> str:
    """A figure as save_values reads it (the Vietnamese way)."""
    return "" if number is None else format_number(number)


def _value_input(cell: _Cell, old: DataValue | None, source: str) -> ValueInput:
    numerator, denominator = cell.numerator, cell.denominator
    achieved = cell.achieved if cell.achieved is not None else (old.achieved if old else None)
    note = cell.note or (old.note if old else "")
    if old is not None:
        if (
            numerator is None
            and cell.value is not None
            and cell.value == old.value
            and old.numerator is not None
            and old.denominator is not None
        ):
            # The same value without its parts: keep the numerator and denominator that give it.
            numerator, denominator = old.numerator, old.denominator
        if (cell.value is None or cell.value == old.value) and (numerator, denominator, achieved, note) == (
            old.numerator,
            old.denominator,
            old.achieved,
            old.note,
        ):
            # A file that only confirms a figure does not claim it: the figure keeps its own source.
            source = old.source
    return ValueInput(
        indicator=cell.indicator,
        disaggregation=cell.disaggregation,
        text=_text(cell.value),
        numerator_text=_text(numerator),
        denominator_text=_text(denominator),
        achieved=achieved,
        not_implemented=old.not_implemented if old else False,
        note=note,
        evidence=old.evidence if old else "",
        source=source,
    )


def _state(value: DataValue) -> tuple:
    return (
        value.value,
        value.numerator,
        value.denominator,
        value.achieved,
        value.not_implemented,
        value.note,
        value.evidence,
        value.source,
    )


def _write_report(
    program: Program, draft: _ReportDraft, summary: ImportSummary, *, strategy: str, source: str, actor
) -> None:
    key, unit = draft.key, draft.unit
    period = ReportingPeriod.objects.filter(program=program, kind=key.kind, year=key.year, number=key.number).first()
    report = Report.objects.filter(period=period, unit=unit).first() if period else None
    refusal = None
    if period is not None and not period.is_open:
        refusal = (PERIOD_CLOSED, f"{label(key)} đã đóng, không nhận thêm số liệu; giữ nguyên số liệu.")
    elif report is not None and report.is_locked:
        refusal = (
            LOCKED_REPORT,
            f"Báo cáo {unit.name} — {label(key)} đang ở trạng thái “{report.get_status_display()}”, "
            "không sửa được; giữ nguyên số liệu.",
        )
    if refusal is not None:
        where = tuple(where for cell in draft.cells for where in cell.where)
        summary.conflicts.append(Conflict(refusal[0], f"{unit.code} {dhis2_code(key)}", refusal[1], where))
        return
    existing = {(value.indicator_id, value.disaggregation): value for value in report.values.all()} if report else {}
    inputs: list[ValueInput] = []
    kept: list[_Cell] = []
    for cell in draft.cells:
        old = existing.get((cell.indicator.pk, cell.disaggregation))
        if (strategy == CREATE and old is not None) or (strategy == UPDATE and old is None):
            summary.ignored += len(cell.where)
            continue
        inputs.append(_value_input(cell, old, source))
        kept.append(cell)
    if not inputs:
        return
    if report is None:
        report = get_or_create_report(period or get_or_open_period(program, key, actor=actor), unit, actor=actor)
    before = {cell_key: _state(value) for cell_key, value in existing.items()}
    try:
        save_values(report, inputs, actor=actor)
    except ReportingError as error:
        raise ExchangeError(error.message, _cell_errors(draft, kept, error)) from error
    after = {(value.indicator_id, value.disaggregation): _state(value) for value in report.values.all()}
    for cell in kept:
        cell_key = (cell.indicator.pk, cell.disaggregation)
        if cell_key not in before:
            summary.imported += len(cell.where)
        elif before[cell_key] != after.get(cell_key):
            summary.updated += len(cell.where)
        else:
            summary.ignored += len(cell.where)
    summary.reports += 1


def _cell_errors(draft: _ReportDraft, cells: list[_Cell], error: ReportingError) -> list[str]:
    head = f"{draft.unit.name} — {label(draft.key)}"
    if not error.errors:
        return [f"{head}: {error.message}"]
    messages = []
    for code, message in error.errors.items():
        where = ", ".join(w for cell in cells if cell.indicator.code == code for w in cell.where)
        messages.append(f"{where} ({head}, chỉ tiêu {code}): {message}")
    return messages


def _write_all(
    program: Program,
    drafts: list[_ReportDraft],
    summary: ImportSummary,
    *,
    strategy: str,
    source: str,
    action: str,
    actor,
    progress: Progress | None,
) -> None:
    drafts.sort(key=lambda draft: (draft.key, draft.unit.code))
    if progress:
        progress(0, len(drafts))
    with transaction.atomic():
        for done, draft in enumerate(drafts, start=1):
            _write_report(program, draft, summary, strategy=strategy, source=source, actor=actor)
            if progress:
                progress(done, len(drafts))
        record(actor=actor, action=action, obj=program, summary=summary.message())
        if summary.dry_run:
            transaction.set_rollback(True)


def _decode(content: str | bytes | memoryview) -> str:
    if isinstance(content, str):
        return content
    try:
        return bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeError("Tệp không phải văn bản UTF-8; chưa nhập gì.") from error


# --- DHIS2 -----------------------------------------------------------------------------------------


def import_dhis2(
    program: Program,
    content: str | bytes,
    table: MappingTable,
    *,
    data_format: str = "json",
    strategy: str = CREATE_AND_UPDATE,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a DHIS2 dataValueSet (``data_format`` "json" or "csv") into ``program`` through ``table``
    (:func:`~ansinh.exchange.selectors.mapping_table` or :func:`~ansinh.exchange.selectors.code_table`).
    ``strategy``: CREATE_AND_UPDATE, CREATE (only new figures) or UPDATE (only existing ones).
    ``progress(done, total)`` is called before writing and after each report."""
    if data_format not in ("json", "csv"):
        raise ExchangeError(f"Định dạng “{data_format}” không được hỗ trợ; chọn json hoặc csv.")
    if strategy not in STRATEGIES:
        raise ExchangeError(f"importStrategy “{strategy}” không được hỗ trợ; chọn {', '.join(STRATEGIES)}.")
    text = _decode(content)
    try:
        values = parse_json(text) if data_format == "json" else parse_csv(text)
        mapped = map_values(values, table, value_types=importable_value_types(program), years=program.years)
    except Dhis2FormatError as error:
        raise ExchangeError(error.message, error.errors) from error

    indicators = {indicator.code: indicator for indicator in program.indicators.all()}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in={cell.org_unit for cell in mapped.cells})}
    missing_units = ConflictLog()
    drafts: dict[tuple[PeriodKey, str], _ReportDraft] = {}
    for cell in mapped.cells:
        unit = units.get(cell.org_unit)
        if unit is None:
            missing_units.add(
                UNMAPPED_ORG_UNIT, cell.org_unit, table.unmapped_org_unit_message(cell.org_unit), cell.where
            )
            continue
        draft = drafts.setdefault((cell.period, unit.code), _ReportDraft(cell.period, unit))
        draft.cells.append(
            _Cell(
                indicator=indicators[cell.indicator],
                disaggregation=cell.disaggregation,
                value=cell.value,
                numerator=cell.numerator,
                denominator=cell.denominator,
                achieved=cell.achieved,
                note=cell.comment,
                where=cell.where,
            )
        )
    summary = ImportSummary(total=mapped.total, conflicts=mapped.conflicts + missing_units.conflicts(), dry_run=dry_run)
    _write_all(
        program,
        list(drafts.values()),
        summary,
        strategy=strategy,
        source=DHIS2_SOURCE,
        action="exchange.dhis2.import",
        actor=actor,
        progress=progress,
    )
    return summary


# --- Open SDG --------------------------------------------------------------------------------------


def _unit_for_geocode(geocode: str, year: int, candidates: list[OrgUnit]) -> OrgUnit | None:
    """The unit whose code is ``geocode``; else the one unit with that official code that existed in
    the year (old and new communes of the 2025 reform may share an official code)."""
    for unit in candidates:
        if unit.code == geocode:
            return unit
    start, end = year_cutoff(year)
    official = [
        unit
        for unit in candidates
        if unit.official_code == geocode
        and (unit.valid_from is None or unit.valid_from <= end)
        and (unit.valid_to is None or unit.valid_to >= start)
    ]
    return official[0] if len(official) == 1 else None


def import_opensdg(
    indicator: Indicator,
    content: str | bytes,
    *,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import one indicator's Open SDG tidy CSV: headline and other rows without a GeoCode go to the
    programme unit's yearly report, rows with a GeoCode to that unit's (by code, else by official
    code); the disaggregation columns become the canonical key (``exchange.opensdg``)."""
    program = indicator.program
    if indicator.is_group or indicator.value_type in (YES_NO, QUALITATIVE):
        raise ExchangeError(f"Chỉ tiêu {indicator.code} không nhận số liệu dạng số; Open SDG chỉ chứa số liệu dạng số.")
    try:
        table = parse_tidy_csv(_decode(content))
    except OpenSdgFormatError as error:
        raise ExchangeError(error.message, error.errors) from error

    geocodes = {row.geocode for row in table.rows if row.geocode}
    candidates = list(OrgUnit.objects.filter(Q(code__in=geocodes) | Q(official_code__in=geocodes)))
    log = ConflictLog()
    errors: list[str] = []
    drafts: dict[tuple[PeriodKey, str], _ReportDraft] = {}
    placed: dict[tuple[PeriodKey, str, str], str] = {}
    for row in table.rows:
        if row.units and indicator.unit and row.units.strip().casefold() != indicator.unit.strip().casefold():
            log.add(
                UNIT_MISMATCH,
                row.units,
                f"Đơn vị tính “{row.units}” khác đơn vị của chỉ tiêu {indicator.code} (“{indicator.unit}”).",
                [row.where],
            )
            continue
        if row.year not in program.years:
            log.add(
                PERIOD_OUTSIDE_PROGRAM,
                str(row.year),
                f"Năm {row.year} nằm ngoài thời gian của chương trình ({program.start_year}–{program.end_year}).",
                [row.where],
            )
            continue
        if row.value is None:
            log.add(EMPTY_VALUE, str(row.year), "Giá trị trống: ansinh không xóa số liệu qua tệp nhập.", [row.where])
            continue
        unit = _unit_for_geocode(row.geocode, row.year, candidates) if row.geocode else program.owner_unit
        if unit is None:
            log.add(
                UNMAPPED_ORG_UNIT,
                row.geocode,
                f"Không có đơn vị mang mã “{row.geocode}” (mã hoặc mã hành chính) trong năm {row.year}.",
                [row.where],
            )
            continue
        key = PeriodKey(row.year, PeriodKind.YEAR)
        identity = (key, unit.code, row.disaggregation)
        if identity in placed:
            errors.append(
                f"{row.where}: trùng với {placed[identity]} — cùng một số liệu của {unit.name} năm {row.year}."
            )
            continue
        placed[identity] = row.where
        drafts.setdefault((key, unit.code), _ReportDraft(key, unit)).cells.append(
            _Cell(indicator=indicator, disaggregation=row.disaggregation, value=row.value, where=(row.where,))
        )
    if errors:
        raise ExchangeError(f"Tệp có {len(errors)} lỗi; chưa nhập gì.", errors)
    summary = ImportSummary(total=len(table.rows), conflicts=log.conflicts(), dry_run=dry_run)
    _write_all(
        program,
        list(drafts.values()),
        summary,
        strategy=CREATE_AND_UPDATE,
        source=OPENSDG_SOURCE,
        action="exchange.opensdg.import",
        actor=actor,
        progress=progress,
    )
    return summary


# --- background jobs -------------------------------------------------------------------------------


class JobProgressWriter:
    """Writes a job's progress (``progress(done, total)``) so that another session — the page that
    polls :func:`~ansinh.exchange.selectors.job_progress` — sees it while the import is still running.

    The import writes in ONE transaction, and nothing written on that connection is visible to others
    before it commits, progress included. So, while that transaction is open, progress goes through a
    second connection of its own, in autocommit: each write commits at once. The import's transaction
    never touches the job's row (the job is marked running before and finished after it), so the two
    connections never wait on each other.

    SQLite allows one writer per database file: while the import's transaction holds the write lock,
    no other connection can write anything, so there progress is written only outside that transaction
    (the total before it starts, the end after it commits). When the caller itself runs inside a
    transaction (tasks run inline, as in tests), nobody else can see the job before that transaction
    commits, so progress simply goes through the caller's connection."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self._caller_in_transaction = connection.in_atomic_block
        self._side: BaseDatabaseWrapper | None = None

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self._caller_in_transaction or not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(progress_done=done, progress_total=total)
        elif connection.vendor != "sqlite":
            self._write_beside(done, total)

    def _write_beside(self, done: int, total: int) -> None:
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        # The ORM only speaks through registered aliases; this connection is not one. The names are the
        # model's own (no db_column), quoted.
        quote = self._side.ops.quote_name
        sql = (
            f"UPDATE {quote(ImportJob._meta.db_table)} "  # noqa: S608
            f"SET {quote('progress_done')} = %s, {quote('progress_total')} = %s WHERE {quote('id')} = %s"
        )
        try:
            with self._side.cursor() as cursor:
                cursor.execute(sql, [done, total, self.job_id])
        except DatabaseError:
            # Progress is for people watching; an import never fails for want of it.
            logger.warning("Không ghi được tiến độ của lượt nhập %s", self.job_id, exc_info=True)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


JOB_ERROR = "Lỗi hệ thống khi nhập tệp; chưa nhập gì. Hãy báo quản trị viên (xem nhật ký máy chủ)."


def _job_options(program: Program, kind: str, options: dict[str, Any]) -> dict[str, Any]:
    """Check a job's options before it is queued, so that a mistake is said at once, not in the job."""
    if kind not in ImportKind.values:
        raise ExchangeError(f"Loại tệp “{kind}” không được hỗ trợ.")
    checked: dict[str, Any] = {"dry_run": bool(options.get("dry_run", False))}
    if kind in (ImportKind.DHIS2_JSON, ImportKind.DHIS2_CSV):
        scheme = options.get("id_scheme", "mapping")
        if scheme not in ("mapping", "code"):
            raise ExchangeError("id_scheme phải là “mapping” (bảng ánh xạ) hoặc “code” (mã của ansinh).")
        if scheme == "mapping" and not Dhis2Mapping.objects.filter(program=program).exists():
            raise ExchangeError(f"Chương trình {program.code} chưa có bảng ánh xạ DHIS2.")
        strategy = options.get("strategy", CREATE_AND_UPDATE)
        if strategy not in STRATEGIES:
            raise ExchangeError(f"importStrategy “{strategy}” không được hỗ trợ; chọn {', '.join(STRATEGIES)}.")
        checked |= {"id_scheme": scheme, "strategy": strategy}
    else:
        code = str(options.get("indicator", ""))
        if not program.indicators.filter(code=code).exists():
            raise ExchangeError(f"Chương trình {program.code} không có chỉ tiêu mã “{code}”.")
        checked["indicator"] = code
    return checked


def enqueue_import(
    program: Program,
    kind: str,
    content: bytes | str,
    *,
    filename: str = "",
    options: dict[str, Any] | None = None,
    actor=None,
) -> ImportJob:
    """Store the file and queue its import; the returned job says how far it got (``job_progress``).

    ``options``: for DHIS2 kinds ``id_scheme`` ("mapping" | "code"), ``strategy``, ``dry_run``; for
    Open SDG ``indicator`` (code) and ``dry_run``. The task is queued in the caller's transaction: with
    the database task backend the job and its task row commit together or not at all."""
    from ansinh.exchange.tasks import run_import  # the task module imports this one

    checked = _job_options(program, kind, options or {})
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    user = actor if getattr(actor, "is_authenticated", False) else None
    job = ImportJob.objects.create(
        kind=kind, program=program, filename=filename[:255], content=data, options=checked, created_by=user
    )
    record(
        actor=actor,
        action="exchange.job.enqueue",
        obj=job,
        summary=f"Xếp hàng nhập tệp {filename or job.pk} ({job.get_kind_display()}) — {program}",
    )
    result = run_import.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def run_import_job(job_id: int) -> dict[str, Any]:
    """Run a queued job (the task calls this): mark it running, import with progress, then store the
    summary — or the errors of a broken file, with nothing imported. A job runs once."""
    job = ImportJob.objects.select_related("program", "created_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return {"job": job.pk, "status": job.status}
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    writer = JobProgressWriter(job.pk)
    try:
        summary = _import_for_job(job, writer)
    except ExchangeError as error:
        _finish(job, JobStatus.FAILED, writer, errors=[error.message, *error.errors])
        return {"job": job.pk, "status": JobStatus.FAILED}
    except Exception:
        _finish(job, JobStatus.FAILED, writer, errors=[JOB_ERROR])
        raise
    finally:
        writer.close()
    _finish(job, JobStatus.SUCCEEDED, writer, summary=summary.as_dict())
    return {"job": job.pk, "status": JobStatus.SUCCEEDED}


def _import_for_job(job: ImportJob, progress: Progress) -> ImportSummary:
    program, options = job.program, job.options
    content = bytes(job.content)
    if job.kind in (ImportKind.DHIS2_JSON, ImportKind.DHIS2_CSV):
        table = code_table(program) if options.get("id_scheme") == "code" else mapping_table(program)
        if table is None:
            raise ExchangeError(f"Chương trình {program.code} chưa có bảng ánh xạ DHIS2.")
        return import_dhis2(
            program,
            content,
            table,
            data_format="json" if job.kind == ImportKind.DHIS2_JSON else "csv",
            strategy=options.get("strategy", CREATE_AND_UPDATE),
            dry_run=bool(options.get("dry_run")),
            actor=job.created_by,
            progress=progress,
        )
    indicator = program.indicators.filter(code=options.get("indicator", "")).first()
    if indicator is None:
        raise ExchangeError(f"Chương trình {program.code} không có chỉ tiêu mã “{options.get('indicator')}”.")
    return import_opensdg(
        indicator, content, dry_run=bool(options.get("dry_run")), actor=job.created_by, progress=progress
    )


def _finish(
    job: ImportJob,
    status: str,
    writer: JobProgressWriter,
    *,
    summary: dict[str, Any] | None = None,
    errors: list[str] | None = None,
) -> None:
    done = writer.total if status == JobStatus.SUCCEEDED else writer.done
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        summary=summary,
        errors=errors or [],
        progress_done=done,
        progress_total=writer.total,
        finished_at=timezone.now(),
    )
    record(
        actor=job.created_by,
        action="exchange.job.finish",
        obj=job,
        summary=f"Lượt nhập {job.pk}: {JobStatus(status).label}",
        after={"status": status},
    )


# -- Uploads and audited exports, for the pages and the API ---------------------------------------

# The file is kept in the database with its job; a DHIS2 export of a whole province for a year is a few
# megabytes.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_LABEL = "20 MB"
EXTENSIONS: dict[str, str] = {
    ImportKind.DHIS2_JSON: ".json",
    ImportKind.DHIS2_CSV: ".csv",
    ImportKind.OPENSDG_CSV: ".csv",
}
ID_SCHEMES = {
    "mapping": _("Bảng ánh xạ DHIS2 của chương trình"),
    "code": _("Mã chỉ tiêu, mã đơn vị của ansinh (idScheme=CODE)"),
}


def upload_problem(kind: str, filename: str, size: int) -> str | None:
    """What is wrong with an uploaded file before it is queued, in Vietnamese; None when nothing is."""
    if size > MAX_IMPORT_BYTES:
        return f"Tệp quá lớn (tối đa {MAX_IMPORT_LABEL})."
    if size == 0:
        return "Tệp trống."
    extension = EXTENSIONS.get(kind)
    if extension is not None and not filename.lower().endswith(extension):
        return f"Tệp {ImportKind(kind).label} phải có đuôi {extension}."
    return None


def audited_dhis2_export(
    program: Program, table: MappingTable, *, years: range, data_format: str, id_scheme: str, actor
) -> ExportResult:
    result = export_dhis2(program, table, years=years, data_format=data_format)
    skipped = sum(conflict.count for conflict in result.skipped)
    summary = (
        f"Xuất {format_number(result.count)} giá trị DHIS2 ({data_format.upper()}, {years.start}–{years.stop - 1}, "
        f"{ID_SCHEMES[id_scheme]}) — {program}"
    )
    if skipped:
        summary += f"; {format_number(skipped)} số liệu chưa có trong bảng ánh xạ nên không xuất"
    record(
        actor=actor,
        action="exchange.export",
        obj=program,
        summary=summary,
        after={
            "format": f"dhis2_{data_format}",
            "years": [years.start, years.stop - 1],
            "id_scheme": id_scheme,
            "count": result.count,
            "skipped": skipped,
        },
    )
    return result


def audited_opensdg_export(indicator: Indicator, *, units: list[OrgUnit], actor) -> ExportResult:
    result = export_opensdg(indicator, units=units)
    record(
        actor=actor,
        action="exchange.export",
        obj=indicator.program,
        summary=f"Xuất Open SDG chỉ tiêu {indicator.code}: {format_number(result.count)} dòng — {indicator.program}",
        after={"format": "opensdg_csv", "indicator": indicator.code, "units": [unit.code for unit in units]},
    )
    return result
