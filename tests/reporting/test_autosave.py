"""Saving one cell as it is typed: valid cells take the path of every figure, unreadable ones are kept
verbatim and block sending, and a cell changed by someone else is never overwritten silently."""

import pytest

from ansinh.audit.models import AuditEvent
from ansinh.reporting.models import CellDraft, DataValue, DataValueChange, PeriodKind
from ansinh.reporting.selectors import cell_drafts, cell_snapshot, report_issues
from ansinh.reporting.services.assignments import create_default_assignments
from ansinh.reporting.services.errors import CellConflict, ChecksFailed, ReportingError
from ansinh.reporting.services.lifecycle import submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_period
from ansinh.reporting.services.values import ValueInput, autosave_cell, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    create_default_assignments(world.program)
    return get_or_create_report(get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR)), world.lead)


def test_a_valid_cell_is_stored_with_history_audit_and_a_new_version(world, report, reporter):
    saved = autosave_cell(report, world.supported, values={"text": "1.200"}, based_on=None, actor=reporter)
    assert saved.saved and saved.error == "" and saved.draft is None
    assert saved.cell is not None and saved.cell["value"] == "1200"
    assert saved.version == 1 and report.version == 1
    stored = DataValue.objects.get(report=report, indicator=world.supported)
    assert stored.updated_by == reporter
    assert DataValueChange.objects.get(data_value=stored).after["value"] == "1200"
    assert AuditEvent.objects.filter(action="datavalue.save", actor=reporter).count() == 1

    # The next keystroke is based on what the last autosave returned.
    again = autosave_cell(
        report, world.supported, values={"text": "1.250", "note": "ước"}, based_on=saved.cell, actor=reporter
    )
    assert again.cell is not None and (again.cell["value"], again.cell["note"]) == ("1250", "ước")
    assert again.version == 2
    same = autosave_cell(
        report, world.supported, values={"text": "1.250", "note": "ước"}, based_on=again.cell, actor=reporter
    )
    assert same.version == 2  # nothing changed, no new version


def test_text_that_does_not_read_is_kept_verbatim_and_blocks_sending(world, report, reporter):
    autosave_cell(report, world.coverage, values={"text": "95"}, based_on=None, actor=reporter)
    stored_before = cell_snapshot(report, world.supported)
    typed = {"text": "một nghìn hai", "note": "số của quý IV"}
    kept = autosave_cell(report, world.supported, values=typed, based_on=stored_before, actor=reporter)
    assert not kept.saved and "không phải là số hợp lệ" in kept.error
    assert kept.draft == typed and kept.cell is None
    draft = cell_drafts(report).get()
    assert (draft.typed, draft.updated_by) == (typed, reporter) and draft.error == kept.error
    assert not DataValue.objects.filter(report=report, indicator=world.supported).exists()
    assert AuditEvent.objects.get(action="celldraft.save").after == {"typed": typed, "error": kept.error}

    with pytest.raises(ChecksFailed) as failed:
        submit_report(report, actor=reporter)
    [issue] = failed.value.issues
    assert (issue.indicator_code, issue.code) == ("1.2", "unparsed_draft") and "một nghìn hai" in issue.message

    fixed = autosave_cell(report, world.supported, values={"text": "1.002"}, based_on=None, actor=reporter)
    assert fixed.saved and not CellDraft.objects.exists()
    assert AuditEvent.objects.filter(action="celldraft.discard").count() == 1
    assert report_issues(report) == []


def test_clearing_an_unreadable_cell_removes_its_draft(world, report, reporter):
    autosave_cell(report, world.supported, values={"text": "12a"}, based_on=None, actor=reporter)
    cleared = autosave_cell(report, world.supported, values={"text": ""}, based_on=None, actor=reporter)
    assert cleared.saved and cleared.cell is None
    assert not CellDraft.objects.exists() and not DataValue.objects.exists()


def test_saving_the_whole_form_replaces_a_draft_of_the_same_cell(world, report, reporter):
    autosave_cell(report, world.supported, values={"text": "12a"}, based_on=None, actor=reporter)
    version = report.version
    save_values(report, [ValueInput(world.supported, text="12")], actor=reporter, expected_version=version)
    assert not CellDraft.objects.exists()
    assert report.version == version + 1


def test_a_cell_changed_by_someone_else_is_refused_with_what_is_stored(world, report, reporter, colleague):
    # Lan and Minh both open the empty cell.
    lan = autosave_cell(report, world.supported, values={"text": "1.200"}, based_on=None, actor=reporter)
    with pytest.raises(CellConflict) as conflict:
        autosave_cell(report, world.supported, values={"text": "900"}, based_on=None, actor=colleague)
    assert conflict.value.code == "cell_conflict" and "1.2" in conflict.value.message
    assert conflict.value.current == lan.cell
    assert DataValue.objects.get(indicator=world.supported).value == 1200
    # An unreadable text is not kept either: Minh must look at Lan's figure first.
    with pytest.raises(CellConflict):
        autosave_cell(report, world.supported, values={"text": "chín trăm"}, based_on=None, actor=colleague)
    assert not CellDraft.objects.exists()
    # Having seen it, Minh may change it.
    minh = autosave_cell(
        report, world.supported, values={"text": "900"}, based_on=conflict.value.current, actor=colleague
    )
    assert minh.cell is not None and minh.cell["value"] == "900"


def test_two_people_typing_in_different_cells_both_keep_their_work(world, report, reporter, colleague):
    autosave_cell(report, world.supported, values={"text": "1.200"}, based_on=None, actor=reporter)
    autosave_cell(report, world.coverage, values={"text": "95,5"}, based_on=None, actor=colleague)
    stored = dict(DataValue.objects.filter(report=report).values_list("indicator__code", "updated_by__username"))
    assert stored == {"1.2": "lan", "1.1": "minh"}
    assert report.version == 2


@pytest.mark.parametrize("values", [{"value": "12"}, {"text": 12}, {"not_implemented": "yes"}, {"achieved": "có"}])
def test_a_cell_with_unknown_or_mistyped_fields_is_refused(world, report, values):
    with pytest.raises(ReportingError, match="trường không hợp lệ") as refused:
        autosave_cell(report, world.supported, values=values, based_on=None)
    assert refused.value.code == "invalid_cell"


def test_a_sent_report_takes_no_autosave(world, report, reporter):
    saved = autosave_cell(report, world.coverage, values={"text": "95"}, based_on=None, actor=reporter)
    autosave_cell(report, world.supported, values={"text": "10"}, based_on=None, actor=reporter)
    submit_report(report, actor=reporter)
    with pytest.raises(ReportingError) as locked:
        autosave_cell(report, world.coverage, values={"text": "96"}, based_on=saved.cell, actor=reporter)
    assert locked.value.code == "report_locked"


def test_an_indicator_of_another_programme_is_refused(world, report):
    from ansinh.programs.models import Indicator, Program

    other = Program.objects.create(
        slug="khac",
        code="02/KH",
        kind="Kế hoạch",
        title="Khác",
        issuer="UBND",
        issued_on=world.program.issued_on,
        start_year=2024,
        end_year=2030,
        owner_unit=world.province,
    )
    foreign = Indicator.objects.create(program=other, code="1", name="Chỉ tiêu khác")
    with pytest.raises(ReportingError, match="không thuộc chương trình"):
        autosave_cell(report, foreign, values={"text": "1"}, based_on=None)
