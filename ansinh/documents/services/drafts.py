"""Writes of the words a person drafts for the yearly report, and of the programme's document settings. Each save
is checked against the version it started from (two people never silently overwrite each other), keeps a revision
and is audited; a save that changes nothing writes nothing."""

from datetime import date

from django.db import transaction

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.core.names import person_name
from ansinh.documents.models import DocumentSettings, ReportDraft, ReportDraftRevision
from ansinh.documents.selectors import default_settings
from ansinh.documents.services.errors import DocumentError
from ansinh.programs.models import Program

NARRATIVE_FIELDS = ("general_assessment", "shortcomings", "next_steps", "proposals")
DRAFT_FIELDS = ("number", "issued_on", *NARRATIVE_FIELDS)
SETTINGS_FIELDS = (
    "parent_body",
    "issuing_body",
    "issuer_symbol",
    "drafting_unit",
    "place",
    "authority",
    "principal",
    "signer_title",
    "signer_name",
    "addressees",
    "recipients",
)
MAX_NARRATIVE = 20_000


def _plain(value):
    if isinstance(value, date):
        return format_date(value)
    return value


def draft_content(draft: ReportDraft) -> dict:
    return {name: _plain(getattr(draft, name)) for name in DRAFT_FIELDS}


def _check_text(values: dict) -> None:
    for name in NARRATIVE_FIELDS:
        text = values.get(name, "")
        if "\x00" in text:
            raise DocumentError("invalid_text", "Nội dung có ký tự không hợp lệ.")
        if len(text) > MAX_NARRATIVE:
            raise DocumentError("too_long", f"Mỗi phần tối đa {MAX_NARRATIVE:,} ký tự.".replace(",", "."))


def save_report_draft(program: Program, year: int, values: dict, *, based_on: int, actor) -> ReportDraft:
    """Save the draft of ``year``'s report from ``values`` (the fields of ``DRAFT_FIELDS``), based on the version
    the person started from."""
    if year not in program.years:
        raise DocumentError("invalid_year", f"Năm {year} nằm ngoài thời gian {program.start_year}–{program.end_year}.")
    _check_text(values)
    with transaction.atomic():
        draft, _ = ReportDraft.objects.select_for_update().get_or_create(program=program, year=year)
        if draft.version != based_on:
            who = person_name(draft.updated_by) if draft.updated_by else "người khác"
            raise DocumentError(
                "version_conflict",
                f"Dự thảo đã được {who} lưu (phiên bản {draft.version}) sau khi anh/chị mở trang. "
                "Tải lại trang để xem bản mới rồi sửa tiếp; nội dung anh/chị vừa gõ được giữ trong ô nhập.",
            )
        before = draft_content(draft)
        for name in DRAFT_FIELDS:
            if name in values:
                setattr(draft, name, values[name])
        after = draft_content(draft)
        if after == before:
            return draft
        draft.version += 1
        draft.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        draft.save()
        ReportDraftRevision.objects.create(draft=draft, version=draft.version, content=after, saved_by=draft.updated_by)
        changed = {name: after[name] for name in after if after[name] != before[name]}
        record(
            actor=actor,
            action="document.draft_save",
            obj=program,
            summary=f"Lưu dự thảo báo cáo năm {year} — {program} (phiên bản {draft.version})",
            before={name: before[name] for name in changed},
            after=changed,
        )
    return draft


def save_document_settings(program: Program, values: dict, *, actor) -> DocumentSettings:
    with transaction.atomic():
        settings = DocumentSettings.objects.select_for_update().filter(program=program).first()
        is_new = settings is None
        if settings is None:
            settings = default_settings(program)
        before = {name: getattr(settings, name) for name in SETTINGS_FIELDS}
        for name in SETTINGS_FIELDS:
            if name in values:
                value = values[name]
                if "\x00" in value:
                    raise DocumentError("invalid_text", "Nội dung có ký tự không hợp lệ.")
                setattr(settings, name, value.strip())
        after = {name: getattr(settings, name) for name in SETTINGS_FIELDS}
        if after == before and not is_new:
            return settings
        settings.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        settings.save()
        changed = {name: after[name] for name in after if is_new or after[name] != before[name]}
        record(
            actor=actor,
            action="document.settings_save",
            obj=program,
            summary=f"Lưu thể thức văn bản — {program}",
            before=None if is_new else {name: before[name] for name in changed},
            after=changed,
        )
    return settings
