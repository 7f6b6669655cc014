"""Reads for data exchange: a programme's DHIS2 mapping in memory, exports of approved figures (DHIS2
dataValueSets, Open SDG tidy CSV), and how far a background import has got."""

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, cast

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone

from ansinh.evaluation.selectors import ProgramFigures
from ansinh.exchange.formats.dhis2_mapping import CodeScheme, ElementSpec, ElementTarget, MappingTable, OrgUnitSpec
from ansinh.exchange.formats.dhis2_values import (
    QUALITATIVE,
    UNMAPPED_ORG_UNIT,
    VALUE,
    YES_NO,
    Conflict,
    ConflictLog,
    Dhis2Value,
    iter_csv,
    iter_json,
)
from ansinh.exchange.formats.opensdg import (
    DisaggregationKeyError,
    TidyRow,
    disaggregation_pairs,
    iter_tidy_csv,
    plain_text,
    tidy_dimensions,
)
from ansinh.exchange.models import Dhis2Mapping, ExportJob, ImportJob, JobStatus
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import DataValue, PeriodKind, Report, ReportingPeriod, ReportStatus
from ansinh.reporting.selectors import expected_reports
from ansinh.rules.jobs import stale_reason
from ansinh.rules.periods import PeriodKey, dhis2_code

UNMAPPED_INDICATOR = "unmapped_indicator"
NOT_CANONICAL = "disaggregation_not_canonical"


def importable_value_types(program: Program) -> dict[str, str]:
    """Indicator code → value type, for the programme's indicators that take figures from a file."""
    return dict(
        program.indicators.filter(is_group=False).exclude(value_type=QUALITATIVE).values_list("code", "value_type")
    )


def mapping_table(program: Program) -> MappingTable | None:
    """The programme's saved DHIS2 mapping, in memory; None when it has none."""
    mapping = Dhis2Mapping.objects.filter(program=program).first()
    if mapping is None:
        return None
    elements = [
        ElementSpec(
            row.data_element,
            row.category_option_combo,
            ElementTarget(row.indicator.code, row.disaggregation, row.field),
            row.dhis2_name,
        )
        for row in mapping.elements.select_related("indicator")
    ]
    org_units = [
        OrgUnitSpec(row.dhis2_org_unit, row.org_unit.code, row.dhis2_name)
        for row in mapping.org_units.select_related("org_unit")
    ]
    return MappingTable(elements, org_units)


def code_table(program: Program) -> CodeScheme:
    """DHIS2's idScheme=CODE on the programme's own indicator and unit codes."""
    return CodeScheme(importable_value_types(program))


@dataclass(frozen=True)
class ExportResult:
    text: str
    count: int  # values (DHIS2) or rows (Open SDG) written
    skipped: list[Conflict]  # figures left out, and why


# What a DHIS2 export reads of each approved figure: plain columns, not five model instances a figure (the
# export of a national programme reads hundreds of thousands of them; building the instances was 80% of its time).
_EXPORTED = {
    "kind": F("report__period__kind"),
    "year": F("report__period__year"),
    "number": F("report__period__number"),
    "unit_code": F("report__unit__code"),
    "unit_name": F("report__unit__name"),
    "indicator_code": F("indicator__code"),
    "value_type": F("indicator__value_type"),
}


def _approved_in(program: Program, years: range | None) -> QuerySet[DataValue]:
    values = DataValue.objects.filter(report__period__program=program, report__status=ReportStatus.APPROVED)
    if years is not None:
        values = values.filter(report__period__year__in=list(years))
    return values.order_by(
        "report__period__year",
        "report__period__kind",
        "report__period__number",
        "report__unit__code",
        "indicator__sort_key",
        "disaggregation",
    )


class TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


ProgressFn = Callable[[int, int], None]


def dhis2_export_units(program: Program, years: range | None = None) -> int:
    """How many units a DHIS2 export of these years lists: what decides whether it runs as a job."""
    reports = Report.objects.filter(period__program=program, status=ReportStatus.APPROVED)
    if years is not None:
        reports = reports.filter(period__year__in=list(years))
    return reports.values("unit_id").distinct().count()


def write_dhis2(
    out: TextSink,
    program: Program,
    table: MappingTable,
    *,
    years: range | None = None,
    data_format: str = "json",
    progress: ProgressFn | None = None,
) -> tuple[int, list[Conflict]]:
    """Write the programme's APPROVED figures (in ``years``, default all) to ``out`` as a DHIS2 dataValueSet,
    named through ``table``: the saved mapping (:func:`mapping_table`) or our own codes (:func:`code_table`).
    Streamed: the figures are read in chunks and written one by one, so memory stays flat whatever the size
    (issue 21). ``progress(done, total)`` is told the figures read so far. Returns how many values were
    written and the figures left out.

    A rate goes out as whichever of its value, numerator and denominator the table names; a yes/no figure
    as ``true``/``false``; the note as the comment. A figure none of whose parts the table names is
    listed in the figures left out."""
    values = _approved_in(program, years)
    total = values.count() if progress is not None else 0
    skipped = ConflictLog()
    written = 0
    period_codes: dict[tuple[int, str, int], str] = {}

    def dhis2_values() -> Iterator[Dhis2Value]:
        nonlocal written
        # django-stubs types values() without the aliased columns; the rows are plain dicts.
        rows = cast(
            Iterator[dict[str, Any]],
            values.values(
                "disaggregation", "value", "numerator", "denominator", "achieved", "note", **_EXPORTED
            ).iterator(chunk_size=2000),
        )
        for done, row in enumerate(rows, start=1):
            if progress is not None:
                progress(done, total)
            key = (row["year"], row["kind"], row["number"])
            if key not in period_codes:
                period_codes[key] = dhis2_code(PeriodKey(*key))
            for value in _dhis2_values(row, period_codes[key], table, skipped):
                written += 1
                yield value

    for piece in iter_json(dhis2_values()) if data_format == "json" else iter_csv(dhis2_values()):
        out.write(piece)
    return written, skipped.conflicts()


def export_dhis2(
    program: Program, table: MappingTable, *, years: range | None = None, data_format: str = "json"
) -> ExportResult:
    """:func:`write_dhis2` into a string, for an export small enough to answer at once."""
    buffer = io.StringIO()
    count, skipped = write_dhis2(buffer, program, table, years=years, data_format=data_format)
    return ExportResult(buffer.getvalue(), count, skipped)


def _dhis2_values(row: dict[str, Any], period: str, table: MappingTable, skipped: ConflictLog) -> list[Dhis2Value]:
    """One figure (a row of :data:`_EXPORTED` and its own columns) as the DHIS2 values the table names (none: said
    in ``skipped``)."""
    unit_code = row["unit_code"]
    where = f"{unit_code} {period}"
    parts = _dhis2_parts(row)
    if not parts:
        return []
    org_unit = table.reverse_org_unit(unit_code)
    if org_unit is None:
        skipped.add(
            UNMAPPED_ORG_UNIT, unit_code, f"Đơn vị {unit_code} ({row['unit_name']}) chưa có trong bảng ánh xạ.", [where]
        )
        return []
    out: list[Dhis2Value] = []
    for field_name, text in parts:
        operand = table.reverse_element(ElementTarget(row["indicator_code"], row["disaggregation"], field_name))
        if operand is None:
            continue
        out.append(
            Dhis2Value(
                data_element=operand[0],
                period=period,
                org_unit=org_unit,
                category_option_combo=operand[1],
                value=text,
                comment=row["note"],
            )
        )
    if not out:
        indicator = row["indicator_code"]
        suffix = f" (phân tổ “{row['disaggregation']}”)" if row["disaggregation"] else ""
        skipped.add(
            UNMAPPED_INDICATOR,
            f"{indicator}{suffix}",
            f"Chỉ tiêu {indicator}{suffix} chưa có trong bảng ánh xạ.",
            [where],
        )
    return out


def _dhis2_parts(row: dict[str, Any]) -> list[tuple[str, str]]:
    if row["value_type"] == YES_NO:
        if row["achieved"] is None:
            return []
        return [(VALUE, "true" if row["achieved"] else "false")]
    parts = (
        ("value", row["value"]),
        ("numerator", row["numerator"]),
        ("denominator", row["denominator"]),
    )
    return [(name, plain_text(number)) for name, number in parts if number is not None]


# Units whose rows are read in one query by a streamed Open SDG export: enough to keep queries few, few enough
# that the rows held at once stay small.
OPENSDG_UNITS_PER_QUERY = 200


def write_opensdg(
    out: TextSink,
    indicator: Indicator,
    *,
    units: Iterable[OrgUnit] = (),
    years: Iterable[int] | None = None,
    progress: ProgressFn | None = None,
) -> tuple[int, list[Conflict]]:
    """Write one indicator to ``out`` as an Open SDG tidy CSV; returns the rows written and the figures left out.

    Headline rows: the programme's figure for each year, found as the verdicts find it
    (:class:`ansinh.evaluation.selectors.ProgramFigures`: the programme unit's own approved figure, else
    the lead unit's, else the roll-up), with every disaggregation column empty. The programme unit's
    approved disaggregated figures follow without a GeoCode. Each unit in ``units`` (other than the
    programme unit) adds its approved yearly figures with GeoCode = its official code, or its code. Rows
    are in (GeoCode, disaggregation, year) order.

    Streamed (issue 21): the columns come from one query of the distinct disaggregations, then the units' rows
    are read OPENSDG_UNITS_PER_QUERY units at a time, in GeoCode order, and written at once; ``progress(done,
    total)`` is told the units written."""
    program = indicator.program
    chosen_years = sorted(years) if years is not None else list(program.years)
    listed = sorted(
        (unit for unit in units if unit.pk != program.owner_unit_id), key=lambda unit: unit.official_code or unit.code
    )
    yearly = DataValue.objects.filter(
        indicator=indicator,
        report__period__kind=PeriodKind.YEAR,
        report__period__year__in=chosen_years,
        report__status=ReportStatus.APPROVED,
        value__isnull=False,
    )
    own = yearly.filter(report__unit_id=program.owner_unit_id).exclude(disaggregation="")
    skipped = ConflictLog()

    def canonical(data_value: DataValue) -> bool:
        try:
            disaggregation_pairs(data_value.disaggregation)
        except DisaggregationKeyError as error:
            where = f"{data_value.report.unit.code} {data_value.report.period.year}"
            skipped.add(NOT_CANONICAL, data_value.disaggregation, str(error), [where])
            return False
        return True

    def tidy(data_value: DataValue) -> TidyRow:
        unit = data_value.report.unit
        geocode = "" if unit.pk == program.owner_unit_id else (unit.official_code or unit.code)
        return TidyRow(data_value.report.period.year, data_value.value, data_value.disaggregation, geocode)

    def rows() -> Iterator[TidyRow]:
        figures = ProgramFigures(program)
        headline = []
        for year in chosen_years:
            figure = figures.figure(indicator, year)
            if figure is not None and figure.value is not None:
                headline.append(TidyRow(year, figure.value))
        related = ("report__period", "report__unit")
        first = headline + [tidy(value) for value in own.select_related(*related) if canonical(value)]
        yield from sorted(first, key=_tidy_order)
        for start in range(0, len(listed), OPENSDG_UNITS_PER_QUERY):
            chunk = listed[start : start + OPENSDG_UNITS_PER_QUERY]
            found = yearly.filter(report__unit__in=chunk).select_related(*related)
            yield from sorted((tidy(value) for value in found if canonical(value)), key=_tidy_order)
            if progress is not None:
                progress(start + len(chunk), len(listed))

    disaggregations = (own | yearly.filter(report__unit__in=listed)).values_list("disaggregation", flat=True)
    dimensions = tidy_dimensions(text for text in disaggregations.order_by().distinct() if _is_canonical(text))
    written = 0
    for piece in iter_tidy_csv(rows(), dimensions=dimensions, units=indicator.unit, geocodes=bool(listed)):
        out.write(piece)
        written += 1
    return written - 1, skipped.conflicts()


def _tidy_order(row: TidyRow) -> tuple[str, str, int]:
    return (row.geocode, row.disaggregation, row.year)


def _is_canonical(disaggregation: str) -> bool:
    try:
        disaggregation_pairs(disaggregation)
    except DisaggregationKeyError:
        return False
    return True


def export_opensdg(
    indicator: Indicator, *, units: Iterable[OrgUnit] = (), years: Iterable[int] | None = None
) -> ExportResult:
    """:func:`write_opensdg` into a string, for an export small enough to answer at once."""
    buffer = io.StringIO()
    count, skipped = write_opensdg(buffer, indicator, units=units, years=years)
    return ExportResult(buffer.getvalue(), count, skipped)


@dataclass(frozen=True)
class JobProgress:
    job_id: int
    status: str
    status_label: str
    done: int
    total: int
    summary: dict[str, Any] | None
    errors: list[str]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        """0–100, or None while the size of the work is not known yet."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


def import_job_time_limit() -> timedelta:
    return timedelta(minutes=settings.IMPORT_JOB_TIME_LIMIT_MINUTES)


def stale_job_reason(job: ImportJob, *, now: datetime | None = None) -> str | None:
    """Why a running job is given up (``rules.jobs.stale_reason``), or None."""
    return stale_reason(
        running=job.status == JobStatus.RUNNING,
        started_at=job.started_at,
        now=now or timezone.now(),
        limit=import_job_time_limit(),
    )


def job_progress(job: ImportJob | int) -> JobProgress:
    """The job as the database holds it now (progress is committed as the job runs; see
    ``exchange.services.JobProgressWriter``)."""
    fresh = ImportJob.objects.defer("content").get(pk=job if isinstance(job, int) else job.pk)
    # A job whose worker was killed reads as failed at once; the next worker records it (fail_stale_jobs).
    stale = stale_job_reason(fresh)
    status = JobStatus.FAILED if stale else fresh.status
    return JobProgress(
        job_id=fresh.pk,
        status=status,
        status_label=str(JobStatus(status).label),
        done=fresh.progress_done,
        total=fresh.progress_total,
        summary=fresh.summary,
        errors=[stale] if stale else list(fresh.errors or []),
        created_at=fresh.created_at,
        started_at=fresh.started_at,
        finished_at=fresh.finished_at,
    )


def period_workbook_units(period: ReportingPeriod) -> list[OrgUnit]:
    """The units the period's multi-unit workbook lists: every unit expected to report."""
    return [expected.unit for expected in expected_reports(period)]


def in_background(unit_count: int) -> bool:
    """Whether an export listing this many units is built by a background job (settings.EXPORT_JOB_MIN_UNITS)."""
    return unit_count > settings.EXPORT_JOB_MIN_UNITS


def stale_export_reason(job: ExportJob, *, now: datetime | None = None) -> str | None:
    """Why a running export job is given up (``rules.jobs.stale_reason``), or None."""
    return stale_reason(
        running=job.status == JobStatus.RUNNING,
        started_at=job.started_at,
        now=now or timezone.now(),
        limit=import_job_time_limit(),
        export=True,
    )


def export_job_progress(job: ExportJob | int) -> JobProgress:
    """An export job as the database holds it now; a job whose worker was killed reads as failed."""
    fresh = ExportJob.objects.get(pk=job if isinstance(job, int) else job.pk)
    stale = stale_export_reason(fresh)
    status = JobStatus.FAILED if stale else fresh.status
    return JobProgress(
        job_id=fresh.pk,
        status=status,
        status_label=str(JobStatus(status).label),
        done=fresh.progress_done,
        total=fresh.progress_total,
        summary=None,
        errors=[stale] if stale else list(fresh.errors or []),
        created_at=fresh.created_at,
        started_at=fresh.started_at,
        finished_at=fresh.finished_at,
    )


def export_job_path(job: ExportJob) -> Path | None:
    """Where a finished export job's file is kept (settings.EXPORT_JOB_ROOT), or None when it has none
    (not finished, failed, or the file was removed)."""
    if job.status != JobStatus.SUCCEEDED or not job.stored_name:
        return None
    path = Path(settings.EXPORT_JOB_ROOT) / job.stored_name
    return path if path.is_file() else None


def recent_jobs(program: Program, *, limit: int = 20) -> list[ImportJob]:
    return list(ImportJob.objects.filter(program=program).defer("content").select_related("created_by")[:limit])


def opensdg_indicators(program: Program) -> QuerySet[Indicator]:
    """The programme's indicators an Open SDG file can carry: numeric figures, not groups."""
    return program.indicators.filter(is_group=False).exclude(value_type__in=(YES_NO, QUALITATIVE)).order_by("sort_key")


def dhis2_filename(program: Program, years: range, data_format: str) -> str:
    return f"{program.slug}-dhis2-{years.start}-{years.stop - 1}.{data_format}"


def opensdg_filename(indicator: Indicator) -> str:
    return f"{indicator.program.slug}-opensdg-{indicator.code}.csv"


def export_content_type(data_format: str) -> str:
    return "application/json" if data_format == "json" else "text/csv; charset=utf-8"
