"""What the leadership reads, through the API: the yearly report as a Decree 30 document (DOCX, PDF, the Excel
appendix) and the dashboard. The same selectors and services as the pages; the same access rules."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ansinh.accounts.rules import can_follow_program
from ansinh.api.schemas import ErrorOut, ProgramSlug
from ansinh.core.downloads import attachment
from ansinh.documents.services.errors import DocumentError
from ansinh.documents.services.generation import CONTENT_TYPES, annual_report_file
from ansinh.gates import program_checked

router = Router(tags=["Văn bản và bảng điều khiển cho lãnh đạo"])

FILE_CONTENT = {
    content_type: {"schema": {"type": "string", "format": "binary"}} for content_type in CONTENT_TYPES.values()
}


class ReportQuery(Schema):
    year: int = Field(..., ge=1900, le=2100, description="Năm báo cáo, ví dụ 2022")
    format: Literal["docx", "pdf", "xlsx"] = Field(
        "docx", description="docx, pdf (từ chính tệp docx) hoặc xlsx (phụ lục)"
    )


@router.get(
    "/programs/{slug}/report",
    response={400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    summary="Báo cáo kết quả thực hiện năm theo thể thức Nghị định 30/2020/NĐ-CP (DOCX, PDF, phụ lục Excel)",
    openapi_extra={"responses": {200: {"description": "Tệp văn bản", "content": FILE_CONTENT}}},
)
def program_report(request: HttpRequest, slug: ProgramSlug, query: Query[ReportQuery]):
    program = program_checked(request, slug, can_follow_program, "tạo báo cáo năm qua API")
    try:
        generated = annual_report_file(program, query.year, query.format, actor=request.user)
    except DocumentError as error:
        status = 503 if error.code == "converter_unavailable" else 400
        return Status(status, ErrorOut(code=error.code, message=error.message))
    return attachment(generated.content, generated.filename, generated.content_type)
