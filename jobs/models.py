"""Long work that leaves the request: one row per job, owned by the user who asked for it.

The row carries what a person needs to follow the job (status, progress, a message when it fails)
and its result (a file to download, or a small JSON summary). The task queue itself — the
database queue by default, Redis at scale — only carries the job's id, so the page the user
watches is the same whichever queue runs the work."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("Người yêu cầu"),
    )
    kind = models.CharField(_("Loại"), max_length=60)
    title = models.CharField(_("Tên công việc"), max_length=200)
    params = models.JSONField(_("Tham số"), default=dict, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField(_("Đã xử lý"), default=0)
    total = models.PositiveBigIntegerField(_("Tổng số"), default=0)
    message = models.TextField(_("Thông báo"), blank=True)
    result = models.JSONField(_("Kết quả"), default=dict, blank=True)
    file = models.CharField(_("Tệp kết quả"), max_length=300, blank=True)
    filename = models.CharField(_("Tên tệp tải về"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Lúc yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("Lúc xong"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        verbose_name = _("công việc chạy nền")
        verbose_name_plural = _("công việc chạy nền")

    def __str__(self):
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    def output_path(self) -> Path:
        """Where the job writes its file: the private media folder, never served directly."""
        return Path(settings.MEDIA_ROOT) / "jobs" / f"{self.pk.hex}.out"

    @property
    def file_path(self) -> Path | None:
        return Path(settings.MEDIA_ROOT) / self.file if self.file else None
