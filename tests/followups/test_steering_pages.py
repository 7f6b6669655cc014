"""The steering pages on the demo: the secretariat's page with the alerts of a given day, the task list of
181/KH-UBND with filters and its Excel export, a meeting's follow-up, difficulties, inspections, the API."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.followups.models import InspectionPlan, Meeting, Task
from ansinh.org.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(demo, django_user_model):
    chi = django_user_model.objects.create_user("chi-dieu-hanh")
    Membership.objects.create(user=chi, unit=OrgUnit.objects.get(code="HN-SLDTBXH"), role=Role.SECRETARIAT)
    return chi


@pytest.fixture
def health_reporter(demo, django_user_model):
    an = django_user_model.objects.create_user("an-syt")
    Membership.objects.create(user=an, unit=OrgUnit.objects.get(code="HN-SYT"), role=Role.REPORTER)
    return an


def test_the_secretariats_page_shows_the_alerts_of_a_day(client, sign_in, secretary):
    sign_in(secretary)
    page = client.get(reverse("steering", args=["08-ctr-tu"]), {"ngay": "01/02/2024"}).content.decode()
    assert ("quá hạn" in page and "Tuổi thọ bình quân" not in page) or "chưa có nhiệm vụ" in page
    assert "Không đạt kế hoạch" in page or "không đạt kế hoạch" in page  # 8 of 9 units inspected in 2022
    assert "3 nghị quyết" in page and "15 quyết định, kế hoạch, chương trình, đề án" in page


def test_the_task_list_filters_and_exports_text_only(client, sign_in, secretary):
    sign_in(secretary)
    url = reverse("task_list", args=["181-kh-ubnd"])
    everything = client.get(url).content.decode()
    health = client.get(url, {"unit": "HN-SYT"}).content.decode()
    assert "Sở Y tế" in health and health.count('id="task-') < everything.count('id="task-')
    export = client.get(url, {"unit": "HN-SYT", "xuat": "xlsx"})
    assert export["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows and all(row[4] == "Sở Y tế" for row in rows)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert AuditEvent.objects.filter(action="exchange.export", summary__contains="Nhiệm vụ").exists()


def test_a_department_sees_only_its_tasks_and_updates_them(client, sign_in, health_reporter):
    sign_in(health_reporter)
    page = client.get(reverse("task_list", args=["181-kh-ubnd"])).content.decode()
    mine = Task.objects.filter(program__slug="181-kh-ubnd", lead_unit__code="HN-SYT")
    theirs = Task.objects.filter(program__slug="181-kh-ubnd", lead_unit__code="HN-BHXH").first()
    assert all(f'id="task-{task.pk}"' in page for task in mine)
    assert f'id="task-{theirs.pk}"' not in page
    task = mine.first()
    response = client.post(reverse("task_status", args=[task.pk]), {"status": "in_progress"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress"
    assert client.post(reverse("task_status", args=[theirs.pk]), {"status": "done"}).status_code == 403


def test_bad_input_on_the_page_says_why_and_changes_nothing(client, sign_in, secretary):
    sign_in(secretary)
    count = Task.objects.count()
    response = client.post(
        reverse("task_list", args=["08-ctr-tu"]),
        {"title": "Ban hành kế hoạch", "kind": "task", "lead_unit": "HN-SYT", "deadline": "31/12/2019"},
    )
    assert response.status_code == 400
    assert "trước khi" in response.content.decode()
    district = OrgUnit.objects.filter(kind="district", valid_to__isnull=False).first()
    response = client.post(
        reverse("task_list", args=["08-ctr-tu"]),
        {"title": "Kiểm tra", "kind": "task", "lead_unit": district.code, "deadline": "2025"},
    )
    assert "không tồn tại" in response.content.decode()
    assert Task.objects.count() == count


def test_a_meeting_page_says_what_the_chair_asked_and_what_became_of_it(client, sign_in, secretary):
    sign_in(secretary)
    meeting = Meeting.objects.get(held_on=date(2023, 1, 9))
    page = client.get(reverse("meeting_detail", args=[meeting.pk]), {"ngay": "01/02/2024"}).content.decode()
    assert "giường bệnh/vạn dân" in page and "Sở Y tế" in page and "Quá hạn" in page
    assert "Cổng giao tiếp điện tử TP Hà Nội" in page
    for name in ("meeting_list", "difficulty_list", "inspection_list"):
        listing = client.get(reverse(name, args=["08-ctr-tu"]))
        assert listing.status_code == 200
        assert client.get(reverse(name, args=["08-ctr-tu"]), {"xuat": "xlsx"})["Content-Type"].startswith(
            "application/vnd.openxmlformats"
        )
    plan = InspectionPlan.objects.get(year=2022)
    assert "Long Biên" in client.get(reverse("inspection_plan", args=[plan.pk])).content.decode()


def test_the_api_answers_with_filters(client, secretary, health_reporter):
    _token, key = create_token(health_reporter, name="thử")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    tasks = client.get("/api/v1/programs/181-kh-ubnd/tasks", {"unit": "HN-SYT"}, **headers).json()
    assert tasks and {task["lead_unit_code"] for task in tasks} == {"HN-SYT"}
    overdue = client.get(
        "/api/v1/programs/08-ctr-tu/tasks", {"status": "overdue", "on": "2024-02-01"}, **headers
    ).json()
    assert overdue and all(task["status"] == "overdue" for task in overdue)
    # A department reads the tasks it leads or coordinates.
    assert all("HN-SYT" in (task["lead_unit_code"], *task["coordinating_unit_codes"]) for task in overdue)
    meetings = client.get("/api/v1/programs/08-ctr-tu/meetings", {"year": 2023}, **headers).json()
    assert [meeting["held_on"] for meeting in meetings] == ["2023-01-09"]
    difficulties = client.get("/api/v1/programs/08-ctr-tu/difficulties", {"status": "open"}, **headers).json()
    assert len(difficulties) == 6
    assert client.get("/api/v1/programs/08-ctr-tu/inspections", **headers).json() == []  # not on a team
    _token, secretary_key = create_token(secretary, name="thử")
    inspections = client.get(
        "/api/v1/programs/08-ctr-tu/inspections", {"year": 2022}, HTTP_AUTHORIZATION=f"Bearer {secretary_key}"
    ).json()
    assert inspections[0]["visited"] == 8 and inspections[0]["target_units"] == 9
    alerts = client.get(
        "/api/v1/programs/08-ctr-tu/alerts", {"on": "2023-01-15"}, HTTP_AUTHORIZATION=f"Bearer {secretary_key}"
    ).json()
    assert {alert["kind"] for alert in alerts} == {"indicator", "inspection"}
