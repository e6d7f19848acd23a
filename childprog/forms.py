"""Forms of the core pages. They only validate; the rules live in childprog/accounts.py."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import allowed_roles, assignable_units
from .dates import check_plausible_date


class DateField(forms.DateField):
    """Every hand-typed date of the portal: the locale's input formats (childprog/locale_formats:
    15/06/2024, 15-06-2024, 15.06.2024, 2024-06-15), shown back as dd/mm/yyyy, one message."""

    default_error_messages = {"invalid": _("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 15/06/2024.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        )
        # 01/01/0001 parses, but no document or record is dated so; date arithmetic would fail.
        kwargs.setdefault("validators", [check_plausible_date])
        super().__init__(**kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Indent by depth so the flat list reads as the tree it is.
        return "\u2003" * max(obj.depth - 1, 0) + str(obj)


class PlaceForm(forms.Form):
    """A unit and a role, limited to those the manager `by` may give."""

    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None)
    role = forms.ChoiceField(label=_("Vai trò"))

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = assignable_units(by)
        roles = allowed_roles(by)
        choices = [(r.value, r.label) for r in roles]
        # One role: nothing to choose. Several: the manager picks one on purpose.
        self.fields["role"].choices = choices if len(choices) == 1 else [("", "---------"), *choices]


class OfficerCreateForm(PlaceForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chữ không dấu, số và các ký tự @ . + - _ ; ví dụ: lucha.haquang"),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False, help_text=_("Không bắt buộc."))

    field_order = ["username", "full_name", "email", "unit", "role"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    inactive = forms.BooleanField(label=_("Cả tài khoản đã khóa"), required=False)


class UnitDateForm(forms.Form):
    date = DateField(label=_("Cơ cấu tổ chức ngày"), required=False)

    def day(self):
        """The chosen date, or today when none (or a bad one) was given."""
        if self.is_valid() and self.cleaned_data["date"]:
            return self.cleaned_data["date"]
        return timezone.localdate()


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")

    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa. Hãy liên hệ cán bộ cấp trên."),
    }


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form; the labels read as an officer expects."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại (hoặc mật khẩu tạm được cấp)")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
