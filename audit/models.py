"""The audit log: who did what, to what, when, from which address (docs/security.md).

Entries are written by `audit.record` from the services that make each change, so the portal,
the admin and the management commands all leave the same trace. Nobody edits or deletes an entry
from the portal or the admin; they are only read."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
        LOCKOUT = "lockout", _("Bị khóa đăng nhập")
        ACCOUNT_CREATE = "account.create", _("Tạo tài khoản")
        ACCOUNT_CHANGE = "account.change", _("Sửa tài khoản")
        ACCOUNT_REASSIGN = "account.reassign", _("Chuyển đơn vị của tài khoản")
        ACCOUNT_PASSWORD = "account.password", _("Đặt lại mật khẩu")
        ACCOUNT_DEACTIVATE = "account.deactivate", _("Khóa tài khoản")
        ACCOUNT_REACTIVATE = "account.reactivate", _("Mở khóa tài khoản")
        ACCOUNT_DELETE = "account.delete", _("Xóa tài khoản")
        REPORT_SUBMIT = "report.submit", _("Gửi báo cáo")
        REPORT_WITHDRAW = "report.withdraw", _("Rút báo cáo")
        REPORT_RETURN = "report.return", _("Trả lại báo cáo")
        REPORT_APPROVE = "report.approve", _("Duyệt báo cáo")
        REPORT_REOPEN = "report.reopen", _("Mở lại báo cáo")
        PERIOD_LOCK = "period.lock", _("Khóa số liệu kỳ")
        PERIOD_UNLOCK = "period.unlock", _("Mở khóa số liệu kỳ")
        IMPORT = "import", _("Nhập hoạt động từ tệp")
        EXPORT = "export", _("Xuất dữ liệu")
        UNIT_CREATE = "unit.create", _("Thêm đơn vị")
        UNIT_CHANGE = "unit.change", _("Sửa đơn vị")
        UNIT_DELETE = "unit.delete", _("Xóa đơn vị")
        UNIT_IMPORT = "unit.import", _("Nhập danh sách đơn vị")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The username as it was (kept when the account is deleted); the name typed for a failed login.
    actor_name = models.CharField(_("tên đăng nhập"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("hành động"), max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_text = models.CharField(_("đối tượng"), max_length=300, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)
    address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký hoạt động")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "-at"]), models.Index(fields=["actor_name", "-at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()} {self.object_text}"

    @property
    def object_kind(self) -> str:
        """What kind of thing the object is, in the reader's words ("người dùng"), from its model's
        label ("childprog.user"); the label itself for a model that no longer exists."""
        try:
            return apps.get_model(self.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return self.object_type
