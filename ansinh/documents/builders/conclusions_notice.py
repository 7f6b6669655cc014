"""The notice of a meeting's conclusions (thông báo kết luận), from a ``documents.steering.MeetingNotice``: ready for the
app that keeps the committee's meetings (issue 17) to offer it on a meeting's page; nothing calls it until meetings
exist in ansinh."""

from datetime import date

from ansinh.core.dates import format_date
from ansinh.documents.builders import common
from ansinh.documents.models import DocumentSettings
from ansinh.documents.steering import MeetingNotice
from ansinh.programs.models import Program
from ansinh.rules.decree30 import Document, Kind, Paragraph, Style, addressee_lines


def build_conclusions_notice(
    settings: DocumentSettings, program: Program, meeting: MeetingNotice, *, number: int | None, issued_on: date
) -> Document:
    summary = f"Kết luận của {meeting.chair} tại {meeting.title} ngày {format_date(meeting.held_on)}"
    body = [
        Paragraph(
            f"Ngày {format_date(meeting.held_on)}, {meeting.chair} chủ trì {meeting.title} về thực hiện "
            f"{program.kind} {program.code}. Sau khi nghe báo cáo và ý kiến của các thành viên, {meeting.chair} "
            "kết luận như sau:"
        ),
        *[Paragraph(f"{index}. {text}", Style.BODY) for index, text in enumerate(meeting.conclusions, start=1)],
        Paragraph(f"{settings.issuing_body} thông báo để các cơ quan, đơn vị biết, thực hiện./."),
    ]
    return Document(
        header=common.header(settings, Kind.NOTICE, number, issued_on, summary),
        addressees=tuple(addressee_lines([])),
        body=tuple(body),
        signature=common.signature(settings),
        recipients=common.recipients(settings),
    )
