"""Background imports: ImportJob, the task, progress (services.enqueue_import, selectors.job_progress).

Tasks run inline in tests (tests/conftest.py), so a job has run when enqueue_import returns."""

import json

import pytest
from dhis2_support import (  # noqa: F401
    malaria_fixture,
    sample_text_fixture,
    sierra_leone_fixture,
)
from django.db import connection, connections

from ansinh.audit.models import AuditEvent
from ansinh.exchange.models import Dhis2Mapping, ImportJob, JobStatus
from ansinh.exchange.selectors import job_progress, recent_jobs
from ansinh.exchange.services import jobs
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.jobs import JOB_ERROR, enqueue_import, run_import_job
from ansinh.reporting.models import DataValue, Report


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="mat-khau-alice-2024")


@pytest.mark.django_db
def test_a_queued_dhis2_import_runs_and_keeps_its_summary(malaria, sample_text, alice):
    job = enqueue_import(malaria, "dhis2_json", sample_text.encode(), filename="bulk.json", actor=alice)

    assert job.status == JobStatus.SUCCEEDED and job.errors == []
    assert (job.summary["imported"], job.summary["conflicting"], job.summary["reports"]) == (24, 207, 2)
    assert job.summary["message"].startswith("Đã nhập xong: 231 giá trị trong tệp — 24 mới")
    assert job.summary["conflicts"][0]["object"] == "FRbgzTZ74Hh"
    assert (job.progress_done, job.progress_total) == (2, 2)  # one step per report
    assert job.task_id and job.started_at and job.finished_at and job.created_by == alice
    assert bytes(job.content) == sample_text.encode() and job.options == {
        "dry_run": False,
        "id_scheme": "mapping",
        "strategy": "CREATE_AND_UPDATE",
    }
    assert DataValue.objects.count() == 18 and set(DataValue.objects.values_list("updated_by", flat=True)) == {alice.pk}
    progress = job_progress(job)
    assert (progress.status_label, progress.percent, progress.done, progress.total) == ("Hoàn thành", 100, 2, 2)
    assert progress.is_finished and progress.summary == job.summary
    actions = list(AuditEvent.objects.filter(object_type="exchange.importjob").values_list("action", flat=True))
    assert sorted(actions) == ["exchange.job.enqueue", "exchange.job.finish"]
    assert recent_jobs(malaria) == [job]


@pytest.mark.django_db
def test_a_broken_file_fails_the_job_and_writes_nothing(malaria, sample_text, alice):
    job = enqueue_import(malaria, "dhis2_json", sample_text[:5000].encode(), filename="cut.json", actor=alice)
    assert job.status == JobStatus.FAILED and job.summary is None
    assert job.errors[0].startswith("Tệp JSON hỏng (dòng ")
    assert not DataValue.objects.exists() and not Report.objects.exists()
    progress = job_progress(job.pk)
    assert progress.is_finished and progress.errors == job.errors and progress.percent is None


@pytest.mark.django_db
def test_a_csv_file_with_a_value_that_is_not_a_number(malaria):
    content = "vTRrNdOOT9g,2019,O6uvpzGd5pu,b449dBrOSFK,,4\npmRn0GsUfr6,2019,O6uvpzGd5pu,b449dBrOSFK,,mười\n"
    job = enqueue_import(malaria, "dhis2_csv", content, filename="x.csv")
    assert job.status == JobStatus.FAILED
    assert job.errors == [
        "Tệp có 2 lỗi; chưa nhập gì.",
        "dòng 2: “pmRn0GsUfr6.b449dBrOSFK” — “mười” không phải là số (tệp trao đổi ghi số dạng 1234.5, dấu chấm thập phân).",
        "dòng 1: chỉ tiêu 1, phân tổ “Giới tính=Nam;Nhóm tuổi=0-4”, kỳ 2019, đơn vị O6uvpzGd5pu có tử số mà thiếu mẫu số.",
    ]
    assert not DataValue.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_job_and_our_own_codes(malaria):
    content = json.dumps({"dataValues": [{"dataElement": "2", "period": "2019", "orgUnit": "SL", "value": "4"}]})
    job = enqueue_import(malaria, "dhis2_json", content, options={"id_scheme": "code", "dry_run": True})
    assert job.status == JobStatus.SUCCEEDED and job.summary["dry_run"] and job.summary["imported"] == 1
    assert not DataValue.objects.exists()
    job = enqueue_import(malaria, "dhis2_json", content, options={"id_scheme": "code"})
    assert DataValue.objects.get().value == 4


@pytest.mark.django_db
def test_an_open_sdg_job(malaria):
    job = enqueue_import(
        malaria, "opensdg_csv", "Year,GeoCode,Value\n2019,SL-BO,12\n2019,,30\n", options={"indicator": "2"}
    )
    assert job.status == JobStatus.SUCCEEDED and job.summary["imported"] == 2
    assert sorted(DataValue.objects.values_list("report__unit__code", "value")) == [("SL", 30), ("SL-BO", 12)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("dhis2_xml", {}, "Loại tệp “dhis2_xml” không được hỗ trợ."),
        ("dhis2_json", {"id_scheme": "uid"}, "id_scheme phải là"),
        ("dhis2_json", {"strategy": "DELETE"}, "importStrategy “DELETE” không được hỗ trợ"),
        ("opensdg_csv", {"indicator": "99"}, "Chương trình SR-DHIS2/2019 không có chỉ tiêu mã “99”."),
    ],
)
def test_wrong_options_are_refused_before_anything_is_queued(malaria, kind, options, message):
    with pytest.raises(ExchangeError, match=message):
        enqueue_import(malaria, kind, "{}", options=options)
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_programme_without_a_mapping_needs_our_codes(malaria):
    Dhis2Mapping.objects.all().delete()
    with pytest.raises(ExchangeError, match=r"Chương trình SR-DHIS2/2019 chưa có bảng ánh xạ DHIS2\."):
        enqueue_import(malaria, "dhis2_json", "{}")


@pytest.mark.django_db
def test_a_job_runs_once(malaria, sample_text):
    job = enqueue_import(malaria, "dhis2_json", sample_text)
    changes = AuditEvent.objects.count()
    assert run_import_job(job.pk) == {"job": job.pk, "status": "succeeded"}
    assert AuditEvent.objects.count() == changes


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_job_with_a_plain_message(malaria, sample_text, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "import_dhis2", broken)
    job = enqueue_import(malaria, "dhis2_json", sample_text)
    assert job.status == JobStatus.FAILED and job.errors == [JOB_ERROR]
    with pytest.raises(RuntimeError):
        run_import_job(ImportJob.objects.create(kind="dhis2_json", program=malaria, content=b"{}").pk)


@pytest.mark.django_db
def test_progress_of_a_queued_job(malaria):
    job = ImportJob.objects.create(kind="dhis2_json", program=malaria, content=b"{}")
    progress = job_progress(job)
    assert (progress.status_label, progress.percent, progress.is_finished) == ("Đang chờ", None, False)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress_done=1, progress_total=3)
    assert job_progress(job).percent == 33


def queued(program, content: str) -> ImportJob:
    return ImportJob.objects.create(
        kind="dhis2_json", program=program, content=content.encode(), options={"id_scheme": "mapping"}
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_run_in_autocommit_finishes_with_its_progress(malaria, sample_text):
    """As ``manage.py db_worker`` runs a task: outside any transaction. On SQLite the progress inside the
    import's transaction is skipped (one writer per file); on PostgreSQL it goes beside it."""
    assert not connection.in_atomic_block
    job = queued(malaria, sample_text)
    assert run_import_job(job.pk) == {"job": job.pk, "status": "succeeded"}
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total, job.summary["imported"]) == ("succeeded", 2, 2, 24)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_by_other_sessions_while_the_import_runs(malaria, sample_text, monkeypatch):
    job = queued(malaria, sample_text)
    seen: list[tuple] = []
    write_beside = jobs.JobProgressWriter._write_beside

    def write_and_look(writer, done: int, total: int) -> None:
        write_beside(writer, done, total)
        assert connection.in_atomic_block  # the import's transaction is open …
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT progress_done, progress_total FROM exchange_importjob WHERE id = %s", [job.pk])
                seen.append(cursor.fetchone())
                cursor.execute("SELECT count(*) FROM reporting_datavalue")
                seen.append(cursor.fetchone())
        finally:
            other.close()

    monkeypatch.setattr(jobs.JobProgressWriter, "_write_beside", write_and_look)
    run_import_job(job.pk)
    # … and yet another session sees each step, but none of the figures before the import commits.
    assert seen == [(1, 2), (0,), (2, 2), (0,)]
    assert DataValue.objects.count() == 18
