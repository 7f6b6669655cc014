"""Data exchange through the API: DHIS2 dataValueSets in and out, background imports and their progress,
one indicator as an Open SDG CSV. The same services and rules as the exchange pages (web.interop_views).

Access:

- importing (synchronously, or queued as a background job) is for the programme secretariat
  (``can_manage_program``), with a key that may write;
- a job's progress is for those who follow the programme (``can_follow_program``);
- exports carry APPROVED figures only, which a published programme already shows to everyone on its
  public pages, so they need ``can_view_program``: anyone for a published programme, the people
  working on it otherwise. Every export is audited (``exchange.export``).

A file that cannot be imported (unreadable, a value that is not a number …) is refused with 400 and
``code`` ``invalid_file``, every problem listed in ``errors``; nothing is written."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

from ansinh.accounts.rules import can_manage_program, can_view_program
from ansinh.api.schemas import ErrorOut, ProgramSlug, Text
from ansinh.core.downloads import attachment
from ansinh.exchange.formats.dhis2_mapping import MappingTable
from ansinh.exchange.models import ImportJob, ImportKind
from ansinh.exchange.selectors import (
    code_table,
    dhis2_filename,
    export_content_type,
    job_progress,
    mapping_table,
    opensdg_filename,
    opensdg_indicators,
)
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.exchange.services.exports import (
    MAX_IMPORT_BYTES,
    audited_dhis2_export,
    audited_opensdg_export,
    upload_problem,
)
from ansinh.exchange.services.jobs import enqueue_import
from ansinh.gates import job_checked, program_checked
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program

router = Router(tags=["Trao đổi dữ liệu"])

READ_ERRORS = {403: ErrorOut, 404: ErrorOut}
EXPORT_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}

Strategy = Literal["CREATE_AND_UPDATE", "CREATE", "UPDATE"]
IdScheme = Literal["mapping", "code"]
CSV_CONTENT = {"text/csv": {"schema": {"type": "string"}}}
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
    if start > end:
        return _error(400, "bad_request", "startYear không được sau endYear.")
    if start not in program.years or end not in program.years:
        return _error(
            400, "bad_request", f"Năm {start}–{end} nằm ngoài thời gian {program.start_year}–{program.end_year}."
        )
    table = _table(program, query.idScheme)
    if table is None:
        return _no_mapping(program)
    years = range(start, end + 1)
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
    indicator = get_object_or_404(program.indicators.select_related("program"), code=code)
    if not opensdg_indicators(program).filter(pk=indicator.pk).exists():
        return _error(400, "bad_request", f"Chỉ tiêu {indicator.code} không có số liệu dạng số cho Open SDG.")
    codes = [unit.strip() for unit in query.units.split(",") if unit.strip()]
    units = list(OrgUnit.objects.filter(code__in=codes).order_by("code"))
    missing = sorted(set(codes) - {unit.code for unit in units})
    if missing:
        return _error(400, "bad_request", f"Không có đơn vị mã {', '.join(missing)}.")
    result = audited_opensdg_export(indicator, units=units, actor=request.user)
    return attachment(result.text, opensdg_filename(indicator), export_content_type("csv"))
