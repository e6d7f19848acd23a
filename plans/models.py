"""A unit's plan for a year (or for the whole program) with its targets per indicator.

Guideline 39, Section III.2: the districts "build their own plans from the province's guideline".
Provincial staff set the province's targets; a district sets its own. Progress against targets
comes from the same roll-up as the reports (reports/rollup.py), so the two never disagree.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from childprog.models import ContentArea, Indicator, Movement, Program, Unit


class PlanQuerySet(models.QuerySet):
    def for_pages(self):
        return self.select_related("unit", "program")


class Plan(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("đơn vị"))
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="plans", verbose_name=_("chương trình")
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), null=True, blank=True, help_text=_("Để trống: kế hoạch cho cả giai đoạn của chương trình.")
    )
    number = models.CharField(_("số kế hoạch"), max_length=50, blank=True, help_text=_("Ví dụ: 12-KH/HĐTN"))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    file = models.FileField(_("văn bản kế hoạch"), upload_to="plans/%Y/", blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sao chép từ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "program", "year"], name="plan_one_per_year"),
            models.UniqueConstraint(
                fields=["unit", "program"], condition=Q(year__isnull=True), name="plan_one_per_program"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def span_label(self):
        if self.year:
            return _("Năm %(year)s") % {"year": self.year}
        return _("Giai đoạn %(a)s-%(b)s") % {"a": self.program.start.year, "b": self.program.end.year}


# The largest target anyone can mean, per unit of measure. Cao Bằng has about 530.000 inhabitants:
# no plan reaches a million children, people or events, and no district raises 1.000 billion đồng
# for children in a year. Above this a digit was typed twice (or a figure pasted into the wrong box).
TARGET_LIMITS = {
    Indicator.Measure.PEOPLE: 1_000_000,
    Indicator.Measure.COUNT: 1_000_000,
    Indicator.Measure.VND: 1_000_000_000_000,
}


def check_target(indicator: Indicator, value: int) -> None:
    """Refuse an implausible target with a message that says what the limit is."""
    from childprog.formats import format_number

    limit = TARGET_LIMITS.get(indicator.measure)
    if limit is not None and value > limit:
        raise ValidationError(
            _(
                "%(value)s là quá lớn cho chỉ tiêu “%(indicator)s” (tối đa %(limit)s). Hãy kiểm tra lại số đã nhập."
            ),
            params={
                "value": format_number(value),
                "indicator": indicator.name,
                "limit": format_number(limit),
            },
            code="implausible",
        )


class Target(models.Model):
    """A target for one indicator: for the whole plan, or for one content area or movement."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name=_("chỉ tiêu"))
    content_area = models.ForeignKey(
        ContentArea, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("nội dung")
    )
    movement = models.ForeignKey(
        Movement, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("phong trào, mô hình")
    )
    value = models.PositiveBigIntegerField(_("chỉ tiêu"))

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = [
            "plan",
            "movement",
            "content_area__number",
            "indicator__content_area__number",
            "indicator__order",
        ]
        # One target per (indicator, area, movement) in a plan: set_targets replaces them all at once.

    def __str__(self):
        return f"{self.indicator}: {self.value}"

    @property
    def scope_label(self):
        return str(self.movement or self.content_area or "")
