"""In a real browser, the admin's journey: import the units and the 2025 reform with a preview,
see a bad file refused, copy a program's structure into the next program, create an officer."""

import re

import pytest

from childprog.guideline import copy_program, load_guideline
from childprog.models import Program, Unit, User
from tests.conftest import PASSWORD, REFORM_CSV, UNITS_CSV, log_in


def import_file(page, base, path):
    page.goto(f"{base}/quan-tri/childprog/unit/import/")
    page.set_input_files("input[name=import_file]", str(path))
    page.select_option("select[name=format]", label="csv")
    page.locator("input[type=submit]").click()


@pytest.mark.slow
@pytest.mark.browser
def test_the_admin_imports_units_copies_a_program_and_creates_an_officer(browser_page, live_server, tmp_path):
    from datetime import date

    from playwright.sync_api import expect

    User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    first = load_guideline()
    copy_program(
        first, code="ctr-2021-2030", name="CT 2021 - 2030", start=date(2021, 1, 1), end=date(2030, 12, 31)
    )
    page, base = browser_page, live_server.url
    log_in(page, base, "quantri")

    # The index starts with the units.
    page.goto(f"{base}/quan-tri/")
    expect(page.locator("#content-main tr[class^=model-]").first).to_have_class(re.compile("model-unit"))

    import_file(page, base, UNITS_CSV)
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã nhập xong")
    assert Unit.objects.count() == 45

    import_file(page, base, REFORM_CSV)
    expect(page.locator("#unit-import-totals")).to_contain_text("Thêm 25, cập nhật 35, không đổi 0.")
    row = page.locator("#unit-import-preview tr", has_text="tp-song-bang-2025").first
    expect(row.locator("td.line")).to_have_text("13")
    expect(row).to_contain_text("01/07/2025")
    page.get_by_role("button", name="Xác nhận nhập").click()
    assert Unit.objects.count() == 70

    bad = tmp_path / "thieu-cot.csv"
    bad.write_text("code,name,kind\nx1,Đoàn X,commune\n", encoding="utf-8")
    import_file(page, base, bad)
    expect(page.locator("#content")).to_contain_text("Thiếu cột: parent_code, valid_from, valid_to.")
    assert Unit.objects.count() == 70

    # Copying the 2013 program: the suggestion does not overlap; an overlap is refused.
    page.goto(f"{base}/quan-tri/childprog/program/")
    page.locator(f"input[name=_selected_action][value='{first.pk}']").check()
    page.select_option("select[name=action]", "copy_structure")
    page.locator("button[name=index]").click()
    expect(page.locator("input[name=code]")).to_have_value("ctr-2031-2038")
    page.fill("input[name=start_year]", "2025")
    page.fill("input[name=end_year]", "2032")
    page.fill("input[name=code]", "ctr-2025-2032")
    page.get_by_role("button", name="Tạo chương trình mới").click()
    expect(page.locator("#content-main")).to_contain_text("trùng với chương trình ctr-2021-2030")
    expect(page.locator("input[name=code]")).to_have_value("ctr-2025-2032")
    page.fill("input[name=start_year]", "2031")
    page.fill("input[name=end_year]", "2035")
    page.fill("input[name=code]", "ctr-2031-2035")
    page.get_by_role("button", name="Tạo chương trình mới").click()
    expect(page.locator(".messagelist")).to_contain_text("ctr-2031-2035")
    assert Program.objects.filter(code="ctr-2031-2035").exists()

    # An officer made in the admin, at a current ward, with a temporary password.
    page.goto(f"{base}/quan-tri/childprog/user/add/")
    page.fill("input[name=username]", "lucha")
    page.fill("input[name=full_name]", "Lục Văn Hà")
    ward = Unit.objects.get(code="tp-song-bang-2025")
    expect(page.locator(f"select[name=unit] option[value='{ward.pk}']")).to_contain_text(
        "Đoàn phường Sông Bằng (tp-song-bang-2025) · từ 01/07/2025"
    )
    page.select_option("select[name=unit]", str(ward.pk))
    page.select_option("select[name=role]", "grassroots")
    page.locator("input[name=_save]").click()
    temporary = page.locator("#temp-password").inner_text().strip()
    officer = User.objects.get(username="lucha")
    assert officer.must_change_password and officer.check_password(temporary)
    assert page.locator("html").get_attribute("lang") == "vi"
