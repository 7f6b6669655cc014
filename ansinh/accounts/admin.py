from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import ApiToken, Membership
from ansinh.accounts.tokens import TokenError, revoke_token


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "includes_subunits"]
    list_filter = ["role", "includes_subunits", "unit__kind"]
    search_fields = ["user__username", "user__email", "unit__code", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owner (the key is shown once); administrators can only see and revoke."""

    list_display = ["name", "user", "prefix", "can_write", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["can_write", "revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Thu hồi các khoá đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                revoke_token(token, actor=request.user)
            except TokenError as error:
                self.message_user(request, str(error), messages.ERROR)
