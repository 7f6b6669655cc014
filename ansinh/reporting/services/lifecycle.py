"""A report's life: submit (with the checks), approve, return with a reason, reopen an approved report.
Every step is a ``ReportEvent`` and an audit event; approving and reopening keep the approved totals current."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.reporting import totals
from ansinh.reporting.models import (
    Report,
    ReportAction,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.reporting.selectors import report_issues, typists_of
from ansinh.reporting.services.errors import ChecksFailed, ReportingError, period_closed_error, person_or_none
from ansinh.reporting.services.notifications import notify_reporters
from ansinh.rules.approval import approval_refusal
from ansinh.rules.checks import blocking


def move_report(report: Report, to: str, *, actor, action: str, reason: str = "", **fields) -> None:
    """Move a locked report to ``to``: its fields, a new version, the event and the audit record."""
    before = {"status": report.status}
    from_status = report.status
    report.status = to
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report.save()
    if to == ReportStatus.APPROVED and from_status != ReportStatus.APPROVED:
        totals.add_report(report, sign=1)
    elif from_status == ReportStatus.APPROVED and to != ReportStatus.APPROVED:
        totals.add_report(report, sign=-1)
    ReportEvent.objects.create(
        report=report, action=action, from_status=from_status, to_status=to, actor=person_or_none(actor), reason=reason
    )
    after: dict = {"status": to}
    if reason:
        after["reason"] = reason
    record(actor=actor, action=f"report.{action}", obj=report, summary=str(report), before=before, after=after)


def _transition(
    report: Report,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    actor,
    action: str,
    reason: str = "",
    needs_open_period: bool = True,
    validate: Callable[[Report], None] | None = None,
    after: Callable[[Report], None] | None = None,
    **fields,
) -> Report:
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status not in allowed_from:
            raise ReportingError(
                f"Không thể chuyển báo cáo từ trạng thái “{locked.get_status_display()}”.", code="invalid_transition"
            )
        locked.period = ReportingPeriod.objects.select_related("program").get(pk=locked.period_id)
        if needs_open_period and not locked.period.is_open:
            raise period_closed_error(locked.period)
        if validate is not None:
            validate(locked)
        move_report(locked, to, actor=actor, action=action, reason=reason, **fields)
        if after is not None:
            after(locked)
    return locked


SYSTEM_SUBMISSION = "Nạp bởi hệ thống, không có người gửi: không chạy kiểm tra số liệu."


def submit_report(report: Report, *, actor=None, checks: bool | None = None) -> Report:
    """Send the report for approval. The checks (``rules/checks.py``) run on the figures as stored,
    inside the same lock as the change of status, so a figure saved meanwhile is either checked or refused.

    ``checks``: by default the checks run whenever a person sends (``actor`` signed in) and cannot be
    skipped for a person. A load without a person (the committee's published figures) skips them unless
    asked (``checks=True``); the event records that they did not run."""
    person = person_or_none(actor)
    if checks is False and person is not None:
        raise ReportingError("Báo cáo do cán bộ gửi luôn phải qua kiểm tra số liệu.", code="checks_required")
    run_checks = person is not None if checks is None else checks

    def validate(locked: Report) -> None:
        if not locked.values.exists():
            raise ReportingError("Báo cáo chưa có số liệu nào, chưa thể gửi.", code="empty_report")
        if run_checks:
            blockers = blocking(report_issues(locked))
            if blockers:
                raise ChecksFailed(blockers)

    return _transition(
        report,
        allowed_from=(ReportStatus.DRAFT, ReportStatus.RETURNED),
        to=ReportStatus.SUBMITTED,
        actor=actor,
        action=ReportAction.SUBMIT,
        reason="" if run_checks else SYSTEM_SUBMISSION,
        validate=validate,
        submitted_at=timezone.now(),
        submitted_by=person,
        return_reason="",
    )


def _what(report: Report) -> str:
    return f"Báo cáo {report.period} — {report.period.program} của {report.unit.name}"


def approve_report(report: Report, *, actor=None) -> Report:
    """Approve a sent report; a report sent before its period closed can still be approved after.
    Separation of duties holds here, for every path and role: whoever typed one of its figures or sent it
    does not approve it (checked under the report's lock, so a figure typed meanwhile counts). The unit's
    reporters are told (``notifications``)."""
    person = person_or_none(actor)

    def validate(locked: Report) -> None:
        refusal = approval_refusal(
            person.pk if person is not None else None, typed_by=typists_of(locked), sent_by=locked.submitted_by_id
        )
        if refusal is not None:
            raise ReportingError(refusal, code="separation_of_duties")

    def notify(locked: Report) -> None:
        notify_reporters(
            locked, subject=f"{_what(locked)} đã được duyệt", message=f"{_what(locked)} đã được duyệt.", actor=actor
        )

    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.APPROVED,
        actor=actor,
        action=ReportAction.APPROVE,
        needs_open_period=False,
        validate=validate,
        after=notify,
        approved_at=timezone.now(),
        approved_by=person,
    )


def _notify_returned(reason: str, actor, *, reopened: bool) -> Callable[[Report], None]:
    def notify(locked: Report) -> None:
        what = _what(locked)
        done = "đã duyệt được mở lại để điều chỉnh" if reopened else "bị trả lại"
        notify_reporters(
            locked,
            subject=f"{what} {done}",
            message=f"{what} {done}. Lý do: {reason.rstrip('.')}. Sửa số liệu rồi gửi lại.",
            actor=actor,
        )

    return notify


def return_report(report: Report, *, reason: str, actor=None) -> Report:
    """Return a sent report with the reason; the unit's reporters are told (``notifications``)."""
    if not reason.strip():
        raise ReportingError("Cần ghi rõ lý do trả lại báo cáo.", code="reason_required")
    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.RETURNED,
        actor=actor,
        action=ReportAction.RETURN,
        reason=reason.strip(),
        after=_notify_returned(reason.strip(), actor, reopened=False),
        return_reason=reason.strip(),
    )


def reopen_report(report: Report, *, reason: str, actor=None) -> Report:
    """Reopen an approved report so that its unit can correct it: it goes back as returned, with the
    reason, and must be sent and approved again."""
    if not reason.strip():
        raise ReportingError("Cần ghi rõ lý do mở lại báo cáo đã duyệt.", code="reason_required")
    return _transition(
        report,
        allowed_from=(ReportStatus.APPROVED,),
        to=ReportStatus.RETURNED,
        actor=actor,
        action=ReportAction.REOPEN,
        reason=reason.strip(),
        after=_notify_returned(reason.strip(), actor, reopened=True),
        return_reason=reason.strip(),
        approved_at=None,
        approved_by=None,
    )
