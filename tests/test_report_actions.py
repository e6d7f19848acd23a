"""The buttons of the report and period pages are exactly the actions their POSTs accept.

For each report state and each persona, the page is read for the forms it offers; then every
action is posted (each on its own, rolled back after) and the rows are compared: an action whose
button is shown changes the report, an action whose button is hidden changes nothing."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from childprog.guideline import open_period
from childprog.models import Period
from reports.models import GrassrootsRequest, Report, ReportEvent
from reports.workflow import (
    approve_report,
    attach_signed_scan,
    available_actions,
    get_or_open_report,
    return_report,
    save_draft,
    submit_report,
)

PERSONAS = ["officer_ha_quang", "officer_quang_hoa", "grassroots", "provincial", "reader"]
STATES = [
    "draft",
    "draft before the period ends",
    "submitted",
    "returned",
    "approved",
    "approved with its scan",
]
ACTIONS = {
    # action: (url name, what the POST sends)
    "save": ("save", lambda r: {"results": "Viết lại", "version": r.version}),
    "submit": ("submit", lambda r: {}),
    "withdraw": ("withdraw", lambda r: {}),
    "return": ("return", lambda r: {"reason": "Thiếu số liệu"}),
    "approve": ("approve", lambda r: {}),
    "reopen": ("reopen", lambda r: {"reason": "Sai số liệu"}),
    "upload_scan": ("upload_scan", lambda r: {"scan": SimpleUploadedFile("ky.pdf", b"%PDF-1.7\n% ky")}),
}


def make_report(state, unit, units, personas, program, time_machine):
    """A report of `unit` in `state`; the period is 2020, ended unless the state says otherwise."""
    if state == "draft before the period ends":
        time_machine.move_to(date(2020, 6, 1))
    provincial, district = personas["provincial"], personas["officer_ha_quang"]
    period = open_period(program, "year", 2020, by=provincial)
    GrassrootsRequest.objects.create(period=period, district=units["ha-quang"], requested_by=district)
    writer = district if unit == "ha-quang" else personas["grassroots"]
    report = get_or_open_report(period=period, unit=units[unit], by=writer)
    report = save_draft(report, by=writer, data={"results": "Trung thu cho 70 cháu."})
    if state.startswith("draft"):
        return report
    report = submit_report(report, by=writer)
    if state == "returned":
        return return_report(report, by=provincial, reason="Bổ sung")
    if state.startswith("approved"):
        report = approve_report(report, by=provincial)
    if state == "approved with its scan":
        attach_signed_scan(report, by=provincial, upload=SimpleUploadedFile("ky.pdf", b"%PDF-1.7\n"))
    return Report.objects.get(pk=report.pk)


def offered(page: str, url: str) -> bool:
    return f'action="{url}"' in page


def row_of(report):
    """What any action on the report changes: the row itself and its trail."""
    fresh = Report.objects.get(pk=report.pk)
    return (fresh.status, fresh.version, fresh.results, fresh.signed_scan.name, fresh.events.count())


@pytest.mark.parametrize("unit", ["ha-quang", "ha-quang-tt"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_buttons_shown_are_the_posts_accepted(
    persona, state, unit, units, personas, program, client_for, settings, tmp_path, time_machine
):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(state, unit, units, personas, program, time_machine)
    client = client_for(persona)
    response = client.get(reverse("reports:detail", args=[report.pk]))
    page = response.content.decode() if response.status_code == 200 else ""
    shown, taken = set(), set()
    for action, (name, data) in ACTIONS.items():
        url = reverse(f"reports:{name}", args=[report.pk])
        if offered(page, url):
            shown.add(action)
        before = row_of(report)
        with transaction.atomic():
            client.post(url, data(Report.objects.get(pk=report.pk)))
            if row_of(report) != before:
                taken.add(action)
            transaction.set_rollback(True)
        assert row_of(report) == before
    assert shown == taken
    if page:  # the function the page and the POSTs ask says the same
        assert {a for a in ACTIONS if available_actions(report, personas[persona]).allows(a)} == taken


@pytest.mark.parametrize(
    ("state", "unit", "persona", "expected"),
    [
        ("draft", "ha-quang", "officer_ha_quang", {"save", "submit"}),
        ("draft before the period ends", "ha-quang", "officer_ha_quang", {"save"}),
        ("submitted", "ha-quang", "officer_ha_quang", {"withdraw"}),
        ("submitted", "ha-quang", "provincial", {"withdraw", "return", "approve"}),
        ("submitted", "ha-quang-tt", "officer_ha_quang", {"withdraw", "return", "approve"}),
        ("submitted", "ha-quang-tt", "grassroots", {"withdraw"}),
        ("returned", "ha-quang", "officer_ha_quang", {"save", "submit"}),
        ("approved", "ha-quang", "officer_ha_quang", {"upload_scan"}),
        ("approved", "ha-quang", "provincial", {"reopen", "upload_scan"}),
        ("approved with its scan", "ha-quang", "provincial", {"reopen"}),
        ("approved", "ha-quang", "officer_quang_hoa", set()),
        ("approved", "ha-quang", "reader", set()),
    ],
)
def test_who_may_do_what_with_a_report(
    state, unit, persona, expected, units, personas, program, settings, tmp_path, time_machine
):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(state, unit, units, personas, program, time_machine)
    actions = available_actions(report, personas[persona])
    assert {a for a in ACTIONS if actions.allows(a)} == expected


def test_the_page_says_when_submitting_opens(units, personas, program, client_for, time_machine):
    report = make_report("draft before the period ends", "ha-quang", units, personas, program, time_machine)
    page = client_for("officer_ha_quang").get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "báo cáo gửi được từ ngày 31/12/2020" in page
    assert not offered(page, reverse("reports:submit", args=[report.pk]))


def test_a_refused_post_says_why(units, personas, program, client_for, time_machine):
    report = make_report("draft before the period ends", "ha-quang", units, personas, program, time_machine)
    response = client_for("officer_ha_quang").post(reverse("reports:submit", args=[report.pk]), follow=True)
    assert "báo cáo gửi được từ ngày 31/12/2020" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Report.Status.DRAFT
    assert not ReportEvent.objects.filter(report=report, action="submit").exists()


# -- the period page -----------------------------------------------------------------------------
def period_row(period):
    fresh = Period.objects.get(pk=period.pk)
    return (fresh.locked_at, GrassrootsRequest.objects.filter(period=period).count())


@pytest.mark.parametrize("locked", [False, True])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_period_buttons_shown_are_the_posts_accepted(
    persona, locked, units, personas, program, client_for
):
    period = open_period(program, "year", 2020, by=personas["provincial"])
    if locked:
        Period.objects.filter(pk=period.pk).update(locked_at="2021-01-02T00:00:00Z")
    client = client_for(persona)
    response = client.get(reverse("reports:period", args=[period.pk]))
    page = response.content.decode() if response.status_code == 200 else ""
    lock_url = reverse("reports:period_lock", args=[period.pk])
    ask_url = reverse("reports:ask_grassroots", args=[period.pk, units["ha-quang"].pk])
    lock_form = re.search(rf'action="{lock_url}".*?</form>', page, re.S)
    posts = {
        "lock": (lock_url, {}, bool(lock_form) and 'name="unlock"' not in lock_form.group(0)),
        "unlock": (lock_url, {"unlock": "1"}, bool(lock_form) and 'name="unlock"' in lock_form.group(0)),
        "ask": (ask_url, {}, offered(page, ask_url)),
    }
    for action, (url, data, shown) in posts.items():
        before = period_row(period)
        with transaction.atomic():
            client.post(url, data)
            taken = period_row(period) != before
            transaction.set_rollback(True)
        assert shown == taken, action
    rights = {a for a, (_u, _d, shown) in posts.items() if shown}
    expected = {
        "provincial": {"unlock"} if locked else {"lock"},
        "officer_ha_quang": {"ask"},
    }.get(persona, set())
    assert rights == expected
