"""Issue 16: a worker killed mid-import left its job "running" forever. A running job past the time limit reads as
failed on its page at once (nothing written on a GET), and the next worker — at its start (``fail_stale_jobs``,
which ``make run`` calls) or before any import — records it as failed with a Vietnamese reason."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ansinh.audit.models import AuditEvent
from ansinh.exchange.models import ImportJob, JobStatus
from ansinh.exchange.selectors import job_progress
from ansinh.exchange.services.jobs import fail_stale_jobs, run_import_job
from ansinh.rules.jobs import stale_reason

LIMIT = timedelta(minutes=120)
NOW = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


@given(st.booleans(), st.one_of(st.none(), st.integers(min_value=-10_000, max_value=10_000)), st.booleans())
def test_only_a_running_job_past_the_limit_is_stale(running, minutes_ago, export):
    started = None if minutes_ago is None else NOW - timedelta(minutes=minutes_ago)
    reason = stale_reason(running=running, started_at=started, now=NOW, limit=LIMIT, export=export)
    expected = running and minutes_ago is not None and timedelta(minutes=minutes_ago) > LIMIT
    assert (reason is not None) == expected
    if reason:
        assert "120 phút" in reason
        assert ("Hãy tạo lại tệp" in reason) if export else ("hãy nhập lại tệp" in reason)


@pytest.fixture
def running_jobs(world):
    def job(minutes_ago: int) -> ImportJob:
        return ImportJob.objects.create(
            kind="dhis2_json",
            program=world.program,
            content=b"{}",
            status=JobStatus.RUNNING,
            started_at=timezone.now() - timedelta(minutes=minutes_ago),
        )

    return job(180), job(5)


@pytest.mark.django_db
def test_the_job_page_shows_a_killed_job_as_failed_without_writing(running_jobs, client, sign_in, cast):
    killed, alive = running_jobs
    assert job_progress(killed).status == JobStatus.FAILED and "dừng giữa chừng" in job_progress(killed).errors[0]
    assert job_progress(alive).status == JobStatus.RUNNING
    sign_in(cast.thu)
    page = client.get(reverse("import_job_progress", args=[killed.pk]))
    assert "dừng giữa chừng" in page.content.decode()
    killed.refresh_from_db()
    assert killed.status == JobStatus.RUNNING, "a GET writes nothing; the worker records it"


@pytest.mark.django_db
def test_the_next_worker_records_it_failed_with_the_reason_and_an_audit_event(running_jobs, world):
    killed, alive = running_jobs
    queued = ImportJob.objects.create(kind="dhis2_json", program=world.program, content=b"{}")
    run_import_job(queued.pk)  # any import first gives up the jobs whose worker is gone
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert killed.status == JobStatus.FAILED and killed.finished_at and "120 phút" in killed.errors[0]
    assert alive.status == JobStatus.RUNNING
    event = AuditEvent.objects.get(action="exchange.job.stale")
    assert event.object_id == str(killed.pk) and event.before == {"status": "running"}
    assert fail_stale_jobs() == 0, "once"


@pytest.mark.django_db
def test_the_one_worker_starting_fails_every_running_job(running_jobs):
    call_command("fail_stale_jobs", "--all-running")
    assert set(ImportJob.objects.values_list("status", flat=True)) == {JobStatus.FAILED}
