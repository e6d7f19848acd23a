"""Sign-ins, failed sign-ins and lockouts (django-axes), recorded from their signals."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .log import Action, record


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    record(Action.LOGIN, user, by=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")
    record(Action.LOGIN_FAILED, username, by=None, request=request, name=username)


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def on_lockout(sender, request, username, ip_address, **kwargs):
    record(Action.LOCKOUT, str(username or ""), by=None, request=request, name=str(username or ""))
