"""Writes for a programme's hierarchy of documents (``ProgramLink``): the secretariat adds or removes one; every
change is audited; bad input is refused in Vietnamese with nothing saved."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.programs.models import LinkRelation, Program, ProgramLink


class LinkError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LinkInput:
    relation: str
    kind: str
    code: str
    source: str
    title: str = ""
    issuer: str = ""
    issued_on: date | None = None
    position: int = 0


def _state(link: ProgramLink) -> dict:
    return {
        "program": link.program.slug,
        "relation": link.relation,
        "kind": link.kind,
        "code": link.code,
        "title": link.title,
        "issuer": link.issuer,
        "issued_on": link.issued_on.isoformat() if link.issued_on else None,
        "position": link.position,
        "source": link.source,
    }


def save_link(program: Program, data: LinkInput, *, actor=None) -> ProgramLink:
    """Add a document to the programme's hierarchy, or update the one with the same number."""
    if data.relation not in LinkRelation.values:
        raise LinkError("Quan hệ phải là văn bản cấp trên hoặc văn bản thực hiện.")
    if not data.kind.strip() or not data.code.strip():
        raise LinkError("Cần ghi loại văn bản và số hiệu (ví dụ: Nghị quyết, 42-NQ/TW).")
    if data.code.strip() == program.code:
        raise LinkError(f"{program.code} là chính chương trình, kế hoạch này.")
    if not data.source.strip():
        raise LinkError("Cần ghi nguồn của văn bản.")
    if data.issued_on is not None and data.relation == LinkRelation.ABOVE and data.issued_on > program.issued_on:
        raise LinkError(
            f"Văn bản cấp trên ban hành ngày {format_date(data.issued_on)}, sau {program.code} "
            f"({format_date(program.issued_on)})."
        )
    values = {
        "relation": data.relation,
        "kind": data.kind.strip(),
        "title": data.title.strip(),
        "issuer": data.issuer.strip(),
        "issued_on": data.issued_on,
        "position": data.position,
        "source": data.source.strip(),
    }
    with transaction.atomic():
        existing = ProgramLink.objects.filter(program=program, code=data.code.strip()).first()
        before = _state(existing) if existing else None
        link, _ = ProgramLink.objects.update_or_create(program=program, code=data.code.strip(), defaults=values)
        after = _state(link)
        if before != after:
            record(
                actor=actor,
                action="program.link",
                obj=program,
                summary=f"{program.code}: {link.kind} {link.code} ({link.get_relation_display()})",
                before=before,
                after=after,
            )
    return link


def remove_link(link: ProgramLink, *, actor=None) -> None:
    with transaction.atomic():
        record(
            actor=actor,
            action="program.unlink",
            obj=link.program,
            summary=f"{link.program.code}: bỏ {link.kind} {link.code}",
            before=_state(link),
        )
        link.delete()
