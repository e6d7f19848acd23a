from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "issued_on", "program"]
    list_filter = ["kind", "program"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "issued_on"
