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
    assert "Dòng 3" in body and "nowhere" in body
    assert "process_import" not in body or 'name="import_file_name"' not in body
    assert not Unit.objects.exists()


def test_the_unit_list_filters_and_searches(admin_client):
    from childprog.resources import import_units, read_dataset

    import_units(read_dataset(UNITS_CSV))
    page = admin_client.get(
        reverse("admin:childprog_unit_changelist"), {"q": "Thông Nông", "validity": "ended"}
    )
    body = page.content.decode()
    assert "thong-nong" in body and "ha-quang-thong-nong" not in body


def test_a_units_parent_cannot_be_changed_in_admin(admin_client):
    from childprog.resources import import_units, read_dataset

    import_units(read_dataset(UNITS_CSV))
    unit = Unit.objects.get(code="hoa-an")
    page = admin_client.get(reverse("admin:childprog_unit_change", args=[unit.pk]))
    assert 'name="parent"' not in page.content.decode()
