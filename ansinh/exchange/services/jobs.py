"""Imports that run in the background: the file is stored with its job, the task (Django's tasks framework;
settings.TASKS picks the backend: the database backend run by ``manage.py db_worker``, or inline in tests)
runs it, and the job's progress is written where the page that polls it can see it."""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.tasks import task
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.exchange.formats.dhis2_values import (
    CREATE_AND_UPDATE,
    STRATEGIES,
)
from ansinh.exchange.models import (
    BackgroundJob,
    Dhis2Mapping,
    ImportJob,
    ImportKind,
    JobStatus,
)
from ansinh.exchange.selectors import (
    code_table,
    mapping_table,
    stale_job_reason,
)
from ansinh.exchange.services.common import ExchangeError, ImportSummary, Progress, logger
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.exchange.services.opensdg_import import import_opensdg
from ansinh.programs.models import Program


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


@task
def run_import(job_id: int) -> dict[str, Any]:
    """Run one queued ImportJob (see :func:`run_import_job`)."""
    return run_import_job(job_id)


STALE_IMPORT_AT_START = (
    "Lượt nhập dừng giữa chừng: tiến trình nền đã khởi động lại. Chưa có số liệu nào được nhập; hãy nhập lại tệp."
)


def fail_running_jobs(
    running: Iterable[BackgroundJob], reason_of: Callable[[Any, datetime], str | None], *, action: str, noun: str
) -> int:
    """Record as failed, and audit, each of ``running`` for which ``reason_of(job, now)`` gives a reason; a job
    that finished meanwhile is left as it is. Returns how many. Shared by import and export jobs."""
    now = timezone.now()
    failed = 0
    for job in running:
        reason = reason_of(job, now)
        if reason is None:
            continue
        if (
            type(job)
            ._default_manager.filter(pk=job.pk, status=JobStatus.RUNNING)
            .update(status=JobStatus.FAILED, errors=[reason], finished_at=now)
        ):
            failed += 1
            record(
                actor=None,
                action=action,
                obj=job,
                summary=f"{noun} {job.pk}: {reason}",
                before={"status": JobStatus.RUNNING},
                after={"status": JobStatus.FAILED, "reason": reason},
            )
    return failed


def fail_stale_jobs(*, all_running: bool = False) -> int:
    """Record as failed every running job whose worker is gone: those past the time limit
    (``rules.jobs``), or — when the one worker starts (``manage.py fail_stale_jobs --all-running``, as
    ``make run`` does) — every running job, since none can be running. Returns how many."""
    return fail_running_jobs(
        ImportJob.objects.filter(status=JobStatus.RUNNING).defer("content").select_related("program"),
        lambda job, now: stale_job_reason(job, now=now) or (STALE_IMPORT_AT_START if all_running else None),
        action="exchange.job.stale",
        noun="Lượt nhập",
    )


def run_import_job(job_id: int) -> dict[str, Any]:
    """Run a queued job (the task calls this): mark it running, import with progress, then store the
    summary — or the errors of a broken file, with nothing imported. A job runs once. A worker first
    gives up the jobs whose worker was killed (``fail_stale_jobs``)."""
    fail_stale_jobs()
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
