import django_filters
from django.utils.translation import gettext_lazy as _

from childprog.filters import SearchFilter
from childprog.models import Program, Unit

from .models import Document


def style_filter_form(form):
    """Bootstrap classes on a filter form's widgets (filters render without crispy)."""
    for field in form.fields.values():
        css = "form-select" if hasattr(field.widget, "choices") else "form-control"
        field.widget.attrs.setdefault("class", css)


class DocumentFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["title", "number", "symbol", "text"])
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=Document.Kind.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị ban hành"),
        queryset=Unit.objects.filter(kind__in=[Unit.Kind.PROVINCE, Unit.Kind.CITY, Unit.Kind.DISTRICT]),
    )
    program = django_filters.ModelChoiceFilter(label=_("Chương trình"), queryset=Program.objects.all())

    class Meta:
        model = Document
        fields = ["q", "kind", "unit", "program"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_filter_form(self.form)
