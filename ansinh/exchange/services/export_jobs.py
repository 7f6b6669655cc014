"""Exports that run in the background (issue 21): the multi-unit workbook of a period with more units than
settings.EXPORT_JOB_MIN_UNITS is built by a task (Django's tasks framework, as imports are: ``db_worker``, or
inline in tests) into a private folder, settings.EXPORT_JOB_ROOT, and downloaded from the job's page."""

import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.exchange.models import ExportJob, ExportKind, JobStatus
from ansinh.exchange.selectors import period_workbook_units, stale_export_reason
from ansinh.exchange.services.common import logger
from ansinh.exchange.services.spreadsheets import export_multi_unit_workbook, report_workbook_filename
from ansinh.reporting.models import ReportingPeriod

EXPORT_JOB_ERROR = "Lỗi hệ thống khi tạo tệp. Hãy báo quản trị viên (xem nhật ký máy chủ) rồi tạo lại."
STALE_AT_START = "Lượt xuất dừng giữa chừng: tiến trình nền đã khởi động lại. Hãy tạo lại tệp."


def enqueue_period_workbook(period: ReportingPeriod, *, actor=None) -> ExportJob:
    """Queue the building of a period's multi-unit workbook; the caller has checked access exactly as
    for the immediate download. Queued in the caller's transaction, as imports are."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    job = ExportJob.objects.create(
        kind=ExportKind.PERIOD_WORKBOOK,
        period=period,
        filename=report_workbook_filename(period),
        created_by=user,
    )
    record(
        actor=actor,
        action="period.export_spreadsheet",
        obj=period,
        summary=f"Xếp hàng tạo bảng tổng hợp {period} — {period.program} (lượt xuất {job.pk})",
        after={"export_job": job.pk},
    )
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


@task
def run_export(job_id: int) -> dict[str, Any]:
    """Run one queued ExportJob (see :func:`run_export_job`)."""
    return run_export_job(job_id)


class _Progress:
    """Writes units done / total on the job's row, about a hundred times over the whole export (not
    after every unit). The export reads without a transaction, so each write is seen at once."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.written = -1

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // 100)
        if done == total or self.written < 0 or done - self.written >= step:
            ExportJob.objects.filter(pk=self.job_id).update(progress_done=done, progress_total=total)
            self.written = done


def _storage() -> Path:
    root = Path(settings.EXPORT_JOB_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_export_job(job_id: int) -> dict[str, Any]:
    """Build a queued job's file: mark it running, write the workbook with progress, store it under a
    name nobody can guess, then mark it done (or failed, with nothing kept). A job runs once."""
    fail_stale_export_jobs()
    remove_old_export_files()
    job = ExportJob.objects.select_related("period__program", "created_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return {"job": job.pk, "status": job.status}
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    units = period_workbook_units(job.period)
    ExportJob.objects.filter(pk=job.pk).update(progress_total=len(units))
    stored_name = f"{job.pk}-{secrets.token_hex(16)}.xlsx"
    path = _storage() / stored_name
    try:
        content = export_multi_unit_workbook(job.period, units, progress=_Progress(job.pk))
        path.write_bytes(content)
    except Exception:
        path.unlink(missing_ok=True)
        logger.exception("Lượt xuất %s thất bại", job.pk)
        _finish(job, JobStatus.FAILED, errors=[EXPORT_JOB_ERROR])
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        stored_name=stored_name, size=len(content), progress_done=len(units), progress_total=len(units)
    )
    _finish(job, JobStatus.SUCCEEDED, units=len(units))
    return {"job": job.pk, "status": JobStatus.SUCCEEDED}


def _finish(job: ExportJob, status: str, *, errors: list[str] | None = None, units: int = 0) -> None:
    ExportJob.objects.filter(pk=job.pk).update(status=status, errors=errors or [], finished_at=timezone.now())
    summary = f"Lượt xuất {job.pk}: {JobStatus(status).label}"
    if status == JobStatus.SUCCEEDED:
        summary += f" — bảng tổng hợp {job.period} ({format_number(units)} đơn vị)"
    record(
        actor=job.created_by, action="exchange.export_job.finish", obj=job, summary=summary, after={"status": status}
    )


def fail_stale_export_jobs(*, all_running: bool = False) -> int:
    """Record as failed every running export job whose worker is gone (``rules.jobs``), or every running
    one when the only worker starts (``--all-running``). Returns how many."""
    now = timezone.now()
    failed = 0
    for job in ExportJob.objects.filter(status=JobStatus.RUNNING):
        reason = stale_export_reason(job, now=now) or (STALE_AT_START if all_running else None)
        if reason is None:
            continue
        if ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, errors=[reason], finished_at=now
        ):
            failed += 1
            record(
                actor=None,
                action="exchange.export_job.stale",
                obj=job,
                summary=f"Lượt xuất {job.pk}: {reason}",
                before={"status": JobStatus.RUNNING},
                after={"status": JobStatus.FAILED, "reason": reason},
            )
    return failed


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
