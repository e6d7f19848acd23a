"""Earlier approved versions of a report (docs/reports.md, "Re-approval keeps the previous copy").

An approved report changes only by reopening it; the next approval stores a new document on the
report. Before the reopening takes effect, keep_approved_copy() files the document that was
approved — with its number, approval, signed scan and the reason for reopening — as an
ApprovedCopy, so every document the province ever approved stays readable as it was."""

from __future__ import annotations

from django.db.models import Max

from .models import ApprovedCopy, Report


def keep_approved_copy(report: Report, *, by, reason: str) -> ApprovedCopy | None:
    """File `report`'s approved document before it is reopened (the caller holds the row lock and
    saves the report). The signed scan goes with the copy: it signs that document, not the next
    approval's, which takes a scan of its own."""
    if report.status != Report.Status.APPROVED or not report.document:
        return None
    last = report.approved_copies.aggregate(n=Max("sequence"))["n"] or 0
    copy = ApprovedCopy.objects.create(
        report=report,
        sequence=last + 1,
        document=report.document,
        document_number=report.document_number,
        approved_at=report.approved_at,
        approved_by=report.approved_by,
        signed_scan=report.signed_scan.name if report.signed_scan else "",
        reopened_by=by,
        reopen_reason=reason,
    )
    report.signed_scan = ""
    return copy
