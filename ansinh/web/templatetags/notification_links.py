"""Where a notification leads: its report, or the object of an alert (a task, an inspection plan, an
indicator) — reporting stores the object as a content type and an id, and only the web layer knows the URLs."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ansinh.programs.models import Indicator

register = template.Library()

URL_OF_TARGET = {"followups.task": "task_detail", "followups.inspectionplan": "inspection_plan"}


@register.filter
def notification_url(note) -> str:
    if note.report_id:
        return reverse("report_detail", args=[note.report_id])
    if note.target_type_id and note.target_id:
        kind = ContentType.objects.get_for_id(note.target_type_id)  # cached: no query per notification
        label = f"{kind.app_label}.{kind.model}"
        if label in URL_OF_TARGET:
            return reverse(URL_OF_TARGET[label], args=[note.target_id])
        if label == "programs.indicator":
            indicator = Indicator.objects.select_related("program").filter(pk=note.target_id).first()
            if indicator is not None:
                return reverse("indicator_detail", args=[indicator.program.slug, indicator.code])
    return reverse("my_reports")
