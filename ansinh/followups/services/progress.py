"""A task's account in the lead unit's periodic report — kết quả, khó khăn, kiến nghị — written while the
report is being typed and locked with it once it is sent or approved (``Report.is_locked``)."""

from django.db import transaction

from ansinh.audit.services import record
from ansinh.followups.models import Task, TaskProgress
from ansinh.followups.services.errors import FollowupError
from ansinh.reporting.models import Report

MAX_NARRATIVE = 5000


def save_task_progress(
    task: Task, report: Report, *, results: str, difficulties: str, proposals: str, actor
) -> TaskProgress:
    if task.program_id != report.period.program_id or task.lead_unit_id != report.unit_id:
        raise FollowupError(
            "Nhiệm vụ này không do đơn vị của báo cáo chủ trì: chỉ đơn vị chủ trì báo cáo tiến độ nhiệm vụ.",
            code="not_lead_unit",
        )
    texts = {"results": results.strip(), "difficulties": difficulties.strip(), "proposals": proposals.strip()}
    if any(len(text) > MAX_NARRATIVE for text in texts.values()):
        raise FollowupError(f"Mỗi phần tối đa {MAX_NARRATIVE} ký tự.", code="too_long")
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("period").get(pk=report.pk)
        if locked.is_locked:
            raise FollowupError(
                "Báo cáo đã gửi, đã duyệt hoặc kỳ đã đóng: phần tiến độ nhiệm vụ được khoá cùng báo cáo.",
                code="report_locked",
            )
        progress, created = TaskProgress.objects.get_or_create(task=task, report=locked)
        before = None if created else {k: getattr(progress, k) for k in texts}
        for name, text in texts.items():
            setattr(progress, name, text)
        progress.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        progress.save()
        record(
            actor=actor,
            action="task.progress",
            obj=progress,
            summary=f"Tiến độ nhiệm vụ “{task.title}” trong báo cáo {locked}",
            before=before,
            after=texts,
            unit_code=locked.unit.code,
        )
    return progress
