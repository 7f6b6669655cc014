"""Emulation and rewards: the secretariat sets a year's topic with its criteria and weights (summing to 100%),
drafts reward proposals for collectives and individuals; the committee decides them. Refused in Vietnamese, with
nothing written: weights that do not sum to 100%, a unit proposing itself, a unit that did not exist in the
topic's year, a decision by the person who drafted the proposal, a proposal decided twice."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.rules.emulation import weight_problems
from ansinh.stewardship.models import (
    AwardKind,
    EmulationCriterion,
    EmulationTopic,
    ProposalStatus,
    RecipientKind,
    RewardProposal,
)
from ansinh.stewardship.services.errors import StewardshipError


def set_topic(
    program: Program,
    *,
    year: int,
    title: str,
    weights: dict[str, Decimal],
    actor,
    description: str = "",
    source: str = "",
    is_illustrative: bool = False,
) -> EmulationTopic:
    """Create or change a year's topic; its criteria become exactly ``weights`` (zero weights are dropped)."""
    problems = weight_problems(weights)
    if not program.start_year <= year <= program.end_year:
        problems.insert(0, f"Năm {year} ngoài thời gian của {program.code} ({program.start_year}–{program.end_year}).")
    if not title.strip():
        problems.insert(0, "Cần ghi tên chuyên đề thi đua.")
    if problems:
        raise StewardshipError(" ".join(problems), code="invalid_topic", errors=problems)
    with transaction.atomic():
        topic = EmulationTopic.objects.select_for_update().filter(program=program, year=year).first()
        before = _topic_snapshot(topic) if topic is not None else None
        if topic is None:
            topic = EmulationTopic(program=program, year=year)
        topic.title = title.strip()[:500]
        topic.description = description.strip()
        topic.source = source.strip()
        topic.is_illustrative = is_illustrative
        topic.save()
        topic.criteria.all().delete()
        EmulationCriterion.objects.bulk_create(
            EmulationCriterion(topic=topic, criterion=name, weight=weight)
            for name, weight in weights.items()
            if weight > 0
        )
        record(
            actor=actor,
            action="emulation.topic",
            obj=topic,
            summary=f"Chuyên đề thi đua năm {year}: {topic.title}",
            before=before,
            after=_topic_snapshot(topic),
        )
    return topic


def _topic_snapshot(topic: EmulationTopic) -> dict:
    return {
        "year": topic.year,
        "title": topic.title,
        "weights": {c.criterion: str(c.weight) for c in topic.criteria.all()},
    }


@dataclass
class ProposalInput:
    recipient_kind: str
    unit: OrgUnit
    award: str
    grounds: str
    proposed_by: OrgUnit
    person_name: str = ""
    position: str = ""


def _existed_in(unit: OrgUnit, year: int) -> bool:
    return (unit.valid_from is None or unit.valid_from <= date(year, 12, 31)) and (
        unit.valid_to is None or unit.valid_to >= date(year, 1, 1)
    )


def proposal_problems(topic: EmulationTopic, data: ProposalInput) -> list[str]:
    problems = []
    if data.recipient_kind not in RecipientKind.values:
        problems.append("Đối tượng phải là tập thể hoặc cá nhân.")
    if data.award not in AwardKind.values:
        problems.append("Cần chọn hình thức khen thưởng.")
    if not data.grounds.strip():
        problems.append("Cần ghi thành tích, căn cứ đề nghị khen thưởng.")
    if data.recipient_kind == RecipientKind.INDIVIDUAL and not data.person_name.strip():
        problems.append("Đề nghị khen thưởng cá nhân cần ghi họ và tên.")
    if not _existed_in(data.unit, topic.year):
        problems.append(f"{data.unit.name} không tồn tại trong năm {topic.year}: không đề nghị khen thưởng được.")
    if data.recipient_kind == RecipientKind.COLLECTIVE and data.unit.pk == data.proposed_by.pk:
        problems.append(f"{data.unit.name} không tự đề nghị khen thưởng cho chính mình.")
    return problems


def _proposal_snapshot(proposal: RewardProposal) -> dict:
    return {
        "recipient_kind": proposal.recipient_kind,
        "unit": proposal.unit.code,
        "person_name": proposal.person_name,
        "award": proposal.award,
        "proposed_by": proposal.proposed_by.code,
        "status": proposal.status,
        "decision_note": proposal.decision_note,
    }


def draft_proposal(topic: EmulationTopic, data: ProposalInput, *, actor) -> RewardProposal:
    problems = proposal_problems(topic, data)
    if problems:
        raise StewardshipError(" ".join(problems), code="invalid_proposal", errors=problems)
    with transaction.atomic():
        proposal = RewardProposal.objects.create(
            topic=topic,
            recipient_kind=data.recipient_kind,
            unit=data.unit,
            person_name=data.person_name.strip()[:255],
            position=data.position.strip()[:255],
            award=data.award,
            grounds=data.grounds.strip(),
            proposed_by=data.proposed_by,
            drafted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(
            actor=actor,
            action="reward.draft",
            obj=proposal,
            summary=f"Dự thảo đề nghị khen thưởng: {proposal}",
            after=_proposal_snapshot(proposal),
            unit_code=data.unit.code,
        )
    return proposal


def decide_proposal(proposal: RewardProposal, *, approve: bool, actor, note: str = "") -> RewardProposal:
    """The committee agrees to propose the reward to the city, or does not (with its reason)."""
    if not approve and not note.strip():
        raise StewardshipError("Cần ghi lý do Ban Chỉ đạo không đồng ý.", code="reason_required")
    with transaction.atomic():
        locked = (
            RewardProposal.objects.select_for_update(of=("self",))
            .select_related("unit", "proposed_by")
            .get(pk=proposal.pk)
        )
        if locked.status != ProposalStatus.DRAFT:
            raise StewardshipError("Đề nghị này đã được Ban Chỉ đạo cho ý kiến.", code="already_decided")
        if actor is not None and locked.drafted_by_id is not None and locked.drafted_by_id == actor.pk:
            raise StewardshipError("Người dự thảo đề nghị không tự cho ý kiến về đề nghị đó.", code="own_draft")
        before = _proposal_snapshot(locked)
        locked.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
        locked.decision_note = note.strip()
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.decided_at = timezone.now()
        locked.save()
        record(
            actor=actor,
            action="reward.decide",
            obj=locked,
            summary=f"{locked.get_status_display()}: {locked}",
            before=before,
            after=_proposal_snapshot(locked),
            unit_code=locked.unit.code,
        )
    return locked
