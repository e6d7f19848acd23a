"""Shared fixtures: the Cao Bằng units, the guideline's reference data, and the personas.

Personas (STYLE.md): provincial staff, officers of two districts (Hà Quảng, Quảng Hòa), a grassroots
officer (thị trấn Xuân Hòa, under Hà Quảng), a report reader, and anonymous.
"""

import os
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from childprog.guideline import load_guideline
from childprog.models import Membership, Role, Unit, User
from childprog.resources import import_units, read_dataset

ROOT = Path(__file__).resolve().parent.parent
# The repository ships copies of the shared Cao Bằng files (a user's clone has no ../shared);
# test_shared_data.py checks they are the same as ../shared/data where that is present.
SHARED_DATA = ROOT.parent / "shared" / "data"
DATA = ROOT / "childprog" / "data"
UNITS_CSV = DATA / "cao-bang-units.csv"
REFORM_CSV = DATA / "cao-bang-reform-2025.csv"
PASSWORD = "Mat-khau-thu-2026"

hypothesis_settings.register_profile("ci", max_examples=30, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.AXES_ENABLED = False
    # The real hasher costs ~0.25 s a user; personas would spend most of the suite hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages cache figures under a stamp of ids and times; a later test's fresh database (frozen
    # time, reused ids) could stamp alike, so each test starts with an empty cache.
    cache.clear()
    yield
    # A request in English (the language menu) leaves English active in this thread: the next
    # test's messages must be Vietnamese again, as for a new request.
    translation.deactivate()


def load_units_file(path):
    result, errors = import_units(read_dataset(path))
    assert not errors, errors
    return result


_UNIT_ROWS: dict[tuple, tuple] = {}


def load_units(*paths):
    """Import the files the first time (the real import, tested in test_unit_import.py), then
    replay the saved rows with bulk_create: the personas' matrices load units hundreds of times."""
    from childprog.models import Succession

    rows = _UNIT_ROWS.get(paths)
    if Unit.objects.exists():  # another fixture loaded units first: import on top, remember nothing
        for path in paths:
            load_units_file(path)
    elif rows is None:
        for path in paths:
            load_units_file(path)
        _UNIT_ROWS[paths] = (list(Unit.objects.order_by("path")), list(Succession.objects.all()))
    else:
        unit_rows, links = rows
        Unit.objects.bulk_create(unit_rows)
        Succession.objects.bulk_create(links)
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture
def units(db):
    """The 2014 units and the 2020 merges (no 2025 reform): districts still current."""
    return load_units(UNITS_CSV)


@pytest.fixture
def reformed_units(db):
    """Both files, as an admin imports them: the district level ended on 30/06/2025."""
    return load_units(UNITS_CSV, REFORM_CSV)


@pytest.fixture
def program(db):
    return load_guideline()


def make_user(username, unit, role, **extra):
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def provincial(units):
    return make_user("tinh", units["cao-bang"], Role.PROVINCIAL_STAFF, first_name="Cán bộ Tỉnh")


@pytest.fixture
def officer_ha_quang(units):
    return make_user("haquang", units["ha-quang"], Role.DISTRICT_OFFICER)


@pytest.fixture
def officer_quang_hoa(units):
    return make_user("quanghoa", units["quang-hoa"], Role.DISTRICT_OFFICER)


@pytest.fixture
def grassroots(units):
    return make_user("xuanhoa", units["ha-quang-tt"], Role.GRASSROOTS_OFFICER)


@pytest.fixture
def reader(units):
    return make_user("docbaocao", units["cao-bang"], Role.REPORT_READER)


@pytest.fixture
def personas(provincial, officer_ha_quang, officer_quang_hoa, grassroots, reader):
    return {
        "provincial": provincial,
        "officer_ha_quang": officer_ha_quang,
        "officer_quang_hoa": officer_quang_hoa,
        "grassroots": grassroots,
        "reader": reader,
        "anonymous": None,
    }


@pytest.fixture
def client_for(personas):
    """A logged-in test client for a persona name ("anonymous" is not logged in)."""

    def make(name):
        client = Client()
        if personas[name] is not None:
            client.force_login(personas[name])
        return client

    return make


def d(text):
    """A date from dd/mm/yyyy, so tests read like the guideline's tables."""
    day, month, year = (int(x) for x in text.split("/"))
    return date(year, month, day)


def require_tool(path_or_name, reason):
    """Skip a test whose external tool is missing — except in CI, where the tool must be there."""
    import shutil

    if Path(path_or_name).exists() or shutil.which(path_or_name):
        return
    message = f"{reason}: {path_or_name} is not installed"
    if os.environ.get("CI"):
        pytest.fail(f"CI must have it — {message}")
    pytest.skip(message)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page(live_server, transactional_db, monkeypatch):
    """A Playwright page in Debian's headless Chromium, against the live test server.

    Usage: `browser_page.goto(live_server.url + "/dang-nhap/")`. Marks itself skipped (failed under CI)
    when Chromium is missing."""
    require_tool(CHROMIUM, "browser tests drive Debian's Chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
    # synchronous and safe. monkeypatch restores the environment afterwards, so later tests (and the
    # subprocesses they start) do not inherit the flag.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        page = browser.new_page(locale="vi-VN")
        page.set_default_timeout(15000)
        yield page
        browser.close()


def log_in(page, base_url, username, password=PASSWORD):
    page.goto(base_url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit], input[type=submit]")


@pytest.fixture
def task_worker(monkeypatch):
    """Run the database queue's worker, as `make run` starts it, until the queue is empty."""
    from django.core.management import call_command

    # The worker closes connections that are not in autocommit mode before each task; inside a
    # test's transaction that would close the test's own connection.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
