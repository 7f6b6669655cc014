"""Periods open and close; reports go draft → submitted → approved, or back with a reason; the checks
stand between a person's report and its submission; who approves what."""

from datetime import date

import pytest

from ansinh.audit.models import AuditEvent
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Comparator, Target
from ansinh.reporting.models import AssignmentRole, PeriodKind, Report, ReportAction, ReportingPeriod, ReportStatus
from ansinh.reporting.selectors import approving_unit, report_events
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.errors import ChecksFailed, ReportingError
from ansinh.reporting.services.lifecycle import (
    SYSTEM_SUBMISSION,
    approve_report,
    reopen_report,
    return_report,
    submit_report,
)
from ansinh.reporting.services.periods import (
    close_period,
    get_or_create_report,
    get_or_open_period,
    open_period,
    reopen_period,
)
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db
YEAR_2026 = PeriodKey(2026, PeriodKind.YEAR)


def fill(report, *cells: ValueInput, actor=None):
    save_values(report, list(cells), actor=actor)
    report.refresh_from_db()
    return report


def report_of(world, unit, key=YEAR_2026):
    return get_or_create_report(get_or_open_period(world.program, key), unit)


def sent_by_system(world, unit, key, *cells: ValueInput):
    """A report loaded and approved without a person, as the published results are."""
    return approve_report(submit_report(fill(report_of(world, unit, key), *cells)))


@pytest.fixture
def assigned(world):
    create_default_assignments(world.program)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    return world


# -- Periods ---------------------------------------------------------------------------------------


def test_opening_a_period_creates_the_report_of_every_expected_unit_once(assigned, approver):
    world = assigned
    period = open_period(world.program, YEAR_2026, actor=approver)
    assert period.deadline == date(2026, 11, 29)  # "trước ngày 30/11"
    assert (period.starts_on, period.ends_on) == (date(2025, 12, 15), date(2026, 12, 14))
    units = set(Report.objects.filter(period=period).values_list("unit__code", flat=True))
    assert units == {"T-LDXH", "T-SYT"} | {f"W25-T{n}" for n in range(1, 7)}
    assert set(Report.objects.filter(period=period).values_list("status", flat=True)) == {ReportStatus.DRAFT}
    assert AuditEvent.objects.filter(action="report.create", actor=approver).count() == 8
    assert AuditEvent.objects.filter(action="period.open", actor=approver).count() == 1

    assert open_period(world.program, YEAR_2026, actor=approver) == period  # idempotent
    assert Report.objects.filter(period=period).count() == 8
    add_assignment(world.scheme, role=AssignmentRole.COORDINATING, unit=world.standing)
    open_period(world.program, YEAR_2026, actor=approver)
    assert Report.objects.filter(period=period).count() == 9  # only the newly assigned unit


def test_other_periods_are_due_six_days_after_their_window(world):
    assert open_period(world.program, PeriodKey(2026, PeriodKind.QUARTER, 1)).deadline == date(2026, 3, 20)
    assert open_period(world.program, PeriodKey(2026, PeriodKind.MONTH, 12)).deadline == date(2026, 12, 20)


def test_opening_sets_the_deadline_of_a_period_created_without_one(world):
    period = ReportingPeriod.objects.create(
        program=world.program, kind="year", year=2026, starts_on=date(2025, 12, 15), ends_on=date(2026, 12, 14)
    )
    assert open_period(world.program, YEAR_2026).deadline == date(2026, 11, 29)
    assert AuditEvent.objects.get(action="period.deadline", object_id=str(period.pk)).after == {
        "deadline": "2026-11-29"
    }


def test_closing_marks_every_report_not_sent_missing_and_freezes_it(assigned, reporter, approver):
    world = assigned
    period = open_period(world.program, YEAR_2026)
    lead = fill(
        Report.objects.get(period=period, unit=world.lead),
        ValueInput(world.coverage, text="95"),
        ValueInput(world.supported, text="1.200"),
    )
    submit_report(lead, actor=reporter)
    partner = fill(Report.objects.get(period=period, unit=world.partner), ValueInput(world.coverage, text="93"))
    Report.objects.get(period=period, unit=world.new_communes[0]).delete()  # never created: still expected

    assert close_period(period, actor=approver) == 7  # the partner and the six communes
    period.refresh_from_db()
    assert not period.is_open
    statuses = dict(Report.objects.filter(period=period).values_list("unit__code", "status"))
    assert statuses.pop("T-LDXH") == ReportStatus.SUBMITTED
    assert set(statuses.values()) == {ReportStatus.MISSING} and len(statuses) == 7
    [event] = report_events(partner)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        ReportAction.MARK_MISSING,
        ReportStatus.DRAFT,
        ReportStatus.MISSING,
        approver,
    )
    assert AuditEvent.objects.get(action="period.close").after == {"is_open": False, "missing": 7}
    # The report never started is created missing (set-wise, with the others of its kind): its event and audit row.
    never = Report.objects.get(period=period, unit=world.new_communes[0])
    [event] = report_events(never)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        ReportAction.MARK_MISSING,
        "",
        ReportStatus.MISSING,
        approver,
    )
    created = AuditEvent.objects.get(action="report.create", object_id=str(never.pk), after={"status": "missing"})
    assert (created.actor, created.unit_code) == (approver, world.new_communes[0].code)
    assert created.summary == f"Tạo báo cáo {never}: không gửi báo cáo khi đóng kỳ"

    with pytest.raises(ReportingError) as frozen:
        save_values(partner, [ValueInput(world.coverage, text="94")])
    assert frozen.value.code == "report_locked" and "Không gửi báo cáo" in frozen.value.message
    with pytest.raises(ReportingError, match="đã đóng") as closed:
        return_report(lead, reason="Thiếu số liệu", actor=approver)
    assert closed.value.code == "period_closed"
    assert approve_report(lead, actor=approver).status == ReportStatus.APPROVED  # sent in time: still approved
    with pytest.raises(ReportingError, match="đã đóng từ trước"):
        close_period(period)


def test_reopening_a_period_needs_a_reason_and_gives_reports_back_their_status(assigned, reporter, approver):
    world = assigned
    period = open_period(world.program, YEAR_2026)
    returned = fill(
        Report.objects.get(period=period, unit=world.lead),
        ValueInput(world.coverage, text="95"),
        ValueInput(world.supported, text="1.200"),
    )
    return_report(submit_report(returned, actor=reporter), reason="Thiếu minh chứng", actor=approver)
    close_period(period, actor=approver)
    with pytest.raises(ReportingError, match="lý do") as refused:
        reopen_period(period, reason="  ", actor=approver)
    assert refused.value.code == "reason_required"

    assert reopen_period(period, reason="Sở Y tế xin gia hạn", actor=approver) == 8
    period.refresh_from_db()
    assert period.is_open
    statuses = dict(Report.objects.filter(period=period).values_list("unit__code", "status"))
    assert statuses.pop("T-LDXH") == ReportStatus.RETURNED
    assert set(statuses.values()) == {ReportStatus.DRAFT}
    last = report_events(returned).last()
    assert last is not None and (last.action, last.reason) == (ReportAction.RESTORE, "Sở Y tế xin gia hạn")
    with pytest.raises(ReportingError, match="đang mở"):
        reopen_period(period, reason="lần nữa")


def test_opening_a_closed_period_is_refused(world):
    close_period(open_period(world.program, YEAR_2026))
    with pytest.raises(ReportingError, match="mở lại kỳ") as refused:
        open_period(world.program, YEAR_2026)
    assert refused.value.code == "period_closed"


# -- Lifecycle -------------------------------------------------------------------------------------


def test_every_step_of_a_report_is_recorded_with_who_when_and_why(assigned, reporter, approver):
    world = assigned
    report = fill(
        report_of(world, world.lead), ValueInput(world.coverage, text="95"), ValueInput(world.supported, text="1.200")
    )
    with pytest.raises(ReportingError) as early:
        approve_report(report, actor=approver)
    assert early.value.code == "invalid_transition"
    submit_report(report, actor=reporter)
    with pytest.raises(ReportingError, match="lý do trả lại"):
        return_report(report, reason="", actor=approver)
    returned = return_report(report, reason="Thiếu minh chứng", actor=approver)
    assert (returned.status, returned.return_reason) == (ReportStatus.RETURNED, "Thiếu minh chứng")
    resent = submit_report(returned, actor=reporter)
    assert resent.return_reason == "" and resent.submitted_by == reporter
    approved = approve_report(resent, actor=approver)
    assert approved.approved_by == approver and approved.approved_at is not None

    with pytest.raises(ReportingError, match="lý do mở lại") as no_reason:
        reopen_report(approved, reason=" ", actor=approver)
    assert no_reason.value.code == "reason_required"
    reopened = reopen_report(approved, reason="Cục Thống kê điều chỉnh số liệu", actor=approver)
    assert reopened.status == ReportStatus.RETURNED
    assert reopened.return_reason == "Cục Thống kê điều chỉnh số liệu"
    assert reopened.approved_at is None and reopened.approved_by is None
    save_values(reopened, [ValueInput(world.coverage, text="96")], actor=reporter)  # editable again

    steps = [(e.action, e.from_status, e.to_status, e.actor, e.reason) for e in report_events(report)]
    assert steps == [
        ("submit", "draft", "submitted", reporter, ""),
        ("return", "submitted", "returned", approver, "Thiếu minh chứng"),
        ("submit", "returned", "submitted", reporter, ""),
        ("approve", "submitted", "approved", approver, ""),
        ("reopen", "approved", "returned", approver, "Cục Thống kê điều chỉnh số liệu"),
    ]
    assert AuditEvent.objects.get(action="report.reopen").after == {
        "status": "returned",
        "reason": "Cục Thống kê điều chỉnh số liệu",
    }
    assert all(e.at is not None for e in report_events(report))


def test_an_approved_report_cannot_be_edited(assigned, reporter, approver):
    world = assigned
    report = sent_by_system(
        world, world.lead, YEAR_2026, ValueInput(world.coverage, text="95"), ValueInput(world.supported, text="10")
    )
    with pytest.raises(ReportingError, match="Đã duyệt") as locked:
        save_values(report, [ValueInput(world.coverage, text="96")], actor=reporter)
    assert locked.value.code == "report_locked"


# -- Checks at submission ----------------------------------------------------------------------------


def test_a_person_cannot_send_a_report_that_fails_the_checks(assigned, reporter):
    world = assigned
    report = fill(report_of(world, world.lead), ValueInput(world.coverage, text="85"), actor=reporter)
    with pytest.raises(ChecksFailed) as failed:
        submit_report(report, actor=reporter)
    error = failed.value
    assert error.code == "checks_failed"
    assert [(i.indicator_code, i.code) for i in error.issues] == [("1.1", "target_missed"), ("1.2", "required_missing")]
    assert set(error.errors) == {"1.1", "1.2"} and "Số người được hỗ trợ việc làm" in error.errors["1.2"]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not report_events(report).exists()

    fill(
        report,
        ValueInput(world.coverage, text="85", note="Chưa đạt do dịch bệnh"),
        ValueInput(world.supported, not_implemented=True),
        actor=reporter,
    )
    assert submit_report(report, actor=reporter).status == ReportStatus.SUBMITTED


def test_checks_cannot_be_skipped_for_a_person(assigned, reporter):
    world = assigned
    report = fill(report_of(world, world.lead), ValueInput(world.coverage, text="85"))
    with pytest.raises(ReportingError, match="luôn phải qua kiểm tra") as refused:
        submit_report(report, actor=reporter, checks=False)
    assert refused.value.code == "checks_required"


def test_a_load_without_a_person_skips_the_checks_unless_asked_and_says_so(assigned):
    world = assigned
    report = fill(report_of(world, world.lead), ValueInput(world.coverage, text="85"))
    with pytest.raises(ChecksFailed):
        submit_report(report, checks=True)
    sent = submit_report(report)
    assert sent.status == ReportStatus.SUBMITTED
    assert report_events(sent).get().reason == SYSTEM_SUBMISSION


def test_an_empty_report_cannot_be_sent(world, reporter):
    with pytest.raises(ReportingError, match="chưa có số liệu") as empty:
        submit_report(report_of(world, world.lead), actor=reporter)
    assert empty.value.code == "empty_report"


def test_the_programme_target_judges_the_programme_figure_a_units_own_target_judges_the_unit(assigned, cast):
    world = assigned
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    person = cast.xuan
    commune = world.new_communes[0]
    report = fill(
        report_of(world, commune), ValueInput(world.supported, text="40"), ValueInput(world.coverage, text="85")
    )
    assert submit_report(report, actor=person).status == ReportStatus.SUBMITTED  # 85% is the commune's, not the city's
    other = world.new_communes[1]
    Target.objects.create(
        indicator=world.coverage, year=2026, scope=other, comparator=Comparator.GE, value=88, unit="%", phrase="88%"
    )
    report = fill(
        report_of(world, other), ValueInput(world.supported, text="40"), ValueInput(world.coverage, text="85")
    )
    with pytest.raises(ChecksFailed) as failed:
        submit_report(report, actor=person)
    assert [issue.code for issue in failed.value.issues] == ["target_missed"]


def test_a_jump_against_the_previous_year_needs_a_note(assigned, reporter):
    world = assigned
    sent_by_system(
        world,
        world.lead,
        PeriodKey(2025, PeriodKind.YEAR),
        ValueInput(world.coverage, text="92"),
        ValueInput(world.supported, text="1.000"),
    )
    report = fill(
        report_of(world, world.lead), ValueInput(world.coverage, text="93"), ValueInput(world.supported, text="2.000")
    )
    with pytest.raises(ChecksFailed) as failed:
        submit_report(report, actor=reporter)
    [issue] = failed.value.issues
    assert (issue.indicator_code, issue.code, issue.field) == ("1.2", "jump_from_previous", "note")
    assert "tăng 100%" in issue.message


def test_an_outlier_among_the_communes_of_the_period_needs_a_note(assigned, cast):
    world = assigned
    for commune, figure in zip(world.new_communes[:5], ("100", "110", "120", "105", "115"), strict=True):
        sent_by_system(world, commune, YEAR_2026, ValueInput(world.supported, text=figure))
    person = cast.xuan
    report = fill(report_of(world, world.new_communes[5]), ValueInput(world.supported, text="1.000"))
    with pytest.raises(ChecksFailed) as failed:
        submit_report(report, actor=person)
    assert [issue.code for issue in failed.value.issues] == ["outlier_among_peers"]
    fill(report, ValueInput(world.supported, text="1.000", note="Khu công nghiệp mới"))
    assert submit_report(report, actor=person).status == ReportStatus.SUBMITTED


def test_peers_are_the_siblings_not_every_unit_of_the_same_kind(assigned, cast):
    """Five communes of another district sent far smaller figures: they are not the peers of a commune
    directly under the province, which is compared with its own neighbours only."""
    world = assigned
    elsewhere = OrgUnit.objects.create(code="D-T2", name="Huyện Khác", kind=OrgUnitKind.DISTRICT, parent=world.province)
    for number, figure in enumerate(("10", "11", "12", "10", "11"), start=1):
        commune = OrgUnit.objects.create(
            code=f"W-K{number}", name=f"Xã Khác {number}", kind=OrgUnitKind.COMMUNE, parent=elsewhere
        )
        sent_by_system(world, commune, YEAR_2026, ValueInput(world.supported, text=figure))
    report = fill(report_of(world, world.new_communes[0]), ValueInput(world.supported, text="1.000"))
    assert submit_report(report, actor=cast.xuan).status == ReportStatus.SUBMITTED

    # Among those communes themselves, the same figure stands out.
    neighbour = OrgUnit.objects.create(code="W-K6", name="Xã Khác 6", kind=OrgUnitKind.COMMUNE, parent=elsewhere)
    report = fill(report_of(world, neighbour), ValueInput(world.supported, text="1.000"))
    with pytest.raises(ChecksFailed) as failed:
        submit_report(report, actor=cast.cuong)
    [issue] = failed.value.issues
    assert issue.code == "outlier_among_peers" and "5 đơn vị cùng cấp, cùng địa bàn" in issue.message


# -- Who approves ------------------------------------------------------------------------------------


def test_who_approves_each_report(world):
    before_reform = PeriodKey(2024, PeriodKind.YEAR)
    assert approving_unit(report_of(world, world.old_communes[0], before_reform)) == world.district
    assert approving_unit(report_of(world, world.district, before_reform)) == world.standing
    assert approving_unit(report_of(world, world.new_communes[0])) == world.standing
    assert approving_unit(report_of(world, world.lead)) == world.standing
    assert approving_unit(report_of(world, world.standing)) == world.province  # not its own figures
    assert approving_unit(report_of(world, world.province)) == world.province
    # Each period keeps the standing agency in office when it opened: that one approves, whatever the programme
    # says later; with neither, the programme's own unit does.
    world.program.standing_agency = None
    world.program.save()
    report = Report.objects.select_related("period__program").get(period__year=2026, unit=world.lead)
    assert approving_unit(report) == world.standing
    report.period.standing_agency = None
    assert approving_unit(report) == world.province
