"""Periodic reports of units, their workflow trail, notifications, the register of numbers and the
recipients list. State changes happen only in reports/workflow.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childprog.models import Period, Unit


class ReportQuerySet(models.QuerySet):
    def for_pages(self):
        return self.select_related(
            "unit", "unit__parent", "period", "period__program", "submitted_by", "approved_by"
        )

    def visible_to(self, user):
        """Officers see their units' reports (access_for scope); readers only approved provincial
        reports; provincial staff everything."""
        from childprog.access import access_for

        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        if access.is_provincial:
            return self
        scoped = access.scope(self)
        if access.is_reader:
            readable = self.filter(status=Report.Status.APPROVED, unit__parent__isnull=True)
            return (scoped | readable).distinct() if access.officer_units else readable
        return scoped


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Trả lại để sửa")
        APPROVED = "approved", _("Đã duyệt")

    # The narrative sections of a Youth Union report (docs/documents.md).
    SECTIONS = [
        ("results", _("Kết quả thực hiện theo từng nội dung")),
        ("shortcomings", _("Tồn tại, hạn chế và nguyên nhân")),
        ("next_tasks", _("Nhiệm vụ trọng tâm kỳ tới")),
        ("proposals", _("Đề xuất, kiến nghị")),
    ]

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports", verbose_name=_("kỳ"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("đơn vị"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    results = models.TextField(_("kết quả thực hiện theo từng nội dung"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    next_tasks = models.TextField(_("nhiệm vụ trọng tâm kỳ tới"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    # Frozen on submit: the report's rows with every breakdown and, for the province, the compiled
    # districts (reports/data.py), the same period last year and the narrative.
    snapshot = models.JSONField(_("số liệu đã chốt"), null=True, blank=True, editable=False)
    # Written once at approval: the whole document as approved (figures, breakdowns, sections,
    # narrative, recipients, number, date, signer). Page, XLSX, DOCX and PDF render it as it is.
    document = models.JSONField(_("văn bản đã duyệt"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("lý do trả lại"), blank=True, editable=False)
    section_notes = models.JSONField(_("góp ý từng phần"), default=dict, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True, editable=False)
    document_number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, editable=False)
    signed_scan = models.FileField(_("bản ký, đóng dấu"), upload_to="reports/signed/%Y/", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    draft_saved_at = models.DateTimeField(_("lưu nháp lúc"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-period__end", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="report_unique_per_period")]

    def __str__(self):
        return f"{self.unit} — {self.period}"

    @property
    def is_provincial(self):
        return self.unit.parent_id is None

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def title(self):
        return _("Báo cáo kết quả thực hiện Chương trình hành động vì trẻ em — %(period)s") % {
            "period": self.period.label
        }

    def narrative(self):
        return [(field, label, getattr(self, field)) for field, label in self.SECTIONS]


class ReportEvent(models.Model):
    """The trail: who did what, when, and why (reasons for returns and reopenings are kept)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Gửi báo cáo")
        WITHDRAW = "withdraw", _("Rút lại")
        RETURN = "return", _("Trả lại")
        APPROVE = "approve", _("Duyệt")
        REOPEN = "reopen", _("Mở lại")
        SCAN = "scan", _("Tải bản ký")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)
    section_notes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký báo cáo")
        verbose_name_plural = _("nhật ký báo cáo")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.report}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(_("nội dung"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]

    def __str__(self):
        return self.message


class RegisterNumber(models.Model):
    """The unit's register of outgoing reports (sổ văn bản đi) for a year: the last number given."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    doc_type = models.CharField(max_length=4, default="BC")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "doc_type"], name="register_unique")]

    def __str__(self):
        return f"{self.unit} {self.year} {self.doc_type}: {self.last_number}"


class Recipient(models.Model):
    """ "Nơi nhận": agencies a provincial report goes to. Editable (agencies are renamed)."""

    name = models.CharField(_("tên cơ quan"), max_length=200)
    note = models.CharField(_("ghi chú"), max_length=100, blank=True, help_text=_("Ví dụ: (để báo cáo)"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class DocumentSigner(models.Model):
    """Who signs a unit's reports: the signature block of its documents (data, not code)."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="document_signer", verbose_name=_("đơn vị")
    )
    capacity = models.CharField(
        _("thẩm quyền ký"),
        max_length=100,
        default="TM. BAN THƯỜNG VỤ",
        help_text=_("Ví dụ: TM. BAN THƯỜNG VỤ"),
    )
    title = models.CharField(_("chức vụ người ký"), max_length=100, default="BÍ THƯ")
    name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("người ký văn bản")
        verbose_name_plural = _("người ký văn bản")

    def __str__(self):
        return f"{self.unit}: {self.title} {self.name}".strip()


class GrassrootsRequest(models.Model):
    """A district asks its grassroots units to report a period to it."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu cơ sở báo cáo")
        verbose_name_plural = _("yêu cầu cơ sở báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["period", "district"], name="grassroots_request_unique")
        ]

    def __str__(self):
        return f"{self.district} — {self.period}"


class ReminderLog(models.Model):
    """One reminder per unit, period and day (send_report_reminders)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period", "day"], name="reminder_once_a_day")]

    def __str__(self):
        return f"{self.unit} {self.day:%d/%m/%Y}"


class ApprovedCopy(models.Model):
    """An approved document that a reopening superseded, kept exactly as it was approved.

    Reopening an approved report copies its stored document here first (reports/copies.py), so
    the next approval's document never erases what the province once signed. Copies are written
    once and never changed."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="approved_copies")
    sequence = models.PositiveSmallIntegerField(_("lần duyệt"))
    document = models.JSONField(_("văn bản đã duyệt"), editable=False)
    document_number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, editable=False)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_scan = models.FileField(_("bản ký, đóng dấu"), blank=True, editable=False)
    reopened_at = models.DateTimeField(_("mở lại lúc"), auto_now_add=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True, editable=False)

    class Meta:
        verbose_name = _("bản đã duyệt trước")
        verbose_name_plural = _("bản đã duyệt trước")
        ordering = ["report", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["report", "sequence"], name="approved_copy_unique_sequence")
        ]

    def __str__(self):
        return f"{self.report} — {self.document_number} ({self.sequence})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An approved copy is written once and never changed.")
        super().save(*args, **kwargs)
