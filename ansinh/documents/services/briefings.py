"""The briefing schedules the secretariat sets, and sending them: at each month's end, or a number of days before
each meeting of the committee (the meetings come from ``followups``, through ``documents.steering``),
the leadership receives the dashboard as a PDF by e-mail — once per schedule and occasion, audited."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from smtplib import SMTPException

from django.core.mail import EmailMessage
from django.db import transaction

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.documents.builders.briefing import build_briefing
from ansinh.documents.dashboard import program_dashboard
from ansinh.documents.models import BriefingSchedule, BriefingSent, BriefingTrigger
from ansinh.documents.services.errors import DocumentError
from ansinh.documents.services.generation import render
from ansinh.documents.steering import meetings_between
from ansinh.programs.models import Program
from ansinh.reporting.selectors import latest_reported_year


@dataclass
class BriefingSummary:
    sent: int = 0
    failed: int = 0
    problems: list[str] | None = None


def create_schedule(program: Program, *, trigger: str, days_before: int, recipients: str, actor) -> BriefingSchedule:
    with transaction.atomic():
        schedule = BriefingSchedule.objects.create(
            program=program, trigger=trigger, days_before=days_before, recipients=recipients, created_by=actor
        )
        record(
            actor=actor,
            action="briefing.schedule",
            obj=program,
            summary=f"Đặt lịch gửi bản tin lãnh đạo: {schedule.get_trigger_display()} — {program}",
            after={
                "schedule": schedule.pk,
                "trigger": trigger,
                "days_before": days_before,
                "recipients": schedule.recipient_list,
            },
        )
    return schedule


def stop_schedule(schedule: BriefingSchedule, *, actor) -> None:
    if not schedule.is_active:
        return
    with transaction.atomic():
        schedule.is_active = False
        schedule.save(update_fields=["is_active"])
        record(
            actor=actor,
            action="briefing.stop",
            obj=schedule.program,
            summary=f"Dừng lịch gửi bản tin: {schedule.get_trigger_display()} — {schedule.program}",
            before={"is_active": True},
            after={"schedule": schedule.pk, "is_active": False},
        )


def occasions(schedule: BriefingSchedule, today: date) -> list[date]:
    """The occasions ``today`` sends for: the month's last day; or each meeting from today to ``days_before``
    days ahead (so a day without a run is caught up the next day, until the meeting)."""
    if schedule.trigger == BriefingTrigger.MONTH_END:
        last = calendar.monthrange(today.year, today.month)[1]
        return [today] if today.day == last else []
    horizon = today + timedelta(days=schedule.days_before)
    return sorted({meeting.held_on for meeting in meetings_between(schedule.program, today, horizon)})


def _send(schedule: BriefingSchedule, occasion: date, pdf: bytes, today: date, actor) -> None:
    program = schedule.program
    with transaction.atomic():
        BriefingSent.objects.create(
            schedule=schedule, occasion=occasion, sent_on=today, recipients=schedule.recipient_list
        )
        what = (
            "cuộc họp ngày " + format_date(occasion)
            if schedule.trigger == BriefingTrigger.BEFORE_MEETING
            else "cuối tháng"
        )
        message = EmailMessage(
            subject=f"Bản tin lãnh đạo {program.code} — {what}",
            body=(
                f"Kính gửi lãnh đạo,\n\nĐính kèm bản tin tình hình thực hiện {program} đến ngày {format_date(today)} "
                "(bảng điểm các chỉ tiêu, chỉ tiêu chậm, đơn vị chưa gửi báo cáo).\n\nansinh"
            ),
            to=schedule.recipient_list,
        )
        message.attach(f"ban-tin-{program.slug}-{today:%Y%m%d}.pdf", pdf, "application/pdf")
        # Sent inside the transaction: a mail that fails undoes the record, so the next run sends it again.
        message.send()
        record(
            actor=actor,
            action="briefing.send",
            obj=program,
            summary=f"Gửi bản tin lãnh đạo ({what}) — {program}: {len(schedule.recipient_list)} người nhận",
            after={"schedule": schedule.pk, "occasion": format_date(occasion), "recipients": schedule.recipient_list},
        )


def send_briefings(today: date, *, actor=None) -> BriefingSummary:
    summary = BriefingSummary(problems=[])
    assert summary.problems is not None
    schedules = BriefingSchedule.objects.filter(is_active=True).select_related(
        "program__owner_unit", "program__standing_agency"
    )
    for schedule in schedules:
        already = set(schedule.sent.values_list("occasion", flat=True))
        due = [occasion for occasion in occasions(schedule, today) if occasion not in already]
        if not due:
            continue
        program = schedule.program
        try:
            dashboard = program_dashboard(program, latest_reported_year(program), today)
            pdf = render(build_briefing(dashboard, today), "pdf")
        except DocumentError as error:
            summary.failed += len(due)
            summary.problems.append(f"{program.code}: {error.message}")
            continue
        for occasion in due:
            try:
                _send(schedule, occasion, pdf, today, actor)
            except (OSError, SMTPException) as error:
                summary.failed += 1
                summary.problems.append(f"{program.code}: gửi thư lỗi ({error}).")
            else:
                summary.sent += 1
    return summary
