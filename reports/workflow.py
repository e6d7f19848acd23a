"""The report workflow, as explicit functions: a district's periodic report is drafted, submitted,
reviewed by provincial staff, then approved or returned with a reason.

Draft ⇄ (save_draft) → submit → submitted → approve → approved → reopen (with a written reason) → returned
                              ↘ withdraw → draft        ↘ return (reason) → returned → submit ...

Every function locks the report row (select_for_update), checks the user's role and the report's
state, and raises ValidationError with a Vietnamese message when refused: nothing is changed then.
Views only call these functions.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from childprog import files
from childprog.access import access_for
from childprog.models import Membership, Period, Role

from .copies import keep_approved_copy
from .figures import approval_document, submit_snapshot
from .models import GrassrootsRequest, Notification, RegisterNumber, Report, ReportEvent

S = Report.Status
OFFICER_ROLES = (Role.DISTRICT_OFFICER, Role.GRASSROOTS_OFFICER, Role.PROVINCIAL_STAFF)


# -- who may do what -----------------------------------------------------------------------------
def can_write(report: Report, user) -> bool:
    """Officers of the report's unit (current subtree) and provincial staff write its narrative."""
    access = access_for(user)
    if report.is_provincial:
        return access.is_provincial
    return access.is_provincial or access.can_record_for(report.unit, report.period.end)


def can_review(report: Report, user) -> bool:
    """Provincial staff review every report; a district officer reviews its grassroots units'."""
    access = access_for(user)
    if access.is_provincial:
        return True
    if report.is_provincial or report.unit.level <= report.unit.DISTRICT_LEVEL:
        return False
    return access.can_manage_accounts_of(report.unit)


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update()
        .select_related("unit", "period", "period__program")
        .get(pk=report.pk)
    )


def _require(ok: bool, message: str):
    if not ok:
        raise ValidationError(message)


# -- opening -------------------------------------------------------------------------------------
def get_or_open_report(*, period: Period, unit, by) -> Report:
    """The report of `unit` for `period`, created as a draft the first time its officer opens it.
    A grassroots unit reports only where its district asked for the period."""
    access = access_for(by)
    report = Report.objects.filter(period=period, unit=unit).first()
    if report is not None:
        return report
    if unit.parent_id is None:
        _require(access.is_provincial, _("Chỉ cán bộ Tỉnh Đoàn lập báo cáo của tỉnh."))
    else:
        _require(
            access.can_record_for(unit, period.end),
            _("Đơn vị này không còn hiệu lực vào ngày cuối kỳ hoặc bạn không phụ trách đơn vị này."),
        )
        if unit.level > unit.DISTRICT_LEVEL and unit.parent.parent_id is not None:
            asked = GrassrootsRequest.objects.filter(period=period, district_id=unit.parent_id).exists()
            _require(asked, _("Huyện Đoàn chưa yêu cầu cơ sở báo cáo kỳ này."))
    report, _created = Report.objects.get_or_create(period=period, unit=unit)
    return report


@transaction.atomic
def save_draft(report: Report, *, by, data: dict, version: int | None = None) -> Report:
    """Save the narrative sections (autosave while typing and the form's save button). A stale
    version (another officer saved meanwhile) is refused so nothing is silently overwritten."""
    report = _lock(report)
    _require(can_write(report, by), _("Bạn không được sửa báo cáo này."))
    _require(
        report.is_editable,
        _("Báo cáo đang ở trạng thái “%(s)s”: không sửa được.") % {"s": report.get_status_display()},
    )
    if version is not None and version != report.version:
        raise ValidationError(
            _(
                "Báo cáo vừa được người khác lưu (phiên bản %(v)s). Hãy tải lại trang; nội dung bạn gõ vẫn còn trong ô."
            )
            % {"v": report.version}
        )
    for field, _label in Report.SECTIONS:
        if field in data:
            setattr(report, field, data[field])
    report.version = F("version") + 1
    report.draft_saved_at = timezone.now()
    report.save()
    report.refresh_from_db()
    return report


# -- the workflow --------------------------------------------------------------------------------
@transaction.atomic
def submit_report(report: Report, *, by) -> Report:
    report = _lock(report)
    _require(can_write(report, by), _("Bạn không được gửi báo cáo này."))
    if report.status == S.SUBMITTED:
        raise ValidationError(_("Báo cáo đã được gửi rồi, đang chờ duyệt."))
    _require(report.status != S.APPROVED, _("Báo cáo đã được duyệt: không gửi lại được."))
    _require(
        any(getattr(report, f).strip() for f, _l in Report.SECTIONS),
        _("Báo cáo chưa có nội dung: hãy viết ít nhất một phần trước khi gửi."),
    )
    opens = submit_opens(report.period)
    _require(
        timezone.localdate() >= opens,
        _("Kỳ %(p)s kết thúc ngày %(end)s: báo cáo gửi được từ ngày %(d)s.")
        % {"p": report.period.label, "end": f"{report.period.end:%d/%m/%Y}", "d": f"{opens:%d/%m/%Y}"},
    )
    report.snapshot = build_snapshot(report)
    report.status = S.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), by
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, by=by)
    _notify(
        reviewers_of(report),
        report,
        _("%(unit)s đã gửi %(title)s.") % {"unit": report.unit.name, "title": report.period.label},
    )
    return report


@transaction.atomic
def withdraw_report(report: Report, *, by) -> Report:
    report = _lock(report)
    _require(can_write(report, by), _("Bạn không được rút báo cáo này."))
    _require(report.status == S.SUBMITTED, _("Chỉ rút lại được báo cáo đã gửi và chưa được xem xét."))
    report.status, report.snapshot = S.DRAFT, None
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.WITHDRAW, by=by)
    return report


@transaction.atomic
def return_report(report: Report, *, by, reason: str, section_notes: dict | None = None) -> Report:
    report = _lock(report)
    _require(can_review(report, by), _("Chỉ cán bộ cấp trên được trả lại báo cáo."))
    _require(report.status == S.SUBMITTED, _("Chỉ trả lại được báo cáo đã gửi, đang chờ duyệt."))
    reason = (reason or "").strip()
    _require(bool(reason), _("Hãy ghi lý do trả lại."))
    notes = {k: v.strip() for k, v in (section_notes or {}).items() if v and v.strip()}
    report.status, report.return_reason, report.section_notes = S.RETURNED, reason, notes
    report.save()
    ReportEvent.objects.create(
        report=report, action=ReportEvent.Action.RETURN, by=by, reason=reason, section_notes=notes
    )
    _notify(
        officers_of(report),
        report,
        _("Báo cáo %(title)s bị trả lại: %(reason)s") % {"title": report.period.label, "reason": reason},
    )
    return report


@transaction.atomic
def approve_report(report: Report, *, by) -> Report:
    report = _lock(report)
    _require(can_review(report, by), _("Chỉ cán bộ cấp trên được duyệt báo cáo."))
    if report.status == S.APPROVED:
        raise ValidationError(_("Báo cáo đã được duyệt rồi."))
    _require(report.status == S.SUBMITTED, _("Chỉ duyệt được báo cáo đã gửi; báo cáo này chưa được gửi."))
    opens = approve_opens(report.period)
    _require(
        timezone.localdate() >= opens,
        _("Kỳ %(p)s kết thúc ngày %(end)s: báo cáo được duyệt từ ngày %(d)s.")
        % {"p": report.period.label, "end": f"{report.period.end:%d/%m/%Y}", "d": f"{opens:%d/%m/%Y}"},
    )
    if report.number is None:  # a reopened and re-approved report keeps its number
        report.number = next_number(report.unit, timezone.localdate().year)
        report.document_number = f"{report.number}-BC/{report.unit.document_symbol}"
    report.status, report.approved_at, report.approved_by = S.APPROVED, timezone.now(), by
    report.return_reason, report.section_notes = "", {}
    # The whole document as approved, written once: nothing that changes later moves it.
    report.document = approval_document(report)
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.APPROVE, by=by)
    _notify(
        officers_of(report),
        report,
        _("Báo cáo %(title)s đã được duyệt, số %(n)s.")
        % {"title": report.period.label, "n": report.document_number},
    )
    return report


@transaction.atomic
def reopen_report(report: Report, *, by, reason: str) -> Report:
    report = _lock(report)
    _require(access_for(by).is_provincial, _("Chỉ cán bộ Tỉnh Đoàn được mở lại báo cáo đã duyệt."))
    _require(report.status == S.APPROVED, _("Chỉ mở lại được báo cáo đã duyệt."))
    reason = (reason or "").strip()
    _require(bool(reason), _("Hãy ghi lý do mở lại (lý do được lưu giữ)."))
    keep_approved_copy(report, by=by, reason=reason)  # what was approved stays readable as it was
    report.status, report.return_reason = S.RETURNED, reason
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.REOPEN, by=by, reason=reason)
    _notify(
        officers_of(report),
        report,
        _("Báo cáo %(title)s được mở lại: %(reason)s") % {"title": report.period.label, "reason": reason},
    )
    return report


@transaction.atomic
def attach_signed_scan(report: Report, *, by, upload) -> Report:
    report = _lock(report)
    _require(can_write(report, by) or can_review(report, by), _("Bạn không được tải bản ký của báo cáo này."))
    _require(report.status == S.APPROVED, _("Chỉ tải bản ký, đóng dấu sau khi báo cáo được duyệt."))
    # One signed scan per approval: once given it is part of the approved report and never swapped.
    # A reopened and approved-again report takes the scan of its new version.
    last = report.events.filter(action__in=[ReportEvent.Action.APPROVE, ReportEvent.Action.SCAN]).last()
    _require(
        not (report.signed_scan and last is not None and last.action == ReportEvent.Action.SCAN),
        _("Báo cáo đã có bản ký, đóng dấu: không thay được bản đã tải."),
    )
    files.read_checked(upload, {files.PDF, files.JPEG}, _("Bản ký phải là tệp PDF hoặc ảnh JPEG."))
    # The scan is the only thing that may be added to an approved report; its figures never change.
    report.signed_scan.save(upload.name, upload, save=False)
    Report.objects.filter(pk=report.pk).update(signed_scan=report.signed_scan.name)
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SCAN, by=by)
    return report


def next_number(unit, year: int) -> int:
    """The next number of the unit's register of reports for the year (row-locked)."""
    register, _created = RegisterNumber.objects.select_for_update().get_or_create(unit=unit, year=year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number


# -- periods -------------------------------------------------------------------------------------
@transaction.atomic
def lock_period(period: Period, *, by) -> Period:
    _require(access_for(by).is_provincial, _("Chỉ cán bộ Tỉnh Đoàn khóa số liệu."))
    period = Period.objects.select_for_update().get(pk=period.pk)
    _require(not period.is_locked, _("Kỳ này đã khóa số liệu."))
    period.locked_at, period.locked_by = timezone.now(), by
    period.save(update_fields=["locked_at", "locked_by"])
    return period


@transaction.atomic
def unlock_period(period: Period, *, by) -> Period:
    _require(access_for(by).is_provincial, _("Chỉ cán bộ Tỉnh Đoàn mở khóa số liệu."))
    period = Period.objects.select_for_update().get(pk=period.pk)
    period.locked_at, period.locked_by = None, None
    period.save(update_fields=["locked_at", "locked_by"])
    return period


# -- snapshot ------------------------------------------------------------------------------------
def build_snapshot(report: Report) -> dict:
    """Rows, breakdowns, last year's figures and narrative as they are now; never any child's name
    (figures are counts)."""
    return submit_snapshot(report)


# -- timing --------------------------------------------------------------------------------------
def submit_opens(period: Period):
    """A report is sent from its period's last day (REPORT_SUBMIT_DAYS_EARLY days earlier where the
    province allows it): records of the period's last days then still count."""
    return period.end - timedelta(days=getattr(settings, "REPORT_SUBMIT_DAYS_EARLY", 0))


def approve_opens(period: Period):
    """A report is approved only after its period has ended."""
    return period.end + timedelta(days=1)


# -- notifications -------------------------------------------------------------------------------
def officers_of(report: Report):
    return [
        m.user
        for m in Membership.objects.filter(unit=report.unit, role__in=OFFICER_ROLES).select_related("user")
        if m.user.is_active
    ]


def reviewers_of(report: Report):
    if report.unit.level > report.unit.DISTRICT_LEVEL and report.unit.parent.parent_id is not None:
        units = [report.unit.parent_id]
        roles = [Role.DISTRICT_OFFICER]
    else:
        units = list(Membership.objects.filter(role=Role.PROVINCIAL_STAFF).values_list("unit_id", flat=True))
        roles = [Role.PROVINCIAL_STAFF]
    return [
        m.user for m in Membership.objects.filter(unit_id__in=units, role__in=roles).select_related("user")
    ]


def _notify(users, report: Report, message: str):
    users = list({u.pk: u for u in users}.values())
    Notification.objects.bulk_create(
        Notification(user=u, report=report, message=message[:500]) for u in users
    )
    emails = [u.email for u in users if u.email]
    if emails and settings.EMAIL_HOST:
        # Sent once the change is committed: a refused step never emails anyone.
        transaction.on_commit(
            lambda: send_mail(
                _("[Vì trẻ em Cao Bằng] %(m)s") % {"m": message[:80]},
                message,
                None,
                emails,
                fail_silently=True,
            )
        )
