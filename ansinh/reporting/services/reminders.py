"""Reminders of deadlines, in the application and by e-mail, once each; notifications read."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import covers_unit
from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.core.numbers import format_number
from ansinh.org.models import OrgUnit
from ansinh.reporting.models import (
    FROZEN_STATUSES,
    Notification,
    ReminderSent,
    Report,
    ReportingPeriod,
)
from ansinh.reporting.selectors import expected_reports

# Days from the deadline on which the units that have not sent are reminded: a week and a day before,
# a day and a week after.
REMINDER_DAYS = (-7, -1, 1, 7)

REMINDED_ROLES = (Role.REPORTER, Role.APPROVER)


@dataclass
class ReminderSummary:
    notifications: int = 0
    emails: int = 0
    failed: int = 0
    # Units that had to be reminded but have nobody to remind (no reporter or approver account covers them).
    unreached: list[OrgUnit] = field(default_factory=list)

    def unreached_text(self, shown: int = 10) -> str:
        """``Không nhắc được 3 đơn vị chưa có tài khoản: Xã A, Xã B, Xã C.``, the first few named; empty if none."""
        if not self.unreached:
            return ""
        names = ", ".join(unit.name for unit in self.unreached[:shown])
        more = len(self.unreached) - shown
        tail = f" và {format_number(more)} đơn vị khác" if more > 0 else ""
        count = format_number(len(self.unreached))
        return f"Không nhắc được {count} đơn vị chưa có tài khoản người nhập hoặc duyệt báo cáo: {names}{tail}."


def _reminder_text(period: ReportingPeriod, unit: OrgUnit, deadline: date, today: date) -> str:
    days_left = (deadline - today).days
    what = f"báo cáo {period} — {period.program} của {unit.name}"
    if days_left > 1:
        return f"Còn {days_left} ngày đến hạn gửi {what} (hạn {format_date(deadline)})."
    if days_left == 1:
        return f"Ngày mai ({format_date(deadline)}) là hạn gửi {what}."
    if days_left == 0:
        return f"Hôm nay ({format_date(deadline)}) là hạn gửi {what}."
    return f"Đã quá hạn {-days_left} ngày: chưa gửi {what} (hạn {format_date(deadline)})."


def _remind(
    period: ReportingPeriod, unit: OrgUnit, user, step: int, today: date, actor, summary: ReminderSummary
) -> None:
    assert period.deadline is not None  # only periods with a deadline are reminded
    message = _reminder_text(period, unit, period.deadline, today)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(period=period, unit=unit, user=user, days_from_deadline=step, sent_on=today)
            # The unit's report of the period (opening a period creates it), if there is one.
            report = Report.objects.filter(period=period, unit=unit).only("pk").first()
            notification = Notification.objects.create(user=user, message=message, report=report)
            record(
                actor=actor,
                action="reminder.send",
                obj=notification,
                summary=f"Nhắc hạn {user.get_username()}: {message}",
                after={"period": period.pk, "unit": unit.code, "days_from_deadline": step},
            )
            if user.email:
                # Sent inside the transaction: a mail that fails undoes the reminder, so the next run retries it.
                send_mail(f"Nhắc hạn gửi báo cáo {period} — {unit.name}", message, None, [user.email])
    except OSError:
        summary.failed += 1
        return
    summary.notifications += 1
    summary.emails += bool(user.email)


class ReminderError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _remind_unsent(
    period: ReportingPeriod, step: int, today: date, actor, memberships: list[Membership], summary: ReminderSummary
) -> None:
    """Remind every person who reports or approves for a unit of ``period`` that has not sent its report, once
    per person, unit and step; a unit nobody can be reminded for goes to ``summary.unreached``."""
    sent_units = set(Report.objects.filter(period=period, status__in=FROZEN_STATUSES).values_list("unit_id", flat=True))
    already = set(ReminderSent.objects.filter(period=period, days_from_deadline=step).values_list("unit_id", "user_id"))
    for expected in expected_reports(period):
        unit = expected.unit
        if unit.pk in sent_units:
            continue
        users = {membership.user for membership in memberships if covers_unit(membership, unit)}
        if not users:
            summary.unreached.append(unit)
        for user in sorted(users, key=lambda user: user.pk):
            if (unit.pk, user.pk) not in already:
                _remind(period, unit, user, step, today, actor, summary)


def _reminded_memberships() -> list[Membership]:
    return list(Membership.objects.filter(role__in=REMINDED_ROLES, user__is_active=True).select_related("user", "unit"))


def send_reminders(today: date, *, actor=None) -> ReminderSummary:
    """Remind the reporters and approvers of every unit that has not sent its report of an open period with
    a deadline, on the days of ``REMINDER_DAYS``: in the application and by e-mail. The latest step reached
    is sent once per person, unit and period, so running again the same day (or catching up after a day
    without a run) sends nothing twice."""
    summary = ReminderSummary()
    memberships = _reminded_memberships()
    periods = ReportingPeriod.objects.filter(is_open=True, deadline__isnull=False).select_related("program__owner_unit")
    for period in periods:
        assert period.deadline is not None
        reached = [step for step in REMINDER_DAYS if step <= (today - period.deadline).days]
        if reached:
            _remind_unsent(period, max(reached), today, actor, memberships, summary)
    return summary


def remind_period(period: ReportingPeriod, today: date, *, actor) -> ReminderSummary:
    """The "Gửi nhắc hạn" button of one period: remind now, off the daily schedule, the people of every unit of
    this period (and no other) that has not sent its report; once a day per person and unit. The caller has
    been checked to manage the period's programme."""
    if not period.is_open:
        raise ReminderError(f"Kỳ {period} đã đóng: không nhắc hạn.")
    if period.deadline is None:
        raise ReminderError(f"Kỳ {period} chưa có hạn gửi: không có gì để nhắc.")
    summary = ReminderSummary()
    _remind_unsent(period, (today - period.deadline).days, today, actor, _reminded_memberships(), summary)
    return summary


def mark_notifications_read(user, *, ids: Iterable[int] | None = None) -> int:
    """Mark the person's own unread notifications read (all of them, or those of ``ids``); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    with transaction.atomic():
        marked = list(unread.values_list("pk", flat=True))
        if marked:
            Notification.objects.filter(pk__in=marked).update(read_at=timezone.now())
            record(
                actor=user,
                action="notification.read",
                summary=f"Đánh dấu đã đọc {len(marked)} thông báo",
                after={"notifications": marked},
            )
    return len(marked)
