"""Admin of records: scoped by the one door, export with import-export, import via the app's
all-or-nothing import (the same code path, so the same row checks)."""

from django.contrib import admin
from django.urls import reverse
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from childprog.access import access_for
from childprog.admin_mixins import AuditedExportMixin

from .models import Activity, Attachment, Figure, NewsPost
from .resources import ActivityResource

INTERNAL_FIELDS = {
    "id",
    "version",
    "submission_key",
    "figures_snapshot",
    "search_text",
    "title_sort",
    "unit_sort",
}


class ScopedAdminMixin:
    unit_field = "unit"

    def get_queryset(self, request):
        return access_for(request.user).scope(super().get_queryset(request), unit_field=self.unit_field)


class FigureInline(admin.TabularInline):
    model = Figure
    fields = ("indicator", "target_group", "value")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # figures are recorded with their activity in the portal


@admin.register(Activity)
class ActivityAdmin(ScopedAdminMixin, AuditedExportMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [ActivityResource]
    list_display = ("title", "unit", "content_area", "end_date", "corrected_after_approval")
    list_filter = ("content_area__number", "corrected_after_approval", "program")
    search_fields = ("search_text",)
    date_hierarchy = "end_date"
    list_select_related = ("unit", "content_area")
    # Records change through the app's services (rules, versions, corrections): read-only here.
    # The bookkeeping of those services (version, submission key, search and sort keys, the
    # figures' JSON copy) means nothing to a reader: the figures show in their own table.
    fields = [f.name for f in Activity._meta.fields if f.name not in INTERNAL_FIELDS]
    readonly_fields = fields
    inlines = [FigureInline]

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        from childprog.text import fold

        # The stored search text is folded (childprog.text.search_key): fold what is typed too.
        return super().get_search_results(request, queryset, fold(search_term))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "import_url": reverse("activities:import")}
        return super().changelist_view(request, extra_context)


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    unit_field = "activity__unit"
    list_display = ("original_name", "kind", "activity", "shows_children", "consent_recorded", "size")
    list_filter = ("kind", "shows_children", "consent_recorded")
    readonly_fields = ("activity", "kind", "file", "thumbnail", "original_name", "content_type", "size")
    exclude = ("extension",)

    def has_add_permission(self, request):
        return False


@admin.register(NewsPost)
class NewsPostAdmin(ScopedAdminMixin, admin.ModelAdmin):
    unit_field = "activity__unit"
    list_display = ("activity", "published_at", "published_by")
    readonly_fields = ("activity", "published_by", "published_at")
    filter_horizontal = ("photos",)
