"""In a real browser: a district officer records an activity with a photo for a grassroots unit
(the content area's indicators appear as soon as it is chosen), finds it with filters, edits it
and sees the change in its history."""

import pytest
from PIL import Image

from activities.models import Activity
from activities.testing import load_programs
from tests.conftest import PASSWORD, require_tool

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.mark.slow
@pytest.mark.browser
def test_an_officer_records_finds_and_edits_an_activity(
    live_server, units, officer_ha_quang, monkeypatch, tmp_path, settings
):
    require_tool(CHROMIUM, "the browser test drives Chromium")
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path
    load_programs()
    photo = tmp_path / "trung-thu.jpg"
    Image.new("RGB", (1200, 800), (220, 120, 30)).save(photo, format="JPEG")
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="vi-VN").new_page()
        page.goto(f"{base}/dang-nhap/")
        page.fill("#id_username", officer_ha_quang.username)
        page.fill("#id_password", PASSWORD)
        page.click("main form button")

        page.goto(f"{base}/hoat-dong/ghi/")
        page.select_option("#id_unit", str(units["ha-quang-tt"].pk))
        page.select_option("#id_content_area", label="2. Phúc lợi xã hội")
        expect(page.locator("#id_fig_children")).to_be_visible()  # fetched by htmx
        page.fill("#id_title", "Trao quà Trung thu cho trẻ em Xuân Hòa")
        page.fill("#id_start_date", "20/09/2023")
        page.fill("#id_end_date", "20/09/2023")
        page.fill("#id_fig_children", "120")
        page.fill("#id_fig_girls", "55")
        page.fill("#id_fig_gift_value", "1.500.000")
        page.set_input_files("#id_files", str(photo))
        page.get_by_role("button", name="Lưu hoạt động").dblclick()
        expect(page.locator("h1")).to_have_text("Trao quà Trung thu cho trẻ em Xuân Hòa")
        expect(page.locator("img.card-img-top")).to_have_count(1)
        assert Activity.objects.count() == 1

        page.goto(f"{base}/hoat-dong/?q=trung+thu+xuan+hoa&content_area=2")
        page.get_by_role("link", name="Trao quà Trung thu cho trẻ em Xuân Hòa").click()
        page.get_by_role("link", name="Sửa").click()
        page.fill("#id_fig_children", "150")
        page.get_by_role("button", name="Lưu hoạt động").click()
        expect(page.locator("table").last).to_contain_text("120 → 150")
        browser.close()
