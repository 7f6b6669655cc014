"""Who hears about a report: the "Gửi nhắc hạn" button reminds one period's units only and names the units it could
not reach; returning, reopening and approving a report tell the unit's reporters in the app and by e-mail."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.reporting.models import AssignmentRole, Notification, PeriodKind, ReminderSent, Report
from ansinh.reporting.services import notifications
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.lifecycle import approve_report, reopen_report, return_report, submit_report
from ansinh.reporting.services.periods import close_period, open_period
from ansinh.reporting.services.reminders import ReminderError, remind_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(world):
    create_default_assignments(world.program)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    year = open_period(world.program, PeriodKey(2026, PeriodKind.YEAR))  # due 29/11/2026
    half = open_period(world.program, PeriodKey(2026, PeriodKind.HALF, 2))
    return year, half


def test_the_button_reminds_only_its_period_and_names_who_it_could_not_reach(world, periods, cast, mailoutbox):
    year, _half = periods
    lan, xuan = cast.lan, cast.xuan
    summary = remind_period(year, date(2026, 12, 7), actor=cast.thu)
    assert summary.notifications == 2 and summary.emails == 2
    assert set(ReminderSent.objects.values_list("period_id", flat=True)) == {year.pk}
    assert (
        Notification.objects.filter(user=lan).get().message.startswith("Đã quá hạn 8 ngày: chưa gửi báo cáo Năm 2026")
    )
    assert Notification.objects.filter(user=xuan).count() == 1
    # Sở Y tế and five new communes have nobody to remind: the secretariat is told.
    assert sorted(unit.code for unit in summary.unreached) == [
        "T-SYT",
        "W25-T2",
        "W25-T3",
        "W25-T4",
        "W25-T5",
        "W25-T6",
    ]
    assert summary.unreached_text().startswith("Không nhắc được 6 đơn vị chưa có tài khoản")
    # Pressing again the same day sends nothing twice.
    assert remind_period(year, date(2026, 12, 7), actor=cast.thu).notifications == 0


def test_a_closed_period_or_one_without_deadline_is_not_reminded(world, periods, cast):
    year, half = periods
    close_period(year)
    with pytest.raises(ReminderError, match="đã đóng"):
        remind_period(year, date(2026, 12, 7), actor=cast.thu)
    half.deadline = None
    half.save(update_fields=["deadline"])
    with pytest.raises(ReminderError, match="chưa có hạn gửi"):
        remind_period(half, date(2026, 12, 7), actor=cast.thu)


def test_the_page_button_says_whom_it_could_not_reach(world, periods, cast, sign_in):
    year, half = periods
    cast.lan  # noqa: B018  (the lead department has an account)
    client = sign_in(cast.thu)
    response = client.post(f"/ky-bao-cao/{year.pk}/nhac-han/")
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(text.startswith("Kỳ Năm 2026: đã gửi 1 thông báo") for text in shown), shown
    assert any("Không nhắc được" in text and "Xã Mới 1" in text for text in shown), shown
    assert not ReminderSent.objects.filter(period=half).exists()


def _sent(world, cast):
    report = Report.objects.get(period__kind=PeriodKind.YEAR, unit=world.lead)
    save_values(report, [ValueInput(world.coverage, text="95"), ValueInput(world.supported, text="1.200")])
    return submit_report(report, actor=cast.lan)


def test_returning_a_report_tells_the_units_reporters_in_the_app_and_by_mail(
    world, periods, cast, mailoutbox, django_capture_on_commit_callbacks
):
    lan, minh, xuan, ha = cast.lan, cast.minh, cast.xuan, cast.ha
    report = _sent(world, cast)
    with django_capture_on_commit_callbacks(execute=True):
        return_report(report, reason="Thiếu minh chứng", actor=ha)
    for person in (lan, minh):
        (notice,) = Notification.objects.filter(user=person)
        assert notice.report == report
        assert notice.message == (
            "Báo cáo Năm 2026 — Kế hoạch 01/KH-UBND của Sở Lao động bị trả lại. Lý do: Thiếu minh chứng. "
            "Sửa số liệu rồi gửi lại."
        )
    assert not Notification.objects.filter(user__in=[xuan, ha]).exists(), "only the unit's reporters"
    assert sorted(mail.to[0] for mail in mailoutbox) == ["lan@ansinh.test", "minh@ansinh.test"]
    assert mailoutbox[0].subject.endswith("bị trả lại")
    assert AuditEvent.objects.filter(action="notification.send").count() == 1


def test_approving_and_reopening_tell_the_reporters_too(
    world, periods, cast, mailoutbox, django_capture_on_commit_callbacks
):
    lan = cast.lan
    report = _sent(world, cast)
    with django_capture_on_commit_callbacks(execute=True):
        approve_report(report, actor=cast.ha)
    assert Notification.objects.get(user=lan).message.endswith("của Sở Lao động đã được duyệt.")
    assert [mail.to for mail in mailoutbox] == [["lan@ansinh.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        reopen_report(report, reason="Sai số liệu quý 3", actor=cast.ha)
    assert "đã duyệt được mở lại để điều chỉnh. Lý do: Sai số liệu quý 3." in (
        Notification.objects.filter(user=lan).order_by("-id").first().message
    )


def test_a_failing_mail_server_does_not_undo_the_return(
    world, periods, cast, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OSError("Máy chủ thư không trả lời")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    report = _sent(world, cast)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        return_report(report, reason="Thiếu", actor=cast.ha)
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == "returned" and Notification.objects.filter(user=cast.lan).exists()


def test_no_red_warning_before_the_officer_typed_anything(world, periods, cast, sign_in):
    report = Report.objects.get(period__kind=PeriodKind.YEAR, unit=world.lead)
    client = sign_in(cast.lan)
    fresh = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "chưa nhập số liệu" not in fresh
    save_values(report, [ValueInput(world.coverage, text="95")])
    started = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "chưa nhập số liệu" in started  # the row still empty now says so
