import django_filters
from django.utils.translation import gettext_lazy as _

from childprog.filters import DateFilter
from library.filters import style_filter_form

from .models import Entry


class EntryFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Hành động"), choices=Entry.Action.choices)
    actor = django_filters.CharFilter(
        label=_("Người thực hiện"), field_name="actor_name", lookup_expr="iexact"
    )
    date_from = DateFilter(label=_("Từ ngày"), field_name="at", lookup_expr="date__gte")
    date_to = DateFilter(label=_("Đến ngày"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = Entry
        fields = ["action", "actor", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_filter_form(self.form)
