from ansinh.reporting.selectors import unread_notifications


def notifications(request) -> dict:
    """How many unread notifications the navigation shows (one COUNT query, signed-in people only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": unread_notifications(user).count()}
