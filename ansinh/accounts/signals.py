"""Audit of memberships, whatever changes them (the admin's forms, its bulk "delete selected", a
shell): a membership decides what a person may see and approve, so each change is recorded with the role, unit
and scope before and after. The actor is the request's signed-in person (``audit.context.request_user``)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ansinh.accounts.models import Membership
from ansinh.audit.context import request_user
from ansinh.audit.services import record


def membership_state(membership: Membership) -> dict:
    return {
        "user": membership.user.get_username() if membership.user_id else None,
        "unit": membership.unit.code if membership.unit_id else None,
        "role": membership.role,
        "includes_subunits": membership.includes_subunits,
    }


@receiver(pre_save, sender=Membership)
def remember_membership(sender, instance: Membership, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    stored = Membership.objects.select_related("user", "unit").filter(pk=instance.pk).first()
    instance._audit_before = membership_state(stored) if stored is not None else None  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership)
def audit_membership_saved(sender, instance: Membership, created: bool, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = membership_state(instance)
    if not created and before == after:
        return
    record(
        actor=request_user.get(),
        action="membership.add" if created else "membership.change",
        obj=instance,
        summary=f"{'Thêm' if created else 'Sửa'} phân quyền: {instance}",
        before=None if created else before,
        after=after,
    )


@receiver(post_delete, sender=Membership)
def audit_membership_deleted(sender, instance: Membership, **kwargs):
    record(
        actor=request_user.get(),
        action="membership.delete",
        obj=instance,
        summary=f"Xoá phân quyền: {instance}",
        before=membership_state(instance),
    )
