"""Steering work through its services, in the shared world: who may do what, what is refused (in Vietnamese,
changing nothing), a task's account locked with its report, inspections that reopen a report, the task
import that can run twice, and alerts sent once."""

from datetime import date

import pytest

from ansinh.accounts.rules import (
    can_record_findings,
    can_resolve_difficulty,
    can_update_task,
    can_view_inspection,
    can_view_task,
)
from ansinh.audit.models import AuditEvent
from ansinh.followups.models import AlertSent, Task, TaskKind, TaskProgress
from ansinh.followups.selectors import current_alerts, report_tasks, tasks_visible_to
from ansinh.followups.services.alerts import send_alerts
from ansinh.followups.services.errors import FollowupError
from ansinh.followups.services.inspections import (
    add_recommendation,
    add_team,
    add_visit,
    create_inspection_plan,
    record_finding,
    reopen_for_correction,
)
from ansinh.followups.services.plan_tasks import apply_task_import, preview_task_import
from ansinh.followups.services.progress import save_task_progress
from ansinh.followups.services.tasks import TaskInput, create_task, set_task_status
from ansinh.programs.plan_import.tasks import read_plan_tasks
from ansinh.reporting.models import Notification, Report, ReportAction, ReportStatus
from ansinh.reporting.services.assignments import create_default_assignments
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.followups import TaskStatus, parse_deadline
from ansinh.rules.periods import PeriodKey


def _task(world, **overrides) -> Task:
    data = TaskInput(title="Rà soát đối tượng hỗ trợ việc làm", lead_unit=world.lead, deadline=parse_deadline("2026"))
    for name, value in overrides.items():
        setattr(data, name, value)
    return create_task(world.program, data, actor=None, today=date(2025, 1, 10))


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"deadline": parse_deadline("31/12/2023")}, "trước khi"),
        ({"deadline": parse_deadline("2027")}, "không tồn tại"),  # with the old district as lead, below
        ({"title": " "}, "tên nhiệm vụ"),
        ({"kind": TaskKind.DOCUMENT}, "loại văn bản"),
    ],
)
def test_bad_tasks_are_refused_in_vietnamese_and_change_nothing(world, overrides, words):
    if "không tồn tại" in words:
        overrides["lead_unit"] = world.district  # a district abolished on 1/7/2025
    before = (Task.objects.count(), AuditEvent.objects.count())
    with pytest.raises(FollowupError) as error:
        _task(world, **overrides)
    assert words in error.value.message
    assert (Task.objects.count(), AuditEvent.objects.count()) == before


def test_a_document_is_done_only_with_its_number_and_date(world, cast):
    document = _task(world, kind=TaskKind.DOCUMENT, document_type="quyet_dinh")
    with pytest.raises(FollowupError, match="số, ký hiệu"):
        set_task_status(document, status=TaskStatus.DONE, actor=cast.lan, evidence_number="12/QĐ-UBND")
    document.refresh_from_db()
    assert document.status == TaskStatus.NOT_STARTED
    done = set_task_status(
        document,
        status=TaskStatus.DONE,
        actor=cast.lan,
        evidence_number="12/QĐ-UBND",
        evidence_date=date(2025, 3, 5),
        completed_on=date(2025, 3, 5),
    )
    assert done.status_on(date(2025, 4, 1)) == TaskStatus.DONE
    assert AuditEvent.objects.filter(action="task.status", object_id=str(document.pk)).exists()


def test_a_department_updates_its_own_tasks_and_not_another_units(world, cast):
    own = _task(world)
    other = _task(world, lead_unit=world.partner, coordinating_units=[world.lead])
    assert can_update_task(cast.lan, own) and not can_update_task(cast.lan, other)
    assert can_view_task(cast.lan, other)  # it coordinates, so it reads
    assert can_update_task(cast.thu, other)  # the secretariat manages all
    assert not can_update_task(cast.nga, own) and can_view_task(cast.nga, own)  # leaders read
    assert not can_view_task(cast.xuan, own)
    assert set(tasks_visible_to(cast.lan, world.program)) == {own, other}
    assert set(tasks_visible_to(cast.xuan, world.program)) == set()


@pytest.fixture
def lead_report(world) -> Report:
    create_default_assignments(world.program)
    period = open_period(world.program, PeriodKey(2025, "year"))
    return Report.objects.get(period=period, unit=world.lead)


def test_a_tasks_account_is_written_in_the_report_and_locked_with_it(world, cast, lead_report):
    task = _task(world)
    assert [item.task for item in report_tasks(lead_report)] == [task]
    save_task_progress(task, lead_report, results="Đã rà soát 1.200 hộ", difficulties="", proposals="", actor=cast.lan)
    save_values(lead_report, [ValueInput(indicator=world.supported, text="1.250")], actor=cast.lan)
    submit_report(lead_report)  # sent as the system does: the coverage figure is not the point here
    lead_report.refresh_from_db()
    with pytest.raises(FollowupError, match="khoá cùng báo cáo"):
        save_task_progress(task, lead_report, results="Sửa sau khi gửi", difficulties="", proposals="", actor=cast.lan)
    assert TaskProgress.objects.get(task=task).results == "Đã rà soát 1.200 hộ"
    partner_task = _task(world, lead_unit=world.partner)
    with pytest.raises(FollowupError, match="chủ trì"):
        save_task_progress(partner_task, lead_report, results="x", difficulties="", proposals="", actor=cast.lan)


def test_an_inspection_finding_reopens_the_report_through_its_own_path(world, cast, lead_report):
    save_values(lead_report, [ValueInput(indicator=world.supported, text="1.250")], actor=cast.lan)
    submit_report(lead_report)  # sent as the system does: the coverage figure is not the point here
    approve_report(lead_report, actor=cast.ha)
    plan = create_inspection_plan(world.program, year=2025, title="Kiểm tra năm 2025", target_units=2, actor=cast.thu)
    team = add_team(plan, name="Đoàn 1", members=[cast.son], actor=cast.thu)
    visit = add_visit(plan, world.lead, team=team, visited_on=date(2025, 3, 1), actor=cast.thu)
    assert can_record_findings(cast.son, team) and can_view_inspection(cast.son, plan)
    assert not can_record_findings(cast.lan, team) and not can_record_findings(cast.nga, team)
    lead_report.refresh_from_db()
    finding = record_finding(
        visit, text="Số người được hỗ trợ tính trùng 50 người", correction_report=lead_report, actor=cast.son
    )
    recommendation = add_recommendation(
        finding,
        TaskInput(title="Rà soát, điều chỉnh số liệu", lead_unit=world.lead, deadline=parse_deadline("30/06/2026")),
        actor=cast.son,
        today=date(2025, 3, 2),
    )
    assert recommendation.kind == TaskKind.RECOMMENDATION and recommendation.finding == finding
    reopen_for_correction(finding, reason="", actor=cast.ha)
    lead_report.refresh_from_db()
    assert lead_report.status == ReportStatus.RETURNED
    assert lead_report.events.filter(action=ReportAction.REOPEN, reason__contains="kiểm tra").exists()
    with pytest.raises(FollowupError):
        reopen_for_correction(finding, reason="lần nữa", actor=cast.ha)


def test_team_members_must_be_inspectors(world, cast):
    plan = create_inspection_plan(world.program, year=2025, title="Kiểm tra", target_units=1, actor=cast.thu)
    with pytest.raises(FollowupError, match="thanh tra"):
        add_team(plan, name="Đoàn", members=[cast.lan], actor=cast.thu)


PLAN = """KẾ HOẠCH
II. CÁC CHỈ TIÊU CHỦ YẾU
1. Tỷ lệ tham gia bảo hiểm y tế đạt 95%.
III. NHIỆM VỤ, GIẢI PHÁP
1. Về việc làm
- Hỗ trợ tạo việc làm cho người lao động thất nghiệp.
+ Mở rộng cho vay giải quyết việc làm.
2. Về y tế
- Nâng cao chất lượng khám chữa bệnh tại tuyến cơ sở.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Lao động
- Chủ trì triển khai Kế hoạch; chủ trì các chỉ tiêu thuộc lĩnh vực lao động, việc làm.
2. Sở Y tế
- Chủ trì các chỉ tiêu về lĩnh vực y tế.
"""


def test_tasks_from_the_plan_text_import_twice_without_duplicates_and_keep_a_persons_lead(world, cast):
    parsed = read_plan_tasks(PLAN)
    assert [task.code for task in parsed.tasks] == ["III.1.1", "III.1.1.1", "III.2.1"]
    preview = preview_task_import(world.program, parsed)
    assert [item.lead for item in preview.tasks] == [world.lead, world.lead, world.partner]
    assert apply_task_import(preview, actor=cast.thu).created == 3
    health = Task.objects.get(program=world.program, code="III.2.1")
    health.lead_unit = world.standing  # a person reassigns it
    health.save()
    again = preview_task_import(world.program, read_plan_tasks(PLAN))
    assert not again.has_changes
    assert apply_task_import(again, actor=cast.thu).created == 0
    assert Task.objects.filter(program=world.program).count() == 3
    assert Task.objects.get(code="III.1.1.1").parent.code == "III.1.1"
    health.refresh_from_db()
    assert health.lead_unit == world.standing


def test_an_overdue_task_is_told_once_to_its_unit_and_the_secretariat(world, cast):
    task = _task(world, deadline=parse_deadline("31/03/2025"))
    cast.lan, cast.thu, cast.xuan  # noqa: B018 — make the people
    alerts = [alert for alert in current_alerts(world.program, date(2025, 4, 2)) if alert.kind == "task"]
    assert [alert.target for alert in alerts] == [task]
    summary = send_alerts(date(2025, 4, 2), programs=[world.program])
    told = set(Notification.objects.filter(target_id=task.pk).values_list("user__username", flat=True))
    assert told == {"lan", "minh", "thu"} or told == {"lan", "thu"}
    assert summary.notifications == len(told)
    assert send_alerts(date(2025, 4, 3), programs=[world.program]).notifications == 0
    assert AlertSent.objects.filter(key=f"task-overdue:{task.pk}").count() == len(told)


def test_a_resolving_unit_records_the_resolution(world, cast):
    from ansinh.followups.services.difficulties import DifficultyInput, raise_difficulty, resolve_difficulty

    difficulty = raise_difficulty(
        world.program,
        DifficultyInput(
            title="Thiếu cán bộ", raised_on=date(2025, 3, 1), raised_by=world.lead, resolving_unit=world.standing
        ),
        actor=cast.lan,
    )
    assert can_resolve_difficulty(cast.thu, difficulty) and not can_resolve_difficulty(cast.lan, difficulty)
    with pytest.raises(FollowupError, match="kết quả giải quyết"):
        resolve_difficulty(difficulty, resolution=" ", resolved_on=date(2025, 3, 2), actor=cast.thu)
    resolved = resolve_difficulty(
        difficulty, resolution="Đã bổ sung 2 biên chế", resolved_on=date(2025, 4, 1), actor=cast.thu
    )
    assert resolved.status == "resolved"
