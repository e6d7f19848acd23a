"""The report workflow's actions × every persona (tests/matrix.py): each POST row states who may
change what, and for everyone else that nothing changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from childprog.guideline import open_period
from childprog.models import Period
from reports.models import GrassrootsRequest, Notification, Report
from reports.workflow import (
    approve_report,
    attach_signed_scan,
    get_or_open_report,
    reopen_report,
    save_draft,
    submit_report,
)
from tests.matrix import Case, base_world, check, expect, matrix

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(units, personas, program, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = base_world(units, personas)
    officer, staff = personas["officer_ha_quang"], personas["provincial"]
    world.period = open_period(program, "year", 2020, by=staff)
    world.earlier = open_period(program, "year", 2019, by=staff)
    world.draft = save_draft(
        get_or_open_report(period=world.earlier, unit=units["ha-quang"], by=officer),
        by=officer,
        data={"results": "Kết quả 2019"},
    )
    report = get_or_open_report(period=world.period, unit=units["ha-quang"], by=officer)
    world.submitted = submit_report(save_draft(report, by=officer, data={"results": "Kết quả"}), by=officer)
    province = get_or_open_report(period=world.period, unit=units["cao-bang"], by=staff)
    province = submit_report(save_draft(province, by=staff, data={"results": "Tỉnh"}), by=staff)
    world.approved = approve_report(province, by=staff)
    half = open_period(program, "half", 2020, by=staff)
    scanned = get_or_open_report(period=half, unit=units["ha-quang"], by=officer)
    scanned = submit_report(save_draft(scanned, by=officer, data={"results": "6 tháng"}), by=officer)
    world.scanned = attach_signed_scan(
        approve_report(scanned, by=staff),
        by=officer,
        upload=SimpleUploadedFile("ban-ky.pdf", PDF, "application/pdf"),
    )
    # Signed, then reopened: the scan stays with the approved copy it signed.
    quarter = get_or_open_report(
        period=open_period(program, "quarter", 2020, 4, by=staff), unit=units["ha-quang"], by=officer
    )
    quarter = submit_report(save_draft(quarter, by=officer, data={"results": "Quý IV"}), by=officer)
    quarter = attach_signed_scan(
        approve_report(quarter, by=staff),
        by=officer,
        upload=SimpleUploadedFile("quy.pdf", PDF, "application/pdf"),
    )
    world.reopened = reopen_report(quarter, by=staff, reason="Sửa số liệu")
    Notification.objects.create(user=officer, message="Báo cáo đã được duyệt.")
    return world


def status_of(report):
    return Report.objects.get(pk=report.pk).status


def on(name, report):
    return lambda w: reverse(f"reports:{name}", args=[getattr(w, report).pk])


# Reports the persona cannot see answer 404; a seen report whose action is not theirs is refused
# with a message on the report page (302). Provincial staff write every report's narrative, so they
# may send or withdraw a district's report on its behalf.
CASES = [
    Case("Hà Quảng's signed scan", on("scan", "scanned"), expect(404, provincial=200, officer_ha_quang=200)),
    Case(
        "the signed scan of Hà Quảng's earlier approved copy",
        lambda w: reverse("reports:approved_copy_scan", args=[w.reopened.pk, 1]),
        expect(404, provincial=200, officer_ha_quang=200),
    ),
    Case(
        "submit Hà Quảng's draft (POST)",
        on("submit", "draft"),
        expect(404, provincial=302, officer_ha_quang=302),
        method="post",
        effect=lambda w: status_of(w.draft),
        changes={"officer_ha_quang", "provincial"},
    ),
    Case(
        "withdraw Hà Quảng's sent report (POST)",
        on("withdraw", "submitted"),
        expect(404, provincial=302, officer_ha_quang=302),
        method="post",
        effect=lambda w: status_of(w.submitted),
        changes={"officer_ha_quang", "provincial"},
    ),
    Case(
        "reopen the approved provincial report (POST)",
        on("reopen", "approved"),
        expect(404, provincial=302, reader=302),
        method="post",
        data={"reason": "Sửa số liệu Hà Quảng"},
        effect=lambda w: status_of(w.approved),
        changes={"provincial"},
    ),
    Case(
        "upload the approved report's signed scan (POST)",
        on("upload_scan", "approved"),
        expect(404, provincial=302, reader=302),
        method="post",
        data=lambda w: {"scan": SimpleUploadedFile("ban-ky.pdf", PDF, "application/pdf")},
        effect=lambda w: Report.objects.get(pk=w.approved.pk).signed_scan.name,
        changes={"provincial"},
    ),
    Case(
        "lock the period (POST)",
        lambda w: reverse("reports:period_lock", args=[w.period.pk]),
        expect(302),
        method="post",
        effect=lambda w: Period.objects.get(pk=w.period.pk).locked_at is not None,
        changes={"provincial"},
    ),
    Case(
        "open Quảng Hòa's report (POST)",
        lambda w: reverse("reports:open", args=[w.period.pk, w.units["quang-hoa"].pk]),
        expect(404, provincial=302, officer_quang_hoa=302, reader=403),
        method="post",
        effect=lambda w: Report.objects.filter(period=w.period, unit=w.units["quang-hoa"]).exists(),
        changes={"provincial", "officer_quang_hoa"},
    ),
    Case(
        "ask Hà Quảng's grassroots units to report (POST)",
        lambda w: reverse("reports:ask_grassroots", args=[w.period.pk, w.units["ha-quang"].pk]),
        expect(404, provincial=403, officer_ha_quang=302),
        method="post",
        effect=lambda w: GrassrootsRequest.objects.filter(
            period=w.period, district=w.units["ha-quang"]
        ).count(),
        changes={"officer_ha_quang"},  # the district's own officer asks its grassroots units
    ),
    Case(
        "mark one's notifications read (POST)",
        lambda w: reverse("reports:notifications_read"),
        expect(302),
        method="post",
        effect=lambda w: Notification.objects.filter(user=w.officer_ha_quang, read_at__isnull=True).count(),
        changes={"officer_ha_quang"},
    ),
]


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)
