"""In a real browser the Content-Security-Policy blocks nothing the portal needs: no violation on
the main pages, and the behaviour moved out of inline attributes still works."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import Document
from tests.conftest import log_in

pytestmark = pytest.mark.browser


def test_pages_run_under_the_policy_and_confirmations_still_ask(
    browser_page, live_server, officer_ha_quang, program, units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        unit=units["ha-quang"],
        kind="KH",
        number="5",
        symbol="HĐTN",
        issued_on=date(2024, 1, 10),
        title="Kế hoạch 2024",
        file=SimpleUploadedFile("kh.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    violations = []
    browser_page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text or "Refused" in m.text else None
        ),
    )
    log_in(browser_page, live_server.url, "haquang")
    for path in ("/", "/hoat-dong/ghi/", "/ke-hoach/", "/van-ban/", f"/van-ban/{document.pk}/"):
        browser_page.goto(live_server.url + path)
        browser_page.wait_for_load_state("networkidle")
    assert violations == []

    asked = []
    browser_page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    browser_page.click("form[data-confirm] button[type=submit]")
    assert asked == ["Xóa văn bản này?"]
    assert Document.objects.filter(pk=document.pk).exists()  # dismissed: nothing deleted

    with browser_page.expect_navigation():
        browser_page.select_option("select[name=language]", "en")
    assert browser_page.locator("html").get_attribute("lang") == "en"
