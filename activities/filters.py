"""The list's filters. Every choice offered comes through the one door (childprog.access)."""

import django_filters
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from childprog.filters import DateFilter, SearchFilter
from childprog.models import ContentArea, Movement, Period, TargetGroup, Unit

from .forms import unit_label
from .models import Activity, Figure

SORTS = {
    "-end_date": (gettext_lazy("Mới nhất"), ["-end_date", "-pk"]),
    "end_date": (gettext_lazy("Cũ nhất"), ["end_date", "pk"]),
    "title": (gettext_lazy("Tên hoạt động (A–Z)"), ["title_sort", "pk"]),
    "unit": (gettext_lazy("Đơn vị (A–Z)"), ["unit_sort", "-end_date", "pk"]),
}


# Content areas, movements and target groups are reference data, changed in the admin a few
# times a year: every view of the list reads them from the cache; a change shows within a minute.
CHOICES_SECONDS = 60


def reference_choices():
    """The choices of the content area, movement and target group filters (both programs' lists
    merged: the same numbers, names and codes)."""
    areas = list(
        dict.fromkeys(
            (a.number, f"{a.number}. {a.short_name}") for a in ContentArea.objects.order_by("number")
        )
    )
    movements = [
        (name, name)
        for name in dict.fromkeys(
            Movement.objects.order_by("content_area__number", "order").values_list("name", flat=True)
        )
    ]
    groups = list(dict.fromkeys(TargetGroup.objects.order_by("order").values_list("code", "name")))
    return areas, movements, groups


class ActivityFilter(django_filters.FilterSet):
    q = SearchFilter(folded_field="search_text")
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Đơn vị"), queryset=Unit.objects.none(), method="filter_unit"
    )
    subtree = django_filters.ChoiceFilter(
        label=gettext_lazy("Phạm vi"),
        choices=[("1", gettext_lazy("Cả đơn vị trực thuộc")), ("0", gettext_lazy("Chỉ đơn vị này"))],
        empty_label=None,
        method="filter_nothing",
    )
    content_area = django_filters.ChoiceFilter(
        label=gettext_lazy("Nội dung"), field_name="content_area__number"
    )
    movement = django_filters.ChoiceFilter(
        label=gettext_lazy("Phong trào, mô hình"), field_name="movement__name"
    )
    target_group = django_filters.ChoiceFilter(
        label=gettext_lazy("Nhóm đối tượng"), method="filter_target_group"
    )
    period = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Kỳ báo cáo"), queryset=Period.objects.none(), method="filter_period"
    )
    date_from = DateFilter(label=gettext_lazy("Từ ngày"))
    date_to = DateFilter(label=gettext_lazy("Đến ngày"))
    sort = django_filters.ChoiceFilter(
        label=gettext_lazy("Sắp xếp"),
        choices=[(k, v[0]) for k, v in SORTS.items()],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = Activity
        fields = []

    def __init__(self, data=None, *args, access, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.access = access
        self.filters["date_from"].field_name = self.filters["date_to"].field_name = "end_date"
        self.filters["date_from"].lookup_expr, self.filters["date_to"].lookup_expr = "gte", "lte"
        units = access.scope(Unit.objects.all(), unit_field="pk").order_by("path")
        self.filters["unit"].queryset = units
        self.filters["period"].queryset = Period.objects.select_related("program").order_by("-end", "kind")
        areas, movements, groups = cache.get_or_set(
            "activity-filter-choices", reference_choices, CHOICES_SECONDS
        )
        self.filters["content_area"].extra["choices"] = areas
        self.filters["movement"].extra["choices"] = movements
        self.filters["target_group"].extra["choices"] = groups

    @property
    def form(self):
        form = super().form
        form.fields["unit"].label_from_instance = unit_label
        return form

    @property
    def qs(self):
        qs = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return qs.order_by(*SORTS.get(sort or "-end_date", SORTS["-end_date"])[1])

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_unit(self, queryset, name, unit):
        if self.form.cleaned_data.get("subtree") == "0":
            return queryset.filter(unit=unit)
        # The unit's subtree and every unit carried forward into it (Hà Quảng → Thông Nông's past).
        return queryset.filter(unit_id__in=self.access.graph.visible_from(unit.pk))

    def filter_target_group(self, queryset, name, code):
        return queryset.filter(
            Exists(Figure.objects.filter(activity=OuterRef("pk"), target_group__code=code, value__gt=0))
        )

    def filter_period(self, queryset, name, period):
        return queryset.filter(end_date__gte=period.start, end_date__lte=period.end)
