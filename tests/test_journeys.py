"""The portal's journeys, in Chromium on the demo data, each on a desktop and on a 375 px phone.
Every page they visit passes axe-core and fits the screen (tests/journeys.py).

Journey 1: a district officer logs in, records an activity with a photo and "1.500.000", meets the likely-duplicate question,
finds the record by a search typed without accents, edits it, imports the template file, fills and
submits the last year's report, is told when it is returned, fixes it, resubmits and downloads its
DOCX."""

import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from PIL import Image

from activities.models import Activity
from childprog.models import Period, Unit
from reports.models import Report
from tests import journeys
from tests.journeys import DESKTOP, WIDTHS, check, go, log_in, menu_link, new_page, open_menu

# The fixtures: the demo data behind a live server and one Chromium, both for the whole module.
db, demo_site, browser, db_open = journeys.db, journeys.demo_site, journeys.browser, journeys.db_open

# One district per screen, so the two runs of the journey do not meet each other's records.
OFFICERS = {DESKTOP: ("haquang", "ha-quang"), 375: ("hoaan", "hoa-an")}


@pytest.mark.slow
@pytest.mark.browser
@WIDTHS
def test_a_district_officer_records_reports_and_fixes_a_returned_report(
    demo_site, browser, db_open, width, tmp_path, settings
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path / "media"
    base = demo_site
    username, code = OFFICERS[width]
    district = Unit.objects.get(code=code)
    page = new_page(browser, width)
    log_in(page, base, username)
    expect(page.locator("h1")).to_contain_text("Xin chào")

    # Record an activity with a photo, the gift value typed the Vietnamese way.
    photo = tmp_path / "trung-thu.jpg"
    Image.new("RGB", (1200, 800), (220, 120, 30)).save(photo, format="JPEG")
    title = "Trao quà Trung thu cho trẻ em vùng cao"
    menu_link(page, "Hoạt động", "Ghi hoạt động")
    page.select_option("#id_unit", str(district.pk))
    page.select_option("#id_content_area", label="2. Phúc lợi xã hội")
    expect(page.locator("#id_fig_children")).to_be_visible()  # the area's indicators, fetched by htmx
    page.fill("#id_title", title)
    page.fill("#id_start_date", "20/09/2025")
    page.fill("#id_end_date", "20/09/2025")
    page.fill("#id_fig_children", "120")
    page.fill("#id_fig_girls", "55")
    page.fill("#id_fig_gift_value", "1.500.000")
    page.set_input_files("#id_files", str(photo))
    page.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text("1.500.000")
    check(page)
    activity = Activity.objects.get(unit=district, title=title)
    assert activity.attachments.count() == 1

    # The same activity typed again, without accents and without a movement: the portal asks.
    menu_link(page, "Hoạt động", "Ghi hoạt động")
    page.select_option("#id_unit", str(district.pk))
    page.select_option("#id_content_area", label="2. Phúc lợi xã hội")
    expect(page.locator("#id_fig_children")).to_be_visible()
    page.fill("#id_title", "trao qua trung thu cho tre em vung cao")
    page.fill("#id_start_date", "20/09/2025")
    page.fill("#id_end_date", "20/09/2025")
    page.fill("#id_fig_children", "120")
    page.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator("main")).to_contain_text("Có thể trùng với hoạt động đã ghi")
    check(page)
    assert Activity.objects.filter(unit=district, start_date=activity.start_date).count() == 1

    # Found by a search typed without accents, then edited.
    menu_link(page, "Hoạt động", "Danh sách hoạt động")
    filters = page.locator("details.filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    page.fill("#id_q", "trao qua trung thu vung cao")
    page.get_by_role("button", name="Lọc").click()
    check(page)
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("link", name="Sửa", exact=True).click()
    check(page)
    page.fill("#id_fig_children", "150")
    page.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator("main")).to_contain_text("120 → 150")
    check(page)

    # Two tabs edit the record at once. The second to save is told what the first changed, keeps
    # its own place and takes the other tab's figure, field by field; then, in a second round, one
    # tab gives up its edit and takes the other's whole.
    edit_url = f"{base}/hoat-dong/{activity.pk}/sua/"
    other = page.context.new_page()
    go(other, edit_url)
    go(page, edit_url)
    page.fill("#id_fig_children", "160")
    page.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator("main")).to_contain_text("150 → 160")
    other.fill("#id_place", "Điểm trường Nà Mò")
    other.fill("#id_fig_children", "170")
    other.get_by_role("button", name="Lưu hoạt động").click()
    expect(other.locator("main")).to_contain_text("Chưa lưu: hoạt động đã được người khác sửa.")
    expect(other.locator("#id_place")).to_have_value("Điểm trường Nà Mò")  # nothing typed is lost
    check(other)
    other.locator("#merge tr", has_text="160").get_by_role("radio").last.check()
    other.get_by_role("button", name="Lưu hoạt động").click()
    expect(other.locator("main")).to_contain_text("Điểm trường Nà Mò")
    activity.refresh_from_db()
    assert activity.place == "Điểm trường Nà Mò"
    assert activity.figures.get(indicator__code="children", target_group=None).value == 160

    go(page, edit_url)
    go(other, edit_url)
    other.fill("#id_place", "Nhà văn hóa xóm Nà Mò")
    other.get_by_role("button", name="Lưu hoạt động").click()
    expect(other.locator("main")).to_contain_text("Nhà văn hóa xóm Nà Mò")
    page.fill("#id_place", "Trường bán trú")
    page.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator("main")).to_contain_text("Chưa lưu: hoạt động đã được người khác sửa.")
    page.locator("#take-theirs").click()
    expect(page.locator("main")).to_contain_text("Nhà văn hóa xóm Nà Mò")
    check(page)
    other.close()

    # The template file, filled in and imported.
    menu_link(page, "Hoạt động", "Nhập từ tệp")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (XLSX)").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook["Hoạt động"]
    imported = f"Tuyên truyền Luật Trẻ em tại trường bán trú ({width} px)"
    sheet["E2"] = imported
    workbook.save(template)
    page.set_input_files("input[type=file]", str(template))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    check(page)
    page.get_by_role("button", name="Xác nhận nhập").click()
    check(page)
    assert Activity.objects.filter(title=imported).count() == 1

    # Last year's report: filled in and submitted (the year has ended).
    year = Period.objects.get(kind="year", year=2025)
    menu_link(page, "Báo cáo", "Kỳ báo cáo")
    page.get_by_role("link", name="Năm 2025", exact=True).click()
    check(page)
    page.get_by_role("button", name="Lập báo cáo").first.click()
    page.fill("#id_results", "Tổ chức Trung thu cho 150 cháu vùng cao.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("main")).to_contain_text("Đã lưu bản nháp")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("main")).to_contain_text("Đã gửi, chờ duyệt")
    check(page)
    report = Report.objects.get(period=year, unit=district)

    # Provincial staff return it (in their own browser); the officer is told on the home page.
    staff = new_page(browser, DESKTOP)
    log_in(staff, base, "tinhdoan")
    go(staff, f"{base}/bao-cao/{report.pk}/")
    staff.locator("summary", has_text="Trả lại để sửa").click()
    staff.fill("#id_reason", "Bổ sung số trẻ em dân tộc thiểu số.")
    staff.get_by_role("button", name="Trả lại", exact=True).click()
    staff.context.close()

    go(page, base + "/")
    notice = page.locator(".alert-warning", has_text="Năm 2025")
    expect(notice).to_contain_text("Bổ sung số trẻ em dân tộc thiểu số.")
    expect(page.locator(".attention-badge")).to_contain_text("báo cáo bị trả lại")
    notice.get_by_role("link", name="Sửa và gửi lại").click()
    check(page)
    page.fill("#id_proposals", "Đã bổ sung số trẻ em dân tộc thiểu số: 130 cháu.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("main")).to_contain_text("Đã lưu bản nháp")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("main")).to_contain_text("Đã gửi, chờ duyệt")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải DOCX (văn bản)").click()
    docx = tmp_path / "bao-cao.docx"
    download.value.save_as(docx)
    with zipfile.ZipFile(docx) as archive:
        assert "130 cháu" in archive.read("word/document.xml").decode()
    open_menu(page)
    page.context.close()


# -- journey 2: provincial staff ---------------------------------------------------------------
# A period per screen whose district reports the journey sets up as submitted.
STAFF_PERIODS = {
    DESKTOP: ("half", "6 tháng 2023", "lucha.quanghoa"),
    375: ("year", "Năm 2023", "lucha.hoaan"),
}


def run_worker():
    """The database queue's worker, as `make run` starts it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def submitted_reports(kind, year):
    from childprog.models import User
    from reports.workflow import get_or_open_report, save_draft, submit_report

    period = Period.objects.get(kind=kind, year=year, number=1)
    reports = {}
    for code, username in (("quang-hoa", "quanghoa"), ("hoa-an", "hoaan")):
        officer = User.objects.get(username=username)
        report = get_or_open_report(period=period, unit=Unit.objects.get(code=code), by=officer)
        report = save_draft(report, by=officer, data={"results": "Tổ chức Trung thu cho các cháu."})
        reports[code] = submit_report(report, by=officer)
    return period, reports


@pytest.mark.slow
@pytest.mark.browser
@WIDTHS
def test_provincial_staff_review_compile_publish_and_create_an_account(
    demo_site, browser, db_open, width, tmp_path, settings
):
    """Journey 2: provincial staff see who has reported, return a report with a reason, approve it
    once resubmitted, compile the provincial report and download it as XLSX, DOCX and PDF, publish an
    activity as news and create an officer's account."""
    from playwright.sync_api import expect

    from childprog.models import User
    from reports.workflow import submit_report

    settings.MEDIA_ROOT = tmp_path / "media"
    base = demo_site
    kind, label, new_user = STAFF_PERIODS[width]
    period, reports = submitted_reports(kind, 2023)
    page = new_page(browser, width)
    log_in(page, base, "tinhdoan")

    # Who has reported.
    menu_link(page, "Báo cáo", "Kỳ báo cáo")
    page.get_by_role("link", name=label, exact=True).click()
    check(page)
    who = page.locator("table", has_text="Huyện Đoàn Bảo Lạc")
    row = who.locator("tr", has_text="Huyện Đoàn Quảng Hòa")
    expect(row).to_contain_text("Đã gửi, chờ duyệt")
    expect(who.locator("tr", has_text="Huyện Đoàn Bảo Lạc")).not_to_contain_text("Đã gửi")

    # Returned with a reason; approved once the district has sent it again.
    row.get_by_role("link", name="Đã gửi, chờ duyệt").click()
    check(page)
    page.locator("summary", has_text="Trả lại để sửa").click()
    page.fill("#id_reason", "Bổ sung phần đề xuất, kiến nghị.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.locator("main")).to_contain_text("Trả lại để sửa")
    check(page)
    submit_report(reports["quang-hoa"], by=User.objects.get(username="quanghoa"))
    page.reload()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã duyệt")
    check(page)

    # The provincial report, compiled from the districts, in three formats.
    go(page, f"{base}/bao-cao/ky/{period.pk}/")
    page.get_by_role("button", name="Lập báo cáo").first.click()
    expect(page.locator("h1")).to_contain_text("Tỉnh Đoàn Cao Bằng")
    expect(page.locator("main tr", has_text="Huyện Đoàn Quảng Hòa").first).to_be_visible()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải XLSX").click()
    assert download.value.path().read_bytes()[:2] == b"PK"
    # The province's DOCX and PDF are made in the background: a progress bar, then the file.
    report_url = page.url
    for name, magic in (("Tải DOCX (văn bản)", b"PK"), ("Tải PDF", b"%PDF")):
        go(page, report_url)
        page.get_by_role("button", name=name).click()
        expect(page.locator("#job-status")).to_be_visible()
        check(page)
        # The PDF is LibreOffice's conversion of the DOCX: it may take a while on a busy machine.
        run_worker()
        with page.expect_download(timeout=120_000) as download:
            page.locator("#job-status").get_by_role("link", name="Tải về").click(timeout=120_000)
        assert download.value.path().read_bytes()[:4].startswith(magic), name

    # An activity published as news, read on the public page.
    activity = (
        Activity.objects.filter(unit__code="quang-hoa", news__isnull=True).order_by("-end_date").first()
    )
    go(page, f"{base}/hoat-dong/{activity.pk}/")
    page.get_by_role("link", name="Đăng tin công khai").click()
    check(page)
    page.fill("#id_public_text", f"Tin: {activity.title} ({width})")
    page.get_by_role("button", name="Đăng tin").click()
    check(page)
    go(page, f"{base}/hoat-dong/tin-tuc/")
    expect(page.locator("main")).to_contain_text(f"Tin: {activity.title} ({width})")

    # An officer's account, created from the menu.
    menu_link(page, "Tổ chức", "Tài khoản")
    page.locator("main").get_by_role("link", name="Tạo tài khoản").first.click()
    check(page)
    page.fill("#id_username", new_user)
    page.fill("#id_full_name", "Lục Văn Hà")
    page.select_option("#id_unit", str(Unit.objects.get(code="ha-quang").pk))
    page.select_option("#id_role", "district")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("h1")).to_have_text("Đã tạo tài khoản")
    check(page)
    assert User.objects.filter(username=new_user).exists()

    # A list too long to send at once is exported as a job: the progress bar, then the file.
    settings.EXPORT_INLINE_MAX_ROWS = 100
    expected = Activity.objects.count()
    menu_link(page, "Hoạt động", "Danh sách hoạt động")
    page.locator("main").get_by_role("link", name="Xuất CSV").click()
    expect(page.locator("main")).to_contain_text("trong nền")
    check(page)
    page.get_by_role("button", name="Tạo tệp CSV").click()
    expect(page.locator("#job-status")).to_be_visible()
    check(page)
    run_worker()
    with page.expect_download() as download:
        page.locator("#job-status").get_by_role("link", name="Tải về").click(timeout=30_000)
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) == expected + 1  # the header row
    page.context.close()


# -- journey 4: the report reader --------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.browser
@WIDTHS
def test_a_report_reader_reaches_the_approved_provincial_report_and_nothing_else(
    demo_site, browser, db_open, width
):
    from playwright.sync_api import expect

    base = demo_site
    approved = Report.objects.get(
        unit__parent__isnull=True, period__kind="year", period__year=2024, status=Report.Status.APPROVED
    )
    district = Report.objects.filter(unit__code="ha-quang").first()
    page = new_page(browser, width)
    log_in(page, base, "ubndtinh")
    menu_link(page, "Báo cáo", "Kỳ báo cáo")
    page.get_by_role("link", name="Năm 2024").first.click()
    expect(page.locator("h1")).to_contain_text("Tỉnh Đoàn Cao Bằng")
    assert page.url.endswith(f"/bao-cao/{approved.pk}/")
    check(page)
    for url in (f"/bao-cao/{district.pk}/", "/hoat-dong/", "/hoat-dong/ghi/", "/ke-hoach/", "/tai-khoan/"):
        response = page.goto(base + url)
        assert response.status in (403, 404), url
    page.context.close()


# -- journey 5: the public ---------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.browser
@WIDTHS
def test_the_public_reads_the_news_without_logging_in(demo_site, browser, db_open, width):
    from playwright.sync_api import expect

    from activities.models import NewsPost

    base = demo_site
    post = NewsPost.objects.select_related("activity").order_by("-pk").first()
    page = new_page(browser, width)
    go(page, base + "/hoat-dong/tin-tuc/")
    expect(page.locator("main")).to_contain_text(post.activity.title)
    go(page, base + "/")  # the home page asks a visitor to log in, and the menu leads to the news
    menu_link(page, None, "Tin hoạt động")
    expect(page.locator("h1")).to_contain_text("Tin")
    assert page.goto(base + "/hoat-dong/").url.startswith(base + "/dang-nhap/")
    page.context.close()


# -- journey 6: without JavaScript -------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.browser
@WIDTHS
def test_without_javascript_the_menu_recording_lists_and_report_form_work(demo_site, browser, db_open, width):
    """Journey 6: with JavaScript off, the phone menu opens (it is <details>), an activity is
    recorded (the content area's indicators come with a plain reload), the lists filter and the
    report form saves."""
    from playwright.sync_api import expect

    base = demo_site
    username = {DESKTOP: "quanghoa", 375: "haquang"}[width]
    page = new_page(browser, width, java_script_enabled=False)
    log_in_nojs(page, base, username)
    expect(page.locator("h1")).to_contain_text("Xin chào")

    menu_link(page, "Hoạt động", "Ghi hoạt động", axe=False)
    title = f"Sân chơi hè không cần JavaScript ({width})"
    page.fill("#id_title", title)
    page.select_option("#id_content_area", label="4. Sân chơi, giáo dục")
    page.fill("#id_start_date", "15/06/2025")
    page.fill("#id_end_date", "15/06/2025")
    # No htmx: a button reloads the form with the area's indicators, keeping what was typed.
    page.get_by_role("button", name="Hiện chỉ tiêu của nội dung đã chọn").click()
    expect(page.locator("#id_title")).to_have_value(title)
    page.fill("#id_fig_children", "80")
    page.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.locator("h1")).to_have_text(title)
    check(page, axe=False)

    menu_link(page, "Hoạt động", "Danh sách hoạt động", axe=False)
    page.fill("#id_q", "san choi he khong can javascript")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    check(page, axe=False)

    menu_link(page, "Báo cáo", "Kỳ báo cáo", axe=False)
    page.get_by_role("link", name="6 tháng 2025", exact=True).click()
    page.get_by_role("button", name="Lập báo cáo").first.click()
    page.fill("#id_results", "Sân chơi hè cho 80 cháu.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#id_results")).to_have_value("Sân chơi hè cho 80 cháu.")
    check(page, axe=False)
    page.context.close()


def log_in_nojs(page, base, username):
    page.goto(base + "/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-CaoBang-2026")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()


# -- the keyboard --------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.browser
@WIDTHS
def test_the_menu_works_from_the_keyboard(demo_site, browser, db_open, width):
    """Tab first reaches "Bỏ qua menu"; an area opens with Enter, its links follow with Tab, Escape
    closes it and leaves the focus on it."""
    from playwright.sync_api import expect

    base = demo_site
    page = new_page(browser, width)
    log_in(page, base, "quanghoa")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Bỏ qua menu")
    if width < 1200:
        page.locator("summary.site-menu-toggle").focus()
        page.keyboard.press("Enter")
    area = page.locator(".nav-group summary", has_text="Hoạt động")
    area.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Danh sách hoạt động")
    page.keyboard.press("Escape")
    expect(area).to_be_focused()
    assert area.evaluate("summary => summary.parentElement.open") is False
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Ghi hoạt động")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Ghi hoạt động")
    page.context.close()


def tab_to(page, selector, limit=120):
    """Press Tab until the focus is on `selector` (a Playwright selector), as a keyboard user would,
    and check they can see where the focus is (an outline or a focus ring)."""
    target = page.locator(selector).first
    target.wait_for(state="attached")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            visible = target.evaluate(
                """e => { const s = getComputedStyle(e);
                    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none"; }"""
            )
            assert visible, f"{selector} has the focus but shows no focus ring"
            return
    raise AssertionError(f"{limit} presses of Tab never reach {selector} on {page.url}")


def key_in(page, selector, text):
    """Tab to a field and type into it."""
    tab_to(page, selector)
    page.keyboard.type(text)


def press_on(page, selector):
    """Tab to a link, button or menu heading and press Enter on it."""
    tab_to(page, selector)
    page.keyboard.press("Enter")


@pytest.mark.slow
@pytest.mark.browser
def test_keyboard_alone_records_finds_and_edits_an_activity_and_submits_the_report(
    demo_site, browser, db_open
):
    """Journey 1 without a mouse: every field, button and link is reached with Tab and used with
    the keyboard."""
    from playwright.sync_api import expect

    base = demo_site
    district = Unit.objects.get(code="quang-hoa")
    page = new_page(browser, DESKTOP)
    go(page, base + "/dang-nhap/")
    key_in(page, "#id_username", "quanghoa")
    key_in(page, "#id_password", journeys.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Xin chào")

    # Recording: the menu, the form's fields in order, the content area's indicators (htmx).
    press_on(page, ".nav-group summary:has-text('Hoạt động')")
    press_on(page, ".site-links a:text-is('Ghi hoạt động')")
    expect(page.locator("h1")).to_contain_text("Ghi hoạt động")
    key_in(page, "#id_unit", district.name)
    key_in(page, "#id_content_area", "2")
    expect(page.locator("#id_fig_children")).to_be_visible()
    title = "Bàn phím: Trung thu cho trẻ em xã Quốc Dân"
    key_in(page, "#id_title", title)
    key_in(page, "#id_start_date", "21/09/2025")
    key_in(page, "#id_end_date", "21/09/2025")
    key_in(page, "#id_fig_children", "80")
    press_on(page, "button:text-is('Lưu hoạt động')")
    expect(page.locator("h1")).to_have_text(title)
    check(page)
    activity = Activity.objects.get(unit=district, title=title)
    assert activity.figures.get(indicator__code="children", target_group=None).value == 80

    # Found by an accent-free search, opened and edited.
    go(page, base + "/hoat-dong/")
    if page.locator("details.filters").get_attribute("open") is None:
        press_on(page, "details.filters summary")
    key_in(page, "#id_q", "ban phim trung thu quoc dan")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(title)
    press_on(page, f"main a:text-is('{title}')")
    press_on(page, "main a:text-is('Sửa')")
    tab_to(page, "#id_fig_children")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("95")
    press_on(page, "button:text-is('Lưu hoạt động')")
    expect(page.locator("main")).to_contain_text("80 → 95")

    # The year's report: opened, written, saved and sent.
    go(page, base + "/bao-cao/")
    press_on(page, "main a:text-is('Năm 2025')")
    press_on(page, "main button:text('Lập báo cáo')")
    key_in(page, "#id_results", "Tổ chức Trung thu cho 95 cháu.")
    press_on(page, "button:text('Lưu nháp')")
    expect(page.locator("main")).to_contain_text("Đã lưu bản nháp")
    press_on(page, "button:text('Gửi báo cáo')")
    expect(page.locator("main")).to_contain_text("Đã gửi, chờ duyệt")
    check(page)
    assert Report.objects.get(period__kind="year", period__year=2025, unit=district).status == "submitted"
    page.context.close()
