"""Every export that grows with the number of units goes through the same background job once it lists more than
settings.EXPORT_JOB_MIN_UNITS units (issue 21): DHIS2 dataValueSets and Open SDG, from the pages and from the
API, and the budget list, besides the period's workbook (test_export_jobs.py). Below the threshold the answer comes at once, and the
job's file is byte for byte the immediate one. The threshold is set low here: the world's period has six
communes with approved figures. Tasks run inline (tests/conftest.py)."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.exchange import selectors
from ansinh.exchange.models import ExportJob, ExportKind, JobStatus
from ansinh.exchange.selectors import code_table, export_job_path, write_dhis2, write_opensdg
from ansinh.exchange.services.export_jobs import run_export_job
from ansinh.reporting.models import AssignmentRole, DataValue, Report
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.stewardship.models import BudgetSource
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line

pytestmark = pytest.mark.django_db

SMALL, LARGE = 300, 3  # EXPORT_JOB_MIN_UNITS for an immediate answer, and for a job (six communes)


@pytest.fixture(autouse=True)
def own_folder(settings, tmp_path):
    """Each test keeps its files apart (job ids start again in every test)."""
    settings.EXPORT_JOB_ROOT = tmp_path / "exports"


@pytest.fixture
def approved(world, cast):
    """Each of the six new communes reports and has approved its 2025 figures (people helped, coverage)."""
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    period = get_or_open_year_period(world.program, 2025)
    for number, commune in enumerate(world.new_communes, start=1):
        report = get_or_create_report(period, commune)
        save_values(
            report,
            [
                ValueInput(world.supported, text=str(100 * number)),
                ValueInput(world.coverage, numerator_text=str(80 + number), denominator_text="100"),
            ],
            actor=cast.xuan,
        )
        approve_report(submit_report(report, actor=cast.xuan), actor=cast.ha)
    assert Report.objects.filter(status="approved").count() == 6
    return period


def dhis2_url(world, data_format: str) -> str:
    query = f"start_year=2025&end_year=2025&file_format={data_format}&scheme=code"
    return f"/chuong-trinh/{world.program.slug}/trao-doi/dhis2/?{query}"


def opensdg_url(world) -> str:
    codes = ",".join(unit.code for unit in world.new_communes)
    return f"/chuong-trinh/{world.program.slug}/trao-doi/open-sdg/?indicator=1.2&units={codes}"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("kind", "url", "progress"),
    [
        (ExportKind.DHIS2, lambda world: dhis2_url(world, "json"), 12),  # the 12 approved figures read
        (ExportKind.DHIS2, lambda world: dhis2_url(world, "csv"), 12),
        (ExportKind.OPENSDG, opensdg_url, 6),  # the 6 units written
    ],
    ids=["dhis2-json", "dhis2-csv", "opensdg"],
)
def test_a_large_export_is_a_job_whose_file_is_the_immediate_one(
    kind, url, progress, approved, world, cast, sign_in, settings
):
    client = sign_in(cast.nga)
    address = url(world)
    settings.EXPORT_JOB_MIN_UNITS = SMALL
    immediate = client.get(address)
    assert immediate.status_code == 200 and "attachment" in immediate["Content-Disposition"]
    expected = body(immediate)
    assert expected.count(b"W25-T") >= 6  # every commune is in the file

    settings.EXPORT_JOB_MIN_UNITS = LARGE
    page = client.get(address)
    shown = page.content.decode()
    assert page.status_code == 200 and "Content-Disposition" not in page
    path, _, text = address.partition("?")
    query = dict(pair.split("=") for pair in text.split("&"))
    assert f'action="{path}"' in shown
    assert all(f'type="hidden" name="{name}" value="{value}"' in shown for name, value in query.items())
    assert not ExportJob.objects.exists()  # a GET creates nothing

    started = client.post(path, query)
    job = ExportJob.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/viec-xuat/{job.pk}/"
    assert (job.kind, job.status, job.created_by, job.program) == (kind, JobStatus.SUCCEEDED, cast.nga, world.program)
    assert (job.progress_done, job.progress_total) == (progress, progress)
    shown = client.get(f"/viec-xuat/{job.pk}/").content.decode()
    assert "Hoàn thành" in shown and f"{progress}/{progress}" in shown and f"/viec-xuat/{job.pk}/tai-ve/" in shown

    downloaded = client.get(f"/viec-xuat/{job.pk}/tai-ve/")
    assert downloaded["Content-Type"] == immediate["Content-Type"] and job.filename in downloaded["Content-Disposition"]
    assert body(downloaded) == expected
    assert AuditEvent.objects.filter(action="exchange.export_job.download", object_id=str(job.pk)).count() == 1


def test_a_job_and_its_file_are_the_requesters_and_the_secretariats(approved, world, cast, sign_in, client, settings):
    settings.EXPORT_JOB_MIN_UNITS = LARGE
    query = {"start_year": 2025, "end_year": 2025, "file_format": "csv", "scheme": "code"}
    sign_in(cast.nga).post(f"/chuong-trinh/{world.program.slug}/trao-doi/dhis2/", query)
    job = ExportJob.objects.get()
    pages = (f"/viec-xuat/{job.pk}/", f"/viec-xuat/{job.pk}/tien-do/", f"/viec-xuat/{job.pk}/tai-ve/")
    client.logout()
    # Sơn inspects the whole province and may make the same export, but did not ask for this one.
    sign_in(cast.son)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 403 and "Content-Disposition" not in response, page
    key = create_token(cast.son, name="kiểm thử")[1]
    for api in (f"/api/v1/export-jobs/{job.pk}", f"/api/v1/export-jobs/{job.pk}/file"):
        assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403, api
    assert not AuditEvent.objects.filter(action="exchange.export_job.download").exists()
    client.logout()
    sign_in(cast.thu)  # the programme's secretariat
    assert all(client.get(page).status_code == 200 for page in pages)
    client.logout()
    client.post(f"/chuong-trinh/{world.program.slug}/trao-doi/dhis2/", query)
    assert ExportJob.objects.count() == 1  # nobody signed in: no job


def test_the_api_points_a_large_export_to_a_job_and_gives_its_progress_and_file(
    approved, world, cast, client, settings
):
    key = create_token(cast.nga, name="kiểm thử", can_write=True)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    slug = world.program.slug
    export = f"/api/v1/programs/{slug}/dhis2/dataValueSets?idScheme=code&startYear=2025&endYear=2025&format=csv"
    settings.EXPORT_JOB_MIN_UNITS = SMALL
    immediate = client.get(export, **auth)
    assert immediate.status_code == 200

    settings.EXPORT_JOB_MIN_UNITS = LARGE
    refused = client.get(export, **auth)
    assert refused.status_code == 409 and refused.json()["code"] == "export_job_required"
    assert f"/api/v1/programs/{slug}/export-jobs" in refused.json()["message"]
    codes = ",".join(unit.code for unit in world.new_communes)
    opensdg = client.get(f"/api/v1/programs/{slug}/indicators/1.2/opensdg.csv?units={codes}", **auth)
    assert opensdg.status_code == 409 and not ExportJob.objects.exists()

    options = {"kind": "dhis2", "idScheme": "code", "startYear": 2025, "endYear": 2025, "format": "csv"}
    started = client.post(f"/api/v1/programs/{slug}/export-jobs", options, content_type="application/json", **auth)
    assert started.status_code == 202, started.content
    job = ExportJob.objects.get()
    assert started.json()["url"] == f"/api/v1/export-jobs/{job.pk}"
    status = client.get(started.json()["url"], **auth).json()
    assert (status["status"], status["done"], status["total"], status["percent"]) == ("succeeded", 12, 12, 100)
    assert status["download_url"] == f"/api/v1/export-jobs/{job.pk}/file"
    downloaded = client.get(status["download_url"], **auth)
    assert downloaded.status_code == 200 and body(downloaded) == immediate.content
    assert AuditEvent.objects.filter(action="exchange.export_job.download", actor=cast.nga).count() == 1

    bad = client.post(
        f"/api/v1/programs/{slug}/export-jobs", options | {"startYear": 2031}, content_type="application/json", **auth
    )
    assert bad.status_code == 400 and ExportJob.objects.count() == 1


def test_the_api_queues_the_period_workbook_for_those_who_follow_the_programme(approved, world, cast, client):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(cast.nga, name='kiểm thử', can_write=True)[1]}"}
    options = {"kind": "period_workbook", "period": approved.pk}
    started = client.post(
        f"/api/v1/programs/{world.program.slug}/export-jobs", options, content_type="application/json", **auth
    )
    assert started.status_code == 202 and started.json()["period"] == approved.pk
    assert started.json()["download_url"] is not None
    xuan = {"HTTP_AUTHORIZATION": f"Bearer {create_token(cast.xuan, name='kiểm thử', can_write=True)[1]}"}
    refused = client.post(
        f"/api/v1/programs/{world.program.slug}/export-jobs", options, content_type="application/json", **xuan
    )
    assert refused.status_code == 403 and ExportJob.objects.count() == 1


def cells(content: bytes) -> list[tuple]:
    return [tuple(row) for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_a_large_budget_list_is_a_job_with_the_lines_its_requester_sees(world, cast, sign_in, client, settings):
    units = [world.lead, world.partner, *world.new_communes[:3]]
    for number, unit in enumerate(units, start=1):
        line = BudgetInput(unit=unit, year=2025, source=BudgetSource.CITY, allocated=Decimal(number * 10**9))
        save_budget_line(world.program, line, actor=cast.thu)
    page = f"/chuong-trinh/{world.program.slug}/kinh-phi/"
    sign_in(cast.thu)
    settings.EXPORT_JOB_MIN_UNITS = SMALL
    immediate = client.get(page + "?year=2025&xuat=xlsx")
    assert immediate.status_code == 200 and len(cells(immediate.content)) == 3 + 5

    settings.EXPORT_JOB_MIN_UNITS = LARGE
    start = client.get(page + "?year=2025&xuat=xlsx")
    shown = start.content.decode()
    assert "Content-Disposition" not in start and f'action="{page}xuat/"' in shown
    assert 'type="hidden" name="year" value="2025"' in shown and 'name="xuat"' not in shown
    assert not ExportJob.objects.exists()
    started = client.post(page + "xuat/", {"year": "2025"})
    job = ExportJob.objects.get()
    assert started["Location"] == f"/viec-xuat/{job.pk}/" and job.kind == ExportKind.BUDGET
    assert (job.status, job.progress_done, job.progress_total) == (JobStatus.SUCCEEDED, 5, 5)
    downloaded = body(client.get(f"/viec-xuat/{job.pk}/tai-ve/"))
    assert cells(downloaded) == cells(immediate.content)

    client.logout()
    sign_in(cast.lan)  # a reporter of the lead department sees its line only, in the page and in her job
    client.post(page + "xuat/", {"year": "2025"})
    hers = ExportJob.objects.get(created_by=cast.lan)
    rows = cells(body(client.get(f"/viec-xuat/{hers.pk}/tai-ve/")))[3:]
    assert [row[0] for row in rows] == [world.lead.code]
    assert client.get(f"/viec-xuat/{job.pk}/tai-ve/").status_code == 403  # the secretariat's job is not hers


class Recorder:
    """A sink that notes, in order, every piece written and every progress report."""

    def __init__(self):
        self.events: list[str] = []

    def write(self, text: str) -> None:
        self.events.append("write")

    def progress(self, done: int, total: int) -> None:
        self.events.append(f"{done}/{total}")


def test_the_dhis2_writer_writes_each_value_as_soon_as_it_is_read(approved, world):
    """Memory stays flat: nothing waits for the last figure to be read before the first is written."""
    sink = Recorder()
    count, skipped = write_dhis2(sink, world.program, code_table(world.program), progress=sink.progress)
    assert DataValue.objects.count() == 12 and skipped == []
    assert count == 6 + 6 * 3  # people helped; coverage as its value, numerator and denominator
    reads = [event for event in sink.events if event != "write"]
    assert reads == [f"{done}/12" for done in range(1, 13)]
    assert sink.events.index("write", 1) < sink.events.index("12/12")  # a value went out before the last was read


def test_the_opensdg_writer_writes_unit_by_unit(approved, world, monkeypatch):
    monkeypatch.setattr(selectors, "OPENSDG_UNITS_PER_QUERY", 2)
    sink = Recorder()
    indicator = world.supported
    indicator.program = world.program
    count, _ = write_opensdg(sink, indicator, units=world.new_communes, progress=sink.progress)
    assert count == 6 + 1  # the six communes and the programme's own (rolled-up) figure for 2025
    assert [event for event in sink.events if event != "write"] == ["2/6", "4/6", "6/6"]
    assert sink.events.index("2/6") < len(sink.events) - sink.events[::-1].index("write") - 1
    before_first_report = sink.events[: sink.events.index("2/6")]
    assert before_first_report.count("write") >= 3  # header, headline, the first two units' rows


def test_a_job_that_cannot_be_made_any_more_says_why_and_keeps_nothing(approved, world, settings):
    """A DHIS2 job through the mapping, whose mapping is gone when it runs: failed, said, no file."""
    job = ExportJob.objects.create(
        kind=ExportKind.DHIS2,
        program=world.program,
        options={"start_year": 2025, "end_year": 2025, "format": "json", "id_scheme": "mapping"},
        filename="x.json",
        content_type="application/json",
    )
    assert run_export_job(job.pk) == {"job": job.pk, "status": JobStatus.FAILED}
    job.refresh_from_db()
    assert job.errors == [f"Chương trình {world.program.code} không còn bảng ánh xạ DHIS2; hãy xuất theo mã."]
    assert export_job_path(job) is None and job.stored_name == ""
    assert list(Path(settings.EXPORT_JOB_ROOT).glob(f"{job.pk}-*")) == []
