"""Telling a unit's reporters what happened to their report (returned, approved, reopened): a notification in the
application and an e-mail to each. The e-mail goes after the change is committed; a mail that fails does not undo
the approval or the return (the notification is there either way)."""

import logging

from django.core.mail import send_mail
from django.db import transaction

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import covers_unit
from ansinh.audit.services import record
from ansinh.reporting.models import Notification, Report

logger = logging.getLogger(__name__)


def unit_reporters(report: Report, *, except_user=None) -> list:
    """The active people who type the figures of the report's unit (a reporter membership covering it)."""
    memberships = Membership.objects.filter(role=Role.REPORTER, user__is_active=True).select_related(
        "user", "unit__parent__parent"
    )
    people = {m.user for m in memberships if covers_unit(m, report.unit)}
    if except_user is not None:
        people = {person for person in people if person.pk != except_user.pk}
    return sorted(people, key=lambda person: person.pk)


def _mail(subject: str, message: str, addresses: list[str]) -> None:
    for address in addresses:
        try:
            send_mail(subject, message, None, [address])
        except OSError:
            logger.warning("Không gửi được thư thông báo báo cáo tới %s", address)


def notify_reporters(report: Report, *, subject: str, message: str, actor=None) -> int:
    """Notify the unit's reporters of ``report`` in the application and by e-mail; returns how many people."""
    people = unit_reporters(report, except_user=actor if getattr(actor, "is_authenticated", False) else None)
    if not people:
        return 0
    Notification.objects.bulk_create([Notification(user=person, message=message, report=report) for person in people])
    record(
        actor=actor,
        action="notification.send",
        obj=report,
        summary=f"Thông báo {len(people)} người nhập báo cáo: {message}",
        after={"users": [person.get_username() for person in people]},
    )
    addresses = [person.email for person in people if person.email]
    if addresses:
        transaction.on_commit(lambda: _mail(subject, message, addresses))
    return len(people)
