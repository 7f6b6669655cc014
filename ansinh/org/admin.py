from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ansinh.core.numbers import format_percent
from ansinh.org.models import OrgUnit, OrgUnitSuccession


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "valid_to"]
    search_fields = ["code", "official_code", "name", "short_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(OrgUnitSuccession)
class OrgUnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_on", "share_percent", "is_default"]
    search_fields = ["predecessor__code", "predecessor__name", "successor__code", "successor__name"]
    autocomplete_fields = ["predecessor", "successor"]

    @admin.display(description=_("tỷ lệ"), ordering="share")
    def share_percent(self, succession: OrgUnitSuccession) -> str:
        """The share is a fraction kept to six places; a person reads it as a percentage (0,054601 → 5,5%)."""
        return format_percent(succession.share * 100, 1) if succession.share is not None else "—"
