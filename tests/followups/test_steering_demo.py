"""The demo's steering work: 181/KH-UBND's tasks read from its own text with their leads from section IV,
the 9/1/2023 conference of 08-CTr/TU with its conclusions as tasks, and the alerts on a given day."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from ansinh.demo.steering import PLAN_TASKS
from ansinh.followups.models import AlertSent, Difficulty, InspectionPlan, Meeting, Task, TaskOrigin
from ansinh.followups.selectors import current_alerts, plan_progress
from ansinh.programs.models import Program
from ansinh.programs.plan_import.tasks import read_plan_tasks
from ansinh.reporting.models import Notification
from ansinh.rules.followups import Pace

pytestmark = pytest.mark.django_db


def test_every_task_of_181_has_the_lead_section_iv_gives(demo):
    program = Program.objects.get(slug="181-kh-ubnd")
    tasks = Task.objects.filter(program=program, origin=TaskOrigin.PLAN)
    parsed = read_plan_tasks(PLAN_TASKS["181-kh-ubnd"].read_text(encoding="utf-8"))
    assert tasks.count() == len(parsed.tasks) > 50
    assert not tasks.filter(lead_unit__isnull=True).exists()
    health = tasks.get(code="III.3.4.b.1")
    assert health.lead_unit.code == "HN-SYT"
    assert tasks.get(code="III.2.1.3").lead_unit.code == "HN-SNV"  # the pilot pay rise: IV.13 word for word
    assert tasks.get(code="III.3.3.a.1").lead_unit.code == "HN-BHXH"
    assert tasks.get(code="III.2.1.1").parent == tasks.get(code="III.2.1")  # a "+" bullet under its "-"


def test_the_2023_conference_conclusions_are_tasks_with_owners(demo):
    meeting = Meeting.objects.get(held_on=date(2023, 1, 9))
    assert "Cổng giao tiếp điện tử TP Hà Nội, 10/01/2023" in meeting.source
    conclusions = meeting.tasks.all()
    assert conclusions.count() == 7
    assert all(task.lead_unit is not None and task.deadline.label for task in conclusions)
    beds = conclusions.get(indicators__code="12")
    assert beds.lead_unit.code == "HN-SYT" and beds.due_on == date(2023, 12, 31)
    difficulties = Difficulty.objects.filter(meeting=meeting)
    assert {d.resolving_unit.code for d in difficulties} >= {"HN-BHXH", "HN-SYT", "HN-NHCSXH"}


def test_the_2022_inspection_plan_fell_short_of_nine(demo):
    plan = InspectionPlan.objects.get(year=2022)
    progress = plan_progress(plan, date(2023, 1, 15))
    assert (progress.visited, plan.target_units, progress.pace) == (8, 9, Pace.MISSED)


def test_alerts_on_a_given_day(demo):
    program = Program.objects.get(slug="08-ctr-tu")
    early = {alert.key.split(":")[0] for alert in current_alerts(program, date(2023, 1, 15))}
    assert "indicator-no-task" in early  # tuổi thọ bình quân: chưa đạt 2022, no task
    assert "inspection-missed" in early
    assert "task-overdue" not in early
    later = current_alerts(program, date(2024, 2, 1))
    overdue = [alert for alert in later if alert.kind == "task"]
    assert {alert.target.meeting_id for alert in overdue} == {Meeting.objects.get(held_on=date(2023, 1, 9)).pk}
    tuoi_tho = [a for a in current_alerts(program, date(2023, 1, 15)) if a.kind == "indicator"]
    assert any(alert.target.code == "11" for alert in tuoi_tho)
    assert not any(alert.target.code in ("10", "12", "13") for alert in tuoi_tho)  # the conference answered them


def test_the_alert_command_tells_each_person_once(demo, django_user_model):
    from ansinh.accounts.models import Membership, Role
    from ansinh.org.models import OrgUnit

    secretary = django_user_model.objects.create_user("thu-ky", email="thu-ky@ansinh.test")
    Membership.objects.create(user=secretary, unit=OrgUnit.objects.get(code="HN-SLDTBXH"), role=Role.SECRETARIAT)
    out = StringIO()
    call_command("send_alerts", "--date", "01/02/2024", "--program", "08-ctr-tu", stdout=out)
    assert "quá hạn" in out.getvalue()
    first = Notification.objects.filter(user=secretary).count()
    assert first == AlertSent.objects.filter(user=secretary).count() > 0
    call_command("send_alerts", "--date", "02/02/2024", "--program", "08-ctr-tu", stdout=StringIO())
    assert Notification.objects.filter(user=secretary).count() == first
