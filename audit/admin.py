"""The audit log in the admin: read only, and only for those the portal lets read it."""

from django.contrib import admin

from childprog.access import access_for

from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_text", "address"]
    list_filter = ["action", "at"]
    search_fields = ["actor_name", "object_text", "object_id"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in Entry._meta.fields]
    show_full_result_count = False

    def has_module_permission(self, request):
        return access_for(request.user).can_read_audit_log

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).can_read_audit_log

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
