"""Helpers for the end-to-end journeys (tests/test_journey_*.py): one Chromium per module, the demo
data seeded once per module behind pytest-django's live server, and the checks every visited page
passes — axe-core finds nothing serious or critical, and at 375 px nothing scrolls sideways."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import CHROMIUM, require_tool

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "demo-CaoBang-2026"
PHONE, DESKTOP = 375, 1280
WIDTHS = pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def db(django_db_setup):
    """Stands in for pytest-django's `db` in the journeys' module. pytest-django creates the test
    database only if some test names `db` (else it would seed the developer's own database); the
    journeys need it created but not wrapped in a transaction per test: they share the module's
    demo data (seeded once, since seeding takes long), each journey on its own district or period."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    assert "test" in name or "memory" in name, f"not a test database: {name}"


@pytest.fixture(scope="module")
def demo_site(db, django_db_blocker):
    """The demo data in the test database and pytest-django's live server in front of it; the
    tables are emptied afterwards, as after any transactional test."""
    from pytest_django.live_server_helper import LiveServer

    # Hashed with the tests' fast hasher (tests/conftest.py), which the logins then check against.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        with fast:
            call_command("seed_demo", force=True, stdout=io.StringIO())
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module's journeys; each journey opens its own context (cookies)."""
    require_tool(CHROMIUM, "the journeys drive Debian's Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def db_open(django_db_blocker, monkeypatch):
    """The journey's own ORM calls (set-up, checks) on the module's committed demo data. Playwright's
    sync API runs an event loop in this thread; the ORM calls stay synchronous and safe."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():
        yield


def new_page(browser, width, **options):
    # bypass_csp lets the test inject axe-core, which the portal's policy (no inline script) would
    # rightly block; the pages' own scripts still run under the policy as served.
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": width, "height": 800},
        accept_downloads=True,
        bypass_csp=True,
        **options,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def check(page, *, axe=True):
    """The page fits the screen's width, and axe-core finds no serious or critical violation."""
    # A click that navigates returns once the new page starts; measured before its stylesheets
    # apply, any page is too wide. Measure the page as the user sees it.
    page.wait_for_load_state("load")
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        # Name the innermost elements that stick out, so a failure says what to fix.
        culprits = page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1 || e.scrollWidth > e.clientWidth + 1)
                .filter(e => getComputedStyle(e).overflowX === "visible")
                .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1 || c.scrollWidth > c.clientWidth + 1))
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "")
                          + " " + Math.round(e.getBoundingClientRect().right) + "px: " + e.textContent.trim().slice(0, 60))""",
            width,
        )
        raise AssertionError(f"{page.url} is {scroll} px wide on a {width} px screen: {culprits}")
    if not axe:
        return
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary)}))"""
    )
    assert not found, f"{page.url}: " + json.dumps(found, ensure_ascii=False, indent=1)


def go(page, url, **kwargs):
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: {response and response.status}"
    check(page, **kwargs)
    return response


def open_menu(page):
    """On a phone the menu is folded behind its "Menu" button; on a desktop it is always there."""
    toggle = page.locator("summary.site-menu-toggle")
    if toggle.is_visible() and page.locator("details.site-menu").get_attribute("open") is None:
        toggle.click()


def menu_link(page, area, name, **checks):
    """Follow a link of the top menu: open the menu (phone), the area, then the link."""
    open_menu(page)
    if area:
        page.locator(".nav-group summary", has_text=area).click()
    page.locator(".site-links").get_by_role("link", name=name, exact=True).click()
    check(page, **checks)


def log_in(page, base, username, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    go(page, base + "/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    check(page)


def log_out(page):
    open_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
