import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from childprog.filters import SearchFilter
from childprog.models import Unit
from library.filters import style_filter_form

from .models import Commendation


class CommendationFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["recipient_name", "recipient_unit", "decision_number"])
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=Unit.objects.none(), method="under_unit"
    )
    year = django_filters.NumberFilter(label=_("Năm"), field_name="decision_date", lookup_expr="year")
    kind = django_filters.ChoiceFilter(label=_("Đối tượng"), choices=Commendation.Kind.choices)
    form = django_filters.ChoiceFilter(label=_("Hình thức"), choices=Commendation.Form.choices)
    level = django_filters.ChoiceFilter(label=_("Cấp khen"), choices=Commendation.Level.choices)
    is_child = django_filters.BooleanFilter(
        label=_("Trẻ em"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]),
    )

    class Meta:
        model = Commendation
        fields = ["q", "unit", "year", "kind", "form", "level", "is_child"]

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        # The unit choices go through the one door too: another district's units are not offered.
        units = access.scope(Unit.objects.exclude(kind="branch"), unit_field="pk")
        self.filters["unit"].queryset = units
        self.form.fields["unit"].queryset = units
        style_filter_form(self.form)

    def under_unit(self, queryset, name, unit):
        return queryset.filter(unit__path__startswith=unit.path)
