"""The targets grid re-renders what was typed after an error, so saving again keeps "2.000" as
two thousand (STYLE: "the form re-renders with what was typed")."""

from django.urls import reverse

from childprog.models import Indicator
from plans.models import Plan


def test_a_refused_grid_keeps_the_numbers_as_typed(client_for, units, program):
    plan = Plan.objects.create(unit=units["ha-quang"], program=program, year=2019, title="Kế hoạch 2019")
    children = Indicator.objects.get(program=program, code="children")
    gifts = Indicator.objects.get(program=program, code="gifts")

    response = client_for("officer_ha_quang").post(
        reverse("plans:targets", args=[plan.pk]),
        {f"t_{children.pk}_0": "2.000", f"t_{gifts.pk}_0": "nhiều"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="2.000"' in page and 'value="nhiều"' in page


def test_saved_targets_show_in_vietnamese_format(client_for, units, program):
    plan = Plan.objects.create(unit=units["ha-quang"], program=program, year=2019, title="Kế hoạch 2019")
    money = Indicator.objects.get(program=program, code="money")
    client = client_for("officer_ha_quang")
    client.post(reverse("plans:targets", args=[plan.pk]), {f"t_{money.pk}_0": "150.000.000"})

    assert 'value="150.000.000"' in client.get(reverse("plans:targets", args=[plan.pk])).content.decode()
