"""Importing records from XLSX/CSV: template, all-or-nothing with row numbers and reasons,
a preview before confirming, idempotent, Vietnamese numbers."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from activities import imports
from activities.imports import check_import, import_activities
from activities.models import Activity
from activities.testing import load_programs, make_activity
from childprog.guideline import open_period
from childprog.models import Unit
from reports.models import Report

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã dòng",
    "Mã đơn vị",
    "Nội dung",
    "Phong trào, mô hình",
    "Tên hoạt động",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Số trẻ em được hưởng lợi",
    "Trong đó: trẻ em gái",
    "Giá trị quà (đồng)",
]


@pytest.fixture(autouse=True)
def programs(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return load_programs()


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_rows(n=3):
    return [
        [
            f"HQ-{i}",
            "ha-quang-tt — Đoàn thị trấn Xuân Hòa",
            "2. Phúc lợi xã hội",
            "Vòng tay bạn bè",
            f"Trao quà {i}",
            "01/06/2022",
            "01/06/2022",
            "1.200",
            600,
            "1.500.000",
        ]
        for i in range(n)
    ]


def test_the_template_has_vietnamese_headers_and_lists_of_reference_data(client_for):
    response = client_for("officer_ha_quang").get(reverse("activities:import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, lists = workbook["Hoạt động"], workbook["Danh mục"]
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["Mã dòng", "Mã đơn vị", "Nội dung", "Phong trào, mô hình", "Tên hoạt động"]
    units = [c.value for c in lists["A"][1:] if c.value]
    assert "ha-quang-tt — Đoàn thị trấn Xuân Hòa" in units
    assert not any(u.startswith("hoa-an") for u in units)  # only the importer's own units
    assert "Vòng tay bạn bè" in [c.value for c in lists["C"][1:]]
    assert sheet.data_validations.dataValidation


def test_it_imports_rows_with_vietnamese_numbers(officer_ha_quang):
    result = import_activities(xlsx(good_rows()), "a.xlsx", by=officer_ha_quang)
    assert result.ok and result.created == 3
    activity = Activity.objects.get(external_key="HQ-0")
    assert activity.figures_snapshot == {"children": 1200, "girls": 600, "gift_value": 1_500_000}
    assert activity.movement.name == "Vòng tay bạn bè"


def test_importing_the_same_file_twice_creates_nothing_new(officer_ha_quang):
    data = xlsx(good_rows())
    import_activities(data, "a.xlsx", by=officer_ha_quang)
    again = import_activities(data, "a.xlsx", by=officer_ha_quang)
    assert again.created == 0 and again.already_imported == 3
    assert Activity.objects.count() == 3


def test_rows_without_a_key_are_idempotent_too(officer_ha_quang):
    rows = [["", *row[1:]] for row in good_rows(2)]
    import_activities(xlsx(rows), "a.xlsx", by=officer_ha_quang)
    import_activities(xlsx(rows), "a.xlsx", by=officer_ha_quang)
    assert Activity.objects.count() == 2


def test_one_bad_row_refuses_the_whole_file_with_each_rows_number_and_reason(officer_ha_quang):
    rows = good_rows(8)
    rows[1][1] = "khong-co"  # unknown unit: spreadsheet row 3
    rows[2][1] = "hoa-an"  # another district
    rows[3][5] = "31/02/2022"  # bad date
    rows[4][7] = "nhiều"  # text in a number column
    rows[5][8] = 5000  # girls above children
    rows[6][1] = "thong-nong"  # ended on 29/02/2020
    result = check_import(xlsx(rows), "a.xlsx", by=officer_ha_quang)
    errors = dict(result.errors)
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "không có đơn vị" in errors[3]
    assert "ngoài phạm vi" in errors[4]
    assert "ngày bắt đầu" in errors[5]
    assert "không phải là số" in errors[6]
    assert "Số trẻ em được hưởng lợi" in errors[6], "the column is named as the file heads it"
    assert "lớn hơn" not in errors[6], "no second error from the figure that could not be read"
    assert "lớn hơn" in errors[7]
    assert "không còn hiệu lực" in errors[8]
    assert import_activities(xlsx(rows), "a.xlsx", by=officer_ha_quang).created == 0
    assert not Activity.objects.exists()


def test_csv_is_read_too(officer_ha_quang):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerow(
        [
            "HQ-9",
            "ha-quang",
            "4",
            "Sân chơi ngày hè",
            "Sân chơi hè",
            "01/07/2022",
            "05/07/2022",
            "1.500",
            "700",
            "",
        ]
    )
    result = import_activities(out.getvalue().encode("utf-8-sig"), "a.csv", by=officer_ha_quang)
    assert result.ok, result.errors
    assert Activity.objects.get().figures_snapshot["children"] == 1500


def test_upload_shows_a_preview_then_confirm_imports(client_for):
    client = client_for("officer_ha_quang")
    file = SimpleUploadedFile("a.xlsx", xlsx(good_rows(2)))
    response = client.post(reverse("activities:import"), {"file": file})
    assert len(response.context["preview"]) == 2
    assert not Activity.objects.exists()
    response = client.post(reverse("activities:import_confirm"), {"token": response.context["token"]})
    assert response.status_code == 302
    assert Activity.objects.count() == 2


def test_a_report_reader_cannot_import(client_for):
    assert client_for("reader").get(reverse("activities:import")).status_code == 403


# -- one check, confirmed once ------------------------------------------------------------------
def many_rows(units, n, *, start_day=None, reason=""):
    """n rows over as many (unit, day) places: Hà Quảng's current units, one day after another."""
    from datetime import timedelta

    codes = [
        u.code for u in Unit.objects.filter(path__startswith=units["ha-quang"].path, valid_to__isnull=True)
    ]
    first = start_day or date(2021, 1, 1)
    rows = []
    for i in range(n):
        day = (first + timedelta(days=i)).strftime("%d/%m/%Y")
        rows.append(
            [f"M-{i}", codes[i % len(codes)], "2", "", f"Hoạt động {i}", day, day, 100, 40, "", reason]
        )
    return rows


def xlsx_with_reason(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER, "Lý do điều chỉnh"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def approve(unit, program, year, provincial):
    period = open_period(program, "year", year, by=provincial)
    return Report.objects.create(period=period, unit=unit, status=Report.Status.APPROVED)


def test_the_checks_ask_the_database_once_per_file_not_once_per_unit_and_day(
    officer_ha_quang, provincial, units, django_assert_max_num_queries
):
    first, program = load_programs()
    approve(units["ha-quang"], first, 2020, provincial)  # approved, but before every row
    locked = open_period(program, "year", 2026, by=provincial)
    locked.locked_at = timezone.now()
    locked.save()
    small = xlsx_with_reason(many_rows(units, 3))
    with CaptureQueriesContext(connection) as few:
        assert check_import(small, "a.xlsx", by=officer_ha_quang).ok
    large = xlsx_with_reason(many_rows(units, 400))  # 400 days over many units
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = check_import(large, "a.xlsx", by=officer_ha_quang)
    assert result.ok, result.errors[:3]
    assert len(result.rows) == 400


def test_confirm_writes_what_the_check_produced_without_reading_the_file_again(client_for, monkeypatch):
    client = client_for("officer_ha_quang")
    response = client.post(
        reverse("activities:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx(good_rows(3)))}
    )
    token = response.context["token"]

    def no_second_read(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(imports, "read_table", no_second_read)
    monkeypatch.setattr(imports, "check_import", no_second_read)
    monkeypatch.setattr(imports, "_check_row", no_second_read)
    response = client.post(reverse("activities:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert sorted(Activity.objects.values_list("external_key", flat=True)) == ["HQ-0", "HQ-1", "HQ-2"]
    assert Activity.objects.get(external_key="HQ-0").figures_snapshot == {
        "children": 1200,
        "girls": 600,
        "gift_value": 1_500_000,
    }
    left = [p.suffix for p in imports._pending_dir().iterdir()]
    assert left == [".done"], "the checked rows do not outlive the import"


def test_another_user_cannot_confirm_someone_elses_check(client_for, officer_ha_quang):
    result = check_import(xlsx(good_rows(2)), "a.xlsx", by=officer_ha_quang)
    pending = imports.save_pending(result, by=officer_ha_quang, data=b"x", name="a.xlsx")
    client = client_for("provincial")
    session = client.session
    session["activity_import"] = {"token": pending.token, "name": "a.xlsx"}
    session.save()
    response = client.post(reverse("activities:import_confirm"), {"token": pending.token}, follow=True)
    assert "hết hạn" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_row_in_an_approved_period_needs_the_reason_column(officer_ha_quang, provincial, units):
    _first, program = load_programs()
    approve(units["ha-quang"], program, 2022, provincial)
    rows = many_rows(units, 2, start_day=date(2022, 6, 1))
    result = check_import(xlsx_with_reason(rows), "a.xlsx", by=officer_ha_quang)
    errors = dict(result.errors)
    assert set(errors) == {2, 3}
    assert "đã được duyệt" in errors[2] and "Lý do điều chỉnh" in errors[2]
    assert not Activity.objects.exists()


def test_rows_with_a_reason_are_accepted_and_flagged_as_a_corrected_record(
    officer_ha_quang, provincial, units
):
    _first, program = load_programs()
    approve(units["ha-quang"], program, 2022, provincial)
    rows = many_rows(units, 2, start_day=date(2022, 12, 31), reason="Bổ sung hoạt động bị sót")
    result = import_activities(xlsx_with_reason(rows), "a.xlsx", by=officer_ha_quang)
    assert result.ok, result.errors
    assert result.created == 2 and result.corrections == 1
    corrected = Activity.objects.get(end_date=date(2022, 12, 31))
    assert corrected.corrected_after_approval
    assert corrected.correction_reason == "Bổ sung hoạt động bị sót"
    assert corrected.history.get().history_change_reason == "Bổ sung hoạt động bị sót"
    later = Activity.objects.get(end_date=date(2023, 1, 1))  # outside the approved year: no correction
    assert not later.corrected_after_approval and later.correction_reason == ""


def test_a_locked_period_refuses_a_district_officers_rows(officer_ha_quang, provincial, units):
    _first, program = load_programs()
    period = open_period(program, "year", 2022, by=provincial)
    period.locked_at = timezone.now()
    period.save()
    rows = many_rows(units, 1, start_day=date(2022, 3, 1), reason="Bổ sung")
    result = check_import(xlsx_with_reason(rows), "a.xlsx", by=officer_ha_quang)
    assert "đã khóa" in dict(result.errors)[2]
    assert check_import(xlsx_with_reason(rows), "a.xlsx", by=provincial).ok


def test_one_check_confirmed_twice_at_once_writes_once_and_tells_the_second(client_for, monkeypatch):
    client = client_for("officer_ha_quang")
    response = client.post(
        reverse("activities:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx(good_rows(3)))}
    )
    token = response.context["token"]
    write_rows = imports.write_rows
    second = {}

    def write_while_another_confirm_arrives(rows, **kwargs):
        # The first confirm holds the check; the same button pressed again arrives now.
        second["response"] = client.post(reverse("activities:import_confirm"), {"token": token}, follow=True)
        return write_rows(rows, **kwargs)

    monkeypatch.setattr(imports, "write_rows", write_while_another_confirm_arrives)
    first = client.post(reverse("activities:import_confirm"), {"token": token})
    assert first.status_code == 302
    assert second["response"].status_code == 200
    assert "đã được xác nhận nhập" in second["response"].content.decode()
    assert Activity.objects.count() == 3
    again = client.post(reverse("activities:import_confirm"), {"token": token}, follow=True)
    assert again.status_code == 200 and Activity.objects.count() == 3


def test_two_checks_of_one_file_confirmed_one_after_the_other_do_not_double_rows(
    client_for, officer_ha_quang
):
    first = check_import(xlsx(good_rows(2)), "a.xlsx", by=officer_ha_quang)
    second = check_import(xlsx(good_rows(2)), "a.xlsx", by=officer_ha_quang)
    pending = [imports.save_pending(r, by=officer_ha_quang, data=b"x", name="a") for r in (first, second)]
    assert imports.confirm_pending(pending[0], by=officer_ha_quang) == 2
    with pytest.raises(imports.Conflict):
        imports.confirm_pending(pending[1], by=officer_ha_quang)
    assert Activity.objects.count() == 2


def test_a_likely_duplicate_is_asked_about_before_it_is_imported(client_for, officer_ha_quang, units):
    day = date(2022, 6, 1)
    make_activity(
        officer_ha_quang, units["ha-quang"], day, movement="Vòng tay bạn bè", title="Trao quà huyện"
    )
    client = client_for("officer_ha_quang")
    response = client.post(
        reverse("activities:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx(good_rows(1)))}
    )
    assert response.context["pending"]["duplicate_count"] == 1
    assert "Trao quà huyện" in response.content.decode()
    token = response.context["token"]
    refused = client.post(reverse("activities:import_confirm"), {"token": token})
    assert refused.status_code == 200 and refused.context["duplicate_error"]
    assert Activity.objects.count() == 1
    done = client.post(reverse("activities:import_confirm"), {"token": token, "confirm_duplicate": "1"})
    assert done.status_code == 302 and Activity.objects.count() == 2


# -- what a file may hold -------------------------------------------------------------------------
def csv_bytes(rows, encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
def test_a_csv_not_in_utf8_is_refused_with_how_to_save_it(officer_ha_quang, encoding):
    rows = [["HQ-1", "ha-quang", "2", "", "Trao quà", "01/06/2022", "01/06/2022", "100", "", ""]]
    rows[0][4] = "Trao quà cho trẻ em" if encoding == "cp1258" else "Café façade"
    result = check_import(csv_bytes(rows, encoding), "a.csv", by=officer_ha_quang)
    assert result.errors == [(0, result.errors[0][1])]
    assert "UTF-8" in result.errors[0][1] and "thiếu" not in result.errors[0][1]


def test_a_title_made_only_of_invisible_characters_is_refused(officer_ha_quang):
    rows = good_rows(2)
    rows[0][4] = "\u200b"
    rows[1][4] = "\ufeff \u200b\u2060"
    errors = dict(check_import(xlsx(rows), "a.xlsx", by=officer_ha_quang).errors)
    assert set(errors) == {2, 3}
    assert "tên hoạt động" in errors[2].lower()


def test_a_long_title_is_refused_not_cut_short(officer_ha_quang):
    rows = good_rows(1)
    rows[0][4] = "Trao quà " * 40
    errors = dict(check_import(xlsx(rows), "a.xlsx", by=officer_ha_quang).errors)
    assert "quá 300 ký tự" in errors[2]


def test_the_form_refuses_an_invisible_title_with_the_same_rule(officer_ha_quang, units):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_activity(officer_ha_quang, units["ha-quang"], date(2022, 6, 1), title="\u200b")
    assert "title" in error.value.message_dict


def test_a_file_above_the_row_limit_is_refused_without_reading_it_all(officer_ha_quang, settings):
    settings.IMPORT_MAX_ROWS = 5
    result = check_import(xlsx(good_rows(6)), "a.xlsx", by=officer_ha_quang)
    assert len(result.errors) == 1 and "hơn 5 dòng" in result.errors[0][1]
    assert check_import(xlsx(good_rows(5)), "a.xlsx", by=officer_ha_quang).ok


def test_a_file_above_the_column_limit_is_refused(officer_ha_quang, settings):
    settings.IMPORT_MAX_COLUMNS = len(HEADER) - 1
    result = check_import(xlsx(good_rows(1)), "a.xlsx", by=officer_ha_quang)
    assert "cột" in result.errors[0][1] and "giới hạn" in result.errors[0][1]


def test_an_xlsx_that_unzips_above_the_limit_is_refused(officer_ha_quang, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 2000
    result = check_import(xlsx(good_rows(3)), "a.xlsx", by=officer_ha_quang)
    assert "giải nén" in result.errors[0][1]


def test_a_file_above_the_size_limit_is_refused_by_the_page(client_for, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = client_for("officer_ha_quang").post(
        reverse("activities:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx(good_rows(3)))}
    )
    assert response.status_code == 200
    assert "quá giới hạn" in response.content.decode()
    assert "token" not in response.context


def test_checks_nobody_confirmed_in_time_are_forgotten(officer_ha_quang, settings):
    import os
    import time

    result = check_import(xlsx(good_rows(1)), "a.xlsx", by=officer_ha_quang)
    old = imports.save_pending(result, by=officer_ha_quang, data=b"x", name="a")
    past = time.time() - settings.IMPORT_PENDING_SECONDS - 60
    os.utime(old.path, (past, past))
    imports.save_pending(result, by=officer_ha_quang, data=b"y", name="b")
    assert not old.path.exists()
    assert imports.load_pending(old.token, by=officer_ha_quang) is None
