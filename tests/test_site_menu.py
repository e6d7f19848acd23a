"""The menu on every page: built from <details> so it opens without JavaScript, shows a returned
report to the officer who must fix it, and the site has a favicon (no 404 on every first visit)."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from childprog.guideline import open_period
from reports.models import Report


def returned_report(program, unit):
    period = open_period(program, "quarter", 2019, 2)
    return Report.objects.create(
        period=period, unit=unit, status=Report.Status.RETURNED, return_reason="Bổ sung số liệu nội dung 2."
    )


def test_a_returned_report_shows_on_the_officers_home_page_and_in_the_menu(client_for, units, program):
    report = returned_report(program, units["ha-quang"])
    link = reverse("reports:detail", args=[report.pk])

    home = client_for("officer_ha_quang").get(reverse("home")).content.decode()
    assert "bị trả lại để sửa" in home and "Bổ sung số liệu nội dung 2." in home
    other_page = client_for("officer_ha_quang").get(reverse("activities:list")).content.decode()
    assert re.search(rf'class="attention-badge" href="{link}">1 báo cáo bị trả lại<', other_page)

    # Not for another district, nor once the report is sent again.
    assert "bị trả lại" not in client_for("officer_quang_hoa").get(reverse("home")).content.decode()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    assert "bị trả lại" not in client_for("officer_ha_quang").get(reverse("home")).content.decode()


def test_the_menu_opens_without_javascript(client_for, units):
    page = client_for("officer_ha_quang").get(reverse("home")).content.decode()
    menu = page[page.index('<details class="site-menu"') : page.index("</nav>")]
    # Every area is a <details> with its links inside: no script is needed to reach them.
    assert menu.count("<details") >= 4 and "data-bs-toggle" not in page
    for url in ("activities:create", "reports:index", "plans:list", "units"):
        assert f'href="{reverse(url)}"' in menu


def test_the_public_menu_leads_to_the_news(client, db):
    page = client.get(reverse("activities:news")).content.decode()
    assert f'href="{reverse("activities:news")}"' in page and f'href="{reverse("login")}"' in page


def test_every_page_names_a_favicon_that_exists(client, db):
    page = client.get(reverse("login")).content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert href.endswith("favicon.svg") and finders.find("favicon.svg")


def test_filters_offer_all_rather_than_dashes(client_for, units):
    for url in ("commendations:list", "library:list", "activities:list"):
        page = client_for("provincial").get(reverse(url)).content.decode()
        assert "---------" not in page, url
        assert '<option value="" selected>Tất cả</option>' in page, url
