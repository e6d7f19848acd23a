"""Admins import units through Django admin (django-import-export): preview, then confirm."""

import re

import pytest
from django.urls import reverse

from childprog.models import Unit, User

from .conftest import UNITS_CSV


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser("quantri", "qt@example.vn", "x")
    client.force_login(admin)
    return client


def upload(client, path):
    url = reverse("admin:childprog_unit_import")
    page = client.get(url)
    csv_choice = re.search(r'<option value="(\d+)">csv</option>', page.content.decode()).group(1)
    with open(path, "rb") as fh:
        return client.post(url, {"import_file": fh, "format": csv_choice, "resource": "0"})


def test_the_admin_previews_then_confirms_the_units_file(admin_client):
    preview = upload(admin_client, UNITS_CSV)
    assert preview.status_code == 200
    assert not Unit.objects.exists(), "a preview saves nothing"
    body = preview.content.decode()
    assert "Huyện Đoàn Quảng Hòa" in body
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', body))
    confirm = admin_client.post(reverse("admin:childprog_unit_process_import"), form)
    assert confirm.status_code == 302
    assert Unit.objects.count() == 45


def test_the_admin_shows_each_bad_rows_line_and_reason_and_saves_nothing(admin_client, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,kind,parent_code,valid_from,valid_to,successor_codes,note\n"
        "p,P,province,,2013-01-01,,,\n"
        "a,A,district,nowhere,2013-01-01,,,\n",
        encoding="utf-8",
    )
    response = upload(admin_client, bad)
    body = response.content.decode()
    assert '<td class="line">3</td>' in body and "nowhere" in body
    assert "process_import" not in body or 'name="import_file_name"' not in body
    assert not Unit.objects.exists()


def test_the_unit_list_filters_and_searches(admin_client):
    from childprog.resources import import_units, read_dataset

    import_units(read_dataset(UNITS_CSV))
    page = admin_client.get(
        reverse("admin:childprog_unit_changelist"), {"q": "Thông Nông", "validity": "ended"}
    )
    codes = re.findall(r'<td class="field-code">([^<]*)</td>', page.content.decode())
    assert "thong-nong" in codes and "ha-quang-thong-nong" not in codes


def test_a_units_parent_cannot_be_changed_in_admin(admin_client):
    from childprog.resources import import_units, read_dataset

    import_units(read_dataset(UNITS_CSV))
    unit = Unit.objects.get(code="hoa-an")
    page = admin_client.get(reverse("admin:childprog_unit_change", args=[unit.pk]))
    assert 'name="parent"' not in page.content.decode()


# -- added: the admin's unit pages as careful as the portal ----------------------------------------
import io  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from childprog.models import Succession  # noqa: E402
from childprog.resources import import_units, read_dataset  # noqa: E402

from .conftest import REFORM_CSV  # noqa: E402

MISSING_COLUMNS = "code,name,kind\nx1,Đoàn X,commune\n"


def test_a_file_missing_required_columns_is_refused_in_vietnamese_in_the_admin(admin_client, tmp_path):
    bad = tmp_path / "thieu-cot.csv"
    bad.write_text(MISSING_COLUMNS, encoding="utf-8")
    response = upload(admin_client, bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thiếu cột: parent_code, valid_from, valid_to." in body
    assert "Traceback" not in body
    assert 'name="import_file_name"' not in body, "nothing to confirm"
    assert not Unit.objects.exists()


def test_import_units_refuses_a_file_missing_required_columns_in_vietnamese(db, tmp_path):
    bad = tmp_path / "thieu-cot.csv"
    bad.write_text(MISSING_COLUMNS, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_units", str(bad), stderr=err, stdout=io.StringIO())
    assert "Thiếu cột: parent_code, valid_from, valid_to." in err.getvalue()
    assert not Unit.objects.exists()


def preview_rows(body):
    table = re.search(
        r'<table class="import-preview" id="unit-import-preview">(.*?)</table>', body, re.S
    ).group(1)
    heads = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th>(.*?)</th>", table, re.S)]
    rows = []
    for tr in re.findall(r'<tr class="\w+">(.*?)</tr>', table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append(dict(zip(heads, cells, strict=True)))
    return heads, rows


def test_the_reform_preview_numbers_rows_by_file_line_and_shows_successors(admin_client):
    import_units(read_dataset(UNITS_CSV))
    body = upload(admin_client, REFORM_CSV).content.decode()
    assert "Thêm 25, cập nhật 35, không đổi 0." in body
    heads, rows = preview_rows(body)
    assert heads[0] == "Dòng trong tệp" and "successor_codes" in heads
    assert "Row" not in heads and "Hàng" not in heads
    by_code = {r["code"]: r for r in rows}
    # Line 12 of the file, whatever place the parents-first order gives the row.
    assert by_code["tp-song-bang"]["Dòng trong tệp"] == "12"
    assert by_code["tp-song-bang"]["successor_codes"] == "tp-song-bang-2025"
    assert sum(1 for r in rows if r["successor_codes"]) == 25
    assert sorted(int(r["Dòng trong tệp"]) for r in rows) == list(range(2, 62))


def test_a_bad_rows_line_is_the_files_line_only(admin_client, tmp_path):
    bad = tmp_path / "bad.csv"
    # The child comes first in the file: the parents-first order would number it 2nd.
    bad.write_text(
        "code,name,kind,parent_code,valid_from,valid_to,successor_codes,note\n"
        "c,Đoàn C,commune,p,2013-01-01,,,\n"
        "p,Tỉnh Đoàn,province,,2013-01-01,,,\n"
        "x,Đoàn X,hamlet,p,2013-01-01,,,\n",
        encoding="utf-8",
    )
    body = upload(admin_client, bad).content.decode()
    table = re.search(
        r'<table class="import-preview" id="unit-import-errors">(.*?)</table>', body, re.S
    ).group(1)
    lines = re.findall(r'<td class="line">(\d+)</td>', table)
    assert lines == ["4"]
    assert "hamlet" in table
    assert "<th>Row</th>" not in body


def test_the_unit_picker_tells_rows_of_the_same_name_apart(admin_client):
    import_units(read_dataset(UNITS_CSV))
    import_units(read_dataset(REFORM_CSV))
    url = reverse("admin:autocomplete")
    found = admin_client.get(
        url,
        {
            "term": "Sông Bằng",
            "app_label": "childprog",
            "model_name": "succession",
            "field_name": "successor",
        },
    ).json()["results"]
    texts = sorted(r["text"] for r in found)
    assert texts == [
        "Đoàn phường Sông Bằng (tp-song-bang) · 01/01/2013–30/06/2025 · thuộc Thành Đoàn Cao Bằng",
        "Đoàn phường Sông Bằng (tp-song-bang-2025) · từ 01/07/2025 · thuộc Tỉnh Đoàn Cao Bằng",
    ]


def test_a_users_new_place_is_picked_among_current_units_only(admin_client):
    import_units(read_dataset(UNITS_CSV))
    import_units(read_dataset(REFORM_CSV))
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Sông Bằng", "app_label": "childprog", "model_name": "membership", "field_name": "unit"},
    ).json()["results"]
    assert [r["text"].split(" · ")[0] for r in found] == ["Đoàn phường Sông Bằng (tp-song-bang-2025)"]


def test_the_units_list_shows_level_and_successors_with_todays_tree_first(admin_client):
    import_units(read_dataset(UNITS_CSV))
    import_units(read_dataset(REFORM_CSV))
    body = admin_client.get(reverse("admin:childprog_unit_changelist"), {"all": ""}).content.decode()
    assert 'class="column-level"' in body and 'class="column-successor_list"' in body
    codes = re.findall(r'<td class="field-code">([^<]*)</td>', body)
    current = {u.code for u in Unit.objects.filter(valid_to__isnull=True)}
    assert len(current) == 26 and len(codes) == Unit.objects.count() == 70
    # Every current row comes before every ended one.
    assert set(codes[: len(current)]) == current
    row = re.search(r'<td class="field-code">tp-song-bang</td>.*?</tr>', body, re.S).group(0)
    assert "tp-song-bang-2025" in row and "Cơ sở" in row


def test_the_unit_form_starts_with_code_name_kind_and_parent(admin_client):
    body = admin_client.get(reverse("admin:childprog_unit_add")).content.decode()
    order = [
        m
        for m in re.findall(r'name="(\w+)"', body)
        if m in {"code", "name", "kind", "parent", "note", "valid_from"}
    ]
    assert order[:4] == ["code", "name", "kind", "parent"]
    assert order.index("valid_from") < order.index("note")


def test_the_units_section_comes_first_on_the_admin_index(admin_client):
    body = admin_client.get(reverse("admin:index")).content.decode()
    models = re.findall(r'<tr class="model-(\w+)', body)
    assert models[0] == "unit"
    assert body.index('class="app-childprog') < body.index('class="app-activities')
    assert "Theo dõi đăng nhập" in body and ">Axes<" not in body


def test_the_xlsx_export_names_its_sheet_shows_kind_labels_and_reimports_unchanged(admin_client, tmp_path):
    import_units(read_dataset(UNITS_CSV))
    import_units(read_dataset(REFORM_CSV))
    url = reverse("admin:childprog_unit_export")
    page = admin_client.get(url).content.decode()
    xlsx = re.search(r'<option value="(\d+)">xlsx</option>', page).group(1)
    response = admin_client.post(
        url,
        {
            "format": xlsx,
            "resource": "0",
            **{
                f"unitresource_{c}": "on"
                for c in (
                    "code",
                    "name",
                    "kind",
                    "parent_code",
                    "valid_from",
                    "valid_to",
                    "successor_codes",
                    "note",
                    "heading",
                    "symbol",
                )
            },
        },
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Đơn vị"
    header = [c.value for c in sheet[1]]
    kinds = {row[header.index("kind")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Đoàn xã" in kinds and "commune" not in kinds
    path = tmp_path / "units.xlsx"
    path.write_bytes(content)
    links = Succession.objects.count()
    result, errors = import_units(read_dataset(path))
    assert not errors
    assert (result.totals["new"], result.totals["update"]) == (0, 0)
    assert Succession.objects.count() == links
