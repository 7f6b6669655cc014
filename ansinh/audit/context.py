"""Where the current request comes from, so that every audit event records it without each
service having to pass the request down."""

import ipaddress
from contextvars import ContextVar

from django.conf import settings

request_ip: ContextVar[str | None] = ContextVar("request_ip", default=None)
# The signed-in person of the current request (None outside a request or for a visitor): the actor of changes
# recorded from model signals, which have no request of their own (memberships changed in the admin).
request_user: ContextVar[object | None] = ContextVar("request_user", default=None)


def forwarded_client(header_value: str, proxies: int) -> str | None:
    """The client's address in a forwarding header (``X-Forwarded-For: client, proxy1, …``) behind ``proxies``
    trusted proxies: the entry the outermost trusted proxy appended, counted from the right, so that addresses a
    client wrote into the header itself are never believed. None when the header has no valid address there."""
    entries = [entry.strip() for entry in header_value.split(",") if entry.strip()]
    if proxies < 1 or len(entries) < proxies:
        return None
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address the request came from — for the audit log and for lock-out (``AXES_CLIENT_IP_CALLABLE``).
    Directly, REMOTE_ADDR. Behind the proxy a deployment declares (``CLIENT_IP_HEADER``, e.g.
    ``HTTP_X_FORWARDED_FOR``, with ``CLIENT_IP_PROXY_COUNT`` proxies), the address that header carries; without a
    valid one, REMOTE_ADDR (the proxy) rather than anything the client wrote."""
    remote = request.META.get("REMOTE_ADDR") or None
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        forwarded = forwarded_client(request.META.get(header, ""), getattr(settings, "CLIENT_IP_PROXY_COUNT", 1))
        if forwarded is not None:
            return forwarded
    return remote
