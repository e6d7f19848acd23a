import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from childprog.models import Program, Unit

from .models import Document


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=Document.Kind.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị ban hành"),
        queryset=Unit.objects.filter(kind__in=[Unit.Kind.PROVINCE, Unit.Kind.CITY, Unit.Kind.DISTRICT]),
    )
    program = django_filters.ModelChoiceFilter(label=_("Chương trình"), queryset=Program.objects.all())

    class Meta:
        model = Document
        fields = ["q", "kind", "unit", "program"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(number__iexact=value) | Q(text__icontains=value))
