"""In a real browser: provincial staff create an officer account in the portal, and that officer
signs in with the temporary password, must change it, then lands on the home page."""

import pytest

from tests.conftest import PASSWORD, log_in


@pytest.mark.slow
@pytest.mark.browser
def test_provincial_staff_create_an_officer_who_then_signs_in(browser_page, live_server, units, provincial):
    from playwright.sync_api import expect

    page, base = browser_page, live_server.url
    log_in(page, base, provincial.username, PASSWORD)
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

    log_in(page, base, "lucha", temporary)
    expect(page.locator("h1")).to_have_text("Đổi mật khẩu")  # forced, whatever the next URL
    page.goto(f"{base}/don-vi/")
    expect(page.locator("h1")).to_have_text("Đổi mật khẩu")
    page.fill("#id_old_password", temporary)
    page.fill("#id_new_password1", "Song-Bang-Giang-2026")
    page.fill("#id_new_password2", "Song-Bang-Giang-2026")
    page.locator("main").get_by_role("button", name="Đổi mật khẩu").click()

    expect(page.locator("h1")).to_contain_text("Xin chào, Lục Văn Hà")
    expect(page.locator("main")).to_contain_text("Huyện Đoàn Hà Quảng")
    expect(page.locator("main")).to_contain_text("Cán bộ Huyện/Thành Đoàn")
    assert page.locator("html").get_attribute("lang") == "vi"
