"""Reads of the documents app: a programme's document settings (saved, or the defaults its units suggest), the
yearly report's draft and its revisions, the briefing schedules."""

import re

from django.db.models import QuerySet

from ansinh.documents.models import BriefingSchedule, DocumentSettings, ReportDraft, ReportDraftRevision
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Program
from ansinh.rules.decree30 import Authority, symbol_of

# "Thành phố Hà Nội" → "Hà Nội": the place name of a document is the locality without its kind.
_LOCALITY_PREFIX = re.compile(r"^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Xã|Phường|Thị trấn)\s+", re.IGNORECASE)


def place_of(unit: OrgUnit) -> str:
    return _LOCALITY_PREFIX.sub("", unit.name).strip() or unit.name


def default_settings(program: Program) -> DocumentSettings:
    """What a new programme's documents are signed with until its secretariat says otherwise: issued by the
    standing agency under the programme's People's Committee, signed for its director."""
    owner = program.owner_unit
    agency = program.standing_agency
    if agency is not None:
        parent_body = f"Ủy ban nhân dân {owner.name}" if owner.kind == OrgUnitKind.PROVINCE else ""
        issuing_body = agency.name
        symbol = symbol_of(agency.name)
        is_department = agency.kind == OrgUnitKind.DEPARTMENT
    else:
        parent_body, issuing_body, symbol, is_department = "", f"Ủy ban nhân dân {owner.name}", "UBND", False
    return DocumentSettings(
        program=program,
        parent_body=parent_body,
        issuing_body=issuing_body,
        issuer_symbol=symbol,
        place=place_of(owner),
        authority=Authority.DEPUTY.value if is_department else Authority.HEAD.value,
        principal="Giám đốc" if is_department else "",
        signer_title="Phó Giám đốc" if is_department else "",
        addressees=program.issuer,
        recipients="Như trên",
    )


def settings_for(program: Program) -> DocumentSettings:
    """The saved settings, or the defaults (unsaved)."""
    saved = DocumentSettings.objects.filter(program=program).first()
    return saved if saved is not None else default_settings(program)


def draft_for(program: Program, year: int) -> ReportDraft:
    """The saved draft of the year's report, or an empty one (unsaved, version 0)."""
    saved = ReportDraft.objects.filter(program=program, year=year).select_related("updated_by").first()
    return saved if saved is not None else ReportDraft(program=program, year=year)


def draft_revisions(draft: ReportDraft) -> QuerySet[ReportDraftRevision]:
    if draft.pk is None:
        return ReportDraftRevision.objects.none()
    return ReportDraftRevision.objects.filter(draft=draft).select_related("saved_by")


def briefing_schedules(program: Program) -> QuerySet[BriefingSchedule]:
    return BriefingSchedule.objects.filter(program=program).select_related("created_by").prefetch_related("sent")
