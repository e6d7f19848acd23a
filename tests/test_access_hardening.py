"""Access rules an attacker probed: publishing for an ended unit, the district-only request to
grassroots units, the library's visibility, sessions of a deactivated account, a replaced scan."""

from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from activities import services
from activities.models import NewsPost
from activities.testing import load_programs, make_activity
from childprog import accounts
from childprog.access import access_for
from childprog.guideline import open_period
from childprog.models import Role
from library.models import Document
from reports.models import GrassrootsRequest
from reports.workflow import attach_signed_scan, reopen_report
from tests.conftest import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# -- publishing needs a current unit -------------------------------------------------------------
def test_an_officer_of_an_ended_district_cannot_publish_or_unpublish(reformed_units, time_machine):
    time_machine.move_to(date(2026, 1, 5))
    load_programs()
    provincial = make_user("tinh", reformed_units["cao-bang"], Role.PROVINCIAL_STAFF)
    officer = make_user("hoaan", reformed_units["hoa-an"], Role.DISTRICT_OFFICER)
    activity = make_activity(provincial, reformed_units["hoa-an"], date(2024, 6, 1))
    assert not services.can_publish(officer, activity)
    with pytest.raises(PermissionDenied):
        services.publish_news(activity, by=officer, public_text="Tin")
    services.publish_news(activity, by=provincial, public_text="Tin của Tỉnh")
    with pytest.raises(PermissionDenied):
        services.unpublish_news(activity, by=officer)
    assert NewsPost.objects.filter(activity=activity).exists()


def test_a_current_districts_officer_still_publishes_its_own_records(officer_ha_quang, units):
    load_programs()
    activity = make_activity(officer_ha_quang, units["ha-quang"], date(2022, 6, 1))
    services.publish_news(activity, by=officer_ha_quang, public_text="Tin")
    assert NewsPost.objects.filter(activity=activity).exists()


# -- asking grassroots units to report is the district's --------------------------------------
@pytest.fixture
def period(program, provincial):
    return open_period(program, "year", 2020, by=provincial)


def test_a_grassroots_officer_cannot_ask_its_own_unit_to_report(client_for, period, units):
    url = reverse("reports:ask_grassroots", args=[period.pk, units["ha-quang-tt"].pk])
    assert client_for("grassroots").post(url).status_code == 403
    assert not GrassrootsRequest.objects.exists()


def test_the_district_officer_asks_its_grassroots_units(client_for, period, units):
    url = reverse("reports:ask_grassroots", args=[period.pk, units["ha-quang"].pk])
    assert client_for("officer_ha_quang").post(url).status_code == 302
    assert GrassrootsRequest.objects.filter(district=units["ha-quang"], period=period).exists()


def test_another_district_cannot_ask_for_hà_quảng(client_for, period, units):
    url = reverse("reports:ask_grassroots", args=[period.pk, units["ha-quang"].pk])
    assert client_for("officer_quang_hoa").post(url).status_code == 404
    assert not GrassrootsRequest.objects.exists()


def test_only_a_current_district_asks(reformed_units, time_machine):
    time_machine.move_to(date(2026, 1, 5))
    officer = make_user("hoaan", reformed_units["hoa-an"], Role.DISTRICT_OFFICER)
    grassroots = make_user("xa", reformed_units["hoa-an-tt"], Role.GRASSROOTS_OFFICER)
    assert not access_for(officer).can_ask_grassroots(reformed_units["hoa-an"])
    assert not access_for(grassroots).can_ask_grassroots(reformed_units["hoa-an-tt"])


# -- the library follows the visibility rule ---------------------------------------------------
@pytest.fixture
def library(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def doc(unit, number):
        return Document.objects.create(
            unit=units[unit],
            kind="KH",
            number=number,
            symbol="HĐTN",
            issued_on=date(2024, 1, 10),
            title=f"Kế hoạch {unit}",
            text="KẾ HOẠCH",
            file=SimpleUploadedFile("kh.pdf", PDF),
        )

    return {
        "province": doc("cao-bang", "1"),
        "ha-quang": doc("ha-quang", "2"),
        "xuan-hoa": doc("ha-quang-tt", "3"),
    }


@pytest.mark.parametrize(
    ("persona", "reads"),
    [
        ("provincial", {"province", "ha-quang", "xuan-hoa"}),
        ("officer_ha_quang", {"province", "ha-quang", "xuan-hoa"}),  # its own and its subtree's
        ("grassroots", {"province", "ha-quang", "xuan-hoa"}),  # its own and the district above it
        ("officer_quang_hoa", {"province"}),
        ("reader", {"province"}),
    ],
)
def test_each_persona_reads_the_provinces_documents_and_those_of_its_own_branch(
    client_for, library, persona, reads
):
    client = client_for(persona)
    listing = client.get(reverse("library:list")).content.decode()
    for name, document in library.items():
        status = 200 if name in reads else 404
        for view in ("detail", "file", "word"):
            response = client.get(reverse(f"library:{view}", args=[document.pk]))
            assert response.status_code == status, (persona, name, view)
        assert (document.title in listing) == (name in reads), (persona, name)


# -- deactivation ends sessions for good ---------------------------------------------------------
def test_deactivating_deletes_the_sessions_and_reactivating_does_not_revive_them(provincial, grassroots):
    client = Client()
    client.force_login(grassroots)
    other = Client()
    other.force_login(provincial)
    accounts.deactivate_user(by=provincial, user=grassroots)
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    accounts.reactivate_user(by=provincial, user=grassroots)
    assert client.get(reverse("home")).status_code == 302  # sent to the login page
    assert other.get(reverse("home")).status_code == 200  # nobody else is signed out


def test_deactivating_in_the_admin_ends_the_sessions_too(grassroots, db):
    from childprog.models import User

    admin = User.objects.create_superuser("quantri", password="x")
    client = Client()
    client.force_login(grassroots)
    staff = Client()
    staff.force_login(admin)
    page = staff.get(reverse("admin:childprog_user_change", args=[grassroots.pk]))
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("is_active", "groups", "user_permissions")
    }
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = staff.post(reverse("admin:childprog_user_change", args=[grassroots.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    grassroots.refresh_from_db()
    assert not grassroots.is_active
    grassroots.is_active = True
    grassroots.save()
    assert client.get(reverse("home")).status_code == 302


# -- a signed scan is final --------------------------------------------------------------------
def test_a_signed_scan_cannot_be_replaced_until_the_report_is_approved_again(
    settings, tmp_path, units, program, provincial, officer_ha_quang
):
    from reports.workflow import approve_report, get_or_open_report, save_draft, submit_report

    settings.MEDIA_ROOT = tmp_path
    period = open_period(program, "year", 2020, by=provincial)
    report = get_or_open_report(period=period, unit=units["ha-quang"], by=officer_ha_quang)
    save_draft(report, by=officer_ha_quang, data={"results": "Kết quả"})
    report = approve_report(submit_report(report, by=officer_ha_quang), by=provincial)
    attach_signed_scan(report, by=officer_ha_quang, upload=SimpleUploadedFile("ky.pdf", PDF))
    report.refresh_from_db()
    first = report.signed_scan.name
    with pytest.raises(ValidationError, match="đã có bản ký"):
        attach_signed_scan(report, by=officer_ha_quang, upload=SimpleUploadedFile("khac.pdf", PDF + b"%x"))
    report.refresh_from_db()
    assert report.signed_scan.name == first

    report = reopen_report(report, by=provincial, reason="Sửa số liệu")
    report = approve_report(submit_report(report, by=officer_ha_quang), by=provincial)
    attach_signed_scan(report, by=officer_ha_quang, upload=SimpleUploadedFile("moi.pdf", PDF))
    report.refresh_from_db()
    assert report.signed_scan.name != first
