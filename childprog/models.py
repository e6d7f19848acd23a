"""Units with their history, the program's reference data, users and their places in the tree.

docs/units-and-history.md: a unit row never changes its parent. A move,
rename, merge or split ends the row (valid_to = its last valid day) and names successor rows that
start the next day. So `path` is written once when the row is created and stays true for ever,
and a record logged against a row keeps its place in the tree.
"""

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def under(self, unit, *, include_self=True):
        """Every row ever placed below `unit` (one indexed prefix query on the path)."""
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class Unit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh Đoàn")
        CITY = "city", _("Thành Đoàn")
        DISTRICT = "district", _("Huyện Đoàn")
        WARD = "ward", _("Đoàn phường")
        COMMUNE = "commune", _("Đoàn xã")
        TOWN = "town", _("Đoàn thị trấn")
        SCHOOL = "school", _("Đoàn trường")
        BRANCH = "branch", _("Chi đoàn")
        OTHER = "other", _("Đơn vị khác")

    # Level by kind, for filters and for "district officer" / "grassroots officer" defaults.
    PROVINCE_LEVEL, DISTRICT_LEVEL, GRASSROOTS_LEVEL = 1, 2, 3
    LEVEL_BY_KIND = {
        Kind.PROVINCE: PROVINCE_LEVEL,
        Kind.CITY: DISTRICT_LEVEL,
        Kind.DISTRICT: DISTRICT_LEVEL,
    }
    # Document symbol (the part after the type in "Số: 15-BC/HĐTN") by kind, when none is set.
    DEFAULT_SYMBOL = {
        Kind.PROVINCE: "TĐTN",
        Kind.CITY: "ThĐTN",
        Kind.DISTRICT: "HĐTN",
    }

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Ngày cuối cùng còn hiệu lực.")
    )
    successors = models.ManyToManyField(
        "self",
        through="Succession",
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
        blank=True,
    )
    heading = models.CharField(
        _("tên cơ quan ban hành"),
        max_length=200,
        blank=True,
        help_text=_("Dòng đầu văn bản, ví dụ: BCH HUYỆN ĐOÀN HÒA AN."),
    )
    symbol = models.CharField(
        _("ký hiệu văn bản"), max_length=50, blank=True, help_text=_("Ví dụ: HĐTN, TĐTN-BTH.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    path = models.CharField(_("đường dẫn"), max_length=700, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("cấp"), editable=False, default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_from",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The path is derived from the parent, which never changes once a row exists.
        self.path = (self.parent.path if self.parent_id else "") + self.code + PATH_SEPARATOR
        self.depth = self.path.count(PATH_SEPARATOR) - 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.pk:
            old_parent = Unit.objects.filter(pk=self.pk).values_list("parent_id", flat=True).first()
            if old_parent != self.parent_id:
                raise ValidationError(
                    {"parent": _("Không đổi đơn vị cấp trên: hãy kết thúc đơn vị và tạo đơn vị kế thừa.")}
                )

    @property
    def validity_text(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y")
        if self.valid_to is None:
            return _("từ %(start)s") % {"start": start}
        return f"{start}–{self.valid_to:%d/%m/%Y}"

    def label_with_context(self) -> str:
        """The name with what tells two rows of the same name apart (Đoàn phường Sông Bằng ended
        in 2025 and its successor started the next day): code, validity and parent."""
        parts = [f"{self.name} ({self.code})", self.validity_text]
        if self.parent_id:
            parts.append(_("thuộc %(parent)s") % {"parent": self.parent.name})
        return " · ".join(parts)

    @property
    def level(self):
        return self.LEVEL_BY_KIND.get(self.kind, self.GRASSROOTS_LEVEL)

    @property
    def is_current(self):
        return self.valid_to is None or self.valid_to >= date.today()

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def document_heading(self):
        return self.heading or f"BCH {self.name.upper()}"

    @property
    def document_symbol(self):
        return self.symbol or self.DEFAULT_SYMBOL.get(self.kind, "ĐTN")


class Succession(models.Model):
    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị trước"), on_delete=models.CASCADE, related_name="succession_out"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị kế thừa"), on_delete=models.PROTECT, related_name="succession_in"
    )
    is_primary = models.BooleanField(_("kế thừa chính"), default=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kế thừa")
        verbose_name_plural = _("kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.UniqueConstraint(
                fields=["predecessor"], condition=Q(is_primary=True), name="one_primary_successor"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor.code} → {self.successor.code}"


class UnitFlag(models.Model):
    """An area flag with its own validity: the lists are revised by decision on their own schedule."""

    class Flag(models.TextChoices):
        REMOTE = "remote", _("Vùng sâu, vùng xa")
        BORDER = "border", _("Biên giới")
        DIFFICULT = "difficult", _("Đặc biệt khó khăn")
        ETHNIC = "ethnic", _("Chủ yếu đồng bào dân tộc thiểu số")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="flags")
    flag = models.CharField(_("đặc điểm địa bàn"), max_length=20, choices=Flag.choices)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    decision = models.CharField(_("quyết định"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("đặc điểm địa bàn")
        verbose_name_plural = _("đặc điểm địa bàn")
        ordering = ["unit", "flag", "valid_from"]

    def __str__(self):
        return f"{self.unit}: {self.get_flag_display()}"


class Program(models.Model):
    class Boundaries(models.TextChoices):
        CALENDAR = "calendar", _("Theo năm dương lịch")
        DECREE_09 = "decree09", _("Chốt số liệu ngày 14 (Nghị định 09/2019/NĐ-CP)")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=300)
    start = models.DateField(_("bắt đầu"))
    end = models.DateField(_("kết thúc"))
    boundaries = models.CharField(
        _("cách tính kỳ báo cáo"), max_length=20, choices=Boundaries.choices, default=Boundaries.CALENDAR
    )
    source_document = models.CharField(_("văn bản gốc"), max_length=300, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("sao chép từ")
    )

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="program_dates_ordered"),
        ]
        # Programs never overlap: on PostgreSQL an exclusion constraint on the date range
        # (migration 0002) refuses it even when two admins save at once; clean() says why.

    def __str__(self):
        return self.name

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def period_outside(self, kind: str, year: int, start: date, end: date) -> str | None:
        """Why a period of `kind`, `year` and these dates cannot belong to this program, or None.

        A period lies inside its program's years and shares at least one day with the program
        (on Decree 09 boundaries the first year's periods start in the December before it)."""
        reviews = (Period.Kind.MIDTERM, Period.Kind.FINAL)
        if kind not in reviews and not self.start.year <= year <= self.end.year:
            return _("Năm %(y)s nằm ngoài chương trình %(p)s (%(a)s–%(b)s).") % {
                "y": year,
                "p": self,
                "a": self.start.year,
                "b": self.end.year,
            }
        if end < self.start or start > self.end:
            return _("Kỳ %(start)s – %(end)s nằm ngoài thời gian của chương trình %(p)s (%(a)s – %(b)s).") % {
                "start": f"{start:%d/%m/%Y}",
                "end": f"{end:%d/%m/%Y}",
                "p": self,
                "a": f"{self.start:%d/%m/%Y}",
                "b": f"{self.end:%d/%m/%Y}",
            }
        return None

    def overlapping(self):
        """The other programs whose dates share a day with this one's."""
        return Program.objects.exclude(pk=self.pk).filter(start__lte=self.end, end__gte=self.start)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
        if self.start and self.end:
            other = self.overlapping().first()
            if other is not None:
                raise ValidationError(
                    _(
                        "Thời gian %(start)s–%(end)s trùng với chương trình %(other)s "
                        "(%(other_start)s–%(other_end)s): mỗi ngày chỉ thuộc một chương trình."
                    )
                    % {
                        "start": f"{self.start:%d/%m/%Y}",
                        "end": f"{self.end:%d/%m/%Y}",
                        "other": other.code,
                        "other_start": f"{other.start:%d/%m/%Y}",
                        "other_end": f"{other.end:%d/%m/%Y}",
                    }
                )


def program_on(day: date):
    """The program a record dated `day` belongs to: at most one, since programs never overlap."""
    found = list(Program.objects.filter(start__lte=day, end__gte=day)[:2])
    if len(found) > 1:
        # Only reachable if the database lacks the constraint and clean() was bypassed: filing
        # the record under either would be a guess, so refuse loudly.
        raise Program.MultipleObjectsReturned(
            f"Programs {found[0].code} and {found[1].code} both cover {day:%d/%m/%Y}."
        )
    return found[0] if found else None


class ContentArea(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="content_areas"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên"), max_length=300)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("nội dung hoạt động")
        verbose_name_plural = _("nội dung hoạt động")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="content_area_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.short_name}"

    def label_with_program(self) -> str:
        return f"{self.program.code} · {self}"


class Movement(models.Model):
    class Kind(models.TextChoices):
        SUBKIND = "subkind", _("Hình thức")
        MOVEMENT = "movement", _("Phong trào")
        MODEL = "model", _("Mô hình")
        EVENT = "event", _("Hoạt động")

    content_area = models.ForeignKey(
        ContentArea, verbose_name=_("nội dung hoạt động"), on_delete=models.CASCADE, related_name="movements"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phong trào, mô hình")
        verbose_name_plural = _("phong trào, mô hình")
        ordering = ["content_area", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["content_area", "name"], name="movement_name_unique")]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """A figure that records carry. Core indicators (no content area) are recorded by every area."""

    class Measure(models.TextChoices):
        COUNT = "count", _("số lượng")
        PEOPLE = "people", _("người")
        VND = "vnd", _("đồng")

    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="indicators"
    )
    content_area = models.ForeignKey(
        ContentArea,
        verbose_name=_("nội dung hoạt động"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_("Để trống: chỉ tiêu chung mọi nội dung đều ghi."),
    )
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=200)
    measure = models.CharField(_("đơn vị tính"), max_length=10, choices=Measure.choices)
    # "of whom girls" is part of "children reached": it may never exceed it.
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("trong đó thuộc"),
    )
    by_target_group = models.BooleanField(
        _("chia theo nhóm đối tượng"),
        default=False,
        help_text=_("Ghi thêm số 'trong đó' cho từng nhóm trẻ em (không cộng dồn giữa các nhóm)."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["program", "content_area__number", "order"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="indicator_code_unique")]

    def __str__(self):
        return self.name

    @property
    def is_core(self):
        return self.content_area_id is None

    def label_with_program(self) -> str:
        return f"{self.program.code} · {self.name} ({self.code})"

    def clean(self):
        # An indicator, its content area and its "of which" parent belong to one program: a
        # figure is added up within its program only.
        errors = {}
        if self.program_id and self.content_area_id and self.content_area.program_id != self.program_id:
            errors["content_area"] = _("Nội dung %(area)s thuộc chương trình khác (%(program)s).") % {
                "area": self.content_area,
                "program": self.content_area.program.code,
            }
        if self.part_of_id:
            if self.pk and self.part_of_id == self.pk:
                errors["part_of"] = _("Chỉ tiêu không thể là một phần của chính nó.")
            elif self.program_id and self.part_of.program_id != self.program_id:
                errors["part_of"] = _("Chỉ tiêu %(parent)s thuộc chương trình khác (%(program)s).") % {
                    "parent": self.part_of.name,
                    "program": self.part_of.program.code,
                }
        if errors:
            raise ValidationError(errors)


class TargetGroup(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="target_groups"
    )
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = _("nhóm đối tượng")
        ordering = ["program", "order"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="target_group_code_unique")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_("Mật khẩu tạm do cán bộ cấp trên đặt lại: phải đổi ở lần đăng nhập tới."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    PROVINCIAL_STAFF = "provincial", _("Cán bộ Tỉnh Đoàn")
    DISTRICT_OFFICER = "district", _("Cán bộ Huyện/Thành Đoàn")
    GRASSROOTS_OFFICER = "grassroots", _("Cán bộ Đoàn cơ sở")
    REPORT_READER = "reader", _("Người đọc báo cáo")


class Membership(models.Model):
    """A user's place in the hierarchy: a unit and a role there."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò tại đơn vị")
        verbose_name_plural = _("vai trò tại đơn vị")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class Period(models.Model):
    """A reporting period opened by provincial staff for a program, with its due date.

    Periods belong to the program (not to the reports app) because records are filtered and
    locked by period too."""

    class Kind(models.TextChoices):
        MONTHLY = "month", _("Tháng")
        QUARTERLY = "quarter", _("Quý")
        SIX_MONTHLY = "half", _("6 tháng")
        NINE_MONTHLY = "nine", _("9 tháng")
        ANNUAL = "year", _("Năm")
        MIDTERM = "midterm", _("Sơ kết giữa kỳ chương trình")
        FINAL = "final", _("Tổng kết chương trình")

    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="periods"
    )
    kind = models.CharField(_("loại kỳ"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số kỳ"), default=1, help_text=_("Tháng 1-12, quý 1-4."))
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due_date = models.DateField(_("hạn nộp báo cáo"))
    locked_at = models.DateTimeField(_("khóa số liệu lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người khóa")
    )
    opened_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người mở kỳ"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-end", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "year", "number"], name="period_unique"),
            # A period is its dates: one period per program, kind and span, whatever its number.
            models.UniqueConstraint(fields=["program", "kind", "start", "end"], name="period_unique_span"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_dates_ordered"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.kind == self.Kind.MONTHLY:
            return _("Tháng %(n)s/%(y)s") % {"n": self.number, "y": self.year}
        if self.kind == self.Kind.QUARTERLY:
            return _("Quý %(n)s/%(y)s") % {"n": self.number, "y": self.year}
        if self.kind in (self.Kind.MIDTERM, self.Kind.FINAL):
            return f"{self.get_kind_display()} {self.program.start.year}-{self.program.end.year}"
        return f"{self.get_kind_display()} {self.year}"

    @property
    def is_locked(self):
        return self.locked_at is not None

    def clean(self):
        # A new period lies inside its program's years. An existing one keeps its span (the admin
        # shows it read-only), so an older period opened before the rule can still have its due
        # date corrected.
        if self._state.adding and self.program_id and self.start and self.end and self.year:
            message = self.program.period_outside(self.kind, self.year, self.start, self.end)
            if message:
                raise ValidationError(message)
