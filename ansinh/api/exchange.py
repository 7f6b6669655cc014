"""Data exchange through the API: DHIS2 dataValueSets in and out, background imports and their progress,
one indicator as an Open SDG CSV. The same services and rules as the exchange pages (web.interop_views).

Access:

- importing (synchronously, or queued as a background job) is for the programme secretariat
  (``can_manage_program``), with a key that may write;
- a job's progress is for those who follow the programme (``can_follow_program``);
- exports carry APPROVED figures only, which a published programme already shows to everyone on its
  public pages, so they need ``can_view_program``: anyone for a published programme, the people
  working on it otherwise. Every export is audited (``exchange.export``).
- an export that lists more than settings.EXPORT_JOB_MIN_UNITS units is not built inside a request (issue 21):
  its GET answers 409 ``export_job_required``, and ``POST /programs/{slug}/export-jobs`` with the same options
  queues it (202); ``GET /export-jobs/{id}`` gives its progress and, once done, the address of its file. A job
  and its file are for the person who asked for it (with a key) and the programme's secretariat; every
  download is audited (``exchange.export_job.download``).

A file that cannot be imported (unreadable, a value that is not a number …) is refused with 400 and
``code`` ``invalid_file``, every problem listed in ``errors``; nothing is written."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

from ansinh.accounts.rules import can_manage_program, can_view_program
from ansinh.api.schemas import ErrorOut, ProgramSlug, Text
from ansinh.core.downloads import attachment
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.dhis2_mapping import MappingTable
from ansinh.exchange.models import ExportJob, ExportKind, ImportJob, ImportKind
from ansinh.exchange.selectors import (
    code_table,
    dhis2_export_units,
    dhis2_filename,
    export_content_type,
    export_job_path,
    export_job_progress,
    in_background,
    job_progress,
    mapping_table,
    opensdg_filename,
    opensdg_indicators,
)
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.exchange.services.export_jobs import (
    enqueue_dhis2_export,
    enqueue_opensdg_export,
    enqueue_period_workbook,
    record_export_download,
)
from ansinh.exchange.services.exports import (
    MAX_IMPORT_BYTES,
    audited_dhis2_export,
    audited_opensdg_export,
    upload_problem,
)
from ansinh.exchange.services.jobs import enqueue_import
from ansinh.gates import EXPORT_RIGHTS, export_job_checked, job_checked, program_checked
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import ReportingPeriod

router = Router(tags=["Trao đổi dữ liệu"])

READ_ERRORS = {403: ErrorOut, 404: ErrorOut}
EXPORT_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}

Strategy = Literal["CREATE_AND_UPDATE", "CREATE", "UPDATE"]
IdScheme = Literal["mapping", "code"]
CSV_CONTENT = {"text/csv": {"schema": {"type": "string"}}}
FILE_CONTENT = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
IndicatorCode = Annotated[str, Path(pattern=r"^[-A-Za-z0-9_.]+$", max_length=32)]


class DataValueIn(Schema):
    """One DHIS2 data value. Every field is optional here: the importer says, in Vietnamese and with the
    value's place, what a value lacks (the set's own period and orgUnit apply to values without them)."""

    model_config = ConfigDict(extra="forbid")

    dataElement: Text | None = None
    period: Text | None = None
    orgUnit: Text | None = None
    categoryOptionCombo: Text | None = None
    attributeOptionCombo: Text | None = None
    value: Text | int | float | bool | None = None
    storedBy: Text | None = None
    created: Text | None = None
    lastUpdated: Text | None = None
    comment: Text | None = None
    followup: bool | None = None
    deleted: bool | None = None


class DataValueSetIn(Schema):
    """A DHIS2 dataValueSet document (JSON). A larger file goes through POST /programs/{slug}/imports."""

    model_config = ConfigDict(extra="forbid")

    dataSet: Text | None = None
    completeDate: Text | None = None
    period: Text | None = None
    orgUnit: Text | None = None
    attributeOptionCombo: Text | None = None
    dataValues: list[DataValueIn] = Field(..., max_length=20000)


class ImportQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    dryRun: bool = Field(False, description="Chạy thử: kết quả thật, không ghi gì")
    importStrategy: Strategy = Field(
        "CREATE_AND_UPDATE", description="CREATE: chỉ thêm số liệu chưa có; UPDATE: chỉ sửa số liệu đã có"
    )
    idScheme: IdScheme = Field(
        "mapping",
        description="mapping: qua bảng ánh xạ DHIS2 của chương trình; code: mã chỉ tiêu, mã đơn vị của ansinh",
    )


class ImportCountOut(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int = 0


class ConflictOut(Schema):
    object: str
    value: str = Field(..., description="Giải thích (tiếng Việt), như trường value của DHIS2")
    reason: str = Field(..., description="Mã lý do cố định, ví dụ unmapped_data_element")
    count: int
    where: list[str] = Field(..., description="Vị trí trong tệp (tối đa 100 vị trí đầu)")


class ImportSummaryOut(Schema):
    """As DHIS2's importSummary: ``total = imported + updated + ignored + conflicting``."""

    responseType: str = "ImportSummary"
    status: Literal["SUCCESS", "WARNING"]
    description: str
    dryRun: bool
    importCount: ImportCountOut
    total: int
    conflicting: int
    reports: int
    conflicts: list[ConflictOut]


class ImportJobIn(Schema):
    """The options of a queued import; the file goes in the multipart field ``file`` (required). Missing
    ``kind`` and ``file`` are refused after the access check, so that a caller without the right is told
    so (403) whatever it sends."""

    model_config = ConfigDict(extra="forbid")

    kind: ImportKind | SkipJsonSchema[None] = Field(None, description="Loại tệp (bắt buộc)")
    dryRun: bool = False
    importStrategy: Strategy = "CREATE_AND_UPDATE"
    idScheme: IdScheme = "mapping"
    indicator: Text = Field("", max_length=32, description="Mã chỉ tiêu, cho tệp Open SDG")


class ImportJobOut(Schema):
    id: int
    program: str
    kind: str
    filename: str
    options: dict[str, Any]
    status: str
    status_label: str
    done: int
    total: int
    percent: int | None
    summary: ImportSummaryOut | None
    errors: list[str]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ExportQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    startYear: int | None = Field(None, ge=1900, le=2100, description="Mặc định: năm đầu của chương trình")
    endYear: int | None = Field(None, ge=1900, le=2100, description="Mặc định: năm cuối của chương trình")
    format: Literal["json", "csv"] = "json"
    idScheme: IdScheme = "mapping"


class OpenSdgQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    units: Text = Field("", max_length=2000, description="Mã các đơn vị cần xuất (cột GeoCode), cách nhau bởi dấu phẩy")


class DataValueOut(Schema):
    dataElement: str
    period: str
    orgUnit: str
    categoryOptionCombo: str | None = None
    attributeOptionCombo: str | None = None
    value: str | None = None
    comment: str | None = None


class DataValueSetOut(Schema):
    dataValues: list[DataValueOut]


def _error(status: int, code: str, message: str, lines: list[str] | None = None) -> Status:
    return Status(status, ErrorOut(code=code, message=message, errors=[{"message": line} for line in lines or []]))


def _table(program: Program, id_scheme: str) -> MappingTable | None:
    return code_table(program) if id_scheme == "code" else mapping_table(program)


def _no_mapping(program: Program) -> Status:
    return _error(400, "no_mapping", f"Chương trình {program.code} chưa có bảng ánh xạ DHIS2; dùng idScheme=code.")


def summary_out(summary: dict[str, Any]) -> ImportSummaryOut:
    """An import summary as stored (``ImportSummary.as_dict()``) in DHIS2's shape."""
    return ImportSummaryOut(
        status="WARNING" if summary["conflicts"] else "SUCCESS",
        description=summary["message"],
        dryRun=summary["dry_run"],
        importCount=ImportCountOut(
            imported=summary["imported"], updated=summary["updated"], ignored=summary["ignored"]
        ),
        total=summary["total"],
        conflicting=summary["conflicting"],
        reports=summary["reports"],
        conflicts=[
            ConflictOut(
                object=conflict["object"],
                value=conflict["message"],
                reason=conflict["code"],
                count=conflict["count"],
                where=conflict["where"],
            )
            for conflict in summary["conflicts"]
        ],
    )


def _job_out(job: ImportJob) -> ImportJobOut:
    progress = job_progress(job)
    return ImportJobOut(
        id=job.pk,
        program=job.program.slug,
        kind=job.kind,
        filename=job.filename,
        options=job.options,
        status=progress.status,
        status_label=progress.status_label,
        done=progress.done,
        total=progress.total,
        percent=progress.percent,
        summary=summary_out(progress.summary) if progress.summary else None,
        errors=progress.errors,
        created_at=progress.created_at,
        started_at=progress.started_at,
        finished_at=progress.finished_at,
    )


@router.post(
    "/programs/{slug}/dhis2/dataValueSets",
    response={200: ImportSummaryOut, **WRITE_ERRORS},
    summary="Nhập một dataValueSet DHIS2 (JSON), chạy ngay; trả về importSummary",
)
def import_data_value_set(request: HttpRequest, slug: ProgramSlug, body: DataValueSetIn, query: Query[ImportQuery]):
    program = program_checked(request, slug, can_manage_program, "nhập dataValueSets DHIS2 qua API")
    table = _table(program, query.idScheme)
    if table is None:
        return _no_mapping(program)
    try:
        summary = import_dhis2(
            program,
            request.body,
            table,
            data_format="json",
            strategy=query.importStrategy,
            dry_run=query.dryRun,
            actor=request.user,
        )
    except ExchangeError as error:
        return _error(400, "invalid_file", error.message, error.errors)
    return summary_out(summary.as_dict())


@router.get(
    "/programs/{slug}/dhis2/dataValueSets",
    response={200: DataValueSetOut, **EXPORT_ERRORS},
    summary="Xuất số liệu đã duyệt thành dataValueSets DHIS2 (JSON hoặc CSV)",
    openapi_extra={"responses": {200: {"content": CSV_CONTENT}}},
)
def export_data_value_set(request: HttpRequest, slug: ProgramSlug, query: Query[ExportQuery]):
    program = program_checked(request, slug, can_view_program, "xuất dataValueSets DHIS2 qua API")
    start = query.startYear if query.startYear is not None else program.start_year
    end = query.endYear if query.endYear is not None else program.end_year
    refused = _years_refused(program, start, end)
    if refused is not None:
        return refused
    table = _table(program, query.idScheme)
    if table is None:
        return _no_mapping(program)
    years = range(start, end + 1)
    units = dhis2_export_units(program, years)
    if in_background(units):
        return _job_required(program, units)
    result = audited_dhis2_export(
        program, table, years=years, data_format=query.format, id_scheme=query.idScheme, actor=request.user
    )
    return attachment(result.text, dhis2_filename(program, years, query.format), export_content_type(query.format))


@router.post(
    "/programs/{slug}/imports",
    response={202: ImportJobOut, **WRITE_ERRORS},
    summary="Gửi một tệp để nhập trong nền (DHIS2 JSON/CSV, Open SDG CSV); theo dõi ở GET /imports/{id}",
)
def enqueue_import_job(
    request: HttpRequest,
    slug: ProgramSlug,
    options: Form[ImportJobIn],
    file: File[UploadedFile | SkipJsonSchema[None]] = None,
):
    program = program_checked(request, slug, can_manage_program, "nhập tệp trong nền qua API")
    if options.kind is None:
        return _error(400, "invalid_options", "Cần chọn loại tệp (kind).")
    if file is None:
        return _error(400, "invalid_file", "Cần gửi tệp (trường “file”).")
    problem = upload_problem(options.kind, file.name or "", file.size or 0)
    if problem:
        too_large = (file.size or 0) > MAX_IMPORT_BYTES
        return _error(413 if too_large else 400, "file_too_large" if too_large else "invalid_file", problem)
    job_options: dict[str, Any] = {"dry_run": options.dryRun}
    if options.kind == ImportKind.OPENSDG_CSV:
        job_options["indicator"] = options.indicator
    else:
        job_options |= {"id_scheme": options.idScheme, "strategy": options.importStrategy}
    try:
        # The job and its task row commit together (see exchange.services.enqueue_import).
        with transaction.atomic():
            job = enqueue_import(
                program, options.kind, file.read(), filename=file.name or "", options=job_options, actor=request.user
            )
    except ExchangeError as error:
        return _error(400, "invalid_options", error.message, error.errors)
    return Status(202, _job_out(job))


@router.get("/imports/{job_id}", response={200: ImportJobOut, **READ_ERRORS}, summary="Tiến độ, kết quả một lượt nhập")
def import_job(request: HttpRequest, job_id: int):
    job = job_checked(request, job_id, "xem lượt nhập tệp qua API")
    return _job_out(job)


@router.get(
    "/programs/{slug}/indicators/{code}/opensdg.csv",
    response=EXPORT_ERRORS,
    summary="Một chỉ tiêu thành tệp Open SDG (CSV dạng tidy), số liệu đã duyệt",
    openapi_extra={"responses": {200: {"description": "OK", "content": CSV_CONTENT}}},
)
def export_opensdg_csv(request: HttpRequest, slug: ProgramSlug, code: IndicatorCode, query: Query[OpenSdgQuery]):
    program = program_checked(request, slug, can_view_program, "xuất Open SDG qua API")
    indicator = _opensdg_indicator(program, code)
    if isinstance(indicator, Status):
        return indicator
    units = _units(query.units)
    if isinstance(units, Status):
        return units
    if in_background(len(units)):
        return _job_required(program, len(units))
    result = audited_opensdg_export(indicator, units=units, actor=request.user)
    return attachment(result.text, opensdg_filename(indicator), export_content_type("csv"))


# -- Exports in the background (issue 21) ------------------------------------------------------------------------


class ExportJobIn(Schema):
    """A background export: the same options as the immediate export of the same kind."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["dhis2", "opensdg", "period_workbook"] = Field(..., description="Loại tệp")
    startYear: int | None = Field(None, ge=1900, le=2100, description="dhis2: mặc định năm đầu của chương trình")
    endYear: int | None = Field(None, ge=1900, le=2100, description="dhis2: mặc định năm cuối của chương trình")
    format: Literal["json", "csv"] = Field("json", description="dhis2")
    idScheme: IdScheme = Field("mapping", description="dhis2")
    indicator: Text = Field("", max_length=32, description="opensdg: mã chỉ tiêu")
    units: Text = Field("", max_length=2000, description="opensdg: mã các đơn vị, cách nhau bởi dấu phẩy")
    period: int | None = Field(None, description="period_workbook: mã kỳ báo cáo của chương trình")


class ExportJobOut(Schema):
    id: int
    program: str
    kind: str
    kind_label: str
    filename: str
    options: dict[str, Any]
    period: int | None
    status: str
    status_label: str
    done: int
    total: int
    percent: int | None
    errors: list[str]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    url: str = Field(..., description="Địa chỉ (API) để theo dõi lượt xuất")
    download_url: str | None = Field(None, description="Địa chỉ (API) tải tệp, khi tệp đã sẵn sàng")


def _years_refused(program: Program, start: int, end: int) -> Status | None:
    if start > end:
        return _error(400, "bad_request", "startYear không được sau endYear.")
    if start not in program.years or end not in program.years:
        return _error(
            400, "bad_request", f"Năm {start}–{end} nằm ngoài thời gian {program.start_year}–{program.end_year}."
        )
    return None


def _units(text: str) -> list[OrgUnit] | Status:
    codes = [unit.strip() for unit in text.split(",") if unit.strip()]
    units = list(OrgUnit.objects.filter(code__in=codes).order_by("code"))
    missing = sorted(set(codes) - {unit.code for unit in units})
    if missing:
        return _error(400, "bad_request", f"Không có đơn vị mã {', '.join(missing)}.")
    return units


def _opensdg_indicator(program: Program, code: str) -> Indicator | Status:
    indicator = get_object_or_404(program.indicators.select_related("program"), code=code)
    if not opensdg_indicators(program).filter(pk=indicator.pk).exists():
        return _error(400, "bad_request", f"Chỉ tiêu {indicator.code} không có số liệu dạng số cho Open SDG.")
    return indicator


def _job_required(program: Program, units: int) -> Status:
    """An export over settings.EXPORT_JOB_MIN_UNITS units is not built inside a request; a GET creates nothing,
    so the caller asks for the job with a POST."""
    return _error(
        409,
        "export_job_required",
        f"Tệp gồm {format_number(units)} đơn vị nên được tạo trong nền: gửi POST "
        f"/api/v1/programs/{program.slug}/export-jobs với cùng tùy chọn, rồi theo dõi địa chỉ trả về.",
    )


def _export_job_out(job: ExportJob) -> ExportJobOut:
    progress = export_job_progress(job)
    ready = export_job_path(job) is not None
    return ExportJobOut(
        id=job.pk,
        program=job.program.slug,
        kind=job.kind,
        kind_label=str(job.get_kind_display()),
        filename=job.filename,
        options=job.options,
        period=job.period_id,
        status=progress.status,
        status_label=progress.status_label,
        done=progress.done,
        total=progress.total,
        percent=progress.percent,
        errors=progress.errors,
        created_at=progress.created_at,
        started_at=progress.started_at,
        finished_at=progress.finished_at,
        url=reverse("api-v1:export_job", args=[job.pk]),
        download_url=reverse("api-v1:export_job_file", args=[job.pk]) if ready else None,
    )


@router.post(
    "/programs/{slug}/export-jobs",
    response={202: ExportJobOut, **EXPORT_ERRORS},
    summary="Tạo một tệp xuất trong nền (DHIS2, Open SDG, bảng tổng hợp của kỳ); theo dõi ở GET /export-jobs/{id}",
)
def enqueue_export_job(request: HttpRequest, slug: ProgramSlug, body: ExportJobIn):
    """Any size: the export a GET answers with 409 ``export_job_required`` when it lists more than
    EXPORT_JOB_MIN_UNITS units. Who may: whoever may make the same export at once, signed in (the job and its
    file are theirs and the programme secretariat's)."""
    program = program_checked(request, slug, EXPORT_RIGHTS[body.kind], "tạo tệp xuất trong nền qua API")
    if not request.user.is_authenticated:
        return _error(403, "forbidden", "Cần khoá API để tạo tệp trong nền.")
    if body.kind == ExportKind.DHIS2:
        start = body.startYear if body.startYear is not None else program.start_year
        end = body.endYear if body.endYear is not None else program.end_year
        refused = _years_refused(program, start, end)
        if refused is not None:
            return refused
        if _table(program, body.idScheme) is None:
            return _no_mapping(program)
        job = enqueue_dhis2_export(
            program, years=range(start, end + 1), data_format=body.format, id_scheme=body.idScheme, actor=request.user
        )
    elif body.kind == ExportKind.OPENSDG:
        indicator = _opensdg_indicator(program, body.indicator)
        if isinstance(indicator, Status):
            return indicator
        units = _units(body.units)
        if isinstance(units, Status):
            return units
        job = enqueue_opensdg_export(indicator, units=units, actor=request.user)
    else:
        period = get_object_or_404(ReportingPeriod.objects.select_related("program"), pk=body.period, program=program)
        job = enqueue_period_workbook(period, actor=request.user)
    return Status(202, _export_job_out(job))


@router.get(
    "/export-jobs/{job_id}",
    response={200: ExportJobOut, **READ_ERRORS},
    summary="Tiến độ một lượt xuất trong nền, và địa chỉ tải tệp khi xong",
)
def export_job(request: HttpRequest, job_id: int):
    job = export_job_checked(request, job_id, "xem lượt xuất tệp qua API")
    return _export_job_out(job)


@router.get(
    "/export-jobs/{job_id}/file",
    response=READ_ERRORS,
    summary="Tải tệp của một lượt xuất đã xong (người tạo và văn phòng thường trực của chương trình)",
    openapi_extra={"responses": {200: {"description": "Tệp", "content": FILE_CONTENT}}},
)
def export_job_file(request: HttpRequest, job_id: int):
    job = export_job_checked(request, job_id, "tải tệp của lượt xuất qua API")
    path = export_job_path(job)
    if path is None:
        return _error(404, "not_ready", "Tệp chưa sẵn sàng hoặc không còn nữa.")
    record_export_download(job, actor=request.user)
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type)
