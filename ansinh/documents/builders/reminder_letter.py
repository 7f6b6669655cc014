"""The reminder letter (công văn đôn đốc) to the units that have not sent their report of a period: "Kính gửi"
filled from the assignments (the units expected in the period), and for each the items still missing."""

from dataclasses import dataclass
from datetime import date

from ansinh.core.dates import format_date
from ansinh.documents.builders import common
from ansinh.documents.selectors import settings_for
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator
from ansinh.reporting.models import DataValue, ReportingPeriod
from ansinh.reporting.selectors import Progress, completeness, expected_reports
from ansinh.rules.decree30 import (
    Appendix,
    Cell,
    Column,
    Document,
    Kind,
    Paragraph,
    Style,
    Table,
    addressee_lines,
    recipients_lines,
)

SENT = (Progress.SUBMITTED, Progress.APPROVED)
# Past this many units, "Kính gửi" names the list attached instead of every unit.
MAX_NAMED_ADDRESSEES = 10
LIST_COLUMNS = (Column("TT", 12, numeric=True), Column("Đơn vị", 60), Column("Tình trạng", 30), Column("Còn thiếu", 63))


@dataclass(frozen=True)
class LateUnit:
    unit: OrgUnit
    progress: Progress
    missing: tuple[Indicator, ...]

    @property
    def missing_text(self) -> str:
        prefix = "báo cáo bị trả lại, chưa gửi lại; " if self.progress == Progress.RETURNED else ""
        if not self.missing:
            return prefix + "đã nhập đủ chỉ tiêu, chưa gửi báo cáo"
        return prefix + "; ".join(f"{indicator.code}. {indicator.name}" for indicator in self.missing)


def late_units(period: ReportingPeriod, today: date) -> list[LateUnit]:
    """Every unit expected in ``period`` that has not sent its report, with the assigned indicators it has no
    figure for yet."""
    state = completeness(period, today=today)
    assigned = {expected.unit.pk: expected.indicators for expected in expected_reports(period)}
    waiting = [row for row in state.rows if row.progress not in SENT]
    filled: dict[int, set[int]] = {}
    for unit_id, indicator_id in DataValue.objects.filter(
        report__period=period, report__unit__in=[row.unit.pk for row in waiting]
    ).values_list("report__unit_id", "indicator_id"):
        filled.setdefault(unit_id, set()).add(indicator_id)
    return [
        LateUnit(
            row.unit,
            row.progress,
            tuple(i for i in assigned.get(row.unit.pk, ()) if i.pk not in filled.get(row.unit.pk, set())),
        )
        for row in waiting
    ]


def build_reminder_letter(
    period: ReportingPeriod,
    late: list[LateUnit],
    *,
    number: int | None,
    issued_on: date,
    new_deadline: date,
    today: date,
) -> Document:
    program = period.program
    settings = settings_for(program)
    subject = f"V/v đôn đốc gửi báo cáo {period} thực hiện {program.kind} {program.code}"
    header = common.header(settings, Kind.LETTER, number, issued_on, subject)
    named = len(late) <= MAX_NAMED_ADDRESSEES
    addressees = [item.unit.name for item in late] if named else ["Các đơn vị có tên tại danh sách kèm theo"]
    window = f"thời gian chốt số liệu từ {format_date(period.starts_on)} đến {format_date(period.ends_on)}"
    deadline = f", thời hạn gửi {format_date(period.deadline)}" if period.deadline else ""
    body = [
        Paragraph(
            f"Thực hiện {program.kind} {program.code} ngày {format_date(program.issued_on)} của {program.issuer}, "
            f"{settings.issuing_body} đã đề nghị các đơn vị báo cáo {period} ({window}{deadline})."
        ),
    ]
    overdue = period.deadline is not None and today > period.deadline
    when = "đã quá thời hạn nhưng" if overdue else "đến nay"
    body.append(Paragraph(f"Ngày {format_date(today)}, {when} {len(late)} đơn vị chưa gửi báo cáo:"))
    if named:
        body += [Paragraph(f"- {item.unit.name}: {item.missing_text}.", Style.ITEM) for item in late]
    else:
        body.append(Paragraph("Danh sách đơn vị và các chỉ tiêu còn thiếu tại Phụ lục kèm theo.", Style.BODY))
    body.append(
        Paragraph(
            f"Đề nghị các đơn vị khẩn trương hoàn thành, gửi báo cáo trên hệ thống ansinh trước ngày "
            f"{format_date(new_deadline)} để {settings.issuing_body} tổng hợp, báo cáo theo quy định./."
        )
    )
    appendices: tuple[Appendix, ...] = ()
    if not named:
        rows = tuple(
            (Cell(str(index)), Cell(item.unit.name), Cell(item.progress.label), Cell(item.missing_text))
            for index, item in enumerate(late, start=1)
        )
        appendices = (Appendix(1, "Danh sách đơn vị chưa gửi báo cáo", Table(LIST_COLUMNS, rows), landscape=False),)
    return Document(
        header=header,
        addressees=tuple(addressee_lines(addressees)),
        body=tuple(body),
        signature=common.signature(settings),
        recipients=tuple(recipients_lines(["Như trên"], settings.drafting_unit)),
        appendices=appendices,
        attached_to=f"(Kèm theo Công văn {header.number.removeprefix('Số: ')} ngày {format_date(issued_on)})",
    )
