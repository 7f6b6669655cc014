"""The history of a figure: who changed it, when, from what to what, newest first."""

import pytest

from ansinh.reporting.models import DataValue, PeriodKind
from ansinh.reporting.periods import PeriodKey
from ansinh.reporting.selectors import cell_history, value_history
from ansinh.reporting.services import ValueInput, get_or_create_report, get_or_open_period, save_values

pytestmark = pytest.mark.django_db


def test_value_history_lists_every_change_newest_first(world, reporter, colleague):
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
