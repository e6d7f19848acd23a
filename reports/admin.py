"""Admin: approved reports are read-only (they never change by any page, admin action or import)."""

from django.contrib import admin

from childprog.access import access_for

from .models import DocumentSigner, Notification, Recipient, RegisterNumber, Report, ReportEvent


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "by", "at", "reason"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "status", "document_number", "submitted_at", "approved_at"]
    list_filter = ["status", "period"]
    list_select_related = ["unit", "period", "period__program"]
    readonly_fields = ["status", "document_number", "submitted_at", "approved_at", "return_reason"]
    inlines = [ReportEventInline]
    actions = None  # no bulk action may change a report's state: the workflow functions do

    def get_queryset(self, request):
        return access_for(request.user).scope(super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != Report.Status.DRAFT:
            return False  # only drafts are edited here; the workflow changes the rest
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Report.Status.APPROVED:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "note", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(DocumentSigner)
class DocumentSignerAdmin(admin.ModelAdmin):
    list_display = ["unit", "capacity", "title", "name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(RegisterNumber)
class RegisterNumberAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "doc_type", "last_number"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "message", "created_at", "read_at"]
