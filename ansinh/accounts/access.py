"""The one access check every view and API endpoint calls first."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from ansinh.audit.context import client_ip
from ansinh.audit.services import record


class AccessDenied(PermissionDenied):
    """Refused; the message is Vietnamese."""


def require(request, predicate: Callable[..., bool], obj, *, action: str) -> None:
    """Raise AccessDenied (HTTP 403) unless ``predicate(request.user, obj)`` holds; a refusal is audited."""
    if predicate(request.user, obj):
        return
    record(
        actor=request.user,
        action="access.denied",
        obj=obj,
        summary=f"Từ chối: {action}",
        ip_address=client_ip(request),
    )
    raise AccessDenied("Bạn không có quyền thực hiện thao tác này.")
