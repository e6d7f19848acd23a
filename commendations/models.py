"""The register of commendations (Guideline 39, Section III.2: districts "promptly commend the
collectives and individuals with achievements").

A recipient who is a child is protected personal data (docs/childrens-data.md;
Decree 13/2023/NĐ-CP art. 20, Law 91/2025/QH15): only the units responsible see the record (the
one door, `access_for(user).scope`), it is never published without the guardian's consent (and,
from age 7, the child's), and the name can be erased — from the change history too
(`services.erase_personal_data`). Reports count children commended; they never print a name.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childprog.models import Unit

CHILD_MAX_AGE = 15  # a child is under 16 (Law on Children 2016, art. 1)
CHILD_CONSENT_AGE = 7  # from 7 the child's own consent is needed too (Decree 13/2023 art. 20)


class CommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from childprog.access import access_for

        return access_for(user).scope(self)

    def for_pages(self):
        return self.select_related("unit")

    def in_range(self, start, end):
        return self.filter(decision_date__gte=start, decision_date__lte=end)


class Commendation(models.Model):
    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    class Form(models.TextChoices):
        CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Giấy khen")
        DIPLOMA_OF_MERIT = "diploma_of_merit", _("Bằng khen")
        CERTIFICATE = "certificate", _("Giấy chứng nhận")
        LETTER = "letter", _("Thư khen")
        PRAISE = "praise", _("Tuyên dương")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương Đoàn")
        PROVINCE = "province", _("Tỉnh Đoàn")
        DISTRICT = "district", _("Huyện, Thành Đoàn")
        GRASSROOTS = "grassroots", _("Đoàn cơ sở")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="commendations", verbose_name=_("đơn vị khen thưởng")
    )
    kind = models.CharField(_("đối tượng"), max_length=12, choices=Kind.choices)
    recipient_name = models.CharField(_("tên tập thể, cá nhân"), max_length=200, blank=True)
    recipient_unit = models.CharField(
        _("đơn vị của người được khen"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Liên đội Trường TH Nước Hai."),
    )
    is_child = models.BooleanField(
        _("người được khen là trẻ em"),
        default=False,
        help_text=_("Dưới 16 tuổi: dữ liệu cá nhân được bảo vệ."),
    )
    child_age = models.PositiveSmallIntegerField(_("tuổi (khi được khen)"), null=True, blank=True)
    guardian_consent_on = models.DateField(_("ngày cha mẹ, người giám hộ đồng ý"), null=True, blank=True)
    child_consent_on = models.DateField(_("ngày trẻ em (từ đủ 7 tuổi) đồng ý"), null=True, blank=True)
    publish_name = models.BooleanField(
        _("được phép công bố tên"),
        default=False,
        help_text=_("Với trẻ em: chỉ khi đã ghi nhận sự đồng ý."),
    )
    reason = models.TextField(_("thành tích"), blank=True)
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="commendations", verbose_name=_("hoạt động liên quan")
    )
    form = models.CharField(_("hình thức"), max_length=20, choices=Form.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"), db_index=True)
    level = models.CharField(_("cấp khen"), max_length=12, choices=Level.choices)
    erased_at = models.DateTimeField(_("đã xóa dữ liệu cá nhân lúc"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decision_date", "-pk"]
        indexes = [models.Index(fields=["unit", "decision_date"])]

    def __str__(self):
        return f"{self.get_form_display()} {self.decision_number} — {self.recipient_label}"

    @property
    def recipient_label(self):
        if self.erased_at:
            return _("(đã xóa dữ liệu cá nhân)")
        return self.recipient_name

    @property
    def needs_child_consent(self):
        return self.is_child and (self.child_age or 0) >= CHILD_CONSENT_AGE

    @property
    def has_consent(self):
        """Consent recorded as the law asks: the guardian's, and from age 7 the child's too."""
        return bool(self.guardian_consent_on) and (
            not self.needs_child_consent or bool(self.child_consent_on)
        )

    def clean(self):
        errors = {}
        if not self.erased_at and not self.recipient_name.strip():
            errors["recipient_name"] = _("Hãy nhập tên tập thể hoặc cá nhân được khen.")
        if self.is_child:
            if self.kind != self.Kind.INDIVIDUAL:
                errors["is_child"] = _("Chỉ cá nhân mới có thể là trẻ em.")
            if self.child_age is None:
                errors["child_age"] = _("Hãy nhập tuổi của trẻ em (để biết có cần trẻ đồng ý không).")
            elif self.child_age > CHILD_MAX_AGE:
                errors["child_age"] = _("Trẻ em là người dưới 16 tuổi.")
            if self.publish_name and not self.has_consent:
                errors["publish_name"] = _(
                    "Chưa thể công bố tên trẻ em: cần ghi ngày cha mẹ, người giám hộ đồng ý"
                    " và, từ đủ 7 tuổi, ngày trẻ em đồng ý."
                )
        elif self.child_age is not None:
            errors["child_age"] = _("Chỉ ghi tuổi khi người được khen là trẻ em.")
        if errors:
            raise ValidationError(errors)
