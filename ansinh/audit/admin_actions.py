"""The admin's bulk "delete selected", audited for every model. Django logs a bulk deletion with one
``bulk_create`` of its LogEntry rows, which sends no ``post_save``: the mirror in ``audit.signals`` never saw it, so
a bulk delete of memberships, tokens, units or people left no audit event. This action replaces Django's site-wide
(``AuditConfig.ready``): the same confirmation page and deletion, then one ``admin.delete`` event per object with
what it was. (One object is logged by Django with ``save()`` and mirrored already.)"""

from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.utils.translation import gettext_lazy

from ansinh.audit.services import record


def _state(obj) -> dict:
    return {
        field.name: str(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if field.name not in ("password", "key_hash", "content")
    }


# Django's own wording, from its translations ("Xóa các … đã chọn").
@admin.action(permissions=["delete"], description=gettext_lazy("Delete selected %(verbose_name_plural)s"))
def audited_delete_selected(modeladmin, request, queryset):
    confirmed = bool(request.POST.get("post"))
    before = [(obj, _state(obj)) for obj in queryset] if confirmed else []
    response = delete_selected(modeladmin, request, queryset)
    if len(before) > 1:
        model = queryset.model
        remaining = set(
            model._default_manager.filter(pk__in=[obj.pk for obj, _ in before]).values_list("pk", flat=True)
        )
        gone = {str(obj.pk) for obj, _ in before if obj.pk not in remaining}
        for obj, state in before:
            if str(obj.pk) in gone:
                record(
                    actor=request.user,
                    action="admin.delete",
                    obj=obj,
                    summary=f"Trang quản trị — xoá hàng loạt {model._meta.verbose_name}: {obj}",
                    before=state,
                )
    return response


def install() -> None:
    admin.site.disable_action("delete_selected")
    admin.site.add_action(audited_delete_selected, "delete_selected")
