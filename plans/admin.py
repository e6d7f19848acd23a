from django.contrib import admin

from childprog.access import access_for

from .models import Plan, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "program", "number"]
    list_filter = ["year", "program"]
    autocomplete_fields = ["unit"]
    inlines = [TargetInline]

    def get_queryset(self, request):
        return access_for(request.user).scope(super().get_queryset(request).select_related("unit", "program"))
