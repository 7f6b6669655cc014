"""The alerts that close the loop — an indicator judged "chưa đạt" or off its path with no open task, a task
or recommendation past its deadline, an inspection plan behind — sent in the application and by e-mail,
once each per person (``AlertSent``), as the deadline reminders are (``reporting.services.reminders``).

Who is told: the programme's secretariat (the standing agency's secretariat members) of every alert; the
reporters and approvers of the unit that must act (the task's lead unit, the indicator's lead unit) of the
alerts about their own work."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import covers_unit
from ansinh.audit.services import record
from ansinh.followups.models import AlertSent
from ansinh.followups.selectors import Alert, current_alerts
from ansinh.programs.models import Program
from ansinh.reporting.models import Notification

UNIT_ROLES = (Role.REPORTER, Role.APPROVER)
SECRETARIAT_ROLES = (Role.SECRETARIAT,)


@dataclass
class AlertSummary:
    alerts: int = 0  # conditions found on the day
    notifications: int = 0
    emails: int = 0
    failed: int = 0

    def message(self) -> str:
        return f"{self.alerts} cảnh báo; {self.notifications} thông báo, {self.emails} thư điện tử đã gửi" + (
            f"; {self.failed} thư gửi lỗi, sẽ gửi lại lần chạy sau." if self.failed else "."
        )


def recipients(alert: Alert, memberships: list[Membership]) -> list:
    program = alert.program
    people = {m.user for m in memberships if m.role in SECRETARIAT_ROLES and m.unit_id == program.standing_agency_id}
    if alert.unit is not None:
        people |= {m.user for m in memberships if m.role in UNIT_ROLES and covers_unit(m, alert.unit)}
    return sorted(people, key=lambda user: user.pk)


def _send(alert: Alert, user, today: date, actor, summary: AlertSummary) -> None:
    target_type = ContentType.objects.get_for_model(alert.target)
    try:
        with transaction.atomic():
            AlertSent.objects.create(key=alert.key, user=user, sent_on=today)
            notification = Notification.objects.create(
                user=user, message=alert.message, target_type=target_type, target_id=alert.target.pk
            )
            record(
                actor=actor,
                action="alert.send",
                obj=notification,
                summary=f"Cảnh báo {user.get_username()}: {alert.message}",
                after={"key": alert.key, "kind": alert.kind},
                unit_code=alert.program.owner_unit.code,
            )
            if user.email:
                # Inside the transaction: a mail that fails undoes the alert, so the next run sends it again.
                send_mail(f"Cảnh báo điều hành — {alert.program}", alert.message, None, [user.email])
    except OSError:
        summary.failed += 1
        return
    summary.notifications += 1
    summary.emails += bool(user.email)


def send_alerts(today: date, *, actor=None, programs=None) -> AlertSummary:
    """Find every alert of every programme on ``today`` and tell each person concerned once."""
    summary = AlertSummary()
    memberships = list(
        Membership.objects.filter(role__in=(*UNIT_ROLES, *SECRETARIAT_ROLES), user__is_active=True).select_related(
            "user", "unit__parent__parent"
        )
    )
    programs = programs if programs is not None else Program.objects.select_related("owner_unit", "standing_agency")
    for program in programs:
        alerts = current_alerts(program, today)
        summary.alerts += len(alerts)
        sent = set(AlertSent.objects.filter(key__in=[a.key for a in alerts]).values_list("key", "user_id"))
        for alert in alerts:
            for user in recipients(alert, memberships):
                if (alert.key, user.pk) not in sent:
                    _send(alert, user, today, actor, summary)
    return summary
