from django import forms
from django.utils.translation import gettext_lazy as _

from childprog.forms import DateField
from childprog.models import Period, Program

from .models import Report


class NarrativeForm(forms.ModelForm):
    # Required: without it the lost-update check of save_draft could be skipped.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Trang thiếu thông tin phiên bản: hãy tải lại trang rồi lưu.")},
    )

    class Meta:
        model = Report
        fields = [f for f, _label in Report.SECTIONS]
        widgets = {f: forms.Textarea(attrs={"rows": 6}) for f, _label in Report.SECTIONS}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in Report.SECTIONS:
            self.fields[f"note_{field}"] = forms.CharField(
                label=_("Góp ý phần: %(s)s") % {"s": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def section_notes(self):
        return {f: self.cleaned_data.get(f"note_{f}", "") for f, _label in Report.SECTIONS}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 3}))


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Bản ký, đóng dấu (PDF hoặc JPEG)"))


class OpenPeriodForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Chương trình"), queryset=Program.objects.all())
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=Period.Kind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2013, max_value=2100)
    number = forms.IntegerField(label=_("Số kỳ (tháng 1-12, quý 1-4)"), min_value=1, max_value=12, initial=1)
    due_date = DateField(label=_("Hạn nộp (dd/mm/yyyy)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
            field.widget.attrs["class"] = css

    # The numbers each kind of period has in a year: one period per program, kind and span.
    NUMBERS = {
        Period.Kind.MONTHLY: (12, _("Tháng chỉ từ 1 đến 12.")),
        Period.Kind.QUARTERLY: (4, _("Quý chỉ từ 1 đến 4.")),
        Period.Kind.SIX_MONTHLY: (1, _("Báo cáo 6 tháng chỉ có kỳ số 1 (6 tháng đầu năm).")),
        Period.Kind.NINE_MONTHLY: (1, _("Báo cáo 9 tháng chỉ có kỳ số 1.")),
        Period.Kind.ANNUAL: (1, _("Báo cáo năm chỉ có kỳ số 1.")),
        Period.Kind.MIDTERM: (1, _("Sơ kết giữa kỳ chỉ có kỳ số 1.")),
        Period.Kind.FINAL: (1, _("Tổng kết chương trình chỉ có kỳ số 1.")),
    }

    def clean(self):
        # Whether the period lies inside its program's years is the service's rule (open_period):
        # the view shows its message here.
        data = super().clean()
        kind, number = data.get("kind"), data.get("number") or 1
        if kind in self.NUMBERS and number > self.NUMBERS[kind][0]:
            self.add_error("number", self.NUMBERS[kind][1])
        return data
