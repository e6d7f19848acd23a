from django.contrib import admin

from childprog.access import access_for

from .models import Commendation


@admin.register(Commendation)
class CommendationAdmin(admin.ModelAdmin):
    list_display = ["decision_number", "decision_date", "form", "kind", "is_child", "unit"]
    list_filter = ["form", "kind", "level", "is_child"]
    search_fields = ["decision_number"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["activities"]
    date_hierarchy = "decision_date"

    def get_queryset(self, request):
        return access_for(request.user).scope(super().get_queryset(request).select_related("unit"))
