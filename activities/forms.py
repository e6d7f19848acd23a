"""Forms only validate and lay out; the rules live in activities.services."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from childprog.dates import parse_figure
from childprog.formats import format_number
from childprog.forms import DateField
from childprog.models import ContentArea, Movement, Unit

from .services import ProgramCatalogue, RecordData, figure_field
from .uploads import check_upload


class VietNumberField(forms.CharField):
    """A whole number typed the Vietnamese way: "1.500.000" is one and a half million."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "text-end", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_figure(value)

    def prepare_value(self, value):
        if isinstance(value, (int, Decimal)):
            return format_number(value)
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several photos or documents at once, each checked from its content (activities.uploads)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf,.docx,.xlsx"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


def unit_label(unit: Unit) -> str:
    indent = "\u2003" * max(unit.depth - 1, 0)
    if unit.valid_to:
        return f"{indent}{unit.name} ({unit.valid_from:%Y}–{unit.valid_to:%d/%m/%Y})"
    return f"{indent}{unit.name}"


class ActivityForm(forms.Form):
    """Record or edit one activity. The indicator fields depend on the chosen content area (the
    core indicators of its program, then the area's own), so the form is built from the data."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Đơn vị tổ chức"))
    content_area = forms.ChoiceField(label=gettext_lazy("Nội dung hoạt động"))
    movement = forms.ChoiceField(label=gettext_lazy("Phong trào, mô hình, hình thức"), required=False)
    title = forms.CharField(label=gettext_lazy("Tên hoạt động"), max_length=300)
    start_date = DateField(label=gettext_lazy("Ngày bắt đầu"))
    end_date = DateField(
        label=gettext_lazy("Ngày kết thúc"),
        help_text=gettext_lazy("Hoạt động một ngày: ghi cùng ngày. Ngày này xếp hoạt động vào kỳ báo cáo."),
    )
    place = forms.CharField(
        label=gettext_lazy("Địa điểm (xã, thôn, trường...)"), max_length=300, required=False
    )
    description = forms.CharField(
        label=gettext_lazy("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    files = FilesField(
        label=gettext_lazy("Ảnh, tài liệu"),
        required=False,
        help_text=gettext_lazy("Ảnh JPEG, PNG, WebP; tài liệu PDF, DOCX, XLSX; tối đa 10 MB mỗi tệp."),
    )
    photos_show_children = forms.BooleanField(
        label=gettext_lazy("Ảnh có hình trẻ em (cần ghi nhận đồng ý trước khi đăng tin)"),
        required=False,
        initial=True,
    )
    correction_reason = forms.CharField(
        label=gettext_lazy("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("Chỉ cần khi hoạt động thuộc kỳ đã có báo cáo được duyệt."),
    )
    confirm_duplicate = forms.BooleanField(
        label=gettext_lazy("Tôi đã xem, đây không phải hoạt động trùng"), required=False
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, access, instance=None, **kwargs):
        self.instance = instance
        if instance is None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("submission_key", uuid.uuid4())
            today = timezone.localdate()
            kwargs["initial"].setdefault("start_date", today)
            kwargs["initial"].setdefault("end_date", today)
            if access.primary_unit is not None and access.can_record_for(access.primary_unit):
                kwargs["initial"].setdefault("unit", access.primary_unit.pk)
        else:
            kwargs["initial"] = {**self.initial_from(instance), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        units = access.recordable_units()
        if instance is not None:
            units = units | Unit.objects.filter(pk=instance.unit_id)
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["unit"].label_from_instance = unit_label
        self.areas = {
            str(a.pk): a
            for a in ContentArea.objects.select_related("program").order_by("-program__start", "number")
        }
        grouped: dict[str, list] = {}
        for area in self.areas.values():
            grouped.setdefault(area.program.name, []).append((str(area.pk), str(area)))
        self.fields["content_area"].choices = [("", "—")] + list(grouped.items())
        url = reverse("activities:indicator_fields") + (f"?activity={instance.pk}" if instance else "")
        self.fields["content_area"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-target": "#indicators",
                "hx-trigger": "change",
                "hx-include": "[name=content_area],[name=movement],[name^=fig_],[name=end_date]",
            }
        )
        self.area = self.areas.get(str(self["content_area"].value() or ""))
        self.movements = {}
        if self.area is not None:
            self.movements = {str(m.pk): m for m in Movement.objects.filter(content_area=self.area)}
        self.fields["movement"].choices = [("", "—")] + [(k, m.name) for k, m in self.movements.items()]
        self.catalogue = ProgramCatalogue.load(self.area.program) if self.area else None
        self.indicator_rows = []
        if self.catalogue is not None:
            self._add_indicator_fields()

    @staticmethod
    def initial_from(activity) -> dict:
        initial = {
            "unit": activity.unit_id,
            "content_area": str(activity.content_area_id),
            "movement": str(activity.movement_id or ""),
            "title": activity.title,
            "start_date": activity.start_date,
            "end_date": activity.end_date,
            "place": activity.place,
            "description": activity.description,
            "version": activity.version,
        }
        for figure in activity.figures.select_related("indicator", "target_group"):
            group = figure.target_group.code if figure.target_group_id else None
            initial[figure_field(figure.indicator.code, group)] = figure.value
        return initial

    def _add_indicator_fields(self):
        """One field per indicator, and per target group for "of which" counts by group."""
        for indicator in self.catalogue.indicators_for(self.area):
            name = figure_field(indicator.code)
            self.fields[name] = VietNumberField(label=indicator.name, required=False)
            groups = []
            if indicator.by_target_group:
                for group in self.catalogue.groups.values():
                    gname = figure_field(indicator.code, group.code)
                    self.fields[gname] = VietNumberField(label=group.name, required=False)
                    groups.append(self[gname])
            self.indicator_rows.append((indicator, self[name], groups))

    @property
    def shows_correction(self):
        return self.instance is not None or bool(self.errors.get("correction_reason"))

    @property
    def shows_duplicate(self):
        return bool(self.errors.get("confirm_duplicate")) or bool(self.data.get("confirm_duplicate"))

    def clean_content_area(self):
        area = self.areas.get(self.cleaned_data["content_area"])
        if area is None:
            raise ValidationError(_("Hãy chọn nội dung hoạt động."))
        return area

    def clean_movement(self):
        value = self.cleaned_data["movement"]
        return self.movements.get(value) if value else None

    def clean_version(self):
        # An edit states which version it began from, or the lost-update check could be skipped.
        version = self.cleaned_data.get("version")
        if self.instance is not None and version is None:
            # Shown above the form: the field itself is hidden.
            self.add_error(
                None,
                ValidationError(
                    _("Trang sửa thiếu thông tin phiên bản: hãy mở lại trang sửa rồi lưu."), code="version"
                ),
            )
        return version

    def record_data(self) -> RecordData:
        data = self.cleaned_data
        figures = {}
        for name, value in data.items():
            if name.startswith("fig_") and value is not None:
                code, _sep, group = name[4:].partition("__")
                figures[(code, group or None)] = value
        return RecordData(
            unit=data["unit"],
            content_area=data["content_area"],
            movement=data.get("movement"),
            title=data["title"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            place=data.get("place", ""),
            description=data.get("description", ""),
            figures=figures,
        )

    def add_service_errors(self, error: ValidationError):
        """Put a service's ValidationError next to the fields it names."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do xóa"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("Bắt buộc khi hoạt động thuộc kỳ đã có báo cáo được duyệt."),
    )


class AttachmentForm(forms.Form):
    files = FilesField(label=gettext_lazy("Thêm ảnh, tài liệu"))
    photos_show_children = forms.BooleanField(
        label=gettext_lazy("Ảnh có hình trẻ em"), required=False, initial=True
    )


class ConsentForm(forms.Form):
    shows_children = forms.BooleanField(label=gettext_lazy("Ảnh có hình trẻ em"), required=False)
    consent_recorded = forms.BooleanField(
        label=gettext_lazy("Đã có sự đồng ý của cha mẹ, người giám hộ"), required=False
    )
    consent_note = forms.CharField(label=gettext_lazy("Ghi chú về sự đồng ý"), max_length=300, required=False)


class NewsForm(forms.Form):
    public_text = forms.CharField(
        label=gettext_lazy("Nội dung tin đăng công khai"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Không ghi tên trẻ em. Tin hiện trên trang công khai, không cần đăng nhập."),
    )
    photos = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Ảnh đăng kèm"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].queryset = activity.attachments.filter(kind="photo")
        self.fields["photos"].label_from_instance = lambda a: (
            a.original_name + ("" if a.may_be_published else " — " + _("chưa có đồng ý, chưa đăng được"))
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp XLSX hoặc CSV"),
        help_text=gettext_lazy("Dùng tệp mẫu: tiêu đề cột tiếng Việt như trong mẫu."),
    )
