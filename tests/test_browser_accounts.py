"""In a real browser: provincial staff create an officer account in the portal, and that officer
signs in with the temporary password, must change it, then lands on the home page (issue 2)."""

import pytest

from tests.conftest import PASSWORD, require_tool
from tests.matrix import fast_password_hashing

_fast_passwords = pytest.fixture(autouse=True)(fast_password_hashing)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def sign_in(page, base, username, password):
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit], form button.btn-primary")


@pytest.mark.slow
@pytest.mark.browser
def test_provincial_staff_create_an_officer_who_then_signs_in(live_server, units, provincial, monkeypatch):
    require_tool(CHROMIUM, "the browser test drives Chromium")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM is only used by the server.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="vi-VN").new_page()

        sign_in(page, base, provincial.username, PASSWORD)
        expect(page.locator("h1")).to_contain_text("Xin chào")
        page.goto(f"{base}/tai-khoan/tao-moi/")
        page.fill("#id_username", "lucha")
        page.fill("#id_full_name", "Lục Văn Hà")
        page.select_option("#id_unit", str(units["ha-quang"].pk))
        page.select_option("#id_role", "district")
        page.get_by_role("button", name="Tạo tài khoản").click()
        expect(page.locator("h1")).to_have_text("Đã tạo tài khoản")
        temporary = page.locator("#temp-password").inner_text().strip()
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.locator("h1")).to_have_text("Đăng nhập")

        sign_in(page, base, "lucha", temporary)
        expect(page.locator("h1")).to_have_text("Đổi mật khẩu")  # forced, whatever the next URL
        page.goto(f"{base}/don-vi/")
        expect(page.locator("h1")).to_have_text("Đổi mật khẩu")
        page.fill("#id_old_password", temporary)
        page.fill("#id_new_password1", "Song-Bang-Giang-2026")
        page.fill("#id_new_password2", "Song-Bang-Giang-2026")
        page.get_by_role("button", name="Đổi mật khẩu").last.click()

        expect(page.locator("h1")).to_contain_text("Xin chào, Lục Văn Hà")
        expect(page.locator("main")).to_contain_text("Huyện Đoàn Hà Quảng")
        expect(page.locator("main")).to_contain_text("Cán bộ Huyện/Thành Đoàn")
        assert page.locator("html").get_attribute("lang") == "vi"
        browser.close()
