"""In a real browser: a district officer fills and submits the annual report;
provincial staff return it with a reason; the officer sees the notice, fixes it and resubmits; staff
approve; the provincial report shows the district's figures."""

import pytest

from activities.models import Activity
from childprog.guideline import open_period
from childprog.models import ContentArea, Indicator
from tests.conftest import PASSWORD, d, log_in


@pytest.fixture
def period(program, units, provincial):
    children = Indicator.objects.get(program=program, code="children")
    area = ContentArea.objects.get(program=program, number=4)
    for unit, day, n in (
        (units["quang-hoa"], d("15/09/2020"), 1250),
        (units["phuc-hoa"], d("10/01/2020"), 30),
    ):
        a = Activity.objects.create(
            program=program,
            unit=unit,
            content_area=area,
            title="Đêm hội trăng rằm",
            start_date=day,
            end_date=day,
        )
        a.set_figures({(children.pk, None): n})
    return open_period(program, "year", 2020, by=provincial)


def sign_in_as(page, base, user):
    page.context.clear_cookies()
    log_in(page, base, user.username, PASSWORD)


@pytest.mark.slow
@pytest.mark.browser
def test_an_annual_report_is_returned_fixed_resubmitted_approved_and_compiled(
    browser_page, live_server, period, officer_quang_hoa, provincial
):
    from playwright.sync_api import expect

    page, base = browser_page, live_server.url
    period_url = f"{base}/bao-cao/ky/{period.pk}/"
    status = page.locator(".badge.fs-6")  # the report's state, beside its title

    # The officer opens the district's report, types (autosaved), submits.
    sign_in_as(page, base, officer_quang_hoa)
    page.goto(period_url)
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.locator("h1")).to_contain_text("Huyện Đoàn Quảng Hòa — Năm 2020")
    expect(page.locator("main")).to_contain_text("1.280")  # Phục Hòa's January record carried forward
    page.fill("#id_results", "Tổ chức Đêm hội trăng rằm cho 1.280 cháu.")
    expect(page.locator("#autosave-status")).to_contain_text("Đã lưu nháp lúc")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(status).to_have_text("Đã gửi, chờ duyệt")

    # Provincial staff return it with a reason.
    sign_in_as(page, base, provincial)
    page.goto(period_url)
    page.locator("table").get_by_role("link", name="Đã gửi, chờ duyệt").click()
    page.locator("summary", has_text="Trả lại để sửa").click()
    page.fill("#id_reason", "Bổ sung phần đề xuất, kiến nghị.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(status).to_have_text("Trả lại để sửa")

    # The officer sees the notice, fixes the report and resubmits.
    sign_in_as(page, base, officer_quang_hoa)
    page.goto(f"{base}/bao-cao/thong-bao/")
    page.get_by_role("link", name="Bổ sung phần đề xuất, kiến nghị.").click()
    expect(page.locator(".alert-warning")).to_contain_text("Bổ sung phần đề xuất, kiến nghị.")
    page.fill("#id_proposals", "Đề nghị Tỉnh Đoàn hỗ trợ kinh phí tổ chức Trung thu.")
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(status).to_have_text("Đã gửi, chờ duyệt")

    # Staff approve; the report gets its number.
    sign_in_as(page, base, provincial)
    page.goto(period_url)
    page.locator("table").get_by_role("link", name="Đã gửi, chờ duyệt").click()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(status).to_have_text("Đã duyệt")
    expect(page.locator("main")).to_contain_text("1-BC/HĐTN")

    # The provincial report shows the district with its figures.
    page.goto(period_url)
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.locator("h1")).to_contain_text("Tỉnh Đoàn Cao Bằng — Năm 2020")
    row = page.locator("tr", has_text="Huyện Đoàn Quảng Hòa").first  # the figures table, before the counts
    expect(row).to_contain_text("1.280")
    expect(page.locator(".alert-danger")).to_contain_text("Huyện Đoàn Hà Quảng")  # not yet approved
