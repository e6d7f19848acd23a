"""Filters shared by every list: one date filter, one diacritic-blind search."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .forms import DateField
from .text import search


class DateFilter(django_filters.DateFilter):
    """A date typed the way every date form of the portal takes it (childprog.forms.DateField)."""

    field_class = DateField


class SearchFilter(django_filters.CharFilter):
    """The lists' search box: every word typed begins a word of one of `fields` (childprog.text.search)."""

    def __init__(self, *, fields=(), folded_field=None, **kwargs):
        kwargs.setdefault("label", _("Tìm (không cần dấu)"))
        super().__init__(**kwargs)
        self.search_fields = list(fields)
        self.folded_field = folded_field

    def filter(self, qs, value):
        if not value:
            return qs
        return search(qs, value, self.search_fields, folded_field=self.folded_field)
