"""The audit page and its export, for administrators, the secretariat and inspectors; each sees
the events of the units their role covers (``programs.selectors.audit_events_visible_to``)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from ansinh.accounts.access import require
from ansinh.accounts.rules import can_view_audit
from ansinh.audit.selectors import filter_events
from ansinh.audit.services import record
from ansinh.core.cells import csv_text
from ansinh.programs.selectors import audit_events_visible_to
from ansinh.web.forms import AuditFilterForm

EXPORT_HEADER = [
    "Thời điểm",
    "Người thực hiện",
    "Hành động",
    "Đơn vị",
    "Đối tượng",
    "Mã đối tượng",
    "Tóm tắt",
    "Địa chỉ IP",
]


def _filtered(request: HttpRequest):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filter_events(audit_events_visible_to(request.user), filters)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request, can_view_audit, None, action="xem nhật ký hệ thống")
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("trang"))
    record(actor=request.user, action="audit.view", summary=f"Xem nhật ký hệ thống ({request.GET.urlencode()})")
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    require(request, can_view_audit, None, action="xuất nhật ký hệ thống")
    _form, events = _filtered(request)
    record(actor=request.user, action="audit.export", summary=f"Xuất nhật ký hệ thống ({request.GET.urlencode()})")
    writer = csv.writer(_Echo())
    zone = timezone.get_current_timezone()

    def rows():
        yield "\ufeff" + writer.writerow(EXPORT_HEADER)  # BOM: Excel opens the UTF-8 file correctly
        for event in events.iterator(chunk_size=2000):
            texts = (
                event.actor.get_username() if event.actor else "",
                event.action_label,
                event.unit_code,
                event.object_type,
                event.object_id,
                event.summary,
                event.ip_address or "",
            )
            yield writer.writerow(
                [event.at.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S"), *(csv_text(str(text)) for text in texts)]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{timezone.localdate():%Y%m%d}.csv"'
    return response
