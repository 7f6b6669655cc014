"""The leadership briefing: the dashboard of a programme as a document (the scorecard, what is behind, who is late,
what is overdue), from the same selectors as the dashboard page; sent as PDF by the briefing schedules."""

from datetime import date

from ansinh.core.dates import format_date
from ansinh.core.numbers import format_number
from ansinh.documents.builders import common
from ansinh.documents.dashboard import Dashboard
from ansinh.documents.selectors import settings_for
from ansinh.rules.decree30 import Appendix, Cell, Column, Document, Kind, Paragraph, Style, Table

SCORECARD_COLUMNS = (
    Column("Mã", 13),
    Column("Chỉ tiêu", 92),
    Column("Thực hiện", 26, numeric=True),
    Column("Kết quả", 31),
    Column("So với năm trước", 40),
    Column("Triển vọng đạt mục tiêu cuối kỳ", 50),
)


def scorecard_table(dashboard: Dashboard) -> Table:
    rows = tuple(
        (
            Cell(row.evaluation.indicator.code),
            Cell(row.evaluation.indicator.name),
            Cell(
                format_number(row.evaluation.actual, row.evaluation.indicator.places),
                number=row.evaluation.indicator.rounded(row.evaluation.actual),
            ),
            Cell(common.verdict_label(row.evaluation)),
            Cell(f"{row.trend.arrow} {row.trend.label}"),
            Cell(row.evaluation.outlook.label if row.evaluation.outlook else "—"),
        )
        for row in dashboard.rows
    )
    return Table(SCORECARD_COLUMNS, rows, sheet_name="Bảng điểm")


def build_briefing(dashboard: Dashboard, today: date) -> Document:
    program, year = dashboard.program, dashboard.year
    settings = settings_for(program)
    summary = f"Tình hình thực hiện {program.kind} {program.code} đến ngày {format_date(today)}"
    body = [
        Paragraph(f"Kết quả năm {year}: {dashboard.evaluation.summary.sentence}"),
        *[
            Paragraph(f"Ban Chỉ đạo công bố: “{declared.sentence}” (nguồn: {declared.source}).")
            for declared in dashboard.evaluation.declared_summaries
        ],
        Paragraph(f"1. Chỉ tiêu chậm hoặc chưa đạt ({len(dashboard.behind)})", Style.SECTION),
    ]
    body += [
        Paragraph(
            f"- {row.evaluation.indicator.code}. {row.evaluation.indicator.name}: {row.evaluation.verdict.explanation}",
            Style.ITEM,
        )
        for row in dashboard.behind
    ] or [Paragraph("Không có chỉ tiêu nào chưa đạt hoặc chậm tiến độ.")]
    if dashboard.period is not None:
        body.append(Paragraph(f"2. Đơn vị chậm hoặc chưa gửi báo cáo {dashboard.period}", Style.SECTION))
        body.append(Paragraph(f"{dashboard.sent_units}/{dashboard.expected_units} đơn vị đã gửi báo cáo kỳ này."))
        body += [
            Paragraph(f"- {item.row.unit.name}: {item.label.lower()}.", Style.ITEM) for item in dashboard.late[:30]
        ]
        if len(dashboard.late) > 30:
            body.append(Paragraph(f"… và {len(dashboard.late) - 30} đơn vị khác (xem bảng điều khiển).", Style.NOTE))
    if dashboard.overdue is not None:
        body.append(Paragraph(f"3. Nhiệm vụ, kiến nghị quá hạn ({len(dashboard.overdue)})", Style.SECTION))
        body += [
            Paragraph(f"- {item.kind}: {item.title} ({item.unit}, hạn {format_date(item.due)}).", Style.ITEM)
            for item in dashboard.overdue
        ] or [Paragraph("Không có nhiệm vụ, kiến nghị nào quá hạn.")]
    return Document(
        header=common.header(settings, Kind.REPORT, None, today, summary),
        body=tuple(body),
        signature=common.signature(settings),
        recipients=common.recipients(settings),
        appendices=(Appendix(1, f"Bảng điểm các chỉ tiêu năm {year}", scorecard_table(dashboard)),),
        attached_to=f"(Kèm theo bản tin ngày {format_date(today)})",
    )
