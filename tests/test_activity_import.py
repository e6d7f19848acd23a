"""Importing records from XLSX/CSV: template, all-or-nothing with row numbers and reasons,
a preview before confirming, idempotent, Vietnamese numbers."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from activities.models import Activity
from activities.resources import check_import, import_activities
from activities.testing import load_programs

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
