"""Reporting periods: open one (with the report of every unit expected in it), close it (unsent reports
become "Không gửi báo cáo"), reopen it with a reason."""

from django.db import transaction

from ansinh.accounts.rules import unit_in_program_area
from ansinh.audit.models import AuditEvent
from ansinh.audit.services import audit_event, record
from ansinh.core.dates import format_date
from ansinh.org.models import OrgUnit
from ansinh.org.selectors import OfficeHolders
from ansinh.programs.models import Program
from ansinh.reporting.models import (
    PeriodKind,
    Report,
    ReportAction,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.reporting.selectors import expected_reports
from ansinh.reporting.services.errors import ReportingError, period_closed_error, person_or_none
from ansinh.reporting.services.lifecycle import move_report
from ansinh.rules.periods import PeriodKey, cutoff_window, deadline_for


def get_or_open_period(program: Program, key: PeriodKey, *, actor=None) -> ReportingPeriod:
    """The programme's period for ``key``, created with its Decree 09 cut-off window and deadline if new."""
    starts_on, ends_on = cutoff_window(key)
    period = ReportingPeriod.objects.filter(program=program, kind=key.kind, year=key.year, number=key.number).first()
    if period is not None:
        return period
    standing = program.standing_agency
    in_office = OfficeHolders().holder(standing, ends_on) if standing is not None else None
    period, created = ReportingPeriod.objects.get_or_create(
        program=program,
        kind=key.kind,
        year=key.year,
        number=key.number,
        defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "deadline": deadline_for(key, program.report_deadline),
            "standing_agency": in_office,
        },
    )
    if created:
        record(
            actor=actor,
            action="period.open",
            obj=period,
            summary=f"Mở kỳ báo cáo {period} — {program}, hạn gửi {format_date(period.deadline)}",
        )
    return period


def get_or_open_year_period(program: Program, year: int, *, actor=None) -> ReportingPeriod:
    return get_or_open_period(program, PeriodKey(year, PeriodKind.YEAR), actor=actor)


def get_or_create_report(period: ReportingPeriod, unit: OrgUnit, *, actor=None) -> Report:
    """The unit's report of the period, created if new — only for a unit in the programme's area."""
    existing = Report.objects.filter(period=period, unit=unit).first()
    if existing is not None:
        return existing
    if not unit_in_program_area(period.program, unit):
        raise ReportingError(
            f"Đơn vị {unit.code} — {unit.name} nằm ngoài địa bàn của {period.program}: không tạo báo cáo.",
            code="unit_outside_program",
        )
    report, created = Report.objects.get_or_create(period=period, unit=unit)
    if created:
        record(actor=actor, action="report.create", obj=report, summary=f"Tạo báo cáo {report}")
    return report


def open_period(program: Program, key: PeriodKey, *, actor=None) -> ReportingPeriod:
    """Open the period (cut-off window, deadline) and create the report of every unit expected in it.
    Opening again creates only what is missing: a unit assigned since, or a deadline never set."""
    with transaction.atomic():
        period = get_or_open_period(program, key, actor=actor)
        period = (
            ReportingPeriod.objects.select_for_update(of=("self",))
            .select_related("program__owner_unit")
            .get(pk=period.pk)
        )
        if not period.is_open:
            raise period_closed_error(period)
        if period.deadline is None:
            period.deadline = deadline_for(key, program.report_deadline)
            period.save(update_fields=["deadline"])
            record(
                actor=actor,
                action="period.deadline",
                obj=period,
                summary=f"Đặt hạn gửi kỳ {period}: {format_date(period.deadline)}",
                after={"deadline": period.deadline.isoformat()},
            )
        existing = set(Report.objects.filter(period=period).values_list("unit_id", flat=True))
        for expected in expected_reports(period):
            if expected.unit.pk not in existing:
                report = Report.objects.create(period=period, unit=expected.unit)
                record(actor=actor, action="report.create", obj=report, summary=f"Tạo báo cáo {report}")
    return period


def close_period(period: ReportingPeriod, *, actor=None) -> int:
    """Close the period: every report of it not sent (draft, returned, or never started by an expected
    unit) becomes "Không gửi báo cáo" and is frozen. Sent reports can still be approved. Returns how many
    reports were marked missing."""
    with transaction.atomic():
        locked = (
            ReportingPeriod.objects.select_for_update(of=("self",))
            .select_related("program__owner_unit")
            .get(pk=period.pk)
        )
        if not locked.is_open:
            raise ReportingError(f"Kỳ báo cáo {locked} đã đóng từ trước.", code="period_closed")
        missing = 0
        reports = list(Report.objects.select_for_update(of=("self",)).select_related("unit").filter(period=locked))
        for report in reports:
            if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
                move_report(report, ReportStatus.MISSING, actor=actor, action=ReportAction.MARK_MISSING)
                missing += 1
        reported = {report.unit_id for report in reports}
        # A city's period can miss thousands of communes: their reports, audit rows and events are written
        # set-wise, three inserts in all, rather than three per commune.
        never_started = Report.objects.bulk_create(
            Report(period=locked, unit=expected.unit, status=ReportStatus.MISSING)
            for expected in expected_reports(locked)
            if expected.unit.pk not in reported
        )
        AuditEvent.objects.bulk_create(
            audit_event(
                actor=actor,
                action="report.create",
                obj=report,
                summary=f"Tạo báo cáo {report}: không gửi báo cáo khi đóng kỳ",
                after={"status": ReportStatus.MISSING},
            )
            for report in never_started
        )
        ReportEvent.objects.bulk_create(
            ReportEvent(
                report=report,
                action=ReportAction.MARK_MISSING,
                to_status=ReportStatus.MISSING,
                actor=person_or_none(actor),
            )
            for report in never_started
        )
        missing += len(never_started)
        locked.is_open = False
        locked.save(update_fields=["is_open"])
        record(
            actor=actor,
            action="period.close",
            obj=locked,
            summary=f"Đóng kỳ báo cáo {locked} — {locked.program}: {missing} đơn vị không gửi báo cáo",
            before={"is_open": True},
            after={"is_open": False, "missing": missing},
        )
    period.is_open = False
    return missing


def reopen_period(period: ReportingPeriod, *, reason: str, actor=None) -> int:
    """Open a closed period again, with the reason; reports marked missing go back to where they were
    (draft or returned). Returns how many were restored."""
    if not reason.strip():
        raise ReportingError("Cần ghi rõ lý do mở lại kỳ báo cáo.", code="reason_required")
    with transaction.atomic():
        locked = ReportingPeriod.objects.select_for_update(of=("self",)).select_related("program").get(pk=period.pk)
        if locked.is_open:
            raise ReportingError(f"Kỳ báo cáo {locked} đang mở.", code="period_open")
        restored = 0
        missing = Report.objects.select_for_update(of=("self",)).select_related("unit")
        for report in missing.filter(period=locked, status=ReportStatus.MISSING):
            marked = report.events.filter(action=ReportAction.MARK_MISSING).order_by("-at", "-id").first()
            earlier = marked.from_status if marked is not None and marked.from_status else ReportStatus.DRAFT
            move_report(report, earlier, actor=actor, action=ReportAction.RESTORE, reason=reason.strip())
            restored += 1
        locked.is_open = True
        locked.save(update_fields=["is_open"])
        record(
            actor=actor,
            action="period.reopen",
            obj=locked,
            summary=f"Mở lại kỳ báo cáo {locked} — {locked.program}. Lý do: {reason.strip()}",
            before={"is_open": False},
            after={"is_open": True, "restored": restored, "reason": reason.strip()},
        )
    period.is_open = True
    return restored
