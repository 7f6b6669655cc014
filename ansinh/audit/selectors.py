from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from ansinh.audit.models import AuditEvent


def filter_events(events: QuerySet[AuditEvent], filters: dict) -> QuerySet[AuditEvent]:
    """Narrow an already-scoped list of events by the audit page's filters (dates are local days)."""
    if filters.get("actor"):
        events = events.filter(actor__username__icontains=filters["actor"])
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"])
    if filters.get("unit"):
        events = events.filter(unit_code__iexact=filters["unit"])
    zone = timezone.get_current_timezone()
    if filters.get("since"):
        events = events.filter(at__gte=datetime.combine(filters["since"], time.min, tzinfo=zone))
    if filters.get("until"):
        events = events.filter(at__lt=datetime.combine(filters["until"] + timedelta(days=1), time.min, tzinfo=zone))
    return events
