from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from .guideline import copy_program
from .models import (
    ContentArea,
    Indicator,
    Membership,
    Movement,
    Period,
    Program,
    Succession,
    TargetGroup,
    Unit,
    UnitFlag,
    User,
)
from .resources import UnitResource


class SuccessionInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    autocomplete_fields = ["successor"]
    extra = 0


class UnitFlagInline(admin.TabularInline):
    model = UnitFlag
    extra = 0


class LevelFilter(admin.SimpleListFilter):
    title = _("cấp")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [
            (Unit.PROVINCE_LEVEL, _("Tỉnh")),
            (Unit.DISTRICT_LEVEL, _("Huyện, thành phố")),
            (Unit.GRASSROOTS_LEVEL, _("Cơ sở")),
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        level = int(self.value())
        kinds = [k for k, lv in Unit.LEVEL_BY_KIND.items() if lv == level]
        if level == Unit.GRASSROOTS_LEVEL:
            return queryset.exclude(kind__in=list(Unit.LEVEL_BY_KIND))
        return queryset.filter(kind__in=kinds)


class ValidityFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("current", _("Đang hoạt động")), ("ended", _("Đã kết thúc"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        today = timezone.localdate()
        if self.value() == "current":
            return queryset.valid_on(today)
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset


@admin.register(Unit)
class UnitAdmin(ImportExportModelAdmin):
    resource_classes = [UnitResource]
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to", "path"]
    list_filter = ["kind", LevelFilter, ValidityFilter, "flags__flag"]
    search_fields = ["name", "code", "path"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessionInline, UnitFlagInline]
    list_select_related = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # A row never changes its parent (docs/units-and-history.md): moves end the row and start a successor.
        return [*self.readonly_fields, "parent", "code"] if obj else self.readonly_fields


class MovementInline(admin.TabularInline):
    model = Movement
    extra = 0


@admin.register(ContentArea)
class ContentAreaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program"]
    list_filter = ["program"]
    inlines = [MovementInline]


@admin.register(Indicator)
class IndicatorAdmin(ImportExportModelAdmin):
    list_display = ["name", "code", "program", "content_area", "measure", "by_target_group"]
    list_filter = ["program", "content_area", "measure"]


@admin.register(TargetGroup)
class TargetGroupAdmin(ImportExportModelAdmin):
    list_display = ["name", "code", "program"]
    list_filter = ["program"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "start", "end", "boundaries", "copied_from"]
    actions = ["copy_structure"]

    @admin.action(description=_("Sao chép cấu trúc sang chương trình mới (giai đoạn kế tiếp)"))
    def copy_structure(self, request, queryset):
        for program in queryset:
            years = program.end.year - program.start.year + 1
            start = program.end.replace(year=program.end.year + 1, month=1, day=1)
            end = start.replace(year=start.year + years - 1, month=12, day=31)
            code = f"ctr-{start.year}-{end.year}"
            if Program.objects.filter(code=code).exists():
                messages.error(request, _("Chương trình %(code)s đã có.") % {"code": code})
                continue
            new = copy_program(
                program,
                code=code,
                name=f"Chương trình hành động vì trẻ em giai đoạn {start.year} - {end.year}",
                start=start,
                end=end,
            )
            messages.success(request, _("Đã tạo %(name)s.") % {"name": new.name})


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["unit"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "must_change_password"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Portal"), {"fields": ["must_change_password"]}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            from .accounts import end_sessions

            end_sessions(obj)


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    """Periods are opened by provincial staff in the portal (boundaries computed by the program's
    rule); here an admin corrects a due date. Locking goes through the portal, which records who."""

    list_display = ["__str__", "program", "start", "end", "due_date", "locked_at"]
    list_filter = ["program", "kind", "year"]
    readonly_fields = ["start", "end", "locked_at", "locked_by", "opened_by"]

    def has_add_permission(self, request):
        return False
