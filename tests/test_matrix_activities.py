"""Every page and export of activity records × every persona (tests/matrix.py)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities import imports, resources
from activities.models import Activity
from activities.testing import load_programs, make_activity
from tests.conftest import d
from tests.matrix import Case, base_world, check, expect, matrix

RECORDERS = expect(200, reader=403)
HA_QUANG_ONLY = expect(404, provincial=200, officer_ha_quang=200)
CASES = [
    Case("activity list", lambda w: reverse("activities:list"), RECORDERS),
    Case(
        "list filtered by Hà Quảng",
        lambda w: reverse("activities:list") + f"?unit={w.units['ha-quang'].pk}",
        RECORDERS,
    ),
    Case("xlsx export", lambda w: reverse("activities:export_xlsx"), RECORDERS),
    Case("csv export", lambda w: reverse("activities:export_csv"), RECORDERS),
    Case("record form", lambda w: reverse("activities:create"), RECORDERS),
    Case("indicator fields", lambda w: reverse("activities:indicator_fields"), RECORDERS),
    Case("import page", lambda w: reverse("activities:import"), RECORDERS),
    Case("import template", lambda w: reverse("activities:import_template"), RECORDERS),
    Case("Hà Quảng's record", lambda w: reverse("activities:detail", args=[w.district.pk]), HA_QUANG_ONLY),
    Case("edit Hà Quảng's record", lambda w: reverse("activities:edit", args=[w.district.pk]), HA_QUANG_ONLY),
    Case(
        "delete Hà Quảng's record",
        lambda w: reverse("activities:delete", args=[w.district.pk]),
        HA_QUANG_ONLY,
    ),
    Case(
        "publish Hà Quảng's record",
        lambda w: reverse("activities:publish", args=[w.district.pk]),
        HA_QUANG_ONLY,
    ),
    Case(
        "Thông Nông's 2019 record",
        lambda w: reverse("activities:detail", args=[w.thong_nong.pk]),
        HA_QUANG_ONLY,
    ),
    Case(
        "Xuân Hòa's record",
        lambda w: reverse("activities:detail", args=[w.commune.pk]),
        expect(404, provincial=200, officer_ha_quang=200, grassroots=200),
    ),
    Case(
        "publish Xuân Hòa's record",
        lambda w: reverse("activities:publish", args=[w.commune.pk]),
        expect(404, provincial=200, officer_ha_quang=403, grassroots=403),
    ),
    Case("public news", lambda w: reverse("activities:news"), expect(200, anonymous=200)),
    # A check is confirmed only by its own user, from the session that made it: a token alone,
    # even the checker's own from another browser, writes nothing.
    Case(
        "confirm Hà Quảng officer's checked import by its token (POST)",
        lambda w: reverse("activities:import_confirm"),
        expect(302, reader=403),
        method="post",
        data=lambda w: {"token": w.pending.token},
        effect=lambda w: Activity.objects.count(),
    ),
]


@pytest.fixture
def world(units, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_programs()
    world = base_world(units, personas)
    by = personas["provincial"]
    world.district = make_activity(by, units["ha-quang"], d("01/06/2022"), title="Tết thiếu nhi Hà Quảng")
    world.commune = make_activity(by, units["ha-quang-tt"], d("02/06/2022"), title="Trung thu Xuân Hòa")
    world.thong_nong = make_activity(by, units["thong-nong"], d("10/10/2019"), title="Thông Nông 2019")
    officer = personas["officer_ha_quang"]
    checked = imports.check_import(template_with_one_row(officer), "mau.xlsx", by=officer)
    assert checked.ok, checked.errors
    world.pending = imports.save_pending(checked, by=officer, data=b"x", name="mau.xlsx")
    return world


def template_with_one_row(officer):
    """The import template as the officer downloads it, with one record filled in."""
    workbook = load_workbook(io.BytesIO(resources.import_template(by=officer)))
    sheet = workbook["Hoạt động"]
    for column, value in enumerate(
        ["", "ha-quang", "2. Phúc lợi xã hội", "", "Trao quà Trung thu", "20/09/2022", "20/09/2022", "120"], 1
    ):
        sheet.cell(row=2, column=column, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)
