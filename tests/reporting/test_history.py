"""The history of a figure: who changed it, when, from what to what, newest first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.audit.context import request_ip
from ansinh.audit.models import AuditEvent
from ansinh.audit.services import record
from ansinh.reporting.models import DataValue, DataValueChange, PeriodKind
from ansinh.reporting.selectors import cell_history, value_history
from ansinh.reporting.services.assignments import create_default_assignments
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db


def test_value_history_lists_every_change_newest_first(world, reporter, colleague):
    create_default_assignments(world.program)
    report = get_or_create_report(get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR)), world.lead)
    save_values(report, [ValueInput(world.supported, text="1.200")], actor=reporter)
    save_values(report, [ValueInput(world.supported, text="1.250", note="Bổ sung tháng 12")], actor=colleague)
    save_values(report, [ValueInput(world.supported, text="1.250", note="Bổ sung tháng 12")], actor=colleague)  # same
    save_values(report, [ValueInput(world.supported, text="1.240", note="Bổ sung tháng 12")])  # a system load

    history = value_history(DataValue.objects.get(report=report, indicator=world.supported))
    assert [(change.changed_by, change.after["value"]) for change in history] == [
        (None, "1240"),
        (colleague, "1250"),
        (reporter, "1200"),
    ]
    newest, middle, first = history
    assert first.before is None and first.changed_fields == ("value",)
    assert middle.before is not None and middle.before["value"] == "1200"
    assert middle.changed_fields == ("value", "note")
    assert newest.changed_fields == ("value",)
    assert newest.changed_at >= middle.changed_at >= first.changed_at
    assert cell_history(report, world.supported) == history
    assert cell_history(report, world.coverage) == []
    assert cell_history(report, world.supported, "Nữ") == []


def test_one_save_of_many_cells_records_each_change_as_record_would(world, reporter):
    """The cells of one save are written together; each change still has its history row and the very audit
    row ``record`` writes, with the request's address."""
    create_default_assignments(world.program)
    report = get_or_create_report(get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR)), world.lead)
    address = request_ip.set("192.0.2.7")
    try:
        result = save_values(
            report,
            [
                ValueInput(world.supported, text="1.200"),
                ValueInput(world.coverage, numerator_text="90", denominator_text="120"),
                ValueInput(world.supported, text="600", disaggregation="Nữ"),
                ValueInput(world.supported, text="1.300"),  # the same cell again: changed twice, in order
                ValueInput(world.scheme),  # blank: nothing to store
            ],
            actor=reporter,
        )
    finally:
        request_ip.reset(address)
    assert (result.changed, result.unchanged) == (4, 1)
    whole = DataValue.objects.get(report=report, indicator=world.supported, disaggregation="")
    assert whole.value == 1300 and whole.updated_by == reporter
    assert [(change.before and change.before["value"], change.after["value"]) for change in value_history(whole)][
        ::-1
    ] == [(None, "1200"), ("1200", "1300")]
    assert DataValue.objects.get(report=report, indicator=world.coverage).value == 75

    rows = AuditEvent.objects.filter(action="datavalue.save").order_by("id")
    assert rows.count() == 4
    changes = DataValueChange.objects.filter(data_value__report=report).order_by("id")
    for row, change in zip(rows, changes, strict=True):
        expected = record(
            actor=reporter,
            action="datavalue.save",
            obj=change.data_value,
            summary=row.summary,
            before=change.before,
            after=change.after,
            ip_address="192.0.2.7",
        )
        assert _fields(row) == _fields(expected)
        assert row.summary == f"{world.lead} — {report.period}: chỉ tiêu {change.data_value.indicator.code}"


def _fields(event: AuditEvent) -> dict:
    return {
        name: getattr(event, name)
        for name in (
            "actor",
            "action",
            "object_type",
            "object_id",
            "unit_code",
            "summary",
            "before",
            "after",
            "ip_address",
        )
    }


def test_a_save_takes_as_many_statements_for_twenty_cells_as_for_two(world, reporter, colleague):
    create_default_assignments(world.program)
    report = get_or_create_report(get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR)), world.lead)

    def statements(cuts: range, text: str, actor) -> int:
        report.refresh_from_db()
        cells = [ValueInput(world.supported, text=text, disaggregation=f"Nhóm {n}") for n in cuts]
        with CaptureQueriesContext(connection) as queries:
            assert save_values(report, cells, actor=actor).changed == len(cuts)
        return len(queries.captured_queries)

    assert statements(range(2), "10", reporter) == statements(range(2, 22), "10", reporter)  # new figures
    assert statements(range(2), "11", colleague) == statements(range(2, 22), "12", colleague)  # changed figures
    changed = DataValue.objects.get(report=report, indicator=world.supported, disaggregation="Nhóm 19")
    assert changed.value == 12 and changed.updated_by == colleague
    assert changed.updated_at > changed.changes.last().changed_at  # the first change set it; the last moved it on
