"""The documents a person downloads, made from the selectors and audited: which document, which format, by whom.
A PDF that cannot be made raises ``DocumentError`` and nothing is given back."""

from dataclasses import dataclass
from datetime import date

from ansinh.audit.services import record
from ansinh.documents.builders.annual_report import annual_report_data, build_annual_report
from ansinh.documents.builders.reminder_letter import build_reminder_letter, late_units
from ansinh.documents.services.errors import DocumentError
from ansinh.documents.writers.docx import write_docx
from ansinh.documents.writers.pdf import ConverterError, docx_to_pdf
from ansinh.documents.writers.xlsx import write_xlsx
from ansinh.programs.models import Program
from ansinh.reporting.models import ReportingPeriod
from ansinh.rules.decree30 import Document

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_LABELS = {"docx": "Word (.docx)", "pdf": "PDF", "xlsx": "Phụ lục Excel (.xlsx)"}


@dataclass(frozen=True)
class GeneratedFile:
    content: bytes
    filename: str
    content_type: str


def render(document: Document, file_format: str) -> bytes:
    if file_format == "xlsx":
        return write_xlsx(document)
    content = write_docx(document)
    if file_format == "pdf":
        try:
            return docx_to_pdf(content)
        except ConverterError as error:
            raise DocumentError("converter_unavailable", str(error)) from error
    return content


def annual_report_file(
    program: Program, year: int, file_format: str, *, actor, today: date | None = None
) -> GeneratedFile:
    if file_format not in CONTENT_TYPES:
        raise DocumentError("invalid_format", "Định dạng phải là docx, pdf hoặc xlsx.")
    if year not in program.years:
        raise DocumentError("invalid_year", f"Năm {year} nằm ngoài thời gian {program.start_year}–{program.end_year}.")
    data = annual_report_data(program, year)
    content = render(build_annual_report(data, today=today), file_format)
    record(
        actor=actor,
        action="document.generate",
        obj=program,
        summary=f"Tạo báo cáo năm {year} ({FORMAT_LABELS[file_format]}) — {program}",
        after={"kind": "annual_report", "year": year, "format": file_format, "draft_version": data.draft.version},
    )
    return GeneratedFile(content, f"bao-cao-{program.slug}-{year}.{file_format}", CONTENT_TYPES[file_format])


def reminder_letter_file(
    period: ReportingPeriod,
    *,
    number: int | None,
    issued_on: date,
    new_deadline: date,
    file_format: str,
    actor,
    today: date,
) -> GeneratedFile:
    if file_format not in ("docx", "pdf"):
        raise DocumentError("invalid_format", "Công văn tải được dạng docx hoặc pdf.")
    if new_deadline <= issued_on:
        raise DocumentError("invalid_deadline", "Hạn gửi đề nghị phải sau ngày văn bản.")
    late = late_units(period, today)
    if not late:
        raise DocumentError("nothing_late", "Mọi đơn vị đã gửi báo cáo kỳ này: không có đơn vị nào cần đôn đốc.")
    document = build_reminder_letter(
        period, late, number=number, issued_on=issued_on, new_deadline=new_deadline, today=today
    )
    content = render(document, file_format)
    record(
        actor=actor,
        action="document.generate",
        obj=period,
        summary=f"Tạo công văn đôn đốc {period} — {period.program}: {len(late)} đơn vị",
        after={"kind": "reminder_letter", "format": file_format, "units": [item.unit.code for item in late]},
    )
    return GeneratedFile(
        content, f"cong-van-don-doc-{period.program.slug}-{period.pk}.{file_format}", CONTENT_TYPES[file_format]
    )
