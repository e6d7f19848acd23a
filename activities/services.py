"""Writing activity records: the record rules (docs/records.md), as plain functions that views, the import and
the admin call. Each is atomic and raises ValidationError with messages keyed by form field, so a
form shows them next to the field that is wrong."""

from __future__ import annotations

import json
import unicodedata
import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from difflib import SequenceMatcher
from os.path import commonprefix

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from childprog.access import access_for
from childprog.formats import format_number
from childprog.models import ContentArea, Indicator, Movement, Period, Program, TargetGroup, Unit, program_on
from childprog.text import normalise

from .models import Activity, NewsPost
from .restrictions import corrections_required

# Figures are keyed by stable codes, the same in every program: {(indicator code, group code or
# None): value}. A form field holding one is named figure_field(code, group).
FigureKey = tuple[str, str | None]
TITLE_MAX = Activity._meta.get_field("title").max_length
PLACE_MAX = Activity._meta.get_field("place").max_length


def figure_field(code: str, group: str | None = None) -> str:
    return f"fig_{code}" + (f"__{group}" if group else "")


def ddmmyyyy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class ProgramCatalogue:
    """A program's indicators and target groups by code, loaded once (forms and imports reuse it)."""

    program: Program
    indicators: dict[str, Indicator]
    groups: dict[str, TargetGroup]
    _by_area: dict = dataclass_field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, program: Program) -> ProgramCatalogue:
        indicators = {
            i.code: i
            for i in Indicator.objects.filter(program=program).select_related("part_of", "content_area")
        }
        groups = {g.code: g for g in TargetGroup.objects.filter(program=program)}
        return cls(program, indicators, groups)

    def indicators_for(self, area: ContentArea | None) -> list[Indicator]:
        """The core indicators, then the area's own (worked out once per area: an import asks
        for every row)."""
        key = area.pk if area is not None else None
        if key not in self._by_area:
            self._by_area[key] = self._indicators_for(area)
        return self._by_area[key]

    def _indicators_for(self, area: ContentArea | None) -> list[Indicator]:
        core = [i for i in self.indicators.values() if i.content_area_id is None]
        own = [i for i in self.indicators.values() if area is not None and i.content_area_id == area.pk]
        return sorted(core, key=lambda i: i.order) + sorted(own, key=lambda i: i.order)


def check_figures(catalogue: ProgramCatalogue, area: ContentArea, figures: dict[FigureKey, int]) -> dict:
    """Field errors of a record's figures: unknown or foreign indicators, negative numbers, a part
    above its whole ("of whom girls" above "children reached"), a target group above the total."""
    errors: dict[str, str] = {}
    allowed = {i.code: i for i in catalogue.indicators_for(area)}
    for (code, group), value in figures.items():
        field = figure_field(code, group)
        indicator = allowed.get(code)
        if indicator is None:
            errors[field] = _("Chỉ tiêu “%(code)s” không thuộc nội dung đã chọn.") % {"code": code}
        elif group is not None and (not indicator.by_target_group or group not in catalogue.groups):
            errors[field] = _("Nhóm đối tượng “%(group)s” không dùng cho chỉ tiêu này.") % {"group": group}
        elif value is not None and value < 0:
            errors[field] = _("Không được là số âm.")
    for (code, group), value in figures.items():
        field = figure_field(code, group)
        if field in errors or not value:
            continue
        indicator = allowed[code]
        if group is not None:
            total = figures.get((code, None)) or 0
            if value > total:
                errors[field] = _("%(group)s (%(value)s) lớn hơn tổng “%(whole)s” (%(total)s).") % {
                    "group": catalogue.groups[group].name,
                    "value": format_number(value),
                    "whole": indicator.name,
                    "total": format_number(total),
                }
        elif indicator.part_of_id is not None:
            whole = indicator.part_of
            total = figures.get((whole.code, None)) or 0
            if value > total:
                errors[field] = _("“%(part)s” (%(value)s) lớn hơn “%(whole)s” (%(total)s).") % {
                    "part": indicator.name,
                    "value": format_number(value),
                    "whole": whole.name,
                    "total": format_number(total),
                }
    return errors


def locked_periods(days) -> dict[date, Period]:
    """{day: the period locked by provincial staff that contains it} for the days that lie in one
    (the program covering the day, the period's own dates): one query for any number of days."""
    days = sorted(set(days))
    if not days:
        return {}
    periods = list(
        Period.objects.filter(
            locked_at__isnull=False,
            start__lte=days[-1],
            end__gte=days[0],
            program__start__lte=days[-1],
            program__end__gte=days[0],
        ).select_related("program")
    )
    out = {}
    for day in days:
        for period in periods:  # few periods are locked; the model's order picks the first
            if period.start <= day <= period.end and period.program.start <= day <= period.program.end:
                out[day] = period
                break
    return out


def locked_period(day: date) -> Period | None:
    """A period locked by provincial staff for the program covering `day` and containing it."""
    return locked_periods([day]).get(day)


@dataclass(frozen=True)
class PlaceRules:
    """What the period rules say about changing a record of one unit ending on one day."""

    locked: Period | None  # locked, and this user is not provincial staff: refused
    correction: str | None  # the period is reported on: why the change needs a written reason


def place_rules(*, by, places) -> dict[tuple[int, date], PlaceRules]:
    """{(unit id, day): PlaceRules} for every (unit, day) place, in two queries whatever their
    number: a locked period is changed by provincial staff alone, and a change in a period whose
    report is approved is a correction that needs a reason. Form, edit and import all ask this."""
    places = list(places)
    provincial = access_for(by).is_provincial
    locked = {} if provincial else locked_periods(day for _unit, day in places)
    corrections = corrections_required(places)
    return {
        (unit.pk, day): PlaceRules(locked.get(day), corrections.get((unit.pk, day))) for unit, day in places
    }


# Characters that show nothing: a title made of them alone is no title.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def clean_text(text: str) -> str:
    """Text without the spaces and invisible format characters (zero-width space, BOM...) at its ends."""
    text = text or ""
    start, end = 0, len(text)
    while start < end and _is_blank(text[start]):
        start += 1
    while end > start and _is_blank(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_blank(char: str) -> bool:
    return char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) in ("Cf", "Cc", "Zs")


def check_texts(*, title: str, place: str = "") -> dict[str, str]:
    """Field errors of a record's text: a title with something visible in it, and no text longer
    than its column (never cut short without a word)."""
    errors = {}
    title, place = clean_text(title), clean_text(place)
    if not title:
        errors["title"] = _("Hãy ghi tên hoạt động.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Tên hoạt động dài %(n)s ký tự, quá %(max)s ký tự.") % {
            "n": len(title),
            "max": TITLE_MAX,
        }
    if len(place) > PLACE_MAX:
        errors["place"] = _("Địa điểm dài %(n)s ký tự, quá %(max)s ký tự.") % {
            "n": len(place),
            "max": PLACE_MAX,
        }
    return errors


@dataclass(frozen=True)
class Candidate:
    """A record about to be written, as the likely-duplicate rule sees it."""

    unit: Unit
    movement_id: int | None
    start_date: date
    end_date: date
    title: str = ""


# Two titles this close (diacritics, case and spacing ignored) name the same activity:
# "Trao quà Trung thu cho trẻ em Xuân Hòa" retyped as "trao qua trung thu cho tre em xuan hoa".
SIMILAR_TITLE = 0.8


def similar_titles(a: str, b: str) -> bool:
    return _similar_normalised(normalise(a), SequenceMatcher(None, "", normalise(b)))


def _similar_normalised(a: str, matcher: SequenceMatcher) -> bool:
    """similar_titles of `a` and the matcher's second text, both normalised already. The matcher
    keeps what it learnt of its second text (one candidate is compared with many records), and the
    cheap upper bounds of the ratio settle most pairs before the full comparison."""
    b = matcher.b
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    # The ratio is 2 × matched characters / both lengths, and the longest common run (at least
    # the common start or end) is matched: enough of it settles a retyped title at once.
    shared = max(len(commonprefix((a, b))), len(commonprefix((a[::-1], b[::-1]))))
    if 2.0 * shared / (len(a) + len(b)) >= SIMILAR_TITLE:
        return True
    matcher.set_seq1(a)
    return (
        matcher.real_quick_ratio() >= SIMILAR_TITLE
        and matcher.quick_ratio() >= SIMILAR_TITLE
        and matcher.ratio() >= SIMILAR_TITLE
    )


def find_likely_duplicates(*, by, candidates: dict, exclude_id: int | None = None) -> dict:
    """{key: [(title, unit name)]} for each candidate (a dict key → Candidate) that looks like a
    record the user may see already: the same dates, by the same unit, its parent or one of its
    children, and the same movement or a similar title (read without accents) — probably one
    activity logged twice (by the district and the commune, or retyped). One query for any number
    of candidates."""
    if not candidates:
        return {}
    units = {c.unit.pk for c in candidates.values()} | {
        c.unit.parent_id for c in candidates.values() if c.unit.parent_id
    }
    days = sorted({c.end_date for c in candidates.values()})
    qs = Activity.objects.filter(
        Q(unit_id__in=units) | Q(unit__parent_id__in=units),
        end_date__gte=days[0],
        end_date__lte=days[-1],
        end_date__in=_listed_days(days),
    )
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    existing: dict[tuple, list] = {}
    rows = (
        access_for(by)
        .scope(qs)
        .values_list(
            "start_date", "end_date", "unit_id", "unit__parent_id", "movement_id", "title", "unit__name"
        )
    )
    for start, end, *rest in rows.order_by("-pk").iterator():
        existing.setdefault((start, end), []).append(rest)
    out = {}
    normalised: dict[str, str] = {}  # a record's title, read without accents once per check
    for key, c in candidates.items():
        own, parent = c.unit.pk, c.unit.parent_id
        matcher = None
        found = []
        for unit_id, parent_id, movement_id, title, unit_name in existing.get((c.start_date, c.end_date), ()):
            if not (unit_id == own or parent_id == own or (parent and unit_id == parent)):
                continue
            if not (c.movement_id is not None and movement_id == c.movement_id):
                if matcher is None:
                    matcher = SequenceMatcher(None, "", normalise(c.title))
                if title not in normalised:
                    normalised[title] = normalise(title)
                if not _similar_normalised(normalised[title], matcher):
                    continue
            found.append((title, unit_name))
        if found:
            out[key] = found
    return out


def _listed_days(days: list[date]):
    """The days as one query parameter (an array, or a JSON text on SQLite), however many."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::date[])", (days,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps([d.isoformat() for d in days]),))


def duplicate_message(found: list[tuple[str, str]]) -> str:
    titles = [f"“{title}” ({unit})" for title, unit in found[:3]]
    return _("Có thể trùng với hoạt động đã ghi: %(list)s.") % {"list": "; ".join(titles)}


@dataclass
class RecordData:
    """What a person types for one record."""

    unit: Unit
    content_area: ContentArea
    movement: Movement | None
    title: str
    start_date: date
    end_date: date
    place: str = ""
    description: str = ""
    figures: dict[FigureKey, int] | None = None


def _check_record(data: RecordData, *, by, unit_is_new: bool, is_correction_of=None) -> Program:
    """Every field rule at once (so the form shows all messages together); returns the program."""
    access = access_for(by)
    errors: dict[str, str] = {}
    if data.end_date < data.start_date:
        errors["end_date"] = _("Ngày kết thúc (%(end)s) trước ngày bắt đầu (%(start)s).") % {
            "end": ddmmyyyy(data.end_date),
            "start": ddmmyyyy(data.start_date),
        }
    program = program_on(data.end_date)
    if program is None:
        errors.setdefault(
            "end_date", _("Ngày %(day)s không thuộc chương trình nào.") % {"day": ddmmyyyy(data.end_date)}
        )
    elif data.content_area.program_id != program.pk:
        errors.setdefault(
            "end_date",
            _(
                "Ngày kết thúc %(day)s thuộc “%(program)s”, ngoài thời gian của chương trình có nội dung đã chọn "
                "(%(start)s - %(end)s)."
            )
            % {
                "day": ddmmyyyy(data.end_date),
                "program": program.name,
                "start": ddmmyyyy(data.content_area.program.start),
                "end": ddmmyyyy(data.content_area.program.end),
            },
        )
    if data.movement is not None and data.movement.content_area_id != data.content_area.pk:
        errors["movement"] = _("Phong trào “%(m)s” không thuộc nội dung đã chọn.") % {"m": data.movement.name}
    if unit_is_new and not access.can_record_for(data.unit):
        errors["unit"] = _("Bạn không được ghi hoạt động cho %(unit)s (ngoài đơn vị của bạn).") % {
            "unit": data.unit.name
        }
    elif not data.unit.is_valid_on(data.end_date):
        errors["unit"] = _(
            "%(unit)s chỉ có từ %(start)s đến %(end)s; ngày kết thúc %(day)s ngoài khoảng đó."
        ) % {
            "unit": data.unit.name,
            "start": ddmmyyyy(data.unit.valid_from),
            "end": ddmmyyyy(data.unit.valid_to) if data.unit.valid_to else _("nay"),
            "day": ddmmyyyy(data.end_date),
        }
    errors.update(check_texts(title=data.title, place=data.place))
    if program is not None and data.content_area.program_id == program.pk:
        errors.update(check_figures(ProgramCatalogue.load(program), data.content_area, data.figures or {}))
    if errors:
        raise ValidationError(errors)
    return program


def _check_period_rules(*, by, places: list[tuple[Unit, date]], correction_reason: str) -> bool:
    """A locked period is changed by provincial staff alone; a change that touches an approved
    report needs a written reason. Returns whether the change is such a correction."""
    rules = place_rules(by=by, places=places)
    is_correction = False
    for unit, day in places:
        rule = rules[(unit.pk, day)]
        if rule.locked is not None:
            raise ValidationError(
                _("Kỳ %(period)s đã được Tỉnh Đoàn khóa số liệu: chỉ cán bộ Tỉnh Đoàn được thay đổi.")
                % {"period": rule.locked.label}
            )
        if rule.correction:
            is_correction = True
            if not correction_reason.strip():
                raise ValidationError(
                    {"correction_reason": _("%(why)s Hãy ghi lý do điều chỉnh.") % {"why": rule.correction}}
                )
    return is_correction


def _check_duplicates(data: RecordData, *, by, confirm_duplicate: bool, exclude=None):
    if confirm_duplicate:
        return
    candidate = Candidate(
        data.unit, data.movement.pk if data.movement else None, data.start_date, data.end_date, data.title
    )
    found = find_likely_duplicates(
        by=by, candidates={0: candidate}, exclude_id=exclude.pk if exclude is not None else None
    )
    titles = [f"“{title}” ({unit})" for title, unit in found.get(0, [])[:3]]
    if titles:
        raise ValidationError(
            {
                "confirm_duplicate": _(
                    "Có thể trùng với hoạt động đã ghi: %(list)s. Đánh dấu ô này nếu vẫn muốn lưu."
                )
                % {"list": "; ".join(titles)}
            },
            code="duplicate",
        )


def figure_values(catalogue: ProgramCatalogue, figures: dict[FigureKey, int]):
    """({(indicator id, group id): value} for Activity.set_figures, the snapshot for history)."""
    values, snapshot = {}, {}
    for (code, group), value in sorted(figures.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if not value:
            continue
        group_id = catalogue.groups[group].pk if group else None
        values[(catalogue.indicators[code].pk, group_id)] = int(value)
        snapshot[f"{code}/{group}" if group else code] = int(value)
    return values, snapshot


@transaction.atomic
def record_activity(
    *,
    by,
    data: RecordData,
    confirm_duplicate: bool = False,
    correction_reason: str = "",
    submission_key: uuid.UUID | None = None,
    external_key: str | None = None,
    files=(),
) -> Activity:
    """Create a record. A repeated submission (same key: a double click, a resent form) returns
    the record the first one made instead of making a second."""
    from .uploads import store_upload

    if submission_key is not None:
        existing = Activity.objects.filter(submission_key=submission_key, created_by=by).first()
        if existing is not None:
            return existing
    access = access_for(by)
    if not (access.officer_units or access.is_provincial):
        raise PermissionDenied(_("Bạn không có quyền ghi hoạt động."))
    program = _check_record(data, by=by, unit_is_new=True)
    is_correction = _check_period_rules(
        by=by, places=[(data.unit, data.end_date)], correction_reason=correction_reason
    )
    _check_duplicates(data, by=by, confirm_duplicate=confirm_duplicate)
    activity = Activity(
        program=program,
        unit=data.unit,
        content_area=data.content_area,
        movement=data.movement,
        title=clean_text(data.title),
        start_date=data.start_date,
        end_date=data.end_date,
        place=clean_text(data.place),
        description=data.description.strip(),
        external_key=external_key,
        submission_key=submission_key,
        correction_reason=correction_reason.strip() if is_correction else "",
        corrected_after_approval=is_correction,
        created_by=by,
        updated_by=by,
    )
    values, activity.figures_snapshot = figure_values(ProgramCatalogue.load(program), data.figures or {})
    activity.write_text_keys()
    activity._history_user = by
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        # The same form sent twice at once: the other request saved between our check above
        # and this insert. Its record is the result of this submission too.
        existing = (
            submission_key and Activity.objects.filter(submission_key=submission_key, created_by=by).first()
        )
        if existing is None:
            raise
        return existing
    activity.set_figures(values)
    for upload in files:
        store_upload(activity, upload, by=by)
    return activity


class EditConflict(ValidationError):
    """Someone saved the record after this edit began: the save is refused (nothing is lost:
    the view shows the typed values again beside what changed)."""

    def __init__(self, current: Activity, expected_version: int):
        super().__init__(
            _(
                "%(who)s đã lưu hoạt động này lúc %(when)s, sau khi bạn mở trang sửa. Hãy xem thay đổi bên dưới rồi lưu lại."
            )
            % {
                "who": current.updated_by or _("Người khác"),
                "when": timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y"),
            },
            code="conflict",
        )
        self.current = current
        self.expected_version = expected_version


@transaction.atomic
def update_activity(
    activity: Activity,
    *,
    by,
    expected_version: int,
    data: RecordData,
    confirm_duplicate: bool = False,
    correction_reason: str = "",
) -> Activity:
    """Change a record, refusing the save when it was changed since `expected_version`."""
    access = access_for(by)
    if not access.can_change_unit(activity.unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được sửa hoạt động này."))
    program = _check_record(data, by=by, unit_is_new=data.unit.pk != activity.unit_id)
    is_correction = _check_period_rules(
        by=by,
        places=[(activity.unit, activity.end_date), (data.unit, data.end_date)],
        correction_reason=correction_reason,
    )
    _check_duplicates(data, by=by, confirm_duplicate=confirm_duplicate, exclude=activity)
    # The version moves in one conditional UPDATE, so of two concurrent saves exactly one wins.
    if not Activity.objects.filter(pk=activity.pk, version=expected_version).update(version=F("version") + 1):
        raise EditConflict(
            Activity.objects.select_related("updated_by").get(pk=activity.pk), expected_version
        )
    activity.version = expected_version + 1
    activity.program = program
    activity.unit = data.unit
    activity.content_area = data.content_area
    activity.movement = data.movement
    activity.title = clean_text(data.title)
    activity.start_date = data.start_date
    activity.end_date = data.end_date
    activity.place = clean_text(data.place)
    activity.description = data.description.strip()
    activity.updated_by = by
    if is_correction:
        activity.corrected_after_approval = True
        activity.correction_reason = correction_reason.strip()
        activity._change_reason = correction_reason.strip()
    values, activity.figures_snapshot = figure_values(ProgramCatalogue.load(program), data.figures or {})
    activity.write_text_keys()
    activity._history_user = by
    activity.save()
    activity.set_figures(values)
    return activity


@transaction.atomic
def delete_activity(activity: Activity, *, by, reason: str = "") -> None:
    """Delete a record (its unit's officers or provincial staff); the history keeps it."""
    if not access_for(by).can_change_unit(activity.unit):
        raise PermissionDenied(_("Bạn không được xóa hoạt động này."))
    _check_period_rules(by=by, places=[(activity.unit, activity.end_date)], correction_reason=reason)
    activity._history_user = by
    activity._change_reason = reason.strip() or _("Xóa hoạt động")
    activity.delete()


def can_publish(by, activity: Activity) -> bool:
    return access_for(by).can_publish_for(activity.unit)


@transaction.atomic
def publish_news(activity: Activity, *, by, public_text: str, photos=()) -> NewsPost:
    """Publish a record as public news with a short text and chosen photos. A photo showing
    children needs the guardians' consent recorded first (Law 91/2025/QH15)."""
    if not can_publish(by, activity):
        raise PermissionDenied(_("Bạn không được đăng tin hoạt động này."))
    if not public_text.strip():
        raise ValidationError({"public_text": _("Hãy viết đoạn tin ngắn để đăng.")})
    for photo in photos:
        if photo.activity_id != activity.pk or not photo.is_photo:
            raise ValidationError({"photos": _("Chỉ chọn ảnh của chính hoạt động này.")})
        if not photo.may_be_published:
            raise ValidationError(
                {
                    "photos": _(
                        "Ảnh “%(name)s” có trẻ em: cần ghi nhận sự đồng ý của cha mẹ, người giám hộ trước khi đăng."
                    )
                    % {"name": photo.original_name}
                }
            )
    # Someone may have deleted the record, or one of its photos, since the page was opened: the
    # lock holds the record until the post is written, and the photos are read again under it.
    if not Activity.objects.select_for_update().filter(pk=activity.pk).exists():
        raise ValidationError(_("Hoạt động này vừa bị xóa: không đăng tin được."))
    chosen = {photo.pk for photo in photos}
    photos = list(activity.attachments.filter(pk__in=chosen))
    if len(photos) != len(chosen):
        raise ValidationError({"photos": _("Một ảnh đã chọn vừa bị xóa: hãy chọn lại.")})
    post, _created = NewsPost.objects.update_or_create(
        activity=activity,
        defaults={"public_text": public_text.strip(), "published_by": by, "published_at": timezone.now()},
    )
    post.photos.set(photos)
    return post


@transaction.atomic
def unpublish_news(activity: Activity, *, by) -> None:
    if not can_publish(by, activity):
        raise PermissionDenied(_("Bạn không được gỡ tin hoạt động này."))
    NewsPost.objects.filter(activity=activity).delete()


@transaction.atomic
def record_consent(attachment, *, by, shows_children: bool, consent_recorded: bool, note: str = "") -> None:
    if not access_for(by).can_change_unit(attachment.activity.unit):
        raise PermissionDenied(_("Bạn không được sửa ảnh này."))
    if consent_recorded and not note.strip():
        raise ValidationError(
            {"consent_note": _("Ghi rõ ai đồng ý, khi nào (ví dụ: phiếu đồng ý ngày ...).")}
        )
    attachment.shows_children = shows_children
    attachment.consent_recorded = consent_recorded
    attachment.consent_note = note.strip()
    attachment.save(update_fields=["shows_children", "consent_recorded", "consent_note"])
    if shows_children and not consent_recorded:
        # A published photo whose consent was withdrawn leaves the public page at once.
        for post in attachment.news_posts.all():
            post.photos.remove(attachment)
