"""The consolidated yearly report of a programme (Kế hoạch 181/KH-UBND, III.7: the standing agency reports to
the Party committee and the People's Committee every year) as a Decree 30 document.

Every figure comes from ``evaluation.selectors.evaluate_program`` (the indicators, their verdicts, the summary
sentence) and ``reporting.selectors.completeness`` (who reported); the words a person writes come from the draft.
Parts of the steering work (tasks, inspections, budget, emulation and rewards, difficulties, meetings) come from
``documents.steering``; a part with nothing for the year is stated as such."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from ansinh.core.dates import format_date, format_date_long
from ansinh.core.numbers import format_number, format_percent
from ansinh.documents.builders import common
from ansinh.documents.models import DocumentSettings, ReportDraft
from ansinh.documents.selectors import draft_for, settings_for
from ansinh.documents.steering import SLOTS, SectionText, report_sections
from ansinh.evaluation.selectors import IndicatorEvaluation, ProgramEvaluation, evaluate_program
from ansinh.programs.models import Program
from ansinh.reporting.models import PeriodKind, ReportingPeriod
from ansinh.reporting.selectors import Completeness, Progress, completeness
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
    percent_of_plan,
    roman,
)

# Appendix I, in the order of the issue: code, indicator, unit, target, actual, % of plan, verdict, lead unit.
# Widths add up to the landscape text width (297 − 30 − 15 = 252 mm).
INDICATOR_COLUMNS = (
    Column("Mã", 13),
    Column("Chỉ tiêu", 74),
    Column("Đơn vị tính", 24),
    Column("Mục tiêu", 36),
    Column("Thực hiện", 24, numeric=True),
    Column("% kế hoạch", 19, numeric=True),
    Column("Kết quả", 31),
    Column("Đơn vị chủ trì", 31),
)
COMPLETENESS_COLUMNS = (
    Column("TT", 12, numeric=True),
    Column("Đơn vị", 80),
    Column("Tình trạng", 40),
    Column("Gửi lần đầu", 30),
    Column("Đúng hạn", 22),
    Column("Ghi chú", 68),
)


@dataclass(frozen=True)
class AnnualReportData:
    """Everything the report is made of, read once: the page that prepares the report shows the same."""

    program: Program
    year: int
    settings: DocumentSettings
    draft: ReportDraft
    evaluation: ProgramEvaluation
    period: ReportingPeriod | None
    completeness: Completeness | None
    sections: dict[str, SectionText | None]  # the steering parts, by slot, for the slots ansinh keeps


def annual_report_data(program: Program, year: int) -> AnnualReportData:
    period = ReportingPeriod.objects.filter(program=program, kind=PeriodKind.YEAR, year=year, number=1).first()
    sections = report_sections(program, year)
    return AnnualReportData(
        program=program,
        year=year,
        settings=settings_for(program),
        draft=draft_for(program, year),
        evaluation=evaluate_program(program, year),
        period=period,
        completeness=completeness(period) if period is not None else None,
        sections=sections,
    )


def missing_narratives(draft: ReportDraft) -> list[str]:
    """The parts a person still has to write: the page warns before the report is generated without them."""
    parts = {
        "general_assessment": "Đánh giá chung",
        "shortcomings": "Tồn tại, hạn chế, nguyên nhân",
        "next_steps": "Phương hướng, nhiệm vụ năm sau",
        "proposals": "Đề xuất, kiến nghị",
    }
    return [label for name, label in parts.items() if not getattr(draft, name).strip()]


def indicator_table(evaluation: ProgramEvaluation) -> Table:
    rows = []
    for row in evaluation.rows:
        indicator = row.indicator
        target = row.target
        ratio = (
            percent_of_plan(row.actual, target.value, target.comparator, indicator.direction)
            if target is not None
            else None
        )
        lead = indicator.lead_unit
        rows.append(
            (
                Cell(indicator.code),
                Cell(indicator.name),
                Cell(indicator.unit),
                Cell(target.phrase if target is not None else "—"),
                Cell(format_number(row.actual, indicator.places), number=indicator.rounded(row.actual)),
                Cell(format_percent(ratio) if ratio is not None else "—", number=ratio, percent=True),
                Cell(common.verdict_label(row)),
                Cell((lead.short_name or lead.name) if lead else "—"),
            )
        )
    return Table(INDICATOR_COLUMNS, tuple(rows), sheet_name="Chỉ tiêu")


def completeness_table(state: Completeness) -> Table:
    rows = []
    for number, row in enumerate(state.rows, start=1):
        sent = timezone.localdate(row.submitted_at) if row.submitted_at else None
        on_time = {True: "Đúng hạn", False: "Trễ hạn", None: "—"}[row.on_time]
        rows.append(
            (
                Cell(str(number), number=None),
                Cell(row.unit.name),
                Cell(row.progress.label),
                Cell(format_date(sent) if sent else "—"),
                Cell(on_time),
                Cell(row.return_reason),
            )
        )
    return Table(COMPLETENESS_COLUMNS, tuple(rows), sheet_name="Tình hình báo cáo")


def _summary_paragraphs(data: AnnualReportData) -> list[Paragraph]:
    evaluation, program, year = data.evaluation, data.program, data.year
    paragraphs = [Paragraph(f"Năm {year}, {evaluation.summary.sentence}")]
    for declared in evaluation.declared_summaries:
        paragraphs.append(
            Paragraph(f"Ban Chỉ đạo đã công bố: “{declared.sentence}” (nguồn: {declared.source}).", Style.BODY)
        )
    if evaluation.is_partial:
        paragraphs.append(
            Paragraph(
                f"Ghi chú: ansinh đang theo dõi {len(evaluation.rows)}/{program.indicator_count_declared} chỉ tiêu "
                f"của {program}. {program.completeness_note}".strip(),
                Style.NOTE,
            )
        )
    return paragraphs


def _results_by_field(evaluation: ProgramEvaluation) -> list[Paragraph]:
    groups: dict[str, list[IndicatorEvaluation]] = defaultdict(list)
    for row in evaluation.rows:
        groups[row.indicator.field or "Các chỉ tiêu khác"].append(row)
    paragraphs = []
    for letter, (field, rows) in zip("abcdefghiklmnopqrstuvxy", groups.items(), strict=False):
        paragraphs.append(Paragraph(f"{letter}) {field}", Style.SECTION))
        for row in rows:
            paragraphs.append(Paragraph(f"- {row.indicator.name}: {row.verdict.explanation}", Style.ITEM))
    return paragraphs


def _completeness_paragraphs(data: AnnualReportData, appendix: str) -> list[Paragraph]:
    state = data.completeness
    if state is None:
        return [Paragraph(f"Năm {data.year} chưa mở kỳ báo cáo trên ansinh; chưa có số liệu về tình hình gửi báo cáo.")]
    deadline = f" (thời hạn {format_date(state.deadline)})" if state.deadline else ""
    missing = state.expected - state.sent
    sentence = (
        f"Kỳ báo cáo năm {data.year}{deadline}: {state.sent}/{state.expected} đơn vị được phân công đã gửi báo cáo"
    )
    if state.deadline:
        sentence += f", trong đó {state.on_time} đơn vị gửi đúng hạn"
    sentence += f"; {missing} đơn vị chưa gửi." if missing else "."
    returned = state.counts[Progress.RETURNED]
    if returned:
        sentence += f" {returned} báo cáo bị trả lại để hoàn thiện."
    return [Paragraph(sentence), Paragraph(f"Chi tiết tại {appendix} kèm theo.", Style.BODY)]


def _contributed(slot: str, part: SectionText | None, year: int) -> list[Paragraph]:
    if part is None:
        return [Paragraph(f"Năm {year} chưa ghi nhận nội dung này trên ansinh.")]
    return [Paragraph(text) for text in part.paragraphs] + [Paragraph(item, Style.ITEM) for item in part.items]


def build_annual_report(data: AnnualReportData, *, today: date | None = None) -> Document:
    program, year, settings, draft = data.program, data.year, data.settings, data.draft
    day = draft.issued_on or today or timezone.localdate()
    summary = f"Kết quả thực hiện {program.kind} {program.code} năm {year}"
    header = common.header(settings, Kind.REPORT, draft.number, day, summary)
    appendices = [
        Appendix(
            1,
            f"Kết quả thực hiện các chỉ tiêu năm {year}",
            indicator_table(data.evaluation),
            note="Kết quả ghi “(công bố)”: Ban Chỉ đạo công bố kết quả, không kèm số liệu để tính; "
            "“% kế hoạch” chỉ tính cho chỉ tiêu càng cao càng tốt có mục tiêu là một con số.",
        )
    ]
    if data.completeness is not None:
        appendices.append(Appendix(2, f"Tình hình gửi báo cáo năm {year}", completeness_table(data.completeness)))

    body: list[Paragraph] = [
        Paragraph(
            f"Thực hiện {program.kind} {program.code} ngày {format_date(program.issued_on)} của {program.issuer} "
            f"về “{program.title}”, {settings.issuing_body} báo cáo kết quả thực hiện năm {year} "
            "như sau:"
        ),
        Paragraph(
            f"Số liệu trong báo cáo là số liệu đã duyệt và kết quả Ban Chỉ đạo công bố trên ansinh, "
            f"tổng hợp ngày {format_date(today or timezone.localdate())}.",
            Style.NOTE,
        ),
    ]
    parts: list[tuple[str, list[Paragraph]]] = []
    sections: list[tuple[str, list[Paragraph]]] = []
    if draft.general_assessment.strip():
        sections.append(("Đánh giá chung", common.narrative(draft.general_assessment)))
    sections.append(
        (
            "Kết quả thực hiện các chỉ tiêu",
            _summary_paragraphs(data)
            + _results_by_field(data.evaluation)
            + [Paragraph("Chi tiết từng chỉ tiêu tại Phụ lục I kèm theo.")],
        )
    )
    sections.append(("Tình hình báo cáo của các đơn vị", _completeness_paragraphs(data, "Phụ lục II")))
    for slot in ("tasks", "inspections", "budget", "rewards"):
        if slot in data.sections:
            sections.append((SLOTS[slot], _contributed(slot, data.sections[slot], year)))
    parts.append(("Kết quả thực hiện", _numbered(sections)))

    shortcomings = common.narrative(draft.shortcomings)
    if "difficulties" in data.sections:
        recorded = _contributed("difficulties", data.sections["difficulties"], year)
        shortcomings += [Paragraph(SLOTS["difficulties"], Style.SECTION), *recorded]
    if shortcomings:
        parts.append(("Tồn tại, hạn chế, nguyên nhân", shortcomings))
    if draft.next_steps.strip():
        parts.append((f"Phương hướng, nhiệm vụ năm {year + 1}", common.narrative(draft.next_steps)))
    if draft.proposals.strip():
        parts.append(("Đề xuất, kiến nghị", common.narrative(draft.proposals)))
    for number, (title, paragraphs) in enumerate(parts, start=1):
        body.append(Paragraph(f"{roman(number)}. {title.upper()}", Style.PART))
        body += paragraphs
    body.append(
        Paragraph(
            f"Trên đây là báo cáo kết quả thực hiện {program.kind} {program.code} năm {year}, kính báo cáo./.",
        )
    )
    symbol = header.number.removeprefix("Số: ")
    attached = f"(Kèm theo Báo cáo số {symbol} {format_date_long(day)} của {settings.issuing_body})"
    return Document(
        header=header,
        addressees=tuple(addressee_lines(common.lines_of(settings.addressees))),
        body=tuple(body),
        signature=common.signature(settings),
        recipients=common.recipients(settings),
        appendices=tuple(appendices),
        attached_to=attached,
    )


def _numbered(sections: list[tuple[str, list[Paragraph]]]) -> list[Paragraph]:
    numbered: list[Paragraph] = []
    for number, (title, paragraphs) in enumerate(sections, start=1):
        numbered.append(Paragraph(f"{number}. {title}", Style.SECTION))
        numbered += paragraphs
    return numbered
