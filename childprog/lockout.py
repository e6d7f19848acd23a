"""The page shown while sign-in is locked after too many failures (django-axes calls it)."""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def time_left(request, credentials=None):
    """How long the lock of this username from this address still lasts (a timedelta). Failures
    during the lock are not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False),
    so the lock ends one cool-off after the failure that set it."""
    cool_off = get_cool_off(request)
    username = get_client_username(request, credentials)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if cool_off is None or last is None:
        return cool_off
    return max(last + cool_off - timezone.now(), timedelta(0))


def locked_out(request, original_response=None, credentials=None):
    left = time_left(request, credentials)
    minutes = math.ceil(left.total_seconds() / 60) if left is not None else None
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": max(minutes, 1) if minutes is not None else None, "limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def client_ip(request) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address
    it was reached from to X-Forwarded-For, so the client is that many entries from the right;
    anything further left was written by the client and is not trusted. With no proxy, the
    connection's own address. What is not an address (a proxy that appends "address:port", a
    header written past a wrong proxy count) falls back to the connection's address: lockouts and
    the audit log store addresses, and the database refuses anything else."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count and _is_address(forwarded[-count]):
            return forwarded[-count]
    remote = request.META.get("REMOTE_ADDR")
    return remote if _is_address(remote) else None


def _is_address(text) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
