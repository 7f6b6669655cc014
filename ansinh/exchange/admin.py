from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ansinh.audit.services import record
from ansinh.exchange.models import Dhis2ElementMapping, Dhis2Mapping, Dhis2OrgUnitMapping, ImportJob


class ElementInline(admin.TabularInline):
    model = Dhis2ElementMapping
    extra = 0
    fields = ("data_element", "category_option_combo", "dhis2_name", "indicator", "disaggregation", "field")
    raw_id_fields = ("indicator",)


class OrgUnitInline(admin.TabularInline):
    model = Dhis2OrgUnitMapping
    extra = 0
    fields = ("dhis2_org_unit", "dhis2_name", "org_unit")
    raw_id_fields = ("org_unit",)


@admin.register(Dhis2Mapping)
class Dhis2MappingAdmin(admin.ModelAdmin):
    """Mappings are usually loaded from a TOML file (manage.py load_dhis2_mapping); a person corrects
    them here. Every save is written to the audit log."""

    list_display = ("name", "program", "updated_at")
    search_fields = ("name", "program__code")
    raw_id_fields = ("program",)
    inlines = [ElementInline, OrgUnitInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if form.changed_data:
            record(
                actor=request.user,
                action="exchange.dhis2_mapping.edit",
                obj=obj,
                summary=f"Sửa bảng ánh xạ DHIS2 “{obj}”: {', '.join(form.changed_data)}",
            )

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        changed = len(formset.new_objects) + len(formset.changed_objects) + len(formset.deleted_objects)
        if changed:
            record(
                actor=request.user,
                action="exchange.dhis2_mapping.edit",
                obj=form.instance,
                summary=(
                    f"Sửa bảng ánh xạ DHIS2 “{form.instance}”: {len(formset.new_objects)} dòng mới, "
                    f"{len(formset.changed_objects)} dòng sửa, {len(formset.deleted_objects)} dòng xóa"
                ),
            )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Jobs are created by the import pages and commands; here they are only looked at."""

    list_display = ("pk", "kind", "program", "filename", "status", "progress_done", "progress_total", "created_at")
    list_filter = ("status", "kind", "program")
    search_fields = ("filename",)
    exclude = ("content",)
    readonly_fields = (
        "kind",
        "program",
        "filename",
        "size",
        "options",
        "status",
        "progress_done",
        "progress_total",
        "summary",
        "errors",
        "task_id",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )

    @admin.display(description=_("cỡ tệp (byte)"))
    def size(self, job: ImportJob) -> int:
        return len(job.content or b"")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
