"""Where the current request comes from, so that every audit event records it without each
service having to pass the request down."""

from contextvars import ContextVar

request_ip: ContextVar[str | None] = ContextVar("request_ip", default=None)


def client_ip(request) -> str | None:
    """The address the request came from; behind our proxy only REMOTE_ADDR is trusted."""
    return request.META.get("REMOTE_ADDR") or None
