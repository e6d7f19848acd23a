from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from childprog.dates import parse_figure
from childprog.formats import format_number
from childprog.forms import DateField
from childprog.models import Indicator, Movement, Program
from library.uploads import validate_document

from .models import Plan, check_target
from .services import program_for_year


class PlanForm(forms.ModelForm):
    issued_on = DateField(label=gettext_lazy("Ngày ban hành"), required=False)
    program = forms.ModelChoiceField(
        Program.objects.all(),
        label=gettext_lazy("Chương trình"),
        required=False,
        help_text=gettext_lazy("Chỉ cần chọn khi lập kế hoạch cho cả giai đoạn (không ghi năm)."),
    )

    class Meta:
        model = Plan
        fields = ["unit", "year", "program", "number", "issued_on", "title", "file"]
        help_texts = {"file": gettext_lazy("PDF hoặc Word (.docx).")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        if self.instance.pk:  # the span of a plan is fixed once its targets exist
            for name in ("unit", "year", "program"):
                self.fields[name].disabled = True

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "content_type"):
            validate_document(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        year, program = data.get("year"), data.get("program")
        if year and not program:
            program = program_for_year(year)
            if program is None:
                self.add_error("year", _("Không có chương trình nào cho năm này."))
            data["program"] = program
        elif not year and not program:
            self.add_error("program", _("Hãy ghi năm, hoặc chọn chương trình khi lập kế hoạch cả giai đoạn."))
        if year and program and not (program.start.year <= year <= program.end.year):
            self.add_error("year", _("Năm này nằm ngoài giai đoạn của chương trình."))
        if data.get("program"):  # an unsaved plan has no program to fall back on
            self.instance.program = data["program"]
        return data


class AmountInput(forms.TextInput):
    """Shows a saved whole number as "1.500.000"; text typed by the user comes back as typed."""

    def format_value(self, value):
        if isinstance(value, int):
            return format_number(value)
        return super().format_value(value)


class AmountField(forms.CharField):
    """A whole number typed the Vietnamese way ("1.500.000")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            AmountInput(attrs={"inputmode": "numeric", "class": "form-control form-control-sm num"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_figure(super().clean(value))


class TargetGridForm(forms.Form):
    """One input per indicator (the plan's total), and for the core indicators one per content
    area; then a few rows of targets by movement."""

    MOVEMENT_ROWS = 3

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        program = plan.program
        self.indicators = list(Indicator.objects.filter(program=program).select_related("content_area"))
        self.areas = list(program.content_areas.all())
        existing = {(t.indicator_id, t.content_area_id, t.movement_id): t.value for t in plan.targets.all()}
        self.grid = []  # [(indicator, [field name for total, then per area or None])]
        for ind in self.indicators:
            names = [self._add(ind, None, existing)]
            if ind.is_core:
                names += [self._add(ind, area, existing) for area in self.areas]
            self.grid.append((ind, names))
        movement_targets = [(k, v) for k, v in existing.items() if k[2]]
        movements = Movement.objects.filter(content_area__program=program).select_related("content_area")
        self.movement_rows = []
        for n in range(len(movement_targets) + self.MOVEMENT_ROWS):
            (ind_id, _area, mov_id), value = (
                movement_targets[n] if n < len(movement_targets) else ((None, None, None), None)
            )
            # The row's cells have no visible label of their own (the column heads are the labels):
            # screen readers get "column, row n".
            row = {"row": n + 1}
            self.fields[f"m{n}_movement"] = forms.ModelChoiceField(
                movements,
                required=False,
                initial=mov_id,
                label=gettext_lazy("Phong trào, mô hình"),
                widget=forms.Select(attrs={"aria-label": _("Phong trào, mô hình — dòng %(row)s") % row}),
            )
            self.fields[f"m{n}_indicator"] = forms.ModelChoiceField(
                Indicator.objects.filter(program=program),
                required=False,
                initial=ind_id,
                label=gettext_lazy("Chỉ tiêu"),
                widget=forms.Select(attrs={"aria-label": _("Chỉ tiêu — dòng %(row)s") % row}),
            )
            self.fields[f"m{n}_value"] = AmountField(initial=value, label=gettext_lazy("Chỉ tiêu"))
            self.fields[f"m{n}_value"].widget.attrs["aria-label"] = _("Số lượng — dòng %(row)s") % row
            self.movement_rows.append([self[f"m{n}_movement"], self[f"m{n}_indicator"], self[f"m{n}_value"]])

    def _add(self, indicator, area, existing):
        name = f"t_{indicator.pk}_{area.pk if area else 0}"
        self.fields[name] = AmountField(
            initial=existing.get((indicator.pk, area.pk if area else None, None)), label=str(indicator)
        )
        return name

    def rows(self):
        """[(indicator, [bound field or None per column])] for the template: total, then areas."""
        return [
            (ind, [self[n] for n in names] + ([] if ind.is_core else [None] * len(self.areas)))
            for ind, names in self.grid
        ]

    def clean(self):
        data = super().clean()
        for ind, names in self.grid:
            for name in names:
                if data.get(name):
                    self._check(name, ind, data[name])
        for n in range(len(self.movement_rows)):
            movement, indicator, value = (data.get(f"m{n}_{k}") for k in ("movement", "indicator", "value"))
            if value and not (movement and indicator):
                self.add_error(f"m{n}_movement", _("Hãy chọn phong trào và chỉ tiêu cho dòng này."))
            elif value and indicator:
                self._check(f"m{n}_value", indicator, value)
        return data

    def _check(self, name, indicator, value):
        try:
            check_target(indicator, value)
        except forms.ValidationError as error:
            self.add_error(name, error)

    def values(self) -> dict[tuple[int, int | None, int | None], int]:
        out = {}
        for ind, names in self.grid:
            for name in names:
                area_id = int(name.rsplit("_", 1)[1]) or None
                if self.cleaned_data.get(name):
                    out[(ind.pk, area_id, None)] = self.cleaned_data[name]
        for n in range(len(self.movement_rows)):
            movement, indicator, value = (
                self.cleaned_data.get(f"m{n}_{k}") for k in ("movement", "indicator", "value")
            )
            if movement and indicator and value:
                out[(indicator.pk, None, movement.pk)] = value
        return out


class CopyPlanForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Đơn vị"), empty_label=None)
    year = forms.IntegerField(label=gettext_lazy("Năm của kế hoạch mới"), min_value=2000, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
