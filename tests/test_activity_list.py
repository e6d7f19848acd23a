"""The list of records: filters, diacritic-blind search, Vietnamese sorting, totals, exports,
scoped by the one visibility rule, with query counts that do not grow with the records."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.testing import load_programs, make_activity
from childprog.guideline import open_period
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programs(units):
    return load_programs()


def titles(response):
    return [a.title for a in response.context["page"]]


def test_search_ignores_diacritics(client_for, provincial, units):
    make_activity(provincial, units["ha-quang"], d("01/06/2022"), title="Ngày hội thiếu nhi")
    make_activity(provincial, units["hoa-an"], d("01/06/2022"), title="Đêm hội trăng rằm")
    client = client_for("provincial")
    assert titles(client.get(reverse("activities:list"), {"q": "ha quang"})) == ["Ngày hội thiếu nhi"]
    assert titles(client.get(reverse("activities:list"), {"q": "dem hoi trang ram"})) == ["Đêm hội trăng rằm"]
    assert titles(client.get(reverse("activities:list"), {"q": "ĐÊM HỘI"})) == ["Đêm hội trăng rằm"]


def test_sorting_follows_the_vietnamese_alphabet(client_for, provincial, units):
    for title in ["Đêm hội", "Dạy kỹ năng", "Ăn Tết", "Anh hùng nhí", "Ông già Noel"]:
        make_activity(provincial, units["ha-quang"], d("01/06/2022"), title=title)
    response = client_for("provincial").get(reverse("activities:list"), {"sort": "title"})
    assert titles(response) == ["Anh hùng nhí", "Ăn Tết", "Dạy kỹ năng", "Đêm hội", "Ông già Noel"]


def test_filters_by_area_movement_target_group_and_period(client_for, provincial, units):
    make_activity(
        provincial,
        units["ha-quang"],
        d("01/06/2022"),
        title="A",
        number=4,
        movement="Sân chơi ngày hè",
        figures={("children", None): 50, ("children", "poor"): 10},
    )
    make_activity(provincial, units["ha-quang"], d("01/06/2023"), title="B", number=2)
    period = open_period(load_programs()[1], "year", 2022)
    client = client_for("provincial")
    url = reverse("activities:list")
    assert titles(client.get(url, {"content_area": 4})) == ["A"]
    assert titles(client.get(url, {"movement": "Sân chơi ngày hè"})) == ["A"]
    assert titles(client.get(url, {"target_group": "poor"})) == ["A"]
    assert titles(client.get(url, {"period": period.pk})) == ["A"]
    assert titles(client.get(url, {"date_from": "01/01/2023", "date_to": "31/12/2023"})) == ["B"]


def test_ha_quangs_officer_finds_thong_nongs_2019_records(client_for, provincial, units):
    make_activity(provincial, units["thong-nong"], d("10/10/2019"), title="Trung thu Thông Nông")
    make_activity(provincial, units["hoa-an"], d("10/10/2019"), title="Trung thu Hòa An")
    client = client_for("officer_ha_quang")
    url = reverse("activities:list")
    assert titles(client.get(url)) == ["Trung thu Thông Nông"]
    assert titles(client.get(url, {"unit": units["ha-quang"].pk, "subtree": "1"})) == ["Trung thu Thông Nông"]
    assert titles(client.get(url, {"unit": units["ha-quang"].pk, "subtree": "0"})) == []


def test_another_districts_unit_is_not_a_filter_choice(client_for, units):
    response = client_for("officer_ha_quang").get(reverse("activities:list"), {"unit": units["hoa-an"].pk})
    assert "unit" in response.context["filter"].form.errors


def test_totals_of_the_filtered_records_are_shown(client_for, provincial, units):
    make_activity(
        provincial,
        units["ha-quang"],
        d("01/06/2022"),
        figures={("children", None): 100, ("money", None): 1_500_000},
    )
    make_activity(provincial, units["ha-quang"], d("02/06/2022"), figures={("children", None): 20})
    make_activity(provincial, units["hoa-an"], d("02/06/2022"), figures={("children", None): 7})
    response = client_for("provincial").get(reverse("activities:list"), {"q": "ha quang"})
    totals = {t["code"]: t["total"] for t in response.context["totals"]}
    assert totals == {"children": 120, "money": 1_500_000}
    assert "1.500.000 đ" in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_query_count_does_not_grow_with_records(
    client_for, provincial, units, count, django_assert_max_num_queries
):
    from activities.imports import bulk_create_records
    from activities.models import Activity
    from activities.testing import area_on

    area = area_on(d("01/06/2022"), 2)
    bulk_create_records(
        [
            Activity(
                program=area.program,
                unit=units["ha-quang-tt"],
                content_area=area,
                title=f"Hoạt động {i}",
                start_date=d("01/06/2022"),
                end_date=d("01/06/2022"),
            )
            for i in range(count)
        ],
        [{} for _ in range(count)],
        by=provincial,
    )
    client = client_for("officer_ha_quang")
    client.get(reverse("activities:list"))  # warm the unit graph cache
    with django_assert_max_num_queries(15):
        response = client.get(reverse("activities:list"), {"q": "hoat dong", "content_area": 2})
    assert response.context["count"] == count


def test_exports_hold_the_filtered_records_with_numbers_and_dates(client_for, provincial, units):
    make_activity(
        provincial, units["ha-quang"], d("01/06/2022"), title="Trung thu", figures={("children", None): 1200}
    )
    make_activity(provincial, units["hoa-an"], d("01/06/2022"), title="Hòa An")
    client = client_for("officer_ha_quang")
    response = client.get(reverse("activities:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 2
    assert "Tên hoạt động" in header and "Ngày kết thúc" in header
    row = dict(zip(header, rows[1], strict=True))
    assert row["Tên hoạt động"] == "Trung thu"
    assert row["Số trẻ em được hưởng lợi"] == 1200
    assert row["Ngày kết thúc"].date() == d("01/06/2022")
    response = client.get(reverse("activities:export_csv"), {"q": "trung thu"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and "01/06/2022" in rows[1]


def test_a_report_reader_sees_no_records(client_for):
    assert client_for("reader").get(reverse("activities:list")).status_code == 403
    assert client_for("reader").get(reverse("activities:export_xlsx")).status_code == 403


def children_total(client, **params):
    response = client.get(reverse("activities:list"), params)
    return response.context["count"], {t["code"]: t["total"] for t in response.context["totals"]}.get(
        "children"
    )


def test_the_count_and_totals_follow_every_write_at_once(client_for, provincial, units):
    from activities.services import RecordData, delete_activity, update_activity

    client = client_for("provincial")
    first = make_activity(provincial, units["ha-quang"], d("01/06/2022"), figures={("children", None): 100})
    assert children_total(client) == (1, 100)
    second = make_activity(provincial, units["hoa-an"], d("02/06/2022"), figures={("children", None): 7})
    assert children_total(client) == (2, 107)
    data = RecordData(
        unit=first.unit,
        content_area=first.content_area,
        movement=None,
        title=first.title,
        start_date=first.start_date,
        end_date=first.end_date,
        place="",
        description="",
        figures={("children", None): 40},
    )
    update_activity(first, by=provincial, expected_version=first.version, data=data, confirm_duplicate=True)
    assert children_total(client) == (2, 47)
    delete_activity(second, by=provincial)
    assert children_total(client) == (1, 40)
    # Each reader and each filter has its own figures.
    assert children_total(client_for("officer_ha_quang")) == (1, 40)
    assert children_total(client, q="hoa an") == (0, None)


def test_a_second_view_of_the_list_does_not_sum_the_records_again(
    client_for, provincial, units, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for day in ("01/06/2022", "02/06/2022", "03/06/2022"):
        make_activity(provincial, units["ha-quang"], d(day), figures={("children", None): 10})
    client = client_for("officer_ha_quang")
    client.get(reverse("activities:list"), {"sort": "title"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("activities:list"), {"page": "1"})
    assert response.context["count"] == 3
    assert {t["code"]: t["total"] for t in response.context["totals"]}["children"] == 30
    sqls = [q["sql"] for q in captured]
    assert not [sql for sql in sqls if "SUM(" in sql.upper()]
    assert not [sql for sql in sqls if 'COUNT(*) AS "__count" FROM "activities_activity"' in sql]


def test_a_records_page_with_its_change_history_stays_within_15_queries(
    client_for, provincial, officer_ha_quang, units, django_assert_max_num_queries
):
    activity = make_activity(provincial, units["ha-quang"], d("01/06/2022"), figures={("children", None): 10})
    for title in ("Trung thu 2022", "Trung thu 2022 (sửa)", "Trung thu 2022 tại Xuân Hòa"):
        activity.title, activity.updated_by, activity._history_user = (
            title,
            officer_ha_quang,
            officer_ha_quang,
        )
        activity.save()  # each save adds a row to the record's history
    client = client_for("officer_ha_quang")
    client.get(reverse("activities:detail", args=[activity.pk]))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("activities:detail", args=[activity.pk]))
    assert response.status_code == 200 and "Trung thu 2022 tại Xuân Hòa" in response.content.decode()
