from ansinh.accounts.rules import can_import_plans, can_view_audit, may_follow_programs
from ansinh.reporting.selectors import unread_notifications


def notifications(request) -> dict:
    """How many unread notifications the navigation shows (one COUNT query, signed-in people only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": unread_notifications(user).count()}


def navigation(request) -> dict:
    """Which of the header's links this person may open: a link is shown only where its page would not refuse them
    (the same rules the pages check)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "may_import_plans": can_import_plans(user, None),
        "may_view_audit": can_view_audit(user),
        "may_follow_programs": may_follow_programs(user),
    }
