"""E-mail of the reports app (workflow notifications, reminders), sent by the job worker: a slow
or unreachable mail server never holds a page or the reminders command. Callers enqueue once
their change is committed, so a refused step never emails anyone."""

from __future__ import annotations

from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> None:
    # A failure is the task's: the worker logs it and the queue keeps it, the page never sees it.
    send_mail(subject, body, None, recipients)


def send_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    transaction.on_commit(partial(send_email.enqueue, str(subject), str(body), list(recipients)))
