"""Exports that run in the background (issue 21). Every export whose size grows with the number of units — the
multi-unit workbook of a period, the DHIS2 dataValueSets of a programme, an indicator's Open SDG CSV for many
units, the budget lines of many units — is built by a task (Django's tasks framework, as imports are: ``db_worker``, or inline in tests) once it
lists more than settings.EXPORT_JOB_MIN_UNITS units, into a private folder, settings.EXPORT_JOB_ROOT, and
downloaded from the job's page. One machinery for all: ``WRITERS`` maps each ExportKind to the function that
writes its file, streaming, with progress; each is the same code as the immediate download."""

import secrets
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.budget_sheet import HEADERS as BUDGET_HEADERS
from ansinh.exchange.formats.table import write_table_to
from ansinh.exchange.models import ExportJob, ExportKind, JobStatus
from ansinh.exchange.selectors import (
    code_table,
    dhis2_filename,
    export_content_type,
    mapping_table,
    opensdg_filename,
    period_workbook_units,
    stale_export_reason,
    write_dhis2,
    write_opensdg,
)
from ansinh.exchange.services.budget import BUDGET_LIST, budget_sheet_row
from ansinh.exchange.services.common import ExchangeError, logger
from ansinh.exchange.services.exports import dhis2_export_summary, opensdg_export_summary
from ansinh.exchange.services.jobs import fail_running_jobs
from ansinh.exchange.services.spreadsheets import (
    XLSX_CONTENT_TYPE,
    export_multi_unit_workbook,
    report_workbook_filename,
)
from ansinh.exchange.services.tables import table_filename, table_title
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import ReportingPeriod
from ansinh.stewardship.selectors import BudgetFilters, budget_lines

EXPORT_JOB_ERROR = "Lỗi hệ thống khi tạo tệp. Hãy báo quản trị viên (xem nhật ký máy chủ) rồi tạo lại."
STALE_AT_START = "Lượt xuất dừng giữa chừng: tiến trình nền đã khởi động lại. Hãy tạo lại tệp."

Progress = Callable[[int, int], None]
# Writes a job's file at ``path`` (streaming, telling ``progress`` how far it got); returns what it wrote, for
# the audit trail. Raises ExchangeError for what the person can fix (said on the job's page).
Writer = Callable[[ExportJob, Path, Progress], str]


def _enqueue(
    kind: str,
    program: Program,
    *,
    filename: str,
    content_type: str,
    options: dict[str, Any] | None = None,
    period: ReportingPeriod | None = None,
    actor=None,
) -> ExportJob:
    """Create a job and queue its task (in the caller's transaction, as imports are); the caller has checked
    access exactly as for the immediate download, and records what was asked."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    job = ExportJob.objects.create(
        kind=kind,
        program=program,
        period=period,
        options=options or {},
        filename=filename,
        content_type=content_type,
        created_by=user,
    )
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def enqueue_period_workbook(period: ReportingPeriod, *, actor=None) -> ExportJob:
    """Queue the building of a period's multi-unit workbook."""
    job = _enqueue(
        ExportKind.PERIOD_WORKBOOK,
        period.program,
        period=period,
        filename=report_workbook_filename(period),
        content_type=XLSX_CONTENT_TYPE,
        actor=actor,
    )
    record(
        actor=actor,
        action="period.export_spreadsheet",
        obj=period,
        summary=f"Xếp hàng tạo bảng tổng hợp {period} — {period.program} (lượt xuất {job.pk})",
        after={"export_job": job.pk},
    )
    return job


def enqueue_dhis2_export(program: Program, *, years: range, data_format: str, id_scheme: str, actor) -> ExportJob:
    """Queue a DHIS2 export of the programme's approved figures (the options checked as for the immediate one)."""
    options = {"start_year": years.start, "end_year": years.stop - 1, "format": data_format, "id_scheme": id_scheme}
    job = _enqueue(
        ExportKind.DHIS2,
        program,
        options=options,
        filename=dhis2_filename(program, years, data_format),
        content_type=export_content_type(data_format),
        actor=actor,
    )
    record(
        actor=actor,
        action="exchange.export",
        obj=program,
        summary=f"Xếp hàng xuất DHIS2 ({data_format.upper()}, {years.start}–{years.stop - 1}) — {program} "
        f"(lượt xuất {job.pk})",
        after={"format": f"dhis2_{data_format}", **options, "export_job": job.pk},
    )
    return job


def enqueue_budget_export(program: Program, *, filters: BudgetFilters, actor) -> ExportJob:
    """Queue the budget lines this person sees, with the page's filters (the file holds their lines, no more)."""
    job = _enqueue(
        ExportKind.BUDGET,
        program,
        options={"filters": asdict(filters)},
        filename=table_filename(program, BUDGET_LIST),
        content_type=XLSX_CONTENT_TYPE,
        actor=actor,
    )
    record(
        actor=actor,
        action="exchange.export",
        obj=program,
        summary=f"Xếp hàng xuất Excel {BUDGET_LIST} — {program} (lượt xuất {job.pk})",
        after={"format": "xlsx", "what": BUDGET_LIST, "filters": asdict(filters), "export_job": job.pk},
    )
    return job


def enqueue_opensdg_export(indicator: Indicator, *, units: list[OrgUnit], actor) -> ExportJob:
    """Queue an Open SDG export of one indicator for many units."""
    program = indicator.program
    codes = [unit.code for unit in units]
    job = _enqueue(
        ExportKind.OPENSDG,
        program,
        options={"indicator": indicator.code, "units": codes},
        filename=opensdg_filename(indicator),
        content_type=export_content_type("csv"),
        actor=actor,
    )
    record(
        actor=actor,
        action="exchange.export",
        obj=program,
        summary=f"Xếp hàng xuất Open SDG chỉ tiêu {indicator.code}, {format_number(len(codes))} đơn vị — {program} "
        f"(lượt xuất {job.pk})",
        after={"format": "opensdg_csv", "indicator": indicator.code, "units": len(codes), "export_job": job.pk},
    )
    return job


@task
def run_export(job_id: int) -> dict[str, Any]:
    """Run one queued ExportJob (see :func:`run_export_job`)."""
    return run_export_job(job_id)


class _Progress:
    """Writes done / total on the job's row, about a hundred times over the whole export (not after every
    unit or figure). The export reads without a transaction, so each write is seen at once."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.written = -1

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // 100)
        if done == total or self.written < 0 or done - self.written >= step:
            ExportJob.objects.filter(pk=self.job_id).update(progress_done=done, progress_total=total)
            self.written = done


def _write_period_workbook(job: ExportJob, path: Path, progress: Progress) -> str:
    assert job.period is not None  # a workbook job is always made with its period
    units = period_workbook_units(job.period)
    progress(0, len(units))
    path.write_bytes(export_multi_unit_workbook(job.period, units, progress=progress))
    return f"bảng tổng hợp {job.period} ({format_number(len(units))} đơn vị)"


def _write_dhis2(job: ExportJob, path: Path, progress: Progress) -> str:
    options = job.options
    table = code_table(job.program) if options["id_scheme"] == "code" else mapping_table(job.program)
    if table is None:
        raise ExchangeError(f"Chương trình {job.program.code} không còn bảng ánh xạ DHIS2; hãy xuất theo mã.")
    years = range(options["start_year"], options["end_year"] + 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        count, skipped = write_dhis2(
            out, job.program, table, years=years, data_format=options["format"], progress=progress
        )
    return dhis2_export_summary(
        job.program,
        years=years,
        data_format=options["format"],
        id_scheme=options["id_scheme"],
        count=count,
        skipped=sum(conflict.count for conflict in skipped),
    )


def _write_opensdg(job: ExportJob, path: Path, progress: Progress) -> str:
    indicator = Indicator.objects.select_related("program").filter(program=job.program, code=job.options["indicator"])
    found = indicator.first()
    if found is None:
        raise ExchangeError(f"Chỉ tiêu {job.options['indicator']} không còn trong chương trình.")
    units = OrgUnit.objects.filter(code__in=job.options["units"])
    with path.open("w", encoding="utf-8", newline="") as out:
        count, _skipped = write_opensdg(out, found, units=units, progress=progress)
    return opensdg_export_summary(found, count)


def _write_budget(job: ExportJob, path: Path, progress: Progress) -> str:
    if job.created_by is None:  # the lines are those the requester sees; nobody is left to see them
        raise ExchangeError("Người tạo lượt xuất không còn tài khoản; hãy tạo lại.")
    lines = budget_lines(job.created_by, job.program, BudgetFilters(**job.options["filters"]))
    total = lines.count()

    def rows():
        for done, line in enumerate(lines.iterator(chunk_size=2000), start=1):
            progress(done, total)
            yield budget_sheet_row(line)

    with path.open("wb") as out:
        count = write_table_to(out, table_title(job.program, BUDGET_LIST), BUDGET_HEADERS, rows())
    return f"{BUDGET_LIST}: {format_number(count)} dòng"


WRITERS: dict[str, Writer] = {
    ExportKind.PERIOD_WORKBOOK: _write_period_workbook,
    ExportKind.DHIS2: _write_dhis2,
    ExportKind.OPENSDG: _write_opensdg,
    ExportKind.BUDGET: _write_budget,
}


def _storage() -> Path:
    root = Path(settings.EXPORT_JOB_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_export_job(job_id: int) -> dict[str, Any]:
    """Build a queued job's file: mark it running, write it with its kind's writer (WRITERS) and progress,
    store it under a name nobody can guess, then mark it done (or failed, with nothing kept). A job runs once."""
    fail_stale_export_jobs()
    remove_old_export_files()
    job = ExportJob.objects.select_related("program", "period__program", "created_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return {"job": job.pk, "status": job.status}
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    stored_name = f"{job.pk}-{secrets.token_hex(16)}{Path(job.filename).suffix}"
    path = _storage() / stored_name
    progress = _Progress(job.pk)
    try:
        written = WRITERS[job.kind](job, path, progress)
    except ExchangeError as error:
        path.unlink(missing_ok=True)
        _finish(job, JobStatus.FAILED, errors=[error.message, *error.errors])
        return {"job": job.pk, "status": JobStatus.FAILED}
    except Exception:
        path.unlink(missing_ok=True)
        logger.exception("Lượt xuất %s thất bại", job.pk)
        _finish(job, JobStatus.FAILED, errors=[EXPORT_JOB_ERROR])
        raise
    ExportJob.objects.filter(pk=job.pk).update(stored_name=stored_name, size=path.stat().st_size)
    _finish(job, JobStatus.SUCCEEDED, written=written)
    return {"job": job.pk, "status": JobStatus.SUCCEEDED}


def _finish(job: ExportJob, status: str, *, errors: list[str] | None = None, written: str = "") -> None:
    ExportJob.objects.filter(pk=job.pk).update(status=status, errors=errors or [], finished_at=timezone.now())
    summary = f"Lượt xuất {job.pk}: {JobStatus(status).label}"
    if written:
        summary += f" — {written}"
    record(
        actor=job.created_by, action="exchange.export_job.finish", obj=job, summary=summary, after={"status": status}
    )


def fail_stale_export_jobs(*, all_running: bool = False) -> int:
    """Record as failed every running export job whose worker is gone (``rules.jobs``), or every running
    one when the only worker starts (``--all-running``). Returns how many."""
    return fail_running_jobs(
        ExportJob.objects.filter(status=JobStatus.RUNNING),
        lambda job, now: stale_export_reason(job, now=now) or (STALE_AT_START if all_running else None),
        action="exchange.export_job.stale",
        noun="Lượt xuất",
    )


def remove_old_export_files(*, now: datetime | None = None) -> int:
    """Remove the files of exports finished more than settings.EXPORT_JOB_KEEP_DAYS days ago; their jobs stay
    (the page then says the file is gone). Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_JOB_KEEP_DAYS)
    removed = 0
    for job in ExportJob.objects.filter(finished_at__lt=cutoff).exclude(stored_name=""):
        (Path(settings.EXPORT_JOB_ROOT) / job.stored_name).unlink(missing_ok=True)
        if ExportJob.objects.filter(pk=job.pk, stored_name=job.stored_name).update(stored_name=""):
            removed += 1
            record(
                actor=None,
                action="exchange.export_job.expire",
                obj=job,
                summary=f"Xoá tệp của lượt xuất {job.pk} sau {settings.EXPORT_JOB_KEEP_DAYS} ngày: {job.filename}",
            )
    return removed


def record_export_download(job: ExportJob, *, actor) -> None:
    record(
        actor=actor,
        action="exchange.export_job.download",
        obj=job,
        summary=f"Tải tệp của lượt xuất {job.pk}: {job.filename}",
    )
