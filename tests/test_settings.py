"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-very-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "baocao.tinhdoancaobang.vn",
}


def run_manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_prints_no_warning_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "issues" not in result.stdout.replace("no issues", "")


def test_secret_key_is_required_when_debug_is_off():
    env = dict(PRODUCTION)
    env.pop("SECRET_KEY")
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_vietnamese_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert "en" in dict(settings.LANGUAGES)


def test_the_interface_is_vietnamese_whatever_the_browser_asks(client, db):
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"


def test_the_language_menu_switches_to_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    response = client.get("/dang-nhap/")
    assert response.headers["Content-Language"] == "en"


def test_dates_read_dd_mm_yyyy_in_both_languages():
    import datetime

    from django.utils import formats, translation

    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(datetime.date(2020, 3, 1)) == "01/03/2020"
            assert formats.date_format(datetime.date(2020, 3, 1), "SHORT_DATE_FORMAT") == "01/03/2020"
