"""Sessions, sign-in throttling and response headers at OWASP ASVS level 2 (childprog/settings.py,
childprog/middleware.py, childprog/lockout.py)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from childprog.lockout import client_ip
from tests.conftest import PASSWORD
from tests.test_settings import PRODUCTION, run_manage

ROOT = Path(__file__).resolve().parent.parent


# -- passwords ----------------------------------------------------------------------------------
def test_a_password_needs_twelve_characters(db):
    with pytest.raises(ValidationError, match="12"):
        validate_password("Caobang1")
    with pytest.raises(ValidationError):
        validate_password("Caobang1234")  # 11
    validate_password("Cao-Bang-2026")


# -- sessions -----------------------------------------------------------------------------------
def signed_in(user):
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_the_session_cookie_dies_with_the_browser(officer_ha_quang):
    client = Client()
    response = client.post(reverse("login"), {"username": "haquang", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"]


def test_thirty_minutes_idle_end_the_session_and_activity_keeps_it(officer_ha_quang, time_machine):
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    client = signed_in(officer_ha_quang)
    for _ in range(4):  # a request every 25 minutes keeps the session alive
        time_machine.shift(timedelta(minutes=25))
        assert client.get(reverse("home")).status_code == 200
    time_machine.shift(timedelta(minutes=31))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_twelve_hours_end_the_session_however_active(officer_ha_quang, time_machine):
    time_machine.move_to("2026-03-02 07:00 +07:00", tick=False)
    client = signed_in(officer_ha_quang)
    for _ in range(12 * 3):  # every 20 minutes for twelve hours
        time_machine.shift(timedelta(minutes=20))
        assert client.get(reverse("home")).status_code == 200
    time_machine.shift(timedelta(minutes=20))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "hãy đăng nhập lại" in response.content.decode()


def test_the_limits_come_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_ABSOLUTE_SECONDS)",
        env_extra={**PRODUCTION, "SESSION_IDLE_MINUTES": "15", "SESSION_ABSOLUTE_HOURS": "8"},
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["900", "28800"], result.stderr


# -- headers ------------------------------------------------------------------------------------
def test_pages_carry_a_policy_without_inline_script(client_for, officer_ha_quang):
    response = client_for("officer_ha_quang").get(reverse("home"))
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.split() == ["'self'"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


def test_no_template_holds_inline_script_or_event_handlers():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{path.name}: javascript:" for _ in re.findall(r"javascript:", text)]
    assert offenders == []


@pytest.mark.parametrize(
    "url",
    [reverse("home"), reverse("activities:list"), reverse("activities:export_csv"), reverse("library:list")],
)
def test_signed_in_pages_and_exports_are_never_stored(client_for, officer_ha_quang, program, url):
    response = client_for("officer_ha_quang").get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("extra", "preload"), [({}, "False"), ({"SECURE_HSTS_PRELOAD": "1"}, "True")])
def test_hsts_preload_is_opt_in(extra, preload):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS > 0, s.SECURE_HSTS_PRELOAD)",
        env_extra={**PRODUCTION, **extra},
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["True", preload], result.stderr


def test_check_deploy_has_no_warning_with_preload_opted_in():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_extra={**PRODUCTION, "SECURE_HSTS_PRELOAD": "1"}
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- throttling sign-in -------------------------------------------------------------------------
@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def fail(client):
    return client.post(reverse("login"), {"username": "haquang", "password": "sai-mat-khau"})


def test_the_lockout_page_is_vietnamese_and_tells_the_time_left(axes_on, officer_ha_quang, time_machine):
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    client = Client()
    for _ in range(2):
        assert fail(client).status_code == 200
    locked = fail(client)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page and "15 phút" in page
    time_machine.shift(timedelta(minutes=5))
    assert "10 phút" in fail(client).content.decode()


def test_attempts_during_the_lock_do_not_extend_it(axes_on, officer_ha_quang, time_machine):
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    client = Client()
    for _ in range(3):
        fail(client)
    for _ in range(14):  # someone keeps trying, once a minute
        time_machine.shift(timedelta(minutes=1))
        assert fail(client).status_code == 429
    time_machine.shift(timedelta(minutes=2))  # 16 minutes after the lock began
    response = client.post(reverse("login"), {"username": "haquang", "password": PASSWORD})
    assert response.status_code == 302


def test_behind_trusted_proxies_the_client_is_the_address_they_saw(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 113.160.1.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the header is not believed
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "113.160.1.9"  # the spoofed left-most entry is ignored
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: fall back to the connection
    assert client_ip(request) == "10.0.0.2"


def test_no_cookie_of_the_portal_is_readable_by_a_script(client, officer_ha_quang):
    login_page = client.get(reverse("login"))
    language = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookies = {**login_page.cookies, **language.cookies}
    assert {"csrftoken", "django_language"} <= set(cookies)
    assert all(cookie["httponly"] for cookie in cookies.values()), {
        k: c["httponly"] for k, c in cookies.items()
    }
