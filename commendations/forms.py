from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from childprog.forms import DateField
from childprog.models import Unit

from .models import Commendation

# Activities offered for linking: the user's visible ones of the two years before the decision (a
# district has a few hundred; older ones stay linked when already chosen).
ACTIVITY_WINDOW = timedelta(days=730)
# Units that give commendations: the province, districts and grassroots Union bases (not branches).
_GIVING_KINDS = [k for k in Unit.Kind.values if k not in (Unit.Kind.BRANCH, Unit.Kind.OTHER)]


class CommendationForm(forms.ModelForm):
    decision_date = DateField(label=_("Ngày quyết định"))
    guardian_consent_on = DateField(label=_("Ngày cha mẹ, người giám hộ đồng ý"), required=False)
    child_consent_on = DateField(label=_("Ngày trẻ em (từ đủ 7 tuổi) đồng ý"), required=False)

    class Meta:
        model = Commendation
        fields = [
            "unit",
            "decision_number",
            "decision_date",
            "level",
            "form",
            "kind",
            "recipient_name",
            "recipient_unit",
            "reason",
            "activities",
            "is_child",
            "child_age",
            "guardian_consent_on",
            "child_consent_on",
            "publish_name",
        ]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {"activities": _("Giữ phím Ctrl (Cmd trên máy Mac) để chọn nhiều hoạt động.")}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.fields["unit"].queryset = access.recordable_units().filter(kind__in=_GIVING_KINDS)
        self.fields["unit"].initial = access.primary_unit
        since = self._anchor_date() - ACTIVITY_WINDOW
        visible = access.scope(Activity.objects.all()).select_related("unit")
        recent = visible.filter(end_date__gte=since)
        if self.instance.pk:
            recent = recent | visible.filter(pk__in=self.instance.activities.values("pk"))
        self.fields["activities"].queryset = recent.order_by("-end_date")
        self.fields["activities"].label_from_instance = lambda a: (
            f"{a.end_date:%d/%m/%Y} — {a.unit} — {a.title}"
        )

    def _anchor_date(self):
        """Commendations follow the work: offer the activities of the two years before the decision."""
        try:
            return self.fields["decision_date"].clean(self.data.get("decision_date")) or timezone.localdate()
        except forms.ValidationError:
            return self.instance.decision_date or timezone.localdate()

    def clean(self):
        data = super().clean()
        unit, day = data.get("unit"), data.get("decision_date")
        if unit and day and not self.access.can_record_for(unit, day):
            self.add_error("unit", _("Đơn vị này không còn hiệu lực vào ngày quyết định."))
        return data
