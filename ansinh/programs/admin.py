from django.contrib import admin

from ansinh.programs.models import Indicator, Program, Target


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "issuer", "issued_on", "start_year", "end_year", "is_published")
    list_filter = ("kind", "is_published", "outlook_method")
    search_fields = ("code", "title")
    # The verdict tolerance, the outlook method and the coverage a roll-up needs are set per programme here.
    fields = (
        ("slug", "code", "kind"),
        "title",
        ("issuer", "issued_on"),
        ("start_year", "end_year"),
        "implements",
        ("owner_unit", "standing_agency"),
        "report_deadline",
        "is_published",
        ("indicator_count_declared", "completeness_note"),
        ("approx_tolerance", "outlook_method", "min_coverage"),
        "source",
    )
    raw_id_fields = ("owner_unit", "standing_agency", "parent_program")


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    raw_id_fields = ("scope",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "program", "field", "direction", "aggregation", "lead_unit")
    list_filter = ("program", "field", "direction", "aggregation", "value_type")
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "lead_unit")
    filter_horizontal = ("coordinating_units",)
    inlines = [TargetInline]
