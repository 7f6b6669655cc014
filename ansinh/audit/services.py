from typing import Any

from ansinh.audit.models import AuditEvent


def record(
    *,
    actor,
    action: str,
    obj: Any = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append an audit event; callers run it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary,
        before=before,
        after=after,
        ip_address=ip_address,
    )
