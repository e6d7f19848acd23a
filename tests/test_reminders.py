"""`manage.py send_report_reminders`: emails the officers of units whose
report is due soon or late, once per unit and day; never units that have sent theirs, never those
whose officers have no email address."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from activities.testing import load_programs
from childprog.guideline import open_period
from reports.workflow import get_or_open_report, save_draft, submit_report
from tests.conftest import d

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def on(day, hour=8):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=HCM), tick=False)


@pytest.fixture
def period(program, provincial):
    return open_period(program, "year", 2020, due_date=d("05/01/2021"), by=provincial)


@pytest.fixture
def emails(officer_ha_quang, officer_quang_hoa):
    officer_ha_quang.email = "haquang@example.vn"
    officer_ha_quang.save()
    officer_quang_hoa.email = "quanghoa@example.vn"
    officer_quang_hoa.save()


def remind(day, worker):
    """Run the command on `day`, then the job worker that sends what the command queued."""
    mail.outbox.clear()
    with on(day):
        call_command("send_report_reminders", stdout=StringIO())
        assert mail.outbox == [], "the command queues its mails; it never waits for the mail server"
        worker()
    return sorted(address for message in mail.outbox for address in message.to)


def test_it_reminds_units_due_soon_that_have_not_sent_their_report(
    period, emails, officer_quang_hoa, units, task_worker
):
    report = get_or_open_report(period=period, unit=units["quang-hoa"], by=officer_quang_hoa)
    save_draft(report, by=officer_quang_hoa, data={"results": "Đã tổ chức Trung thu."})
    with on(d("02/01/2021")):
        submit_report(report, by=officer_quang_hoa)
    assert remind(d("03/01/2021"), task_worker) == ["haquang@example.vn"]
    assert "Sắp đến hạn" in mail.outbox[0].subject and "05/01/2021" in mail.outbox[0].body


def test_it_reminds_once_per_unit_and_day(period, emails, task_worker):
    assert remind(d("03/01/2021"), task_worker) == ["haquang@example.vn", "quanghoa@example.vn"]
    assert remind(d("03/01/2021"), task_worker) == []
    assert remind(d("04/01/2021"), task_worker) == ["haquang@example.vn", "quanghoa@example.vn"]


def test_late_units_are_told_they_are_late(period, emails, task_worker):
    remind(d("10/01/2021"), task_worker)
    assert len(mail.outbox) == 2
    assert all("Quá hạn" in message.subject for message in mail.outbox)


def test_units_not_yet_due_are_left_alone(period, emails, task_worker):
    assert remind(d("01/01/2021"), task_worker) == []  # four days before the due date


def test_an_open_period_is_not_reminded(program, provincial, emails, task_worker):
    open_period(load_programs()[1], "year", 2021, due_date=d("02/01/2022"), by=provincial)
    assert remind(d("31/12/2021"), task_worker) == []  # the period has not ended yet


def test_long_overdue_periods_are_no_longer_reminded(period, emails, task_worker):
    assert remind(d("10/03/2021"), task_worker) == []


def test_officers_without_an_email_get_nothing_and_nothing_breaks(period, officer_ha_quang, task_worker):
    assert officer_ha_quang.email == ""
    assert remind(d("03/01/2021"), task_worker) == []
