"""How complete and timely a period is, and the reminders sent before and after its deadline."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ansinh.accounts.models import Membership, Role
from ansinh.audit.models import AuditEvent
from ansinh.reporting.models import (
    AssignmentRole,
    CellDraft,
    Notification,
    PeriodKind,
    ReminderSent,
    Report,
    ReportAction,
    ReportEvent,
)
from ansinh.reporting.selectors import Progress, completeness, unread_notifications
from ansinh.reporting.services import reminders
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.lifecycle import approve_report, return_report, submit_report
from ansinh.reporting.services.periods import close_period, open_period
from ansinh.reporting.services.reminders import ReminderSummary, mark_notifications_read, send_reminders
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db


def local(*parts: int) -> datetime:
    return timezone.make_aware(datetime(*parts))


def first_sent_at(report, moment: datetime) -> None:
    ReportEvent.objects.filter(report=report, action=ReportAction.SUBMIT).update(at=moment)


@pytest.fixture
def period(world):
    create_default_assignments(world.program)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    return open_period(world.program, PeriodKey(2026, PeriodKind.YEAR))  # due 29/11/2026


def report(period, unit) -> Report:
    return Report.objects.get(period=period, unit=unit)


def test_completeness_per_unit_with_counts_and_rates(world, period, reporter, approver):
    lead = report(period, world.lead)
    save_values(lead, [ValueInput(world.coverage, text="95"), ValueInput(world.supported, text="1.200")])
    approve_report(submit_report(lead, actor=reporter), actor=approver)
    first_sent_at(lead, local(2026, 11, 20, 9))

    partner = report(period, world.partner)
    save_values(partner, [ValueInput(world.coverage, text="93"), ValueInput(world.scheme, achieved=True)])
    submit_report(partner)
    first_sent_at(partner, local(2026, 11, 30, 0, 30))  # half an hour into 30/11 in Hà Nội: 29/11 in UTC, late

    communes = [report(period, commune) for commune in world.new_communes]
    resent, returned, typing, unreadable, _untouched, never_created = communes
    for commune_report in (resent, returned):
        save_values(commune_report, [ValueInput(world.supported, text="40")])
        submit_report(commune_report)
    return_report(resent, reason="Sai đơn vị tính", actor=approver)
    submit_report(resent)  # sent again after the deadline: the first sending counts
    first, again = ReportEvent.objects.filter(report=resent, action=ReportAction.SUBMIT).order_by("id")
    ReportEvent.objects.filter(pk=first.pk).update(at=local(2026, 11, 29, 23, 30))
    ReportEvent.objects.filter(pk=again.pk).update(at=local(2026, 12, 5, 8))
    return_report(returned, reason="Thiếu minh chứng", actor=approver)
    save_values(typing, [ValueInput(world.supported, text="12")])
    CellDraft.objects.create(report=unreadable, indicator=world.supported, typed={"text": "mười"}, error="…")
    never_created.delete()

    result = completeness(period, today=date(2026, 11, 29))  # the deadline's day: nothing unsent is late yet
    rows = {row.unit.code: row for row in result.rows}
    assert result.deadline == date(2026, 11, 29) and result.expected == 8
    assert (rows["T-LDXH"].progress, rows["T-LDXH"].on_time) == (Progress.APPROVED, True)
    assert rows["T-LDXH"].submitted_at == local(2026, 11, 20, 9)
    assert (rows["T-SYT"].progress, rows["T-SYT"].on_time, rows["T-SYT"].late) == (Progress.SUBMITTED, False, True)
    assert (rows["W25-T1"].progress, rows["W25-T1"].on_time) == (Progress.SUBMITTED, True)
    assert rows["W25-T1"].submitted_at == local(2026, 11, 29, 23, 30)
    assert (rows["W25-T2"].progress, rows["W25-T2"].return_reason, rows["W25-T2"].on_time) == (
        Progress.RETURNED,
        "Thiếu minh chứng",
        None,
    )
    assert rows["W25-T3"].progress == rows["W25-T4"].progress == Progress.IN_PROGRESS
    assert rows["W25-T5"].progress == rows["W25-T6"].progress == Progress.NOT_STARTED
    assert rows["W25-T6"].report is None
    assert result.counts == {
        Progress.NOT_STARTED: 2,
        Progress.IN_PROGRESS: 2,
        Progress.RETURNED: 1,
        Progress.SUBMITTED: 2,
        Progress.APPROVED: 1,
        Progress.MISSING: 0,
    }
    assert (result.sent, result.on_time, result.late) == (3, 2, 1)
    assert result.sent_rate == Decimal("37.5") and result.on_time_rate == Decimal(25)
    assert Progress.NOT_STARTED.label == "Chưa bắt đầu"

    # The day after the deadline every report not sent is late, and those that sent nothing say so.
    after = completeness(period, today=date(2026, 11, 30))
    rows = {row.unit.code: row for row in after.rows}
    assert after.counts[Progress.MISSING] == 4 and after.counts[Progress.NOT_STARTED] == 0
    assert after.counts[Progress.IN_PROGRESS] == 0 and after.counts[Progress.RETURNED] == 1
    assert (after.sent, after.on_time, after.late) == (3, 2, 6)
    assert all(rows[code].late for code in ("W25-T2", "W25-T3", "W25-T4", "W25-T5", "W25-T6"))
    assert rows["W25-T6"].report is None and rows["W25-T6"].progress == Progress.MISSING

    close_period(period)
    closed = completeness(period, today=date(2026, 12, 7))
    assert closed.counts[Progress.MISSING] == 5 and closed.sent == 3 and closed.late == 6


def test_an_empty_period_has_no_rates(world):
    result = completeness(open_period(world.program, PeriodKey(2026, PeriodKind.YEAR)))
    assert result.expected == 0 and result.sent_rate is None and result.on_time_rate is None


# -- Reminders -------------------------------------------------------------------------------------


@pytest.fixture
def commune_reporter(cast):
    return cast.xuan


@pytest.fixture
def bystanders(world, django_user_model):
    """People who get no reminder: a viewer, a reporter who left, the standing agency's approver."""
    viewer = django_user_model.objects.create_user("xem", email="xem@test.test")
    Membership.objects.create(user=viewer, unit=world.lead, role=Role.VIEWER)
    left = django_user_model.objects.create_user("cu", email="cu@test.test", is_active=False)
    Membership.objects.create(user=left, unit=world.lead, role=Role.REPORTER)
    return [viewer, left]


def messages(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("created_at", "id").values_list("message", flat=True))


def test_reminders_a_week_and_a_day_before_and_after_the_deadline_once_each(
    world, period, reporter, commune_reporter, approver, bystanders, mailoutbox
):
    assert send_reminders(date(2026, 11, 21)) == ReminderSummary()  # eight days before: nothing yet

    summary = send_reminders(date(2026, 11, 22))
    assert (summary.notifications, summary.emails, summary.failed) == (2, 2, 0)
    assert messages(reporter) == [
        "Còn 7 ngày đến hạn gửi báo cáo Năm 2026 — Kế hoạch 01/KH-UBND của Sở Lao động (hạn 29/11/2026)."
    ]
    lead_report = Report.objects.get(period=period, unit__code="T-LDXH")
    assert Notification.objects.get(user=reporter).report == lead_report, "it opens the report"
    assert len(messages(commune_reporter)) == 1 and "Xã Mới 1" in messages(commune_reporter)[0]
    assert sorted(mail.to[0] for mail in mailoutbox) == ["lan@ansinh.test", "xuan@ansinh.test"]
    assert mailoutbox[0].subject.startswith("Nhắc hạn gửi báo cáo Năm 2026")
    assert all(messages(user) == [] for user in [approver, *bystanders])
    assert AuditEvent.objects.filter(action="reminder.send").count() == 2

    assert send_reminders(date(2026, 11, 22)).notifications == 0  # run again the same day
    assert send_reminders(date(2026, 11, 25)).notifications == 0  # same step, later day
    assert len(mailoutbox) == 2

    lead = report(period, world.lead)
    save_values(lead, [ValueInput(world.coverage, text="95"), ValueInput(world.supported, text="1.200")])
    submit_report(lead, actor=reporter)
    assert send_reminders(date(2026, 11, 28)).notifications == 1  # the lead department has sent
    assert messages(commune_reporter)[-1].startswith("Ngày mai (29/11/2026) là hạn gửi")
    send_reminders(date(2026, 11, 30))
    assert messages(commune_reporter)[-1].startswith("Đã quá hạn 1 ngày")
    send_reminders(date(2026, 12, 6))
    assert messages(commune_reporter)[-1].startswith("Đã quá hạn 7 ngày")
    assert send_reminders(date(2026, 12, 31)).notifications == 0  # every step sent
    assert len(messages(commune_reporter)) == 4 and len(messages(reporter)) == 1
    assert set(ReminderSent.objects.values_list("days_from_deadline", flat=True)) == {-7, -1, 1, 7}


def test_a_day_without_a_run_is_caught_up_once(world, period, reporter, mailoutbox):
    assert send_reminders(date(2026, 11, 26)).notifications == 1
    assert messages(reporter) == [
        "Còn 3 ngày đến hạn gửi báo cáo Năm 2026 — Kế hoạch 01/KH-UBND của Sở Lao động (hạn 29/11/2026)."
    ]
    assert send_reminders(date(2026, 11, 27)).notifications == 0


def test_a_closed_period_sends_no_reminder(world, period, reporter, mailoutbox):
    close_period(period)
    assert send_reminders(date(2026, 11, 22)).notifications == 0 and mailoutbox == []


def test_a_person_without_an_email_address_gets_the_notification_only(world, period, django_user_model, mailoutbox):
    user = django_user_model.objects.create_user("khong-thu")
    Membership.objects.create(user=user, unit=world.province, role=Role.APPROVER, includes_subunits=True)
    summary = send_reminders(date(2026, 11, 22))
    assert (summary.notifications, summary.emails) == (8, 0)  # every expected unit is under the province
    assert mailoutbox == []


def test_a_mail_that_fails_undoes_its_reminder_so_the_next_run_sends_it(
    world, period, reporter, monkeypatch, mailoutbox
):
    def refuse(*args, **kwargs):
        raise OSError("Máy chủ thư không trả lời")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    summary = send_reminders(date(2026, 11, 22))
    assert (summary.notifications, summary.failed) == (0, 1)
    assert not ReminderSent.objects.exists() and not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action="reminder.send").exists()
    monkeypatch.undo()
    assert send_reminders(date(2026, 11, 22)).emails == 1 and len(mailoutbox) == 1


def test_the_command_takes_a_vietnamese_date(world, period, reporter, mailoutbox):
    out = StringIO()
    call_command("send_reminders", "--date", "22/11/2026", stdout=out)
    first, unreached = out.getvalue().strip().splitlines()
    assert first == "Ngày 22/11/2026: 1 thông báo, 1 thư điện tử đã gửi."
    assert unreached.startswith("Không nhắc được 7 đơn vị chưa có tài khoản")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("send_reminders", "--date", "2026-11-22")


# -- Notifications ---------------------------------------------------------------------------------


def test_unread_notifications_and_marking_them_read(world, period, reporter, commune_reporter):
    send_reminders(date(2026, 11, 22))
    send_reminders(date(2026, 11, 28))
    assert unread_notifications(reporter).count() == 2
    others = list(unread_notifications(commune_reporter).values_list("pk", flat=True))
    assert mark_notifications_read(reporter, ids=others) == 0  # not hers
    first = unread_notifications(reporter).last()
    assert first is not None
    assert mark_notifications_read(reporter, ids=[first.pk]) == 1
    assert list(unread_notifications(reporter)) != [first] and unread_notifications(reporter).count() == 1
    assert mark_notifications_read(reporter) == 1
    assert not unread_notifications(reporter).exists()
    assert unread_notifications(commune_reporter).count() == 2
    assert AuditEvent.objects.filter(action="notification.read", actor=reporter).count() == 2
    assert mark_notifications_read(reporter) == 0
    assert AuditEvent.objects.filter(action="notification.read").count() == 2
