"""The period's multi-unit workbook as a background job (issue 21): over settings.EXPORT_JOB_MIN_UNITS units the
download button starts a job (POST, audited), the job page shows progress and then a link, and the file is the
same workbook as the immediate download. Tasks run inline in tests (tests/conftest.py)."""

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from ansinh.audit.models import AuditEvent
from ansinh.exchange.models import ExportJob, ExportKind, JobStatus
from ansinh.exchange.selectors import export_job_path, export_job_progress, period_workbook_units
from ansinh.exchange.services import export_jobs
from ansinh.exchange.services.export_jobs import (
    EXPORT_JOB_ERROR,
    fail_stale_export_jobs,
    remove_old_export_files,
    run_export_job,
)
from ansinh.exchange.services.spreadsheets import XLSX_CONTENT_TYPE, export_multi_unit_workbook
from ansinh.reporting.models import AssignmentRole
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(world):
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    add_assignment(world.supported, role=AssignmentRole.LEAD, unit=world.lead)
    period = get_or_open_year_period(world.program, 2025)
    report = get_or_create_report(period, world.new_communes[0])
    save_values(report, [ValueInput(world.coverage, numerator_text="90", denominator_text="100")])
    return period


@pytest.fixture
def threshold(settings, tmp_path):
    """The world's period expects 7 units: make it 'large'. Each test keeps its files apart."""
    settings.EXPORT_JOB_MIN_UNITS = 3
    settings.EXPORT_JOB_ROOT = tmp_path / "exports"
    return settings


def queued(period, filename: str, **fields) -> ExportJob:
    """A workbook job as the period page queues it, not yet run."""
    return ExportJob.objects.create(
        kind=ExportKind.PERIOD_WORKBOOK,
        program=period.program,
        period=period,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
        **fields,
    )


def cells(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def test_a_large_period_is_built_by_a_job_with_the_same_cells_as_the_immediate_download(
    period, threshold, cast, sign_in
):
    client = sign_in(cast.thu)
    units = period_workbook_units(period)
    assert len(units) == 7

    page = client.get(f"/ky-bao-cao/{period.pk}/bang-tinh/")
    assert page.status_code == 200 and "Content-Disposition" not in page
    assert f'action="/ky-bao-cao/{period.pk}/bang-tinh/tao/"' in page.content.decode()
    assert not ExportJob.objects.exists()  # a GET creates nothing

    started = client.post(f"/ky-bao-cao/{period.pk}/bang-tinh/tao/")
    job = ExportJob.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/viec-xuat/{job.pk}/"
    assert (job.kind, job.status, job.created_by, job.period) == (
        ExportKind.PERIOD_WORKBOOK,
        JobStatus.SUCCEEDED,
        cast.thu,
        period,
    )
    assert (job.progress_done, job.progress_total) == (7, 7) and job.task_id and job.finished_at
    path = export_job_path(job)
    assert path is not None and path.parent == Path(threshold.EXPORT_JOB_ROOT) and job.size == path.stat().st_size
    assert str(job.pk) in path.name and len(path.name) > 30  # a name nobody guesses

    shown = client.get(f"/viec-xuat/{job.pk}/").content.decode()
    assert "Hoàn thành" in shown and f"/viec-xuat/{job.pk}/tai-ve/" in shown and "7/7" in shown
    downloaded = client.get(f"/viec-xuat/{job.pk}/tai-ve/")
    assert downloaded.status_code == 200 and job.filename in downloaded["Content-Disposition"]
    content = b"".join(downloaded.streaming_content)
    assert cells(content) == cells(export_multi_unit_workbook(period, units))

    actions = sorted(AuditEvent.objects.filter(action__contains="export").values_list("action", flat=True))
    assert actions == ["exchange.export_job.download", "exchange.export_job.finish", "period.export_spreadsheet"]


def test_the_period_page_offers_the_job_only_over_the_threshold(period, cast, sign_in, settings):
    client = sign_in(cast.thu)
    settings.EXPORT_JOB_MIN_UNITS = 300
    small = client.get(f"/ky-bao-cao/{period.pk}/").content.decode()
    assert f'href="/ky-bao-cao/{period.pk}/bang-tinh/"' in small and "/bang-tinh/tao/" not in small
    immediate = client.get(f"/ky-bao-cao/{period.pk}/bang-tinh/")
    assert immediate.status_code == 200 and "attachment" in immediate["Content-Disposition"]
    settings.EXPORT_JOB_MIN_UNITS = 3
    large = client.get(f"/ky-bao-cao/{period.pk}/").content.decode()
    assert f'action="/ky-bao-cao/{period.pk}/bang-tinh/tao/"' in large
    assert not ExportJob.objects.exists()


def test_another_units_user_cannot_start_see_or_download_the_job(period, threshold, cast, sign_in, client):
    sign_in(cast.thu).post(f"/ky-bao-cao/{period.pk}/bang-tinh/tao/")
    job = ExportJob.objects.get()
    client.logout()
    sign_in(cast.xuan)  # a commune's reporter: may not download the period's workbook at once either
    for url in (f"/viec-xuat/{job.pk}/", f"/viec-xuat/{job.pk}/tien-do/", f"/viec-xuat/{job.pk}/tai-ve/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "Content-Disposition" not in response
    assert client.post(f"/ky-bao-cao/{period.pk}/bang-tinh/tao/").status_code in (403, 404)
    assert ExportJob.objects.count() == 1
    assert not AuditEvent.objects.filter(action="exchange.export_job.download").exists()


def test_the_progress_part_polls_until_done_then_reloads_the_page(period, threshold, cast, sign_in):
    client = sign_in(cast.thu)
    job = queued(period, "x.xlsx")
    part = client.get(f"/viec-xuat/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in part.content.decode() and "HX-Refresh" not in part
    assert client.get(f"/viec-xuat/{job.pk}/tai-ve/").status_code == 404  # nothing to download yet
    run_export_job(job.pk)
    done = client.get(f"/viec-xuat/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode() and done["HX-Refresh"] == "true"
    assert run_export_job(job.pk) == {"job": job.pk, "status": JobStatus.SUCCEEDED}  # a job runs once


def test_a_failing_export_keeps_no_file_and_says_so(period, threshold, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs, "export_multi_unit_workbook", broken)
    job = queued(period, "x.xlsx")
    with pytest.raises(RuntimeError):
        run_export_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.errors == [EXPORT_JOB_ERROR] and job.stored_name == ""
    assert export_job_path(job) is None
    assert list(Path(threshold.EXPORT_JOB_ROOT).glob(f"{job.pk}-*")) == []


def test_a_running_export_whose_worker_died_reads_as_failed_and_is_recorded(period, settings):
    settings.IMPORT_JOB_TIME_LIMIT_MINUTES = 10
    long_ago = timezone.now() - timedelta(minutes=11)
    job = queued(period, "x.xlsx", status=JobStatus.RUNNING)
    ExportJob.objects.filter(pk=job.pk).update(started_at=long_ago)
    progress = export_job_progress(job)
    assert progress.status == JobStatus.FAILED and progress.errors[0].startswith("Lượt xuất dừng giữa chừng")
    fresh = queued(period, "y.xlsx", status=JobStatus.RUNNING)
    ExportJob.objects.filter(pk=fresh.pk).update(started_at=timezone.now())
    assert fail_stale_export_jobs() == 1
    assert ExportJob.objects.get(pk=fresh.pk).status == JobStatus.RUNNING
    assert fail_stale_export_jobs(all_running=True) == 1
    assert set(ExportJob.objects.values_list("status", flat=True)) == {JobStatus.FAILED}
    assert AuditEvent.objects.filter(action="exchange.export_job.stale").count() == 2


def test_a_removed_file_is_not_found_rather_than_an_error(period, threshold, cast, sign_in):
    client = sign_in(cast.thu)
    client.post(f"/ky-bao-cao/{period.pk}/bang-tinh/tao/")
    job = ExportJob.objects.get()
    path = export_job_path(job)
    assert path is not None
    path.unlink()
    assert client.get(f"/viec-xuat/{job.pk}/tai-ve/").status_code == 404
    assert "/tai-ve/" not in client.get(f"/viec-xuat/{job.pk}/").content.decode()


def test_files_older_than_the_keeping_time_are_removed_and_the_page_says_so(period, threshold, cast, sign_in):
    threshold.EXPORT_JOB_KEEP_DAYS = 7
    client = sign_in(cast.thu)
    client.post(f"/ky-bao-cao/{period.pk}/bang-tinh/tao/")
    client.post(f"/ky-bao-cao/{period.pk}/bang-tinh/tao/")
    old, recent = ExportJob.objects.order_by("pk")
    old_path = export_job_path(old)
    assert old_path is not None and export_job_path(recent) is not None
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    ExportJob.objects.filter(pk=recent.pk).update(finished_at=timezone.now() - timedelta(days=6))
    assert remove_old_export_files() == 1
    assert not old_path.exists() and export_job_path(ExportJob.objects.get(pk=recent.pk)) is not None
    assert ExportJob.objects.get(pk=old.pk).stored_name == ""
    assert client.get(f"/viec-xuat/{old.pk}/tai-ve/").status_code == 404
    assert "Tệp không còn nữa" in client.get(f"/viec-xuat/{old.pk}/").content.decode()
    assert AuditEvent.objects.filter(action="exchange.export_job.expire").count() == 1
    assert remove_old_export_files() == 0
