"""Audit of what happens outside our services: logins, failed logins, lock-outs, logouts, and
every change made in the Django admin (which Django logs to its own LogEntry)."""

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from ansinh.audit.services import record

ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record(actor=user, action="auth.login", obj=user, summary=f"Đăng nhập: {user.get_username()}")


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="auth.logout", obj=user, summary=f"Đăng xuất: {user.get_username()}")


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(actor=None, action="auth.login_failed", summary=f"Đăng nhập thất bại: {username}")


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    record(
        actor=None,
        action="auth.locked_out",
        summary=f"Tạm khoá đăng nhập sau nhiều lần sai: {username}",
        ip_address=ip_address,
    )


@receiver(post_save, sender=LogEntry)
def audit_admin_change(sender, instance: LogEntry, created: bool, **kwargs):
    if not created:
        return
    record(
        actor=instance.user,
        action=ADMIN_ACTIONS.get(instance.action_flag, "admin.change"),
        summary=f"Trang quản trị — {instance.content_type}: {instance.object_repr} — {instance.get_change_message()}",
        after={"object_type": str(instance.content_type), "object_id": instance.object_id},
        unit_code="",
    )
