"""Activity records: what district and grassroots units did under the four content areas.

A record's figures are rows of `Figure` (indicators are data, not columns). Each figure row carries
a copy of its record's unit, end date and content area, so that every roll-up is one grouped query
on one indexed table, whatever the number of records.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childprog.models import ContentArea, Indicator, Movement, Program, TargetGroup, Unit
from childprog.text import search_key, sort_key

# The record's fields that each of its figures copies (see Figure), by attribute and by the names
# an update() may use for them.
COPIED_FIELDS = ("unit_id", "end_date", "content_area_id")
_COPIED_NAMES = {"unit", "unit_id", "end_date", "content_area", "content_area_id"}


def sync_stale_figure_copies():
    """Give every figure whose copies differ from its record the record's values (one UPDATE)."""
    record = Activity.objects.filter(pk=models.OuterRef("activity_id"))
    stale = Figure.objects.filter(
        ~models.Q(unit_id=models.F("activity__unit_id"))
        | ~models.Q(end_date=models.F("activity__end_date"))
        | ~models.Q(content_area_id=models.F("activity__content_area_id"))
    )
    return models.QuerySet.update(
        stale, **{name: models.Subquery(record.values(name)[:1]) for name in COPIED_FIELDS}
    )


class ActivityQuerySet(models.QuerySet):
    """A plain update() or bulk_update() of a record's unit, end date or content area moves its
    figures' copies in the same transaction, so no write path can leave them stale."""

    def update(self, **kwargs):
        if _COPIED_NAMES.isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            count = super().update(**kwargs)
            sync_stale_figure_copies()
        return count

    def bulk_update(self, objs, fields, batch_size=None):
        if _COPIED_NAMES.isdisjoint(fields):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, batch_size=batch_size)
            sync_stale_figure_copies()
        return count

    def visible_to(self, user):
        from childprog.access import access_for

        return access_for(user).scope(self)

    def in_range(self, start, end):
        """Records whose end date (the date that places a record in a period) lies in [start, end]."""
        return self.filter(end_date__gte=start, end_date__lte=end)

    def under(self, unit):
        return self.filter(unit__path__startswith=unit.path)

    def for_pages(self):
        return self.select_related("unit", "content_area", "movement", "program")


def text_keys(title: str, place: str, description: str, unit_name: str, movement_name: str = ""):
    """(search text, title sort key, unit sort key) of a record, as written on save (the bulk
    import writes them without building model instances)."""
    return (
        search_key(title, place, description, unit_name, movement_name),
        sort_key(title),
        sort_key(unit_name),
    )


class Activity(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, verbose_name=_("chương trình"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="activities", verbose_name=_("đơn vị tổ chức")
    )
    content_area = models.ForeignKey(ContentArea, on_delete=models.PROTECT, verbose_name=_("nội dung"))
    movement = models.ForeignKey(
        Movement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("phong trào, mô hình"),
    )
    title = models.CharField(_("tên hoạt động"), max_length=300)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), help_text=_("Ngày này xếp hoạt động vào kỳ báo cáo."))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    external_key = models.CharField(
        _("mã nhập"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Khóa ổn định của dòng nhập từ tệp: nhập lại cùng tệp không tạo bản ghi mới."),
    )
    # Lost-update protection: a save must name the version it was edited from.
    version = models.PositiveIntegerField(default=1, editable=False)
    # One form submission makes one record, however often the button is pressed.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The figures as {indicator code or "code/group code": value}, kept with the record so that
    # its history shows figure changes next to field changes.
    figures_snapshot = models.JSONField(_("số liệu"), default=dict, blank=True, editable=False)
    # Written on save (see childprog.text): diacritic-blind search and Vietnamese sorting that
    # behave the same on SQLite and PostgreSQL.
    search_text = models.TextField(default="", blank=True, editable=False)
    title_sort = models.CharField(max_length=400, default="", blank=True, editable=False)
    unit_sort = models.CharField(max_length=400, default="", blank=True, editable=False)
    correction_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    corrected_after_approval = models.BooleanField(_("điều chỉnh sau khi duyệt"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Derived keys are left out of the history: it shows what people changed.
    history = HistoricalRecords(excluded_fields=["search_text", "title_sort", "unit_sort", "submission_key"])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-end_date", "-pk"]
        # One index per order the list offers, each ending in the id tie-breaker the list sorts by,
        # so a page is read straight off the index however many records share a date or a title.
        indexes = [
            models.Index(fields=["end_date", "id"], name="activity_date_idx"),
            # A unit's (or a district's units') records, newest first.
            models.Index(fields=["unit", "-end_date", "-id"], name="activity_unit_date_idx"),
            models.Index(fields=["title_sort", "id"], name="activity_title_idx"),
            models.Index(fields=["unit_sort", "-end_date", "id"], name="activity_unit_sort_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="activity_dates_ordered"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every save (the services, the admin's history revert, a shell) moves the figures' copies
        # with the record: the roll-up reads the copies, never the record.
        # An instance not read from the database (a history revert builds one) may differ from
        # what its figures carry: sync it. A new record has no figures yet.
        before = getattr(self, "_saved_copies", None) if self.pk is not None else self._copies()
        super().save(*args, **kwargs)
        if before != self._copies():
            self.sync_figure_copies()
        self._saved_copies = self._copies()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_copies = instance._copies()
        return instance

    def _copies(self):
        return tuple(self.__dict__.get(name) for name in COPIED_FIELDS)

    def write_text_keys(self):
        """Fill the search and sort columns from the record's text (unit and movement included)."""
        self.search_text, self.title_sort, self.unit_sort = text_keys(
            self.title,
            self.place,
            self.description,
            self.unit.name,
            self.movement.name if self.movement_id else "",
        )

    def build_figures(self, values: dict[tuple[int, int | None], int]) -> list["Figure"]:
        """Unsaved figures from {(indicator id, target group id or None): value}, carrying the
        record's unit, end date and area; zero and empty values are not stored."""
        return [
            Figure(
                activity_id=self.pk,
                indicator_id=indicator_id,
                target_group_id=group_id,
                value=value,
                unit_id=self.unit_id,
                end_date=self.end_date,
                content_area_id=self.content_area_id,
            )
            for (indicator_id, group_id), value in values.items()
            if value
        ]

    def set_figures(self, values: dict[tuple[int, int | None], int]):
        """Replace this record's figures."""
        self.figures.all().delete()
        Figure.objects.bulk_create(self.build_figures(values))

    def sync_figure_copies(self):
        """Give this record's figures its unit, end date and area (Activity.save calls it)."""
        models.QuerySet.update(
            Figure.objects.filter(activity_id=self.pk),
            **{name: getattr(self, name) for name in COPIED_FIELDS},
        )


class FigureQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # The copies follow the record and nothing else: change the record instead.
        copied = _COPIED_NAMES & set(kwargs)
        if copied:
            raise TypeError(f"Figure copies {sorted(copied)} follow their record: update the Activity")
        return super().update(**kwargs)


class Figure(models.Model):
    """One indicator's value on one record; with a target group, an "of which" count."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, null=True, blank=True)
    value = models.BigIntegerField()
    # Copies of the record's fields, for single-table roll-ups (see Activity.set_figures).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    end_date = models.DateField()
    content_area = models.ForeignKey(ContentArea, on_delete=models.PROTECT, related_name="+")

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        indexes = [
            models.Index(fields=["end_date", "unit"], name="figure_rollup_idx"),
            # The totals of one indicator over years (the dashboard), read from the index alone
            # on PostgreSQL (INCLUDE; other databases keep the plain partial index).
            models.Index(
                fields=["indicator", "end_date"],
                include=["unit", "content_area", "value"],
                condition=models.Q(target_group__isnull=True),
                name="figure_totals_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["activity", "indicator", "target_group"], name="figure_unique"),
            models.UniqueConstraint(
                fields=["activity", "indicator"],
                condition=models.Q(target_group__isnull=True),
                name="figure_total_unique",
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="figure_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


def attachment_path(instance, filename):
    # A random name with the extension the content was checked to have (activities.uploads
    # passes it); the uploader's file name is kept in a column, never used as a path.
    return f"activities/{instance.activity_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """A photo or a document of a record, stored under the private MEDIA_ROOT and served only by
    a view that checks access (activities.views.attachment_file)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Ảnh")
        DOCUMENT = "document", _("Tài liệu")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    thumbnail = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("dung lượng"))
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    # Law 91/2025/QH15, Decree 13/2023: a photo showing children is published only with consent.
    shows_children = models.BooleanField(_("ảnh có trẻ em"), default=False)
    consent_recorded = models.BooleanField(_("đã có đồng ý của cha mẹ, người giám hộ"), default=False)
    consent_note = models.CharField(_("ghi chú về sự đồng ý"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_photo(self):
        return self.kind == self.Kind.PHOTO

    @property
    def may_be_published(self):
        return self.is_photo and (not self.shows_children or self.consent_recorded)


class NewsPost(models.Model):
    """A record published as public news (the guideline: "post information on the Provincial
    Union website"): a short public text and chosen photos, never children's names or files."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="news")
    public_text = models.TextField(_("nội dung đăng công khai"))
    photos = models.ManyToManyField(Attachment, blank=True, related_name="news_posts", verbose_name=_("ảnh"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("đăng lúc"), db_index=True)

    class Meta:
        verbose_name = _("tin đã đăng")
        verbose_name_plural = _("tin đã đăng")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.activity.title
