from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.accounts.models import ApiToken, Membership
from ansinh.accounts.tokens import TokenError, revoke_token
from ansinh.core.templatetags.vn import vn_date


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


# django-otp's authenticator devices: its labels are plain English strings, which no catalogue translates, and its
# fields cannot be relabelled without a migration of its own; the page says them in Vietnamese here instead.
TOTP_LABELS = {
    "user": _("Người dùng"),
    "name": _("Tên thiết bị"),
    "confirmed": _("Đã xác nhận"),
    "key": _("Khoá bí mật (hex)"),
    "step": _("Bước thời gian (giây)"),
    "t0": _("Mốc bắt đầu đếm (giây Unix)"),
    "digits": _("Số chữ số của mã"),
    "tolerance": _("Số bước được lệch"),
    "drift": _("Độ lệch đồng hồ đã biết (số bước)"),
    "throttling_failure_timestamp": _("Lần nhập sai gần nhất"),
    "throttling_failure_count": _("Số lần nhập sai liên tiếp"),
}


class ConfirmedFilter(admin.BooleanFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = str(TOTP_LABELS["confirmed"])


class VietnameseTOTPDeviceAdmin(TOTPDeviceAdmin):
    list_display = ["device_user", "device_name", "created", "last_used", "is_confirmed"]
    list_filter = [("confirmed", ConfirmedFilter)]
    readonly_fields = ["created", "last_used", "qrcode_link"]
    search_help_text = _("Tìm theo tên đăng nhập hoặc thư điện tử của người dùng.")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["labels"] = {**TOTP_LABELS, **kwargs.get("labels", {})}
        kwargs["help_texts"] = {name: "" for name in TOTP_LABELS}  # theirs are English
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        names = {
            "Identity": _("Thiết bị"),
            "Timestamps": _("Thời điểm"),
            "Configuration": _("Cấu hình"),
            "State": _("Trạng thái"),
            "Throttling": _("Chặn khi nhập sai"),
        }
        ours = {"created_at": "created", "last_used_at": "last_used"}
        return [
            (names.get(title, title), {**options, "fields": [ours.get(f, f) for f in options["fields"]]})
            for title, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("Người dùng"), ordering="user__username")
    def device_user(self, device: TOTPDevice):
        return device.user

    @admin.display(description=_("Tên thiết bị"), ordering="name")
    def device_name(self, device: TOTPDevice) -> str:
        return device.name

    @admin.display(description=_("Tạo lúc"), ordering="created_at")
    def created(self, device: TOTPDevice) -> str:
        return vn_date(device.created_at)

    @admin.display(description=_("Dùng lần cuối"), ordering="last_used_at")
    def last_used(self, device: TOTPDevice) -> str:
        return vn_date(device.last_used_at)

    @admin.display(description=_("Đã xác nhận"), ordering="confirmed", boolean=True)
    def is_confirmed(self, device: TOTPDevice) -> bool:
        return device.confirmed

    @admin.display(description=_("Mã QR"))
    def qrcode_link(self, device: TOTPDevice) -> str:
        if device.pk is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:otp_totp_totpdevice_config", args=[device.pk]), _("mã QR")
        )


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, VietnameseTOTPDeviceAdmin)
