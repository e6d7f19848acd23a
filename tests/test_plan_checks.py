"""A plan's page reads right before its year starts, a row reads 100 % only once its target is met,
and a target no unit of Cao Bằng can mean is refused with the limit named."""

from datetime import date

import time_machine
from django.urls import reverse

from childprog.models import Indicator
from plans.models import Target
from plans.progress import BEHIND, DONE, ProgressRow
from tests.test_plans import make_plan


def test_a_plan_of_next_year_says_it_has_not_started(client_for, units, program):
    plan = make_plan(units["ha-quang"], program, 2020, {("children", None, None): 1000})
    with time_machine.travel(date(2019, 12, 2)):
        page = client_for("officer_ha_quang").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Kế hoạch từ 01/01/2020 đến 31/12/2020, chưa bắt đầu" in page
    assert "đến 02/12/2019" not in page


def test_a_row_just_short_of_its_target_reads_99_percent_and_behind():
    row = ProgressRow(1, None, "", target=1000, actual=996, share=1.0)
    assert (row.percent, row.pace_percent, row.status) == (99, 99, BEHIND)
    met = ProgressRow(1, None, "", target=1000, actual=1000, share=1.0)
    assert (met.percent, met.status) == (100, DONE)


def test_an_implausible_target_is_refused_and_kept_as_typed(client_for, units, program):
    plan = make_plan(units["ha-quang"], program, 2019, {})
    children = Indicator.objects.get(program=program, code="children")
    money = Indicator.objects.get(program=program, code="money")
    url = reverse("plans:targets", args=[plan.pk])
    client = client_for("officer_ha_quang")

    response = client.post(url, {f"t_{children.pk}_0": "1.000.000.000", f"t_{money.pk}_0": "150.000.000"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "1.000.000.000 là quá lớn cho chỉ tiêu “Số trẻ em được hưởng lợi” (tối đa 1.000.000)" in page
    assert 'value="1.000.000.000"' in page
    assert not Target.objects.filter(plan=plan).exists()  # nothing saved, the money target neither
    # A large sum of money is plausible; so are the province's children.
    client.post(url, {f"t_{children.pk}_0": "60.000", f"t_{money.pk}_0": "1.500.000.000"})
    assert sorted(Target.objects.filter(plan=plan).values_list("value", flat=True)) == [60_000, 1_500_000_000]


def test_a_report_reader_is_refused_the_plans(client_for, units):
    assert client_for("reader").get(reverse("plans:list")).status_code == 403
    assert client_for("officer_ha_quang").get(reverse("plans:list")).status_code == 200
