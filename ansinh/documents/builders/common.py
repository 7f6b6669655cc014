"""The parts every document of a programme shares: its header block and its signature, from the settings."""

from datetime import date

from ansinh.documents.models import DocumentSettings
from ansinh.evaluation.selectors import IndicatorEvaluation
from ansinh.rules.decree30 import (
    Authority,
    Header,
    Kind,
    Paragraph,
    Signature,
    Style,
    authority_lines,
    number_line,
    place_and_date,
    recipients_lines,
)


def header(settings: DocumentSettings, kind: Kind, number: int | None, day: date, summary: str) -> Header:
    return Header(
        parent_body=settings.parent_body.upper(),
        issuing_body=settings.issuing_body.upper(),
        number=number_line(kind, number, settings.issuer_symbol, settings.drafting_unit),
        place_date=place_and_date(settings.place, day),
        kind=kind,
        summary=summary,
    )


def signature(settings: DocumentSettings) -> Signature:
    lines = authority_lines(Authority(settings.authority), settings.principal, settings.signer_title)
    return Signature(lines=tuple(lines), name=settings.signer_name.strip())


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def recipients(settings: DocumentSettings, extra: list[str] | None = None) -> tuple[str, ...]:
    return tuple(recipients_lines([*lines_of(settings.recipients), *(extra or [])], settings.drafting_unit))


def narrative(text: str) -> list[Paragraph]:
    """A person's text as body paragraphs: a line starting with a dash is a list item."""
    return [Paragraph(line, Style.ITEM if line.startswith(("-", "–", "+")) else Style.BODY) for line in lines_of(text)]


def verdict_label(row: IndicatorEvaluation) -> str:
    """An indicator's verdict as the documents print it: its badge ("Chưa đánh giá" for a figure not yet judged),
    marked when the committee declared it."""
    return row.verdict.label + (" (công bố)" if row.is_declared else "")
