"""Figures that a file brings, written report by report through the reporting services' one write path (``values.write_values``),
with the import strategy (create, update, both) and every refused cell listed as a conflict."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ansinh.audit.services import record
from ansinh.exchange.formats.dhis2_values import (
    CREATE,
    LOCKED_REPORT,
    PERIOD_CLOSED,
    UPDATE,
    Conflict,
)
from ansinh.exchange.services.common import ExchangeError, ImportSummary, Progress
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import DataValue, Report, ReportingPeriod
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_period
from ansinh.reporting.services.values import CellInput, write_values
from ansinh.rules.figures import nfc
from ansinh.rules.periods import PeriodKey, dhis2_code, label


@dataclass
class FileCell:
    indicator: Indicator
    disaggregation: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    achieved: bool | None = None
    note: str = ""
    where: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # The cell's key as stored: "Nữ" in two encodings is one cell.
        self.disaggregation = nfc(self.disaggregation)


@dataclass
class ReportDraft:
    key: PeriodKey
    unit: OrgUnit
    cells: list[FileCell] = field(default_factory=list)


def _value_input(cell: FileCell, old: DataValue | None, source: str) -> CellInput:
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
    return CellInput(
        indicator=cell.indicator,
        disaggregation=cell.disaggregation,
        value=cell.value,
        numerator=numerator,
        denominator=denominator,
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
    program: Program, draft: ReportDraft, summary: ImportSummary, *, strategy: str, source: str, actor
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
    inputs: list[CellInput] = []
    kept: list[FileCell] = []
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
        try:
            report = get_or_create_report(period or get_or_open_period(program, key, actor=actor), unit, actor=actor)
        except ReportingError as error:  # a unit outside the programme's area
            raise ExchangeError(error.message) from error
    before = {cell_key: _state(value) for cell_key, value in existing.items()}
    try:
        write_values(report, inputs, actor=actor)
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


def _cell_errors(draft: ReportDraft, cells: list[FileCell], error: ReportingError) -> list[str]:
    head = f"{draft.unit.name} — {label(draft.key)}"
    if not error.errors:
        return [f"{head}: {error.message}"]
    messages = []
    for code, message in error.errors.items():
        where = ", ".join(w for cell in cells if cell.indicator.code == code for w in cell.where)
        messages.append(f"{where} ({head}, chỉ tiêu {code}): {message}")
    return messages


def write_figures(
    program: Program,
    drafts: list[ReportDraft],
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
