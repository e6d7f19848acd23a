"""The report workflow, as explicit functions: a district's periodic report is drafted, submitted,
reviewed by provincial staff, then approved or returned with a reason.

Draft ⇄ (save_draft) → submit → submitted → approve → approved → reopen (with a written reason) → returned
                              ↘ withdraw → draft        ↘ return (reason) → returned → submit ...

Every function locks the report row (select_for_update), asks `available_actions` whether its
action is open to the user (the same answer that decides the page's buttons), checks what was
typed, and raises ValidationError with a Vietnamese message when refused: nothing is changed then.
Views only call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import Action, record
from childprog import files
from childprog.access import access_for
from childprog.models import Membership, Period, Role

from .copies import keep_approved_copy
from .figures import approval_document, submit_snapshot
from .mail import send_after_commit
from .models import GrassrootsRequest, Notification, RegisterNumber, Report, ReportEvent

S = Report.Status
OFFICER_ROLES = (Role.DISTRICT_OFFICER, Role.GRASSROOTS_OFFICER, Role.PROVINCIAL_STAFF)


# -- which actions are open --------------------------------------------------------------------
# Every button of the report and period pages and every POST behind them asks the same function:
# the page shows exactly the actions it allows and each workflow step refuses what it does not.
# Who may act is the permission object's (childprog.access); which state and day open an action
# is decided here. What the user types (a reason, the narrative, a file) is checked by the step.
SAVE, SUBMIT, WITHDRAW, RETURN, APPROVE, REOPEN, SCAN, RECORDS = (
    "save",
    "submit",
    "withdraw",
    "return",
    "approve",
    "reopen",
    "upload_scan",
    "records",
)
LOCK, UNLOCK, ASK_GRASSROOTS = "lock", "unlock", "ask_grassroots"


@dataclass(frozen=True)
class Actions:
    """The actions open to one user on one report or period, the reason each other one is refused
    and, for an action held back only by the calendar, the day it opens."""

    refusals: dict[str, str]
    opens_on: dict[str, date] = dataclass_field(default_factory=dict)

    def allows(self, action: str) -> bool:
        return action not in self.refusals

    def require(self, action: str) -> None:
        """Raise ValidationError with the reason when `action` is not open."""
        _require(self.allows(action), self.refusals.get(action, ""))

    # Named booleans for the templates.
    save = property(lambda self: self.allows(SAVE))
    submit = property(lambda self: self.allows(SUBMIT))
    withdraw = property(lambda self: self.allows(WITHDRAW))
    return_ = property(lambda self: self.allows(RETURN))
    approve = property(lambda self: self.allows(APPROVE))
    reopen = property(lambda self: self.allows(REOPEN))
    upload_scan = property(lambda self: self.allows(SCAN))
    records = property(lambda self: self.allows(RECORDS))
    lock = property(lambda self: self.allows(LOCK))
    unlock = property(lambda self: self.allows(UNLOCK))
    submit_opens_on = property(lambda self: self.opens_on.get(SUBMIT))
    approve_opens_on = property(lambda self: self.opens_on.get(APPROVE))


def _decide(conditions: dict[str, list]) -> Actions:
    """`conditions`: for each action, its conditions in order as (ok, message) or (ok, message,
    day it opens) for a date condition; `ok` may be a function, asked only when reached."""
    refusals, opens_on = {}, {}
    for action, checks in conditions.items():
        for ok, message, *opens in checks:
            if not (ok() if callable(ok) else ok):
                refusals[action] = message
                if opens:
                    opens_on[action] = opens[0]
                break
    return Actions(refusals, opens_on)


def available_actions(report: Report, user) -> Actions:
    """What `user` may do with `report` now: the buttons of its page, and the only steps accepted."""
    access = access_for(user)
    write, review = access.may_write_report(report), access.may_review_report(report)
    status, today, period = report.status, timezone.localdate(), report.period
    submit_from, approve_from = submit_opens(period), approve_opens(period)
    dates = {"p": period.label, "end": f"{period.end:%d/%m/%Y}"}
    not_editable = _("Báo cáo đang ở trạng thái “%(s)s”: không sửa được.") % {
        "s": report.get_status_display()
    }
    return _decide(
        {
            SAVE: [(write, _("Bạn không được sửa báo cáo này.")), (report.is_editable, not_editable)],
            SUBMIT: [
                (write, _("Bạn không được gửi báo cáo này.")),
                (status != S.SUBMITTED, _("Báo cáo đã được gửi rồi, đang chờ duyệt.")),
                (status != S.APPROVED, _("Báo cáo đã được duyệt: không gửi lại được.")),
                (
                    today >= submit_from,
                    _("Kỳ %(p)s kết thúc ngày %(end)s: báo cáo gửi được từ ngày %(d)s.")
                    % {**dates, "d": f"{submit_from:%d/%m/%Y}"},
                    submit_from,
                ),
            ],
            WITHDRAW: [
                (write, _("Bạn không được rút báo cáo này.")),
                (status == S.SUBMITTED, _("Chỉ rút lại được báo cáo đã gửi và chưa được xem xét.")),
            ],
            RETURN: [
                (review, _("Chỉ cán bộ cấp trên được trả lại báo cáo.")),
                (status == S.SUBMITTED, _("Chỉ trả lại được báo cáo đã gửi, đang chờ duyệt.")),
            ],
            APPROVE: [
                (review, _("Chỉ cán bộ cấp trên được duyệt báo cáo.")),
                (status != S.APPROVED, _("Báo cáo đã được duyệt rồi.")),
                (status == S.SUBMITTED, _("Chỉ duyệt được báo cáo đã gửi; báo cáo này chưa được gửi.")),
                (
                    today >= approve_from,
                    _("Kỳ %(p)s kết thúc ngày %(end)s: báo cáo được duyệt từ ngày %(d)s.")
                    % {**dates, "d": f"{approve_from:%d/%m/%Y}"},
                    approve_from,
                ),
            ],
            REOPEN: [
                (access.may_reopen_reports, _("Chỉ cán bộ Tỉnh Đoàn được mở lại báo cáo đã duyệt.")),
                (status == S.APPROVED, _("Chỉ mở lại được báo cáo đã duyệt.")),
            ],
            SCAN: [
                (write or review, _("Bạn không được tải bản ký của báo cáo này.")),
                (status == S.APPROVED, _("Chỉ tải bản ký, đóng dấu sau khi báo cáo được duyệt.")),
                (
                    lambda: not _has_scan_of_this_approval(report),
                    _("Báo cáo đã có bản ký, đóng dấu: không thay được bản đã tải."),
                ),
            ],
            RECORDS: [(access.may_read_report_records, _("Không tìm thấy hoặc bạn không có quyền xem."))],
        }
    )


def _has_scan_of_this_approval(report: Report) -> bool:
    """One signed scan per approval: once given it is part of the approved report and never
    swapped. A reopened and approved-again report takes the scan of its new version."""
    if not report.signed_scan:
        return False
    last = report.events.filter(action__in=[ReportEvent.Action.APPROVE, ReportEvent.Action.SCAN]).last()
    return last is not None and last.action == ReportEvent.Action.SCAN


def period_actions(period: Period, user, units=()) -> Actions:
    """What `user` may do on the page of `period`: lock or unlock its figures, and ask the
    grassroots units of each of `units` (the user's own units shown there) to report."""
    access = access_for(user)
    conditions = {
        LOCK: [
            (access.may_lock_periods, _("Chỉ cán bộ Tỉnh Đoàn khóa số liệu.")),
            (not period.is_locked, _("Kỳ này đã khóa số liệu.")),
        ],
        UNLOCK: [
            (access.may_lock_periods, _("Chỉ cán bộ Tỉnh Đoàn mở khóa số liệu.")),
            (period.is_locked, _("Kỳ này chưa khóa số liệu.")),
        ],
    }
    for unit in units:
        conditions[asking(unit)] = [
            (
                access.can_ask_grassroots(unit),
                _("Chỉ Huyện Đoàn (đang hoạt động) yêu cầu các Đoàn cơ sở báo cáo."),
            )
        ]
    return _decide(conditions)


def asking(unit) -> str:
    """The action of asking the grassroots units of `unit` to report (see period_actions)."""
    return f"{ASK_GRASSROOTS}:{unit.pk}"


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
    version (another officer saved meanwhile) is refused so nothing is silently overwritten; a
    save of what is already stored writes nothing."""
    report = _lock(report)
    available_actions(report, by).require(SAVE)
    unchanged = all(
        getattr(report, field) == data[field] for field, _label in Report.SECTIONS if field in data
    )
    if unchanged:
        # Nothing to write: also the save button pressed while the autosave of the same text was
        # on its way, which is no conflict since nothing would be lost.
        return report
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
    available_actions(report, by).require(SUBMIT)
    _require(
        any(getattr(report, f).strip() for f, _l in Report.SECTIONS),
        _("Báo cáo chưa có nội dung: hãy viết ít nhất một phần trước khi gửi."),
    )
    report.snapshot = build_snapshot(report)
    report.status = S.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), by
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, by=by)
    record(Action.REPORT_SUBMIT, report, by=by)
    _notify(
        reviewers_of(report),
        report,
        _("%(unit)s đã gửi %(title)s.") % {"unit": report.unit.name, "title": report.period.label},
    )
    return report


@transaction.atomic
def withdraw_report(report: Report, *, by) -> Report:
    report = _lock(report)
    available_actions(report, by).require(WITHDRAW)
    report.status, report.snapshot = S.DRAFT, None
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.WITHDRAW, by=by)
    record(Action.REPORT_WITHDRAW, report, by=by)
    return report


@transaction.atomic
def return_report(report: Report, *, by, reason: str, section_notes: dict | None = None) -> Report:
    report = _lock(report)
    available_actions(report, by).require(RETURN)
    reason = (reason or "").strip()
    _require(bool(reason), _("Hãy ghi lý do trả lại."))
    notes = {k: v.strip() for k, v in (section_notes or {}).items() if v and v.strip()}
    report.status, report.return_reason, report.section_notes = S.RETURNED, reason, notes
    report.save()
    ReportEvent.objects.create(
        report=report, action=ReportEvent.Action.RETURN, by=by, reason=reason, section_notes=notes
    )
    record(Action.REPORT_RETURN, report, by=by, detail=reason)
    _notify(
        officers_of(report),
        report,
        _("Báo cáo %(title)s bị trả lại: %(reason)s") % {"title": report.period.label, "reason": reason},
    )
    return report


@transaction.atomic
def approve_report(report: Report, *, by) -> Report:
    report = _lock(report)
    available_actions(report, by).require(APPROVE)
    if report.number is None:  # a reopened and re-approved report keeps its number
        report.number = next_number(report.unit, timezone.localdate().year)
        report.document_number = f"{report.number}-BC/{report.unit.document_symbol}"
    report.status, report.approved_at, report.approved_by = S.APPROVED, timezone.now(), by
    report.return_reason, report.section_notes = "", {}
    # The whole document as approved, written once: nothing that changes later moves it.
    report.document = approval_document(report)
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.APPROVE, by=by)
    record(Action.REPORT_APPROVE, report, by=by, detail=report.document_number)
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
    available_actions(report, by).require(REOPEN)
    reason = (reason or "").strip()
    _require(bool(reason), _("Hãy ghi lý do mở lại (lý do được lưu giữ)."))
    keep_approved_copy(report, by=by, reason=reason)  # what was approved stays readable as it was
    report.status, report.return_reason = S.RETURNED, reason
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.REOPEN, by=by, reason=reason)
    record(Action.REPORT_REOPEN, report, by=by, detail=reason)
    _notify(
        officers_of(report),
        report,
        _("Báo cáo %(title)s được mở lại: %(reason)s") % {"title": report.period.label, "reason": reason},
    )
    return report


@transaction.atomic
def attach_signed_scan(report: Report, *, by, upload) -> Report:
    report = _lock(report)
    available_actions(report, by).require(SCAN)
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
    period = Period.objects.select_for_update().get(pk=period.pk)
    period_actions(period, by).require(LOCK)
    period.locked_at, period.locked_by = timezone.now(), by
    period.save(update_fields=["locked_at", "locked_by"])
    record(Action.PERIOD_LOCK, period, by=by)
    return period


@transaction.atomic
def unlock_period(period: Period, *, by) -> Period:
    period = Period.objects.select_for_update().get(pk=period.pk)
    period_actions(period, by).require(UNLOCK)
    period.locked_at, period.locked_by = None, None
    period.save(update_fields=["locked_at", "locked_by"])
    record(Action.PERIOD_UNLOCK, period, by=by)
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
        # The worker sends it: the page never waits for the mail server.
        send_after_commit(_("[Vì trẻ em Cao Bằng] %(m)s") % {"m": message[:80]}, message, emails)
