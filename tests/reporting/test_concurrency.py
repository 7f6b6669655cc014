"""Two people at once, in real concurrent PostgreSQL transactions (one thread and one connection each):
no figure is lost or silently overwritten, and a report is sent with exactly the figures that were checked."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections, transaction

from ansinh.reporting.models import AssignmentRole, DataValue, DataValueChange, PeriodKind, Report, ReportStatus
from ansinh.reporting.selectors import report_issues
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.lifecycle import submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_period
from ansinh.reporting.services.values import ValueInput, autosave_cell, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WAIT = 10  # seconds; a thread still blocked after this is a failure, not a hang


class Worker(threading.Thread):
    """Runs ``call`` in its own thread, hence its own database connection, and keeps what it returned or raised."""

    def __init__(self, call: Callable[[], Any], start_together: threading.Barrier | None = None):
        super().__init__(daemon=True)
        self.call, self.start_together = call, start_together
        self.result: Any = None
        self.error: ReportingError | None = None

    def run(self) -> None:
        try:
            if self.start_together is not None:
                self.start_together.wait(WAIT)
            self.result = self.call()
        except ReportingError as error:
            self.error = error
        finally:
            connections.close_all()


def together(*calls: Callable[[], Any]) -> list[Worker]:
    barrier = threading.Barrier(len(calls))
    workers = [Worker(call, barrier) for call in calls]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(WAIT)
        assert not worker.is_alive()
    return workers


class HeldSave(Worker):
    """Saves inside a transaction it keeps open until released: the report stays locked meanwhile."""

    def __init__(self, report_id: int, cells: list[ValueInput], **options: Any):
        self.saved, self.release = threading.Event(), threading.Event()

        def save_and_hold() -> Any:
            with transaction.atomic():
                result = save_values(Report.objects.get(pk=report_id), cells, **options)
                self.saved.set()
                self.release.wait(WAIT)
            return result

        super().__init__(save_and_hold)


@pytest.fixture
def report(world):
    create_default_assignments(world.program)
    # The qualitative indicator is the lead unit's to report too (the write path refuses an unassigned one).
    add_assignment(world.scheme, role=AssignmentRole.COORDINATING, unit=world.lead)
    report = get_or_create_report(get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR)), world.lead)
    save_values(report, [ValueInput(world.coverage, text="95"), ValueInput(world.supported, text="100")])
    report.refresh_from_db()
    return report


def fresh(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def test_two_saves_based_on_the_same_version_one_wins_the_other_is_told(world, report, reporter, colleague):
    version = report.version
    lan, minh = together(
        lambda: save_values(
            fresh(report), [ValueInput(world.supported, text="1.200")], actor=reporter, expected_version=version
        ),
        lambda: save_values(
            fresh(report), [ValueInput(world.supported, text="900")], actor=colleague, expected_version=version
        ),
    )
    [winner] = [worker for worker in (lan, minh) if worker.error is None]
    [loser] = [worker for worker in (lan, minh) if worker.error is not None]
    assert loser.error is not None and loser.error.code == "version_conflict"
    stored = DataValue.objects.get(report=report, indicator=world.supported)
    assert stored.value == (1200 if winner is lan else 900)
    assert fresh(report).version == version + 1
    assert DataValueChange.objects.filter(data_value=stored).count() == 2  # the first load and the winner


def test_a_save_waits_for_the_one_holding_the_report_and_then_sees_its_version(world, report, reporter, colleague):
    version = report.version
    lan = HeldSave(report.pk, [ValueInput(world.supported, text="1.200")], actor=reporter, expected_version=version)
    lan.start()
    assert lan.saved.wait(WAIT)
    minh = Worker(
        lambda: save_values(
            fresh(report), [ValueInput(world.supported, text="900")], actor=colleague, expected_version=version
        )
    )
    minh.start()
    minh.join(0.5)
    assert minh.is_alive()  # blocked on Lan's lock, not reading a stale version
    lan.release.set()
    lan.join(WAIT)
    minh.join(WAIT)
    assert lan.error is None and minh.error is not None and minh.error.code == "version_conflict"
    assert DataValue.objects.get(report=report, indicator=world.supported).value == 1200


def test_autosaves_of_different_cells_of_one_report_all_persist(world, report, reporter, colleague):
    version = report.version
    cuts = ["Nam", "Nữ", "Thành thị", "Nông thôn"]

    def autosave(cut: str, figure: str, person) -> Callable[[], Any]:
        return lambda: autosave_cell(
            fresh(report), world.supported, disaggregation=cut, values={"text": figure}, based_on=None, actor=person
        )

    workers = together(
        *(autosave(cut, str(10 * (n + 1)), reporter if n % 2 else colleague) for n, cut in enumerate(cuts)),
        lambda: autosave_cell(
            fresh(report), world.scheme, values={"achieved": True, "evidence": "QĐ 12"}, based_on=None, actor=reporter
        ),
    )
    assert [worker.error for worker in workers] == [None] * 5
    assert all(worker.result.saved for worker in workers)
    stored = dict(
        DataValue.objects.filter(report=report, indicator=world.supported)
        .exclude(disaggregation="")
        .values_list("disaggregation", "value")
    )
    assert stored == {"Nam": 10, "Nữ": 20, "Thành thị": 30, "Nông thôn": 40}
    assert DataValue.objects.get(report=report, indicator=world.scheme).achieved is True
    assert fresh(report).version == version + 5
    assert sorted(worker.result.version for worker in workers) == list(range(version + 1, version + 6))


def test_a_submit_waits_for_an_edit_in_progress_and_checks_what_it_wrote(world, report, reporter, colleague):
    # Minh lowers the coverage below the 90% target without a note while Lan sends the report.
    minh = HeldSave(report.pk, [ValueInput(world.coverage, text="85")], actor=colleague)
    minh.start()
    assert minh.saved.wait(WAIT)
    lan = Worker(lambda: submit_report(fresh(report), actor=reporter))
    lan.start()
    lan.join(0.5)
    assert lan.is_alive()
    minh.release.set()
    minh.join(WAIT)
    lan.join(WAIT)
    assert minh.error is None
    assert lan.error is not None and lan.error.code == "checks_failed"
    assert fresh(report).status == ReportStatus.DRAFT
    assert DataValue.objects.get(report=report, indicator=world.coverage).value == 85


def test_a_submit_racing_an_edit_loses_nothing_and_sends_a_consistent_report(world, report, reporter, colleague):
    minh, lan = together(
        lambda: save_values(fresh(report), [ValueInput(world.coverage, text="85")], actor=colleague),
        lambda: submit_report(fresh(report), actor=reporter),
    )
    sent = fresh(report)
    coverage = DataValue.objects.get(report=report, indicator=world.coverage).value
    if sent.status == ReportStatus.SUBMITTED:  # the submit went first: the edit was refused, not lost
        assert lan.error is None
        assert minh.error is not None and minh.error.code == "report_locked"
        assert coverage == 95
        assert [issue for issue in report_issues(sent) if issue.blocks_submission] == []
    else:  # the edit went first: the submit checked it and refused
        assert minh.error is None
        assert lan.error is not None and lan.error.code == "checks_failed"
        assert coverage == 85
    assert [
        issue for issue in report_issues(sent) if issue.blocks_submission
    ] == [] or sent.status == ReportStatus.DRAFT
