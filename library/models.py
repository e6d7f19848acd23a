"""Documents issued by the province and the districts: guidelines, plans, programs, notices.

Guideline 39-HD/TĐTN-BTH, Section III.1: the province "issues the guideline"; Section III.2: the
districts build their own plans from it. Every logged-in user reads the library (these are the
Union's working documents, not personal data); only officers of the issuing unit change them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childprog.models import Program, Unit


class DocumentQuerySet(models.QuerySet):
    def for_pages(self):
        return self.select_related("unit", "program")


class Document(models.Model):
    # Types of Youth Union documents (Decision 367-QĐ/TWĐTN-VP), as written in the number.
    class Kind(models.TextChoices):
        GUIDELINE = "HD", _("Hướng dẫn")
        PLAN = "KH", _("Kế hoạch")
        PROGRAM = "CTr", _("Chương trình")
        NOTICE = "TB", _("Thông báo")
        DISPATCH = "CV", _("Công văn")
        DECISION = "QĐ", _("Quyết định")
        REPORT = "BC", _("Báo cáo")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="documents", verbose_name=_("đơn vị ban hành")
    )
    kind = models.CharField(_("loại văn bản"), max_length=5, choices=Kind.choices)
    number = models.CharField(_("số"), max_length=20, help_text=_("Ví dụ: 39"))
    symbol = models.CharField(
        _("ký hiệu"), max_length=50, help_text=_("Phần sau dấu gạch chéo, ví dụ: TĐTN-BTH")
    )
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=400)
    program = models.ForeignKey(
        Program,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("thuộc chương trình"),
    )
    file = models.FileField(_("tệp văn bản"), upload_to="library/%Y/", blank=True)
    # The readable text, shown as a page (slow links: no need to download a file to read it).
    text = models.TextField(_("nội dung"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "number", "symbol", "issued_on"], name="document_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def reference(self):
        """The number as printed on the document: "39-HD/TĐTN-BTH"."""
        return f"{self.number}-{self.kind}/{self.symbol}"

    @property
    def file_extension(self):
        return self.file.name.rsplit(".", 1)[-1].lower() if self.file else ""
