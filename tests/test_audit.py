"""The audit log: every sign-in, account change, report decision, period lock, import, export of
personal data and unit change is recorded with who, when, what and from which address, whichever
path made it (portal page, admin, command); provincial staff read it, nobody edits it."""

import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.testing import load_programs, make_activity
from audit.models import Entry
from childprog import accounts
from childprog.guideline import open_period
from childprog.models import Role, User
from commendations.models import Commendation
from reports.workflow import (
    approve_report,
    get_or_open_report,
    lock_period,
    reopen_report,
    return_report,
    save_draft,
    submit_report,
    unlock_period,
    withdraw_report,
)
from tests.conftest import PASSWORD, REFORM_CSV, UNITS_CSV, d
from tests.test_activity_import import good_rows, xlsx

A = Entry.Action


def actions():
    return list(Entry.objects.order_by("pk").values_list("action", flat=True))


def last(action):
    return Entry.objects.filter(action=action).latest("pk")


# -- signing in -------------------------------------------------------------------------------------
def test_a_sign_in_and_a_failed_one_are_recorded_with_the_clients_address(officer_ha_quang, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 113.160.1.9")
    client.post(reverse("login"), {"username": "haquang", "password": "sai-mat-khau"})
    client.post(reverse("login"), {"username": "haquang", "password": PASSWORD})
    failed, signed_in = last(A.LOGIN_FAILED), last(A.LOGIN)
    assert failed.actor is None and failed.actor_name == "haquang"
    assert failed.address == "113.160.1.9"  # the proxy's entry, not the spoofed left-most one
    assert signed_in.actor == officer_ha_quang and signed_in.address == "113.160.1.9"
    assert signed_in.object_type == "childprog.user" and signed_in.object_id == str(officer_ha_quang.pk)
    assert signed_in.at > timezone.now() - timedelta(minutes=1)


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_connection_and_the_sign_in_goes_on(
    officer_ha_quang, settings
):
    # Some proxies append "address:port", and a wrong TRUSTED_PROXY_COUNT lets the client write
    # anything there: the entry takes the connection's address (PostgreSQL refuses others as inet).
    settings.TRUSTED_PROXY_COUNT = 1
    for forwarded in ("113.160.1.9:51234", "<script>"):
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        response = client.post(reverse("login"), {"username": "haquang", "password": PASSWORD})
        assert response.status_code == 302
        assert last(A.LOGIN).address == "10.0.0.2"


def test_a_failed_sign_in_with_a_forwarded_value_that_is_no_address_is_counted_not_a_crash(
    officer_ha_quang, settings
):
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="113.160.1.9:51234")
    response = client.post(reverse("login"), {"username": "haquang", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get(username="haquang").ip_address == "10.0.0.2"


def test_a_lockout_is_recorded(officer_ha_quang, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="113.160.1.9")
    for _ in range(3):
        client.post(reverse("login"), {"username": "haquang", "password": "sai-mat-khau"})
    locked = last(A.LOCKOUT)
    assert locked.actor_name == "haquang" and locked.address == "113.160.1.9"


# -- accounts -------------------------------------------------------------------------------------------
def test_every_account_change_in_the_portal_is_recorded(provincial, units):
    user, _password = accounts.create_officer(
        by=provincial,
        username="moi",
        full_name="Cán bộ mới",
        unit=units["ha-quang"],
        role=Role.DISTRICT_OFFICER,
    )
    accounts.reset_password(by=provincial, user=user)
    accounts.reassign_user(by=provincial, user=user, unit=units["quang-hoa"], role=Role.DISTRICT_OFFICER)
    client = Client(REMOTE_ADDR="113.160.1.9")
    client.force_login(provincial)
    client.post(reverse("accounts:deactivate", args=[user.pk]))
    accounts.reactivate_user(by=provincial, user=user)
    entries = Entry.objects.exclude(action=A.LOGIN).order_by("pk")
    assert [e.action for e in entries] == [
        A.ACCOUNT_CREATE,
        A.ACCOUNT_PASSWORD,
        A.ACCOUNT_REASSIGN,
        A.ACCOUNT_DEACTIVATE,
        A.ACCOUNT_REACTIVATE,
    ]
    assert {(e.actor_id, e.object_id) for e in entries} == {(provincial.pk, str(user.pk))}
    assert "Huyện Đoàn Quảng Hòa" in last(A.ACCOUNT_REASSIGN).detail
    assert last(A.ACCOUNT_DEACTIVATE).address == "113.160.1.9"
    assert last(A.ACCOUNT_CREATE).address is None  # no request: a service called directly


def test_a_refused_change_leaves_no_entry(officer_ha_quang, provincial):
    with pytest.raises(PermissionDenied):
        accounts.reset_password(by=officer_ha_quang, user=provincial)
    assert not Entry.objects.exists()


@pytest.fixture
def admin_client(db):
    client = Client(REMOTE_ADDR="113.160.1.9")
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD))
    Entry.objects.all().delete()
    return client


def test_account_changes_in_the_admin_are_recorded(admin_client, officer_ha_quang):
    url = reverse("admin:auth_user_password_change", args=[officer_ha_quang.pk])
    new = "mat-khau-moi-dai-du-12"
    admin_client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    admin_client.post(reverse("admin:childprog_user_delete", args=[officer_ha_quang.pk]), {"post": "yes"})
    assert actions() == [A.ACCOUNT_PASSWORD, A.ACCOUNT_DELETE]
    deleted = last(A.ACCOUNT_DELETE)
    assert deleted.actor_name == "quantri" and deleted.object_text == "haquang"
    assert deleted.address == "113.160.1.9"
    assert not User.objects.filter(username="haquang").exists()


def test_deactivating_an_account_in_the_admin_is_recorded_as_such(admin_client, officer_ha_quang):
    from tests.test_admin_accounts import inline_data

    data = inline_data(officer_ha_quang, [])
    del data["is_active"]
    response = admin_client.post(reverse("admin:childprog_user_change", args=[officer_ha_quang.pk]), data)
    assert response.status_code == 302
    entry = last(A.ACCOUNT_DEACTIVATE)
    assert entry.actor_name == "quantri" and entry.object_id == str(officer_ha_quang.pk)


# -- units ----------------------------------------------------------------------------------------
def test_unit_changes_in_the_admin_are_recorded(admin_client, units):
    unit = units["ha-quang"]
    page = admin_client.get(reverse("admin:childprog_unit_change", args=[unit.pk]))
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(name="Huyện Đoàn Hà Quảng (mới)", valid_from="2013-01-01")
    for prefix in ("succession_out", "flags"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(reverse("admin:childprog_unit_change", args=[unit.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = last(A.UNIT_CHANGE)
    assert changed.object_id == str(unit.pk) and "Huyện Đoàn Hà Quảng (mới)" in changed.object_text


def test_a_unit_import_is_recorded_from_the_admin_and_the_command(admin_client, db):
    url = reverse("admin:childprog_unit_import")
    csv_choice = re.search(r'<option value="(\d+)">csv</option>', admin_client.get(url).content.decode())
    preview = admin_client.post(
        url,
        {
            "import_file": SimpleUploadedFile("don-vi.csv", UNITS_CSV.read_bytes()),
            "format": csv_choice.group(1),
            "resource": "0",
        },
    )
    assert not Entry.objects.filter(action=A.UNIT_IMPORT).exists()  # the preview changes nothing
    confirm = preview.context["confirm_form"]
    admin_client.post(reverse("admin:childprog_unit_process_import"), {**confirm.initial, "resource": "0"})
    from_admin = last(A.UNIT_IMPORT)
    assert from_admin.actor_name == "quantri" and from_admin.object_text == "don-vi.csv"
    assert from_admin.address == "113.160.1.9" and from_admin.detail.startswith("thêm 45")

    call_command("import_units", str(REFORM_CSV), stdout=io.StringIO())
    from_command = last(A.UNIT_IMPORT)
    assert from_command.actor is None and from_command.object_text == REFORM_CSV.name
    call_command("import_units", str(REFORM_CSV), stdout=io.StringIO())  # changes no unit
    assert Entry.objects.filter(action=A.UNIT_IMPORT).count() == 2


# -- reports and periods ----------------------------------------------------------------------------
def test_every_step_of_a_report_and_each_period_lock_is_recorded(
    program, units, officer_quang_hoa, provincial
):
    period = open_period(program, "year", 2020, due_date=d("05/01/2021"), by=provincial)
    report = get_or_open_report(period=period, unit=units["quang-hoa"], by=officer_quang_hoa)
    report = save_draft(report, by=officer_quang_hoa, data={"results": "Trung thu cho 70 cháu."})
    submit_report(report, by=officer_quang_hoa)
    withdraw_report(report, by=officer_quang_hoa)
    submit_report(report, by=officer_quang_hoa)
    return_report(report, by=provincial, reason="Thiếu phần đề xuất")
    submit_report(report, by=officer_quang_hoa)
    approve_report(report, by=provincial)
    reopen_report(report, by=provincial, reason="Sửa số liệu")
    lock_period(period, by=provincial)
    unlock_period(period, by=provincial)
    assert actions() == [
        A.REPORT_SUBMIT,
        A.REPORT_WITHDRAW,
        A.REPORT_SUBMIT,
        A.REPORT_RETURN,
        A.REPORT_SUBMIT,
        A.REPORT_APPROVE,
        A.REPORT_REOPEN,
        A.PERIOD_LOCK,
        A.PERIOD_UNLOCK,
    ]
    returned = last(A.REPORT_RETURN)
    assert returned.actor == provincial and returned.object_type == "reports.report"
    assert returned.object_id == str(report.pk) and returned.detail == "Thiếu phần đề xuất"
    assert last(A.REPORT_APPROVE).detail == "1-BC/HĐTN"
    assert last(A.PERIOD_LOCK).object_id == str(period.pk)


def test_a_refused_step_leaves_no_entry(program, units, officer_quang_hoa, provincial):
    period = open_period(program, "year", 2020, by=provincial)
    report = get_or_open_report(period=period, unit=units["quang-hoa"], by=officer_quang_hoa)
    with pytest.raises(ValidationError):
        approve_report(report, by=provincial)  # a draft
    assert not Entry.objects.exists()


# -- imports and exports ----------------------------------------------------------------------------
def test_a_confirmed_activity_import_is_recorded(client_for, officer_ha_quang, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_programs()
    client = client_for("officer_ha_quang")
    upload = client.post(
        reverse("activities:import"), {"file": SimpleUploadedFile("hd.xlsx", xlsx(good_rows(3)))}
    )
    assert not Entry.objects.filter(action=A.IMPORT).exists()  # checking writes nothing
    client.post(reverse("activities:import_confirm"), {"token": upload.context["token"]})
    imported = last(A.IMPORT)
    assert imported.actor == officer_ha_quang and imported.object_text == "hd.xlsx"
    assert imported.detail == "3 hoạt động mới"


def test_exports_of_personal_data_are_recorded(client_for, admin_client, provincial, units):
    load_programs()
    make_activity(provincial, units["ha-quang"], d("01/06/2022"))
    client = client_for("provincial")
    b"".join(client.get(reverse("activities:export_csv")).streaming_content)
    client.get(reverse("commendations:export"))
    url = reverse("admin:activities_activity_export")
    page = admin_client.get(url).content.decode()
    fields = dict.fromkeys(re.findall(r'name="(activityresource_\w+)"', page), "on")
    admin_client.post(url, {"format": "0", "resource": "0", **fields})
    exports = Entry.objects.filter(action=A.EXPORT).order_by("pk")
    assert [(e.actor_name, e.detail) for e in exports] == [
        ("tinh", "1 hoạt động"),
        ("tinh", f"{Commendation.objects.count()} khen thưởng"),
        ("quantri", "1 dòng, từ trang quản trị"),
    ]
    assert exports[0].object_text.startswith("hoat-dong-") and exports[0].object_text.endswith(".csv")


# -- reading ----------------------------------------------------------------------------------------
@pytest.fixture
def many_entries(client_for, provincial, officer_ha_quang):
    """A signed-in provincial client and 71 entries (the client's own sign-in aside)."""
    client = client_for("provincial")
    Entry.objects.all().delete()
    now = timezone.now()
    Entry.objects.bulk_create(
        [
            Entry(
                at=now - timedelta(days=i),
                actor=provincial,
                actor_name="tinh",
                action=A.EXPORT,
                object_text=f"t{i}",
            )
            for i in range(70)
        ]
        + [Entry(at=now, actor=officer_ha_quang, actor_name="haquang", action=A.LOGIN, address="113.160.1.9")]
    )
    return client


def test_provincial_staff_read_the_log_by_page_in_bounded_queries(
    many_entries, django_assert_max_num_queries
):
    client = many_entries
    with django_assert_max_num_queries(8):
        page = client.get(reverse("audit:list"))
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 50 and page.context["page"].paginator.count == 71
    with django_assert_max_num_queries(8):
        second = client.get(reverse("audit:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 21


def test_the_log_filters_by_action_actor_and_date(many_entries):
    client = many_entries
    logins = client.get(reverse("audit:list"), {"action": A.LOGIN}).context["page"]
    assert [e.actor_name for e in logins] == ["haquang"]
    assert "113.160.1.9" in client.get(reverse("audit:list"), {"actor": "HaQuang"}).content.decode()
    today = timezone.localdate()
    recent = {
        "actor": "tinh",
        "date_from": f"{today - timedelta(days=2):%d/%m/%Y}",
        "date_to": f"{today:%d/%m/%Y}",
    }
    assert client.get(reverse("audit:list"), recent).context["page"].paginator.count == 3


def test_nobody_adds_changes_or_deletes_an_entry_in_the_admin(admin_client, many_entries):
    entry = Entry.objects.first()
    assert admin_client.get(reverse("admin:audit_entry_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:audit_entry_add")).status_code == 403
    admin_client.post(reverse("admin:audit_entry_change", args=[entry.pk]), {"object_text": "sửa"})
    admin_client.post(reverse("admin:audit_entry_delete", args=[entry.pk]), {"post": "yes"})
    entry.refresh_from_db()
    assert entry.object_text != "sửa"
    assert Entry.objects.filter(action__in=[A.EXPORT, A.LOGIN]).count() == 71


def test_a_large_export_run_as_a_job_is_recorded_for_its_owner(
    client_for, officer_ha_quang, units, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    from tests.test_exports import run_worker

    # The worker closes connections not in autocommit before each task: here, the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    settings.EXPORT_INLINE_MAX_ROWS = 0
    settings.MEDIA_ROOT = tmp_path
    load_programs()
    make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
    with django_capture_on_commit_callbacks(execute=True):
        client_for("officer_ha_quang").post(reverse("activities:export_xlsx"), {"query": ""})
    assert not Entry.objects.filter(action=A.EXPORT).exists()  # nothing has left the portal yet
    run_worker()
    exported = last(A.EXPORT)
    assert exported.actor == officer_ha_quang and exported.detail == "1 hoạt động"
    assert exported.object_text.endswith(".xlsx")


def test_the_log_names_what_kind_of_thing_each_entry_is_about(officer_ha_quang, client_for):
    Client().post(reverse("login"), {"username": "haquang", "password": PASSWORD})
    page = client_for("provincial").get(reverse("audit:list")).content.decode()
    assert f"(người dùng #{officer_ha_quang.pk})" in page and "childprog.user" not in page
