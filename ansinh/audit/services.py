from typing import Any

from ansinh.audit.context import request_ip
from ansinh.audit.models import AuditEvent

# Audit sits below every app whose writes it records (org included), so it knows a unit by its model label.
ORG_UNIT_LABEL = "org.orgunit"


def _is_org_unit(obj: Any) -> bool:
    meta = getattr(obj, "_meta", None)
    return meta is not None and meta.label_lower == ORG_UNIT_LABEL


def unit_code_of(obj: Any) -> str:
    """The organisational unit an audited object belongs to, so the audit page can be scoped by unit:
    the object itself if it is a unit, else its unit, its report's unit, or its programme's owner."""
    if obj is None:
        return ""
    if _is_org_unit(obj):
        return obj.code
    for path in ("unit", "report.unit", "owner_unit", "program.owner_unit", "period.program.owner_unit"):
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None)
            if target is None:
                break
        if _is_org_unit(target):
            return target.code
    return ""


def audit_event(
    *,
    actor,
    action: str,
    obj: Any = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    ip_address: str | None = None,
    unit_code: str | None = None,
) -> AuditEvent:
    """The audit event :func:`record` writes, unsaved: a service that records many changes at once saves
    them with one ``bulk_create``."""
    return AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        unit_code=unit_code if unit_code is not None else unit_code_of(obj),
        summary=summary,
        before=before,
        after=after,
        ip_address=ip_address or request_ip.get(),
    )


def record(
    *,
    actor,
    action: str,
    obj: Any = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    ip_address: str | None = None,
    unit_code: str | None = None,
) -> AuditEvent:
    """Append an audit event; callers run it inside the transaction of the change it records.
    The address defaults to the current request's (see RequestContextMiddleware)."""
    event = audit_event(
        actor=actor,
        action=action,
        obj=obj,
        summary=summary,
        before=before,
        after=after,
        ip_address=ip_address,
        unit_code=unit_code,
    )
    event.save(force_insert=True)
    return event
