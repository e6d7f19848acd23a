"""E-mail about reports leaves the request: a workflow step (or the reminders command) queues its
mail once the change is committed, and the job worker sends it. A slow mail server then holds
neither a page nor the command; a refused step queues nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from childprog.guideline import open_period
from reports.workflow import get_or_open_report, save_draft
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(program, provincial, officer_quang_hoa, units, settings):
    settings.EMAIL_HOST = "smtp.example.vn"  # the portal mails only where a server is configured
    provincial.email = "tinh@example.vn"
    provincial.save()
    period = open_period(program, "year", 2020, due_date=d("05/01/2021"), by=provincial)
    report = get_or_open_report(period=period, unit=units["quang-hoa"], by=officer_quang_hoa)
    return save_draft(report, by=officer_quang_hoa, data={"results": "Tổ chức Trung thu cho 70 cháu."})


def test_submitting_answers_without_mailing_and_the_worker_mails_the_reviewers(
    draft, client_for, task_worker, django_capture_on_commit_callbacks
):
    client = client_for("officer_quang_hoa")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:submit", args=[draft.pk]))
    assert response.status_code == 302
    assert mail.outbox == [], "the page did not wait for the mail server"
    task_worker()
    assert [m.to for m in mail.outbox] == [["tinh@example.vn"]]
    assert "Quảng Hòa" in mail.outbox[0].body and mail.outbox[0].subject.startswith("[Vì trẻ em Cao Bằng]")


def test_a_refused_step_queues_no_mail(draft, client_for, task_worker, django_capture_on_commit_callbacks):
    client = client_for("officer_quang_hoa")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:submit", args=[draft.pk]))
    task_worker()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:submit", args=[draft.pk]))  # already submitted: refused
    task_worker()
    assert mail.outbox == []
