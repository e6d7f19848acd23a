"""The access matrix of plans, commendations and the library: every page × every persona."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from commendations.models import Commendation
from library.models import Document
from plans.models import Plan
from tests.matrix import Case, base_world, check, expect, matrix

HQ = {"provincial": 200, "officer_ha_quang": 200}


@pytest.fixture
def world(units, personas, program, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = base_world(units, personas)
    world.plan = Plan.objects.create(
        unit=units["ha-quang"], program=program, year=2019, title="Kế hoạch 2019"
    )
    world.plan.file.save("ke-hoach-2019.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.child = Commendation.objects.create(
        unit=units["ha-quang"],
        kind="individual",
        recipient_name="Nông Thị Bé",
        is_child=True,
        child_age=9,
        form="certificate_of_merit",
        decision_number="15-QĐ/HĐTN",
        decision_date=date(2019, 6, 1),
        level="district",
    )
    world.document = Document.objects.create(
        unit=units["ha-quang"],
        kind="KH",
        number="12",
        symbol="HĐTN",
        issued_on=date(2019, 1, 10),
        title="KH",
        text="KẾ HOẠCH",
    )
    world.guideline = Document.objects.create(
        unit=units["cao-bang"],
        kind="HD",
        number="39",
        symbol="TĐTN-BTH",
        issued_on=date(2014, 4, 14),
        title="HD",
        text="HƯỚNG DẪN",
    )
    return world


CASES = [
    # plans
    Case("plan list", lambda w: reverse("plans:list"), expect(200, reader=403)),
    Case("plan create", lambda w: reverse("plans:create"), expect(200, grassroots=403, reader=403)),
    Case("Hà Quảng plan progress", lambda w: reverse("plans:detail", args=[w.plan.pk]), expect(404, **HQ)),
    Case(
        "Hà Quảng plan targets",
        lambda w: reverse("plans:targets", args=[w.plan.pk]),
        expect(404, provincial=403, officer_ha_quang=200),
    ),
    Case(
        "Hà Quảng plan edit",
        lambda w: reverse("plans:edit", args=[w.plan.pk]),
        expect(404, provincial=403, officer_ha_quang=200),
    ),
    Case(
        "Hà Quảng plan delete",
        lambda w: reverse("plans:delete", args=[w.plan.pk]),
        expect(404, provincial=403, officer_ha_quang=302),
        method="post",
        effect=lambda w: Plan.objects.filter(pk=w.plan.pk).exists(),
        changes={"officer_ha_quang"},
    ),
    Case("Hà Quảng plan's document", lambda w: reverse("plans:file", args=[w.plan.pk]), expect(404, **HQ)),
    Case(
        "copy Hà Quảng's 2019 targets into 2020 (POST)",
        lambda w: reverse("plans:copy"),
        expect(302),
        method="post",
        data=lambda w: {"unit": w.units["ha-quang"].pk, "year": 2020},
        effect=lambda w: Plan.objects.filter(unit=w.units["ha-quang"], year=2020).exists(),
        changes={"officer_ha_quang"},  # provincial staff plan for the province, a district for itself
    ),
    Case("districts overview", lambda w: reverse("plans:overview"), expect(403, provincial=200)),
    # commendations
    Case("commendation list", lambda w: reverse("commendations:list"), expect(200)),
    Case("commendation export", lambda w: reverse("commendations:export"), expect(200)),
    Case("commendation create", lambda w: reverse("commendations:create"), expect(200, reader=403)),
    Case(
        "child's commendation",
        lambda w: reverse("commendations:detail", args=[w.child.pk]),
        expect(404, **HQ),
    ),
    Case(
        "child's commendation edit",
        lambda w: reverse("commendations:edit", args=[w.child.pk]),
        expect(404, **HQ),
    ),
    Case(
        "child's data erase",
        lambda w: reverse("commendations:erase", args=[w.child.pk]),
        expect(404, provincial=302, officer_ha_quang=302),
        method="post",
        effect=lambda w: (
            Commendation.objects.filter(pk=w.child.pk).values_list("recipient_name", flat=True).first()
        ),
        changes={"provincial", "officer_ha_quang"},
    ),
    Case(
        "commendation delete",
        lambda w: reverse("commendations:delete", args=[w.child.pk]),
        expect(404, provincial=302, officer_ha_quang=302),
        method="post",
        effect=lambda w: Commendation.objects.filter(pk=w.child.pk).exists(),
        changes={"provincial", "officer_ha_quang"},
    ),
    Case(
        "library delete",
        lambda w: reverse("library:delete", args=[w.document.pk]),
        expect(403, officer_ha_quang=302, officer_quang_hoa=404, reader=404),
        method="post",
        effect=lambda w: Document.objects.filter(pk=w.document.pk).exists(),
        changes={"officer_ha_quang"},
    ),
    Case(
        "the province's guideline file",
        lambda w: reverse("library:file", args=[w.guideline.pk]),
        expect(404),  # the guideline is kept as text: it has no file
    ),
    # library
    Case("library list", lambda w: reverse("library:list"), expect(200)),
    # Hà Quảng's own document is read in its subtree and above it; the province's by everyone.
    Case(
        "library document",
        lambda w: reverse("library:detail", args=[w.document.pk]),
        expect(200, officer_quang_hoa=404, reader=404),
    ),
    Case(
        "library Word file",
        lambda w: reverse("library:word", args=[w.document.pk]),
        expect(200, officer_quang_hoa=404, reader=404),
    ),
    Case(
        "the province's guideline",
        lambda w: reverse("library:detail", args=[w.guideline.pk]),
        expect(200),
    ),
    Case("library upload", lambda w: reverse("library:create"), expect(200, grassroots=403, reader=403)),
    Case(
        "Hà Quảng document edit",
        lambda w: reverse("library:edit", args=[w.document.pk]),
        expect(403, officer_ha_quang=200, officer_quang_hoa=404, reader=404),
    ),
]


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)
