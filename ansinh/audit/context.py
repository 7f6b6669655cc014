"""Where the current request comes from, so that every audit event records it without each
service having to pass the request down."""

from contextvars import ContextVar

request_ip: ContextVar[str | None] = ContextVar("request_ip", default=None)
# The signed-in person of the current request (None outside a request or for a visitor): the actor of changes
# recorded from model signals, which have no request of their own (memberships changed in the admin).
request_user: ContextVar[object | None] = ContextVar("request_user", default=None)


def client_ip(request) -> str | None:
    """The address the request came from; behind our proxy only REMOTE_ADDR is trusted."""
    return request.META.get("REMOTE_ADDR") or None
