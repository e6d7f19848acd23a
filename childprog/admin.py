"""Admin of units, the program's reference data and users.

The admin goes through the same rules as the portal: units keep their history (a row never
changes its parent), programs never overlap (Program.clean, copy_program), and accounts are
created and placed by childprog/accounts.py, the portal's accounts page's own checks."""

import re
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from audit.log import Action, record

from .accounts import allowed_roles, assignable_units, check_place, check_username, create_officer
from .admin_mixins import PortalAdminMixin, UnitLabelChoiceField, change_text, changed_fields, is_active_label
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

LEVEL_LABELS = {
    Unit.PROVINCE_LEVEL: _("Tỉnh"),
    Unit.DISTRICT_LEVEL: _("Huyện, thành phố"),
    Unit.GRASSROOTS_LEVEL: _("Cơ sở"),
}


class SuccessionInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    fields = ["successor", "is_primary"]
    autocomplete_fields = ["successor"]
    extra = 0


class UnitFlagInline(admin.TabularInline):
    model = UnitFlag
    extra = 0


class LevelFilter(admin.SimpleListFilter):
    title = _("cấp")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return list(LEVEL_LABELS.items())

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
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.valid_on(today)
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset


@admin.register(Unit)
class UnitAdmin(PortalAdminMixin, ImportExportModelAdmin):
    resource_classes = [UnitResource]
    import_template_name = "admin/childprog/unit/import.html"
    list_display = ["name", "code", "kind", "level", "parent", "valid_from", "valid_to", "successor_list"]
    list_filter = ["kind", LevelFilter, ValidityFilter, "flags__flag"]
    search_fields = ["name", "code", "path"]
    # Today's tree first (rows still valid, in tree order), then rows by the day they ended:
    # the 2025 communes no longer sit among the districts that ended that June.
    ordering = [F("valid_to").desc(nulls_first=True), "path"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "parent", "valid_from", "valid_to"]}),
        (_("Văn bản"), {"fields": ["heading", "symbol", "note"]}),
        (_("Vị trí trong cây"), {"fields": ["path", "depth"]}),
    ]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessionInline, UnitFlagInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .prefetch_related("succession_out__successor")
        )

    def get_readonly_fields(self, request, obj=None):
        # A row never changes its parent (docs/units-and-history.md): moves end the row and start a successor.
        return [*self.readonly_fields, "parent", "code"] if obj else self.readonly_fields

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A new place for a user is a unit valid today (an ended unit keeps its old members'
        # history, but nobody is newly placed there).
        if request.GET.get("model_name") == "membership" and request.GET.get("field_name") == "unit":
            queryset = queryset.valid_on(timezone.localdate())
        return queryset, may_have_duplicates

    # Every change of a unit in the admin goes into the audit log (imports: UnitResource).
    def log_addition(self, request, obj, message):
        record(Action.UNIT_CREATE, obj, by=request.user)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record(Action.UNIT_CHANGE, obj, by=request.user, detail=change_text(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for unit in queryset:
            record(Action.UNIT_DELETE, unit, by=request.user)
        return super().log_deletions(request, queryset)

    @admin.display(description=_("cấp"))
    def level(self, unit):
        return LEVEL_LABELS[unit.level]

    @admin.display(description=_("đơn vị kế thừa"))
    def successor_list(self, unit):
        links = sorted(unit.succession_out.all(), key=lambda s: (not s.is_primary, s.pk))
        return ", ".join(s.successor.code for s in links) or "—"


class MovementInline(admin.TabularInline):
    model = Movement
    extra = 0


class ProgramLabelChoiceField(forms.ModelChoiceField):
    """Content areas and indicators of every program share names: say whose each one is."""

    def label_from_instance(self, obj):
        return obj.label_with_program()


class ProgramItemsMixin:
    program_item_fields = {"content_area": ContentArea, "part_of": Indicator}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.program_item_fields:
            kwargs["form_class"] = ProgramLabelChoiceField
            kwargs["queryset"] = self.program_item_fields[db_field.name].objects.select_related("program")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ContentArea)
class ContentAreaAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "program"]
    list_filter = ["program"]
    list_select_related = ["program"]
    inlines = [MovementInline]


@admin.register(Indicator)
class IndicatorAdmin(PortalAdminMixin, ProgramItemsMixin, ImportExportModelAdmin):
    list_display = ["name", "code", "program", "content_area", "measure", "by_target_group"]
    list_filter = ["program", "content_area", "measure"]
    list_select_related = ["program", "content_area"]


@admin.register(TargetGroup)
class TargetGroupAdmin(PortalAdminMixin, ImportExportModelAdmin):
    list_display = ["name", "code", "program"]
    list_filter = ["program"]
    list_select_related = ["program"]


class CopyProgramForm(forms.Form):
    """The new program's code, name and years; validated by copy_program itself."""

    code = forms.SlugField(label=_("Mã chương trình mới"), max_length=40)
    name = forms.CharField(
        label=_("Tên chương trình mới"), max_length=300, widget=forms.TextInput(attrs={"size": 80})
    )
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)

    # Which form field shows each model field's error.
    FIELD_OF = {"code": "code", "name": "name", "start": "start_year", "end": "end_year"}

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", _("Năm kết thúc phải sau năm bắt đầu."))
        return data

    def add_model_errors(self, error: ValidationError):
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(None if field == NON_FIELD_ERRORS else self.FIELD_OF.get(field), errors)

    @staticmethod
    def initial_for(source: Program) -> dict:
        """A suggestion: the years after the last program, as long as the source; the source's
        name with the new years (so "tỉnh Cao Bằng" stays)."""
        last_end = max(Program.objects.values_list("end", flat=True), default=source.end)
        start_year = last_end.year + 1
        end_year = start_year + source.end.year - source.start.year
        years = f"{start_year} - {end_year}"
        name, found = re.subn(r"\d{4}\s*[-–]\s*\d{4}", years, source.name)
        if not found:
            name = f"{source.name} {years}"
        return {
            "code": f"ctr-{start_year}-{end_year}",
            "name": name,
            "start_year": start_year,
            "end_year": end_year,
        }


@admin.register(Program)
class ProgramAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "start", "end", "boundaries", "copied_from"]
    list_select_related = ["copied_from"]
    actions = ["copy_structure"]

    @admin.action(description=_("Sao chép cấu trúc sang chương trình mới…"))
    def copy_structure(self, request, queryset):
        sources = list(queryset[:2])
        if len(sources) != 1:
            self.message_user(request, _("Chọn đúng một chương trình để sao chép."), messages.WARNING)
            return None
        source = sources[0]
        if "apply" in request.POST:
            form = CopyProgramForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    new = copy_program(
                        source,
                        code=data["code"],
                        name=data["name"],
                        start=date(data["start_year"], 1, 1),
                        end=date(data["end_year"], 12, 31),
                    )
                except ValidationError as e:
                    form.add_model_errors(e)
                else:
                    self.log_addition(request, new, [{"added": {}}])
                    self.message_user(
                        request,
                        _("Đã tạo %(name)s (%(code)s) với cấu trúc của %(source)s.")
                        % {"name": new.name, "code": new.code, "source": source.code},
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = CopyProgramForm(initial=CopyProgramForm.initial_for(source))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sao chép cấu trúc chương trình"),
            "opts": self.model._meta,
            "source": source,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "programs": Program.objects.order_by("start"),
        }
        return TemplateResponse(request, "admin/childprog/program/copy_structure.html", context)


# -- users ----------------------------------------------------------------------------------------
class MembershipFormSet(BaseInlineFormSet):
    """Each new or changed place goes through the portal's rule (accounts.check_place): a current
    unit, a role that fits its level, and one the admin may give."""

    by = None

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or not form.is_valid():
                continue
            unit, role = form.cleaned_data.get("unit"), form.cleaned_data.get("role")
            if unit is None or not role:
                continue
            try:
                check_place(self.by, unit, role)
            except ValidationError as e:
                for field, errors in e.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fields = ["unit", "role"]
    autocomplete_fields = ["unit"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"by": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["form_class"] = UnitLabelChoiceField
            kwargs["queryset"] = Unit.objects.select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OfficerAddForm(forms.ModelForm):
    """The portal's "create an account" in the admin: the account gets its place at once and a
    temporary password it must change at the first login (accounts.create_officer)."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    unit = UnitLabelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"))

    by = None  # set per request by UserAdmin.get_form

    class Meta:
        model = User
        fields = ["username", "email"]
        labels = {"username": _("Tên đăng nhập"), "email": _("Thư điện tử")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = assignable_units(self.by).select_related("parent")
        self.fields["role"].choices = [
            ("", "---------"),
            *((r.value, r.label) for r in allowed_roles(self.by)),
        ]

    def clean(self):
        data = super().clean()
        try:
            if data.get("username"):
                data["username"] = check_username(data["username"])
            if data.get("unit") and data.get("role"):
                check_place(self.by, data["unit"], data["role"])
        except ValidationError as e:
            self.add_error(None, e)
        return data


class PasswordSetByAdminForm(AdminPasswordChangeForm):
    """A password the admin chose is known to the admin: the user changes it at the next login,
    as after a reset in the portal."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(PortalAdminMixin, BaseUserAdmin):
    add_form = OfficerAddForm
    add_form_template = "admin/change_form.html"
    add_fieldsets = ((None, {"fields": ["username", "full_name", "email", "unit", "role"]}),)
    change_password_form = PasswordSetByAdminForm
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "must_change_password"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Cổng thông tin"), {"fields": ["must_change_password"]}),)

    def get_inlines(self, request, obj):
        # On "add" the form itself asks for the first place.
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form = type(form.__name__, (form,), {"by": request.user})
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if "is_active" in form.changed_data and not obj.is_active:
                from .accounts import end_sessions

                end_sessions(obj)
            return
        data = form.cleaned_data
        user, password = create_officer(
            by=request.user,
            username=data["username"],
            full_name=data["full_name"],
            email=data.get("email") or "",
            unit=data["unit"],
            role=data["role"],
        )
        obj.pk, obj._state.adding = user.pk, False
        # Shown once on the next page, never stored in clear (not even in a message cookie).
        request._temporary_password = password

    # Accounts added here are recorded by accounts.create_officer; changes and deletions here.
    def log_change(self, request, obj, message):
        fields = changed_fields(message)
        if fields == {"password"}:
            action = Action.ACCOUNT_PASSWORD
        elif is_active_label() in fields:
            action = Action.ACCOUNT_REACTIVATE if obj.is_active else Action.ACCOUNT_DEACTIVATE
        else:
            action = Action.ACCOUNT_CHANGE
        record(action, obj, by=request.user, detail=change_text(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for user in queryset:
            record(Action.ACCOUNT_DELETE, user, by=request.user)
        return super().log_deletions(request, queryset)

    def response_add(self, request, obj, post_url_continue=None):
        password = getattr(request, "_temporary_password", None)
        if password is None:
            return super().response_add(request, obj, post_url_continue)
        user = User.objects.get(pk=obj.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Đã tạo tài khoản"),
            "opts": self.model._meta,
            "created": user,
            "place": user.memberships.select_related("unit").first(),
            "password": password,
            "change_url": reverse("admin:childprog_user_change", args=[user.pk]),
        }
        return TemplateResponse(request, "admin/childprog/user/created.html", context)


@admin.register(Period)
class PeriodAdmin(PortalAdminMixin, admin.ModelAdmin):
    """Periods are opened by provincial staff in the portal (boundaries computed by the program's
    rule); here an admin corrects a due date. Locking goes through the portal, which records who.
    What makes the period (program, kind, year, number, dates) is shown, not edited: the dates
    follow from the rest, and Period.clean() would refuse a period outside its program's years."""

    list_display = ["__str__", "program", "start", "end", "due_date", "locked_at"]
    list_filter = ["program", "kind", "year"]
    list_select_related = ["program"]
    readonly_fields = [
        "program",
        "kind",
        "year",
        "number",
        "start",
        "end",
        "locked_at",
        "locked_by",
        "opened_by",
    ]

    def has_add_permission(self, request):
        return False
