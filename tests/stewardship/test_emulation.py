"""Emulation and rewards in the shared world: a topic's weights sum to 100%, each unit's score is computed from
what ansinh holds and reproduced here by hand from its parts, units are ranked among comparable ones, proposals
are drafted by the secretariat and decided by the committee, with the refusals the issue names."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import can_decide_rewards
from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.documents.steering import budget_section, rewards_section
from ansinh.followups.services.inspections import add_recommendation, add_visit, create_inspection_plan, record_finding
from ansinh.followups.services.tasks import TaskInput, create_task, set_task_status
from ansinh.programs.models import Comparator, Target
from ansinh.reporting.models import ReportAction, ReportEvent
from ansinh.reporting.services.assignments import create_default_assignments
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.followups import TaskStatus, parse_deadline
from ansinh.rules.periods import PeriodKey
from ansinh.stewardship.models import EmulationTopic, ProposalStatus, RewardProposal
from ansinh.stewardship.selectors import emulation_scores
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line
from ansinh.stewardship.services.emulation import ProposalInput, decide_proposal, draft_proposal, set_topic
from ansinh.stewardship.services.errors import StewardshipError

WEIGHTS = {
    "indicators_achieved": Decimal(40),
    "reports_on_time": Decimal(20),
    "tasks_on_time": Decimal(20),
    "findings_closed": Decimal(10),
    "budget_disbursed": Decimal(10),
}
BILLION = 10**9


def _topic(world, cast):
    return set_topic(world.program, year=2025, title="Chuyên đề thi đua năm 2025", weights=WEIGHTS, actor=cast.thu)


def _task(world, unit, due: str, done_on: date | None):
    task = create_task(
        world.program,
        TaskInput(title=f"Việc của {unit.code} hạn {due}", lead_unit=unit, deadline=parse_deadline(due)),
        actor=None,
        today=date(2025, 1, 2),
    )
    if done_on is not None:
        set_task_status(task, status=TaskStatus.DONE, completed_on=done_on, actor=None, today=date(2025, 12, 31))
    return task


@pytest.fixture
def year_2025(world, cast):
    """The lead department: its indicator 1.1 achieved (88% against 85%), one task of two done on time, its
    report sent on time, 8 of 10 tỷ disbursed. The partner (Sở Y tế): its yes/no indicator not judged, its task
    done late, its report not sent, 6 tỷ disbursed of 5 (capped at all), one finding closed."""
    Target.objects.create(
        indicator=world.coverage, year=2025, comparator=Comparator.GE, value=85, unit="%", phrase="85%"
    )
    create_default_assignments(world.program)
    period = open_period(world.program, PeriodKey(2025, "year"))
    city = get_or_create_report(period, world.province)
    save_values(city, [ValueInput(world.coverage, numerator_text="88", denominator_text="100", source="thử nghiệm")])
    approve_report(submit_report(city))
    lead_report = get_or_create_report(period, world.lead)
    save_values(lead_report, [ValueInput(world.supported, text="1.000", source="thử nghiệm")])
    submit_report(lead_report)
    ReportEvent.objects.filter(report=lead_report, action=ReportAction.SUBMIT).update(
        at=datetime(2025, 11, 1, 9, tzinfo=UTC)
    )
    _task(world, world.lead, "30/06/2025", date(2025, 6, 1))
    _task(world, world.lead, "30/09/2025", None)
    _task(world, world.partner, "31/03/2025", date(2025, 4, 10))
    save_budget_line(
        world.program,
        BudgetInput(unit=world.lead, year=2025, source="city", allocated=10 * BILLION, disbursed=8 * BILLION),
        actor=cast.thu,
    )
    save_budget_line(
        world.program,
        BudgetInput(
            unit=world.partner, year=2025, source="city", allocated=5 * BILLION, disbursed=6 * BILLION, note="Bổ sung"
        ),
        actor=cast.thu,
    )
    plan = create_inspection_plan(world.program, year=2025, title="Kiểm tra 2025", target_units=2, actor=None)
    finding = record_finding(add_visit(plan, world.partner, actor=None), text="Chậm cập nhật", actor=None)
    fix = add_recommendation(
        finding,
        TaskInput(title="Cập nhật", lead_unit=world.partner, deadline=parse_deadline("2026")),
        actor=None,
        today=date(2025, 5, 1),
    )
    set_task_status(fix, status=TaskStatus.DONE, completed_on=date(2025, 8, 1), actor=None, today=date(2025, 12, 31))
    return _topic(world, cast)


def test_scores_reproduced_by_hand_from_their_parts_and_ranked(world, cast, year_2025):
    scores = {s.unit.code: s for s in emulation_scores(year_2025, today=date(2026, 3, 1))}
    assert set(scores) == {"T-LDXH", "T-SYT"}  # the city itself is not ranked
    lead, partner = scores["T-LDXH"], scores["T-SYT"]
    assert [(p.criterion.value, p.part.done, p.part.due) for p in lead.score.parts] == [
        ("indicators_achieved", 1, 1),
        ("reports_on_time", 1, 1),
        ("tasks_on_time", 1, 2),
        ("findings_closed", 0, 0),
        ("budget_disbursed", 8 * BILLION, 10 * BILLION),
    ]
    # (40 × 1 + 20 × 1 + 20 × 1/2 + 10 × 0,8) / (40 + 20 + 20 + 10) × 100: no finding at the department
    assert lead.score.value == (Decimal(40) + 20 + 10 + 8) / 90 * 100
    assert lead.score.explanation.endswith("/ 90 × 100 = 86,67")
    # (20 × 0 + 20 × 0 + 10 × 1 + 10 × 1) / (20 + 20 + 10 + 10) × 100: its yes/no indicator is not judged
    assert partner.score.value == Decimal(20) / 60 * 100
    assert (
        partner.score.explanation == "(20 × 0/1 + 20 × 0/1 + 10 × 1/1 + 10 × 1) / 60 × 100 = 33,33"
    )  # 6 tỷ disbursed of 5 counts as all of it
    assert (lead.group, lead.rank, partner.group, partner.rank) == ("Sở, ban, ngành", 1, "Sở, ban, ngành", 2)


def test_weights_must_sum_to_100_and_nothing_is_saved(world, cast):
    with pytest.raises(StewardshipError) as refused:
        set_topic(
            world.program,
            year=2025,
            title="Chuyên đề",
            weights={**WEIGHTS, "budget_disbursed": Decimal(5)},
            actor=cast.thu,
        )
    assert "Tổng trọng số các tiêu chí phải bằng 100% (đang là 95%)" in refused.value.message
    assert not EmulationTopic.objects.exists()
    topic = _topic(world, cast)
    again = set_topic(
        world.program, year=2025, title="Chuyên đề sửa", weights={"tasks_on_time": Decimal(100)}, actor=cast.thu
    )
    assert again.pk == topic.pk and [c.criterion for c in again.criteria.all()] == ["tasks_on_time"]
    assert AuditEvent.objects.filter(action="emulation.topic").count() == 2


def _proposal(world, unit, **overrides) -> ProposalInput:
    data = {
        "recipient_kind": "collective",
        "unit": unit,
        "award": "city_merit",
        "grounds": "Hoàn thành xuất sắc các chỉ tiêu năm 2025",
        "proposed_by": world.standing,
    }
    data.update(overrides)
    return ProposalInput(**data)


@pytest.mark.parametrize(
    ("which", "overrides", "words"),
    [
        ("standing", {}, "không tự đề nghị khen thưởng cho chính mình"),
        ("old_commune", {}, "không tồn tại trong năm 2026"),
        ("lead", {"recipient_kind": "individual"}, "cần ghi họ và tên"),
        ("lead", {"grounds": " "}, "thành tích"),
    ],
)
def test_bad_proposals_are_refused_in_vietnamese(world, cast, which, overrides, words):
    topic = set_topic(world.program, year=2026, title="Chuyên đề 2026", weights=WEIGHTS, actor=cast.thu)
    unit = {"standing": world.standing, "old_commune": world.old_communes[0], "lead": world.lead}[which]
    with pytest.raises(StewardshipError) as refused:
        draft_proposal(topic, _proposal(world, unit, **overrides), actor=cast.thu)
    assert words in refused.value.message
    assert not RewardProposal.objects.exists()


def test_the_committee_decides_a_proposal_once_and_not_its_drafter(world, cast):
    topic = _topic(world, cast)
    proposal = draft_proposal(topic, _proposal(world, world.lead), actor=cast.thu)
    individual = draft_proposal(
        topic,
        _proposal(world, world.standing, recipient_kind="individual", person_name="Nguyễn Văn A"),
        actor=cast.thu,
    )
    assert individual.status == ProposalStatus.DRAFT  # a person of the proposing unit may be proposed
    leader = cast.nga
    Membership.objects.create(user=leader, unit=world.province, role=Role.APPROVER, includes_subunits=True)
    assert can_decide_rewards(leader, world.program) and not can_decide_rewards(cast.thu, world.program)
    assert not can_decide_rewards(cast.ha, world.program)  # an approver of the standing agency
    with pytest.raises(StewardshipError, match="Người dự thảo"):
        decide_proposal(proposal, approve=True, actor=cast.thu)
    with pytest.raises(StewardshipError, match="lý do"):
        decide_proposal(proposal, approve=False, actor=leader)
    decided = decide_proposal(proposal, approve=True, actor=leader, note="Đồng ý trình UBND Thành phố")
    assert decided.status == ProposalStatus.APPROVED and decided.decided_by == leader
    with pytest.raises(StewardshipError, match="đã được Ban Chỉ đạo cho ý kiến"):
        decide_proposal(proposal, approve=False, actor=leader, note="Đổi ý")
    assert AuditEvent.objects.filter(action__in=("reward.draft", "reward.decide")).count() == 3


def test_the_pages_and_the_api(world, cast, client, pass_two_factor, year_2025):
    client.force_login(cast.thu)
    pass_two_factor(client, cast.thu)
    url = reverse("emulation_year", args=[world.program.slug, 2025])
    page = client.get(url).content.decode()
    assert "Sở Lao động" in page and "1/2" in page
    response = client.post(
        url,
        {"recipient_kind": "collective", "unit": "T-SNV", "award": "city_merit", "grounds": "Tham mưu tốt"},
    )
    assert response.status_code == 200 and "không tự đề nghị" in response.content.decode()
    response = client.post(
        url, {"recipient_kind": "collective", "unit": "T-LDXH", "award": "city_merit", "grounds": "Tham mưu tốt"}
    )
    assert response.status_code == 302 and RewardProposal.objects.count() == 1
    sheet = client.get(url + "?xuat=khen-thuong")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(
        reverse("emulation", args=[world.program.slug]),
        {"year": "2026", "title": "Chuyên đề 2026", "weight_tasks_on_time": "60", "weight_budget_disbursed": "30"},
    )
    assert response.status_code == 200 and "đang là 90%" in response.content.decode()
    key = create_token(cast.lan, name="đọc")[1]
    body = client.get(
        f"/api/v1/programs/{world.program.slug}/emulation/2025", HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    lead = next(s for s in body["scores"] if s["unit_code"] == "T-LDXH")
    assert lead["score"] == 86.67 and lead["rank"] == 1
    assert [p["done"] for p in lead["parts"]][:3] == [1, 1, 1] and lead["parts"][2]["due"] == 2
    assert body["proposals"][0]["unit_code"] == "T-LDXH"
    missing = client.get(f"/api/v1/programs/{world.program.slug}/emulation/2024", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert missing.status_code == 404
    decide = reverse("proposal_decide", args=[RewardProposal.objects.get().pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403


def test_the_year_end_report_lists_the_rewards_the_committee_agreed_to_and_the_budget(world, cast, year_2025):
    leader = cast.nga
    Membership.objects.create(user=leader, unit=world.province, role=Role.APPROVER, includes_subunits=True)
    agreed = draft_proposal(year_2025, _proposal(world, world.lead), actor=cast.thu)
    refused = draft_proposal(year_2025, _proposal(world, world.partner), actor=cast.thu)
    draft_proposal(
        year_2025,
        _proposal(world, world.standing, recipient_kind="individual", person_name="Trần Thị B", position="Chuyên viên"),
        actor=cast.thu,
    )
    decide_proposal(agreed, approve=True, actor=leader)
    decide_proposal(refused, approve=False, actor=leader, note="Chưa đủ thành tích")
    rewards = rewards_section(world.program, 2025)
    assert rewards.paragraphs == (
        "Ban Chỉ đạo phát động chuyên đề thi đua năm 2025.",
        "Ban Chỉ đạo đồng ý đề nghị khen thưởng 1 tập thể, cá nhân:",
    )
    assert rewards.items == (
        "Bằng khen của Ủy ban nhân dân Thành phố: Sở Lao động — Hoàn thành xuất sắc các chỉ tiêu năm 2025.",
    )
    budget = budget_section(world.program, 2025)
    assert budget.paragraphs == (
        "Năm 2025, các đơn vị được giao 15 tỷ đồng, đã giải ngân 14 tỷ đồng (93,3% kinh phí được giao).",
    )
    assert rewards_section(world.program, 2024) is None and budget_section(world.program, 2024) is None
