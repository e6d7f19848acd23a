"""The core pages: home, the units tree on a date, sign-in, language."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from childprog.models import Role
from tests.conftest import PASSWORD, d, make_user


def shown_codes(response):
    """The unit codes in the tree, in page order."""
    return re.findall(r'data-code="([^"]+)"', response.content.decode())


@pytest.fixture
def reformed_staff(reformed_units):
    """Provincial staff over the reformed units. (The `provincial` persona needs the `units`
    fixture; loading both sets in one test would mix them.)"""
    client = Client()
    client.force_login(make_user("tinh", reformed_units["cao-bang"], Role.PROVINCIAL_STAFF))
    return client


def units_on(client, day=None):
    return client.get(reverse("units"), {"date": day} if day else {})


# -- home ----------------------------------------------------------------------------------------
def test_home_shows_the_users_unit_role_and_place_in_the_tree(client_for):
    response = client_for("grassroots").get(reverse("home"))
    html = response.content.decode()
    assert "Đoàn thị trấn Xuân Hòa" in html
    assert "Cán bộ Đoàn cơ sở" in html
    places = response.context["places"]
    assert [a.code for a in places[0].ancestors] == ["cao-bang", "ha-quang"]
    assert not response.context["read_only"]


def test_home_of_an_officer_whose_unit_ended_says_it_is_read_only(reformed_units):
    officer = make_user("cu", reformed_units["ha-quang"], Role.DISTRICT_OFFICER)
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("home"))
    assert response.context["read_only"]
    assert "Chỉ xem lịch sử" in response.content.decode()
    assert "30/06/2025" in response.content.decode()


def test_home_offers_the_accounts_page_to_managers_only(client_for):
    accounts_url = reverse("accounts:list")
    assert accounts_url in client_for("officer_ha_quang").get(reverse("home")).content.decode()
    steps = client_for("grassroots").get(reverse("home")).context["steps"]
    assert accounts_url not in [s["url"] for s in steps]


def test_anonymous_visitors_are_sent_to_the_vietnamese_login_page(db):
    response = Client().get(reverse("home"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_a_wrong_password_says_so_in_vietnamese(grassroots):
    response = Client().post(reverse("login"), {"username": "xuanhoa", "password": "sai"})
    assert "không đúng" in response.content.decode()


def test_login_then_logout(grassroots):
    client = Client()
    assert client.post(reverse("login"), {"username": "xuanhoa", "password": PASSWORD})["Location"] == "/"
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_the_language_switch_remembers_english(client_for):
    client = client_for("grassroots")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    response = client.get(reverse("home"))
    assert response.context["LANGUAGE_CODE"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_home_takes_a_bounded_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("officer_ha_quang")
    client.get(reverse("home"))  # the unit graph is cached after the first request
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    # A redirect or an error page would pass the count too: the officer's own home page it must be.
    assert response.status_code == 200
    assert "childprog/home.html" in [t.name for t in response.templates]
    assert "Hà Quảng" in response.content.decode()


# -- units on a date -----------------------------------------------------------------------------
def test_before_the_2020_merges_thong_nong_is_under_the_province_and_quang_hoa_is_not_yet(client_for):
    response = units_on(client_for("provincial"), "15/02/2020")
    codes = shown_codes(response)
    assert "thong-nong" in codes and "phuc-hoa" in codes
    assert "quang-hoa" not in codes
    province = response.context["roots"][0]
    assert province.unit.code == "cao-bang"
    assert "thong-nong" in [c.unit.code for c in province.children]


def test_today_quang_hoa_is_there_with_its_history(client_for):
    response = units_on(client_for("provincial"))
    codes = shown_codes(response)
    assert "quang-hoa" in codes and "thong-nong" not in codes
    node = next(c for c in response.context["roots"][0].children if c.unit.code == "quang-hoa")
    assert {p.code for p in node.predecessors} == {"phuc-hoa", "quang-uyen", "tra-linh"}
    assert "29/02/2020" in response.content.decode()


def test_after_the_2025_reform_there_are_no_districts(reformed_staff):
    client = reformed_staff
    response = units_on(client, "01/07/2025")
    kinds = {c.unit.kind for c in response.context["roots"][0].children}
    assert kinds and not kinds & {"district", "city"}
    assert "ha-quang-tt-2025" in shown_codes(response)

    before = shown_codes(units_on(client, "30/06/2025"))
    assert "ha-quang" in before and "ha-quang-tt-2025" not in before


def test_ended_units_are_greyed_with_their_successors(reformed_staff):
    response = units_on(reformed_staff, "15/02/2020")
    html = response.content.decode()
    assert re.search(r'class="unit unit-ended" data-code="thong-nong"', html)
    thong_nong = next(c for c in response.context["roots"][0].children if c.unit.code == "thong-nong")
    assert [(s.code, primary, since) for s, primary, since in thong_nong.successors] == [
        ("ha-quang", True, d("01/03/2020"))
    ]


def test_an_officer_sees_its_subtree_and_the_units_carried_into_it(client_for):
    before = shown_codes(units_on(client_for("officer_ha_quang"), "15/02/2020"))
    assert set(before) == {"ha-quang", "ha-quang-tt", "thong-nong", "thong-nong-tt"}
    today = shown_codes(units_on(client_for("officer_ha_quang")))
    assert set(today) == {"ha-quang", "ha-quang-tt", "ha-quang-thong-nong"}


def test_an_officer_never_sees_another_district(client_for):
    codes = shown_codes(units_on(client_for("officer_quang_hoa"), "15/02/2020"))
    assert "ha-quang" not in codes and "thong-nong" not in codes
    assert {"phuc-hoa", "quang-uyen"} <= set(codes)  # carried into Quảng Hòa later
    assert "tra-linh" not in codes  # its primary successor is Trùng Khánh


def test_a_report_reader_sees_the_province_and_the_units_reporting_to_it(client_for):
    codes = shown_codes(units_on(client_for("reader")))
    assert "cao-bang" in codes and "ha-quang" in codes
    assert "ha-quang-tt" not in codes


def test_a_bad_date_says_how_to_type_it_and_shows_today(client_for):
    response = units_on(client_for("provincial"), "31/02/2020")
    assert "ngày/tháng/năm" in response.content.decode()
    assert "quang-hoa" in shown_codes(response)


def test_an_iso_date_from_a_date_picker_works_too(client_for):
    assert "thong-nong" in shown_codes(units_on(client_for("provincial"), "2020-02-15"))


def test_the_units_page_takes_a_bounded_number_of_queries(reformed_staff, django_assert_max_num_queries):
    client = reformed_staff
    units_on(client)  # the first request builds and caches the unit graph
    with django_assert_max_num_queries(7):
        response = units_on(client, "29/02/2020")
    assert len(shown_codes(response)) > 30


def test_an_officer_of_an_ended_district_is_pointed_to_its_last_day(reformed_units):
    officer = make_user("cu", reformed_units["ha-quang"], Role.DISTRICT_OFFICER)
    client = Client()
    client.force_login(officer)
    response = units_on(client, "01/07/2025")
    assert shown_codes(response) == []
    assert "?date=30/06/2025" in response.content.decode()
    assert "ha-quang" in shown_codes(units_on(client, "30/06/2025"))


def test_a_refusal_is_explained_in_vietnamese_inside_the_portal(client_for, settings):
    settings.DEBUG = False
    response = client_for("reader").get(reverse("activities:create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền làm việc này" in html and 'href="/"' in html


def test_an_unknown_address_gets_a_not_found_page_in_vietnamese(client_for, settings):
    settings.DEBUG = False
    response = client_for("officer_ha_quang").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc dữ liệu này" in response.content.decode()
